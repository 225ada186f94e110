// SPDX-License-Identifier: MIT
// Decoding the data ranges a pin offers and the data formats it is created with, for people and for --json.

// KSPROPERTY_PIN_DATARANGES answers a KSMULTIPLE_ITEM followed by Count
// ranges, each FormatSize bytes and 8-byte aligned (an attribute list may
// follow a range with KSDATARANGE_ATTRIBUTES).  parseDataRanges() walks
// that list defensively (bad sizes give an error, never a read past the
// end) and decodes the audio and video ranges ksctl knows:
//
//   std::string error;
//   std::vector<DataRangeInfo> ranges = parseDataRanges(bytes, &error);
//   for (const DataRangeInfo& r : ranges) fmt::print("{}\n", describeRange(r));
//       // "audio PCM: 1-8 channels, 16-32 bits, 8000-192000 Hz"
//
// Pure functions; any thread.
#pragma once

#include <openks/ks.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace ksctl {

struct AudioRange {
    ULONG maxChannels = 0;  // (ULONG)-1: no limit
    ULONG minBits = 0;
    ULONG maxBits = 0;
    ULONG minRate = 0;
    ULONG maxRate = 0;
};

struct VideoRange {
    LONG width = 0;
    LONG height = 0;  // biHeight: > 0 bottom-up
    WORD bitCount = 0;
    DWORD compression = 0;
    DWORD sizeImage = 0;
    LONGLONG avgTimePerFrame = 0;
    LONGLONG minFrameInterval = 0;
    LONGLONG maxFrameInterval = 0;
    SIZE minOutputSize{};
    SIZE maxOutputSize{};
    int outputGranularityX = 0;
    int outputGranularityY = 0;
};

struct DataRangeInfo {
    enum class Kind { Generic, Audio, Video };
    Kind kind = Kind::Generic;
    KSDATARANGE header{};
    AudioRange audio;
    VideoRange video;
    std::vector<std::byte> bytes;  // the complete range (FormatSize bytes)
};

// Parses a KSMULTIPLE_ITEM list of ranges.  On a malformed list returns the ranges read so far and sets
// *error to what is wrong (empty when the list is well formed).
std::vector<DataRangeInfo> parseDataRanges(std::span<const std::byte> list, std::string* error);

// "audio PCM: 1-8 channels, 16-32 bits, 8000-192000 Hz", "video YUY2 640x480, 24 bits, 15-30 fps", ...
std::string describeRange(const DataRangeInfo& range);
nlohmann::ordered_json rangeJson(const DataRangeInfo& range);

// A created pin's format, decoded.
struct FormatInfo {
    enum class Kind { Generic, Audio, Video };
    Kind kind = Kind::Generic;
    KSDATAFORMAT header{};
    // audio (WAVEFORMATEX / EXTENSIBLE)
    WORD formatTag = 0;
    WORD channels = 0;
    ULONG rate = 0;
    WORD bits = 0;       // container bits per sample
    WORD validBits = 0;  // EXTENSIBLE's wValidBitsPerSample, else bits
    WORD blockAlign = 0;
    bool isFloat = false;
    // video (KS_VIDEOINFOHEADER)
    LONG width = 0;
    LONG height = 0;
    WORD bitCount = 0;
    DWORD compression = 0;
    DWORD sizeImage = 0;
    LONGLONG avgTimePerFrame = 0;
};

// Decodes a KSDATAFORMAT and its specifier (bytes as KsCreatePin takes them).  False when too short.
bool parseFormat(std::span<const std::byte> format, FormatInfo* info);
// "PCM 48000 Hz, 2 channels, 16 bits", "YUY2 640x480 at 30 fps", ...
std::string describeFormat(const FormatInfo& format);
nlohmann::ordered_json formatJson(const FormatInfo& format);

// Frames per second of an AvgTimePerFrame (100 ns units), "30" or "29.97"; "?" for 0.
std::string fpsText(LONGLONG avgTimePerFrame);

}  // namespace ksctl
