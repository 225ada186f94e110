/* SPDX-License-Identifier: MIT */
/* <setupapi.h> for KS client source built on Linux: device-interface enumeration (SetupDi*). */
#pragma once

#include <openks/client/setupapi.h>
