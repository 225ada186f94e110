// SPDX-License-Identifier: MIT
// UTF-16 string helpers for names and paths: conversion, ASCII case folding, GUID text.
#pragma once

#include <openks/ks/wdm.h>

#include <string>
#include <string_view>

namespace openks::io {

// UTF-8 to UTF-16 and back; malformed input becomes U+FFFD.
std::u16string widen(std::string_view utf8);
std::string narrow(std::u16string_view utf16);

// ASCII-only case folding, as object names are compared.
char16_t foldCase(char16_t c);
bool equalNoCase(std::u16string_view a, std::u16string_view b);
std::u16string lowerCase(std::u16string_view text);

// The characters of a UNICODE_STRING (Length / 2 of them; none for a null buffer).
std::u16string_view view(const UNICODE_STRING& string);
std::u16string_view view(const UNICODE_STRING* string);

// "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}", upper or lower case hex.
std::u16string guidToString(const GUID& guid, bool upperCase);
// Parses that form (either case).  False if malformed.
bool guidFromString(std::u16string_view text, GUID* guid);

}  // namespace openks::io
