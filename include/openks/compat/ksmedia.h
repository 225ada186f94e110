/* SPDX-License-Identifier: MIT */
/* Windows <ksmedia.h> for sources built against openks: media formats and audio/video property sets. */
#pragma once

#include <openks/ks.h>
