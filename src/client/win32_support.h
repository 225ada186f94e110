// SPDX-License-Identifier: MIT
// What the Win32-style calls share: the per-thread last error, status translation, millisecond timeouts, text.
#pragma once

#include <openks/client/win32.h>
#include <openks/ks/status.h>
#include <openks/ks/wdm.h>

#include <string>
#include <string_view>

namespace openks::client {

// The calling thread's last error (GetLastError/SetLastError).
DWORD lastError() noexcept;
void setLastError(DWORD error) noexcept;

// Set the last error (to `error`, or to RtlNtStatusToDosError(status)) and return FALSE.
BOOL failWithError(DWORD error) noexcept;
BOOL failWithStatus(NTSTATUS status) noexcept;

// A KeWaitFor*-style timeout for `milliseconds`: null for INFINITE, else
// `storage` filled with the relative time.
const LARGE_INTEGER* waitTimeout(DWORD milliseconds, LARGE_INTEGER* storage) noexcept;

// The characters of a NUL-terminated UTF-16 string.
std::u16string_view terminated(const char16_t* text) noexcept;

}  // namespace openks::client
