// SPDX-License-Identifier: MIT
// Driver and device objects, device stacks, the device namespace and device interfaces.
#include "io/device.h"

#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <new>

#include "io/bugcheck.h"
#include "io/requestor.h"
#include "io/strings.h"

namespace openks::io {
namespace {

constexpr size_t align16(size_t size)
{
    return (size + 15) & ~size_t{15};
}

struct DriverInternal {
    std::u16string name;        // "\Driver\tone"
    std::u16string serviceKey;  // "tone"
    std::atomic<ULONG> nextInstance{0};
};

struct DriverBody {
    DRIVER_OBJECT driver;
    DRIVER_EXTENSION extension;
    DriverInternal internal;
};

struct DeviceInternal {
    std::u16string name;  // "\Device\tone", or empty
    ULONG instance = 0;
    ULONG serial = 0;
    bool deleted = false;                 // guarded by gNamespace.lock
    PDEVICE_OBJECT attachedTo = nullptr;  // guarded by gNamespace.lock
    std::atomic<LONG> openCount{0};
};

struct DeviceBody {
    DEVICE_OBJECT device;
    DeviceInternal internal;
};

struct InterfaceRecord {
    std::u16string link;
    std::u16string key;  // lower-case link
    GUID category;
    PDEVICE_OBJECT device;  // unregistered when the device is deleted
    std::u16string reference;
    std::u16string friendlyName;
    bool enabled = false;
};

struct Namespace {
    std::mutex lock;
    std::map<std::u16string, PDEVICE_OBJECT> devices;  // by lower-case name
    std::vector<InterfaceRecord> interfaces;
};

Namespace& names()
{
    // Never destroyed: devices may be deleted while static destructors run.
    static Namespace* instance = new Namespace;
    return *instance;
}

std::atomic<ULONG> gDeviceSerial{0};

DriverBody* driverBody(PDRIVER_OBJECT driver)
{
    if (objectType(driver) != *IoDriverObjectType) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "not a driver object from openks::io::createDriver",
                 reinterpret_cast<ULONG_PTR>(driver));
    }
    return reinterpret_cast<DriverBody*>(driver);
}

DeviceBody* deviceBody(PDEVICE_OBJECT device)
{
    if (objectType(device) != *IoDeviceObjectType) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "not a device object from IoCreateDevice",
                 reinterpret_cast<ULONG_PTR>(device));
    }
    return reinterpret_cast<DeviceBody*>(device);
}

void driverDelete(void* body)
{
    static_cast<DriverBody*>(body)->internal.~DriverInternal();
}

void deviceDelete(void* body)
{
    auto* device = static_cast<DeviceBody*>(body);
    PDRIVER_OBJECT driver = device->device.DriverObject;
    device->internal.~DeviceInternal();
    if (driver != nullptr) ObfDereferenceObject(driver);
}

_OBJECT_TYPE gDriverType = {"Driver", nullptr, driverDelete, 0, 0, 0, 0};
_OBJECT_TYPE gDeviceType = {
    "Device", nullptr, deviceDelete, FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};

void setString(UNICODE_STRING* string, const std::u16string& text)
{
    string->Buffer = const_cast<PWSTR>(text.c_str());
    string->Length = static_cast<USHORT>(text.size() * sizeof(WCHAR));
    string->MaximumLength = static_cast<USHORT>((text.size() + 1) * sizeof(WCHAR));
}

constexpr std::u16string_view kDevicePrefix = u"\\device\\";
constexpr std::u16string_view kLinkPrefix = u"\\\\?\\";

// The <device name> part of an interface link.
std::u16string linkComponent(const DeviceBody* device)
{
    std::u16string_view name = device->internal.name;
    if (name.empty()) {
        char buffer[16];
        std::snprintf(buffer, sizeof(buffer), "dev%08X", static_cast<unsigned>(device->internal.serial));
        return widen(buffer);
    }
    if (name.size() > kDevicePrefix.size() && equalNoCase(name.substr(0, kDevicePrefix.size()), kDevicePrefix)) {
        name.remove_prefix(kDevicePrefix.size());
    }
    while (!name.empty() && name.front() == u'\\')
        name.remove_prefix(1);
    std::u16string out(name);
    for (char16_t& c : out) {
        if (c == u'\\' || c == u'/' || c == u'#') c = u'_';
    }
    return out;
}

