// SPDX-License-Identifier: MIT
// libFuzzer harness for the WAV reader: a documented status, or in-bounds views that survive a write/read round trip.
//
// The input is the whole .wav image, copied into a heap block of exactly its
// size so that ASan reports any read past it.  Every invariant violation
// aborts (a crash is the only failure signal a fuzzer has).
#include "core/byte_sink.h"
#include "core/wav_format.h"
#include "core/wav_reader.h"
#include "core/wav_writer.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

using namespace openks::wavout;

void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "wav_reader_fuzz: invariant violated: %s\n", what);
        std::abort();
    }
}

bool documented(NTSTATUS s)
{
    return s == STATUS_INVALID_PARAMETER || s == STATUS_NOT_SUPPORTED || s == STATUS_NOT_FOUND;
}

bool inside(const std::uint8_t* base, std::size_t size, const std::uint8_t* p, std::size_t n)
{
    return p >= base && n <= size && std::size_t(p - base) <= size - n;
}

bool sameFormat(const WaveFormat& a, const WaveFormat& b)
{
    return a.formatTag == b.formatTag && a.channels == b.channels && a.samplesPerSec == b.samplesPerSec &&
           a.avgBytesPerSec == b.avgBytesPerSec && a.blockAlign == b.blockAlign && a.bitsPerSample == b.bitsPerSample &&
           a.extensible == b.extensible && a.validBitsPerSample == b.validBitsPerSample &&
           a.channelMask == b.channelMask && std::memcmp(&a.subFormat, &b.subFormat, sizeof a.subFormat) == 0 &&
           a.encoding == b.encoding;
}

// Writes the parsed format and data again and parses the result: the same
// format fields and the same sample bytes must come back.
void roundTrip(const WavInfo& info)
{
    VectorSink sink;
    WavWriter writer(&sink);
    if (!NT_SUCCESS(writer.begin(info.formatBytes.data(), info.formatBytes.size()))) {
        // Only an extension larger than the writer keeps may be refused.
        check(std::size_t(18) + info.format.cbSize > WavWriter::kMaxFormatChunk, "writer accepts a parsed format");
        return;
    }
    check(writer.append(info.data.data(), info.data.size()) == STATUS_SUCCESS, "writer appends");
    check(writer.finish() == STATUS_SUCCESS, "writer finishes");
    const auto& bytes = sink.bytes();
    check(bytes.size() % 2 == 0, "a written file has an even size");
    WavInfo again;
    check(parseWav(bytes.data(), bytes.size(), &again) == STATUS_SUCCESS, "written file parses");
    check(!again.truncated, "written file is whole");
    check(sameFormat(again.format, info.format), "format survives the round trip");
    check(again.data.size() == info.data.size() &&
              (info.data.empty() || std::memcmp(again.data.data(), info.data.data(), info.data.size()) == 0),
          "data survives the round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto copy = std::make_unique<std::uint8_t[]>(size == 0 ? 1 : size);
    if (size != 0) {
        std::memcpy(copy.get(), data, size);
    }
    const std::uint8_t* base = copy.get();

    WavInfo info;
    const char* why = nullptr;
    const NTSTATUS s = parseWav(base, size, &info, &why);
    if (s != STATUS_SUCCESS) {
        check(documented(s), "failure status is documented");
        check(why != nullptr && why[0] != '\0', "failure has a reason");
        return 0;
    }
    check(inside(base, size, info.formatBytes.data(), info.formatBytes.size()), "format view inside input");
    check(inside(base, size, info.data.data(), info.data.size()), "data view inside input");
    check(info.dataOffset == std::size_t(info.data.data() - base), "dataOffset matches the view");
    check(info.format.channels != 0 && info.format.samplesPerSec != 0 && info.format.blockAlign != 0,
          "accepted format has channels, rate and block");
    check(!info.format.extensible || info.formatBytes.size() >= 40, "extensible format has its 40 bytes");
    check(info.frames() * info.format.blockAlign <= info.data.size(), "frames fit the data");

    // Touch every byte of both views so ASan checks them.
    unsigned sum = 0;
    for (const std::uint8_t b : info.formatBytes) {
        sum += b;
    }
    for (const std::uint8_t b : info.data) {
        sum += b;
    }
    volatile unsigned sink = sum;
    (void)sink;

    WaveFormat again;
    check(parseWaveFormat(info.formatBytes.data(), info.formatBytes.size(), &again) == STATUS_SUCCESS,
          "format view parses alone");
    check(sameFormat(again, info.format), "format view parses the same");
    roundTrip(info);
    return 0;
}
