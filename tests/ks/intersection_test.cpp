// SPDX-License-Identifier: MIT
// Formats against ranges (audio, video, none), the default intersection, DATAINTERSECTION parsing, KsPin* DDI.
#include "ks/intersection.h"

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

#include "ks/ks_request.h"

namespace openks::ks {
namespace {

using test::Buffer;
using test::pinProperty;
using test::property;
using test::Request;

// The DirectShow video subtypes KS video formats use (ks-abi-x64.tsv, MEDIASUBTYPE_*).
DEFINE_GUID(kSubYuy2, 0x32595559, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71);
DEFINE_GUID(kSubRgb24, 0xe436eb7d, 0x524f, 0x11ce, 0x9f, 0x53, 0x00, 0x20, 0xaf, 0x0b, 0xa7, 0x70);
DEFINE_GUID(kSubMjpg, 0x47504a4d, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71);
DEFINE_GUID(kSomeSpecifier, 0x6f1b0c4e, 0x0301, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x03, 0x01);

constexpr ULONG kYuy2 = 0x32595559;  // 'YUY2'
constexpr ULONG kMjpg = 0x47504A4D;  // 'MJPG'
constexpr LONGLONG k30fps = 333333;
constexpr LONGLONG k15fps = 666666;

// ---- Audio builders --------------------------------------------------------

struct Wave {
    USHORT tag = WAVE_FORMAT_PCM;
    USHORT channels = 2;
    ULONG rate = 48000;
    USHORT bits = 16;
    USHORT validBits = 0;  // extensible only; 0 = bits
    GUID subFormat = KSDATAFORMAT_SUBTYPE_PCM;
    ULONG channelMask = 0x3;
    // Overrides for the broken-format rows.
    int blockAlignDelta = 0;
    int avgBytesDelta = 0;
    int cbSizeDelta = 0;
    int formatSizeDelta = 0;
};

// A KSDATAFORMAT + WAVEFORMATEX (82 bytes) or + WAVEFORMATEXTENSIBLE (104 bytes), as PortAudio builds them.
Buffer audioFormat(const Wave& w)
{
    const bool extensible = w.tag == WAVE_FORMAT_EXTENSIBLE;
    const ULONG size = extensible ? sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) : sizeof(KSDATAFORMAT_WAVEFORMATEX);
    Buffer b(size);
    KSDATAFORMAT header{};
    header.FormatSize = ULONG(int(size) + w.formatSizeDelta);
    header.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    header.SubFormat = w.subFormat;
    header.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    WAVEFORMATEXTENSIBLE wave{};
    wave.Format.wFormatTag = w.tag;
    wave.Format.nChannels = w.channels;
    wave.Format.nSamplesPerSec = w.rate;
    wave.Format.wBitsPerSample = w.bits;
    wave.Format.nBlockAlign = USHORT(int(w.channels * w.bits / 8) + w.blockAlignDelta);
    wave.Format.nAvgBytesPerSec = ULONG(LONGLONG(w.rate) * (w.channels * w.bits / 8) + w.avgBytesDelta);
    wave.Format.cbSize = USHORT(int(extensible ? 22 : 0) + w.cbSizeDelta);
    wave.Samples.wValidBitsPerSample = w.validBits != 0 ? w.validBits : w.bits;
    wave.dwChannelMask = w.channelMask;
    wave.SubFormat = w.subFormat;
    header.SampleSize = wave.Format.nBlockAlign;
    std::memcpy(b.data(), &header, sizeof(header));
    std::memcpy(b.data() + sizeof(header), &wave, size - sizeof(header));
    return b;
}

KSDATARANGE_AUDIO audioRange(ULONG maxChannels, ULONG minBits, ULONG maxBits, ULONG minRate, ULONG maxRate,
                             const GUID& sub = KSDATAFORMAT_SUBTYPE_PCM)
{
    KSDATARANGE_AUDIO r{};
    r.DataRange.FormatSize = sizeof(KSDATARANGE_AUDIO);
    r.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    r.DataRange.SubFormat = sub;
    r.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    r.MaximumChannels = maxChannels;
    r.MinimumBitsPerSample = minBits;
    r.MaximumBitsPerSample = maxBits;
    r.MinimumSampleFrequency = minRate;
    r.MaximumSampleFrequency = maxRate;
    return r;
}

KSDATARANGE bareRange(const GUID& major, const GUID& sub, const GUID& specifier)
{
    KSDATARANGE r{};
    r.FormatSize = sizeof(KSDATARANGE);
    r.MajorFormat = major;
    r.SubFormat = sub;
    r.Specifier = specifier;
    return r;
}

bool matches(const Buffer& format, const void* range, ULONG rangeSize)
{
    return formatMatchesRange(reinterpret_cast<const KSDATAFORMAT*>(format.data()), format.size(),
                              static_cast<const KSDATARANGE*>(range), rangeSize);
}

// ---- Video builders ----------------------------------------------------------

KS_DATARANGE_VIDEO videoRange(LONG width, LONG height, ULONG compression, USHORT bitCount, const GUID& sub,
                              LONGLONG minInterval = k30fps, LONGLONG maxInterval = k15fps)
{
    KS_DATARANGE_VIDEO r{};
    r.DataRange.FormatSize = sizeof(KS_DATARANGE_VIDEO);
    r.DataRange.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    r.DataRange.SubFormat = sub;
    r.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_VIDEOINFO;
    r.bFixedSizeSamples = TRUE;
    r.ConfigCaps.MinFrameInterval = minInterval;
    r.ConfigCaps.MaxFrameInterval = maxInterval;
    KS_BITMAPINFOHEADER& bmi = r.VideoInfoHeader.bmiHeader;
    bmi.biSize = sizeof(KS_BITMAPINFOHEADER);
    bmi.biWidth = width;
    bmi.biHeight = height;
    bmi.biPlanes = 1;
    bmi.biBitCount = bitCount;
    bmi.biCompression = compression;
    const ULONG stride = compression == 0 ? ((ULONG(width) * bitCount + 31) / 32) * 4 : ULONG(width) * bitCount / 8;
    bmi.biSizeImage = stride * ULONG(height < 0 ? -height : height);
    r.VideoInfoHeader.AvgTimePerFrame = k30fps;
    r.DataRange.SampleSize = bmi.biSizeImage;
    return r;
}

// The KS_DATAFORMAT_VIDEOINFOHEADER GStreamer sends: the range's header and VIH (152 bytes).
Buffer videoFormat(const KS_DATARANGE_VIDEO& range)
{
    Buffer b(sizeof(KS_DATAFORMAT_VIDEOINFOHEADER));
    KS_DATAFORMAT_VIDEOINFOHEADER f{};
    f.DataFormat = range.DataRange;
    f.DataFormat.FormatSize = sizeof(KS_DATAFORMAT_VIDEOINFOHEADER);
    f.VideoInfoHeader = range.VideoInfoHeader;
    std::memcpy(b.data(), &f, sizeof(f));
    return b;
}

KS_VIDEOINFOHEADER& vihOf(Buffer& format)
{
    return format.at<KS_VIDEOINFOHEADER>(sizeof(KSDATAFORMAT));
}

// ---------------------------------------------------------------------------
// formatMatchesRange: audio.

struct AudioRow {
    const char* name;
    Wave wave;
    KSDATARANGE_AUDIO range;
    bool expected;
};

std::ostream& operator<<(std::ostream& os, const AudioRow& row)
{
    return os << row.name;
}

class AudioMatch : public ::testing::TestWithParam<AudioRow> {};

TEST_P(AudioMatch, FollowsTheRangeLimits)
{
    const AudioRow& row = GetParam();
    EXPECT_EQ(matches(audioFormat(row.wave), &row.range, sizeof(row.range)), row.expected);
}

Wave wave(USHORT channels, USHORT bits, ULONG rate)
{
    Wave w;
    w.channels = channels;
    w.bits = bits;
    w.rate = rate;
    return w;
}

Wave extensible(USHORT channels, USHORT bits, ULONG rate, USHORT validBits = 0,
                const GUID& sub = KSDATAFORMAT_SUBTYPE_PCM)
{
    Wave w = wave(channels, bits, rate);
    w.tag = WAVE_FORMAT_EXTENSIBLE;
    w.validBits = validBits;
    w.subFormat = sub;
    return w;
}

template <typename F>
Wave with(Wave w, F f)
{
    f(w);
    return w;
}

const KSDATARANGE_AUDIO kStereo16to32 = audioRange(2, 16, 32, 44100, 48000);
const KSDATARANGE_AUDIO kFloatRange = audioRange(8, 32, 32, 44100, 192000, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
const KSDATARANGE_AUDIO kUnlimited = audioRange(0xFFFFFFFF, 8, 32, 8000, 192000);

INSTANTIATE_TEST_SUITE_P(
    Rows, AudioMatch,
    ::testing::Values(
        AudioRow{"pcm16", wave(2, 16, 48000), kStereo16to32, true},
        AudioRow{"pcm24", wave(2, 24, 44100), kStereo16to32, true},
        AudioRow{"pcm32", wave(1, 32, 48000), kStereo16to32, true},
        AudioRow{"pcm8BelowMinBits", wave(2, 8, 48000), kStereo16to32, false},
        AudioRow{"bitsAboveMax", extensible(2, 64, 48000), kStereo16to32, false},
        AudioRow{"bitsNotByteMultiple", wave(2, 20, 48000), audioRange(2, 16, 32, 44100, 48000), false},
        AudioRow{"tooManyChannels", wave(4, 16, 48000), kStereo16to32, false},
        AudioRow{"zeroChannels", wave(0, 16, 48000), kStereo16to32, false},
        AudioRow{"unlimitedChannels", extensible(8, 16, 48000), kUnlimited, true},
        AudioRow{"rateBelow", wave(2, 16, 32000), kStereo16to32, false},
        AudioRow{"rateAbove", wave(2, 16, 96000), kStereo16to32, false},
        AudioRow{"rateAtBounds", wave(2, 16, 44100), kStereo16to32, true},
        AudioRow{"blockAlignWrong", with(wave(2, 16, 48000), [](Wave& w) { w.blockAlignDelta = 1; }), kStereo16to32,
                 false},
        AudioRow{"avgBytesWrong", with(wave(2, 16, 48000), [](Wave& w) { w.avgBytesDelta = -4; }), kStereo16to32,
                 false},
        AudioRow{"float32",
                 with(wave(2, 32, 48000),
                      [](Wave& w) {
                          w.tag = WAVE_FORMAT_IEEE_FLOAT;
                          w.subFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
                      }),
                 kFloatRange, true},
        AudioRow{"floatFormatPcmRange", extensible(2, 32, 48000, 32, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT), kStereo16to32,
                 false},
        AudioRow{"floatTagWithPcmSubtype", with(wave(2, 32, 48000), [](Wave& w) { w.tag = WAVE_FORMAT_IEEE_FLOAT; }),
                 kStereo16to32, false},
        AudioRow{"extensible24in32", extensible(2, 32, 48000, 24), kStereo16to32, true},
        AudioRow{"extensibleFloat", extensible(6, 32, 96000, 32, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT), kFloatRange, true},
        AudioRow{"extensibleValidAboveContainer", extensible(2, 16, 48000, 24), kStereo16to32, false},
        AudioRow{"extensibleCbSize21", with(extensible(2, 16, 48000), [](Wave& w) { w.cbSizeDelta = -1; }),
                 kStereo16to32, false},
        AudioRow{"extensibleSubFormatDiffersFromHeader",
                 with(extensible(2, 16, 48000), [](Wave& w) { w.subFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT; }),
                 kStereo16to32, false},
        AudioRow{"cbSizeOverrunsFormat", with(wave(2, 16, 48000), [](Wave& w) { w.cbSizeDelta = 2; }), kStereo16to32,
                 false},
        AudioRow{"wildcardSubtypeRangeTakesFloat",
                 with(wave(2, 32, 48000),
                      [](Wave& w) {
                          w.tag = WAVE_FORMAT_IEEE_FLOAT;
                          w.subFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
                      }),
                 audioRange(2, 8, 32, 8000, 48000, GUID_NULL), true}),
    [](const ::testing::TestParamInfo<AudioRow>& info) { return std::string(info.param.name); });

TEST(FormatMatchesRange, GuidRulesAndSizes)
{
    const Buffer pcm = audioFormat(wave(2, 16, 48000));
    const KSDATARANGE anyAudio = bareRange(KSDATAFORMAT_TYPE_AUDIO, GUID_NULL, GUID_NULL);
    const KSDATARANGE anything = bareRange(GUID_NULL, GUID_NULL, GUID_NULL);
    const KSDATARANGE video = bareRange(KSDATAFORMAT_TYPE_VIDEO, GUID_NULL, GUID_NULL);
    const KSDATARANGE otherSpecifier = bareRange(KSDATAFORMAT_TYPE_AUDIO, KSDATAFORMAT_SUBTYPE_PCM, kSomeSpecifier);
    // A bare 64-byte range with the WAVEFORMATEX specifier carries no limits: GUIDs alone.
    const KSDATARANGE bareWave =
        bareRange(KSDATAFORMAT_TYPE_AUDIO, KSDATAFORMAT_SUBTYPE_PCM, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX);
    EXPECT_TRUE(matches(pcm, &anyAudio, sizeof(anyAudio)));
    EXPECT_TRUE(matches(pcm, &anything, sizeof(anything)));
    EXPECT_TRUE(matches(pcm, &bareWave, sizeof(bareWave)));
    EXPECT_FALSE(matches(pcm, &video, sizeof(video)));
    EXPECT_FALSE(matches(pcm, &otherSpecifier, sizeof(otherSpecifier)));

    // A range cut short by its caller's byte count is read as a bare range.
    EXPECT_TRUE(matches(pcm, &kStereo16to32, sizeof(KSDATARANGE)));
    // The format must fit in the bytes given and hold its WAVEFORMATEX.
    Buffer truncated = audioFormat(wave(2, 16, 48000));
    EXPECT_FALSE(formatMatchesRange(reinterpret_cast<const KSDATAFORMAT*>(truncated.data()), 81,
                                    reinterpret_cast<const KSDATARANGE*>(&kStereo16to32), sizeof(kStereo16to32)));
    Buffer headerOnly = audioFormat(with(wave(2, 16, 48000), [](Wave& w) { w.formatSizeDelta = -18; }));
    EXPECT_FALSE(matches(headerOnly, &kStereo16to32, sizeof(kStereo16to32)));
    EXPECT_FALSE(formatMatchesRange(nullptr, 82, &anything, sizeof(anything)));
}

TEST(FormatMatchesRange, SpecifierNone)
{
    KSDATAFORMAT stream{};
    stream.FormatSize = sizeof(KSDATAFORMAT);
    stream.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    stream.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    stream.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    const KSDATARANGE range =
        bareRange(KSDATAFORMAT_TYPE_STREAM, KSDATAFORMAT_SUBTYPE_NONE, KSDATAFORMAT_SPECIFIER_NONE);
    EXPECT_TRUE(formatMatchesRange(&stream, sizeof(stream), &range, sizeof(range)));
    stream.FormatSize = 63;
    EXPECT_FALSE(formatMatchesRange(&stream, sizeof(stream), &range, sizeof(range)));
    stream.FormatSize = 64;
    stream.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    EXPECT_FALSE(formatMatchesRange(&stream, sizeof(stream), &range, sizeof(range)));
}

// ---------------------------------------------------------------------------
// formatMatchesRange: video (YUY2 / RGB24 sizes, frame intervals).

TEST(VideoMatch, Yuy2SizesAndIntervals)
{
    const KS_DATARANGE_VIDEO range = videoRange(640, 480, kYuy2, 16, kSubYuy2);
    Buffer format = videoFormat(range);
    EXPECT_TRUE(matches(format, &range, sizeof(range)));
    EXPECT_EQ(vihOf(format).bmiHeader.biSizeImage, 640u * 480 * 2);

    vihOf(format).bmiHeader.biSizeImage -= 1;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));  // one byte short of a picture
    vihOf(format).bmiHeader.biSizeImage += 1;

