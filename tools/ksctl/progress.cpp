// SPDX-License-Identifier: MIT
// The progress bar: drawn with '\r' on a terminal stderr, throttled to ten redraws a second.
#include "ksctl/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "ksctl/ks_io.h"

namespace ksctl {

Progress::Progress(std::string label, double total, bool enabled)
    : label_(std::move(label)), total_(total), active_(enabled && total > 0 && isatty(STDERR_FILENO) == 1 && !tracing())
{
}

void Progress::update(double done)
{
    if (!active_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastDraw_ < std::chrono::milliseconds(100) && done < total_) return;
    lastDraw_ = now;
    constexpr int kWidth = 30;
    const double fraction = std::clamp(done / total_, 0.0, 1.0);
    const int filled = static_cast<int>(fraction * kWidth);
    // A stack buffer: the bar redraws inside streaming loops, which allocate nothing.
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i)
        bar[i] = i < filled ? '=' : (i == filled ? '>' : ' ');
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r%s [%s] %6.2f / %.2f s %3.0f%%", label_.c_str(), bar, done, total_, fraction * 100);
    std::fflush(stderr);
}

void Progress::finish()
{
    if (!active_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    active_ = false;
}

}  // namespace ksctl
