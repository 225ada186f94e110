/* SPDX-License-Identifier: MIT */
/* Windows <mmreg.h> for sources built against openks: WAVEFORMATEX, WAVEFORMATEXTENSIBLE and the WAVE_FORMAT_* tags. */
#pragma once

#include <openks/ks.h>