    vihOf(format).AvgTimePerFrame = k15fps;
    EXPECT_TRUE(matches(format, &range, sizeof(range)));
    vihOf(format).AvgTimePerFrame = k15fps + 1;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));
    vihOf(format).AvgTimePerFrame = k30fps - 1;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));
    vihOf(format).AvgTimePerFrame = k30fps;

    vihOf(format).bmiHeader.biWidth = 320;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));
    vihOf(format).bmiHeader.biWidth = 640;
    vihOf(format).bmiHeader.biBitCount = 12;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));
    vihOf(format).bmiHeader.biBitCount = 16;
    vihOf(format).bmiHeader.biSize = 39;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));
}

TEST(VideoMatch, Rgb24RowsAreDwordAligned)
{
    // 641 * 3 = 1923 bytes per row, padded to 1924.
    const KS_DATARANGE_VIDEO range = videoRange(641, 480, 0, 24, kSubRgb24);
    Buffer format = videoFormat(range);
    EXPECT_EQ(vihOf(format).bmiHeader.biSizeImage, 1924u * 480);
    EXPECT_TRUE(matches(format, &range, sizeof(range)));
    vihOf(format).bmiHeader.biSizeImage = 641 * 3 * 480;  // unpadded rows are too small
    EXPECT_FALSE(matches(format, &range, sizeof(range)));

    // Bottom-up and top-down heights are different pictures.
    const KS_DATARANGE_VIDEO topDown = videoRange(640, -480, 0, 24, kSubRgb24);
    Buffer topDownFormat = videoFormat(topDown);
    EXPECT_TRUE(matches(topDownFormat, &topDown, sizeof(topDown)));
    const KS_DATARANGE_VIDEO bottomUp = videoRange(640, 480, 0, 24, kSubRgb24);
    EXPECT_FALSE(matches(topDownFormat, &bottomUp, sizeof(bottomUp)));
}

