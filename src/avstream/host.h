// SPDX-License-Identifier: MIT
// The driver host: loads minidriver modules, runs their DriverEntry and simulates PnP so their filters get published.
#pragma once

#include <openks/driver.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace openks::avstream {

struct LoadedDriver;

// A module that could not be loaded, and why ("no DriverEntry", the dlopen
// error, "DriverEntry failed with 0xC0000001", ...).
struct LoadError {
    std::string name;
    std::string reason;
};

// A filter factory whose device interfaces are enabled: what a client opens.
struct PublishedFilter {
    std::string driver;              // the driver name ("openks_testdrv")
    std::u16string symbolicLink;     // the first category's interface path
    std::u16string referenceString;  // e.g. "{guid}"
    std::vector<GUID> categories;
};

// The process-wide host of minidrivers.  Loading a driver means: dlopen
// (RTLD_NOW | RTLD_LOCAL), find DriverEntry, make its DRIVER_OBJECT
// ("\Driver\<name>", name = file stem without a "lib" prefix), call
// DriverEntry, then do what Windows PnP does for one device: a PDO
// ("\Device\<name>") on the host's bus driver, the driver's AddDevice, and
// IRP_MN_START_DEVICE through its MajorFunction[IRP_MJ_PNP].  A broken
// module (dlopen error, no DriverEntry, failing DriverEntry, a second
// driver with a name already loaded) is reported on stderr (log.h) and in
// loadErrors(), and skipped; nothing is fatal.  Modules are never unloaded
// (dlclose would pull code from under live objects at exit).
//
//   setenv("OPENKS_DRIVER_PATH", "/opt/drivers", 1);
//   Host::instance().ensureStarted();
//   for (const PublishedFilter& f : Host::instance().publishedFilters()) ...
//
// Threads: every member may be called from any thread.  Loading is
// serialised by one mutex that is held while driver code (DriverEntry,
// AddDevice, Start) runs: it is the outermost lock of the layer and is
// never taken from a dispatch routine.
class Host {
public:
    static Host& instance();

    // Loads, once per process, the bundled drivers
    // (<dir of libopenks.so>/openks/drivers/*.so) and every *.so of each
    // directory in OPENKS_DRIVER_PATH (colon-separated; a missing directory
    // is logged and skipped).  Later calls return at once.
    void ensureStarted();

    // Loads one module.  STATUS_SUCCESS; STATUS_OBJECT_NAME_COLLISION (a
    // driver of that name is loaded); STATUS_UNSUCCESSFUL (dlopen failed);
    // STATUS_PROCEDURE_NOT_FOUND (0xC000007A, no DriverEntry); DriverEntry's,
    // AddDevice's or START's failure status.  Failures are in loadErrors().
    NTSTATUS loadDriver(const std::string& path);
    // Registers a driver whose DriverEntry lives in the calling binary (tests).
    NTSTATUS addDriver(const std::string& name, PDRIVER_INITIALIZE driverEntry);

    std::vector<LoadError> loadErrors() const;
    // Names of the drivers loaded, in load order.
    std::vector<std::string> drivers() const;
    // Every filter factory with enabled device interfaces, in load order.
    std::vector<PublishedFilter> publishedFilters() const;

private:
    Host() = default;

    NTSTATUS start(const std::string& name, PDRIVER_INITIALIZE entry, const std::string& path);
    void recordError(const std::string& name, const std::string& reason);
    void loadDirectory(const std::string& directory, bool quietIfMissing);

    std::once_flag startOnce_;
    std::mutex loadMutex_;      // outermost: serialises loading (driver code runs under it)
    mutable std::mutex mutex_;  // leaf: the lists below
    std::vector<std::unique_ptr<LoadedDriver>> drivers_;
    std::vector<LoadError> errors_;
};

}  // namespace openks::avstream
