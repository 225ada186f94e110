// SPDX-License-Identifier: MIT
// The generated signature checks (ddi_functions_generated.cpp / .c) cover every line of ks-ddi-functions.txt.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "ddi/functions_checked.h"
#include "support/shared_dir.h"

namespace {

// The NAME of every signature line (`RET NAME(PARAMS)`), skipping comments.
std::vector<std::string> namesInTable(const std::filesystem::path& path)
{
    std::vector<std::string> names;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::size_t open = line.find('(');
        std::size_t start = line.find_last_of(" *", open) + 1;
        names.push_back(line.substr(start, open - start));
    }
    return names;
}

// ks-spec §10: every function, PFN* type and COM method of the table is checked, in C++ and in C.
TEST(DdiFunctions, GeneratedChecksCoverEveryLine)
{
    std::filesystem::path table = openks::test::sharedDir() / "abi" / "ks-ddi-functions.txt";
    std::vector<std::string> names = namesInTable(table);
    ASSERT_FALSE(names.empty()) << "cannot read " << table;
    std::vector<std::string> checked(openks::test::ddi::kCheckedSignatures,
                                     openks::test::ddi::kCheckedSignatures + openks::test::ddi::kCheckedSignatureCount);
    EXPECT_EQ(checked, names) << "regenerate: the table changed since the checks were built";
    EXPECT_EQ(openks_ddi_c_signatures_checked(), names.size());
}

}  // namespace
