// SPDX-License-Identifier: MIT
// The AVStream device (KSDEVICE): its functional device object, the KS dispatch routines, PnP start and its filter
// factories.
#pragma once

#include <openks/driver.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "avstream/object.h"

namespace openks::avstream {

class FilterFactory;

// One KSDEVICE.  Created by KsInitializeDevice (through KsAddDevice /
// KsCreateDevice) on a functional device object whose extension starts with
// a pointer to it (the KSDEVICE_HEADER slot), and lives as long as the
// process (devices are never removed; KsTerminateDevice detaches it).
//
// Locks (see docs/threading.md, avstream section): deviceMutex() is the
// DDI's device mutex (KsAcquireDevice), held across START/PostStart
// callbacks; hierarchyMutex() is a leaf that guards the factory and filter
// lists and is never held while calling out.
class Device final : public KsObject {
public:
    // Makes the KS device of `fdo`; calls Dispatch->Add.  STATUS_SUCCESS or
    // the failure status (nothing left behind).
    static NTSTATUS initialize(PDEVICE_OBJECT fdo, PDEVICE_OBJECT pdo, PDEVICE_OBJECT next,
                               const KSDEVICE_DESCRIPTOR* descriptor, Device** device);

    // The KS device of a device object (its own FDO), or nullptr.
    static Device* fromDeviceObject(PDEVICE_OBJECT deviceObject);
    static Device* fromPublic(const KSDEVICE* device);

    // Every KS device created in this process, oldest first.
    static std::vector<Device*> all();

    PKSDEVICE ks() { return &block_.ks; }
    PDEVICE_OBJECT functionalDeviceObject() const { return block_.ks.FunctionalDeviceObject; }
    // The driver name ("\Driver\tone" -> "tone"), for logs.
    const std::string& name() const { return name_; }

    std::mutex& deviceMutex() { return deviceMutex_; }
    std::mutex& hierarchyMutex() { return hierarchyMutex_; }
    std::mutex& controlMutex() override { return deviceMutex_; }

    // IRP_MN_START_DEVICE after the lower driver started: Dispatch->Start,
    // one factory per filter descriptor, Started, Dispatch->PostStart, then
    // the device classes of every factory made so far are enabled.
    NTSTATUS start(PIRP irp);
    bool postStarted() const { return postStarted_; }

    // Factories (the device owns them).  addFactory links a new one.
    void addFactory(std::unique_ptr<FilterFactory> factory);
    // Unlinks and frees a factory with no open filters; false otherwise.
    bool deleteFactory(FilterFactory* factory);
    // The factory whose reference string equals `name` (case-insensitive;
    // `name` without its leading backslash), or nullptr.
    FilterFactory* findFactory(const char16_t* name, size_t length);
    FilterFactory* firstFactory();
    FilterFactory* nextFactory(const FilterFactory* factory);
    std::vector<FilterFactory*> factories();

    KsObject* firstChild() override;

    // KsTerminateDevice: disables every factory's device classes.
    void terminate();

private:
    Device(PDEVICE_OBJECT fdo, PDEVICE_OBJECT pdo, PDEVICE_OBJECT next, const KSDEVICE_DESCRIPTOR* descriptor);

    PublicBlock<KSDEVICE> block_;
    std::string name_;
    std::mutex deviceMutex_;
    std::mutex hierarchyMutex_;
    std::vector<std::unique_ptr<FilterFactory>> factories_;  // guarded by hierarchyMutex_
    bool postStarted_ = false;                               // written under deviceMutex_ during START
};

// The KS dispatch routines KsInitializeDriver installs (also used by
// KsSetMajorFunctionHandler / KsDispatchIrp).
NTSTATUS NTAPI dispatchCreate(PDEVICE_OBJECT deviceObject, PIRP irp);
NTSTATUS NTAPI dispatchClose(PDEVICE_OBJECT deviceObject, PIRP irp);
NTSTATUS NTAPI dispatchCleanup(PDEVICE_OBJECT deviceObject, PIRP irp);
NTSTATUS NTAPI dispatchDeviceControl(PDEVICE_OBJECT deviceObject, PIRP irp);
NTSTATUS NTAPI dispatchPnp(PDEVICE_OBJECT deviceObject, PIRP irp);
NTSTATUS NTAPI dispatchPower(PDEVICE_OBJECT deviceObject, PIRP irp);

// Completes `irp` with `status` unless it is STATUS_PENDING; returns `status`.
NTSTATUS completeIrp(PIRP irp, NTSTATUS status);

}  // namespace openks::avstream
