/* SPDX-License-Identifier: MIT */
/* What the generated signature checks covered, for the test to compare with ks-ddi-functions.txt. */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
namespace openks::test::ddi {
/* The NAME of every line the C++ checks cover, in table order. */
extern const char* const kCheckedSignatures[];
extern const size_t kCheckedSignatureCount;
}  // namespace openks::test::ddi
extern "C" {
#endif

/* How many lines the C (_Generic) checks cover. */
unsigned openks_ddi_c_signatures_checked(void);

#ifdef __cplusplus
}
#endif
