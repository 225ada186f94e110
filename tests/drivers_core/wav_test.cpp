// SPDX-License-Identifier: MIT
// Tests of the wavout core: format images, the WAV writer byte for byte, the reader on good and bad input, position.
#include "core/audio_position.h"
#include "core/byte_sink.h"
#include "core/wav_format.h"
#include "core/wav_reader.h"
#include "core/wav_writer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace openks::wavout;

// Builds expected byte images by hand, independently of the code under test.
struct Bytes {
    std::vector<std::uint8_t> v;

    Bytes& str(const char* s)
    {
        v.insert(v.end(), s, s + std::strlen(s));
        return *this;
    }
    Bytes& u8(std::uint8_t x)
    {
        v.push_back(x);
        return *this;
    }
    Bytes& u16(std::uint16_t x)
    {
        v.push_back(std::uint8_t(x));
        v.push_back(std::uint8_t(x >> 8));
        return *this;
    }
    Bytes& u32(std::uint32_t x)
    {
        for (int i = 0; i < 4; ++i) {
            v.push_back(std::uint8_t(x >> (8 * i)));
        }
        return *this;
    }
    Bytes& raw(const std::vector<std::uint8_t>& b)
    {
        v.insert(v.end(), b.begin(), b.end());
        return *this;
    }
};

// WAVEFORMATEX image (18 bytes + extra).
std::vector<std::uint8_t> waveFormatEx(std::uint16_t tag, std::uint16_t channels, std::uint32_t rate,
                                       std::uint16_t bits, std::uint16_t cbSize = 0)
{
    const std::uint16_t block = std::uint16_t(channels * bits / 8);
    Bytes b;
    b.u16(tag).u16(channels).u32(rate).u32(rate * block).u16(block).u16(bits).u16(cbSize);
    return b.v;
}

// WAVEFORMATEXTENSIBLE image with a tag-derived SubFormat GUID.
std::vector<std::uint8_t> waveFormatExtensible(std::uint16_t subTag, std::uint16_t channels, std::uint32_t rate,
                                               std::uint16_t bits, std::uint16_t validBits, std::uint32_t mask)
{
    Bytes b;
    b.raw(waveFormatEx(0xFFFE, channels, rate, bits, 22));
    b.u16(validBits).u32(mask);
    b.u32(subTag).u16(0x0000).u16(0x0010).u8(0x80).u8(0x00).u8(0x00).u8(0xAA).u8(0x00).u8(0x38).u8(0x9B).u8(0x71);
    return b.v;
}

std::vector<std::uint8_t> ramp(std::size_t n)
{
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = std::uint8_t(i * 7 + 3);
    }
    return v;
}

std::uint32_t le32At(const std::vector<std::uint8_t>& v, std::size_t at)
{
    return std::uint32_t(v[at]) | std::uint32_t(v[at + 1]) << 8 | std::uint32_t(v[at + 2]) << 16 |
           std::uint32_t(v[at + 3]) << 24;
}

void putLe32(std::vector<std::uint8_t>& v, std::size_t at, std::uint32_t x)
{
    for (int i = 0; i < 4; ++i) {
        v[at + i] = std::uint8_t(x >> (8 * i));
    }
}

std::vector<std::uint8_t> writeWav(const std::vector<std::uint8_t>& format, const std::vector<std::uint8_t>& data,
                                   const WavWriterOptions& options = {})
{
    VectorSink sink;
    WavWriter writer(&sink);
    EXPECT_EQ(writer.begin(format.data(), format.size(), options), STATUS_SUCCESS);
    EXPECT_EQ(writer.append(data.data(), data.size()), STATUS_SUCCESS);
    EXPECT_EQ(writer.finish(), STATUS_SUCCESS);
    return sink.bytes();
}

// --- format images ---------------------------------------------------------

