/* SPDX-License-Identifier: MIT */
/* Windows <ks.h> for sources built against openks: the Kernel Streaming types, constants and GUIDs. */
#pragma once

#include <openks/ks.h>
