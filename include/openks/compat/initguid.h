/* SPDX-License-Identifier: MIT */
/* Windows <initguid.h> for sources built against openks: harmless, since openks GUIDs are weak definitions everywhere.
 */
#pragma once

#ifndef INITGUID
#define INITGUID
#endif
#include <openks/ks/guid.h>
