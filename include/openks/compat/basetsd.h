/* SPDX-License-Identifier: MIT */
/* Windows <basetsd.h> for sources built against openks: the sized and pointer-sized integer types. */
#pragma once

#include <openks/ks/wintypes.h>
