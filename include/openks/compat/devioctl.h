/* SPDX-License-Identifier: MIT */
/* Windows <devioctl.h> for sources built against openks: CTL_CODE, transfer methods, access bits and device types. */
#pragma once

#include <openks/ks/ioctl.h>
