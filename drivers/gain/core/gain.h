// SPDX-License-Identifier: MIT
// The gain driver's pure part: per-channel dB gain or mute on interleaved PCM/float samples, rounded and saturated.
#pragma once

// Gain holds one linear factor per channel (up to 8) and a mute switch, set
// the way a KS volume node is driven (KSPROPERTY_AUDIO_VOLUMELEVEL in
// 1/65536 dB, KSPROPERTY_AUDIO_MUTE), and applies them to interleaved,
// little-endian samples, in place or from a source to a destination.
//
//   openks::gain::Gain gain;
//   (void)gain.setChannelVolumeLevel(openks::gain::kAllChannels, -6 * 65536);  // −6 dB
//   NTSTATUS s = gain.apply(openks::gain::SampleFormat::Pcm16, 2, samples, bytes);
//
// Output contract, per sample of channel c with factor g = 10^(dB_c / 20)
// (0 when muted):
//  - integer formats: round-half-away-from-zero(x · g), saturated to the
//    format's range (24-bit samples packed in 3 bytes);
//  - float32: float(double(x) · g), rounded to nearest, no clamping (float
//    audio keeps its headroom; a later stage clips).
// A channel at exactly 0 dB passes its samples through unchanged, mute
// writes zeros.
//
// Threads: not synchronised.  The driver sets gains from its property
// handler and applies them in its process callback under one mutex (or
// copies the Gain, a small value type, into the processing thread).
// apply() never allocates.

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace openks::gain {

enum class SampleFormat : std::uint8_t {
    Pcm16,    // int16
    Pcm24,    // int24 packed in 3 bytes
    Pcm32,    // int32
    Float32,  // IEEE 754 binary32, full scale ±1.0
};

// Bytes one sample of `format` takes; 0 for a value outside the enum.
constexpr std::uint32_t bytesPerSample(SampleFormat format)
{
    switch (format) {
        case SampleFormat::Pcm16:
            return 2;
        case SampleFormat::Pcm24:
            return 3;
        case SampleFormat::Pcm32:
        case SampleFormat::Float32:
            return 4;
    }
    return 0;
}

inline constexpr double kMinDb = -96.0;
inline constexpr double kMaxDb = 24.0;
inline constexpr std::uint32_t kMaxChannels = 8;
// The channel number that addresses every channel at once (KS's master
// channel, Channel = 0xFFFFFFFF in KSNODEPROPERTY_AUDIO_CHANNEL).
inline constexpr std::uint32_t kAllChannels = 0xFFFFFFFF;
// KSPROPERTY_AUDIO_VOLUMELEVEL units per dB.
inline constexpr LONG kVolumeLevelPerDb = 65536;

// 10^(dB / 20); −infinity gives 0, NaN gives 0.
double dbToLinear(double dB);

// A KSPROPERTY_AUDIO_VOLUMELEVEL value (signed 16.16 fixed-point dB) in dB:
// level / 65536, exact.
constexpr double volumeLevelToDb(LONG level)
{
    return double(level) / kVolumeLevelPerDb;
}

// A KSPROPERTY_AUDIO_VOLUMELEVEL value as a linear factor: 10^(level / 65536 / 20).
double volumeLevelToLinear(LONG level);

// dB as a KSPROPERTY_AUDIO_VOLUMELEVEL value: round(dB × 65536), saturated
// to the LONG range; NaN gives 0x80000000 (the most negative level).
LONG dbToVolumeLevel(double dB);

class Gain {
public:
    // Every channel at 0 dB, not muted.
    Gain();

    // Sets channel `channel` (0-based, or kAllChannels) to `dB`.
    //   STATUS_SUCCESS
    //   STATUS_INVALID_PARAMETER  channel ≥ kMaxChannels (and not kAllChannels),
    //                             or dB outside [kMinDb, kMaxDb] or NaN.
    [[nodiscard]] NTSTATUS setChannelDb(std::uint32_t channel, double dB);

    // setChannelDb(channel, volumeLevelToDb(level)), same statuses.
    [[nodiscard]] NTSTATUS setChannelVolumeLevel(std::uint32_t channel, LONG level);

    // Sets a channel's linear factor directly (0 … dbToLinear(kMaxDb)).
    // Statuses as setChannelDb.
    [[nodiscard]] NTSTATUS setChannelLinear(std::uint32_t channel, double factor);

    void setMute(bool mute) { muted_ = mute; }
    bool muted() const { return muted_; }

    // A channel's factor / level in dB (20·log10 of the factor for one set
    // linearly); 0 / −infinity for channel ≥ kMaxChannels.
    double channelLinear(std::uint32_t channel) const;
    double channelDb(std::uint32_t channel) const;

    // Scales the interleaved frames samples[0, bytes) of `channels` channels
    // in place (channel c gets channel c's factor).
    //   STATUS_SUCCESS               (bytes == 0 does nothing and succeeds)
    //   STATUS_NOT_SUPPORTED         format is not a SampleFormat.
    //   STATUS_INVALID_PARAMETER     channels is 0 or > kMaxChannels; samples null
    //                                with bytes > 0.
    //   STATUS_INVALID_BUFFER_SIZE   bytes is not a whole number of frames; nothing changed.
    [[nodiscard]] NTSTATUS apply(SampleFormat format, std::uint32_t channels, void* samples, std::size_t bytes) const;

    // As above, reading src[0, bytes) and writing dst[0, bytes).  src == dst
    // is the in-place case; otherwise the ranges must not overlap
    // (STATUS_INVALID_PARAMETER).
    [[nodiscard]] NTSTATUS apply(SampleFormat format, std::uint32_t channels, const void* src, void* dst,
                                 std::size_t bytes) const;

private:
    std::array<double, kMaxChannels> linear_{};
    std::array<double, kMaxChannels> db_{};
    bool muted_ = false;
};

}  // namespace openks::gain
