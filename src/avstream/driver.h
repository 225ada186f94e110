// SPDX-License-Identifier: MIT
// Starting one minidriver: its DRIVER_OBJECT, DriverEntry, and the PnP steps Windows takes for its device.
#pragma once

#include <openks/driver.h>

#include <memory>
#include <string>
#include <vector>

#include "avstream/host.h"
#include "io/object.h"

namespace openks::avstream {

// One driver the host started.  Lives to process exit.
struct LoadedDriver {
    std::string name;
    std::string path;  // empty for drivers added from the calling binary
    io::ObjectRef<DRIVER_OBJECT> object;
    PDEVICE_OBJECT pdo = nullptr;  // the device the host's bus driver made for it
};

// "…/libtone.so" -> "tone", "…/openks_testdrv.so" -> "openks_testdrv".
std::string driverNameFromPath(const std::string& path);

// Makes the DRIVER_OBJECT, calls DriverEntry, then simulates PnP: a PDO
// named "\Device\<name>" on the host's bus driver, the driver's AddDevice
// and IRP_MN_START_DEVICE sent to the top of the device stack.  On failure
// `reason` says what failed (DriverEntry's status, a failed AddDevice or
// START) and the status is returned.  Called under Host's load mutex.
NTSTATUS startDriver(const std::string& name, PDRIVER_INITIALIZE entry, const std::string& path,
                     std::unique_ptr<LoadedDriver>* driver, std::string* reason);

// Logs "driver <name> skipped: <reason>" and appends it to `errors`.
void recordErrorLocked(std::vector<LoadError>& errors, const std::string& name, const std::string& reason);

}  // namespace openks::avstream
