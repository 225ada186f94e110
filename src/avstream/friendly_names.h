// SPDX-License-Identifier: MIT
// Display names for well-known pin-name, pin-category and node-type GUIDs (Windows reads them from the registry; openks
// has a small table).
#pragma once

#include <openks/ks.h>

#include <string>

namespace openks::avstream {

// The display name Windows shows for a well-known KSNODETYPE_* / PINNAME_* /
// KSCATEGORY_* GUID ("Speakers", "Microphone", "Capture", ...), or an empty
// string for any other GUID.  Pure; any thread.
std::u16string friendlyName(const GUID& guid);

}  // namespace openks::avstream
