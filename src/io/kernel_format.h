// SPDX-License-Identifier: MIT
// The kernel's printf language (DbgPrint, RtlStringCbPrintf): one formatter for char and WCHAR output.
#pragma once

#include <openks/ks/wintypes.h>

#include <cstdarg>
#include <string>

namespace openks::io {

// Formats `format` with the arguments in `*args` (consumed) into a new
// string.  The subset is documented in <ntstrsafe.h>: C conversions with the
// Windows length modifiers (l is 32 bits; I64, I, w), %s / %S / %ls / %ws /
// %hs, %Z / %wZ, %p as 16 upper-case hex digits.  char text is UTF-8; WCHAR
// text is UTF-16.  A null format yields an empty string.  Any thread.
std::string formatKernel(const char* format, va_list* args);
std::u16string formatKernel(const char16_t* format, va_list* args);

}  // namespace openks::io
