// SPDX-License-Identifier: MIT
// Tests of the gain core: exact rounding and saturation per format, per-channel gains, mute, fixed-point dB, bad input.
#include "core/gain.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace {

using openks::gain::Gain;
using openks::gain::kAllChannels;
using openks::gain::SampleFormat;

std::vector<std::uint8_t> pcm16(const std::vector<int>& samples)
{
    std::vector<std::uint8_t> out;
    for (const int s : samples) {
        out.push_back(std::uint8_t(s & 0xFF));
        out.push_back(std::uint8_t((s >> 8) & 0xFF));
    }
    return out;
}

std::vector<std::uint8_t> pcm24(const std::vector<std::int32_t>& samples)
{
    std::vector<std::uint8_t> out;
    for (const std::int32_t s : samples) {
        const auto u = std::uint32_t(s);
        out.push_back(std::uint8_t(u));
        out.push_back(std::uint8_t(u >> 8));
        out.push_back(std::uint8_t(u >> 16));
    }
    return out;
}

std::vector<std::uint8_t> pcm32(const std::vector<std::int64_t>& samples)
{
    std::vector<std::uint8_t> out;
    for (const std::int64_t s : samples) {
        const auto u = std::uint32_t(std::int32_t(s));
        for (int i = 0; i < 4; ++i) {
            out.push_back(std::uint8_t(u >> (8 * i)));
        }
    }
    return out;
}

std::vector<std::uint8_t> f32(const std::vector<float>& samples)
{
    std::vector<std::uint8_t> out(samples.size() * 4);
    std::memcpy(out.data(), samples.data(), out.size());  // x86-64: little-endian
    return out;
}

std::vector<std::uint8_t> applied(const Gain& gain, SampleFormat format, std::uint32_t channels,
                                  std::vector<std::uint8_t> samples)
{
    EXPECT_EQ(gain.apply(format, channels, samples.data(), samples.size()), STATUS_SUCCESS);
    return samples;
}

TEST(GainCore, UnityPassesSamplesThrough)
{
    Gain gain;
    const auto in = pcm16({1, -1, 32767, -32768, 12345, -9});
    EXPECT_EQ(applied(gain, SampleFormat::Pcm16, 2, in), in);
    std::vector<std::uint8_t> out(in.size(), 0xEE);
    ASSERT_EQ(gain.apply(SampleFormat::Pcm16, 2, in.data(), out.data(), in.size()), STATUS_SUCCESS);
    EXPECT_EQ(out, in);
    ASSERT_EQ(gain.setChannelDb(kAllChannels, 0.0), STATUS_SUCCESS);
    EXPECT_EQ(gain.channelLinear(3), 1.0);
    const auto floats = f32({0.1f, -0.7f, 1.5f, std::numeric_limits<float>::denorm_min()});
    EXPECT_EQ(applied(gain, SampleFormat::Float32, 1, floats), floats);
}

TEST(GainCore, Pcm16HalvesWithTiesAwayFromZero)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 0.5), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm16, 1, pcm16({1001, -1001, 3, -3, 32767, -32768, 1, -1, 0})),
              pcm16({501, -501, 2, -2, 16384, -16384, 1, -1, 0}));
}

TEST(GainCore, Pcm16SaturatesWhenBoosting)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 2.0), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm16, 2, pcm16({20000, -20000, 16383, -16384, 16384, -16385})),
              pcm16({32767, -32768, 32766, -32768, 32767, -32768}));
}

TEST(GainCore, Pcm24IsSignExtendedAndPacked)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 0.5), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm24, 3, pcm24({-8388608, 8388607, 3, -3, 1000001, -1})),
              pcm24({-4194304, 4194304, 2, -2, 500001, -1}));
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 4.0), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm24, 1, pcm24({2097151, 2097152, -2097152, -2097153})),
              pcm24({8388604, 8388607, -8388608, -8388608}));
}

TEST(GainCore, Pcm32RoundsAndSaturates)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 0.5), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm32, 2, pcm32({2147483647, -2147483648LL, 7, -7})),
              pcm32({1073741824, -1073741824, 4, -4}));
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 2.0), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm32, 2, pcm32({1000000001, 1100000000, -1100000000, -2147483648LL})),
              pcm32({2000000002, 2147483647, -2147483648LL, -2147483648LL}));
}

TEST(GainCore, FloatScalesWithoutClamping)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 2.0), STATUS_SUCCESS);
    EXPECT_EQ(applied(gain, SampleFormat::Float32, 2, f32({0.75f, -0.375f, 3.0f, 0.0f})),
              f32({1.5f, -0.75f, 6.0f, 0.0f}));
}

TEST(GainCore, EachChannelGetsItsOwnFactor)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(0, 0.5), STATUS_SUCCESS);
    ASSERT_EQ(gain.setChannelLinear(1, 2.0), STATUS_SUCCESS);
    EXPECT_EQ(gain.channelLinear(0), 0.5);
    EXPECT_EQ(gain.channelLinear(1), 2.0);
    EXPECT_EQ(gain.channelLinear(2), 1.0);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm16, 3, pcm16({100, 100, 100, -7, -7, -7})),
              pcm16({50, 200, 100, -4, -14, -7}));
}

