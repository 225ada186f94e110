// SPDX-License-Identifier: MIT
// Gain: dB and fixed-point conversions, argument checks and the per-format scaling loops.
#include "core/gain.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

namespace openks::gain {

namespace {

// Rounds half away from zero and saturates to [lo, hi].
std::int64_t quantise(double value, std::int64_t lo, std::int64_t hi)
{
    const double r = std::round(value);
    if (!(r >= double(lo))) {  // also catches NaN
        return lo;
    }
    if (r >= double(hi)) {
        return hi;
    }
    return std::int64_t(r);
}

std::int32_t readSample(SampleFormat format, const std::uint8_t* p)
{
    switch (format) {
        case SampleFormat::Pcm16:
            return std::int16_t(std::uint16_t(p[0] | p[1] << 8));
        case SampleFormat::Pcm24: {
            const std::uint32_t u = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16;
            return std::int32_t(u << 8) >> 8;  // sign-extend bit 23
        }
        default: {
            const std::uint32_t u =
                std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
            return std::int32_t(u);
        }
    }
}

void writeBytes(std::uint8_t* p, std::uint32_t v, std::uint32_t n)
{
    for (std::uint32_t i = 0; i < n; ++i) {
        p[i] = std::uint8_t(v >> (8 * i));
    }
}

void scale(SampleFormat format, const std::uint8_t* in, std::uint8_t* out, double g)
{
    switch (format) {
        case SampleFormat::Pcm16:
            writeBytes(out, std::uint32_t(quantise(readSample(format, in) * g, INT16_MIN, INT16_MAX)), 2);
            break;
        case SampleFormat::Pcm24:
            writeBytes(out, std::uint32_t(quantise(readSample(format, in) * g, -(1 << 23), (1 << 23) - 1)), 3);
            break;
        case SampleFormat::Pcm32:
            writeBytes(out, std::uint32_t(quantise(readSample(format, in) * g, INT32_MIN, INT32_MAX)), 4);
            break;
        case SampleFormat::Float32: {
            const auto bits = std::uint32_t(readSample(format, in));
            float x;
            std::memcpy(&x, &bits, sizeof x);
            const float y = float(double(x) * g);
            std::uint32_t outBits;
            std::memcpy(&outBits, &y, sizeof outBits);
            writeBytes(out, outBits, 4);
            break;
        }
    }
}

}  // namespace

double dbToLinear(double dB)
{
    if (std::isnan(dB)) {
        return 0.0;
    }
    return std::pow(10.0, dB / 20.0);
}

double volumeLevelToLinear(LONG level)
{
    return dbToLinear(volumeLevelToDb(level));
}

LONG dbToVolumeLevel(double dB)
{
    constexpr LONG kLowest = std::numeric_limits<LONG>::min();
    constexpr LONG kHighest = std::numeric_limits<LONG>::max();
    if (std::isnan(dB)) {
        return kLowest;
    }
    const double v = std::round(dB * kVolumeLevelPerDb);
    if (v <= double(kLowest)) {
        return kLowest;
    }
    if (v >= double(kHighest)) {
        return kHighest;
    }
    return LONG(v);
}

Gain::Gain()
{
    linear_.fill(1.0);
    db_.fill(0.0);
}

NTSTATUS Gain::setChannelDb(std::uint32_t channel, double dB)
{
    if (!(dB >= kMinDb) || !(dB <= kMaxDb)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (channel >= kMaxChannels && channel != kAllChannels) {
        return STATUS_INVALID_PARAMETER;
    }
    // 0 dB must be exactly 1 so that unity gain is a pass-through.
    const double factor = dB == 0.0 ? 1.0 : dbToLinear(dB);
    for (std::uint32_t c = 0; c < kMaxChannels; ++c) {
        if (channel == kAllChannels || channel == c) {
            linear_[c] = factor;
            db_[c] = dB;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS Gain::setChannelVolumeLevel(std::uint32_t channel, LONG level)
{
    return setChannelDb(channel, volumeLevelToDb(level));
}

NTSTATUS Gain::setChannelLinear(std::uint32_t channel, double factor)
{
    if (!(factor >= 0.0) || !(factor <= dbToLinear(kMaxDb))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (channel >= kMaxChannels && channel != kAllChannels) {
        return STATUS_INVALID_PARAMETER;
    }
    const double dB = factor == 0.0 ? -HUGE_VAL : 20.0 * std::log10(factor);
    for (std::uint32_t c = 0; c < kMaxChannels; ++c) {
        if (channel == kAllChannels || channel == c) {
            linear_[c] = factor;
            db_[c] = dB;
        }
    }
    return STATUS_SUCCESS;
}

double Gain::channelLinear(std::uint32_t channel) const
{
    return channel < kMaxChannels ? linear_[channel] : 0.0;
}

double Gain::channelDb(std::uint32_t channel) const
{
    return channel < kMaxChannels ? db_[channel] : -HUGE_VAL;
}

NTSTATUS Gain::apply(SampleFormat format, std::uint32_t channels, void* samples, std::size_t bytes) const
{
    return apply(format, channels, samples, samples, bytes);
}

NTSTATUS Gain::apply(SampleFormat format, std::uint32_t channels, const void* src, void* dst, std::size_t bytes) const
{
    const std::uint32_t sampleBytes = bytesPerSample(format);
    if (sampleBytes == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (channels == 0 || channels > kMaxChannels) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes == 0) {
        return STATUS_SUCCESS;
    }
    if (src == nullptr || dst == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    const std::size_t frameBytes = std::size_t(sampleBytes) * channels;
    if (bytes % frameBytes != 0) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    const auto* in = static_cast<const std::uint8_t*>(src);
    auto* out = static_cast<std::uint8_t*>(dst);
    if (in != out) {
        // std::less gives a total order even for unrelated pointers.
        const std::less<const std::uint8_t*> before;
        if (before(in, out + bytes) && before(out, in + bytes)) {
            return STATUS_INVALID_PARAMETER;
        }
    }
    if (muted_) {
        std::memset(out, 0, bytes);
        return STATUS_SUCCESS;
    }
    bool unity = true;
    for (std::uint32_t c = 0; c < channels; ++c) {
        unity = unity && linear_[c] == 1.0;
    }
    if (unity) {
        if (in != out) {
            std::memcpy(out, in, bytes);
        }
        return STATUS_SUCCESS;
    }
    const std::size_t frames = bytes / frameBytes;
    for (std::size_t f = 0; f < frames; ++f) {
        for (std::uint32_t c = 0; c < channels; ++c) {
            scale(format, in, out, linear_[c]);
            in += sampleBytes;
            out += sampleBytes;
        }
    }
    return STATUS_SUCCESS;
}

}  // namespace openks::gain
