// SPDX-License-Identifier: MIT
// Completion-gap statistics of a stream (the time between successive completions), as ks_test measures latency.

// A render or capture loop records when each request completes; the gaps
// between successive completions show how evenly the device consumes or
// produces data (a real-time pin's gaps sit at the packet period; a late
// gap is a glitch).  record() never allocates once reserve() was called
// with the number of completions expected.
//
//   CompletionStats stats;
//   stats.reserve(expectedPackets);
//   stats.record(now);                // at each completion
//   GapSummary s = stats.summary();   // min/mean/max/p99 in ms
//
// Threads: one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

namespace ksctl {

struct GapSummary {
    std::size_t gaps = 0;  // completions - 1
    double minMs = 0;
    double meanMs = 0;
    double maxMs = 0;
    double p99Ms = 0;  // the nearest-rank 99th percentile
};

class CompletionStats {
public:
    using Clock = std::chrono::steady_clock;

    void reserve(std::size_t completions) { gaps_.reserve(completions); }
    void record(Clock::time_point when);
    std::size_t completions() const { return completions_; }
    GapSummary summary() const;

    // The summary of a set of gaps in ms (exposed for tests).
    static GapSummary summarize(std::vector<double> gapsMs);

private:
    std::vector<double> gaps_;
    Clock::time_point last_{};
    std::size_t completions_ = 0;
};

}  // namespace ksctl