TEST(VideoMatch, CompressedSizesAreNotChecked)
{
    KS_DATARANGE_VIDEO range = videoRange(1280, 720, kMjpg, 24, kSubMjpg);
    Buffer format = videoFormat(range);
    vihOf(format).bmiHeader.biSizeImage = 100000;  // a JPEG is smaller than the raw picture
    EXPECT_TRUE(matches(format, &range, sizeof(range)));
}

TEST(VideoMatch, FormatMustHoldTheVideoInfoHeader)
{
    const KS_DATARANGE_VIDEO range = videoRange(640, 480, kYuy2, 16, kSubYuy2);
    Buffer format = videoFormat(range);
    format.at<KSDATAFORMAT>(0).FormatSize = sizeof(KSDATAFORMAT) + sizeof(KS_VIDEOINFOHEADER) - 1;
    EXPECT_FALSE(matches(format, &range, sizeof(range)));
}

// ---------------------------------------------------------------------------
// defaultIntersection.

struct Produced {
    NTSTATUS status;
    ULONG size;
    Buffer bytes;
};

Produced intersect(const void* caller, const void* pin, ULONG outLen = 512)
{
    Produced p{STATUS_UNSUCCESSFUL, 0, Buffer(512)};
    p.status = defaultIntersection(static_cast<const KSDATARANGE*>(caller), static_cast<const KSDATARANGE*>(pin),
                                   outLen == 0 ? nullptr : p.bytes.data(), outLen, &p.size);
    return p;
}

WAVEFORMATEXTENSIBLE waveOf(const Produced& p)
{
    return p.bytes.read<WAVEFORMATEXTENSIBLE>(sizeof(KSDATAFORMAT));
}

TEST(DefaultIntersection, AudioPicksTheHighestCommonValues)
{
    const KSDATARANGE_AUDIO pin = audioRange(2, 16, 16, 8000, 48000);
    const KSDATARANGE_AUDIO caller = audioRange(2, 8, 32, 44100, 44100);
    const Produced p = intersect(&caller, &pin);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    ASSERT_EQ(p.size, sizeof(KSDATAFORMAT_WAVEFORMATEX));  // 82: plain WAVEFORMATEX
    const auto header = p.bytes.read<KSDATAFORMAT>(0);
    EXPECT_EQ(header.FormatSize, 82u);
    EXPECT_TRUE(IsEqualGUID(header.SubFormat, KSDATAFORMAT_SUBTYPE_PCM));
    EXPECT_EQ(header.SampleSize, 4u);
    const auto w = waveOf(p).Format;
    EXPECT_EQ(w.wFormatTag, WAVE_FORMAT_PCM);
    EXPECT_EQ(w.nChannels, 2);
    EXPECT_EQ(w.wBitsPerSample, 16);
    EXPECT_EQ(w.nSamplesPerSec, 44100u);
    EXPECT_EQ(w.nBlockAlign, 4);
    EXPECT_EQ(w.nAvgBytesPerSec, 44100u * 4);
    EXPECT_EQ(w.cbSize, 0);
    // The produced format lies inside both ranges.
    EXPECT_TRUE(matches(p.bytes, &pin, sizeof(pin)));
    EXPECT_TRUE(matches(p.bytes, &caller, sizeof(caller)));
}

TEST(DefaultIntersection, MultichannelOrDeepAudioIsExtensible)
{
    const KSDATARANGE_AUDIO pin = audioRange(8, 16, 32, 48000, 192000);
    const Produced p = intersect(&kUnlimited, &pin);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    ASSERT_EQ(p.size, sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE));  // 104
    const auto w = waveOf(p);
    EXPECT_EQ(w.Format.wFormatTag, WAVE_FORMAT_EXTENSIBLE);
    EXPECT_EQ(w.Format.nChannels, 8);
    EXPECT_EQ(w.Format.wBitsPerSample, 32);
    EXPECT_EQ(w.Format.nSamplesPerSec, 192000u);
    EXPECT_EQ(w.Format.cbSize, 22);
    EXPECT_EQ(w.Samples.wValidBitsPerSample, 32);
    EXPECT_EQ(w.dwChannelMask, 0x63Fu);  // 7.1
    EXPECT_TRUE(IsEqualGUID(w.SubFormat, KSDATAFORMAT_SUBTYPE_PCM));
    EXPECT_TRUE(matches(p.bytes, &pin, sizeof(pin)));
}

TEST(DefaultIntersection, UnlimitedChannelsOnBothSidesGiveStereo)
{
    const KSDATARANGE_AUDIO pin = audioRange(0xFFFFFFFF, 16, 16, 48000, 48000);
    const Produced p = intersect(&kUnlimited, &pin);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    EXPECT_EQ(waveOf(p).Format.nChannels, 2);
    EXPECT_EQ(p.size, 82u);
}

