// SPDX-License-Identifier: MIT
// Where tests find ../shared (the ABI tables and spec) and the build tree.
#pragma once

#include <filesystem>

namespace openks::test {

// The shared/ folder beside the project root ($OPENKS_SHARED_DIR wins).
std::filesystem::path sharedDir();
// The CMake build tree the tests run from ($OPENKS_BUILD_DIR wins).
std::filesystem::path buildDir();

}  // namespace openks::test
