// SPDX-License-Identifier: MIT
// ksctl render end to end: every byte reaches the sink, the tone -> WAV -> wavout round trip is exact, format
// fallback and conversion, and the errors (unreadable file, unsupported rate, wrong pin, bad --set).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

std::vector<short> ramp(size_t samples)
{
    std::vector<short> out(samples);
    for (size_t i = 0; i < samples; ++i)
        out[i] = static_cast<short>((i * 7919) % 65536 - 32768);
    return out;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST(KsctlRender, PlaysEveryByteOfTheFileIntoNull)
{
    TempDir dir;
    writeWav16(dir.file("in.wav"), 48000, 2, ramp(2 * 4800));  // 0.1 s
    KsctlRun r = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--packets", "3", "--period-ms", "5"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "-> null pin 0 as PCM 48000 Hz, 2 channels, 16 bits")) << r.out;
    EXPECT_TRUE(contains(r.out, "render: 19200 bytes, 0.100 s of audio, 20 packets")) << r.out;
    EXPECT_TRUE(contains(r.out, "completion gaps min")) << r.out;
}

// ks-spec §12 items 18, 20: headers in the output buffer; what the sink consumes is what was written.
TEST(KsctlRender, ToneCaptureRenderedIntoWavoutIsByteExact)
{
    if (!driverBuilt("wavout")) GTEST_SKIP() << "the wavout driver is not built";
    TempDir dir;
    KsctlRun capture =
        runKsctl({"capture", "--device", "tone", "--seconds", "0.5", "--free-running", "-q", dir.file("tone.wav")});
    ASSERT_EQ(capture.exitCode, 0) << capture.err;
    KsctlRun render = runKsctl({"render", dir.file("tone.wav"), "--device", "wavout", "--free-running", "--set",
                                "Wavout.Filename=" + dir.file("out.wav")});
    ASSERT_EQ(render.exitCode, 0) << render.err;
    const std::vector<unsigned char> captured = wavData(dir.file("tone.wav"));
    const std::vector<unsigned char> played = wavData(dir.file("out.wav"));
    ASSERT_EQ(captured.size(), 24000u * 2 * 2);
    EXPECT_TRUE(captured == played) << "captured " << captured.size() << " bytes, wavout wrote " << played.size();
}

TEST(KsctlRender, AFormatThePinRefusesIsConvertedAndSaidSo)
{
    if (!driverBuilt("wavout")) GTEST_SKIP() << "the wavout driver is not built";
    TempDir dir;
    // 8-bit unsigned PCM: wavout takes 16-32 bits, so ksctl plays it as 16 bits, (v - 128) << 8.
    std::vector<unsigned char> eight = {0, 64, 128, 200, 255, 1, 127, 129};
    writeWav(dir.file("in8.wav"), 8000, 1, 8, eight);
    KsctlRun r = runKsctl({"render", dir.file("in8.wav"), "--device", "wavout", "--free-running", "--set",
                           "Wavout.Filename=" + dir.file("out.wav")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "does not take the file's format")) << r.err;
    EXPECT_TRUE(contains(r.err, "converted")) << r.err;
    std::vector<unsigned char> expected;
    for (unsigned char v : eight) {
        const int s = (int(v) - 128) * 256;
        expected.push_back(static_cast<unsigned char>(s & 0xFF));
        expected.push_back(static_cast<unsigned char>((s >> 8) & 0xFF));
    }
    EXPECT_EQ(wavData(dir.file("out.wav")), expected);
}

TEST(KsctlRender, UnreadableFileExitsFiveSayingWhy)
{
    TempDir dir;
    KsctlRun missing = runKsctl({"render", dir.file("nothere.wav"), "--device", "null"});
    EXPECT_EQ(missing.exitCode, 5);
    EXPECT_TRUE(contains(missing.err, "cannot read")) << missing.err;
    EXPECT_TRUE(contains(missing.err, "libsndfile")) << missing.err;

    std::FILE* f = std::fopen(dir.file("text.wav").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not audio\n", f);
    std::fclose(f);
    KsctlRun text = runKsctl({"render", dir.file("text.wav"), "--device", "null"});
    EXPECT_EQ(text.exitCode, 5);
    EXPECT_TRUE(contains(text.err, "cannot read")) << text.err;
}

// ks-spec §12 item 42: DATAINTERSECTION answers STATUS_NO_MATCH; ksctl shows the pin's ranges.
TEST(KsctlRender, UnsupportedRateExitsFourShowingThePinsRanges)
{
    if (!driverBuilt("wavout")) GTEST_SKIP() << "the wavout driver is not built";
    TempDir dir;
    writeWav16(dir.file("slow.wav"), 4000, 1, ramp(400));
    KsctlRun r = runKsctl({"render", dir.file("slow.wav"), "--device", "wavout"});
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(contains(r.err, "takes no audio at 4000 Hz")) << r.err;
    EXPECT_TRUE(contains(r.err, "pin 0 takes:")) << r.err;
    EXPECT_TRUE(contains(r.err, "[0] audio PCM: 1-8 channels, 16-32 bits, 8000-192000 Hz")) << r.err;
}

TEST(KsctlRender, WrongPinsAreRefusedWithThePinList)
{
    TempDir dir;
    writeWav16(dir.file("in.wav"), 48000, 2, ramp(960));
    KsctlRun stream = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--pin", "1"});
    EXPECT_EQ(stream.exitCode, 4);
    EXPECT_TRUE(contains(stream.err, "pin 1 of null offers no audio format")) << stream.err;
    KsctlRun missing = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--pin", "7"});
    EXPECT_EQ(missing.exitCode, 3);
    EXPECT_TRUE(contains(missing.err, "null has no pin 7")) << missing.err;
    KsctlRun capturePin = runKsctl({"render", dir.file("in.wav"), "--device", "tone"});
    EXPECT_EQ(capturePin.exitCode, 4);
    EXPECT_TRUE(contains(capturePin.err, "tone has no pin that takes data into the filter")) << capturePin.err;
}

TEST(KsctlRender, BadSetAssignmentsAreRefused)
{
    TempDir dir;
    writeWav16(dir.file("in.wav"), 48000, 2, ramp(960));
    KsctlRun syntax = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--set", "Tone.Frequency"});
    EXPECT_EQ(syntax.exitCode, 2);
    EXPECT_TRUE(contains(syntax.err, "not an assignment")) << syntax.err;
    KsctlRun value = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--set", "Connection.State=FAST"});
    EXPECT_EQ(value.exitCode, 2);
    EXPECT_TRUE(contains(value.err, "expected STOP, ACQUIRE, PAUSE or RUN")) << value.err;
    // ks-spec §12 item 44: the null pin knows no tone property.
    KsctlRun foreign = runKsctl({"render", dir.file("in.wav"), "--device", "null", "--set", "Tone.Frequency=440"});
    EXPECT_EQ(foreign.exitCode, 6);
    EXPECT_TRUE(contains(foreign.err, "does not support KSPROPSETID_OpenksTone/FREQUENCY")) << foreign.err;
}

// Ctrl-C: the stream stops (PAUSE, STOP flushes the queued writes), the pin closes, exit 130.
TEST(KsctlRender, InterruptStopsTheStreamCleanly)
{
    if (!driverBuilt("wavout")) GTEST_SKIP() << "the wavout driver is not built";
    TempDir dir;
    writeWav16(dir.file("long.wav"), 8000, 1, ramp(8000 * 60));  // a minute at wavout's real-time pace
    KsctlRun r = runKsctl({"render", dir.file("long.wav"), "--device", "wavout", "--no-progress", "--set",
                           "Wavout.Filename=" + dir.file("out.wav")},
                          {}, 30, "-> wavout pin 0");
    EXPECT_FALSE(r.timedOut);
    EXPECT_EQ(r.exitCode, 130) << r.err;
    EXPECT_TRUE(contains(r.err, "interrupted; stopping the stream")) << r.err;
    EXPECT_TRUE(contains(r.out, "render: ")) << r.out;  // the summary of what was played
    // wavout finalised its file at STOP: a valid WAV holding a prefix of the input.
    const std::vector<unsigned char> played = wavData(dir.file("out.wav"));
    EXPECT_LT(played.size(), 8000u * 60 * 2);
}

}  // namespace
}  // namespace ksctl::test
