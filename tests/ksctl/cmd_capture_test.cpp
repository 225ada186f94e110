// SPDX-License-Identifier: MIT
// ksctl capture end to end: tone samples are the tone core's, --set reaches the pin, a PNG from testpattern
// decodes to the painter's frame, Y4M holds the painter's pictures, and the errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/pattern_painter.h"
#include "core/sine.h"
#include "ksctl_runner.h"
#include "media/convert.h"
#include "media/png_io.h"

namespace ksctl::test {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// The first `frames` frames the tone core makes at 48 kHz, stereo, 16 bits, the driver's default level.
std::vector<unsigned char> toneSamples(double frequency, std::uint64_t frames)
{
    openks::tone::SineConfig config;
    config.sampleRate = 48000;
    config.channels = 2;
    config.format = openks::tone::SampleFormat::Pcm16;
    config.frequency = frequency;
    config.level = openks::tone::dbfsToLevel(-6.0);
    openks::tone::SineGenerator generator;
    EXPECT_EQ(generator.configure(config), STATUS_SUCCESS);
    std::vector<unsigned char> out(frames * generator.frameBytes());
    EXPECT_EQ(generator.generate(out.data(), out.size(), frames), STATUS_SUCCESS);
    return out;
}

TEST(KsctlCapture, ToneIntoWavHoldsExactlyTheFramesAskedForAsTheCoreMakesThem)
{
    TempDir dir;
    KsctlRun r = runKsctl({"capture", "--device", "tone", "--frames", "4801", "--free-running", dir.file("t.wav")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "tone pin 0 as PCM 48000 Hz, 2 channels, 16 bits")) << r.out;
    EXPECT_TRUE(contains(r.out, "capture: 4801 sample frames, 19204 bytes")) << r.out;
    EXPECT_EQ(wavData(dir.file("t.wav")), toneSamples(1000.0, 4801));
}

TEST(KsctlCapture, SetAssignmentsReachThePinBeforeItRuns)
{
    TempDir dir;
    KsctlRun r = runKsctl({"capture", "--device", "tone", "--seconds", "0.05", "--set", "Tone.Frequency=440", "--set",
                           "Tone.Pacing=freerunning", "-q", dir.file("t.wav")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;  // --quiet
    EXPECT_EQ(wavData(dir.file("t.wav")), toneSamples(440.0, 2400));
}

TEST(KsctlCapture, FormatOptionsAreNegotiatedWithThePin)
{
    TempDir dir;
    KsctlRun r = runKsctl({"capture", "--device", "tone", "--frames", "100", "--rate", "22050", "--channels", "1",
                           "--bits", "24", "--free-running", dir.file("t.flac")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "PCM 22050 Hz, 1 channel, 24 bits")) << r.out;
    std::ifstream flac(dir.file("t.flac"), std::ios::binary);
    char magic[4] = {};
    flac.read(magic, 4);
    EXPECT_EQ(std::string(magic, 4), "fLaC");
}

TEST(KsctlCapture, PngFromTestpatternDecodesToThePaintersFrameZero)
{
    if (!driverBuilt("testpattern")) GTEST_SKIP() << "the testpattern driver is not built";
    TempDir dir;
    for (const char* subtype : {"rgb24", "yuy2"}) {
        SCOPED_TRACE(subtype);
        const std::string png = dir.file(std::string(subtype) + ".png");
        KsctlRun r = runKsctl(
            {"capture", "--device", "testpattern", "--subtype", subtype, "--size", "320x240", "--free-running", png});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_TRUE(contains(r.out, "last PictureNumber 0")) << r.out;

        const bool rgb = std::string(subtype) == "rgb24";
        openks::testpattern::PatternPainter painter;
        ASSERT_EQ(painter.configure(
                      rgb ? openks::testpattern::PixelFormat::Rgb24 : openks::testpattern::PixelFormat::Yuy2, 320, 240),
                  STATUS_SUCCESS);
        std::vector<std::uint8_t> frame(painter.frameBytes());
        ASSERT_EQ(painter.paint(0, frame.data(), frame.size()), STATUS_SUCCESS);
        std::vector<std::uint8_t> expected(320 * 240 * 3);
        ASSERT_EQ(
            rgb ? openks::media::dibToRgb(frame.data(), frame.size(), 320, 240, expected.data(), expected.size())
                : openks::media::yuy2ToRgb(frame.data(), frame.size(), 320, 240, 0, expected.data(), expected.size()),
            STATUS_SUCCESS);

        std::vector<std::uint8_t> decoded;
        std::uint32_t w = 0, h = 0;
        ASSERT_EQ(openks::media::readPng(png.c_str(), &decoded, &w, &h), STATUS_SUCCESS);
        EXPECT_EQ(w, 320u);
        EXPECT_EQ(h, 240u);
        EXPECT_TRUE(decoded == expected) << "the PNG differs from the painter's frame 0";
    }
}

TEST(KsctlCapture, Y4mHoldsThePaintersPicturesInOrder)
{
    if (!driverBuilt("testpattern")) GTEST_SKIP() << "the testpattern driver is not built";
    TempDir dir;
    KsctlRun r = runKsctl({"capture", "--device", "testpattern", "--frames", "3", "--free-running", dir.file("v.y4m")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::ifstream in(dir.file("v.y4m"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t headerEnd = bytes.find('\n');
    ASSERT_NE(headerEnd, std::string::npos);
    EXPECT_EQ(bytes.substr(0, headerEnd), "YUV4MPEG2 W320 H240 F10000000:333333 Ip A1:1 C422");
    const size_t planes = 320 * 240 * 2;  // 4:2:2: Y, then U and V at half width
    ASSERT_EQ(bytes.size(), headerEnd + 1 + 3 * (6 + planes));

    openks::testpattern::PatternPainter painter;
    ASSERT_EQ(painter.configure(openks::testpattern::PixelFormat::Yuy2, 320, 240), STATUS_SUCCESS);
    std::vector<std::uint8_t> frame(painter.frameBytes());
    for (std::uint64_t n = 0; n < 3; ++n) {
        ASSERT_EQ(painter.paint(n, frame.data(), frame.size()), STATUS_SUCCESS);
        const size_t at = headerEnd + 1 + n * (6 + planes);
        ASSERT_EQ(bytes.substr(at, 6), "FRAME\n");
        bool same = true;
        for (size_t p = 0; p < 320 * 240 && same; ++p)
            same = static_cast<std::uint8_t>(bytes[at + 6 + p]) == frame[2 * p];  // the Y plane
        EXPECT_TRUE(same) << "picture " << n << "'s luma differs from the painter's";
    }
}

TEST(KsctlCapture, BadRequestsFailWithTheRightCode)
{
    TempDir dir;
    KsctlRun extension = runKsctl({"capture", "--device", "tone", dir.file("out.txt")});
    EXPECT_EQ(extension.exitCode, 2);
    EXPECT_TRUE(contains(extension.err, "cannot tell what to capture")) << extension.err;

    KsctlRun both = runKsctl({"capture", "--device", "tone", "--seconds", "1", "--frames", "5", dir.file("o.wav")});
    EXPECT_EQ(both.exitCode, 2);

    KsctlRun rate = runKsctl({"capture", "--device", "tone", "--rate", "4000", dir.file("o.wav")});
    EXPECT_EQ(rate.exitCode, 4);
    EXPECT_TRUE(contains(rate.err, "offers no format matching 4000 Hz")) << rate.err;
    EXPECT_TRUE(contains(rate.err, "[0] audio PCM: 1-8 channels, 16-32 bits, 8000-192000 Hz")) << rate.err;

    KsctlRun unwritable =
        runKsctl({"capture", "--device", "tone", "--frames", "10", (dir.path() / "no" / "such" / "o.wav").string()});
    EXPECT_EQ(unwritable.exitCode, 5);
    EXPECT_TRUE(contains(unwritable.err, "cannot write")) << unwritable.err;

    KsctlRun render = runKsctl({"capture", "--device", "null", dir.file("o.wav")});
    EXPECT_EQ(render.exitCode, 4);
    EXPECT_TRUE(contains(render.err, "no pin that takes data out of the filter")) << render.err;

    if (driverBuilt("testpattern")) {
        KsctlRun size = runKsctl({"capture", "--device", "testpattern", "--size", "123x45", dir.file("o.png")});
        EXPECT_EQ(size.exitCode, 4);
        EXPECT_TRUE(contains(size.err, "offers no YUY2 or RGB24 123x45 video")) << size.err;
        KsctlRun rgbY4m = runKsctl({"capture", "--device", "testpattern", "--subtype", "rgb24", dir.file("o.y4m")});
        EXPECT_EQ(rgbY4m.exitCode, 2);
    }
}

// Ctrl-C during a real-time capture: the reads are flushed by STOP and the file keeps what arrived.
TEST(KsctlCapture, InterruptKeepsWhatWasCaptured)
{
    TempDir dir;
    KsctlRun r = runKsctl({"capture", "--device", "tone", "--seconds", "60", "--no-progress", dir.file("t.wav")}, {},
                          30, "-> " + dir.file("t.wav"));
    EXPECT_FALSE(r.timedOut);
    EXPECT_EQ(r.exitCode, 130) << r.err;
    const std::vector<unsigned char> got = wavData(dir.file("t.wav"));
    EXPECT_LT(got.size(), 48000u * 4 * 60);
    EXPECT_EQ(got.size() % 4, 0u);  // whole frames
    EXPECT_TRUE(got == std::vector<unsigned char>(toneSamples(1000.0, got.size() / 4)))
        << "not the tone's first frames";
}

}  // namespace
}  // namespace ksctl::test
