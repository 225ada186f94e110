// SPDX-License-Identifier: MIT
// The read-only registry keys openks hands out (device-interface keys), for SetupDiOpenDeviceInterfaceRegKey.
#pragma once

#include <openks/client/winreg.h>

#include <string>
#include <vector>

namespace openks::client {

// One REG_SZ value of a key.
struct RegistryString {
    std::u16string name;
    std::u16string text;
};

// A new open key holding `values` (RegCloseKey frees it), or nullptr when
// memory runs out.  Any thread.
HKEY openRegistryKey(std::vector<RegistryString> values);

}  // namespace openks::client
