// SPDX-License-Identifier: MIT
// Where tests find ../shared (the ABI tables and spec) and the build tree.
#include "support/shared_dir.h"

#include <cstdlib>

namespace openks::test {

std::filesystem::path sharedDir()
{
    if (const char* env = std::getenv("OPENKS_SHARED_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    return OPENKS_SHARED_DIR_DEFAULT;
}

std::filesystem::path buildDir()
{
    if (const char* env = std::getenv("OPENKS_BUILD_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    return OPENKS_BINARY_DIR;
}

}  // namespace openks::test
