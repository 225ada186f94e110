// SPDX-License-Identifier: MIT
// Drivers, devices, the device namespace and device interfaces (symbolic links clients open).
#pragma once

#include <openks/ks/wdm.h>

#include <string>
#include <string_view>
#include <vector>

#include "io/object.h"

namespace openks::io {

// Drivers and devices are objects.  A driver object comes from createDriver
// (IoCreateDevice accepts no other); its devices come from IoCreateDevice.
// A device published with IoRegisterDeviceInterface + IoSetDeviceInterfaceState
// is opened by its symbolic link:
//
//   \\?\openks#<device name>#<instance>#{<category guid, lower case>}\<reference string>
//
// <device name> is the device object's name without "\Device\" ("tone" for
// "\Device\tone"; "\" inside it becomes "_"; unnamed devices are "dev" + a
// serial), <instance> the decimal creation index of the device within its
// driver (0 for the first), and "\<reference string>" is absent for an empty
// reference string.  Lookups ignore ASCII case and accept "\??\" or "\\.\"
// for "\\?\".  Device names ("\Device\tone") can be opened too.
//
//   ObjectRef<DRIVER_OBJECT> driver;
//   NTSTATUS s = createDriver(u"tone", ToneDriverEntry, &driver);
//   for (const DeviceInterface& i : enumerateDeviceInterfaces(&KSCATEGORY_AUDIO)) ...
//
// Threads: everything here may be called from any thread.  One process-wide
// mutex guards the namespace; it is never held while driver code runs.

// Creates a driver object ("\Driver\<name>", ServiceKeyName <name>), calls
// `initialize` (DriverEntry) with the registry path
// "\Registry\Machine\System\CurrentControlSet\Services\<name>" and returns
// the driver with one reference for the caller.  Fails with DriverEntry's
// status (the driver object is then deleted without DriverUnload),
// STATUS_INVALID_PARAMETER for an empty name or null arguments,
// STATUS_INSUFFICIENT_RESOURCES.
[[nodiscard]] NTSTATUS createDriver(std::u16string_view name, PDRIVER_INITIALIZE initialize,
                                    ObjectRef<DRIVER_OBJECT>* driver);
// Calls the driver's DriverUnload, if it set one.  The caller's reference stays.
void unloadDriver(PDRIVER_OBJECT driver);

// One enabled device interface.  `device` is the device the interface was
// registered on (usually the PDO), referenced.
struct DeviceInterface {
    std::u16string symbolicLink;
    GUID category{};
    ObjectRef<DEVICE_OBJECT> device;
    std::u16string referenceString;
    std::u16string friendlyName;  // the <device name> part unless set
};

// The enabled interfaces, in registration order, of `category` (all when null).
std::vector<DeviceInterface> enumerateDeviceInterfaces(const GUID* category = nullptr);

// Sets the name enumerateDeviceInterfaces reports for an interface.
// STATUS_OBJECT_NAME_NOT_FOUND for an unknown link.
[[nodiscard]] NTSTATUS setDeviceInterfaceFriendlyName(std::u16string_view symbolicLink,
                                                      std::u16string_view friendlyName);

// What a path names, for a create.
struct ResolvedPath {
    ObjectRef<DEVICE_OBJECT> device;  // the named device (FILE_OBJECT::DeviceObject)
    ObjectRef<DEVICE_OBJECT> target;  // top of its stack, which receives IRP_MJ_CREATE
    std::u16string fileName;          // FILE_OBJECT::FileName: "\" + reference string [+ rest], or ""
};

// Resolves an enabled interface link or a device name, optionally followed by
// "\" and more.  STATUS_OBJECT_NAME_INVALID for an empty path,
// STATUS_OBJECT_NAME_NOT_FOUND for anything else unknown or disabled.
[[nodiscard]] NTSTATUS resolvePath(std::u16string_view path, ResolvedPath* resolved);

// The device's name ("\Device\tone"), empty if it has none.
std::u16string deviceName(PDEVICE_OBJECT device);

// Open accounting for creates (file objects call these): fails with
// STATUS_NO_SUCH_DEVICE once the device was deleted, STATUS_ACCESS_DENIED for
// a second open of an exclusive device.
[[nodiscard]] NTSTATUS deviceBeginOpen(PDEVICE_OBJECT device);
void deviceEndOpen(PDEVICE_OBJECT device);

}  // namespace openks::io
