// SPDX-License-Identifier: MIT
// Filter factories: descriptor validation, device interfaces per category, and the filter-factory DDI.
#include "avstream/filter_factory.h"

#include <algorithm>
#include <cstdio>
#include <new>

#include "avstream/device.h"
#include "avstream/filter.h"
#include "avstream/log.h"

namespace openks::avstream {

namespace {

bool multipleOf8(ULONG value)
{
    return (value & 7u) == 0;
}

NTSTATUS refuse(std::string* reason, const std::string& text)
{
    if (reason != nullptr) {
        *reason = text;
    }
    return STATUS_INVALID_PARAMETER;
}

NTSTATUS validateRanges(ULONG pinId, const char* what, ULONG count, const PKSDATARANGE* ranges, std::string* reason)
{
    if (count != 0 && ranges == nullptr) {
        return refuse(reason, "pin " + std::to_string(pinId) + ": " + what + " count " + std::to_string(count) +
                                  " with a null array");
    }
    for (ULONG r = 0; r < count; ++r) {
        const KSDATARANGE* range = ranges[r];
        if (range == nullptr) {
            return refuse(reason, "pin " + std::to_string(pinId) + ": " + what + "[" + std::to_string(r) + "] is null");
        }
        if (range->FormatSize < sizeof(KSDATARANGE) || !multipleOf8(range->FormatSize)) {
            return refuse(reason, "pin " + std::to_string(pinId) + ": " + what + "[" + std::to_string(r) +
                                      "] FormatSize " + std::to_string(range->FormatSize) +
                                      " is not a multiple of 8 of at least 64");
        }
    }
    return STATUS_SUCCESS;
}

}  // namespace

NTSTATUS validateFilterDescriptor(const KSFILTER_DESCRIPTOR* d, std::string* reason)
{
    if (d == nullptr) {
        return refuse(reason, "null filter descriptor");
    }
    if (d->Version != KSFILTER_DESCRIPTOR_VERSION) {
        return refuse(reason, "Version is not KSFILTER_DESCRIPTOR_VERSION");
    }
    if (d->ReferenceGuid == nullptr) {
        return refuse(reason, "null ReferenceGuid");
    }
    if (d->PinDescriptorsCount != 0) {
        if (d->PinDescriptors == nullptr) {
            return refuse(reason, "PinDescriptorsCount with a null PinDescriptors");
        }
        if (d->PinDescriptorSize < sizeof(KSPIN_DESCRIPTOR_EX) || !multipleOf8(d->PinDescriptorSize)) {
            return refuse(reason, "PinDescriptorSize " + std::to_string(d->PinDescriptorSize) +
                                      " is not a multiple of 8 of at least sizeof(KSPIN_DESCRIPTOR_EX)");
        }
    }
    for (ULONG p = 0; p < d->PinDescriptorsCount; ++p) {
        const auto* pin = reinterpret_cast<const KSPIN_DESCRIPTOR_EX*>(
            reinterpret_cast<const uint8_t*>(d->PinDescriptors) + static_cast<size_t>(p) * d->PinDescriptorSize);
        NTSTATUS status = validatePinDescriptor(pin, p, reason);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    if (d->CategoriesCount != 0 && d->Categories == nullptr) {
        return refuse(reason, "CategoriesCount with a null Categories");
    }
    if (d->NodeDescriptorsCount != 0) {
        if (d->NodeDescriptors == nullptr) {
            return refuse(reason, "NodeDescriptorsCount with a null NodeDescriptors");
        }
        if (d->NodeDescriptorSize < sizeof(KSNODE_DESCRIPTOR) || !multipleOf8(d->NodeDescriptorSize)) {
            return refuse(reason, "NodeDescriptorSize is not a multiple of 8 of at least sizeof(KSNODE_DESCRIPTOR)");
        }
    }
    if (d->ConnectionsCount != 0 && d->Connections == nullptr) {
        return refuse(reason, "ConnectionsCount with a null Connections");
    }
    for (ULONG c = 0; c < d->ConnectionsCount; ++c) {
        const KSTOPOLOGY_CONNECTION& connection = d->Connections[c];
        for (ULONG node : {connection.FromNode, connection.ToNode}) {
            if (node != KSFILTER_NODE && node >= d->NodeDescriptorsCount) {
                return refuse(reason, "connection " + std::to_string(c) + " names node " + std::to_string(node) +
                                          " beyond NodeDescriptorsCount");
            }
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS validatePinDescriptor(const KSPIN_DESCRIPTOR_EX* pin, ULONG p, std::string* reason)
{
    const KSPIN_DESCRIPTOR& k = pin->PinDescriptor;
    if ((k.InterfacesCount != 0 && k.Interfaces == nullptr) || (k.MediumsCount != 0 && k.Mediums == nullptr)) {
        return refuse(reason, "pin " + std::to_string(p) + ": interface or medium count with a null array");
    }
    if (k.DataFlow != KSPIN_DATAFLOW_IN && k.DataFlow != KSPIN_DATAFLOW_OUT) {
        return refuse(reason, "pin " + std::to_string(p) + ": DataFlow is neither IN nor OUT");
    }
    NTSTATUS status = validateRanges(p, "DataRanges", k.DataRangesCount, k.DataRanges, reason);
    if (NT_SUCCESS(status)) {
        status =
            validateRanges(p, "ConstrainedDataRanges", k.ConstrainedDataRangesCount, k.ConstrainedDataRanges, reason);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (pin->InstancesPossible != KSINSTANCE_INDETERMINATE && pin->InstancesNecessary > pin->InstancesPossible) {
        return refuse(reason, "pin " + std::to_string(p) + ": InstancesNecessary above InstancesPossible");
    }
    return STATUS_SUCCESS;
}

std::u16string guidText(const GUID& guid)
{
    char text[40];
    std::snprintf(text, sizeof(text), "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", guid.Data1, guid.Data2,
                  guid.Data3, guid.Data4[0], guid.Data4[1], guid.Data4[2], guid.Data4[3], guid.Data4[4], guid.Data4[5],
                  guid.Data4[6], guid.Data4[7]);
    return std::u16string(text, text + 38);
}

bool equalNoCase(const char16_t* a, size_t aLength, const char16_t* b, size_t bLength)
{
    if (aLength != bLength) {
        return false;
    }
    auto fold = [](char16_t c) { return c >= u'a' && c <= u'z' ? static_cast<char16_t>(c - u'a' + u'A') : c; };
    for (size_t i = 0; i < aLength; ++i) {
        if (fold(a[i]) != fold(b[i])) {
            return false;
        }
    }
    return true;
}

FilterFactory::FilterFactory(Device* device, const KSFILTER_DESCRIPTOR* descriptor, std::u16string referenceString)
    : KsObject(KsObjectTypeFilterFactory, device),
      block_{},
      device_(device),
      referenceString_(std::move(referenceString))
{
    bindPublic(block_);
    block_.ks.FilterDescriptor = descriptor;
    block_.ks.Bag = bag().handle();
    block_.ks.Context = device->ks()->Context;
}

FilterFactory::~FilterFactory()
{
    for (UNICODE_STRING& link : links_) {
        RtlFreeUnicodeString(&link);
    }
}

FilterFactory* FilterFactory::fromPublic(const KSFILTERFACTORY* factory)
{
    KsObject* object = objectFromPublic(factory);
    return object != nullptr && object->type() == KsObjectTypeFilterFactory ? static_cast<FilterFactory*>(object)
                                                                            : nullptr;
}

NTSTATUS FilterFactory::create(Device* device, const KSFILTER_DESCRIPTOR* descriptor, const char16_t* refString,
                               FilterFactory** out)
{
    std::string reason;
    if (!NT_SUCCESS(validateFilterDescriptor(descriptor, &reason))) {
        logLine("%s: filter descriptor refused: %s", device->name().c_str(), reason.c_str());
        return STATUS_INVALID_PARAMETER;
    }
    std::u16string reference = refString != nullptr ? std::u16string(refString) : guidText(*descriptor->ReferenceGuid);
    std::unique_ptr<FilterFactory> factory(new (std::nothrow) FilterFactory(device, descriptor, reference));
    if (factory == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PDEVICE_OBJECT pdo = device->ks()->PhysicalDeviceObject;
    for (ULONG c = 0; c < descriptor->CategoriesCount; ++c) {
        UNICODE_STRING referenceString;
        referenceString.Buffer = factory->referenceString_.data();
        referenceString.Length = static_cast<USHORT>(factory->referenceString_.size() * sizeof(WCHAR));
        referenceString.MaximumLength = referenceString.Length;
        UNICODE_STRING link{};
        NTSTATUS status = IoRegisterDeviceInterface(pdo, &descriptor->Categories[c], &referenceString, &link);
        if (!NT_SUCCESS(status)) {
            logLine("%s: cannot register a device interface (0x%08x)", device->name().c_str(),
                    static_cast<unsigned>(status));
            return status;
        }
        factory->links_.push_back(link);
    }
    FilterFactory* raw = factory.get();
    device->addFactory(std::move(factory));
    if (out != nullptr) {
        *out = raw;
    }
    return STATUS_SUCCESS;
}

PUNICODE_STRING FilterFactory::symbolicLink()
{
    static UNICODE_STRING empty{};
    return links_.empty() ? &empty : &links_.front();
}

std::vector<std::u16string> FilterFactory::symbolicLinks() const
{
    std::vector<std::u16string> result;
    for (const UNICODE_STRING& link : links_) {
        result.emplace_back(link.Buffer, link.Length / sizeof(WCHAR));
    }
    return result;
}

NTSTATUS FilterFactory::setDeviceClassesState(bool enable)
{
    NTSTATUS result = STATUS_SUCCESS;
    for (UNICODE_STRING& link : links_) {
        NTSTATUS status = IoSetDeviceInterfaceState(&link, enable ? TRUE : FALSE);
        if (!NT_SUCCESS(status) && NT_SUCCESS(result)) {
            result = status;
        }
    }
    classesEnabled_.store(enable, std::memory_order_release);
    return result;
}

NTSTATUS FilterFactory::addCreateItem(const char16_t* name)
{
    if (name == nullptr || *name == u'\0') {
        return STATUS_INVALID_PARAMETER;
    }
    try {
        std::lock_guard lock(device_->hierarchyMutex());
        extraNames_.emplace_back(name);
    } catch (const std::bad_alloc&) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

bool FilterFactory::matches(const char16_t* name, size_t length) const
{
    // Called with the device's hierarchyMutex() held (Device::findFactory).
    if (equalNoCase(name, length, referenceString_.data(), referenceString_.size())) {
        return true;
    }
    return std::any_of(extraNames_.begin(), extraNames_.end(), [&](const std::u16string& extra) {
        return equalNoCase(name, length, extra.data(), extra.size());
    });
}

NTSTATUS FilterFactory::createFilter(PIRP irp, PFILE_OBJECT file)
{
    return Filter::create(this, irp, file);
}

void FilterFactory::linkFilter(Filter* filter)
{
    std::lock_guard lock(device_->hierarchyMutex());
    filters_.push_back(filter);
}

void FilterFactory::unlinkFilter(Filter* filter)
{
    std::lock_guard lock(device_->hierarchyMutex());
    filters_.remove(filter);
}

Filter* FilterFactory::firstFilter()
{
    std::lock_guard lock(device_->hierarchyMutex());
    return filters_.empty() ? nullptr : filters_.front();
}

Filter* FilterFactory::nextFilter(const Filter* filter)
{
    std::lock_guard lock(device_->hierarchyMutex());
    auto it = std::find(filters_.begin(), filters_.end(), filter);
    if (it == filters_.end() || ++it == filters_.end()) {
        return nullptr;
    }
    return *it;
}

size_t FilterFactory::filterCount()
{
    std::lock_guard lock(device_->hierarchyMutex());
    return filters_.size();
}

KsObject* FilterFactory::firstChild()
{
    return firstFilter();
}

KsObject* FilterFactory::nextSibling()
{
    return device_->nextFactory(this);
}

std::mutex& FilterFactory::controlMutex()
{
    return device_->deviceMutex();
}

}  // namespace openks::avstream

extern "C" {

NTSTATUS NTAPI KsCreateFilterFactory(PDEVICE_OBJECT DeviceObject, const KSFILTER_DESCRIPTOR* Descriptor,
                                     PWSTR RefString, PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG CreateItemFlags,
                                     PFNKSFILTERFACTORYPOWER SleepCallback, PFNKSFILTERFACTORYPOWER WakeCallback,
                                     PKSFILTERFACTORY* FilterFactory)
{
    // No security descriptors, create-item flags or power transitions in user space.
    (void)SecurityDescriptor;
    (void)CreateItemFlags;
    (void)SleepCallback;
    (void)WakeCallback;
    auto* device = openks::avstream::Device::fromDeviceObject(DeviceObject);
    if (device == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    ::openks::avstream::FilterFactory* factory = nullptr;
    NTSTATUS status = ::openks::avstream::FilterFactory::create(device, Descriptor, RefString, &factory);
    if (NT_SUCCESS(status) && FilterFactory != nullptr) {
        *FilterFactory = factory->ks();
    }
    return status;
}

NTSTATUS NTAPI KsFilterFactoryUpdateCacheData(PKSFILTERFACTORY FilterFactory,
                                              const KSFILTER_DESCRIPTOR* FilterDescriptor)
{
    // There is no registry cache of pin data ranges (FilterData) to refresh.
    (void)FilterFactory;
    (void)FilterDescriptor;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsFilterFactoryAddCreateItem(PKSFILTERFACTORY FilterFactory, PWSTR RefString,
                                            PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG CreateItemFlags)
{
    (void)SecurityDescriptor;
    (void)CreateItemFlags;
    auto* factory = ::openks::avstream::FilterFactory::fromPublic(FilterFactory);
    return factory == nullptr ? STATUS_INVALID_PARAMETER : factory->addCreateItem(RefString);
}

NTSTATUS NTAPI KsFilterFactorySetDeviceClassesState(PKSFILTERFACTORY FilterFactory, BOOLEAN NewState)
{
    auto* factory = ::openks::avstream::FilterFactory::fromPublic(FilterFactory);
    return factory == nullptr ? STATUS_INVALID_PARAMETER : factory->setDeviceClassesState(NewState != FALSE);
}

PUNICODE_STRING NTAPI KsFilterFactoryGetSymbolicLink(PKSFILTERFACTORY FilterFactory)
{
    auto* factory = ::openks::avstream::FilterFactory::fromPublic(FilterFactory);
    return factory == nullptr ? nullptr : factory->symbolicLink();
}

}  // extern "C"
