// SPDX-License-Identifier: MIT
// SET.ID property names as ksctl's command line writes them, and NAME=VALUE assignments for a pin.

// A property is named "<set>.<id>": the set by its short name ("Pin",
// "Connection", "Tone"), its KS name ("KSPROPSETID_Pin") or a GUID in braces;
// the id by its name ("CTypes", "DATARANGES", "KSPROPERTY_PIN_CTYPES") or a
// number.  Names ignore case and underscores.
//
//   PropertyRef p = parsePropertyRef("Pin.DataRanges");        // KSPROPSETID_Pin, 3, ValueType::DataRanges
//   PropertyRef raw = parsePropertyRef("{8C134960-51AD-11CF-878A-94F801C10000}.1");
//   Assignment a = parseAssignment("Tone.Frequency=440");       // the SET bytes, checked against the type
//
// Both throw Failure(Usage) with the known names as a hint when the text
// does not name a property or the value does not fit its type.  Pure
// functions over the name tables; any thread.
#pragma once

#include <openks/ks.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ksctl/names.h"

namespace ksctl {

struct PropertyRef {
    GUID set{};
    ULONG id = 0;
    ValueType type = ValueType::Unknown;
    std::string label;  // "KSPROPSETID_Pin/CTYPES"
};

PropertyRef parsePropertyRef(std::string_view text);

struct Assignment {
    PropertyRef property;
    std::string valueText;
    std::vector<std::byte> value;
};

// "SET.ID=VALUE".
Assignment parseAssignment(std::string_view text);

// The bytes for VALUE as `property`'s type; throws Failure(Usage) explaining the expected form.
std::vector<std::byte> parsePropertyValue(const PropertyRef& property, std::string_view value);

}  // namespace ksctl
