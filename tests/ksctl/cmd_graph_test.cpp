// SPDX-License-Identifier: MIT
// ksctl graph end to end: the DOT picture names devices, filters and pins; SVG through Graphviz's dot, or a clear
// error without it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

bool haveDot()
{
    const char* path = std::getenv("PATH");
    std::string list = path != nullptr ? path : "";
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find(':', start);
        if (end == std::string::npos) end = list.size();
        if (access((list.substr(start, end - start) + "/dot").c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

TEST(KsctlGraph, DotNamesDevicesFiltersAndPins)
{
    KsctlRun r = runKsctl({"graph"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.rfind("digraph openks {", 0), 0u) << r.out;
    EXPECT_TRUE(contains(r.out, "label=\"device tone\"")) << r.out;
    EXPECT_TRUE(contains(r.out, "label=\"device null\"")) << r.out;
    EXPECT_TRUE(contains(r.out, "pin 0\\nOUT SINK\\nPINNAME_CAPTURE")) << r.out;
    EXPECT_TRUE(contains(r.out, "pin 1\\nIN SINK")) << r.out;  // null's stream pin
    EXPECT_EQ(r.out.substr(r.out.size() - 2), "}\n");
}

TEST(KsctlGraph, OutputFileGetsTheSameGraph)
{
    TempDir dir;
    KsctlRun toStdout = runKsctl({"graph", "--format", "dot"});
    KsctlRun toFile = runKsctl({"graph", "-o", dir.file("g.dot")});
    ASSERT_EQ(toFile.exitCode, 0) << toFile.err;
    std::ifstream in(dir.file("g.dot"));
    std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written, toStdout.out);
    EXPECT_TRUE(toFile.out.empty());
}

TEST(KsctlGraph, SvgComesFromGraphvizDot)
{
    if (!haveDot()) GTEST_SKIP() << "Graphviz's dot is not installed";
    KsctlRun r = runKsctl({"graph", "--format", "svg"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "<svg")) << r.out.substr(0, 200);
    EXPECT_TRUE(contains(r.out, "device tone")) << r.out.substr(0, 200);
}

TEST(KsctlGraph, SvgWithoutDotSaysWhatToInstall)
{
    KsctlRun r = runKsctl({"graph", "--format", "svg"}, {{"PATH", "/nonexistent"}});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(contains(r.err, "the 'dot' program (Graphviz) is not installed")) << r.err;
    EXPECT_TRUE(contains(r.err, "apt-get install graphviz")) << r.err;
}

TEST(KsctlGraph, UnknownFormatIsAUsageError)
{
    KsctlRun r = runKsctl({"graph", "--format", "gif"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "dot or svg")) << r.err;
}

}  // namespace
}  // namespace ksctl::test
