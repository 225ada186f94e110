// SPDX-License-Identifier: MIT
// Creating KS child objects (pins, clocks, allocators, nodes) by object class name, shared by ksuser and the C++ API.
#pragma once

#include <openks/ks.h>

#include <cstddef>

namespace openks::client {

// The longest create name a UNICODE_STRING can carry (its Length is a USHORT).
constexpr size_t kMaxCreateNameBytes = 0xFFFC;

// Creates the child of `parent` named `objectClass` ('\0'-terminated UTF-16,
// e.g. KSSTRING_Pin) + '\' + the `bytes` bytes at `parameters`, overlapped,
// as UserMode.  STATUS_INVALID_PARAMETER for null pointers or a name longer
// than kMaxCreateNameBytes; otherwise the transport's / driver's status.
[[nodiscard]] NTSTATUS createObject(HANDLE parent, const char16_t* objectClass, const void* parameters, size_t bytes,
                                    ACCESS_MASK access, HANDLE* handle);

// How many bytes a pin create carries from `connect`: the KSPIN_CONNECT, the
// KSDATAFORMAT after it (FormatSize bytes) and, with KSDATAFORMAT_ATTRIBUTES,
// the attribute list 8-byte aligned after the format.  0 when FormatSize is
// below sizeof(KSDATAFORMAT) or a size would make the name too long.
size_t pinCreateBytes(const KSPIN_CONNECT* connect);

}  // namespace openks::client
