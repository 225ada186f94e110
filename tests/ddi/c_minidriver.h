/* SPDX-License-Identifier: MIT */
/* What c_minidriver.c (a descriptor graph written in C) exposes to the C++ test that inspects it. */
#pragma once

#include <openks/driver.h>

OPENKS_BEGIN_C

/* The C minidriver's device descriptor: two filters (capture with two pins, nodes and connections; one with defaults).
 */
const KSDEVICE_DESCRIPTOR *openks_test_c_device_descriptor(void);

/* Runs an AND gate feeding an OR gate from C; TRUE if the OR gate closed and reopened with the AND gate. */
BOOLEAN openks_test_c_gates(void);

OPENKS_END_C
