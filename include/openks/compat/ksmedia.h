/* SPDX-License-Identifier: MIT */
/* Windows <ksmedia.h> for sources built against openks: media formats, audio and video property sets (all in <openks/ks.h>). */
#pragma once

#include <openks/ks.h>
