// SPDX-License-Identifier: MIT
// A one-line progress bar on stderr when stderr is a terminal, and nothing when it is not.

//   Progress bar("render", totalSeconds, enabled);
//   bar.update(doneSeconds);   // redraws at most ten times a second
//   bar.finish();              // clears the line
//
// Threads: one thread.
#pragma once

#include <chrono>
#include <string>

namespace ksctl {

class Progress {
public:
    // `enabled` false (--quiet, --no-progress) or a stderr that is not a terminal draws nothing.
    Progress(std::string label, double total, bool enabled);
    ~Progress() { finish(); }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void update(double done);
    void finish();

private:
    std::string label_;
    double total_;
    bool active_;
    std::chrono::steady_clock::time_point lastDraw_{};
};

}  // namespace ksctl