// Canonical lower-case form of a path for lookups: "\??\" and "\\.\" become "\\?\".
std::u16string lookupKey(std::u16string_view path)
{
    std::u16string key = lowerCase(path);
    if (key.size() >= 4 && (key.compare(0, 4, u"\\??\\") == 0 || key.compare(0, 4, u"\\\\.\\") == 0)) {
        key.replace(0, 4, kLinkPrefix);
    }
    return key;
}

// `key` is `prefix` or `prefix` + "\..." ; the rest (from the "\") goes to *rest.
bool matchesPrefix(const std::u16string& key, const std::u16string& prefix, std::u16string_view original,
                   std::u16string* rest)
{
    if (key.size() < prefix.size() || key.compare(0, prefix.size(), prefix) != 0) return false;
    if (key.size() == prefix.size()) {
        rest->clear();
        return true;
    }
    if (key[prefix.size()] != u'\\') return false;
    *rest = std::u16string(original.substr(prefix.size()));
    return true;
}

PDEVICE_OBJECT topOfStackLocked(PDEVICE_OBJECT device)
{
    while (PDEVICE_OBJECT above = __atomic_load_n(&device->AttachedDevice, __ATOMIC_ACQUIRE))
        device = above;
    return device;
}

InterfaceRecord* findInterfaceLocked(Namespace& ns, std::u16string_view link)
{
    std::u16string key = lookupKey(link);
    for (InterfaceRecord& record : ns.interfaces) {
        if (record.key == key) return &record;
    }
    return nullptr;
}

}  // namespace

NTSTATUS createDriver(std::u16string_view name, PDRIVER_INITIALIZE initialize, ObjectRef<DRIVER_OBJECT>* driver)
{
    if (name.empty() || initialize == nullptr || driver == nullptr) return STATUS_INVALID_PARAMETER;
    void* memory;
    NTSTATUS status = createObject(&gDriverType, sizeof(DriverBody), &memory);
    if (!NT_SUCCESS(status)) return status;
    auto* body = static_cast<DriverBody*>(memory);
    new (&body->internal) DriverInternal;
    ObjectRef<DRIVER_OBJECT> owned = ObjectRef<DRIVER_OBJECT>::adopt(&body->driver);

    std::u16string_view service = name;
    if (size_t slash = service.rfind(u'\\'); slash != std::u16string_view::npos) service.remove_prefix(slash + 1);
    if (service.empty()) return STATUS_INVALID_PARAMETER;
    body->internal.serviceKey = std::u16string(service);
    body->internal.name = name.front() == u'\\' ? std::u16string(name) : u"\\Driver\\" + std::u16string(name);

    PDRIVER_OBJECT object = &body->driver;
    object->Type = IO_TYPE_DRIVER;
    object->Size = sizeof(DRIVER_OBJECT);
    object->DriverExtension = &body->extension;
    object->DriverInit = initialize;
    setString(&object->DriverName, body->internal.name);
    body->extension.DriverObject = object;
    setString(&body->extension.ServiceKeyName, body->internal.serviceKey);

    std::u16string registryText =
        u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" + body->internal.serviceKey;
    UNICODE_STRING registryPath;
    setString(&registryPath, registryText);
    {
        RequestorScope scope(systemRequestor());
        status = initialize(object, &registryPath);
    }
    if (!NT_SUCCESS(status)) return status;
    *driver = std::move(owned);
    return STATUS_SUCCESS;
}

void unloadDriver(PDRIVER_OBJECT driver)
{
    if (driver == nullptr) return;
    driverBody(driver);
    if (driver->DriverUnload != nullptr) {
        RequestorScope scope(systemRequestor());
        driver->DriverUnload(driver);
    }
}

