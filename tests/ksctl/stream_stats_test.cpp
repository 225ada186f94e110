// SPDX-License-Identifier: MIT
// Completion-gap statistics: gaps between successive completions, min/mean/max and the nearest-rank p99.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "ksctl/stream_stats.h"

namespace ksctl {
namespace {

TEST(KsctlStreamStats, GapsAreMeasuredBetweenSuccessiveCompletions)
{
    CompletionStats stats;
    stats.reserve(4);
    const auto t0 = CompletionStats::Clock::time_point{} + std::chrono::seconds(1);
    stats.record(t0);
    stats.record(t0 + std::chrono::milliseconds(10));
    stats.record(t0 + std::chrono::milliseconds(30));
    stats.record(t0 + std::chrono::milliseconds(35));
    EXPECT_EQ(stats.completions(), 4u);
    GapSummary s = stats.summary();
    EXPECT_EQ(s.gaps, 3u);
    EXPECT_DOUBLE_EQ(s.minMs, 5.0);
    EXPECT_DOUBLE_EQ(s.maxMs, 20.0);
    EXPECT_NEAR(s.meanMs, 35.0 / 3.0, 1e-9);
    EXPECT_DOUBLE_EQ(s.p99Ms, 20.0);
}

TEST(KsctlStreamStats, P99IsTheNearestRank)
{
    std::vector<double> gaps;
    for (int i = 1; i <= 200; ++i)
        gaps.push_back(i);  // 1..200 ms, shuffled order does not matter
    std::swap(gaps[0], gaps[150]);
    GapSummary s = CompletionStats::summarize(gaps);
    EXPECT_DOUBLE_EQ(s.p99Ms, 198.0);  // ceil(0.99 * 200) = 198th smallest
    EXPECT_DOUBLE_EQ(s.minMs, 1.0);
    EXPECT_DOUBLE_EQ(s.maxMs, 200.0);
    EXPECT_DOUBLE_EQ(s.meanMs, 100.5);
    EXPECT_DOUBLE_EQ(CompletionStats::summarize({7.0}).p99Ms, 7.0);
}

TEST(KsctlStreamStats, FewerThanTwoCompletionsHaveNoGaps)
{
    CompletionStats stats;
    EXPECT_EQ(stats.summary().gaps, 0u);
    stats.record(CompletionStats::Clock::now());
    GapSummary s = stats.summary();
    EXPECT_EQ(s.gaps, 0u);
    EXPECT_EQ(s.maxMs, 0.0);
}

}  // namespace
}  // namespace ksctl