TEST(WavFormat, ParsesPlainAndExtensibleImages)
{
    WaveFormat f;
    const auto plain = waveFormatEx(1, 2, 44100, 16);
    ASSERT_EQ(parseWaveFormat(plain.data(), plain.size(), &f), STATUS_SUCCESS);
    EXPECT_EQ(f.formatTag, 1);
    EXPECT_EQ(f.channels, 2);
    EXPECT_EQ(f.samplesPerSec, 44100u);
    EXPECT_EQ(f.avgBytesPerSec, 176400u);
    EXPECT_EQ(f.blockAlign, 4);
    EXPECT_EQ(f.bitsPerSample, 16);
    EXPECT_FALSE(f.extensible);
    EXPECT_EQ(f.encoding, 1);

    const auto ext = waveFormatExtensible(3, 8, 96000, 32, 32, 0x63F);
    ASSERT_EQ(parseWaveFormat(ext.data(), ext.size(), &f), STATUS_SUCCESS);
    EXPECT_TRUE(f.extensible);
    EXPECT_EQ(f.cbSize, 22);
    EXPECT_EQ(f.validBitsPerSample, 32);
    EXPECT_EQ(f.channelMask, 0x63Fu);
    EXPECT_EQ(f.subFormat.Data1, 3u);
    EXPECT_EQ(f.encoding, 3);  // KSDATAFORMAT_SUBTYPE_IEEE_FLOAT

    // A SubFormat that is not tag-derived has no encoding tag.
    auto other = ext;
    other[39] ^= 0xFF;
    ASSERT_EQ(parseWaveFormat(other.data(), other.size(), &f), STATUS_SUCCESS);
    EXPECT_EQ(f.encoding, 0);

    // 16 bytes: PCMWAVEFORMAT, cbSize taken as 0.
    ASSERT_EQ(parseWaveFormat(plain.data(), 16, &f), STATUS_SUCCESS);
    EXPECT_EQ(f.cbSize, 0);
}

TEST(WavFormat, RejectsMalformedImages)
{
    WaveFormat f;
    f.channels = 77;
    const char* why = nullptr;
    const auto good = waveFormatEx(1, 2, 48000, 16);
    EXPECT_EQ(parseWaveFormat(nullptr, 18, &f, &why), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(parseWaveFormat(good.data(), 18, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(parseWaveFormat(good.data(), 15, &f, &why), STATUS_INVALID_PARAMETER);
    EXPECT_NE(why, nullptr);

    auto bad = good;
    bad[16] = 4;  // cbSize 4 with no extra bytes
    EXPECT_EQ(parseWaveFormat(bad.data(), bad.size(), &f), STATUS_INVALID_PARAMETER);
    bad = good;
    bad[2] = 0;  // no channels
    EXPECT_EQ(parseWaveFormat(bad.data(), bad.size(), &f), STATUS_INVALID_PARAMETER);
    bad = good;
    std::memset(&bad[4], 0, 4);  // rate 0
    EXPECT_EQ(parseWaveFormat(bad.data(), bad.size(), &f), STATUS_INVALID_PARAMETER);
    bad = good;
    bad[12] = 0;  // block align 0
    EXPECT_EQ(parseWaveFormat(bad.data(), bad.size(), &f), STATUS_INVALID_PARAMETER);
    auto ext = waveFormatExtensible(1, 2, 48000, 16, 16, 3);
    ext[16] = 21;  // extensible with cbSize < 22
    EXPECT_EQ(parseWaveFormat(ext.data(), ext.size(), &f), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(f.channels, 77);  // untouched by every failure
}

TEST(WavFormat, BuildsTheFormWindowsWrites)
{
    std::uint8_t image[40];
    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 2, 44100, 16, image), 18u);
    EXPECT_EQ(std::vector<std::uint8_t>(image, image + 18), waveFormatEx(1, 2, 44100, 16));

    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 6, 48000, 24, image), 40u);
    EXPECT_EQ(std::vector<std::uint8_t>(image, image + 40), waveFormatExtensible(1, 6, 48000, 24, 24, 0x3F));

    EXPECT_EQ(buildWaveFormat(kWaveFormatIeeeFloat, 2, 48000, 32, image), 40u);  // > 16 bits
    EXPECT_EQ(std::vector<std::uint8_t>(image, image + 40), waveFormatExtensible(3, 2, 48000, 32, 32, 0x3));

    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 1, 8000, 8, image), 18u);
    EXPECT_EQ(std::vector<std::uint8_t>(image, image + 18), waveFormatEx(1, 1, 8000, 8));

    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 2, 44100, 12, image), 0u);
    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 0, 44100, 16, image), 0u);
    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 2, 0, 16, image), 0u);
    EXPECT_EQ(buildWaveFormat(kWaveFormatIeeeFloat, 2, 44100, 16, image), 0u);
    EXPECT_EQ(buildWaveFormat(0x0055, 2, 44100, 16, image), 0u);
    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 2, 44100, 16, nullptr), 0u);
    EXPECT_EQ(buildWaveFormat(kWaveFormatPcm, 40000, 44100, 32, image), 0u);  // block > 0xFFFF
    EXPECT_EQ(defaultChannelMask(9), 0u);
}

