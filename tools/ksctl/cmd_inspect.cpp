// SPDX-License-Identifier: MIT
// ksctl inspect: everything a filter says about itself — pins, data ranges, property sets, topology.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "ksctl/commands.h"
#include "ksctl/devices.h"
#include "ksctl/failure.h"
#include "ksctl/filter_info.h"
#include "ksctl/pin_setup.h"

namespace ksctl {

int runInspect(const InspectOptions& options)
{
    std::vector<Device> devices = enumerateDevices();
    std::vector<const Device*> matches = resolve(devices, options.device);
    if (matches.empty()) resolveOne(devices, options.device);  // throws with the known devices
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    std::string text;
    for (const Device* device : matches) {
        OpenedFilter filter(*device);
        if (options.json) {
            out.push_back(filterJson(*device, filter.info()));
        } else {
            text += (text.empty() ? "" : "\n") + filterText(*device, filter.info());
        }
    }
    if (options.json) {
        std::fputs((out.dump(2) + "\n").c_str(), stdout);
    } else {
        std::fputs(text.c_str(), stdout);
    }
    return 0;
}

}  // namespace ksctl
