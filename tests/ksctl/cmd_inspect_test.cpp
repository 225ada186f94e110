// SPDX-License-Identifier: MIT
// ksctl inspect end to end: golden --json reports of null and tone, the text report, several filters of one driver.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.h"
#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

// ks-spec §12 items 36, 38, 40, 45: CTYPES, DATARANGES (8-aligned, counted) and SETSUPPORT, decoded.
TEST(KsctlInspect, NullJsonMatchesTheGoldenFile)
{
    KsctlRun r = runKsctl({"inspect", "null", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json report = nlohmann::json::parse(r.out);
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(normalized(report[0]), loadGolden("inspect_null.json"));
}

TEST(KsctlInspect, ToneJsonMatchesTheGoldenFile)
{
    KsctlRun r = runKsctl({"inspect", "tone", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json report = nlohmann::json::parse(r.out);
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(normalized(report[0]), loadGolden("inspect_tone.json"));
}

TEST(KsctlInspect, AnyAliasPathOpensTheSameFilter)
{
    KsctlRun list = runKsctl({"list", "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    for (const nlohmann::json& e : nlohmann::json::parse(list.out)) {
        if (e.at("driver") != "tone") continue;
        for (const nlohmann::json& alias : e.at("aliases")) {
            KsctlRun r = runKsctl({"inspect", alias.get<std::string>(), "--json"});
            ASSERT_EQ(r.exitCode, 0) << r.err;
            EXPECT_EQ(nlohmann::json::parse(r.out)[0].at("reference"), e.at("reference"));
        }
    }
}

TEST(KsctlInspect, TextReportShowsPinsRangesSetsAndTopology)
{
    KsctlRun r = runKsctl({"inspect", "tone"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("pin 0: OUT, SINK, category PINNAME_CAPTURE"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("possible 1, current 0, necessary 0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[0] audio PCM: 1-8 channels, 16-32 bits, 8000-192000 Hz"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[1] audio IEEE_FLOAT: 1-8 channels, 32 bits, 8000-192000 Hz"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(SETSUPPORT) KSPROPSETID_Pin"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("topology"), std::string::npos) << r.out;
}

TEST(KsctlInspect, VideoRangesDecodeSizesAndFrameRates)
{
    if (!driverBuilt("testpattern")) GTEST_SKIP() << "the testpattern driver is not built";
    KsctlRun r = runKsctl({"inspect", "testpattern", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json ranges = nlohmann::json::parse(r.out)[0].at("pins")[0].at("dataRanges");
    ASSERT_FALSE(ranges.empty());
    for (const nlohmann::json& range : ranges) {
        ASSERT_TRUE(range.contains("video")) << range.dump();
        EXPECT_EQ(range.at("formatSize"), 296);
        EXPECT_EQ(range.at("video").at("minFrameInterval"), 333333);
        EXPECT_EQ(range.at("video").at("maxFrameInterval"), 666666);
    }
    KsctlRun text = runKsctl({"inspect", "testpattern"});
    EXPECT_NE(text.out.find("video YUY2 640x480, 16 bits, 614400 bytes, 15-30 fps (default 30)"), std::string::npos)
        << text.out;
}

}  // namespace
}  // namespace ksctl::test
