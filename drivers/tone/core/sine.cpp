// SPDX-License-Identifier: MIT
// The sine generator: validation, second-by-second phase re-seeding and the per-format sample encoders.
#include "core/sine.h"

#include <cmath>
#include <cstring>

namespace openks::tone {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

// Largest positive sample of an integer format with `bits` bits.
constexpr double fullScale(std::uint32_t bits)
{
    return double((std::uint64_t(1) << (bits - 1)) - 1);
}

// Rounds half away from zero and clamps to [lo, hi].
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

// Encodes `value` (already scaled) as one sample of `format` at `out`.
void encode(SampleFormat format, double value, std::uint8_t* out)
{
    switch (format) {
        case SampleFormat::Pcm16: {
            const auto v = std::uint16_t(quantise(value, INT16_MIN, INT16_MAX));
            out[0] = std::uint8_t(v);
            out[1] = std::uint8_t(v >> 8);
            break;
        }
        case SampleFormat::Pcm24: {
            const auto v = std::uint32_t(quantise(value, -(1 << 23), (1 << 23) - 1));
            out[0] = std::uint8_t(v);
            out[1] = std::uint8_t(v >> 8);
            out[2] = std::uint8_t(v >> 16);
            break;
        }
        case SampleFormat::Pcm32: {
            const auto v = std::uint32_t(quantise(value, INT32_MIN, INT32_MAX));
            out[0] = std::uint8_t(v);
            out[1] = std::uint8_t(v >> 8);
            out[2] = std::uint8_t(v >> 16);
            out[3] = std::uint8_t(v >> 24);
            break;
        }
        case SampleFormat::Float32: {
            const float f = float(value);
            std::uint32_t bits;
            std::memcpy(&bits, &f, sizeof bits);
            out[0] = std::uint8_t(bits);
            out[1] = std::uint8_t(bits >> 8);
            out[2] = std::uint8_t(bits >> 16);
            out[3] = std::uint8_t(bits >> 24);
            break;
        }
    }
}

}  // namespace

bool sampleFormatFor(bool ieeeFloat, std::uint32_t bitsPerSample, SampleFormat* format)
{
    if (format == nullptr) {
        return false;
    }
    if (ieeeFloat) {
        if (bitsPerSample != 32) {
            return false;
        }
        *format = SampleFormat::Float32;
        return true;
    }
    switch (bitsPerSample) {
        case 16:
            *format = SampleFormat::Pcm16;
            return true;
        case 24:
            *format = SampleFormat::Pcm24;
            return true;
        case 32:
            *format = SampleFormat::Pcm32;
            return true;
        default:
            return false;
    }
}

double dbfsToLevel(double dbfs)
{
    if (std::isnan(dbfs)) {
        return 0.0;
    }
    if (dbfs >= 0.0) {
        return 1.0;
    }
    return std::pow(10.0, dbfs / 20.0);  // pow(10, -inf) is 0
}

LONGLONG framesToTime(std::uint64_t frames, std::uint32_t sampleRate)
{
    if (sampleRate == 0) {
        return 0;
    }
    // frames = q·rate + r, so frames·10^7/rate = q·10^7 + r·10^7/rate with
    // r·10^7 < 192 000·10^7, far inside 64 bits.
    const std::uint64_t q = frames / sampleRate;
    const std::uint64_t r = frames % sampleRate;
    return LONGLONG(q * std::uint64_t(kUnitsPerSecond) + r * std::uint64_t(kUnitsPerSecond) / sampleRate);
}

std::uint64_t framesForDuration(LONGLONG duration, std::uint32_t sampleRate)
{
    if (duration <= 0 || sampleRate == 0) {
        return 0;
    }
    const auto d = std::uint64_t(duration);
    const std::uint64_t q = d / std::uint64_t(kUnitsPerSecond);
    const std::uint64_t r = d % std::uint64_t(kUnitsPerSecond);
    return q * sampleRate + r * sampleRate / std::uint64_t(kUnitsPerSecond);
}

NTSTATUS SineGenerator::configure(const SineConfig& config)
{
    const std::uint32_t sampleBytes = bytesPerSample(config.format);
    if (sampleBytes == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (config.sampleRate < kMinSampleRate || config.sampleRate > kMaxSampleRate) {
        return STATUS_INVALID_PARAMETER;
    }
    if (config.channels < 1 || config.channels > kMaxChannels) {
        return STATUS_INVALID_PARAMETER;
    }
    // Negated comparisons so that NaN fails them.
    if (!(config.frequency > 0.0) || !(config.frequency < config.sampleRate / 2.0)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!(config.level >= 0.0) || !(config.level <= 1.0)) {
        return STATUS_INVALID_PARAMETER;
    }

    config_ = config;
    sampleBytes_ = sampleBytes;
    frameBytes_ = sampleBytes * config.channels;
    increment_ = config.frequency / config.sampleRate;
    fractionalHz_ = config.frequency - std::floor(config.frequency);
    scale_ = config.format == SampleFormat::Float32 ? config.level : config.level * fullScale(sampleBytes * 8);
    reset();
    return STATUS_SUCCESS;
}

std::uint64_t SineGenerator::bytesForDuration(LONGLONG duration) const
{
    return framesForDuration(duration, config_.sampleRate) * frameBytes_;
}

void SineGenerator::reset()
{
    phase_ = 0.0;
    position_ = 0;
    second_ = 0;
    frameInSecond_ = 0;
}

void SineGenerator::step()
{
    ++position_;
    if (++frameInSecond_ == config_.sampleRate) {
        frameInSecond_ = 0;
        ++second_;
        // frac(k·f) = frac(k·frac(f)) since k·floor(f) is a whole number of cycles.
        phase_ = std::fmod(double(second_) * fractionalHz_, 1.0);
        return;
    }
    phase_ += increment_;
    if (phase_ >= 1.0) {
        phase_ -= 1.0;
    }
}

NTSTATUS SineGenerator::generate(void* buffer, std::size_t bufferBytes, std::uint64_t frames)
{
    if (!configured()) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (frames == 0) {
        return STATUS_SUCCESS;
    }
    if (buffer == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (frames > bufferBytes / frameBytes_) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    auto* out = static_cast<std::uint8_t*>(buffer);
    for (std::uint64_t i = 0; i < frames; ++i) {
        encode(config_.format, scale_ * std::sin(kTwoPi * phase_), out);
        for (std::uint32_t c = 1; c < config_.channels; ++c) {
            std::memcpy(out + c * sampleBytes_, out, sampleBytes_);
        }
        out += frameBytes_;
        step();
    }
    return STATUS_SUCCESS;
}

}  // namespace openks::tone
