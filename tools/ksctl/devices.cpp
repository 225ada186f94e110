// SPDX-License-Identifier: MIT
// Enumerating KS filters once each across their category aliases, and resolving a DEVICE argument.
#include "ksctl/devices.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "ksctl/failure.h"
#include "ksctl/names.h"

namespace ksctl {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The parts of "\\?\openks#<device>#<instance>#{<category>}\<reference>" (setupapi.h): the filter's
// identity is the path without its category, which every alias shares.
struct PathParts {
    std::string driver;
    std::string reference;
    std::string identity;
};

PathParts splitPath(const std::string& path)
{
    PathParts parts;
    const size_t first = path.find('#');
    const size_t second = first == std::string::npos ? std::string::npos : path.find('#', first + 1);
    if (first != std::string::npos) {
        parts.driver = path.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    }
    const size_t open = path.rfind("#{");
    const size_t close = open == std::string::npos ? std::string::npos : path.find('}', open);
    if (open != std::string::npos && close != std::string::npos) {
        parts.identity = lower(path.substr(0, open) + path.substr(close + 1));
        const size_t slash = path.find('\\', close);
        if (slash != std::string::npos) parts.reference = path.substr(slash + 1);
    } else {
        parts.identity = lower(path);
    }
    return parts;
}

std::string knownDevicesHint(const std::vector<Device>& devices)
{
    if (devices.empty()) return "no devices are published (are the drivers built? see OPENKS_DRIVER_PATH)";
    std::string text = "known devices:";
    for (const Device& d : devices)
        text += fmt::format("\n    {:<12} {}", d.driver, d.path);
    return text;
}

}  // namespace

std::vector<Device> enumerateDevices()
{
    std::map<std::string, Device> byIdentity;
    for (const CategoryName& category : knownCategories()) {
        openks::Result<std::vector<openks::Device>> listed = openks::listDevices(*category.guid);
        if (!listed) {
            throw Failure(Exit::Failed,
                          fmt::format("cannot enumerate {}: {}", category.name, listed.error().message()));
        }
        for (const openks::Device& found : *listed) {
            PathParts parts = splitPath(found.path);
            auto [it, inserted] = byIdentity.try_emplace(parts.identity);
            Device& device = it->second;
            if (inserted) {
                // Found first in the most preferred category: this alias is the main path.
                device.path = found.path;
                device.friendlyName = found.friendlyName;
                device.driver = parts.driver;
                device.reference = parts.reference;
            }
            bool known = false;
            for (const GUID& c : device.categories)
                known = known || IsEqualGUID(c, *category.guid);
            if (!known) {
                device.categories.push_back(*category.guid);
                device.aliases.push_back(found.path);
            }
        }
    }
    std::vector<Device> devices;
    devices.reserve(byIdentity.size());
    for (auto& [identity, device] : byIdentity)
        devices.push_back(std::move(device));
    std::sort(devices.begin(), devices.end(), [](const Device& a, const Device& b) {
        return lower(a.driver) != lower(b.driver) ? lower(a.driver) < lower(b.driver) : a.path < b.path;
    });
    return devices;
}

std::vector<const Device*> resolve(const std::vector<Device>& devices, std::string_view name)
{
    std::vector<const Device*> matches;
    if (name.empty()) return matches;
    const std::string wanted = lower(name);
    for (const Device& d : devices) {
        for (const std::string& alias : d.aliases) {
            if (lower(alias) == wanted) return {&d};
        }
    }
    for (const Device& d : devices) {
        if (lower(d.driver) == wanted || lower(d.friendlyName) == wanted) matches.push_back(&d);
    }
    if (!matches.empty()) return matches;
    for (const Device& d : devices) {
        for (const std::string& alias : d.aliases) {
            if (lower(alias).find(wanted) != std::string::npos) {
                matches.push_back(&d);
                break;
            }
        }
    }
    return matches;
}

const Device& resolveOne(const std::vector<Device>& devices, std::string_view name)
{
    std::vector<const Device*> matches = resolve(devices, name);
    if (matches.empty()) {
        throw Failure(Exit::DeviceNotFound, fmt::format("no device matches '{}'", name),
                      {knownDevicesHint(devices),
                       "name a device by driver (tone), by path, or by a unique part of its path; 'ksctl list' "
                       "shows them"});
    }
    if (matches.size() > 1) {
        std::string text = "it matches:";
        for (const Device* d : matches)
            text += fmt::format("\n    {:<12} {}", d->driver, d->path);
        throw Failure(Exit::DeviceNotFound, fmt::format("'{}' matches {} devices; name one", name, matches.size()),
                      {text, "give the full path or a longer part of it"});
    }
    return *matches.front();
}

std::string describeDevice(const Device& device)
{
    return fmt::format("{} ({})", device.driver, device.path);
}

std::string filterLabel(const Device& device)
{
    return fmt::format("filter({})", device.driver);
}

}  // namespace ksctl
