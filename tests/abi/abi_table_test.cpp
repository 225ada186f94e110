// SPDX-License-Identifier: MIT
// Every row of ks-abi-x64.tsv holds for <openks/ks.h>, in C++ and in C; the generated table stays in sync with the
// file.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "abi/abi_row.h"
#include "support/shared_dir.h"

namespace {

struct TsvRow {
    std::string kind;
    std::string name;
    std::string value;
    std::string size;
};

std::vector<TsvRow> readTsv()
{
    const auto path = openks::test::sharedDir() / "abi" / "ks-abi-x64.tsv";
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    std::vector<TsvRow> rows;
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (header) {
            header = false;
            continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        std::vector<std::string> cols;
        std::stringstream ss(line);
        std::string col;
        while (std::getline(ss, col, '\t')) {
            cols.push_back(col);
        }
        cols.resize(5);
        rows.push_back({cols[0], cols[1], cols[2], cols[3]});
    }
    return rows;
}

std::string hex(unsigned long long v)
{
    std::ostringstream os;
    os << "0x" << std::hex << v;
    return os.str();
}

std::string guidText(const GUID& g)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g.Data1, g.Data2, g.Data3,
                  g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7]);
    return buf;
}

// Empty when the row holds; otherwise "kind name: expected ..., actual ...".
std::string checkRow(const OpenksAbiRow& r)
{
    const std::string kind = r.kind;
    std::ostringstream why;
    if (kind == "struct") {
        if (r.actualValue != r.expectedValue || r.actualSize != r.expectedSize) {
            why << "expected sizeof " << r.expectedValue << " align " << r.expectedSize << ", actual sizeof "
                << r.actualValue << " align " << r.actualSize;
        }
    } else if (kind == "field") {
        if (r.actualValue != r.expectedValue || r.actualSize != r.expectedSize) {
            why << "expected offset " << r.expectedValue << " size " << r.expectedSize << ", actual offset "
                << r.actualValue << " size " << r.actualSize;
        }
    } else if (kind == "const" || kind == "status") {
        if (r.actualValue != r.expectedValue || r.actualSize != r.expectedSize) {
            why << "expected " << r.expectedText << " (" << r.expectedSize << " bytes), actual " << hex(r.actualValue)
                << " (" << r.actualSize << " bytes)";
        }
    } else if (kind == "guid") {
        const bool objectOk = r.actualGuid != nullptr && std::memcmp(r.actualGuid, &r.expectedGuid, sizeof(GUID)) == 0;
        const bool staticOk = std::memcmp(&r.staticGuid, &r.expectedGuid, sizeof(GUID)) == 0;
        if (!objectOk || !staticOk) {
            why << "expected " << r.expectedText << ", actual object "
                << (r.actualGuid ? guidText(*r.actualGuid) : std::string("(null)")) << ", STATIC_ list "
                << guidText(r.staticGuid);
        }
    } else {
        why << "unknown kind";
    }
    const std::string text = why.str();
    return text.empty() ? text : kind + " " + r.name + ": " + text;
}

std::vector<std::string> mismatches(const OpenksAbiRow* rows, unsigned count)
{
    std::vector<std::string> out;
    for (unsigned i = 0; i < count; ++i) {
        if (std::string m = checkRow(rows[i]); !m.empty()) {
            out.push_back(m);
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& lines)
{
    std::string all;
    for (const auto& l : lines) {
        all += "  " + l + "\n";
    }
    return all;
}

// ks-spec §12 items 1 and 7 (IOCTL codes, KSSTREAM_HEADER layout) are rows of this table.
TEST(AbiTable, EveryRowHoldsInCxx)
{
    const auto bad = mismatches(openks_abi_rows_cxx, openks_abi_row_count_cxx);
    EXPECT_TRUE(bad.empty()) << bad.size() << " of " << openks_abi_row_count_cxx << " rows differ (C++):\n"
                             << join(bad);
}

TEST(AbiTable, EveryRowHoldsInC)
{
    const auto bad = mismatches(openks_abi_rows_c, openks_abi_row_count_c);
    EXPECT_TRUE(bad.empty()) << bad.size() << " of " << openks_abi_row_count_c << " rows differ (C):\n" << join(bad);
}

// The generator cannot skip rows: both tables hold exactly the TSV's data rows.
TEST(AbiTable, RowCountEqualsTsvDataRows)
{
    const auto tsv = readTsv();
    ASSERT_GT(tsv.size(), 700u);
    EXPECT_EQ(openks_abi_row_count_cxx, tsv.size());
    EXPECT_EQ(openks_abi_row_count_c, tsv.size());
}

// The generated table is the TSV as it is now, row by row (a stale build would differ).
TEST(AbiTable, GeneratedTableIsInSyncWithTsv)
{
    const auto tsv = readTsv();
    ASSERT_EQ(openks_abi_row_count_cxx, tsv.size());
    std::vector<std::string> differ;
    for (unsigned i = 0; i < tsv.size(); ++i) {
        const OpenksAbiRow& cxx = openks_abi_rows_cxx[i];
        const OpenksAbiRow& c = openks_abi_rows_c[i];
        const TsvRow& t = tsv[i];
        const bool same = t.kind == cxx.kind && t.name == cxx.name && t.value == cxx.expectedText && t.kind == c.kind &&
                          t.name == c.name && t.value == c.expectedText;
        if (!same) {
            differ.push_back("row " + std::to_string(i + 2) + ": TSV " + t.kind + " " + t.name + " " + t.value +
                             ", table " + cxx.kind + " " + cxx.name + " " + cxx.expectedText);
        }
        if (t.kind == "field" && std::to_string(cxx.expectedSize) != t.size) {
            differ.push_back("row " + std::to_string(i + 2) + ": size column " + t.size + " vs " +
                             std::to_string(cxx.expectedSize));
        }
    }
    EXPECT_TRUE(differ.empty()) << join(differ);
}

// The checker itself reports a wrong row (so a passing table means something).
TEST(AbiTable, CheckerReportsEachKindOfMismatch)
{
    OpenksAbiRow row = openks_abi_rows_cxx[0];
    ASSERT_EQ(std::string(row.kind), "struct");
    ASSERT_TRUE(checkRow(row).empty());
    row.actualValue += 8;
    EXPECT_NE(checkRow(row).find("expected sizeof"), std::string::npos);

    for (unsigned i = 0; i < openks_abi_row_count_cxx; ++i) {
        OpenksAbiRow r = openks_abi_rows_cxx[i];
        const std::string kind = r.kind;
        if (kind == "guid") {
            r.staticGuid.Data1 ^= 1;
        } else {
            r.actualSize += 1;
        }
        EXPECT_FALSE(checkRow(r).empty()) << kind << " " << r.name;
    }
}

}  // namespace
