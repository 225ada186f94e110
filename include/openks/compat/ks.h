/* SPDX-License-Identifier: MIT */
/* Windows <ks.h> for sources built against openks: the Kernel Streaming types, constants and GUIDs. */
#pragma once

#include <openks/ks.h>

/* As on Windows, user-mode code (no _NTDDK_) also gets ksuser's KsCreatePin, KsCreateClock, ... */
#if !defined(_NTDDK_)
#include <openks/client/ksuser.h>
#endif
