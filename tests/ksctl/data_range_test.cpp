// SPDX-License-Identifier: MIT
// Data-range lists and formats: 8-byte aligned walking, audio/video decoding, and malformed lists that never read
// past the bytes returned.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "ksctl/data_range.h"

namespace ksctl {
namespace {

std::vector<std::byte> listOf(const std::vector<std::vector<std::byte>>& ranges)
{
    std::vector<std::byte> out(sizeof(KSMULTIPLE_ITEM));
    for (const auto& r : ranges) {
        out.resize((out.size() + 7) & ~size_t(7));
        out.insert(out.end(), r.begin(), r.end());
    }
    KSMULTIPLE_ITEM head{static_cast<ULONG>(out.size()), static_cast<ULONG>(ranges.size())};
    std::memcpy(out.data(), &head, sizeof(head));
    return out;
}

template <class T>
std::vector<std::byte> bytesOf(const T& value)
{
    std::vector<std::byte> out(sizeof(T));
    std::memcpy(out.data(), &value, sizeof(T));
    return out;
}

KSDATARANGE_AUDIO audioRange()
{
    KSDATARANGE_AUDIO a{};
    a.DataRange.FormatSize = sizeof(a);
    a.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    a.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    a.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    a.MaximumChannels = 2;
    a.MinimumBitsPerSample = 16;
    a.MaximumBitsPerSample = 16;
    a.MinimumSampleFrequency = 44100;
    a.MaximumSampleFrequency = 48000;
    return a;
}

// ks-spec §12 item 40: ranges start 8-byte aligned; a 64-byte generic range then an audio one.
TEST(KsctlDataRange, WalksAlignedRangesAndDecodesAudio)
{
    KSDATARANGE stream{};
    stream.FormatSize = sizeof(KSDATARANGE);
    stream.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    stream.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    stream.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    std::string error;
    std::vector<DataRangeInfo> ranges = parseDataRanges(listOf({bytesOf(stream), bytesOf(audioRange())}), &error);
    EXPECT_TRUE(error.empty()) << error;
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[0].kind, DataRangeInfo::Kind::Generic);
    EXPECT_EQ(describeRange(ranges[0]), "STREAM NONE (NONE, FormatSize 64)");
    EXPECT_EQ(ranges[1].kind, DataRangeInfo::Kind::Audio);
    EXPECT_EQ(describeRange(ranges[1]), "audio PCM: 1-2 channels, 16 bits, 44100-48000 Hz");
    EXPECT_EQ(rangeJson(ranges[1])["audio"]["maxRate"], 48000);
}

TEST(KsctlDataRange, MalformedListsStopWithAnErrorInsideTheBuffer)
{
    std::string error;
    EXPECT_TRUE(parseDataRanges(std::vector<std::byte>(4), &error).empty());
    EXPECT_FALSE(error.empty());

    std::vector<std::byte> list = listOf({bytesOf(audioRange())});
    KSMULTIPLE_ITEM head{static_cast<ULONG>(list.size()), 3};  // claims three ranges
    std::memcpy(list.data(), &head, sizeof(head));
    EXPECT_EQ(parseDataRanges(list, &error).size(), 1u);
    EXPECT_NE(error.find("range 1 of 3"), std::string::npos) << error;

    KSDATARANGE_AUDIO huge = audioRange();
    huge.DataRange.FormatSize = 0x7FFFFFFF;  // longer than the list
    EXPECT_TRUE(parseDataRanges(listOf({bytesOf(huge)}), &error).empty());
    EXPECT_NE(error.find("FormatSize"), std::string::npos) << error;

    KSDATARANGE_AUDIO tiny = audioRange();
    tiny.DataRange.FormatSize = 8;  // shorter than a KSDATARANGE
    EXPECT_TRUE(parseDataRanges(listOf({bytesOf(tiny)}), &error).empty());
    EXPECT_FALSE(error.empty());
}

TEST(KsctlDataRange, DecodesVideoRangesAndFormats)
{
    KS_DATARANGE_VIDEO v{};
    v.DataRange.FormatSize = sizeof(v);
    v.DataRange.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    v.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_RGB24;
    v.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_VIDEOINFO;
    v.ConfigCaps.MinFrameInterval = 333333;
    v.ConfigCaps.MaxFrameInterval = 666666;
    v.VideoInfoHeader.AvgTimePerFrame = 333333;
    v.VideoInfoHeader.bmiHeader.biWidth = 320;
    v.VideoInfoHeader.bmiHeader.biHeight = 240;
    v.VideoInfoHeader.bmiHeader.biBitCount = 24;
    v.VideoInfoHeader.bmiHeader.biSizeImage = 230400;
    std::string error;
    std::vector<DataRangeInfo> ranges = parseDataRanges(listOf({bytesOf(v)}), &error);
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_EQ(describeRange(ranges[0]),
              "video RGB24 320x240, 24 bits, 230400 bytes, bottom-up, 15-30 fps (default 30)");

    KS_DATAFORMAT_VIDEOINFOHEADER f{};
    f.DataFormat = v.DataRange;
    f.DataFormat.FormatSize = sizeof(f);
    f.VideoInfoHeader = v.VideoInfoHeader;
    FormatInfo info;
    ASSERT_TRUE(parseFormat(bytesOf(f), &info));
    EXPECT_EQ(describeFormat(info), "RGB24 320x240 bottom-up, 30 fps");
    EXPECT_FALSE(parseFormat(std::vector<std::byte>(10), &info));
}

TEST(KsctlDataRange, DecodesAudioFormatsPlainAndExtensible)
{
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE x{};
    x.DataFormat.FormatSize = sizeof(x);
    x.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    x.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    x.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    x.WaveFormatExt.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    x.WaveFormatExt.Format.nChannels = 6;
    x.WaveFormatExt.Format.nSamplesPerSec = 96000;
    x.WaveFormatExt.Format.wBitsPerSample = 32;
    x.WaveFormatExt.Format.nBlockAlign = 24;
    x.WaveFormatExt.Format.cbSize = 22;
    x.WaveFormatExt.Samples.wValidBitsPerSample = 32;
    x.WaveFormatExt.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    FormatInfo info;
    ASSERT_TRUE(parseFormat(bytesOf(x), &info));
    EXPECT_EQ(describeFormat(info), "float 96000 Hz, 6 channels, 32 bits");
    EXPECT_EQ(fpsText(333667), "29.97");
    EXPECT_EQ(fpsText(0), "?");
}

}  // namespace
}  // namespace ksctl
