// SPDX-License-Identifier: MIT
// Counting every heap allocation of the process (malloc family and operator new), for the allocations-per-request
// benchmark.
#pragma once

#include <cstdint>

namespace openks::bench {

// Allocations made by any thread since the process started.  The benchmark
// binary replaces operator new and interposes malloc/calloc/realloc/
// memalign (glibc) so that allocations inside libopenks.so count too.
uint64_t allocationCount();

// False when the build cannot count (a sanitizer owns the allocator).
bool allocationCountingAvailable();

}  // namespace openks::bench
