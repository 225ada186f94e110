/* SPDX-License-Identifier: MIT */
/* Windows <windef.h> for sources built against openks: the base types (BYTE, DWORD, RECT, SIZE, ...). */
#pragma once

#include <openks/ks/wintypes.h>
