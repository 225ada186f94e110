/* SPDX-License-Identifier: MIT */
/* <winreg.h> for KS client source built on Linux: the registry calls on device-interface keys. */
#pragma once

#include <openks/client/winreg.h>
