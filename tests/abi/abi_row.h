// SPDX-License-Identifier: MIT
// One row of the generated ABI table: what ks-abi-x64.tsv expects and what the headers give, in C and in C++.
#pragma once

/*
 * gen_abi_table.py turns every data row of ks-abi-x64.tsv into one
 * OpenksAbiRow, compiled twice (once as C++, once as C11) so that both
 * languages see the same layouts.  A name the headers lack is a compile
 * error; a wrong value is left for abi_table_test to report.
 *
 *   struct: Value = sizeof, Size = alignment (from "align=N")
 *   field:  Value = offsetof, Size = sizeof the member
 *   const:  Value = the constant truncated to its width, Size = its byte width
 *   status: Value = the NTSTATUS as 32 bits, Size = 4
 *   guid:   the named object's bytes and the bytes of {STATIC_<name>}
 */

#include <openks/ks/guid.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char* kind;
    const char* name;
    const char* expectedText; /* the TSV value column, verbatim */
    unsigned long long expectedValue;
    unsigned long long expectedSize;
    unsigned long long actualValue;
    unsigned long long actualSize;
    const GUID* actualGuid; /* guid rows: the named object */
    GUID staticGuid;        /* guid rows: {STATIC_<name>} */
    GUID expectedGuid;      /* guid rows: parsed from the TSV */
} OpenksAbiRow;

/* The rows as compiled by the C++ compiler and by the C compiler, in TSV order. */
extern const OpenksAbiRow openks_abi_rows_cxx[];
extern const unsigned openks_abi_row_count_cxx;
extern const OpenksAbiRow openks_abi_rows_c[];
extern const unsigned openks_abi_row_count_c;

#ifdef __cplusplus
}
#endif
