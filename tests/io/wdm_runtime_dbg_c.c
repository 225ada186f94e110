/* SPDX-License-Identifier: MIT */
/* The assertion macros from C in a checked (DBG=1) build. */
#define DBG 1
#include <ntddk.h>

#include "io/wdm_runtime_c.h"

int openks_test_wdm_runtime_dbg_c(void)
{
    volatile int one = 1;
    ASSERT(one == 1);
    NT_ASSERT(one == 1);
    ASSERTMSG("one is one", one == 1);
    if (!NT_VERIFY(one == 1)) return __LINE__;
    KdPrint(("openks_test_wdm_runtime_dbg_c: KdPrint is active (%d)\n", one));
    return 0;
}

void openks_test_assert_dbg_c(int value)
{
    ASSERT(value != 0);
}
