// SPDX-License-Identifier: MIT
// A RIFF/WAVE parser for untrusted bytes: finds the fmt and data chunks, skips the rest, never reads out of bounds.
#pragma once

// parseWav() reads a whole .wav file held in memory and returns views into
// it: the `fmt ` chunk (checked by parseWaveFormat) and the `data` chunk.
// Other chunks (LIST, fact, cue, JUNK...) are skipped, chunk pad bytes are
// honoured, and fmt may come before or after data.  Every size the file
// claims is checked against the bytes actually present, so any input gets
// either a status or views that lie inside it.
//
//   std::vector<std::uint8_t> file = ...;   // the whole file
//   openks::wavout::WavInfo info;
//   const char* why = nullptr;
//   if (!NT_SUCCESS(openks::wavout::parseWav(file.data(), file.size(), &info, &why))) {
//       std::fprintf(stderr, "not a WAV file: %s\n", why);
//   } else {
//       // info.format.channels, info.data.size(), info.frames() ...
//   }
//
// Leniency, for files cut short (a crash, a partial copy): a RIFF size or
// data size larger than the input is clamped to the input and `truncated`
// is set; a size of 0xFFFFFFFF (the "unknown length" streaming writers use)
// means "to the end of the input" and does not set `truncated`.  The first
// fmt chunk and the first data chunk count; later ones are ignored.
//
// Threads: a pure function, callable from any thread.  Never allocates.

#include "core/wav_format.h"

#include <openks/ks/ntstatus.h>

#include <cstddef>
#include <cstdint>
#include <span>

namespace openks::wavout {

struct WavInfo {
    WaveFormat format{};
    std::span<const std::uint8_t> formatBytes;  // the fmt chunk's payload, as stored
    std::span<const std::uint8_t> data;         // the data chunk's sample bytes (clamped)
    std::uint64_t dataOffset = 0;               // offset of data[0] in the input
    bool truncated = false;                     // a size claimed more bytes than the input holds

    // Whole frames (blocks) in data.
    std::uint64_t frames() const { return format.blockAlign == 0 ? 0 : data.size() / format.blockAlign; }
};

// Parses the .wav image bytes[0, size).  Writes *info only on success.
//   STATUS_SUCCESS
//   STATUS_INVALID_PARAMETER  bytes (with size > 0) or info is null; not a
//                             RIFF/WAVE image; a RIFF size below 4; a fmt
//                             chunk that runs past the input or that
//                             parseWaveFormat rejects.
//   STATUS_NOT_SUPPORTED      a big-endian RIFX or an RF64 file.
//   STATUS_NOT_FOUND          no fmt chunk, or no data chunk.
// `reason`, when not null, receives a static English sentence on failure.
[[nodiscard]] NTSTATUS parseWav(const void* bytes, std::size_t size, WavInfo* info, const char** reason = nullptr);

}  // namespace openks::wavout
