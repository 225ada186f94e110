// SPDX-License-Identifier: MIT
// The tone driver's pure part: a deterministic, phase-continuous sine generator writing interleaved PCM or float.
#pragma once

// SineGenerator produces the samples of one sine tone, the same value on
// every channel of a frame, in the byte layout a KS audio pin streams
// (little-endian, interleaved, WAVEFORMATEX block = channels × sample size).
// It knows nothing of KS: the tone driver's process callback hands it the
// stream pointer's buffer and stamps the presentation time it reports.
//
//   openks::tone::SineGenerator gen;
//   openks::tone::SineConfig config;
//   config.sampleRate = 48000;
//   config.channels = 2;
//   config.format = openks::tone::SampleFormat::Pcm16;
//   config.frequency = 1000.0;
//   config.level = openks::tone::dbfsToLevel(-6.0);
//   if (!NT_SUCCESS(gen.configure(config))) { /* bad config: nothing changed */ }
//   std::uint8_t buffer[480 * 4];                    // 10 ms of 48 kHz stereo 16-bit
//   LONGLONG pts = gen.presentationTime();           // time of the first frame written next
//   (void)gen.generate(buffer, sizeof buffer, 480);  // the next 480 frames
//
// Output contract
//  - Sample n (n = frames generated since configure()/reset()) is
//    level × sin(2π · phase(n)) where phase(n) is the tone's phase in cycles.
//  - Integer formats scale by 2^(bits−1) − 1 (so level 1.0 peaks at
//    +32767/−32767 for 16 bits), round half away from zero and clamp to
//    the format's range.  24-bit samples are packed in 3 bytes.  Float32 is
//    the double value rounded to the nearest float.
//  - Determinism: phase(n) is accumulated in double (frequency / sampleRate
//    cycles per frame) and re-seeded at every whole second (every sampleRate
//    frames) directly from the second's index k as frac(k · frac(frequency)),
//    the phase a sine of that frequency has after k seconds.  Accumulation
//    error is therefore bounded by one second's worth of additions (< 1e-10
//    cycles) and never grows over a long run, and the output depends only on
//    n and the configuration: a stream generated in one call equals, byte for
//    byte, the same stream generated in any sequence of shorter calls, on
//    every run.
//
// Threads: a SineGenerator is not synchronised; one thread (the pin's
// processing thread) uses it at a time.  generate() never allocates.

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>

#include <cstddef>
#include <cstdint>

namespace openks::tone {

// The sample encodings the tone pin offers (WAVE_FORMAT_PCM 16/24/32 bits,
// WAVE_FORMAT_IEEE_FLOAT 32 bits).
enum class SampleFormat : std::uint8_t {
    Pcm16,    // int16, little-endian
    Pcm24,    // int24 packed in 3 bytes, little-endian
    Pcm32,    // int32, little-endian
    Float32,  // IEEE 754 binary32, little-endian, full scale ±1.0
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

// The SampleFormat of a WAVEFORMATEX / WAVEFORMATEXTENSIBLE description:
// `ieeeFloat` is true for WAVE_FORMAT_IEEE_FLOAT (or the IEEE_FLOAT
// SubFormat), `bitsPerSample` the container size (wBitsPerSample).  Writes
// *format and returns true for the four supported combinations; false
// otherwise (leaving *format unchanged).
bool sampleFormatFor(bool ieeeFloat, std::uint32_t bitsPerSample, SampleFormat* format);

// A linear level (the sine's peak, 0..1 of full scale) for a level in dBFS
// (0 dBFS = a full-scale peak): 10^(dbfs / 20).  dbfs is clamped to ≤ 0;
// −infinity and NaN give 0.
double dbfsToLevel(double dbfs);

inline constexpr std::uint32_t kMinSampleRate = 8000;
inline constexpr std::uint32_t kMaxSampleRate = 192000;
inline constexpr std::uint32_t kMaxChannels = 8;

// 100-ns units per second (KS time: REFERENCE_TIME / KSTIME.Time).
inline constexpr LONGLONG kUnitsPerSecond = 10'000'000;

struct SineConfig {
    std::uint32_t sampleRate = 48000;  // 8 000 … 192 000 Hz
    std::uint32_t channels = 2;        // 1 … 8; every channel carries the same sample
    SampleFormat format = SampleFormat::Pcm16;
    double frequency = 1000.0;  // Hz, 0 < frequency < sampleRate / 2
    double level = 0.5;         // linear peak, 0 … 1 of full scale (see dbfsToLevel)
};

// The presentation time of frame `frames` (counted from 0) at `sampleRate`:
// floor(frames × 10 000 000 / sampleRate) in 100-ns units, computed exactly
// (no intermediate overflow for any frame count a stream can reach), so
// stamps taken from the absolute frame count never drift.  0 when
// sampleRate is 0.
LONGLONG framesToTime(std::uint64_t frames, std::uint32_t sampleRate);

// The number of whole frames in `duration` (100-ns units) at `sampleRate`:
// floor(duration × sampleRate / 10 000 000), exact; 0 for a duration ≤ 0
// or a sampleRate of 0.
std::uint64_t framesForDuration(LONGLONG duration, std::uint32_t sampleRate);

class SineGenerator {
public:
    SineGenerator() = default;

