// SPDX-License-Identifier: MIT
// Tests of the tone driver's sine generator: exact samples, phase continuity, determinism and time maths.
#include "core/sine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace {

using openks::tone::SampleFormat;
using openks::tone::SineConfig;
using openks::tone::SineGenerator;

SineConfig makeConfig(std::uint32_t rate, std::uint32_t channels, SampleFormat format, double frequency, double level)
{
    SineConfig c;
    c.sampleRate = rate;
    c.channels = channels;
    c.format = format;
    c.frequency = frequency;
    c.level = level;
    return c;
}

std::vector<std::uint8_t> generate(SineGenerator& gen, std::uint64_t frames)
{
    std::vector<std::uint8_t> out(frames * gen.frameBytes());
    EXPECT_EQ(gen.generate(out.data(), out.size(), frames), STATUS_SUCCESS);
    return out;
}

std::int32_t le16(const std::uint8_t* p)
{
    return std::int16_t(std::uint16_t(p[0] | p[1] << 8));
}

std::int32_t le24(const std::uint8_t* p)
{
    std::int32_t v = p[0] | p[1] << 8 | p[2] << 16;
    return v >= (1 << 23) ? v - (1 << 24) : v;
}

std::int64_t le32(const std::uint8_t* p)
{
    return std::int32_t(std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                        std::uint32_t(p[3]) << 24);
}

float leFloat(const std::uint8_t* p)
{
    const std::uint32_t bits = std::uint32_t(le32(p));
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// A quarter of the sample rate puts every sample on a peak or a zero
// crossing, so the exact integer values are known without trigonometry.
TEST(SineGenerator, QuarterRateTonePcm16StereoIsExact)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(48000, 2, SampleFormat::Pcm16, 12000.0, 1.0)), STATUS_SUCCESS);
    EXPECT_EQ(gen.frameBytes(), 4u);
    const auto bytes = generate(gen, 8);
    const std::vector<std::uint8_t> expected = {
        0x00, 0x00, 0x00, 0x00,  // 0
        0xFF, 0x7F, 0xFF, 0x7F,  // +32767
        0x00, 0x00, 0x00, 0x00,  // 0
        0x01, 0x80, 0x01, 0x80,  // −32767
        0x00, 0x00, 0x00, 0x00, 0xFF, 0x7F, 0xFF, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x01, 0x80,
    };
    EXPECT_EQ(bytes, expected);
}

TEST(SineGenerator, HalfLevelRoundsHalfAwayFromZero)
{
    // 0.5 × 32767 = 16383.5 at the peaks: nearest with ties away from zero.
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(8000, 1, SampleFormat::Pcm16, 2000.0, 0.5)), STATUS_SUCCESS);
    const auto bytes = generate(gen, 4);
    EXPECT_EQ(le16(&bytes[0]), 0);
    EXPECT_EQ(le16(&bytes[2]), 16384);
    EXPECT_EQ(le16(&bytes[4]), 0);
    EXPECT_EQ(le16(&bytes[6]), -16384);
}

TEST(SineGenerator, Pcm24IsPackedInThreeBytes)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(96000, 3, SampleFormat::Pcm24, 24000.0, 1.0)), STATUS_SUCCESS);
    EXPECT_EQ(gen.frameBytes(), 9u);
    const auto bytes = generate(gen, 4);
    const std::vector<std::uint8_t> expected = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 0
        0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0x7F,  // +8388607
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 0
        0x01, 0x00, 0x80, 0x01, 0x00, 0x80, 0x01, 0x00, 0x80,  // −8388607
    };
    EXPECT_EQ(bytes, expected);
    EXPECT_EQ(le24(&bytes[9]), 8388607);
    EXPECT_EQ(le24(&bytes[27]), -8388607);
}

TEST(SineGenerator, Pcm32PeaksAtFullScale)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(192000, 1, SampleFormat::Pcm32, 48000.0, 1.0)), STATUS_SUCCESS);
    const auto bytes = generate(gen, 4);
    EXPECT_EQ(le32(&bytes[0]), 0);
    EXPECT_EQ(le32(&bytes[4]), 2147483647);
    EXPECT_EQ(le32(&bytes[8]), 0);
    EXPECT_EQ(le32(&bytes[12]), -2147483647);
}

TEST(SineGenerator, Float32CarriesTheLevel)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(44100, 2, SampleFormat::Float32, 11025.0, 0.25)), STATUS_SUCCESS);
    EXPECT_EQ(gen.frameBytes(), 8u);
    const auto bytes = generate(gen, 4);
    EXPECT_EQ(leFloat(&bytes[0]), 0.0f);
    EXPECT_EQ(leFloat(&bytes[8]), 0.25f);
    EXPECT_EQ(leFloat(&bytes[12]), 0.25f);
    EXPECT_NEAR(leFloat(&bytes[16]), 0.0f, 1e-12f);
    EXPECT_EQ(leFloat(&bytes[24]), -0.25f);
}