TEST(DefaultIntersection, FloatRangesGiveFloat)
{
    const KSDATARANGE_AUDIO caller = audioRange(2, 16, 64, 44100, 48000, GUID_NULL);
    const Produced p = intersect(&caller, &kFloatRange);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(p.bytes.read<KSDATAFORMAT>(0).SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT));
    EXPECT_EQ(waveOf(p).Format.wBitsPerSample, 32);
    EXPECT_EQ(waveOf(p).Format.nChannels, 2);
}

TEST(DefaultIntersection, BareCallerRangeTakesThePinLimits)
{
    const KSDATARANGE caller = bareRange(KSDATAFORMAT_TYPE_AUDIO, GUID_NULL, GUID_NULL);
    const KSDATARANGE_AUDIO pin = audioRange(1, 24, 24, 96000, 96000);
    const Produced p = intersect(&caller, &pin);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    EXPECT_EQ(waveOf(p).Format.nChannels, 1);
    EXPECT_EQ(waveOf(p).Format.wBitsPerSample, 24);
    EXPECT_EQ(p.size, 104u);  // 24 bits: extensible
}

TEST(DefaultIntersection, DisjointAudioIsNoMatch)
{
    const KSDATARANGE_AUDIO pin = audioRange(2, 16, 16, 44100, 48000);
    const KSDATARANGE_AUDIO rates = audioRange(2, 16, 16, 96000, 192000);
    const KSDATARANGE_AUDIO bits = audioRange(2, 24, 32, 44100, 48000);
    const KSDATARANGE_AUDIO noChannels = audioRange(0, 16, 16, 44100, 48000);
    const KSDATARANGE_AUDIO floats = audioRange(2, 16, 16, 44100, 48000, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    for (const KSDATARANGE_AUDIO* caller : {&rates, &bits, &noChannels, &floats}) {
        const Produced p = intersect(caller, &pin);
        EXPECT_EQ(p.status, STATUS_NO_MATCH);
        EXPECT_EQ(p.size, 0u);
    }
}

TEST(DefaultIntersection, SizeProtocol)
{
    const KSDATARANGE_AUDIO pin = audioRange(2, 16, 16, 48000, 48000);
    Produced probe = intersect(&pin, &pin, 0);
    EXPECT_EQ(probe.status, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(probe.size, 82u);
    Produced shortBuffer = intersect(&pin, &pin, 81);
    EXPECT_EQ(shortBuffer.status, STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(shortBuffer.size, 82u);
    EXPECT_EQ(shortBuffer.bytes.read<ULONG>(0), 0u);  // nothing written
    Produced exact = intersect(&pin, &pin, 82);
    EXPECT_EQ(exact.status, STATUS_SUCCESS);
    ULONG size = 0;
    EXPECT_EQ(defaultIntersection(nullptr, reinterpret_cast<const KSDATARANGE*>(&pin), nullptr, 0, &size),
              STATUS_INVALID_PARAMETER);
}

TEST(DefaultIntersection, VideoCopiesThePinPictureAndClampsTheInterval)
{
    const KS_DATARANGE_VIDEO pin = videoRange(640, 480, kYuy2, 16, kSubYuy2, k30fps, k15fps);
    KS_DATARANGE_VIDEO caller = pin;
    caller.ConfigCaps.MinFrameInterval = 500000;  // the caller wants at most 20 fps
    caller.ConfigCaps.MaxFrameInterval = 1000000;
    const Produced p = intersect(&caller, &pin);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    ASSERT_EQ(p.size, sizeof(KS_DATAFORMAT_VIDEOINFOHEADER));  // 152
    const auto header = p.bytes.read<KSDATAFORMAT>(0);
    EXPECT_TRUE(IsEqualGUID(header.SubFormat, kSubYuy2));
    EXPECT_TRUE(IsEqualGUID(header.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO));
    EXPECT_EQ(header.SampleSize, 640u * 480 * 2);
    const auto vih = p.bytes.read<KS_VIDEOINFOHEADER>(sizeof(KSDATAFORMAT));
    EXPECT_EQ(vih.bmiHeader.biWidth, 640);
    EXPECT_EQ(vih.AvgTimePerFrame, 500000);
    EXPECT_TRUE(matches(p.bytes, &pin, sizeof(pin)));

    const KSDATARANGE anyVideo = bareRange(KSDATAFORMAT_TYPE_VIDEO, GUID_NULL, GUID_NULL);
    const Produced fromWildcard = intersect(&anyVideo, &pin);
    ASSERT_EQ(fromWildcard.status, STATUS_SUCCESS);
    EXPECT_EQ(fromWildcard.bytes.read<KS_VIDEOINFOHEADER>(sizeof(KSDATAFORMAT)).AvgTimePerFrame, k30fps);

    const KS_DATARANGE_VIDEO otherSize = videoRange(1280, 720, kYuy2, 16, kSubYuy2);
    EXPECT_EQ(intersect(&otherSize, &pin).status, STATUS_NO_MATCH);
}

TEST(DefaultIntersection, SpecifierNoneResolvesWildcards)
{
    KSDATARANGE pin = bareRange(KSDATAFORMAT_TYPE_STREAM, GUID_NULL, KSDATAFORMAT_SPECIFIER_NONE);
    pin.SampleSize = 188;
    pin.Flags = KSDATARANGE_ATTRIBUTES;
    const KSDATARANGE caller = bareRange(GUID_NULL, KSDATAFORMAT_SUBTYPE_NONE, GUID_NULL);
    const Produced p = intersect(&caller, &pin);
    ASSERT_EQ(p.status, STATUS_SUCCESS);
    ASSERT_EQ(p.size, sizeof(KSDATAFORMAT));
    const auto f = p.bytes.read<KSDATAFORMAT>(0);
    EXPECT_TRUE(IsEqualGUID(f.MajorFormat, KSDATAFORMAT_TYPE_STREAM));
    EXPECT_TRUE(IsEqualGUID(f.SubFormat, KSDATAFORMAT_SUBTYPE_NONE));
    EXPECT_TRUE(IsEqualGUID(f.Specifier, KSDATAFORMAT_SPECIFIER_NONE));
    EXPECT_EQ(f.SampleSize, 188u);
    EXPECT_EQ(f.Flags, 0u);  // no attribute list follows the produced format
}

TEST(DefaultIntersection, UnknownSpecifierNeedsAHandler)
{
    const KSDATARANGE pin = bareRange(KSDATAFORMAT_TYPE_VIDEO, kSubYuy2, kSomeSpecifier);
    EXPECT_EQ(intersect(&pin, &pin).status, STATUS_NO_MATCH);
    const KSDATARANGE audio = bareRange(KSDATAFORMAT_TYPE_AUDIO, GUID_NULL, GUID_NULL);
    EXPECT_EQ(intersect(&audio, &pin).status, STATUS_NO_MATCH);  // incompatible majors
}

// ---------------------------------------------------------------------------
// DATAINTERSECTION input parsing.

// KSP_PIN + KSMULTIPLE_ITEM + 8-aligned items, as a client builds it.
class IntersectionInput {
public:
    explicit IntersectionInput(ULONG pinId = 0)
    {
        const KSP_PIN p = pinProperty(KSPROPERTY_PIN_DATAINTERSECTION, pinId);
        bytes_.append(&p, sizeof(p));
        const KSMULTIPLE_ITEM empty{sizeof(KSMULTIPLE_ITEM), 0};
        bytes_.append(&empty, sizeof(empty));
    }
    IntersectionInput& add(const void* item, ULONG size)
    {
        bytes_.alignTo8();
        bytes_.append(item, size);
        auto& list = bytes_.at<KSMULTIPLE_ITEM>(sizeof(KSP_PIN));
        list.Size = ULONG(bytes_.size() - sizeof(KSP_PIN));
        ++list.Count;
        return *this;
    }
    KSMULTIPLE_ITEM& list() { return bytes_.at<KSMULTIPLE_ITEM>(sizeof(KSP_PIN)); }
    Buffer& bytes() { return bytes_; }

private:
    Buffer bytes_;
};

TEST(ParseIntersectionRequest, TwoRangesEightAligned)
{
    const KSDATARANGE_AUDIO audio = audioRange(2, 16, 16, 48000, 48000);
    KSDATARANGE oddSized = bareRange(KSDATAFORMAT_TYPE_STREAM, GUID_NULL, GUID_NULL);
    oddSized.FormatSize = 68;  // a 68-byte range is padded to 72 before the next one
    struct {
        KSDATARANGE range;
        ULONG tail;
    } odd{oddSized, 0xA5A5A5A5};
    IntersectionInput input(3);
    input.add(&odd, 68).add(&audio, sizeof(audio));
    EXPECT_EQ(input.list().Size, 8u + 72 + 88);
    IntersectionRequest request;
    ASSERT_EQ(parseIntersectionRequest(input.bytes().data(), input.bytes().size(), &request), STATUS_SUCCESS);
    ASSERT_EQ(request.ranges.size(), 2u);
    EXPECT_EQ(request.pin->PinId, 3u);
    EXPECT_EQ(request.ranges[0].range->FormatSize, 68u);
    EXPECT_EQ(request.ranges[1].range->FormatSize, 88u);
    EXPECT_EQ(reinterpret_cast<const std::byte*>(request.ranges[1].range) - input.bytes().data(), 32 + 8 + 72);
    EXPECT_EQ(request.ranges[0].attributes, nullptr);
}

TEST(ParseIntersectionRequest, AttributeListIsSkippedAndCounted)
{
    KSDATARANGE withAttributes = bareRange(KSDATAFORMAT_TYPE_STREAM, GUID_NULL, GUID_NULL);
    withAttributes.Flags = KSDATARANGE_ATTRIBUTES;
    struct {
        KSMULTIPLE_ITEM header;
        KSATTRIBUTE attribute;
    } attributes{{sizeof(KSMULTIPLE_ITEM) + sizeof(KSATTRIBUTE), 1}, {sizeof(KSATTRIBUTE), 0, {}}};
    const KSDATARANGE_AUDIO audio = audioRange(2, 16, 16, 48000, 48000);
    IntersectionInput input;
    input.add(&withAttributes, sizeof(withAttributes)).add(&attributes, sizeof(attributes)).add(&audio, 88);
    EXPECT_EQ(input.list().Count, 3u);
    IntersectionRequest request;
    ASSERT_EQ(parseIntersectionRequest(input.bytes().data(), input.bytes().size(), &request), STATUS_SUCCESS);
    ASSERT_EQ(request.ranges.size(), 2u);
    ASSERT_NE(request.ranges[0].attributes, nullptr);
    EXPECT_EQ(request.ranges[0].attributes->Count, 1u);
    EXPECT_EQ(request.ranges[1].range->FormatSize, 88u);
}

struct ParseRow {
    const char* name;
    void (*mutate)(IntersectionInput&, ULONG* length);
    NTSTATUS expected;
};

std::ostream& operator<<(std::ostream& os, const ParseRow& row)
{
    return os << row.name;
}

class ParseRejects : public ::testing::TestWithParam<ParseRow> {};

TEST_P(ParseRejects, MalformedInputGetsAStatus)
{
    const KSDATARANGE_AUDIO audio = audioRange(2, 16, 16, 48000, 48000);
    IntersectionInput input;
    input.add(&audio, sizeof(audio));
    ULONG length = input.bytes().size();
    GetParam().mutate(input, &length);
    IntersectionRequest request;
    EXPECT_EQ(parseIntersectionRequest(input.bytes().data(), length, &request), GetParam().expected);
    EXPECT_TRUE(request.ranges.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ParseRejects,
    ::testing::Values(
        ParseRow{"noList", [](IntersectionInput&, ULONG* n) { *n = 32; }, STATUS_BUFFER_TOO_SMALL},
        ParseRow{"listSizeBelowHeader", [](IntersectionInput& i, ULONG*) { i.list().Size = 7; },
                 STATUS_INVALID_PARAMETER},
        ParseRow{"listPastInput", [](IntersectionInput&, ULONG* n) { *n -= 1; }, STATUS_INVALID_PARAMETER},
        ParseRow{"countBeyondList", [](IntersectionInput& i, ULONG*) { i.list().Count = 2; }, STATUS_INVALID_PARAMETER},
        ParseRow{"hugeCount", [](IntersectionInput& i, ULONG*) { i.list().Count = 0xFFFFFFFF; },
                 STATUS_INVALID_PARAMETER},
        ParseRow{"formatSizeBelow64",
                 [](IntersectionInput& i, ULONG*) { i.bytes().at<KSDATARANGE>(40).FormatSize = 63; },
                 STATUS_INVALID_PARAMETER},
        ParseRow{"formatSizePastList",
                 [](IntersectionInput& i, ULONG*) { i.bytes().at<KSDATARANGE>(40).FormatSize = 89; },
                 STATUS_INVALID_PARAMETER},
        ParseRow{"formatSizeHuge",
                 [](IntersectionInput& i, ULONG*) { i.bytes().at<KSDATARANGE>(40).FormatSize = 0xFFFFFFF8; },
                 STATUS_INVALID_PARAMETER},
        ParseRow{"attributesFlagWithoutList",
                 [](IntersectionInput& i, ULONG*) { i.bytes().at<KSDATARANGE>(40).Flags = KSDATARANGE_ATTRIBUTES; },
                 STATUS_INVALID_PARAMETER}),
    [](const ::testing::TestParamInfo<ParseRow>& info) { return std::string(info.param.name); });

TEST(ParseIntersectionRequest, EmptyListAndAlignment)
{
    IntersectionInput input;
    IntersectionRequest request;
    EXPECT_EQ(parseIntersectionRequest(input.bytes().data(), input.bytes().size(), &request), STATUS_SUCCESS);
    EXPECT_TRUE(request.ranges.empty());
    Buffer shifted(input.bytes().size() + 4);
    std::memcpy(shifted.data() + 4, input.bytes().data(), input.bytes().size());
    EXPECT_EQ(parseIntersectionRequest(shifted.data() + 4, input.bytes().size(), &request),
              STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_EQ(parseIntersectionRequest(nullptr, 40, &request), STATUS_BUFFER_TOO_SMALL);
}

// ---------------------------------------------------------------------------
// pinIntersection and the pin DDI over a two-pin filter.

const KSDATARANGE_AUDIO gRenderRange = audioRange(2, 16, 16, 44100, 48000);
const KS_DATARANGE_VIDEO gCaptureRange = videoRange(640, 480, kYuy2, 16, kSubYuy2);
const KSDATARANGE gStreamRange = bareRange(KSDATAFORMAT_TYPE_STREAM, GUID_NULL, KSDATAFORMAT_SPECIFIER_NONE);

struct Filter {
    PKSDATARANGE renderRanges[2] = {const_cast<PKSDATARANGE>(&gRenderRange.DataRange),
                                    const_cast<PKSDATARANGE>(&gStreamRange)};
    PKSDATARANGE captureRanges[1] = {const_cast<PKSDATARANGE>(&gCaptureRange.DataRange)};
    KSPIN_INTERFACE interfaces[2]{};
    KSPIN_DESCRIPTOR pins[2]{};

    Filter()
    {
        interfaces[0].Set = KSINTERFACESETID_Standard;
        interfaces[0].Id = KSINTERFACE_STANDARD_STREAMING;
        interfaces[1].Set = KSINTERFACESETID_Standard;
        interfaces[1].Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;
        pins[0].InterfacesCount = 2;
        pins[0].Interfaces = interfaces;
        pins[0].DataRangesCount = 2;
        pins[0].DataRanges = renderRanges;
        pins[0].DataFlow = KSPIN_DATAFLOW_IN;
        pins[0].Communication = KSPIN_COMMUNICATION_SINK;
        pins[0].Category = &KSCATEGORY_AUDIO;
        pins[1].DataRangesCount = 1;
        pins[1].DataRanges = captureRanges;
        pins[1].DataFlow = KSPIN_DATAFLOW_OUT;
        pins[1].Communication = KSPIN_COMMUNICATION_BOTH;
    }
};

struct HandlerLog {
    int calls = 0;
    std::vector<const KSDATARANGE*> pinRanges;
    NTSTATUS firstStatus = STATUS_NO_MATCH;
};
HandlerLog gLog;

// Declines the first pair, answers the second with a fixed 64-byte format.
NTSTATUS pickSecond(PVOID context, PIRP, PKSP_PIN, PKSDATARANGE, PKSDATARANGE pinRange, ULONG bufferSize, PVOID data,
                    PULONG dataSize)
{
    EXPECT_EQ(context, &gLog);
    gLog.pinRanges.push_back(pinRange);
    if (gLog.calls++ == 0) {
        return gLog.firstStatus;
    }
    *dataSize = sizeof(KSDATAFORMAT);
    if (bufferSize == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    std::memcpy(data, pinRange, sizeof(KSDATAFORMAT));
    return STATUS_SUCCESS;
}

TEST(PinIntersection, FirstCallerRangeThePinSupportsWins)
{
    // ks-spec §12 item 42
    Filter filter;
    const KSDATARANGE_AUDIO tooFast = audioRange(2, 16, 16, 96000, 96000);
    const KSDATARANGE_AUDIO fine = audioRange(2, 16, 16, 44100, 44100);
    IntersectionInput input;
    input.add(&gCaptureRange, sizeof(gCaptureRange)).add(&tooFast, 88).add(&fine, 88);
    IntersectionRequest request;
    ASSERT_EQ(parseIntersectionRequest(input.bytes().data(), input.bytes().size(), &request), STATUS_SUCCESS);

    Buffer out(128);
    ULONG size = 0;
    Request irp(IOCTL_KS_PROPERTY, input.bytes().data(), input.bytes().size(), out.data(), out.size());
    ASSERT_EQ(pinIntersection(irp.get(), request, filter.pins[0], nullptr, nullptr, out.data(), out.size(), &size),
              STATUS_SUCCESS);
    EXPECT_EQ(size, 82u);
    EXPECT_EQ(irp.information(), 82u);
    EXPECT_EQ(out.read<WAVEFORMATEX>(sizeof(KSDATAFORMAT)).nSamplesPerSec, 44100u);

    Request probe(IOCTL_KS_PROPERTY, input.bytes().data(), input.bytes().size(), nullptr, 0);
    EXPECT_EQ(pinIntersection(probe.get(), request, filter.pins[0], nullptr, nullptr, nullptr, 0, &size),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(probe.information(), 82u);
}

TEST(PinIntersection, NothingInCommonIsNoMatch)
{
    // ks-spec §12 item 42
    Filter filter;
    const KSDATARANGE_AUDIO tooFast = audioRange(2, 16, 16, 96000, 96000);
    IntersectionInput input;
    input.add(&tooFast, 88);
    IntersectionRequest request;
    ASSERT_EQ(parseIntersectionRequest(input.bytes().data(), input.bytes().size(), &request), STATUS_SUCCESS);
    Buffer out(128);
    ULONG size = 7;
    Request irp(IOCTL_KS_PROPERTY, input.bytes().data(), input.bytes().size(), out.data(), out.size());
    EXPECT_EQ(pinIntersection(irp.get(), request, filter.pins[0], nullptr, nullptr, out.data(), out.size(), &size),
              STATUS_NO_MATCH);
    EXPECT_EQ(size, 0u);
    EXPECT_EQ(irp.information(), 0u);
}

TEST(PinIntersection, HandlerSeesEachCompatiblePairUntilItAnswers)
{
    Filter filter;
    const KSDATARANGE anything = bareRange(GUID_NULL, GUID_NULL, GUID_NULL);
    IntersectionInput input;
    input.add(&anything, sizeof(anything));
    IntersectionRequest request;
    ASSERT_EQ(parseIntersectionRequest(input.bytes().data(), input.bytes().size(), &request), STATUS_SUCCESS);
    gLog = {};
    Buffer out(128);
    ULONG size = 0;
    Request irp(IOCTL_KS_PROPERTY, input.bytes().data(), input.bytes().size(), out.data(), out.size());
    ASSERT_EQ(pinIntersection(irp.get(), request, filter.pins[0], pickSecond, &gLog, out.data(), out.size(), &size),
              STATUS_SUCCESS);
    ASSERT_EQ(gLog.pinRanges.size(), 2u);
    EXPECT_EQ(gLog.pinRanges[0], filter.renderRanges[0]);
    EXPECT_EQ(gLog.pinRanges[1], filter.renderRanges[1]);
    EXPECT_EQ(size, sizeof(KSDATAFORMAT));
    EXPECT_TRUE(IsEqualGUID(out.read<KSDATAFORMAT>(0).MajorFormat, KSDATAFORMAT_TYPE_STREAM));

    // An error other than NO_MATCH stops the search and is returned.
    gLog = {};
    gLog.firstStatus = STATUS_INSUFFICIENT_RESOURCES;
    Request failing(IOCTL_KS_PROPERTY, input.bytes().data(), input.bytes().size(), out.data(), out.size());
    EXPECT_EQ(pinIntersection(failing.get(), request, filter.pins[0], pickSecond, &gLog, out.data(), out.size(), &size),
              STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(gLog.calls, 1);
    EXPECT_EQ(failing.information(), 0u);
}

// The pin property set served by KsPinPropertyHandler through the engine, as a KS 1.0 filter does.
Filter* gFilter = nullptr;

NTSTATUS pinHandler(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    return KsPinPropertyHandler(irp, request, data, 2, gFilter->pins);
}

NTSTATUS intersectionHandler(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    return KsPinDataIntersectionEx(irp, reinterpret_cast<PKSP_PIN>(request), data, 2, gFilter->pins,
                                   sizeof(KSPIN_DESCRIPTOR), nullptr, nullptr);
}

class PinSet : public ::testing::Test {
protected:
    void SetUp() override
    {
        gFilter = &filter_;
        auto item = [](ULONG id, ULONG minProperty, ULONG minData, PFNKSHANDLER handler, bool set = false) {
            KSPROPERTY_ITEM i{};
            i.PropertyId = id;
            i.GetPropertyHandler = set ? nullptr : handler;
            i.SetPropertyHandler = set ? handler : nullptr;
            i.MinProperty = minProperty;
            i.MinData = minData;
            return i;
        };
        items_ = {
            item(KSPROPERTY_PIN_CTYPES, sizeof(KSPROPERTY), sizeof(ULONG), pinHandler),
            item(KSPROPERTY_PIN_DATAFLOW, sizeof(KSP_PIN), sizeof(ULONG), pinHandler),
            item(KSPROPERTY_PIN_DATARANGES, sizeof(KSP_PIN), 0, pinHandler),
            item(KSPROPERTY_PIN_DATAINTERSECTION, sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM), 0, intersectionHandler),
            item(KSPROPERTY_PIN_INTERFACES, sizeof(KSP_PIN), 0, pinHandler),
            item(KSPROPERTY_PIN_MEDIUMS, sizeof(KSP_PIN), 0, pinHandler),
            item(KSPROPERTY_PIN_COMMUNICATION, sizeof(KSP_PIN), sizeof(ULONG), pinHandler),
            item(KSPROPERTY_PIN_CATEGORY, sizeof(KSP_PIN), sizeof(GUID), pinHandler),
            item(KSPROPERTY_PIN_NAME, sizeof(KSP_PIN), 0, pinHandler),
            item(KSPROPERTY_PIN_CONSTRAINEDDATARANGES, sizeof(KSP_PIN), 0, pinHandler),
            item(KSPROPERTY_PIN_PROPOSEDATAFORMAT, sizeof(KSP_PIN), sizeof(KSDATAFORMAT), pinHandler, true),
            item(KSPROPERTY_PIN_CINSTANCES, sizeof(KSP_PIN), sizeof(KSPIN_CINSTANCES), pinHandler),
        };
        set_.Set = &KSPROPSETID_Pin;
        set_.PropertiesCount = ULONG(items_.size());
        set_.PropertyItem = items_.data();
    }

    NTSTATUS get(const void* input, ULONG inLen, void* out, ULONG outLen, ULONG flags = KSPROPERTY_TYPE_GET)
    {
        Buffer copy(inLen);
        std::memcpy(copy.data(), input, inLen);
        copy.at<KSPROPERTY>(0).Flags = flags;
        Request request(IOCTL_KS_PROPERTY, copy.data(), inLen, out, outLen);
        const NTSTATUS status = KsPropertyHandler(request.get(), 1, &set_);
        information_ = request.information();
        return status;
    }

    Filter filter_;
    std::vector<KSPROPERTY_ITEM> items_;
    KSPROPERTY_SET set_{};
    ULONG_PTR information_ = 0;
};

TEST_F(PinSet, CTypesArrivesAsKspropertyOrKspPin)
{
    // ks-spec §12 item 36; clients.md §1.2 (PIN_CTYPES both ways)
    ULONG count = 0;
    const KSPROPERTY bare = property(KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_GET);
    EXPECT_EQ(get(&bare, sizeof(bare), &count, sizeof(count)), STATUS_SUCCESS);
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(information_, sizeof(ULONG));
    count = 0;
    const KSP_PIN pin = pinProperty(KSPROPERTY_PIN_CTYPES, 0);
    EXPECT_EQ(get(&pin, sizeof(pin), &count, sizeof(count)), STATUS_SUCCESS);
    EXPECT_EQ(count, 2u);
}

TEST_F(PinSet, PinIdPastTheCountIsInvalidParameter)
{
    // ks-spec §12 item 37
    GUID value{};  // big enough for every one of these values
    for (ULONG id : {ULONG(KSPROPERTY_PIN_DATAFLOW), ULONG(KSPROPERTY_PIN_COMMUNICATION),
                     ULONG(KSPROPERTY_PIN_DATARANGES), ULONG(KSPROPERTY_PIN_CATEGORY), ULONG(KSPROPERTY_PIN_NAME)}) {
        const KSP_PIN pin = pinProperty(id, 2);
        EXPECT_EQ(get(&pin, sizeof(pin), &value, sizeof(value)), STATUS_INVALID_PARAMETER) << id;
    }
}

TEST_F(PinSet, DataFlowCommunication)
{
    ULONG value = 0;
    const KSP_PIN flow = pinProperty(KSPROPERTY_PIN_DATAFLOW, 1);
    EXPECT_EQ(get(&flow, sizeof(flow), &value, sizeof(value)), STATUS_SUCCESS);
    EXPECT_EQ(value, ULONG(KSPIN_DATAFLOW_OUT));
    const KSP_PIN communication = pinProperty(KSPROPERTY_PIN_COMMUNICATION, 1);
    EXPECT_EQ(get(&communication, sizeof(communication), &value, sizeof(value)), STATUS_SUCCESS);
    EXPECT_EQ(value, ULONG(KSPIN_COMMUNICATION_BOTH));
}

TEST_F(PinSet, DataRangesProbeTiers)
{
    // ks-spec §12 items 38, 39, 40: 8 + 88 + 64 bytes, two ranges.
    constexpr ULONG kSize = 8 + 88 + 64;
    const KSP_PIN pin = pinProperty(KSPROPERTY_PIN_DATARANGES, 0);
    EXPECT_EQ(get(&pin, sizeof(pin), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information_, kSize);
    ULONG size = 0;
    EXPECT_EQ(get(&pin, sizeof(pin), &size, sizeof(size)), STATUS_SUCCESS);
    EXPECT_EQ(size, kSize);
    EXPECT_EQ(information_, 4u);
    KSMULTIPLE_ITEM header{};
    EXPECT_EQ(get(&pin, sizeof(pin), &header, sizeof(header)), STATUS_SUCCESS);
    EXPECT_EQ(header.Size, kSize);
    EXPECT_EQ(header.Count, 2u);
    Buffer out(kSize);
    ASSERT_EQ(get(&pin, sizeof(pin), out.data(), out.size()), STATUS_SUCCESS);
    EXPECT_EQ(information_, kSize);
    EXPECT_EQ(out.read<KSDATARANGE_AUDIO>(8).MaximumSampleFrequency, 48000u);
    EXPECT_EQ(out.read<KSDATARANGE>(96).FormatSize, 64u);  // 8 + 88 is 8-aligned
    Buffer shortBuffer(kSize - 1);
    EXPECT_EQ(get(&pin, sizeof(pin), shortBuffer.data(), shortBuffer.size()), STATUS_BUFFER_TOO_SMALL);
}

TEST_F(PinSet, DataRangesCarryAttributeListsAsItems)
{
    KSDATARANGE flagged = bareRange(KSDATAFORMAT_TYPE_STREAM, GUID_NULL, GUID_NULL);
    flagged.Flags = KSDATARANGE_ATTRIBUTES;
    KSATTRIBUTE attribute{sizeof(KSATTRIBUTE), KSATTRIBUTE_REQUIRED, {}};
    PKSATTRIBUTE attributeArray[1] = {&attribute};
    KSATTRIBUTE_LIST attributeList{1, attributeArray};
    PKSDATARANGE ranges[2] = {&flagged, reinterpret_cast<PKSDATARANGE>(&attributeList)};
    filter_.pins[1].DataRangesCount = 2;
    filter_.pins[1].DataRanges = ranges;

    const KSP_PIN pin = pinProperty(KSPROPERTY_PIN_DATARANGES, 1);
    Buffer out(256);
    ASSERT_EQ(get(&pin, sizeof(pin), out.data(), out.size()), STATUS_SUCCESS);
    const auto header = out.read<KSMULTIPLE_ITEM>(0);
    EXPECT_EQ(header.Count, 2u);
    EXPECT_EQ(header.Size, 8u + 64 + 8 + 24);
    const auto list = out.read<KSMULTIPLE_ITEM>(72);
    EXPECT_EQ(list.Size, 8u + 24);
    EXPECT_EQ(list.Count, 1u);
    EXPECT_EQ(out.read<KSATTRIBUTE>(80).Flags, ULONG(KSATTRIBUTE_REQUIRED));

    // The list the client gets back parses as a DATAINTERSECTION input.
    IntersectionInput input;
    Buffer& bytes = input.bytes();
    bytes.resize(sizeof(KSP_PIN));
    bytes.append(out.data(), header.Size);
    IntersectionRequest request;
    ASSERT_EQ(parseIntersectionRequest(bytes.data(), bytes.size(), &request), STATUS_SUCCESS);
    EXPECT_EQ(request.ranges.size(), 1u);
    EXPECT_NE(request.ranges[0].attributes, nullptr);
}

TEST_F(PinSet, InterfacesTiersAndTheStandardDefault)
{
    // ks-spec §12 item 41: 8 < OutLength < required -> BUFFER_TOO_SMALL
    const KSP_PIN listed = pinProperty(KSPROPERTY_PIN_INTERFACES, 0);
    constexpr ULONG kSize = 8 + 2 * sizeof(KSPIN_INTERFACE);
    EXPECT_EQ(get(&listed, sizeof(listed), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information_, kSize);
    Buffer out(kSize);
    EXPECT_EQ(get(&listed, sizeof(listed), out.data(), 16), STATUS_BUFFER_TOO_SMALL);
    ASSERT_EQ(get(&listed, sizeof(listed), out.data(), kSize), STATUS_SUCCESS);
    EXPECT_EQ(out.read<KSPIN_INTERFACE>(8 + sizeof(KSPIN_INTERFACE)).Id, ULONG(KSINTERFACE_STANDARD_LOOPED_STREAMING));

    const KSP_PIN defaulted = pinProperty(KSPROPERTY_PIN_MEDIUMS, 1);
    ASSERT_EQ(get(&defaulted, sizeof(defaulted), out.data(), out.size()), STATUS_SUCCESS);
    EXPECT_EQ(information_, 8u + sizeof(KSPIN_MEDIUM));
    const auto medium = out.read<KSPIN_MEDIUM>(8);
    EXPECT_TRUE(IsEqualGUID(medium.Set, KSMEDIUMSETID_Standard));
    EXPECT_EQ(medium.Id, ULONG(KSMEDIUM_TYPE_ANYINSTANCE));
}

TEST_F(PinSet, CategoryAndName)
{
    GUID category{};
    const KSP_PIN render = pinProperty(KSPROPERTY_PIN_CATEGORY, 0);
    ASSERT_EQ(get(&render, sizeof(render), &category, sizeof(category)), STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(category, KSCATEGORY_AUDIO));
    // ks-spec §12 item 43
    const KSP_PIN capture = pinProperty(KSPROPERTY_PIN_CATEGORY, 1);
    EXPECT_EQ(get(&capture, sizeof(capture), &category, sizeof(category)), STATUS_NOT_FOUND);

    const KSP_PIN name = pinProperty(KSPROPERTY_PIN_NAME, 0);
    EXPECT_EQ(get(&name, sizeof(name), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information_, 39u * sizeof(char16_t));
    char16_t text[39] = {};
    ASSERT_EQ(get(&name, sizeof(name), text, sizeof(text)), STATUS_SUCCESS);
    EXPECT_EQ(std::u16string(text), u"{6994AD04-93EF-11D0-A3CC-00A0C9223196}");  // KSCATEGORY_AUDIO
    const KSP_PIN unnamed = pinProperty(KSPROPERTY_PIN_NAME, 1);
    EXPECT_EQ(get(&unnamed, sizeof(unnamed), text, sizeof(text)), STATUS_NOT_FOUND);
}

TEST_F(PinSet, ProposeDataFormat)
{
    const KSP_PIN propose = pinProperty(KSPROPERTY_PIN_PROPOSEDATAFORMAT, 0, KSPROPERTY_TYPE_SET);
    Buffer good = audioFormat(wave(2, 16, 48000));
    EXPECT_EQ(get(&propose, sizeof(propose), good.data(), good.size(), KSPROPERTY_TYPE_SET), STATUS_SUCCESS);
    Buffer bad = audioFormat(wave(2, 16, 96000));
    EXPECT_EQ(get(&propose, sizeof(propose), bad.data(), bad.size(), KSPROPERTY_TYPE_SET), STATUS_NO_MATCH);
}

TEST_F(PinSet, DynamicIdsAreNotStatic)
{
    KSPIN_CINSTANCES instances{};
    const KSP_PIN query = pinProperty(KSPROPERTY_PIN_CINSTANCES, 0);
    EXPECT_EQ(get(&query, sizeof(query), &instances, sizeof(instances)), STATUS_NOT_FOUND);
}

TEST_F(PinSet, DataIntersectionThroughKsPinDataIntersectionEx)
{
    // ks-spec §12 item 42
    const KSDATARANGE_AUDIO caller = audioRange(2, 8, 16, 48000, 48000);
    IntersectionInput input(0);
    input.add(&caller, sizeof(caller));
    Buffer out(128);
    EXPECT_EQ(get(input.bytes().data(), input.bytes().size(), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information_, 82u);
    ASSERT_EQ(get(input.bytes().data(), input.bytes().size(), out.data(), out.size()), STATUS_SUCCESS);
    EXPECT_EQ(information_, 82u);
    EXPECT_EQ(out.read<WAVEFORMATEX>(sizeof(KSDATAFORMAT)).nSamplesPerSec, 48000u);

    IntersectionInput video(1);
    const KSDATARANGE_AUDIO audioOnly = audioRange(2, 16, 16, 48000, 48000);
    video.add(&audioOnly, sizeof(audioOnly));
    EXPECT_EQ(get(video.bytes().data(), video.bytes().size(), out.data(), out.size()), STATUS_NO_MATCH);
    EXPECT_EQ(information_, 0u);

    IntersectionInput missingPin(2);
    missingPin.add(&audioOnly, sizeof(audioOnly));
    EXPECT_EQ(get(missingPin.bytes().data(), missingPin.bytes().size(), out.data(), out.size()),
              STATUS_INVALID_PARAMETER);  // ks-spec §12 item 37
}

// A KS 1.0 intersect handler: answers only for 16-bit audio ranges.
int gKs10Calls = 0;
NTSTATUS ks10Handler(PIRP irp, PKSP_PIN, PKSDATARANGE range, PVOID data)
{
    ++gKs10Calls;
    const auto& audio = *reinterpret_cast<const KSDATARANGE_AUDIO*>(range);
    if (range->FormatSize < sizeof(KSDATARANGE_AUDIO) || audio.MaximumBitsPerSample != 16) {
        return STATUS_NO_MATCH;
    }
    std::memcpy(data, range, sizeof(KSDATAFORMAT));
    irp->IoStatus.Information = sizeof(KSDATAFORMAT);
    return STATUS_SUCCESS;
}

TEST(KsPinDataIntersectionTest, CallsTheHandlerPerCompatibleCallerRange)
{
    Filter filter;
    const KSDATARANGE_AUDIO deep = audioRange(2, 24, 24, 48000, 48000);
    const KSDATARANGE_AUDIO cd = audioRange(2, 16, 16, 44100, 44100);
    IntersectionInput input;
    input.add(&gCaptureRange, sizeof(gCaptureRange)).add(&deep, 88).add(&cd, 88);
    Buffer out(128);
    Request request(IOCTL_KS_PROPERTY, input.bytes().data(), input.bytes().size(), out.data(), out.size());
    gKs10Calls = 0;
    ASSERT_EQ(
        KsPinDataIntersection(request.get(), &input.bytes().at<KSP_PIN>(0), out.data(), 2, filter.pins, ks10Handler),
        STATUS_SUCCESS);
    EXPECT_EQ(gKs10Calls, 2);  // the video range is not offered to an audio pin
    EXPECT_EQ(request.information(), sizeof(KSDATAFORMAT));
    EXPECT_EQ(out.read<KSDATARANGE_AUDIO>(0).DataRange.FormatSize, 88u);

    IntersectionInput none;
    none.add(&deep, 88);
    Request noMatch(IOCTL_KS_PROPERTY, none.bytes().data(), none.bytes().size(), out.data(), out.size());
    EXPECT_EQ(
        KsPinDataIntersection(noMatch.get(), &none.bytes().at<KSP_PIN>(0), out.data(), 2, filter.pins, ks10Handler),
        STATUS_NO_MATCH);
}

}  // namespace
}  // namespace openks::ks
