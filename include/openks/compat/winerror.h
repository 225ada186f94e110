/* SPDX-License-Identifier: MIT */
/* Windows <winerror.h> for sources built against openks: Win32 error codes and HRESULT helpers. */
#pragma once

#include <openks/ks/winerror.h>