// The generator against sin(2π·f·n/rate) evaluated directly from n in long
// double: within one LSB (the only difference allowed is a rounding tie
// broken the other way), over several second boundaries.
TEST(SineGenerator, MatchesDirectFormulaWithinOneLsb)
{
    const double f = 997.0;
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(44100, 1, SampleFormat::Pcm16, f, 0.8)), STATUS_SUCCESS);
    const std::uint64_t frames = 44100 * 3 + 123;
    const auto bytes = generate(gen, frames);
    for (std::uint64_t n = 0; n < frames; ++n) {
        const long double cycles = std::fmod((long double)n * f, 44100.0L) / 44100.0L;
        const long double ideal = 0.8L * 32767.0L * std::sin(2.0L * 3.14159265358979323846264338327950288L * cycles);
        ASSERT_LE(std::fabs((long double)le16(&bytes[2 * n]) - ideal), 0.5L + 1e-6L) << "frame " << n;
    }
}

// Ten minutes into a tone with a fractional frequency, the samples still sit
// where the direct formula puts them: the per-second re-seeding keeps the
// phase from drifting.
TEST(SineGenerator, NoPhaseDriftAfterTenMinutes)
{
    const double f = 1234.5;
    const std::uint32_t rate = 8000;
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(rate, 1, SampleFormat::Pcm32, f, 1.0)), STATUS_SUCCESS);
    const std::uint64_t skip = std::uint64_t(rate) * 600;
    std::vector<std::uint8_t> scratch(std::size_t(rate) * 4);
    for (std::uint64_t done = 0; done < skip; done += rate) {
        ASSERT_EQ(gen.generate(scratch.data(), scratch.size(), rate), STATUS_SUCCESS);
    }
    ASSERT_EQ(gen.position(), skip);
    const auto bytes = generate(gen, rate);
    double worst = 0;
    for (std::uint64_t i = 0; i < rate; ++i) {
        const std::uint64_t n = skip + i;
        const long double cycles = std::fmod((long double)n * f, (long double)rate) / rate;
        const long double ideal = 2147483647.0L * std::sin(2.0L * 3.14159265358979323846264338327950288L * cycles);
        worst = std::max(worst, double(std::fabs((long double)le32(&bytes[4 * i]) - ideal)));
    }
    // Rounding alone allows 0.5 LSB; at 2^31 full scale a phase error of
    // 1e-11 cycles already adds 0.13 LSB, so 0.6 leaves no room for drift.
    EXPECT_LE(worst, 0.6);
}

// A long stream equals the concatenation of short calls, byte for byte,
// whatever the chunking and across second boundaries.
TEST(SineGenerator, ContinuousAcrossCallsByteForByte)
{
    const SampleFormat formats[] = {SampleFormat::Pcm16, SampleFormat::Pcm24, SampleFormat::Pcm32,
                                    SampleFormat::Float32};
    for (const SampleFormat format : formats) {
        const SineConfig config = makeConfig(8000, 3, format, 440.3, 0.7);
        SineGenerator whole;
        ASSERT_EQ(whole.configure(config), STATUS_SUCCESS);
        const std::uint64_t total = 20011;  // 2.5 s: two second boundaries
        const auto expected = generate(whole, total);

        SineGenerator pieces;
        ASSERT_EQ(pieces.configure(config), STATUS_SUCCESS);
        std::vector<std::uint8_t> joined;
        const std::uint64_t sizes[] = {1, 7, 480, 3, 0, 999, 4096, 2};
        std::uint64_t done = 0;
        for (std::size_t i = 0; done < total; ++i) {
            const std::uint64_t n = std::min<std::uint64_t>(sizes[i % std::size(sizes)], total - done);
            const auto chunk = generate(pieces, n);
            joined.insert(joined.end(), chunk.begin(), chunk.end());
            done += n;
        }
        EXPECT_EQ(joined, expected) << "format " << int(format);
    }
}

TEST(SineGenerator, EveryChannelCarriesTheSameSample)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(48000, 8, SampleFormat::Pcm24, 1000.0, 0.9)), STATUS_SUCCESS);
    const auto bytes = generate(gen, 100);
    for (std::size_t frame = 0; frame < 100; ++frame) {
        const std::uint8_t* f = &bytes[frame * 24];
        for (std::size_t c = 1; c < 8; ++c) {
            ASSERT_EQ(std::memcmp(f, f + 3 * c, 3), 0) << "frame " << frame << " channel " << c;
        }
    }
}

