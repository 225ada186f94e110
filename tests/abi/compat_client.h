// SPDX-License-Identifier: MIT
// The C half of compat_client_test: client code compiled as C11 against the compat headers.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0 when the C build of the client code sees the layouts and values clients rely on; otherwise 1 and a reason. */
int openks_compat_client_c_check(char* why, size_t n);

#ifdef __cplusplus
}
#endif
