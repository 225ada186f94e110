// SPDX-License-Identifier: MIT
// One logging function for the AVStream layer: host and object-model diagnostics on stderr, silenced by
// OPENKS_LOG=quiet.
#pragma once

namespace openks::avstream {

// Writes one line "openks: <message>" to stderr unless the environment has
// OPENKS_LOG=quiet.  printf-style.  Any thread; lines from concurrent
// callers are never interleaved.
[[gnu::format(printf, 1, 2)]] void logLine(const char* format, ...);

}  // namespace openks::avstream
