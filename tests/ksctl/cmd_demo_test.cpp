// SPDX-License-Identifier: MIT
// ksctl demo end to end: the main job's four steps, a byte-exact round trip through wavout, in seconds.
#include <gtest/gtest.h>

#include <string>

#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST(KsctlDemo, CapturesFromToneAndRendersItBackExactly)
{
    if (!driverBuilt("wavout")) GTEST_SKIP() << "the wavout driver is not built";
    TempDir dir;
    KsctlRun r =
        runKsctl({"demo", "--seconds", "0.5", "--free-running", "--sink", "wavout", "--dir", dir.path().string()});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    for (const char* step : {"[1/4]", "[2/4]", "[3/4]", "[4/4]"})
        EXPECT_TRUE(contains(r.out, step)) << r.out;
    EXPECT_TRUE(contains(r.out, "byte-exact: 96000 bytes")) << r.out;
    EXPECT_TRUE(contains(r.out, "openks demo: OK")) << r.out;
    EXPECT_EQ(wavData(dir.file("tone.wav")).size(), 96000u);
    EXPECT_EQ(wavData(dir.file("tone.wav")), wavData(dir.file("wavout.wav")));
}

TEST(KsctlDemo, RejectsAnUnreasonableDuration)
{
    KsctlRun r = runKsctl({"demo", "--seconds", "0"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "--seconds must be in (0, 60]")) << r.err;
}

}  // namespace
}  // namespace ksctl::test