// --- writer ----------------------------------------------------------------

TEST(WavWriter, PcmFileIsByteExact)
{
    const auto format = waveFormatEx(1, 2, 44100, 16);
    const auto data = ramp(8);
    const auto file = writeWav(format, data);
    Bytes expected;
    expected.str("RIFF").u32(36 + 8).str("WAVE");
    expected.str("fmt ").u32(16).u16(1).u16(2).u32(44100).u32(176400).u16(4).u16(16);
    expected.str("data").u32(8).raw(data);
    EXPECT_EQ(file, expected.v);
}

TEST(WavWriter, FloatKeepsTheEighteenByteFormat)
{
    const auto format = waveFormatEx(3, 1, 48000, 32);
    const auto data = ramp(12);
    const auto file = writeWav(format, data);
    Bytes expected;
    expected.str("RIFF").u32(4 + 26 + 8 + 12).str("WAVE");
    expected.str("fmt ").u32(18).raw(format);
    expected.str("data").u32(12).raw(data);
    EXPECT_EQ(file, expected.v);
}

TEST(WavWriter, ExtensibleFormatIsWrittenVerbatim)
{
    const auto format = waveFormatExtensible(1, 6, 48000, 24, 24, 0x3F);
    const auto data = ramp(18 * 3);
    const auto file = writeWav(format, data);
    Bytes expected;
    expected.str("RIFF").u32(4 + 48 + 8 + 54).str("WAVE");
    expected.str("fmt ").u32(40).raw(format);
    expected.str("data").u32(54).raw(data);
    EXPECT_EQ(file, expected.v);
}

TEST(WavWriter, SixteenByteFloatImageGetsCbSizeZero)
{
    const auto format = waveFormatEx(3, 2, 48000, 32);
    const auto file = writeWav(std::vector<std::uint8_t>(format.begin(), format.begin() + 16), {});
    Bytes expected;
    expected.str("RIFF").u32(4 + 26 + 8).str("WAVE").str("fmt ").u32(18).raw(format).str("data").u32(0);
    EXPECT_EQ(file, expected.v);
}

TEST(WavWriter, OddSizedChunksArePadded)
{
    // An 8-bit mono file with 5 data bytes, and a format whose cbSize is odd.
    auto format = waveFormatEx(0x0002, 1, 8000, 8, 1);
    format.push_back(0xEE);  // the one extra byte
    const auto data = ramp(5);
    const auto file = writeWav(format, data);
    Bytes expected;
    expected.str("RIFF").u32(4 + (8 + 19 + 1) + (8 + 5 + 1)).str("WAVE");
    expected.str("fmt ").u32(19).raw(format).u8(0);
    expected.str("data").u32(5).raw(data).u8(0);
    EXPECT_EQ(file, expected.v);

    WavInfo info;
    ASSERT_EQ(parseWav(file.data(), file.size(), &info), STATUS_SUCCESS);
    EXPECT_EQ(std::vector<std::uint8_t>(info.data.begin(), info.data.end()), data);
    EXPECT_EQ(info.format.cbSize, 1);
}

TEST(WavWriter, SizesArePatchedOnlyAtFinishByDefault)
{
    VectorSink sink;
    WavWriter writer(&sink);
    const auto format = waveFormatEx(1, 2, 48000, 16);
    ASSERT_EQ(writer.begin(format.data(), format.size()), STATUS_SUCCESS);
    const auto data = ramp(400);
    ASSERT_EQ(writer.append(data.data(), data.size()), STATUS_SUCCESS);
    EXPECT_EQ(le32At(sink.bytes(), 4), 36u);  // still the empty file's sizes
    EXPECT_EQ(le32At(sink.bytes(), 40), 0u);
    EXPECT_EQ(writer.dataBytes(), 400u);
    EXPECT_EQ(writer.dataOffset(), 44u);
    ASSERT_EQ(writer.finish(), STATUS_SUCCESS);
    EXPECT_EQ(le32At(sink.bytes(), 4), 436u);
    EXPECT_EQ(le32At(sink.bytes(), 40), 400u);
    EXPECT_EQ(writer.fileBytes(), 444u);
}

