/* SPDX-License-Identifier: MIT */
/* Windows <mmsystem.h> for sources built against openks: the wave format structures KS audio uses. */
#pragma once

#include <openks/ks.h>