TEST(GainCore, DbSettingsUseTenToTheDbOverTwenty)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelDb(kAllChannels, -6.0), STATUS_SUCCESS);
    const double factor = std::pow(10.0, -0.3);
    EXPECT_DOUBLE_EQ(gain.channelLinear(0), factor);
    EXPECT_EQ(gain.channelDb(5), -6.0);
    const int expected = int(std::lround(10000 * factor));  // 5011.87 → 5012
    EXPECT_EQ(applied(gain, SampleFormat::Pcm16, 1, pcm16({10000, -10000})), pcm16({expected, -expected}));

    Gain fixed;
    ASSERT_EQ(fixed.setChannelVolumeLevel(kAllChannels, -6 * 65536), STATUS_SUCCESS);
    EXPECT_EQ(fixed.channelLinear(7), gain.channelLinear(7));

    ASSERT_EQ(gain.setChannelDb(0, 20.0), STATUS_SUCCESS);
    EXPECT_DOUBLE_EQ(gain.channelLinear(0), 10.0);
    ASSERT_EQ(gain.setChannelLinear(1, 0.0), STATUS_SUCCESS);
    EXPECT_EQ(gain.channelDb(1), -HUGE_VAL);
}

TEST(GainCore, MuteWritesZerosAndUnmuteRestores)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 0.5), STATUS_SUCCESS);
    gain.setMute(true);
    EXPECT_TRUE(gain.muted());
    EXPECT_EQ(applied(gain, SampleFormat::Pcm24, 2, pcm24({5, -5})), pcm24({0, 0}));
    EXPECT_EQ(applied(gain, SampleFormat::Float32, 1, f32({-0.5f, 0.25f})), std::vector<std::uint8_t>(8, 0));
    gain.setMute(false);
    EXPECT_EQ(applied(gain, SampleFormat::Pcm16, 1, pcm16({10})), pcm16({5}));
}

TEST(GainCore, RangeIsMinus96ToPlus24Db)
{
    Gain gain;
    EXPECT_EQ(gain.setChannelDb(kAllChannels, -96.0), STATUS_SUCCESS);
    EXPECT_EQ(gain.setChannelDb(kAllChannels, 24.0), STATUS_SUCCESS);
    EXPECT_EQ(gain.setChannelDb(kAllChannels, -96.001), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelDb(kAllChannels, 24.001), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelDb(kAllChannels, std::nan("")), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelDb(8, 0.0), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelVolumeLevel(0, -96 * 65536 - 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelVolumeLevel(0, std::numeric_limits<LONG>::min()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelLinear(0, -0.1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.setChannelLinear(0, 16.0), STATUS_INVALID_PARAMETER);  // above +24 dB (15.85)
    EXPECT_EQ(gain.setChannelLinear(kAllChannels - 1, 1.0), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.channelDb(0), 24.0);  // the last good setting stays
    EXPECT_EQ(gain.channelLinear(8), 0.0);
}

TEST(GainCoreLevel, VolumeLevelFixedPoint)
{
    using namespace openks::gain;
    EXPECT_EQ(volumeLevelToDb(-6291456), -96.0);  // 0xFFA00000
    EXPECT_EQ(volumeLevelToDb(32768), 0.5);
    EXPECT_EQ(volumeLevelToDb(1), 1.0 / 65536);
    EXPECT_EQ(volumeLevelToLinear(0), 1.0);
    EXPECT_DOUBLE_EQ(volumeLevelToLinear(20 * 65536), 10.0);
    EXPECT_DOUBLE_EQ(volumeLevelToLinear(-20 * 65536), 0.1);
    EXPECT_DOUBLE_EQ(volumeLevelToLinear(-6 * 65536), std::pow(10.0, -0.3));
    EXPECT_EQ(volumeLevelToLinear(std::numeric_limits<LONG>::min()), 0.0);  // −32768 dB underflows to silence
    EXPECT_EQ(dbToVolumeLevel(-6.0), -393216);
    EXPECT_EQ(dbToVolumeLevel(0.00001), 1);        // 0.655 units rounds to 1
    EXPECT_EQ(dbToVolumeLevel(-0.5 / 65536), -1);  // a tie: away from zero
    EXPECT_EQ(dbToVolumeLevel(1e10), std::numeric_limits<LONG>::max());
    EXPECT_EQ(dbToVolumeLevel(-1e10), std::numeric_limits<LONG>::min());
    EXPECT_EQ(dbToVolumeLevel(std::nan("")), std::numeric_limits<LONG>::min());
    EXPECT_EQ(dbToLinear(-HUGE_VAL), 0.0);
    EXPECT_EQ(dbToLinear(std::nan("")), 0.0);
}

TEST(GainCore, BadArgumentsGetAStatusAndChangeNothing)
{
    Gain gain;
    ASSERT_EQ(gain.setChannelLinear(kAllChannels, 0.5), STATUS_SUCCESS);
    auto samples = pcm16({100, 200, 300});
    const auto original = samples;
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 2, samples.data(), samples.size()), STATUS_INVALID_BUFFER_SIZE);
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 0, samples.data(), samples.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 9, samples.data(), samples.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.apply(static_cast<SampleFormat>(4), 1, samples.data(), samples.size()), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 1, nullptr, 6), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 1, samples.data(), nullptr, 6), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 1, nullptr, 0), STATUS_SUCCESS);
    // Partially overlapping source and destination.
    std::vector<std::uint8_t> big = pcm16({1, 2, 3, 4});
    EXPECT_EQ(gain.apply(SampleFormat::Pcm16, 1, big.data(), big.data() + 2, 6), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(big, pcm16({1, 2, 3, 4}));
    EXPECT_EQ(samples, original);
}

}  // namespace
