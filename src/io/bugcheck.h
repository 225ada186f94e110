// SPDX-License-Identifier: MIT
// Stopping the process on a broken kernel-mode invariant, with a sentence saying which.
#pragma once

#include <openks/ks/wdm.h>

namespace openks::io {

// REFERENCE_BY_POINTER: an object count went below zero or a pointer is not an object.
constexpr ULONG kReferenceByPointer = 0x18;

// Prints `reason` to stderr, then KeBugCheckEx(code, p1..p4).  Never returns.
[[noreturn]] void bugCheck(ULONG code, const char* reason, ULONG_PTR p1 = 0, ULONG_PTR p2 = 0, ULONG_PTR p3 = 0,
                           ULONG_PTR p4 = 0);

}  // namespace openks::io
