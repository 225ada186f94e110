// SPDX-License-Identifier: MIT
// The KS filters a client can open (one entry per filter, all its categories) and how a DEVICE argument names one.

// Drivers publish each filter under one interface path per category
// ("\\?\openks#<device>#<instance>#{<category>}\<reference>"); every alias
// opens the same filter.  enumerateDevices() lists each filter once, with
// its main path (the one in the first of ksctl's preferred categories: audio,
// video, capture, render, ...) and every category it is published in.
//
// A DEVICE argument is an interface path (any alias), a driver name
// ("tone"), a friendly name, or a substring of a path, matched without
// regard to case:
//
//   std::vector<Device> all = enumerateDevices();
//   const Device& d = resolveOne(all, "tone");   // throws Failure(DeviceNotFound) listing the known devices
//
// Threads: any; enumeration starts the in-process host on first use.
#pragma once

#include <openks/client.h>

#include <string>
#include <string_view>
#include <vector>

namespace ksctl {

struct Device {
    std::string path;          // the main interface path
    std::string friendlyName;  // the driver's name for it
    std::string driver;        // the <device> part of the path ("tone")
    std::string reference;     // the <reference> part of the path ("{2653F5EC-...}")
    std::vector<GUID> categories;
    std::vector<std::string> aliases;  // every interface path, one per category, in `categories` order
};

// Every published filter, sorted by driver then path.  Filters published only in categories ksctl does
// not know are not listed.  Throws Failure(Failed) when enumeration itself fails.
std::vector<Device> enumerateDevices();

// The devices `name` designates (see the top of this file): an exact path or alias, else the filters of a
// driver or with that friendly name, else those whose paths contain `name`.  Empty when none.
std::vector<const Device*> resolve(const std::vector<Device>& devices, std::string_view name);

// resolve() for commands that need exactly one filter: throws Failure(DeviceNotFound) when nothing
// matches (listing the known devices) or when several do (listing them).
const Device& resolveOne(const std::vector<Device>& devices, std::string_view name);

// "tone (\\?\openks#tone#0#{...}\{...})": how messages name a device.
std::string describeDevice(const Device& device);

// The device's label in traces: "filter(tone)".
std::string filterLabel(const Device& device);

}  // namespace ksctl
