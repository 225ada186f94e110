// SPDX-License-Identifier: MIT
// ksctl's command line end to end: --help everywhere, --version, usage errors (exit 2) and unknown devices (exit 3).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST(KsctlMain, HelpIsAvailableForEveryCommand)
{
    const std::vector<std::vector<std::string>> commands = {{},          {"list"}, {"inspect"},     {"render"},
                                                            {"capture"}, {"prop"}, {"prop", "get"}, {"prop", "set"},
                                                            {"graph"},   {"demo"}};
    for (std::vector<std::string> args : commands) {
        args.push_back("--help");
        KsctlRun r = runKsctl(args);
        EXPECT_EQ(r.exitCode, 0) << args.front();
        EXPECT_TRUE(contains(r.out, "Usage:")) << r.out;
    }
    KsctlRun top = runKsctl({"--help"});
    for (const char* command : {"list", "inspect", "render", "capture", "prop", "graph", "demo", "--trace"})
        EXPECT_TRUE(contains(top.out, command)) << command;
    EXPECT_TRUE(contains(top.out, "3 device/pin/node not found")) << top.out;
}

TEST(KsctlMain, VersionNamesTheProgram)
{
    KsctlRun r = runKsctl({"--version"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out.rfind("ksctl 0.", 0), 0u) << r.out;
}

TEST(KsctlMain, UsageErrorsExitTwoAndPointAtHelp)
{
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{}, "A subcommand is required"},
        {{"frobnicate"}, "unknown command 'frobnicate'"},
        {{"list", "--bogus"}, "--bogus"},
        {{"inspect"}, "device is required"},
        {{"render", "x.wav"}, "--device is required"},
        {{"capture", "--device", "tone", "--packets", "0", "o.wav"}, "--packets"},
        {{"prop"}, "subcommand is required"},
        {{"prop", "set", "tone", "Tone.Frequency"}, "value is required"},
        {{"capture", "--device", "tone", "--seconds", "soon", "o.wav"}, "--seconds"},
    };
    for (const Case& c : cases) {
        KsctlRun r = runKsctl(c.args);
        EXPECT_EQ(r.exitCode, 2) << c.message << "\n" << r.err;
        EXPECT_TRUE(contains(r.err, c.message)) << r.err;
        EXPECT_TRUE(contains(r.err, "--help")) << r.err;
    }
}

TEST(KsctlMain, UnknownDeviceExitsThreeListingTheKnownOnes)
{
    for (const char* command : {"inspect", "prop"}) {
        std::vector<std::string> args = {command};
        if (std::string(command) == "prop") args = {"prop", "get"};
        args.push_back("no-such-device");
        if (std::string(command) == "prop") args.push_back("Pin.CTypes");
        KsctlRun r = runKsctl(args);
        EXPECT_EQ(r.exitCode, 3) << r.err;
        EXPECT_TRUE(contains(r.err, "no device matches 'no-such-device'")) << r.err;
        EXPECT_TRUE(contains(r.err, "known devices:")) << r.err;
        EXPECT_TRUE(contains(r.err, R"(tone         \\?\openks#tone#)")) << r.err;
        EXPECT_TRUE(contains(r.err, R"(null         \\?\openks#null#)")) << r.err;
    }
}

TEST(KsctlMain, AmbiguousDeviceExitsThreeListingTheMatches)
{
    KsctlRun r = runKsctl({"prop", "get", "openks", "Pin.CTypes"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_TRUE(contains(r.err, "'openks' matches")) << r.err;
    EXPECT_TRUE(contains(r.err, "give the full path")) << r.err;
}

TEST(KsctlMain, ErrorsNeverCrash)
{
    // Odd input through every command: a status and a message, never a signal.
    const std::vector<std::vector<std::string>> inputs = {
        {"inspect", ""},
        {"prop", "get", "tone", "."},
        {"prop", "get", "tone", "Pin."},
        {"prop", "set", "tone", "--pin", "0", "Wavout.Filename", ""},
        {"prop", "set", "tone", "--pin", "0", "Tone.Frequency", "hex:zz"},
        {"prop", "get", "tone", "--pin", "4294967295", "Pin.Name"},
        {"capture", "--device", "tone", "--frames", "0", "/tmp/ksctl-never.wav"},
        {"render", "/", "--device", "null"},
        {"graph", "-o", "/nonexistent/dir/g.dot"},
    };
    for (const std::vector<std::string>& args : inputs) {
        KsctlRun r = runKsctl(args);
        EXPECT_GT(r.exitCode, 0) << args.back() << "\n" << r.err;
        EXPECT_TRUE(contains(r.err, "ksctl: error: ")) << r.err;
    }
}

}  // namespace
}  // namespace ksctl::test
