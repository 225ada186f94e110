// SPDX-License-Identifier: MIT
// ksctl list end to end: golden --json entries of the null and tone devices, the table, category filtering.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.h"
#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

nlohmann::json entryOf(const nlohmann::json& list, const std::string& driver)
{
    for (const nlohmann::json& e : list)
        if (e.at("driver") == driver) return e;
    return nullptr;
}

TEST(KsctlList, JsonEntriesOfNullAndToneMatchTheGoldenFiles)
{
    KsctlRun r = runKsctl({"list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json list = nlohmann::json::parse(r.out);
    ASSERT_TRUE(list.is_array());
    EXPECT_EQ(normalized(entryOf(list, "null")), loadGolden("list_null.json"));
    EXPECT_EQ(normalized(entryOf(list, "tone")), loadGolden("list_tone.json"));
}

TEST(KsctlList, EveryEntryHasAPathPerCategoryAndIsSortedByDriver)
{
    KsctlRun r = runKsctl({"list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json list = nlohmann::json::parse(r.out);
    std::string previous;
    for (const nlohmann::json& e : list) {
        EXPECT_EQ(e.at("aliases").size(), e.at("categories").size()) << e.dump();
        EXPECT_EQ(e.at("aliases").at(0), e.at("path"));
        EXPECT_LE(previous, e.at("driver").get<std::string>());
        previous = e.at("driver").get<std::string>();
    }
}

TEST(KsctlList, CategoryFilterKeepsOnlyThatCategory)
{
    KsctlRun r = runKsctl({"list", "--category", "capture", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json list = nlohmann::json::parse(r.out);
    EXPECT_FALSE(entryOf(list, "tone").is_null());
    EXPECT_TRUE(entryOf(list, "null").is_null());
    for (const nlohmann::json& e : list) {
        bool capture = false;
        for (const nlohmann::json& c : e.at("categories"))
            capture = capture || c == "KSCATEGORY_CAPTURE";
        EXPECT_TRUE(capture) << e.dump();
    }
}

TEST(KsctlList, TableNamesDriverCategoriesAndPath)
{
    KsctlRun r = runKsctl({"list"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("DEVICE"), std::string::npos);
    EXPECT_NE(r.out.find("audio,render"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(R"(\\?\openks#tone#)"), std::string::npos) << r.out;
}

TEST(KsctlList, UnknownCategoryIsAUsageErrorListingTheKnownOnes)
{
    KsctlRun r = runKsctl({"list", "--category", "toaster"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown category 'toaster'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("capture"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ksctl::test
