// SPDX-License-Identifier: MIT
// Debug output (DbgPrint, DbgPrintEx), breakpoints and assertion reports.
#include <signal.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "io/ke_runtime.h"
#include "io/kernel_format.h"

namespace openks::io {
namespace {

// The highest DbgPrintEx severity shown (OPENKS_DBGPRINT_LEVEL; -1 = none).
int printThreshold()
{
    static const int threshold = [] {
        const char* text = std::getenv("OPENKS_DBGPRINT_LEVEL");
        if (text == nullptr || *text == '\0') return DPFLTR_INFO_LEVEL;
        return std::atoi(text);
    }();
    return threshold;
}

bool shown(ULONG level)
{
    int threshold = printThreshold();
    if (threshold < 0) return false;
    if (threshold > 31) threshold = 31;
    if (level <= 31) return static_cast<int>(level) <= threshold;
    ULONG mask = level & ~static_cast<ULONG>(DPFLTR_MASK);
    ULONG shownBits = threshold >= 31 ? 0xFFFFFFFFu : (1u << (threshold + 1)) - 1;
    return (mask & shownBits) != 0;
}

void writeAll(const std::string& text)
{
    const char* data = text.data();
    size_t left = text.size();
    while (left > 0) {
        ssize_t n = write(STDERR_FILENO, data, left);
        if (n <= 0) return;
        data += n;
        left -= static_cast<size_t>(n);
    }
}

bool debuggerAttached()
{
    FILE* status = std::fopen("/proc/self/status", "r");
    if (status == nullptr) return false;
    char line[256];
    bool attached = false;
    while (std::fgets(line, sizeof line, status) != nullptr) {
        if (std::strncmp(line, "TracerPid:", 10) == 0) {
            attached = std::atoi(line + 10) != 0;
            break;
        }
    }
    std::fclose(status);
    return attached;
}

}  // namespace
}  // namespace openks::io

using namespace openks::io;

extern "C" {

ULONG DbgPrint(PCSTR Format, ...)
{
    va_list args;
    va_start(args, Format);
    std::string text = formatKernel(Format, &args);
    va_end(args);
    writeAll(text);
    return STATUS_SUCCESS;
}

ULONG DbgPrintEx(ULONG /*ComponentId*/, ULONG Level, PCSTR Format, ...)
{
    if (!shown(Level)) return STATUS_SUCCESS;
    va_list args;
    va_start(args, Format);
    std::string text = formatKernel(Format, &args);
    va_end(args);
    writeAll(text);
    return STATUS_SUCCESS;
}

VOID NTAPI DbgBreakPoint(VOID)
{
    if (debuggerAttached()) {
        raise(SIGTRAP);
        return;
    }
    std::fprintf(stderr, "openks: DbgBreakPoint with no debugger attached: continuing\n");
}

VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage)
{
    std::fprintf(stderr, "openks: *** assertion failed: %s%s%s (%s:%u)\n",
                 MutableMessage != nullptr ? MutableMessage : "", MutableMessage != nullptr ? ": " : "",
                 VoidFailedAssertion != nullptr ? static_cast<const char*>(VoidFailedAssertion) : "?",
                 VoidFileName != nullptr ? static_cast<const char*>(VoidFileName) : "?", LineNumber);
    std::fflush(stderr);
    if (debuggerAttached()) {
        raise(SIGTRAP);
        return;
    }
    std::abort();
}

}  // extern "C"