TEST(WavWriter, CrashTolerantModePatchesEveryInterval)
{
    VectorSink sink;
    WavWriter writer(&sink);
    const auto format = waveFormatEx(1, 1, 8000, 16);
    WavWriterOptions options;
    options.patchInterval = 100;
    ASSERT_EQ(writer.begin(format.data(), format.size(), options), STATUS_SUCCESS);
    const auto data = ramp(70);
    ASSERT_EQ(writer.append(data.data(), 70), STATUS_SUCCESS);  // 70 < 100: no patch
    EXPECT_EQ(le32At(sink.bytes(), 40), 0u);
    ASSERT_EQ(writer.append(data.data(), 70), STATUS_SUCCESS);  // 140: patched
    EXPECT_EQ(le32At(sink.bytes(), 40), 140u);
    EXPECT_EQ(le32At(sink.bytes(), 4), 36u + 140);
    ASSERT_EQ(writer.append(data.data(), 50), STATUS_SUCCESS);  // 190: 50 since the patch
    EXPECT_EQ(le32At(sink.bytes(), 40), 140u);

    // Cut here (a crash): the file reads back up to the last patch.
    WavInfo info;
    const auto& cut = sink.bytes();
    ASSERT_EQ(parseWav(cut.data(), cut.size(), &info), STATUS_SUCCESS);
    EXPECT_EQ(info.data.size(), 140u);
    EXPECT_FALSE(info.truncated);

    ASSERT_EQ(writer.append(data.data(), 51), STATUS_SUCCESS);  // 241, odd: patched without the pad byte
    EXPECT_EQ(le32At(sink.bytes(), 40), 241u);
    EXPECT_EQ(le32At(sink.bytes(), 4), 36u + 241);
    EXPECT_EQ(sink.bytes().size(), 44u + 241);
    ASSERT_EQ(writer.finish(), STATUS_SUCCESS);
    EXPECT_EQ(le32At(sink.bytes(), 4), 36u + 242);
    EXPECT_EQ(sink.bytes().size(), 44u + 242);
}

TEST(WavWriter, FileSinkWritesTheSameBytesAfterAPrefix)
{
    const auto format = waveFormatEx(1, 2, 44100, 16);
    const auto data = ramp(1001);
    const auto expected = writeWav(format, data);

    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    std::fputs("prefix", f);  // offsets are relative to where the sink starts
    {
        FileSink sink(f);
        WavWriter writer(&sink);
        ASSERT_EQ(writer.begin(format.data(), format.size()), STATUS_SUCCESS);
        ASSERT_EQ(writer.append(data.data(), 500), STATUS_SUCCESS);
        ASSERT_EQ(writer.append(data.data() + 500, 501), STATUS_SUCCESS);
        ASSERT_EQ(writer.finish(), STATUS_SUCCESS);
    }
    std::rewind(f);
    std::vector<std::uint8_t> all(6 + expected.size() + 1);
    const std::size_t n = std::fread(all.data(), 1, all.size(), f);
    std::fclose(f);
    ASSERT_EQ(n, 6 + expected.size());
    EXPECT_EQ(std::string(all.begin(), all.begin() + 6), "prefix");
    EXPECT_EQ(std::vector<std::uint8_t>(all.begin() + 6, all.begin() + std::ptrdiff_t(n)), expected);
}

TEST(WavWriter, UnseekableFileCannotBePatched)
{
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::FILE* out = ::fdopen(fds[1], "wb");
    ASSERT_NE(out, nullptr);
    {
        FileSink sink(out);
        WavWriter writer(&sink);
        const auto format = waveFormatEx(1, 1, 8000, 16);
        ASSERT_EQ(writer.begin(format.data(), format.size()), STATUS_SUCCESS);
        const auto data = ramp(10);
        ASSERT_EQ(writer.append(data.data(), data.size()), STATUS_SUCCESS);
        EXPECT_EQ(writer.finish(), STATUS_NOT_SUPPORTED);
        EXPECT_EQ(writer.append(data.data(), data.size()), STATUS_NOT_SUPPORTED);  // failed for good
    }
    std::fclose(out);
    ::close(fds[0]);
}

