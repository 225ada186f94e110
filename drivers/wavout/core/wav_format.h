// SPDX-License-Identifier: MIT
// Checked reading of WAVEFORMATEX(TENSIBLE) byte images, and the canonical Windows image of a PCM or float format.
#pragma once

// A KS audio pin's format ends in a WAVEFORMATEX (18 bytes + cbSize extra,
// byte-packed, little-endian); a WAV file's `fmt ` chunk holds the same
// bytes.  parseWaveFormat() reads such an image without trusting it, and
// buildWaveFormat() produces the form Windows itself writes for PCM and
// IEEE-float audio: the plain 16/18-byte structure for ≤ 2 channels of
// ≤ 16 bits, WAVEFORMATEXTENSIBLE (40 bytes) otherwise.
//
//   std::uint8_t image[kWaveFormatExtensibleSize];
//   std::size_t n = buildWaveFormat(kWaveFormatPcm, 6, 48000, 24, image);  // 40: 5.1, 24-bit
//   WaveFormat f;
//   if (NT_SUCCESS(parseWaveFormat(image, n, &f))) { /* f.encoding == kWaveFormatPcm, f.extensible */ }
//
// Threads: pure functions, callable from any thread.

#include <openks/ks/guid.h>
#include <openks/ks/ntstatus.h>

#include <cstddef>
#include <cstdint>

namespace openks::wavout {

inline constexpr std::uint16_t kWaveFormatPcm = 0x0001;         // WAVE_FORMAT_PCM
inline constexpr std::uint16_t kWaveFormatIeeeFloat = 0x0003;   // WAVE_FORMAT_IEEE_FLOAT
inline constexpr std::uint16_t kWaveFormatExtensible = 0xFFFE;  // WAVE_FORMAT_EXTENSIBLE

inline constexpr std::size_t kPcmWaveFormatSize = 16;         // PCMWAVEFORMAT: WAVEFORMATEX without cbSize
inline constexpr std::size_t kWaveFormatExSize = 18;          // sizeof(WAVEFORMATEX)
inline constexpr std::size_t kWaveFormatExtensibleSize = 40;  // sizeof(WAVEFORMATEXTENSIBLE)
inline constexpr std::uint16_t kExtensibleExtraBytes = 22;    // its cbSize

// The fields of a WAVEFORMATEX image (and of its extensible tail).
struct WaveFormat {
    std::uint16_t formatTag = 0;
    std::uint16_t channels = 0;
    std::uint32_t samplesPerSec = 0;
    std::uint32_t avgBytesPerSec = 0;
    std::uint16_t blockAlign = 0;
    std::uint16_t bitsPerSample = 0;
    std::uint16_t cbSize = 0;  // 0 when the image is a 16-byte PCMWAVEFORMAT
    // WAVEFORMATEXTENSIBLE only (formatTag == kWaveFormatExtensible):
    bool extensible = false;
    std::uint16_t validBitsPerSample = 0;
    std::uint32_t channelMask = 0;
    GUID subFormat{};
    // The encoding: formatTag, or for an extensible format the tag its
    // SubFormat stands for when SubFormat is a tag-derived GUID
    // ({tag-0000-0010-8000-00AA00389B71}, as KSDATAFORMAT_SUBTYPE_PCM is);
    // 0 when it is some other GUID.
    std::uint16_t encoding = 0;
};

// Reads the WAVEFORMATEX image bytes[0, size).  A 16- or 17-byte image is a
// PCMWAVEFORMAT (cbSize taken as 0); otherwise cbSize is read and the image
// must hold its 18 + cbSize bytes (more are ignored).  Writes *format only
// on success.
//   STATUS_SUCCESS            parsed.
//   STATUS_INVALID_PARAMETER  bytes or format is null; size < 16; 18 + cbSize >
//                             size; an extensible format with cbSize < 22;
//                             nChannels, nSamplesPerSec or nBlockAlign is 0.
// `reason`, when not null, receives a static English sentence on failure.
[[nodiscard]] NTSTATUS parseWaveFormat(const void* bytes, std::size_t size, WaveFormat* format,
                                       const char** reason = nullptr);

// The default WAVEFORMATEXTENSIBLE dwChannelMask this library gives
// `channels` channels: 1 FC (0x4), 2 FL FR (0x3), 3 FL FR FC (0x7), 4 quad
// (0x33), 5 FL FR FC BL BR (0x37), 6 5.1 (0x3F), 7 6.1 (0x13F), 8 7.1
// surround (0x63F); 0 (no positions) for any other count.
std::uint32_t defaultChannelMask(std::uint32_t channels);

// Writes the canonical image of a PCM (kWaveFormatPcm) or IEEE-float
// (kWaveFormatIeeeFloat) format to out[0, 40) and returns its size:
//  - ≤ 2 channels and ≤ 16 bits: WAVEFORMATEX with that tag, 18 bytes, cbSize 0;
//  - otherwise WAVEFORMATEXTENSIBLE, 40 bytes: cbSize 22, wValidBitsPerSample
//    = bitsPerSample, defaultChannelMask(channels), SubFormat the tag's GUID.
// nBlockAlign = channels × bitsPerSample / 8 and nAvgBytesPerSec =
// samplesPerSec × nBlockAlign.  Returns 0 (writing nothing) for another
// encoding, 0 or > 0xFFFF channels, bitsPerSample not a multiple of 8 in 8..32
// (PCM) or not 32/64 (float), a zero rate, a block over 0xFFFF bytes or a
// byte rate over 2^32 − 1, or a null out.
std::size_t buildWaveFormat(std::uint16_t encoding, std::uint32_t channels, std::uint32_t samplesPerSec,
                            std::uint32_t bitsPerSample, std::uint8_t* out);

}  // namespace openks::wavout
