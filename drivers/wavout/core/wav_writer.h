// SPDX-License-Identifier: MIT
// The wavout driver's pure part: a RIFF/WAVE writer over a ByteSink, with optional crash-tolerant size patching.
#pragma once

// WavWriter turns the format a render pin was created with and the sample
// bytes the pin consumes into a .wav file:
//
//   "RIFF" <size> "WAVE"  "fmt " <n> <format image, + pad byte if n is odd>
//   "data" <size> <sample bytes> [pad byte if the data size is odd]
//
// The `fmt ` chunk is the caller's format, byte for byte: the first 16 bytes
// (PCMWAVEFORMAT) when the tag is WAVE_FORMAT_PCM, else the 18 + cbSize
// bytes of the WAVEFORMATEX image (18 for IEEE float, 40 for an extensible
// format); a 16-byte non-PCM image is written as 18 bytes with cbSize 0.
// No `fact` chunk is written.  The two size fields are written as for an
// empty file by begin() and get their final values from finish(); with
// `patchInterval` set they are also rewritten (and the sink flushed) every
// time that many more data bytes have been appended, so a file cut short by
// a crash still reads back up to its last patch.
//
//   openks::wavout::VectorSink sink;
//   openks::wavout::WavWriter writer(&sink);
//   NTSTATUS s = writer.begin(&wfx, sizeof(WAVEFORMATEX) + wfx.cbSize);
//   if (NT_SUCCESS(s)) s = writer.append(samples, sampleBytes);   // as often as needed
//   if (NT_SUCCESS(s)) s = writer.finish();
//
// Threads: not synchronised; one thread (the pin's processing thread) at a
// time.  append() never allocates (the sink may: VectorSink does).

#include "core/byte_sink.h"
#include "core/wav_format.h"

#include <openks/ks/ntstatus.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace openks::wavout {

struct WavWriterOptions {
    // Crash tolerance: rewrite both sizes and flush the sink after every
    // patchInterval data bytes (0: only at finish()).
    std::uint64_t patchInterval = 0;
};

class WavWriter {
public:
    // Largest `fmt ` chunk the writer keeps (18 + cbSize).
    static constexpr std::size_t kMaxFormatChunk = 1024;

    // `sink` is borrowed and must outlive the writer.
    explicit WavWriter(ByteSink* sink) : sink_(sink) {}

    // Checks the WAVEFORMATEX image format[0, formatBytes) (see
    // parseWaveFormat) and writes the RIFF header, fmt chunk and data chunk
    // header.  Callable once, first.
    //   STATUS_SUCCESS
    //   STATUS_INVALID_DEVICE_STATE  already begun (or no sink).
    //   STATUS_INVALID_PARAMETER     the format image is malformed.
    //   STATUS_NOT_SUPPORTED         18 + cbSize > kMaxFormatChunk.
    //   a sink status                the sink refused (the writer is then failed).
    [[nodiscard]] NTSTATUS begin(const void* format, std::size_t formatBytes, const WavWriterOptions& options = {});

    // Appends data[0, bytes) to the data chunk (any byte count; whole blocks
    // are the caller's business).  bytes == 0 succeeds with no effect.
    //   STATUS_SUCCESS
    //   STATUS_INVALID_DEVICE_STATE     not begun, or finished.
    //   STATUS_INVALID_PARAMETER        data is null with bytes > 0.
    //   STATUS_ALLOTTED_SPACE_EXCEEDED  the RIFF sizes (32 bits) cannot
    //                                   describe the result; nothing written.
    //   a sink status                   the sink refused; the writer is failed
    //                                   and every later call returns this status.
    [[nodiscard]] NTSTATUS append(const void* data, std::size_t bytes);

    // Writes the pad byte an odd data size needs, patches both sizes and
    // flushes the sink.  After it only the accessors work.
    //   STATUS_SUCCESS, STATUS_INVALID_DEVICE_STATE (not begun or already
    //   finished), or the sink's failure status.
    [[nodiscard]] NTSTATUS finish();

    // The parsed format given to begin().
    const WaveFormat& format() const { return format_; }
    // Sample bytes appended so far.
    std::uint64_t dataBytes() const { return dataBytes_; }
    // Bytes of the file so far (headers + data, + pad once finished).
    std::uint64_t fileBytes() const;
    // Offset of the first sample byte in the file.
    std::uint64_t dataOffset() const { return dataSizeOffset_ + 4; }
    // The most sample bytes this file can hold.
    std::uint64_t maxDataBytes() const;

private:
    enum class State : std::uint8_t { Idle, Writing, Finished, Failed };

    NTSTATUS patchSizes();
    NTSTATUS failWith(NTSTATUS status);

    ByteSink* sink_;
    State state_ = State::Idle;
    NTSTATUS failure_ = STATUS_SUCCESS;
    WavWriterOptions options_{};
    WaveFormat format_{};
    std::array<std::uint8_t, kMaxFormatChunk> chunk_{};  // the fmt payload as written
    std::size_t chunkBytes_ = 0;
    std::uint64_t dataSizeOffset_ = 0;  // where the data chunk's size field is
    std::uint64_t dataBytes_ = 0;
    std::uint64_t patchedAt_ = 0;  // dataBytes_ at the last patch
    bool padded_ = false;          // finish() wrote the data chunk's pad byte
};

}  // namespace openks::wavout
