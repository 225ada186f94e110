// SPDX-License-Identifier: MIT
// The rows of ks-ddi-x64.tsv the generated layout test checks, to compare with the table at run time.
#pragma once

#include <cstddef>

namespace openks::test::ddi {

// "kind name" of every row the generated checks cover, in table order.
extern const char* const kTableRows[];
extern const std::size_t kTableRowCount;

}  // namespace openks::test::ddi
