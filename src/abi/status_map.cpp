// SPDX-License-Identifier: MIT
// NTSTATUS -> Win32 error translation (placeholder until the status map lands).
#include <openks/ks/ntstatus.h>
