// SPDX-License-Identifier: MIT
// openks::listDevices: the filters of a category with all their categories, from the transport's interface list.
#include <openks/client/device.h>

#include "client/transport.h"
#include "io/strings.h"

namespace openks {

bool Device::hasCategory(const GUID& category) const noexcept
{
    for (const GUID& own : categories) {
        if (IsEqualGUID(own, category)) return true;
    }
    return false;
}

Result<std::vector<Device>> listDevices(const GUID& category)
{
    std::vector<client::InterfaceInfo> all;
    NTSTATUS status = client::transport().enumerateInterfaces(nullptr, &all);
    if (!NT_SUCCESS(status)) return make_ntstatus_error(status);
    std::vector<Device> devices;
    for (const client::InterfaceInfo& itf : all) {
        if (!IsEqualGUID(itf.category, category)) continue;
        Device device;
        device.path = io::narrow(itf.path);
        device.friendlyName = io::narrow(itf.friendlyName.empty() ? itf.device : itf.friendlyName);
        device.categories.push_back(category);
        // The same filter in other categories: same device, same reference string.
        for (const client::InterfaceInfo& alias : all) {
            if (alias.device == itf.device && io::equalNoCase(alias.reference, itf.reference) &&
                !device.hasCategory(alias.category)) {
                device.categories.push_back(alias.category);
            }
        }
        devices.push_back(std::move(device));
    }
    return devices;
}

}  // namespace openks
