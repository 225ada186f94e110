// SPDX-License-Identifier: MIT
// The KS device layer: KsInitializeDriver, KsCreateDevice and friends, the KS dispatch routines and PnP start.
#include "avstream/device.h"

#include <algorithm>
#include <map>
#include <new>

#include "avstream/clock.h"
#include "avstream/filter.h"
#include "avstream/filter_factory.h"
#include "avstream/log.h"
#include "avstream/pin.h"
#include "avstream/pnp.h"

namespace openks::avstream {

namespace {

// Process-wide registries: the device descriptor each KsInitializeDriver
// call stored, and every KS device.  Leaf locks, never held across calls out.
struct Registry {
    std::mutex mutex;
    std::map<PDRIVER_OBJECT, const KSDEVICE_DESCRIPTOR*> descriptors;
    std::vector<Device*> devices;
};

Registry& registry()
{
    static Registry* instance = new Registry;  // devices live to process exit
    return *instance;
}

std::string driverName(PDRIVER_OBJECT driver)
{
    std::string name;
    if (driver == nullptr || driver->DriverName.Buffer == nullptr) {
        return "driver";
    }
    const size_t length = driver->DriverName.Length / sizeof(WCHAR);
    for (size_t i = 0; i < length; ++i) {
        const char16_t c = driver->DriverName.Buffer[i];
        if (c == u'\\') {
            name.clear();
        } else {
            name.push_back(c < 0x80 ? static_cast<char>(c) : '?');
        }
    }
    return name.empty() ? "driver" : name;
}

NTSTATUS NTAPI onLowerCompleted(PDEVICE_OBJECT, PIRP, PVOID context)
{
    KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;  // the IRP comes back to us
}

// Sends a PnP IRP down the stack and waits for the lower drivers; the IRP is
// ours again afterwards.  With no lower device the IRP keeps its status.
NTSTATUS forwardAndWait(PDEVICE_OBJECT next, PIRP irp)
{
    if (next == nullptr) {
        return STATUS_SUCCESS;
    }
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(irp);
    IoSetCompletionRoutine(irp, onLowerCompleted, &event, TRUE, TRUE, TRUE);
    NTSTATUS status = IoCallDriver(next, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
    }
    return irp->IoStatus.Status;
}

}  // namespace

NTSTATUS completeIrp(PIRP irp, NTSTATUS status)
{
    if (status != STATUS_PENDING) {
        irp->IoStatus.Status = status;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
    return status;
}

Device::Device(PDEVICE_OBJECT fdo, PDEVICE_OBJECT pdo, PDEVICE_OBJECT next, const KSDEVICE_DESCRIPTOR* descriptor)
    : KsObject(KsObjectTypeDevice, nullptr), block_{}, name_(driverName(fdo->DriverObject))
{
    bindPublic(block_);
    KSDEVICE& ks = block_.ks;
    ks.Descriptor = descriptor;
    ks.Bag = bag().handle();
    ks.Context = nullptr;
    ks.FunctionalDeviceObject = fdo;
    ks.PhysicalDeviceObject = pdo;
    ks.NextDeviceObject = next;
    ks.Started = FALSE;
    ks.SystemPowerState = PowerSystemWorking;
    ks.DevicePowerState = PowerDeviceD0;
}

NTSTATUS Device::initialize(PDEVICE_OBJECT fdo, PDEVICE_OBJECT pdo, PDEVICE_OBJECT next,
                            const KSDEVICE_DESCRIPTOR* descriptor, Device** out)
{
    if (fdo == nullptr || fdo->DeviceExtension == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    auto* device = new (std::nothrow) Device(fdo, pdo, next, descriptor);
    if (device == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    // The extension's first pointer is the KSDEVICE_HEADER slot.
    *static_cast<void**>(fdo->DeviceExtension) = device;

    if (descriptor != nullptr && descriptor->Dispatch != nullptr && descriptor->Dispatch->Add != nullptr) {
        NTSTATUS status = descriptor->Dispatch->Add(device->ks());
        if (!NT_SUCCESS(status)) {
            logLine("%s: Add dispatch failed (0x%08x)", device->name().c_str(), static_cast<unsigned>(status));
            *static_cast<void**>(fdo->DeviceExtension) = nullptr;
            delete device;
            return status;
        }
    }
    {
        std::lock_guard lock(registry().mutex);
        registry().devices.push_back(device);
    }
    if (out != nullptr) {
        *out = device;
    }
    return STATUS_SUCCESS;
}

Device* Device::fromDeviceObject(PDEVICE_OBJECT deviceObject)
{
    if (deviceObject == nullptr || deviceObject->DeviceExtension == nullptr) {
        return nullptr;
    }
    auto* candidate = static_cast<KsObject*>(*static_cast<void**>(deviceObject->DeviceExtension));
    std::lock_guard lock(registry().mutex);
    auto& devices = registry().devices;
    auto it = std::find(devices.begin(), devices.end(), candidate);
    return it == devices.end() ? nullptr : *it;
}

Device* Device::fromPublic(const KSDEVICE* device)
{
    KsObject* object = objectFromPublic(device);
    return object != nullptr && object->type() == KsObjectTypeDevice ? static_cast<Device*>(object) : nullptr;
}

std::vector<Device*> Device::all()
{
    std::lock_guard lock(registry().mutex);
    return registry().devices;
}

NTSTATUS Device::start(PIRP irp)
{
    std::lock_guard deviceLock(deviceMutex_);
    const KSDEVICE_DESCRIPTOR* descriptor = block_.ks.Descriptor;
    const KSDEVICE_DISPATCH* dispatch = descriptor == nullptr ? nullptr : descriptor->Dispatch;
    if (dispatch != nullptr && dispatch->Start != nullptr) {
        // No hardware resources in user space: both resource lists are NULL.
        NTSTATUS status = dispatch->Start(ks(), irp, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            logLine("%s: Start dispatch failed (0x%08x)", name_.c_str(), static_cast<unsigned>(status));
            return status;
        }
    }
    if (descriptor != nullptr) {
        for (ULONG i = 0; i < descriptor->FilterDescriptorsCount; ++i) {
            const KSFILTER_DESCRIPTOR* filter =
                descriptor->FilterDescriptors == nullptr ? nullptr : descriptor->FilterDescriptors[i];
            FilterFactory* factory = nullptr;
            // A refused descriptor is logged by FilterFactory::create; the device keeps its other filters.
            (void)FilterFactory::create(this, filter, nullptr, &factory);
        }
    }
    block_.ks.Started = TRUE;
    if (dispatch != nullptr && dispatch->PostStart != nullptr) {
        NTSTATUS status = dispatch->PostStart(ks());
        if (!NT_SUCCESS(status)) {
            logLine("%s: PostStart dispatch failed (0x%08x)", name_.c_str(), static_cast<unsigned>(status));
        }
    }
    postStarted_ = true;
    // Factories made up to and during PostStart publish their classes now;
    // later ones need KsFilterFactorySetDeviceClassesState (as the DDI says).
    for (FilterFactory* factory : factories()) {
        (void)factory->setDeviceClassesState(true);
    }
    return STATUS_SUCCESS;
}

void Device::addFactory(std::unique_ptr<FilterFactory> factory)
{
    std::lock_guard lock(hierarchyMutex_);
    factories_.push_back(std::move(factory));
}

bool Device::deleteFactory(FilterFactory* factory)
{
    std::unique_ptr<FilterFactory> doomed;
    {
        std::lock_guard lock(hierarchyMutex_);
        auto it = std::find_if(factories_.begin(), factories_.end(), [&](const auto& f) { return f.get() == factory; });
        if (it == factories_.end()) {
            return false;
        }
        doomed = std::move(*it);
        factories_.erase(it);
    }
    if (doomed->filterCount() != 0) {
        // Open filters still point at it: keep it linked.
        addFactory(std::move(doomed));
        return false;
    }
    (void)doomed->setDeviceClassesState(false);
    return true;
}

FilterFactory* Device::findFactory(const char16_t* name, size_t length)
{
    std::lock_guard lock(hierarchyMutex_);
    for (const auto& factory : factories_) {
        if (factory->matches(name, length)) {
            return factory.get();
        }
    }
    return nullptr;
}

FilterFactory* Device::firstFactory()
{
    std::lock_guard lock(hierarchyMutex_);
    return factories_.empty() ? nullptr : factories_.front().get();
}

FilterFactory* Device::nextFactory(const FilterFactory* factory)
{
    std::lock_guard lock(hierarchyMutex_);
    for (size_t i = 0; i + 1 < factories_.size(); ++i) {
        if (factories_[i].get() == factory) {
            return factories_[i + 1].get();
        }
    }
    return nullptr;
}

std::vector<FilterFactory*> Device::factories()
{
    std::lock_guard lock(hierarchyMutex_);
    std::vector<FilterFactory*> list;
    for (const auto& factory : factories_) {
        list.push_back(factory.get());
    }
    return list;
}

KsObject* Device::firstChild()
{
    return firstFactory();
}

void Device::terminate()
{
    for (FilterFactory* factory : factories()) {
        (void)factory->setDeviceClassesState(false);
    }
    block_.ks.Started = FALSE;
}

// ---- Dispatch routines ------------------------------------------------------

NTSTATUS NTAPI dispatchCreate(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    PFILE_OBJECT file = stack->FileObject;
    Device* device = Device::fromDeviceObject(deviceObject);
    if (device == nullptr || file == nullptr) {
        return completeIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    if (file->RelatedFileObject != nullptr) {
        KsObject* parent = objectFromFileObject(file->RelatedFileObject);
        if (parent != nullptr && parent->type() == KsObjectTypeFilter) {
            return completeIrp(irp, static_cast<Filter*>(parent)->createPin(irp, file));
        }
        if (parent != nullptr && parent->type() == KsObjectTypePin) {
            return completeIrp(irp, static_cast<Pin*>(parent)->createChild(irp, file));  // clocks
        }
        // Clocks, allocators and nodes under pins are not objects openks makes.
        return completeIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    const char16_t* name = file->FileName.Buffer;
    size_t length = name == nullptr ? 0 : file->FileName.Length / sizeof(WCHAR);
    if (length > 0 && name[0] == u'\\') {
        ++name;
        --length;
    }
    if (length == 0) {
        return completeIrp(irp, STATUS_OBJECT_NAME_NOT_FOUND);
    }
    FilterFactory* factory = device->findFactory(name, length);
    if (factory == nullptr) {
        return completeIrp(irp, STATUS_OBJECT_NAME_NOT_FOUND);
    }
    return completeIrp(irp, Filter::create(factory, irp, file));
}

NTSTATUS NTAPI dispatchClose(PDEVICE_OBJECT, PIRP irp)
{
    if (ClockFile* clock = ClockFile::fromFileObject(IoGetCurrentIrpStackLocation(irp)->FileObject)) {
        return clock->close(irp);
    }
    KsObject* object = objectFromIrp(irp);
    if (object != nullptr && object->type() == KsObjectTypeFilter) {
        return static_cast<Filter*>(object)->close(irp);
    }
    if (object != nullptr && object->type() == KsObjectTypePin) {
        return static_cast<Pin*>(object)->close(irp);
    }
    irp->IoStatus.Information = 0;
    return completeIrp(irp, STATUS_SUCCESS);
}

NTSTATUS NTAPI dispatchCleanup(PDEVICE_OBJECT, PIRP irp)
{
    KsObject* object = objectFromIrp(irp);
    if (object != nullptr && object->type() == KsObjectTypePin) {
        static_cast<Pin*>(object)->cleanup();
    }
    irp->IoStatus.Information = 0;
    return completeIrp(irp, STATUS_SUCCESS);
}

NTSTATUS NTAPI dispatchDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    if (ClockFile* clock = ClockFile::fromFileObject(IoGetCurrentIrpStackLocation(irp)->FileObject)) {
        return clock->deviceControl(irp);
    }
    KsObject* object = objectFromIrp(irp);
    if (object != nullptr && object->type() == KsObjectTypeFilter) {
        return static_cast<Filter*>(object)->deviceControl(irp);
    }
    if (object != nullptr && object->type() == KsObjectTypePin) {
        return static_cast<Pin*>(object)->deviceControl(irp);
    }
    irp->IoStatus.Information = 0;
    return completeIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS NTAPI dispatchPnp(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    Device* device = Device::fromDeviceObject(deviceObject);
    if (device == nullptr) {
        return completeIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    PDEVICE_OBJECT next = device->ks()->NextDeviceObject;
    const UCHAR minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;
    if (minor == IRP_MN_START_DEVICE) {
        // As Windows: the bus driver starts the device first, then the function driver.
        NTSTATUS status = forwardAndWait(next, irp);
        if (NT_SUCCESS(status)) {
            status = device->start(irp);
        }
        return completeIrp(irp, status);
    }
    // Stop/remove are not simulated: devices live until the process exits.
    if (next == nullptr) {
        return completeIrp(irp, STATUS_SUCCESS);
    }
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(next, irp);
}

NTSTATUS NTAPI dispatchPower(PDEVICE_OBJECT, PIRP irp)
{
    // Devices stay in D0: every power request succeeds.
    return completeIrp(irp, STATUS_SUCCESS);
}

}  // namespace openks::avstream

using namespace openks::avstream;

extern "C" {

NTSTATUS NTAPI KsInitializeDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPathName,
                                  const KSDEVICE_DESCRIPTOR* Descriptor)
{
    (void)RegistryPathName;
    if (DriverObject == nullptr || DriverObject->DriverExtension == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = dispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = dispatchClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = dispatchCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = dispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = dispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = dispatchPower;
    DriverObject->DriverExtension->AddDevice = KsAddDevice;
    if (DriverObject->DriverUnload == nullptr) {
        DriverObject->DriverUnload = KsNullDriverUnload;
    }
    std::lock_guard lock(registry().mutex);
    registry().descriptors[DriverObject] = Descriptor;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    const KSDEVICE_DESCRIPTOR* descriptor = nullptr;
    {
        std::lock_guard lock(registry().mutex);
        auto it = registry().descriptors.find(DriverObject);
        if (it != registry().descriptors.end()) {
            descriptor = it->second;
        }
    }
    return KsCreateDevice(DriverObject, PhysicalDeviceObject, descriptor, 0, nullptr);
}

NTSTATUS NTAPI KsCreateDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject,
                              const KSDEVICE_DESCRIPTOR* Descriptor, ULONG ExtensionSize, PKSDEVICE* Device)
{
    if (DriverObject == nullptr || PhysicalDeviceObject == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    // The extension starts with the KSDEVICE_HEADER slot; the minidriver's part follows it.
    const ULONG size = std::max<ULONG>(ExtensionSize, sizeof(PVOID));
    PDEVICE_OBJECT fdo = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, size, nullptr, FILE_DEVICE_KS, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    PDEVICE_OBJECT next = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    status = KsInitializeDevice(fdo, PhysicalDeviceObject, next, Descriptor);
    if (!NT_SUCCESS(status)) {
        if (next != nullptr) {
            IoDetachDevice(next);
        }
        IoDeleteDevice(fdo);
        return status;
    }
    fdo->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    fdo->Flags |= DO_POWER_PAGABLE;
    if (Device != nullptr) {
        *Device = KsGetDeviceForDeviceObject(fdo);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsInitializeDevice(PDEVICE_OBJECT FunctionalDeviceObject, PDEVICE_OBJECT PhysicalDeviceObject,
                                  PDEVICE_OBJECT NextDeviceObject, const KSDEVICE_DESCRIPTOR* Descriptor)
{
    return openks::avstream::Device::initialize(FunctionalDeviceObject, PhysicalDeviceObject, NextDeviceObject,
                                                Descriptor, nullptr);
}

void NTAPI KsTerminateDevice(PDEVICE_OBJECT DeviceObject)
{
    if (auto* device = openks::avstream::Device::fromDeviceObject(DeviceObject)) {
        device->terminate();
    }
}

PKSDEVICE NTAPI KsGetDeviceForDeviceObject(PDEVICE_OBJECT FunctionalDeviceObject)
{
    auto* device = openks::avstream::Device::fromDeviceObject(FunctionalDeviceObject);
    return device == nullptr ? nullptr : device->ks();
}

void NTAPI KsAcquireDevice(PKSDEVICE Device)
{
    if (auto* device = openks::avstream::Device::fromPublic(Device)) {
        device->deviceMutex().lock();
    }
}

void NTAPI KsReleaseDevice(PKSDEVICE Device)
{
    if (auto* device = openks::avstream::Device::fromPublic(Device)) {
        device->deviceMutex().unlock();
    }
}

void NTAPI KsDeviceRegisterAdapterObject(PKSDEVICE Device, PADAPTER_OBJECT AdapterObject, ULONG MaxMappingsByteCount,
                                         ULONG MappingTableStride)
{
    // No DMA in user space: scatter/gather mappings are never generated.
    (void)Device;
    (void)AdapterObject;
    (void)MaxMappingsByteCount;
    (void)MappingTableStride;
}

ULONG NTAPI KsDeviceGetBusData(PKSDEVICE Device, ULONG DataType, PVOID Buffer, ULONG Offset, ULONG Length)
{
    // There is no bus configuration space: nothing is read.
    (void)Device;
    (void)DataType;
    (void)Buffer;
    (void)Offset;
    (void)Length;
    return 0;
}

ULONG NTAPI KsDeviceSetBusData(PKSDEVICE Device, ULONG DataType, PVOID Buffer, ULONG Offset, ULONG Length)
{
    (void)Device;
    (void)DataType;
    (void)Buffer;
    (void)Offset;
    (void)Length;
    return 0;
}

NTSTATUS NTAPI KsFreeObjectCreateItemsByContext(KSDEVICE_HEADER Header, PVOID Context)
{
    // The one use AVStream drivers make of it: KsDeleteFilterFactory, whose
    // Header is the FDO extension's first pointer (our Device) and whose
    // Context is the factory.
    auto* object = static_cast<KsObject*>(Header);
    openks::avstream::Device* device = nullptr;
    for (openks::avstream::Device* candidate : openks::avstream::Device::all()) {
        if (candidate == object) {
            device = candidate;
        }
    }
    FilterFactory* factory = FilterFactory::fromPublic(static_cast<const KSFILTERFACTORY*>(Context));
    if (device == nullptr || factory == nullptr || factory->owner() != device) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    return device->deleteFactory(factory) ? STATUS_SUCCESS : STATUS_DEVICE_BUSY;
}

void NTAPI KsNullDriverUnload(PDRIVER_OBJECT DriverObject)
{
    (void)DriverObject;
}

NTSTATUS NTAPI KsDispatchInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    Irp->IoStatus.Information = 0;
    return completeIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS NTAPI KsDefaultDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return dispatchPower(DeviceObject, Irp);
}

NTSTATUS NTAPI KsDefaultDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return dispatchPnp(DeviceObject, Irp);
}

NTSTATUS NTAPI KsDispatchIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    switch (IoGetCurrentIrpStackLocation(Irp)->MajorFunction) {
        case IRP_MJ_CREATE:
            return dispatchCreate(DeviceObject, Irp);
        case IRP_MJ_CLOSE:
            return dispatchClose(DeviceObject, Irp);
        case IRP_MJ_CLEANUP:
            return dispatchCleanup(DeviceObject, Irp);
        case IRP_MJ_DEVICE_CONTROL:
            return dispatchDeviceControl(DeviceObject, Irp);
        case IRP_MJ_PNP:
            return dispatchPnp(DeviceObject, Irp);
        case IRP_MJ_POWER:
            return dispatchPower(DeviceObject, Irp);
        default:
            Irp->IoStatus.Information = 0;
            return completeIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

NTSTATUS NTAPI KsSetMajorFunctionHandler(PDRIVER_OBJECT DriverObject, ULONG MajorFunction)
{
    if (DriverObject == nullptr || (MajorFunction & KSDISPATCH_FASTIO) != 0) {
        return STATUS_INVALID_PARAMETER;  // there is no fast I/O path
    }
    switch (MajorFunction) {
        case IRP_MJ_CREATE:
        case IRP_MJ_CLOSE:
        case IRP_MJ_CLEANUP:
        case IRP_MJ_DEVICE_CONTROL:
            DriverObject->MajorFunction[MajorFunction] = KsDispatchIrp;
            return STATUS_SUCCESS;
        default:
            return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS NTAPI KsDefaultForwardIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    openks::avstream::Device* device = openks::avstream::Device::fromDeviceObject(DeviceObject);
    PDEVICE_OBJECT next = device == nullptr ? nullptr : device->ks()->NextDeviceObject;
    if (next == nullptr) {
        Irp->IoStatus.Information = 0;
        return completeIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(next, Irp);
}

void NTAPI KsCompletePendingRequest(PIRP Irp)
{
    // AVStream's Create/Close dispatches may not pend here (filter.cpp,
    // pin_create.cpp turn STATUS_PENDING into STATUS_NOT_SUPPORTED and
    // complete the IRP), so there is never a request left to finish.
    (void)Irp;
    logLine("KsCompletePendingRequest: pended creates and closes are not supported; ignored");
}

}  // extern "C"
