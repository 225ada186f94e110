/* SPDX-License-Identifier: MIT */
/* Windows <ksguid.h> for sources built against openks: instantiates the KS GUIDs, which openks always does. */
#pragma once

#ifndef INITGUID
#define INITGUID
#endif
#include <openks/ks.h>
