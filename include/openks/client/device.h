/* openks: C++ only */
// SPDX-License-Identifier: MIT
// openks::Device: the published KS filters of a category, as openks::listDevices returns them.
#pragma once

// Drivers publish each filter in one or more categories (KSCATEGORY_AUDIO,
// KSCATEGORY_RENDER, ...).  listDevices lists the filters of one category
// with every category each is also published in, so a client can pick a
// render device without walking SetupDi aliases itself:
//
//   for (const openks::Device& d : openks::listDevices(KSCATEGORY_AUDIO).value())
//       if (d.hasCategory(KSCATEGORY_RENDER)) std::cout << d.friendlyName << ": " << d.path << '\n';
//
// The first call in a process starts the in-process host.
//
// Threads: any thread.

#include <openks/client/result.h>
#include <openks/ks.h>

#include <string>
#include <vector>

namespace openks {

struct Device {
    // The device interface path of the filter in the requested category (what Filter::open and CreateFile take).
    std::string path;
    // A human-readable name (the driver's), never empty.
    std::string friendlyName;
    // Every category this filter is published in, the requested one first.
    std::vector<GUID> categories;

    bool hasCategory(const GUID& category) const noexcept;
};

// The filters published in `category`, in the order SetupDiEnumDeviceInterfaces gives them.
Result<std::vector<Device>> listDevices(const GUID& category);

}  // namespace openks
