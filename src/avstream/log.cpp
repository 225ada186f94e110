// SPDX-License-Identifier: MIT
// One logging function for the AVStream layer: host and object-model diagnostics on stderr, silenced by
// OPENKS_LOG=quiet.
#include "avstream/log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace openks::avstream {

namespace {

bool quiet()
{
    // Read once: the environment is not expected to change while the host runs.
    static const bool value = [] {
        const char* env = std::getenv("OPENKS_LOG");
        return env != nullptr && std::strcmp(env, "quiet") == 0;
    }();
    return value;
}

}  // namespace

void logLine(const char* format, ...)
{
    if (quiet()) {
        return;
    }
    char text[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof(text), format, args);
    va_end(args);
    // One fprintf per line: stdio locks the stream for the call.
    std::fprintf(stderr, "openks: %s\n", text);
}

}  // namespace openks::avstream
