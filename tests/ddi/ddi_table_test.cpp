// SPDX-License-Identifier: MIT
// The generated DDI layout checks (ddi_table_generated.cpp) cover every row of ks-ddi-x64.tsv.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "ddi/table_rows.h"
#include "support/shared_dir.h"

namespace {

// "kind name" of every row of the table, as the generator reads it.
std::vector<std::string> rowsOfTable(const std::filesystem::path& path)
{
    std::vector<std::string> rows;
    std::ifstream in(path);
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (header) {
            header = false;
            continue;
        }
        if (line.empty()) {
            continue;
        }
        std::size_t kindEnd = line.find('\t');
        std::size_t nameEnd = line.find('\t', kindEnd + 1);
        rows.push_back(line.substr(0, kindEnd) + " " + line.substr(kindEnd + 1, nameEnd - kindEnd - 1));
    }
    return rows;
}

// ks-spec §10: the checks are generated from the table the tests run against, row for row.
TEST(DdiTable, GeneratedChecksCoverEveryRow)
{
    std::filesystem::path table = openks::test::sharedDir() / "abi" / "ks-ddi-x64.tsv";
    std::vector<std::string> rows = rowsOfTable(table);
    ASSERT_FALSE(rows.empty()) << "cannot read " << table;
    std::vector<std::string> checked(openks::test::ddi::kTableRows,
                                     openks::test::ddi::kTableRows + openks::test::ddi::kTableRowCount);
    EXPECT_EQ(checked, rows) << "regenerate: the table changed since the checks were built";
}

}  // namespace
