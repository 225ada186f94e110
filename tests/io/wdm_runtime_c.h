/* SPDX-License-Identifier: MIT */
/* C functions that exercise the kernel runtime's macros and inline functions from C (wdm_runtime_c.c,
 * wdm_runtime_dbg_c.c). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Runs the checks; 0 if all passed, else the source line of the first failure. */
int openks_test_wdm_runtime_c(void);
/* With DBG=1: NT_VERIFY's value and a passing ASSERT; 0 or the failing line. */
int openks_test_wdm_runtime_dbg_c(void);
/* With DBG=1: ASSERT(value != 0); stops the process when value is 0. */
void openks_test_assert_dbg_c(int value);

#ifdef __cplusplus
}
#endif