TEST(SineGenerator, DeterministicAndResetRestarts)
{
    const SineConfig config = makeConfig(22050, 2, SampleFormat::Float32, 333.3, 0.5);
    SineGenerator a;
    SineGenerator b;
    ASSERT_EQ(a.configure(config), STATUS_SUCCESS);
    ASSERT_EQ(b.configure(config), STATUS_SUCCESS);
    const auto first = generate(a, 30000);
    EXPECT_EQ(generate(b, 30000), first);
    a.reset();
    EXPECT_EQ(a.position(), 0u);
    EXPECT_EQ(a.presentationTime(), 0);
    EXPECT_EQ(generate(a, 30000), first);
}

TEST(SineGenerator, LeavesBytesPastTheFramesAlone)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, 1.0)), STATUS_SUCCESS);
    std::vector<std::uint8_t> buffer(64, 0xA5);
    ASSERT_EQ(gen.generate(buffer.data(), buffer.size(), 10), STATUS_SUCCESS);
    for (std::size_t i = 40; i < buffer.size(); ++i) {
        EXPECT_EQ(buffer[i], 0xA5) << i;
    }
}

TEST(SineGenerator, GenerateRejectsBadCallsWithoutSideEffects)
{
    SineGenerator gen;
    std::uint8_t buffer[16] = {};
    EXPECT_EQ(gen.generate(buffer, sizeof buffer, 1), STATUS_INVALID_DEVICE_STATE);
    ASSERT_EQ(gen.configure(makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, 1.0)), STATUS_SUCCESS);
    EXPECT_EQ(gen.generate(nullptr, 0, 0), STATUS_SUCCESS);  // zero frames
    EXPECT_EQ(gen.generate(nullptr, 16, 1), STATUS_INVALID_PARAMETER);
    std::memset(buffer, 0x5A, sizeof buffer);
    EXPECT_EQ(gen.generate(buffer, sizeof buffer, 5), STATUS_BUFFER_TOO_SMALL);  // 20 bytes needed
    for (const std::uint8_t b : buffer) {
        EXPECT_EQ(b, 0x5A);
    }
    EXPECT_EQ(gen.generate(buffer, sizeof buffer, UINT64_MAX), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(gen.position(), 0u);
    EXPECT_EQ(gen.generate(buffer, sizeof buffer, 4), STATUS_SUCCESS);
    EXPECT_EQ(gen.position(), 4u);
}

TEST(SineGenerator, ConfigureRejectsOutOfRangeAndKeepsThePreviousConfig)
{
    const SineConfig good = makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, 0.5);
    SineGenerator gen;
    ASSERT_EQ(gen.configure(good), STATUS_SUCCESS);
    std::vector<std::uint8_t> buffer(40);
    ASSERT_EQ(gen.generate(buffer.data(), buffer.size(), 10), STATUS_SUCCESS);

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Bad {
        SineConfig config;
        NTSTATUS status;
    };
    const Bad cases[] = {
        {makeConfig(7999, 2, SampleFormat::Pcm16, 1000.0, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(192001, 2, SampleFormat::Pcm16, 1000.0, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 0, SampleFormat::Pcm16, 1000.0, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 9, SampleFormat::Pcm16, 1000.0, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, 0.0, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, -5.0, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, 24000.0, 0.5), STATUS_INVALID_PARAMETER},  // Nyquist
        {makeConfig(48000, 2, SampleFormat::Pcm16, nan, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, inf, 0.5), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, 1.0001), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, -0.1), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, nan), STATUS_INVALID_PARAMETER},
        {makeConfig(48000, 2, static_cast<SampleFormat>(9), 1000.0, 0.5), STATUS_NOT_SUPPORTED},
    };
    for (const Bad& bad : cases) {
        EXPECT_EQ(gen.configure(bad.config), bad.status);
    }
    EXPECT_EQ(gen.position(), 10u);
    EXPECT_EQ(gen.frameBytes(), 4u);
    EXPECT_EQ(gen.config().frequency, 1000.0);

    // The limits themselves are accepted.
    EXPECT_EQ(gen.configure(makeConfig(8000, 1, SampleFormat::Pcm16, 3999.9, 0.0)), STATUS_SUCCESS);
    EXPECT_EQ(gen.configure(makeConfig(192000, 8, SampleFormat::Float32, 0.01, 1.0)), STATUS_SUCCESS);
}