TEST(WavWriter, CallsOutOfOrderAreRefused)
{
    VectorSink sink;
    WavWriter writer(&sink);
    const auto format = waveFormatEx(1, 2, 48000, 16);
    const std::uint8_t byte = 1;
    EXPECT_EQ(writer.append(&byte, 1), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(writer.finish(), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(writer.fileBytes(), 0u);
    ASSERT_EQ(writer.begin(format.data(), format.size()), STATUS_SUCCESS);
    EXPECT_EQ(writer.begin(format.data(), format.size()), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(writer.append(nullptr, 4), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writer.append(nullptr, 0), STATUS_SUCCESS);
    ASSERT_EQ(writer.finish(), STATUS_SUCCESS);
    EXPECT_EQ(writer.finish(), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(writer.append(&byte, 1), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(sink.bytes().size(), 44u);

    WavWriter noSink(nullptr);
    EXPECT_EQ(noSink.begin(format.data(), format.size()), STATUS_INVALID_DEVICE_STATE);
}

TEST(WavWriter, BadFormatsAreRefusedBeforeAnythingIsWritten)
{
    VectorSink sink;
    WavWriter writer(&sink);
    const auto good = waveFormatEx(1, 2, 48000, 16);
    EXPECT_EQ(writer.begin(good.data(), 12), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writer.begin(nullptr, 18), STATUS_INVALID_PARAMETER);
    // A format extension larger than the writer keeps.
    auto big = waveFormatEx(0x0055, 2, 48000, 16, 1100);
    big.resize(18 + 1100);
    EXPECT_EQ(writer.begin(big.data(), big.size()), STATUS_NOT_SUPPORTED);
    EXPECT_TRUE(sink.bytes().empty());
    EXPECT_EQ(writer.begin(good.data(), good.size()), STATUS_SUCCESS);  // still usable
}

TEST(WavWriter, RefusesDataTheRiffSizesCannotDescribe)
{
    VectorSink sink;
    WavWriter writer(&sink);
    const auto format = waveFormatEx(1, 2, 48000, 16);
    ASSERT_EQ(writer.begin(format.data(), format.size()), STATUS_SUCCESS);
    // RIFF size = 36 + data + pad ≤ 0xFFFFFFFF.
    EXPECT_EQ(writer.maxDataBytes(), 0xFFFFFFFFull - 36 - 1);
    const std::uint8_t byte = 0;
    // The limit is checked before any byte is read, so a one-byte buffer suffices.
    EXPECT_EQ(writer.append(&byte, writer.maxDataBytes() + 1), STATUS_ALLOTTED_SPACE_EXCEEDED);
    EXPECT_EQ(writer.dataBytes(), 0u);
    EXPECT_EQ(writer.append(&byte, 1), STATUS_SUCCESS);
}

class FailingSink final : public ByteSink {
public:
    int writesBeforeFailure = 0;
    NTSTATUS write(const void*, std::size_t) override
    {
        return writesBeforeFailure-- > 0 ? STATUS_SUCCESS : STATUS_IO_DEVICE_ERROR;
    }
    NTSTATUS overwrite(std::uint64_t, const void*, std::size_t) override { return STATUS_SUCCESS; }
};

TEST(WavWriter, ASinkFailureSticks)
{
    FailingSink sink;
    sink.writesBeforeFailure = 3;  // RIFF+fmt header, fmt payload, data header
    WavWriter writer(&sink);
    const auto format = waveFormatEx(1, 2, 48000, 16);
    ASSERT_EQ(writer.begin(format.data(), format.size()), STATUS_SUCCESS);
    const std::uint8_t frame[4] = {};
    EXPECT_EQ(writer.append(frame, 4), STATUS_IO_DEVICE_ERROR);
    EXPECT_EQ(writer.append(frame, 4), STATUS_IO_DEVICE_ERROR);
    EXPECT_EQ(writer.finish(), STATUS_IO_DEVICE_ERROR);
    EXPECT_EQ(writer.dataBytes(), 0u);

    FailingSink early;
    WavWriter second(&early);
    EXPECT_EQ(second.begin(format.data(), format.size()), STATUS_IO_DEVICE_ERROR);
    EXPECT_EQ(second.append(frame, 4), STATUS_IO_DEVICE_ERROR);
}

// --- reader ----------------------------------------------------------------

TEST(WavReader, ReadsBackWhatTheWriterWrote)
{
    const auto format = waveFormatExtensible(3, 2, 48000, 32, 32, 3);
    const auto data = ramp(8 * 100);
    const auto file = writeWav(format, data);
    WavInfo info;
    ASSERT_EQ(parseWav(file.data(), file.size(), &info), STATUS_SUCCESS);
    EXPECT_EQ(info.format.encoding, 3);
    EXPECT_EQ(info.format.channels, 2);
    EXPECT_EQ(std::vector<std::uint8_t>(info.formatBytes.begin(), info.formatBytes.end()), format);
    EXPECT_EQ(std::vector<std::uint8_t>(info.data.begin(), info.data.end()), data);
    EXPECT_EQ(info.dataOffset, 68u);
    EXPECT_EQ(info.frames(), 100u);
    EXPECT_FALSE(info.truncated);
}

TEST(WavReader, SkipsOtherChunksAndAcceptsFmtAfterData)
{
    const auto format = waveFormatEx(1, 1, 8000, 16);
    const auto data = ramp(6);
    Bytes b;
    b.str("RIFF").u32(0).str("WAVE");
    b.str("LIST").u32(5).str("INFOx").u8(0);  // odd size + pad
    b.str("data").u32(6).raw(data);
    b.str("JUNK").u32(2).u16(0);
    b.str("fmt ").u32(18).raw(format);
    putLe32(b.v, 4, std::uint32_t(b.v.size() - 8));
    WavInfo info;
    ASSERT_EQ(parseWav(b.v.data(), b.v.size(), &info), STATUS_SUCCESS);
    EXPECT_EQ(info.dataOffset, 12u + 14 + 8);
    EXPECT_EQ(std::vector<std::uint8_t>(info.data.begin(), info.data.end()), data);
    EXPECT_EQ(info.format.samplesPerSec, 8000u);
    EXPECT_FALSE(info.truncated);
}

TEST(WavReader, TruncatedAndUnknownSizesAreClampedToTheInput)
{
    const auto format = waveFormatEx(1, 2, 48000, 16);
    auto file = writeWav(format, ramp(400));
    file.resize(file.size() - 100);  // cut short: both sizes claim more
    WavInfo info;
    ASSERT_EQ(parseWav(file.data(), file.size(), &info), STATUS_SUCCESS);
    EXPECT_TRUE(info.truncated);
    EXPECT_EQ(info.data.size(), 300u);
    EXPECT_EQ(info.frames(), 75u);

    // 0xFFFFFFFF sizes (a streaming writer's "unknown") mean "to the end".
    auto streamed = writeWav(format, ramp(400));
    std::memset(&streamed[4], 0xFF, 4);
    std::memset(&streamed[40], 0xFF, 4);
    ASSERT_EQ(parseWav(streamed.data(), streamed.size(), &info), STATUS_SUCCESS);
    EXPECT_FALSE(info.truncated);
    EXPECT_EQ(info.data.size(), 400u);

    // A RIFF size smaller than the file bounds the walk: trailing bytes are ignored.
    auto trailing = writeWav(format, ramp(4));
    trailing.insert(trailing.end(), {'d', 'a', 't', 'a', 9, 0, 0, 0});
    ASSERT_EQ(parseWav(trailing.data(), trailing.size(), &info), STATUS_SUCCESS);
    EXPECT_EQ(info.data.size(), 4u);
}

TEST(WavReader, BadInputGetsAStatusAndAReason)
{
    const auto format = waveFormatEx(1, 2, 48000, 16);
    const auto good = writeWav(format, ramp(16));
    struct Case {
        std::vector<std::uint8_t> bytes;
        NTSTATUS status;
    };
    std::vector<Case> cases;
    cases.push_back({{}, STATUS_INVALID_PARAMETER});
    cases.push_back({std::vector<std::uint8_t>(good.begin(), good.begin() + 11), STATUS_INVALID_PARAMETER});
    auto notRiff = good;
    notRiff[0] = 'X';
    cases.push_back({notRiff, STATUS_INVALID_PARAMETER});
    auto notWave = good;
    notWave[8] = 'A';
    cases.push_back({notWave, STATUS_INVALID_PARAMETER});
    auto rifx = good;
    rifx[3] = 'X';
    cases.push_back({rifx, STATUS_NOT_SUPPORTED});
    auto rf64 = good;
    std::memcpy(&rf64[0], "RF64", 4);
    cases.push_back({rf64, STATUS_NOT_SUPPORTED});
    auto tinyRiff = good;
    std::memset(&tinyRiff[4], 0, 4);
    tinyRiff[4] = 3;
    cases.push_back({tinyRiff, STATUS_INVALID_PARAMETER});
    auto noFmt = good;
    std::memcpy(&noFmt[12], "abcd", 4);
    cases.push_back({noFmt, STATUS_NOT_FOUND});
    auto noData = good;
    std::memcpy(&noData[36], "abcd", 4);
    cases.push_back({noData, STATUS_NOT_FOUND});
    auto fmtPastEnd = good;
    fmtPastEnd[16] = 0xF0;
    cases.push_back({fmtPastEnd, STATUS_INVALID_PARAMETER});
    auto badFmt = good;
    badFmt[22] = 0;  // nChannels = 0
    cases.push_back({badFmt, STATUS_INVALID_PARAMETER});

    for (std::size_t i = 0; i < cases.size(); ++i) {
        WavInfo info;
        info.dataOffset = 12345;
        const char* why = nullptr;
        EXPECT_EQ(parseWav(cases[i].bytes.data(), cases[i].bytes.size(), &info, &why), cases[i].status) << i;
        EXPECT_NE(why, nullptr) << i;
        EXPECT_EQ(info.dataOffset, 12345u) << i;  // untouched on failure
    }
    WavInfo info;
    EXPECT_EQ(parseWav(nullptr, 10, &info), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(parseWav(good.data(), good.size(), nullptr), STATUS_INVALID_PARAMETER);
}

// Every prefix of a file with several chunks parses to a status, and a
// success only ever points inside the prefix.
TEST(WavReader, EveryPrefixIsHandled)
{
    Bytes b;
    b.str("RIFF").u32(0).str("WAVE");
    b.str("LIST").u32(3).str("abc").u8(0);
    b.str("fmt ").u32(18).raw(waveFormatEx(1, 1, 8000, 16));
    b.str("data").u32(10).raw(ramp(10));
    putLe32(b.v, 4, std::uint32_t(b.v.size() - 8));
    for (std::size_t n = 0; n <= b.v.size(); ++n) {
        std::vector<std::uint8_t> prefix(b.v.begin(), b.v.begin() + std::ptrdiff_t(n));
        WavInfo info;
        const NTSTATUS s = parseWav(prefix.data(), prefix.size(), &info);
        if (s == STATUS_SUCCESS) {
            EXPECT_GE(info.data.data(), prefix.data());
            EXPECT_LE(info.data.data() + info.data.size(), prefix.data() + prefix.size());
            EXPECT_EQ(info.truncated, n < b.v.size());
        } else {
            EXPECT_TRUE(s == STATUS_INVALID_PARAMETER || s == STATUS_NOT_FOUND) << n;
        }
    }
}

// --- audio position --------------------------------------------------------

TEST(AudioPosition, PlayNeverPassesWrite)
{
    AudioPosition p;
    EXPECT_EQ(p.value().PlayOffset, 0u);
    EXPECT_EQ(p.value().WriteOffset, 0u);
    p.advanceWrite(4000);
    EXPECT_EQ(p.advancePlay(1500), 1500u);
    EXPECT_EQ(p.value().PlayOffset, 1500u);
    EXPECT_EQ(p.value().WriteOffset, 4000u);
    EXPECT_EQ(p.advancePlay(5000), 2500u);  // stops at the write offset
    EXPECT_EQ(p.value().PlayOffset, 4000u);
    p.reset();
    EXPECT_EQ(p.value().PlayOffset, 0u);
    EXPECT_EQ(p.value().WriteOffset, 0u);
    p.advanceWrite(UINT64_MAX);
    p.advanceWrite(10);  // saturates
    EXPECT_EQ(p.value().WriteOffset, UINT64_MAX);
}

TEST(AudioPosition, LoopedOffsetsWrap)
{
    AudioPosition p;
    p.advanceWrite(10'000);
    (void)p.advancePlay(7'000);
    const AudioPositionValue v = p.valueInLoop(3'840);
    EXPECT_EQ(v.WriteOffset, 10'000u - 2 * 3'840);
    EXPECT_EQ(v.PlayOffset, 7'000u - 3'840);
    EXPECT_EQ(p.valueInLoop(0).WriteOffset, 10'000u);
}

TEST(AudioPosition, SetValidatesTheOrder)
{
    AudioPosition p;
    EXPECT_EQ(p.set({100, 50}), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(p.value().PlayOffset, 0u);
    EXPECT_EQ(p.set({50, 100}), STATUS_SUCCESS);
    EXPECT_EQ(p.value().PlayOffset, 50u);
    EXPECT_EQ(p.value().WriteOffset, 100u);
}

}  // namespace
