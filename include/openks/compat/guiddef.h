/* SPDX-License-Identifier: MIT */
/* Windows <guiddef.h> for sources built against openks: GUID, DEFINE_GUID and IsEqualGUID. */
#pragma once

#include <openks/ks/guid.h>
