// SPDX-License-Identifier: MIT
// Property values as text and JSON: decoding what a GET returns, parsing what a SET sends, and BASICSUPPORT answers.

// A property's ValueType (names.h) says how its bytes read.  decodeValue()
// turns a GET's answer into lines of text and a JSON value; parseValue()
// turns the text a user typed into the bytes a SET sends, or explains why
// it cannot:
//
//   std::vector<std::byte> bytes;
//   std::string why;
//   if (!parseValue(ValueType::State, "run", &bytes, &why)) ...   // bytes = {3, 0, 0, 0}
//   DecodedValue v = decodeValue(ValueType::State, bytes);         // v.text = "RUN (3)", v.json = "RUN"
//
// Unknown types decode as a hex dump and parse from "hex:0a0b..." or an
// integer (4 bytes, or 8 with a u64:/i64: prefix).  Pure functions; any thread.
#pragma once

#include <openks/ks.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ksctl/names.h"

namespace ksctl {

struct DecodedValue {
    std::string text;             // one line, or several separated by '\n' (indented by the caller)
    nlohmann::ordered_json json;  // the same value for --json
};

DecodedValue decodeValue(ValueType type, std::span<const std::byte> bytes);

// Parses `text` for a SET of a `type` property.  False with *why when the text does not fit the type.
bool parseValue(ValueType type, std::string_view text, std::vector<std::byte>* bytes, std::string* why);

// "0x00 0x01 ..." lines of 16 bytes.
std::string hexDump(std::span<const std::byte> bytes);

// A KSPROPERTY_TYPE_BASICSUPPORT answer: access flags, the value type and the member lists (ranges,
// stepped ranges or values, as LONG/ULONG or 64-bit values).
DecodedValue decodeBasicSupport(std::span<const std::byte> bytes);

// A UTF-16 (WCHAR) string as UTF-8, up to its NUL.
std::string narrow(std::span<const std::byte> utf16);
// UTF-8 to NUL-terminated UTF-16 bytes.  False for ill-formed UTF-8.
bool widen(std::string_view utf8, std::vector<std::byte>* utf16);

}  // namespace ksctl
