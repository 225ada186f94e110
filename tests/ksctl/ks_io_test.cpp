// SPDX-License-Identifier: MIT
// --trace end to end: one line per request naming the IOCTL, set/id, flags, sizes and status, for known sequences.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

std::vector<std::string> traceLines(const std::string& err)
{
    std::vector<std::string> lines;
    std::istringstream in(err);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("trace: ", 0) == 0) lines.push_back(line.substr(7));
    }
    return lines;
}

// The timing at the end of every line varies; the rest must match exactly.
std::string withoutTime(const std::string& line)
{
    static const std::regex time(R"( \([0-9]+ µs\)$)");
    static const std::regex instance(R"(#[0-9]+#)");
    return std::regex_replace(std::regex_replace(line, time, ""), instance, "#N#");
}

std::vector<std::string> stripped(const std::vector<std::string>& lines)
{
    std::vector<std::string> out;
    for (const std::string& l : lines)
        out.push_back(withoutTime(l));
    return out;
}

// ks-spec §12 items 1, 36, 38: the IOCTL, the KSP_PIN, the size probe's STATUS_BUFFER_OVERFLOW and the fetch.
TEST(KsctlTrace, PropertyGetSequenceIsNamedExactly)
{
    KsctlRun r = runKsctl({"--trace", "prop", "get", "tone", "--pin", "0", "Pin.DataRanges"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::vector<std::string> expected = {
        R"(CreateFileA \\?\openks#tone#N#{6994ad04-93ef-11d0-a3cc-00a0c9223196}\{2653F5EC-C3B8-4832-A9C2-D5BF803F21CD} -> ERROR_SUCCESS handle=filter(tone))",
        "IOCTL_KS_PROPERTY filter(tone) KSPROPSETID_Pin/CTYPES GET pin=0 in=32 out=4 -> STATUS_SUCCESS returned=4",
        "IOCTL_KS_PROPERTY filter(tone) KSPROPSETID_Pin/DATARANGES GET pin=0 in=32 out=0 -> STATUS_BUFFER_OVERFLOW "
        "returned=184",
        "IOCTL_KS_PROPERTY filter(tone) KSPROPSETID_Pin/DATARANGES GET pin=0 in=32 out=184 -> STATUS_SUCCESS "
        "returned=184",
        "CloseHandle filter(tone) -> ERROR_SUCCESS",
    };
    EXPECT_EQ(stripped(traceLines(r.err)), expected) << r.err;
}

// ks-spec §12 items 44, 45: an unknown set, then the SETSUPPORT probe and fetch for the hint.
TEST(KsctlTrace, UnknownSetAndSetSupportAreNamed)
{
    KsctlRun r = runKsctl({"prop", "get", "tone", "{01234567-89AB-CDEF-0123-456789ABCDEF}.0", "--trace"});
    ASSERT_EQ(r.exitCode, 6) << r.err;
    const std::vector<std::string> lines = stripped(traceLines(r.err));
    ASSERT_EQ(lines.size(), 5u) << r.err;
    EXPECT_EQ(lines[1],
              "IOCTL_KS_PROPERTY filter(tone) {01234567-89AB-CDEF-0123-456789ABCDEF}/0 GET in=24 out=0 -> "
              "STATUS_PROPSET_NOT_FOUND returned=0");
    EXPECT_EQ(
        lines[2],
        "IOCTL_KS_PROPERTY filter(tone) GUID_NULL/0 SETSUPPORT in=24 out=0 -> STATUS_BUFFER_OVERFLOW returned=48");
    EXPECT_EQ(lines[3],
              "IOCTL_KS_PROPERTY filter(tone) GUID_NULL/0 SETSUPPORT in=24 out=48 -> STATUS_SUCCESS returned=48");
    EXPECT_EQ(lines[4], "CloseHandle filter(tone) -> ERROR_SUCCESS");
}

// ks-spec §12 items 18, 29, 30, 33: states walked one step each; writes carry headers in the output buffer.
TEST(KsctlTrace, RenderNamesPinCreationStatesAndWrites)
{
    TempDir dir;
    writeWav16(dir.file("in.wav"), 48000, 2, std::vector<short>(2 * 1920, 100));  // 40 ms
    KsctlRun r = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--packets", "2", "--trace"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::vector<std::string> lines = stripped(traceLines(r.err));
    std::vector<std::string> states;
    int writes = 0;
    bool created = false;
    static const std::regex write(
        R"(^IOCTL_KS_WRITE_STREAM pin\(null:0\) headers=1 in=0 out=56 -> STATUS_SUCCESS returned=\d+ DataUsed=1920$)");
    for (const std::string& l : lines) {
        if (l ==
            "KsCreatePin filter(null) pin=0 format=AUDIO/PCM/WAVEFORMATEX FormatSize=82 access=RW -> ERROR_SUCCESS "
            "handle=pin(null:0)") {
            created = true;
        }
        const std::string state = "IOCTL_KS_PROPERTY pin(null:0) KSPROPSETID_Connection/STATE SET value=";
        if (l.rfind(state, 0) == 0) states.push_back(l.substr(state.size(), l.find(' ', state.size()) - state.size()));
        if (std::regex_match(l, write)) ++writes;
    }
    EXPECT_TRUE(created) << r.err;
    EXPECT_EQ(states, (std::vector<std::string>{"ACQUIRE", "PAUSE", "RUN", "PAUSE", "STOP"})) << r.err;
    EXPECT_EQ(writes, 4) << r.err;  // 40 ms in 10 ms packets
    EXPECT_EQ(lines.back(), "CloseHandle filter(null) -> ERROR_SUCCESS");
}

TEST(KsctlTrace, EveryLineFollowsTheGrammar)
{
    KsctlRun r = runKsctl({"inspect", "tone", "--trace"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    static const std::regex grammar(
        R"(^(IOCTL_KS_[A-Z_]+ \S+ .* in=\d+ out=\d+ -> STATUS_[A-Z_]+ returned=\d+|CreateFileA \S+ -> ERROR_[A-Z_]+.*|CloseHandle \S+ -> ERROR_[A-Z_]+) \(\d+ µs\)$)");
    const std::vector<std::string> lines = traceLines(r.err);
    ASSERT_GT(lines.size(), 10u);
    for (const std::string& l : lines)
        EXPECT_TRUE(std::regex_match(l, grammar)) << l;
}

TEST(KsctlTrace, WithoutTheFlagNothingIsTraced)
{
    KsctlRun r = runKsctl({"inspect", "tone"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(traceLines(r.err).empty()) << r.err;
}

}  // namespace
}  // namespace ksctl::test