std::vector<DeviceInterface> enumerateDeviceInterfaces(const GUID* category)
{
    Namespace& ns = names();
    std::lock_guard lock(ns.lock);
    std::vector<DeviceInterface> result;
    for (const InterfaceRecord& record : ns.interfaces) {
        if (!record.enabled) continue;
        if (category != nullptr && !IsEqualGUID(record.category, *category)) continue;
        DeviceInterface item;
        item.symbolicLink = record.link;
        item.category = record.category;
        item.device = ObjectRef<DEVICE_OBJECT>::share(record.device);
        item.referenceString = record.reference;
        item.friendlyName = record.friendlyName;
        result.push_back(std::move(item));
    }
    return result;
}

NTSTATUS setDeviceInterfaceFriendlyName(std::u16string_view symbolicLink, std::u16string_view friendlyName)
{
    Namespace& ns = names();
    std::lock_guard lock(ns.lock);
    InterfaceRecord* record = findInterfaceLocked(ns, symbolicLink);
    if (record == nullptr) return STATUS_OBJECT_NAME_NOT_FOUND;
    record->friendlyName = std::u16string(friendlyName);
    return STATUS_SUCCESS;
}

NTSTATUS resolvePath(std::u16string_view path, ResolvedPath* resolved)
{
    if (resolved == nullptr) return STATUS_INVALID_PARAMETER;
    if (path.empty()) return STATUS_OBJECT_NAME_INVALID;
    std::u16string key = lookupKey(path);
    Namespace& ns = names();
    std::lock_guard lock(ns.lock);
    std::u16string rest;
    for (const InterfaceRecord& record : ns.interfaces) {
        if (!record.enabled || !matchesPrefix(key, record.key, path, &rest)) continue;
        resolved->device = ObjectRef<DEVICE_OBJECT>::share(record.device);
        resolved->target = ObjectRef<DEVICE_OBJECT>::share(topOfStackLocked(record.device));
        resolved->fileName = record.reference.empty() ? rest : u"\\" + record.reference + rest;
        return STATUS_SUCCESS;
    }
    for (const auto& [name, device] : ns.devices) {
        if (!matchesPrefix(key, name, path, &rest)) continue;
        resolved->device = ObjectRef<DEVICE_OBJECT>::share(device);
        resolved->target = ObjectRef<DEVICE_OBJECT>::share(topOfStackLocked(device));
        resolved->fileName = rest;
        return STATUS_SUCCESS;
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

std::u16string deviceName(PDEVICE_OBJECT device)
{
    if (device == nullptr) return {};
    return deviceBody(device)->internal.name;
}

NTSTATUS deviceBeginOpen(PDEVICE_OBJECT device)
{
    DeviceBody* body = deviceBody(device);
    {
        std::lock_guard lock(names().lock);
        if (body->internal.deleted) return STATUS_NO_SUCH_DEVICE;
    }
    if (device->Flags & DO_EXCLUSIVE) {
        LONG expected = 0;
        if (!body->internal.openCount.compare_exchange_strong(expected, 1)) return STATUS_ACCESS_DENIED;
        return STATUS_SUCCESS;
    }
    body->internal.openCount.fetch_add(1);
    return STATUS_SUCCESS;
}

void deviceEndOpen(PDEVICE_OBJECT device)
{
    deviceBody(device)->internal.openCount.fetch_sub(1);
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

static POBJECT_TYPE gDriverTypeName = &gDriverType;
static POBJECT_TYPE gDeviceTypeName = &gDeviceType;
POBJECT_TYPE *IoDriverObjectType = &gDriverTypeName;
POBJECT_TYPE *IoDeviceObjectType = &gDeviceTypeName;

NTSTATUS NTAPI IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName,
                              DEVICE_TYPE DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive,
                              PDEVICE_OBJECT* DeviceObject)
{
    if (DeviceObject != nullptr) *DeviceObject = nullptr;
    if (DriverObject == nullptr || DeviceObject == nullptr) return STATUS_INVALID_PARAMETER;
    DriverBody* driver = driverBody(DriverObject);

    ULONG serial = gDeviceSerial.fetch_add(1) + 1;
    std::u16string name(view(DeviceName));
    if (!name.empty() && name.front() != u'\\') return STATUS_OBJECT_NAME_INVALID;
    if (name.empty() && (DeviceCharacteristics & FILE_AUTOGENERATED_DEVICE_NAME)) {
        char buffer[32];
        std::snprintf(buffer, sizeof(buffer), "\\Device\\%08X", static_cast<unsigned>(serial));
        name = widen(buffer);
    }

    size_t bodySize = align16(sizeof(DeviceBody)) + align16(DeviceExtensionSize);
    void* memory;
    NTSTATUS status = createObject(&gDeviceType, bodySize, &memory);
    if (!NT_SUCCESS(status)) return status;
    auto* body = static_cast<DeviceBody*>(memory);
    new (&body->internal) DeviceInternal;
    body->internal.name = std::move(name);
    body->internal.serial = serial;
    body->internal.instance = driver->internal.nextInstance.fetch_add(1);

    PDEVICE_OBJECT device = &body->device;
    device->Type = IO_TYPE_DEVICE;
    device->Size =
        static_cast<USHORT>(sizeof(DEVICE_OBJECT) + (DeviceExtensionSize > 0xffff ? 0 : DeviceExtensionSize));
    device->DriverObject = DriverObject;
    device->Flags = DO_DEVICE_INITIALIZING | (Exclusive ? DO_EXCLUSIVE : 0);
    device->Characteristics = DeviceCharacteristics & ~FILE_AUTOGENERATED_DEVICE_NAME;
    device->DeviceExtension =
        DeviceExtensionSize == 0 ? nullptr : static_cast<char*>(memory) + align16(sizeof(DeviceBody));
    device->DeviceType = DeviceType;
    device->StackSize = 1;
    ObfReferenceObject(DriverObject);

    {
        Namespace& ns = names();
        std::lock_guard lock(ns.lock);
        if (!body->internal.name.empty()) {
            auto [it, inserted] = ns.devices.emplace(lowerCase(body->internal.name), device);
            if (!inserted) status = STATUS_OBJECT_NAME_COLLISION;
        }
        if (NT_SUCCESS(status)) {
            device->NextDevice = DriverObject->DeviceObject;
            DriverObject->DeviceObject = device;
        }
    }
    if (!NT_SUCCESS(status)) {
        body->internal.deleted = true;
        ObfDereferenceObject(device);
        return status;
    }
    *DeviceObject = device;
    return STATUS_SUCCESS;
}

VOID NTAPI IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
    if (DeviceObject == nullptr) return;
    DeviceBody* body = deviceBody(DeviceObject);
    {
        Namespace& ns = names();
        std::lock_guard lock(ns.lock);
        if (body->internal.deleted) return;
        body->internal.deleted = true;
        if (!body->internal.name.empty()) ns.devices.erase(lowerCase(body->internal.name));
        std::erase_if(ns.interfaces, [&](const InterfaceRecord& r) { return r.device == DeviceObject; });
        PDRIVER_OBJECT driver = DeviceObject->DriverObject;
        for (PDEVICE_OBJECT* link = &driver->DeviceObject; *link != nullptr; link = &(*link)->NextDevice) {
            if (*link == DeviceObject) {
                *link = DeviceObject->NextDevice;
                break;
            }
        }
        DeviceObject->NextDevice = nullptr;
        // A device deleted while still attached leaves the stack.
        if (PDEVICE_OBJECT lower = body->internal.attachedTo) {
            __atomic_store_n(&lower->AttachedDevice, DeviceObject->AttachedDevice, __ATOMIC_RELEASE);
            if (PDEVICE_OBJECT upper = DeviceObject->AttachedDevice) deviceBody(upper)->internal.attachedTo = lower;
            body->internal.attachedTo = nullptr;
        } else if (PDEVICE_OBJECT upper = DeviceObject->AttachedDevice) {
            deviceBody(upper)->internal.attachedTo = nullptr;
        }
        __atomic_store_n(&DeviceObject->AttachedDevice, nullptr, __ATOMIC_RELEASE);
    }
    ObfDereferenceObject(DeviceObject);
}

PDEVICE_OBJECT NTAPI IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    if (SourceDevice == nullptr || TargetDevice == nullptr || SourceDevice == TargetDevice) return nullptr;
    DeviceBody* source = deviceBody(SourceDevice);
    std::lock_guard lock(names().lock);
    if (source->internal.attachedTo != nullptr || deviceBody(TargetDevice)->internal.deleted) return nullptr;
    PDEVICE_OBJECT top = topOfStackLocked(TargetDevice);
    if (top == SourceDevice) return nullptr;
    SourceDevice->StackSize = static_cast<CCHAR>(top->StackSize + 1);
    if (top->AlignmentRequirement > SourceDevice->AlignmentRequirement) {
        SourceDevice->AlignmentRequirement = top->AlignmentRequirement;
    }
    source->internal.attachedTo = top;
    __atomic_store_n(&top->AttachedDevice, SourceDevice, __ATOMIC_RELEASE);
    return top;
}