    // Validates `config` and, when it is good, adopts it and restarts the
    // tone at frame 0 (phase 0).
    //   STATUS_SUCCESS             adopted.
    //   STATUS_NOT_SUPPORTED       format is not one of the four SampleFormats.
    //   STATUS_INVALID_PARAMETER   rate, channels, frequency or level out of range
    //                              (or not finite).
    // On failure the generator keeps its previous configuration and position.
    [[nodiscard]] NTSTATUS configure(const SineConfig& config);

    // Whether configure() has succeeded at least once.
    bool configured() const { return frameBytes_ != 0; }
    const SineConfig& config() const { return config_; }

    // Bytes per frame (channels × bytesPerSample); 0 before configure().
    std::uint32_t frameBytes() const { return frameBytes_; }

    // Bytes of the whole frames that fit in `duration` (100-ns units):
    // framesForDuration(duration, rate) × frameBytes().  0 before configure().
    std::uint64_t bytesForDuration(LONGLONG duration) const;

    // Writes the next `frames` frames to buffer[0, frames × frameBytes()) and
    // advances the position by `frames`.  Bytes past that are untouched.
    //   STATUS_SUCCESS              written (frames == 0 writes nothing and
    //                               succeeds; buffer may then be null).
    //   STATUS_INVALID_DEVICE_STATE not configured.
    //   STATUS_INVALID_PARAMETER    buffer is null with frames > 0.
    //   STATUS_BUFFER_TOO_SMALL     bufferBytes < frames × frameBytes(); nothing written.
    [[nodiscard]] NTSTATUS generate(void* buffer, std::size_t bufferBytes, std::uint64_t frames);

    // Frames written since configure()/reset(): the index of the next frame.
    std::uint64_t position() const { return position_; }

    // The presentation time (100-ns units since the tone started) of the next
    // frame generate() writes: framesToTime(position(), sampleRate).
    LONGLONG presentationTime() const { return framesToTime(position_, config_.sampleRate); }

    // Restarts the tone at frame 0, phase 0 (what a KSSTATE_STOP does).
    void reset();

private:
    // Advances phase_ and the second counters by one frame.
    void step();

    SineConfig config_{};
    std::uint32_t frameBytes_ = 0;
    std::uint32_t sampleBytes_ = 0;
    double increment_ = 0.0;           // cycles per frame: frequency / sampleRate
    double fractionalHz_ = 0.0;        // frac(frequency), the phase gained per whole second
    double scale_ = 0.0;               // level × integer full scale (or level for float)
    double phase_ = 0.0;               // cycles, in [0, 1)
    std::uint64_t position_ = 0;       // frames generated
    std::uint64_t second_ = 0;         // position_ / sampleRate
    std::uint32_t frameInSecond_ = 0;  // position_ % sampleRate
};

}  // namespace openks::tone
