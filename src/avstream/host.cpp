// SPDX-License-Identifier: MIT
// The driver host: where drivers are found (bundled directory, OPENKS_DRIVER_PATH), the load lists and the published
// filters.
#include "avstream/host.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "avstream/device.h"
#include "avstream/driver.h"
#include "avstream/filter_factory.h"
#include "avstream/log.h"

namespace openks::avstream {

namespace {

// A module without DriverEntry.
constexpr NTSTATUS kStatusProcedureNotFound = STATUS_PROCEDURE_NOT_FOUND;

// Any function of libopenks.so: dladdr on it names the library's file.
void anchor() {}

std::string bundledDriverDirectory()
{
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&anchor), &info) == 0 || info.dli_fname == nullptr) {
        return {};
    }
    std::error_code error;
    std::filesystem::path library = std::filesystem::canonical(info.dli_fname, error);
    if (error) {
        library = info.dli_fname;
    }
    return (library.parent_path() / "openks" / "drivers").string();
}

}  // namespace

Host& Host::instance()
{
    // Never destroyed: drivers stay loaded to process exit.
    static Host* host = new Host;
    return *host;
}

void Host::ensureStarted()
{
    std::call_once(startOnce_, [this] {
        const std::string bundled = bundledDriverDirectory();
        if (!bundled.empty()) {
            loadDirectory(bundled, true);
        }
        if (const char* path = std::getenv("OPENKS_DRIVER_PATH"); path != nullptr) {
            std::string list = path;
            size_t begin = 0;
            while (begin <= list.size()) {
                size_t end = list.find(':', begin);
                if (end == std::string::npos) {
                    end = list.size();
                }
                if (end > begin) {
                    loadDirectory(list.substr(begin, end - begin), false);
                }
                begin = end + 1;
            }
        }
    });
}

void Host::loadDirectory(const std::string& directory, bool quietIfMissing)
{
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error)) {
        if (!quietIfMissing) {
            logLine("driver directory %s does not exist; skipped", directory.c_str());
        }
        return;
    }
    std::vector<std::string> modules;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (entry.path().extension() == ".so") {
            modules.push_back(entry.path().string());
        }
    }
    std::sort(modules.begin(), modules.end());  // a stable load order
    for (const std::string& module : modules) {
        (void)loadDriver(module);
    }
}

NTSTATUS Host::loadDriver(const std::string& path)
{
    const std::string name = driverNameFromPath(path);
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
        const char* reason = dlerror();
        recordError(name, std::string("cannot load: ") + (reason != nullptr ? reason : "unknown dlopen error"));
        return STATUS_UNSUCCESSFUL;
    }
    auto entry = reinterpret_cast<PDRIVER_INITIALIZE>(dlsym(module, "DriverEntry"));
    if (entry == nullptr) {
        recordError(name, "no DriverEntry symbol");
        return kStatusProcedureNotFound;
    }
    // The module stays loaded even if it fails: its code may be referenced by
    // objects it made before failing, and dlclose at that point is unsafe.
    return start(name, entry, path);
}

NTSTATUS Host::addDriver(const std::string& name, PDRIVER_INITIALIZE driverEntry)
{
    if (name.empty() || driverEntry == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return start(name, driverEntry, std::string());
}

NTSTATUS Host::start(const std::string& name, PDRIVER_INITIALIZE entry, const std::string& path)
{
    std::lock_guard load(loadMutex_);
    {
        std::lock_guard lock(mutex_);
        for (const auto& driver : drivers_) {
            if (driver->name == name) {
                recordErrorLocked(errors_, name, "a driver with this name is already loaded");
                return STATUS_OBJECT_NAME_COLLISION;
            }
        }
    }
    std::unique_ptr<LoadedDriver> driver;
    std::string reason;
    NTSTATUS status = startDriver(name, entry, path, &driver, &reason);
    if (!NT_SUCCESS(status)) {
        recordError(name, reason);
        return status;
    }
    std::lock_guard lock(mutex_);
    drivers_.push_back(std::move(driver));
    return STATUS_SUCCESS;
}

void Host::recordError(const std::string& name, const std::string& reason)
{
    std::lock_guard lock(mutex_);
    recordErrorLocked(errors_, name, reason);
}

std::vector<LoadError> Host::loadErrors() const
{
    std::lock_guard lock(mutex_);
    return errors_;
}

std::vector<std::string> Host::drivers() const
{
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& driver : drivers_) {
        names.push_back(driver->name);
    }
    return names;
}

std::vector<PublishedFilter> Host::publishedFilters() const
{
    std::vector<PublishedFilter> published;
    for (Device* device : Device::all()) {
        for (FilterFactory* factory : device->factories()) {
            if (!factory->classesEnabled()) {
                continue;
            }
            const std::vector<std::u16string> links = factory->symbolicLinks();
            if (links.empty()) {
                continue;
            }
            PublishedFilter filter;
            filter.driver = device->name();
            filter.symbolicLink = links.front();
            filter.referenceString = factory->referenceString();
            const KSFILTER_DESCRIPTOR* descriptor = factory->descriptor();
            filter.categories.assign(descriptor->Categories, descriptor->Categories + descriptor->CategoriesCount);
            published.push_back(std::move(filter));
        }
    }
    return published;
}

}  // namespace openks::avstream
