/* SPDX-License-Identifier: MIT */
/* Windows <ksproxy.h> for sources built against openks: the KS types plus, when present, the user-mode KS client API.
 */
#pragma once

#include <openks/ks.h>
#if __has_include(<openks/client.h>)
#include <openks/client.h>
#endif
