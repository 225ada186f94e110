// SPDX-License-Identifier: MIT
// Starting one minidriver: its DRIVER_OBJECT and DriverEntry, then the PnP steps (PDO, AddDevice, IRP_MN_START_DEVICE)
// Windows takes.
#include "avstream/driver.h"

#include <cstdio>
#include <mutex>

#include "avstream/log.h"
#include "avstream/pnp.h"
#include "io/device.h"

namespace openks::avstream {

namespace {

std::string hex(NTSTATUS status)
{
    char text[16];
    std::snprintf(text, sizeof(text), "0x%08X", static_cast<unsigned>(status));
    return text;
}

std::u16string widen(const std::string& text)
{
    return std::u16string(text.begin(), text.end());
}

// The host's bus driver owns one PDO per driver.  Its PnP requests (START
// forwarded down by the function driver) all succeed: there is no hardware.
NTSTATUS NTAPI busPnp(PDEVICE_OBJECT, PIRP irp)
{
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI busPower(PDEVICE_OBJECT, PIRP irp)
{
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI busDriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING)
{
    driver->MajorFunction[IRP_MJ_PNP] = busPnp;
    driver->MajorFunction[IRP_MJ_POWER] = busPower;
    return STATUS_SUCCESS;
}

PDRIVER_OBJECT busDriver()
{
    static PDRIVER_OBJECT bus = [] {
        io::ObjectRef<DRIVER_OBJECT> driver;
        NTSTATUS status = io::createDriver(u"openks_bus", busDriverEntry, &driver);
        if (!NT_SUCCESS(status)) {
            logLine("cannot create the host bus driver (%s)", hex(status).c_str());
            return static_cast<PDRIVER_OBJECT>(nullptr);
        }
        return driver.release();  // lives to process exit
    }();
    return bus;
}

NTSTATUS NTAPI startCompleted(PDEVICE_OBJECT, PIRP, PVOID context)
{
    KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;  // the host frees the IRP
}

// Sends IRP_MN_START_DEVICE to the top of the PDO's stack and waits for it.
NTSTATUS startDevice(PDEVICE_OBJECT pdo)
{
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(pdo);
    PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
    if (irp == nullptr) {
        ObDereferenceObject(top);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;  // PnP IRPs start out "not handled"
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_PNP;
    next->MinorFunction = IRP_MN_START_DEVICE;
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, startCompleted, &done, TRUE, TRUE, TRUE);
    NTSTATUS status = IoCallDriver(top, irp);
    KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
    status = irp->IoStatus.Status;
    IoFreeIrp(irp);
    ObDereferenceObject(top);
    return status;
}

}  // namespace

std::string driverNameFromPath(const std::string& path)
{
    std::string name = path;
    const size_t slash = name.find_last_of('/');
    if (slash != std::string::npos) {
        name.erase(0, slash + 1);
    }
    const size_t so = name.find(".so");
    if (so != std::string::npos) {
        name.erase(so);
    }
    if (name.rfind("lib", 0) == 0 && name.size() > 3) {
        name.erase(0, 3);
    }
    return name;
}

void recordErrorLocked(std::vector<LoadError>& errors, const std::string& name, const std::string& reason)
{
    logLine("driver %s skipped: %s", name.c_str(), reason.c_str());
    errors.push_back(LoadError{name, reason});
}

NTSTATUS startDriver(const std::string& name, PDRIVER_INITIALIZE entry, const std::string& path,
                     std::unique_ptr<LoadedDriver>* out, std::string* reason)
{
    PDRIVER_OBJECT bus = busDriver();
    if (bus == nullptr) {
        *reason = "the host bus driver is missing";
        return STATUS_UNSUCCESSFUL;
    }
    auto driver = std::make_unique<LoadedDriver>();
    driver->name = name;
    driver->path = path;
    NTSTATUS status = io::createDriver(widen(name), entry, &driver->object);
    if (!NT_SUCCESS(status)) {
        *reason = "DriverEntry failed with " + hex(status);
        return status;
    }

    // The PDO a bus driver would have enumerated, named after the driver so
    // that its interface paths contain the name (io/device.h).
    std::u16string deviceName = u"\\Device\\" + widen(name);
    UNICODE_STRING unicodeName;
    unicodeName.Buffer = deviceName.data();
    unicodeName.Length = static_cast<USHORT>(deviceName.size() * sizeof(WCHAR));
    unicodeName.MaximumLength = unicodeName.Length;
    PDEVICE_OBJECT pdo = nullptr;
    status = IoCreateDevice(bus, 0, &unicodeName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &pdo);
    if (!NT_SUCCESS(status)) {
        *reason = "cannot create its device object (" + hex(status) + ")";
        return status;
    }
    pdo->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    driver->pdo = pdo;

    PDRIVER_OBJECT object = driver->object.get();
    PDRIVER_ADD_DEVICE addDevice = object->DriverExtension == nullptr ? nullptr : object->DriverExtension->AddDevice;
    if (addDevice == nullptr) {
        // Not a PnP driver: whatever DriverEntry made is all it publishes.
        logLine("driver %s has no AddDevice routine; no device started", name.c_str());
        *out = std::move(driver);
        return STATUS_SUCCESS;
    }
    status = addDevice(object, pdo);
    if (!NT_SUCCESS(status)) {
        *reason = "AddDevice failed with " + hex(status);
        return status;
    }
    status = startDevice(pdo);
    if (!NT_SUCCESS(status)) {
        *reason = "IRP_MN_START_DEVICE failed with " + hex(status);
        return status;
    }
    *out = std::move(driver);
    return STATUS_SUCCESS;
}

}  // namespace openks::avstream
