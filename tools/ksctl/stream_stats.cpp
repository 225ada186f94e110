// SPDX-License-Identifier: MIT
// Completion-gap recording and its min/mean/max/p99 summary.
#include "ksctl/stream_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ksctl {

void CompletionStats::record(Clock::time_point when)
{
    if (completions_ != 0) {
        gaps_.push_back(std::chrono::duration<double, std::milli>(when - last_).count());
    }
    last_ = when;
    ++completions_;
}

GapSummary CompletionStats::summary() const
{
    return summarize(gaps_);
}

GapSummary CompletionStats::summarize(std::vector<double> gaps)
{
    GapSummary s;
    s.gaps = gaps.size();
    if (gaps.empty()) return s;
    std::sort(gaps.begin(), gaps.end());
    s.minMs = gaps.front();
    s.maxMs = gaps.back();
    s.meanMs = std::accumulate(gaps.begin(), gaps.end(), 0.0) / static_cast<double>(gaps.size());
    // Nearest rank: the smallest gap with at least 99% of the gaps at or below it.
    const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(gaps.size())));
    s.p99Ms = gaps[std::max<std::size_t>(rank, 1) - 1];
    return s;
}

}  // namespace ksctl
