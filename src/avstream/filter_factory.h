// SPDX-License-Identifier: MIT
// The filter factory (KSFILTERFACTORY): one filter descriptor, its reference string, its device interfaces and its open
// filters.
#pragma once

#include <openks/driver.h>

#include <atomic>
#include <list>
#include <string>
#include <vector>

#include "avstream/object.h"

namespace openks::avstream {

class Device;
class Filter;

// One KSFILTERFACTORY: opens filters whose create name is its reference
// string.  Owned by its Device.  The descriptor is validated once, at
// creation (validateFilterDescriptor), so later code may trust its shape.
//
// Threads: the filter list is guarded by the device's hierarchyMutex().
class FilterFactory final : public KsObject {
public:
    // KsCreateFilterFactory: validates `descriptor`, registers one device
    // interface per category (reference string `refString`, or the
    // ReferenceGuid as "{xxxxxxxx-...}" text) and links the factory to the
    // device.  Device classes are enabled at the end of START, or at once
    // when `enableNow`.  STATUS_INVALID_PARAMETER for a descriptor that
    // breaks the DDI's rules (logged), or the io layer's status.
    static NTSTATUS create(Device* device, const KSFILTER_DESCRIPTOR* descriptor, const char16_t* refString,
                           FilterFactory** factory);

    static FilterFactory* fromPublic(const KSFILTERFACTORY* factory);

    PKSFILTERFACTORY ks() { return &block_.ks; }
    Device* owner() const { return device_; }
    const KSFILTER_DESCRIPTOR* descriptor() const { return block_.ks.FilterDescriptor; }
    const std::u16string& referenceString() const { return referenceString_; }
    // The symbolic link of the first category's interface (empty UNICODE_STRING when none).
    PUNICODE_STRING symbolicLink();
    std::vector<std::u16string> symbolicLinks() const;

    // KsFilterFactorySetDeviceClassesState.
    NTSTATUS setDeviceClassesState(bool enable);
    bool classesEnabled() const { return classesEnabled_.load(std::memory_order_acquire); }
    // KsFilterFactoryAddCreateItem: one more reference string this factory answers to.
    NTSTATUS addCreateItem(const char16_t* name);
    bool matches(const char16_t* name, size_t length) const;

    // IRP_MJ_CREATE for a filter of this factory on `file`.
    NTSTATUS createFilter(PIRP irp, PFILE_OBJECT file);
    // Filter list (device hierarchyMutex() inside).
    void linkFilter(Filter* filter);
    void unlinkFilter(Filter* filter);
    Filter* firstFilter();
    Filter* nextFilter(const Filter* filter);
    size_t filterCount();

    KsObject* firstChild() override;
    KsObject* nextSibling() override;
    std::mutex& controlMutex() override;

    ~FilterFactory() override;

private:
    FilterFactory(Device* device, const KSFILTER_DESCRIPTOR* descriptor, std::u16string referenceString);

    PublicBlock<KSFILTERFACTORY> block_;
    Device* device_;
    std::u16string referenceString_;
    std::vector<std::u16string> extraNames_;
    std::vector<UNICODE_STRING> links_;  // from IoRegisterDeviceInterface; freed with RtlFreeUnicodeString
    std::atomic<bool> classesEnabled_{false};
    std::list<Filter*> filters_;  // guarded by the device's hierarchyMutex()
};

// Checks a filter descriptor against the DDI's rules (version, pin
// descriptor size, every data range's FormatSize a multiple of 8, ...).
// Returns STATUS_SUCCESS or STATUS_INVALID_PARAMETER with `reason` set.
NTSTATUS validateFilterDescriptor(const KSFILTER_DESCRIPTOR* descriptor, std::string* reason);
// The same rules for one pin descriptor (KsFilterCreatePinFactory); `pinId` names it in `reason`.
NTSTATUS validatePinDescriptor(const KSPIN_DESCRIPTOR_EX* pin, ULONG pinId, std::string* reason);

// "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" (upper case, as RtlStringFromGUID).
std::u16string guidText(const GUID& guid);

// Case-insensitive (ASCII) comparison of two UTF-16 strings.
bool equalNoCase(const char16_t* a, size_t aLength, const char16_t* b, size_t bLength);

}  // namespace openks::avstream