TEST(SineTime, FramesToTimeIsExactFloor)
{
    using openks::tone::framesToTime;
    EXPECT_EQ(framesToTime(0, 48000), 0);
    EXPECT_EQ(framesToTime(1, 48000), 208);  // 208.33… 100-ns units
    EXPECT_EQ(framesToTime(48000, 48000), 10'000'000);
    EXPECT_EQ(framesToTime(441, 44100), 100'000);
    EXPECT_EQ(framesToTime(1, 44100), 226);  // 226.75…
    EXPECT_EQ(framesToTime(5, 0), 0);
    // Against 128-bit arithmetic for counts whose product with 10^7 overflows 64 bits.
    const std::uint64_t counts[] = {std::uint64_t(1) << 45, (std::uint64_t(1) << 50) + 12345, 987654321987ull};
    const std::uint32_t rates[] = {8000, 44100, 192000};
    for (const std::uint64_t n : counts) {
        for (const std::uint32_t rate : rates) {
            const unsigned __int128 exact = (unsigned __int128)n * 10'000'000u / rate;
            EXPECT_EQ(std::uint64_t(framesToTime(n, rate)), std::uint64_t(exact)) << n << " @ " << rate;
        }
    }
}

// Stamps from the absolute frame count add up: the durations of consecutive
// buffers (differences of stamps) sum to the stamp of the total, with no drift.
TEST(SineTime, PresentationTimeFollowsTheAbsoluteFrameCount)
{
    SineGenerator gen;
    ASSERT_EQ(gen.configure(makeConfig(44100, 1, SampleFormat::Pcm16, 440.0, 0.5)), STATUS_SUCCESS);
    std::vector<std::uint8_t> buffer(441 * 2);
    LONGLONG summed = 0;
    for (int i = 0; i < 1000; ++i) {
        const LONGLONG start = gen.presentationTime();
        ASSERT_EQ(gen.generate(buffer.data(), buffer.size(), 441 - (i % 3)), STATUS_SUCCESS);
        summed += gen.presentationTime() - start;
    }
    EXPECT_EQ(summed, gen.presentationTime());
    EXPECT_EQ(gen.presentationTime(), LONGLONG(gen.position()) * 10'000'000 / 44100);
}

TEST(SineTime, BytesForDurationCountsWholeFrames)
{
    SineGenerator gen;
    EXPECT_EQ(gen.bytesForDuration(100'000), 0u);  // not configured
    ASSERT_EQ(gen.configure(makeConfig(48000, 2, SampleFormat::Pcm16, 1000.0, 0.5)), STATUS_SUCCESS);
    EXPECT_EQ(gen.bytesForDuration(100'000), 1920u);  // 10 ms = 480 frames × 4
    EXPECT_EQ(gen.bytesForDuration(208), 0u);         // just under one frame (208.33)
    EXPECT_EQ(gen.bytesForDuration(209), 4u);
    EXPECT_EQ(gen.bytesForDuration(0), 0u);
    EXPECT_EQ(gen.bytesForDuration(-10'000'000), 0u);
    EXPECT_EQ(gen.bytesForDuration(36'000'000'000), 48000u * 3600 * 4);  // one hour
    EXPECT_EQ(openks::tone::framesForDuration(10'000'000, 44100), 44100u);
    EXPECT_EQ(openks::tone::framesForDuration(226, 44100), 0u);
    EXPECT_EQ(openks::tone::framesForDuration(227, 44100), 1u);
}

TEST(SineLevel, DbfsToLevel)
{
    using openks::tone::dbfsToLevel;
    EXPECT_EQ(dbfsToLevel(0.0), 1.0);
    EXPECT_EQ(dbfsToLevel(6.0), 1.0);  // clamped to full scale
    EXPECT_NEAR(dbfsToLevel(-20.0), 0.1, 1e-15);
    EXPECT_NEAR(dbfsToLevel(-6.020599913279624), 0.5, 1e-15);
    EXPECT_EQ(dbfsToLevel(-std::numeric_limits<double>::infinity()), 0.0);
    EXPECT_EQ(dbfsToLevel(std::numeric_limits<double>::quiet_NaN()), 0.0);
}

TEST(SineFormat, SampleFormatForWaveDescriptions)
{
    using openks::tone::sampleFormatFor;
    SampleFormat f = SampleFormat::Pcm16;
    EXPECT_TRUE(sampleFormatFor(false, 24, &f));
    EXPECT_EQ(f, SampleFormat::Pcm24);
    EXPECT_TRUE(sampleFormatFor(true, 32, &f));
    EXPECT_EQ(f, SampleFormat::Float32);
    EXPECT_TRUE(sampleFormatFor(false, 32, &f));
    EXPECT_EQ(f, SampleFormat::Pcm32);
    EXPECT_FALSE(sampleFormatFor(false, 8, &f));
    EXPECT_FALSE(sampleFormatFor(true, 64, &f));
    EXPECT_FALSE(sampleFormatFor(false, 16, nullptr));
    EXPECT_EQ(f, SampleFormat::Pcm32);
    EXPECT_EQ(openks::tone::bytesPerSample(static_cast<SampleFormat>(42)), 0u);
}

}  // namespace