VOID NTAPI IoDetachDevice(PDEVICE_OBJECT TargetDevice)
{
    if (TargetDevice == nullptr) return;
    std::lock_guard lock(names().lock);
    if (PDEVICE_OBJECT upper = TargetDevice->AttachedDevice) deviceBody(upper)->internal.attachedTo = nullptr;
    __atomic_store_n(&TargetDevice->AttachedDevice, nullptr, __ATOMIC_RELEASE);
}

PDEVICE_OBJECT NTAPI IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject)
{
    if (DeviceObject == nullptr) return nullptr;
    std::lock_guard lock(names().lock);
    return topOfStackLocked(DeviceObject);
}

PDEVICE_OBJECT NTAPI IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject)
{
    if (DeviceObject == nullptr) return nullptr;
    std::lock_guard lock(names().lock);
    PDEVICE_OBJECT top = topOfStackLocked(DeviceObject);
    ObfReferenceObject(top);
    return top;
}

NTSTATUS NTAPI IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject, const GUID* InterfaceClassGuid,
                                         PUNICODE_STRING ReferenceString, PUNICODE_STRING SymbolicLinkName)
{
    if (PhysicalDeviceObject == nullptr || InterfaceClassGuid == nullptr || SymbolicLinkName == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    DeviceBody* device = deviceBody(PhysicalDeviceObject);
    std::u16string reference(view(ReferenceString));
    for (char16_t c : reference) {
        if (c == u'\\' || c == u'/' || c == 0) return STATUS_INVALID_PARAMETER;
    }
    std::u16string link(kLinkPrefix);
    link += u"openks#" + linkComponent(device) + u"#" + widen(std::to_string(device->internal.instance)) + u"#" +
            guidToString(*InterfaceClassGuid, false);
    if (!reference.empty()) link += u"\\" + reference;
    if ((link.size() + 1) * sizeof(WCHAR) > 0xfffe) return STATUS_INVALID_PARAMETER;

    {
        Namespace& ns = names();
        std::lock_guard lock(ns.lock);
        if (device->internal.deleted) return STATUS_NO_SUCH_DEVICE;
        if (InterfaceRecord* existing = findInterfaceLocked(ns, link)) {
            if (existing->device != PhysicalDeviceObject) return STATUS_OBJECT_NAME_COLLISION;
        } else {
            InterfaceRecord record;
            record.link = link;
            record.key = lookupKey(link);
            record.category = *InterfaceClassGuid;
            record.device = PhysicalDeviceObject;
            record.reference = reference;
            record.friendlyName = linkComponent(device);
            ns.interfaces.push_back(std::move(record));
        }
    }

    size_t bytes = (link.size() + 1) * sizeof(WCHAR);
    auto* buffer = static_cast<PWSTR>(ExAllocatePoolWithTag(PagedPool, bytes, 0));
    if (buffer == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    std::memcpy(buffer, link.c_str(), bytes);
    SymbolicLinkName->Buffer = buffer;
    SymbolicLinkName->Length = static_cast<USHORT>(link.size() * sizeof(WCHAR));
    SymbolicLinkName->MaximumLength = static_cast<USHORT>(bytes);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable)
{
    if (SymbolicLinkName == nullptr || SymbolicLinkName->Buffer == nullptr) return STATUS_INVALID_PARAMETER;
    Namespace& ns = names();
    std::lock_guard lock(ns.lock);
    InterfaceRecord* record = findInterfaceLocked(ns, view(*SymbolicLinkName));
    if (record == nullptr) return STATUS_OBJECT_NAME_NOT_FOUND;
    record->enabled = Enable != FALSE;
    return STATUS_SUCCESS;
}

}  // extern "C"
