// SPDX-License-Identifier: MIT
// The tone driver through the client API: the tone core's samples, exact timestamps, real-time pacing, properties.
#include <gtest/gtest.h>

#include <openks/client.h>
#include <openks/drivers/tone.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "core/sine.h"
#include "driver_test_support.h"

namespace openks::test {
namespace {

using tone::SampleFormat;
using tone::SineConfig;
using tone::SineGenerator;

class ToneTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        path_ = driverPath("tone", KSCATEGORY_CAPTURE);
        ASSERT_FALSE(path_.empty()) << "the tone driver is not published in KSCATEGORY_CAPTURE";
        Result<Filter> filter = Filter::open(path_);
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(*filter);
    }

    Pin createPin(const std::vector<std::byte>& format)
    {
        Result<Pin> pin = Pin::create(filter_, TONE_PIN_CAPTURE, format);
        EXPECT_TRUE(pin.ok()) << pin.error().message();
        return pin ? std::move(*pin) : Pin();
    }

    // Reads `count` buffers of `bytes` each, one request at a time; returns the headers as completed.
    std::vector<KSSTREAM_HEADER> readBuffers(const Pin& pin, std::vector<std::uint8_t>* data, ULONG bytes, int count)
    {
        data->assign(static_cast<size_t>(bytes) * count, 0xEE);
        std::vector<KSSTREAM_HEADER> headers;
        for (int i = 0; i < count; ++i) {
            KSSTREAM_HEADER h = streamHeader(data->data() + static_cast<size_t>(i) * bytes, bytes, false);
            Completion c = submitAndWait(pin, IOCTL_KS_READ_STREAM, &h, sizeof(h));
            EXPECT_EQ(c.status, STATUS_SUCCESS) << "read " << i;
            headers.push_back(h);
        }
        return headers;
    }

    std::string path_;
    Filter filter_;
};

std::vector<std::uint8_t> expectedSamples(const SineConfig& config, std::uint64_t frames)
{
    SineGenerator generator;
    EXPECT_EQ(generator.configure(config), STATUS_SUCCESS);
    std::vector<std::uint8_t> bytes(frames * generator.frameBytes());
    EXPECT_EQ(generator.generate(bytes.data(), bytes.size(), frames), STATUS_SUCCESS);
    return bytes;
}

TEST_F(ToneTest, ReadsCarryTheCoreSineWithExactContinuousTimestamps)
{
    Pin pin = createPin(audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.valid());
    ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, 440), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_LEVEL, static_cast<ULONG>(-3 * 65536)),
              STATUS_SUCCESS);
    ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, OPENKS_TONE_PACING_FREERUNNING),
              STATUS_SUCCESS);
    setStateOrFail(pin, KSSTATE_RUN);

    // 441 frames per read: a period that does not divide 10^7 / 48000 evenly, so the stamps must round.
    constexpr ULONG kFrames = 441;
    constexpr int kReads = 40;
    std::vector<std::uint8_t> data;
    std::vector<KSSTREAM_HEADER> headers = readBuffers(pin, &data, kFrames * 4, kReads);

    SineConfig config;
    config.sampleRate = 48000;
    config.channels = 2;
    config.format = SampleFormat::Pcm16;
    config.frequency = 440;
    config.level = tone::dbfsToLevel(-3.0);
    EXPECT_EQ(data, expectedSamples(config, std::uint64_t{kFrames} * kReads));

    LONGLONG previousEnd = 0;
    for (int i = 0; i < kReads; ++i) {
        const KSSTREAM_HEADER& h = headers[i];
        SCOPED_TRACE("read " + std::to_string(i));
        EXPECT_EQ(h.DataUsed, kFrames * 4);
        EXPECT_EQ(h.OptionsFlags & (KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID),
                  ULONG{KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID});
        EXPECT_EQ(h.PresentationTime.Time, tone::framesToTime(std::uint64_t{kFrames} * i, 48000));
        EXPECT_EQ(h.PresentationTime.Time, previousEnd);  // monotonic and gap-free; the first is 0
        EXPECT_EQ(h.Duration, tone::framesToTime(std::uint64_t{kFrames} * (i + 1), 48000) - h.PresentationTime.Time);
        EXPECT_EQ(h.PresentationTime.Numerator, 1u);
        EXPECT_EQ(h.PresentationTime.Denominator, 1u);
        previousEnd = h.PresentationTime.Time + h.Duration;
    }
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(ToneTest, EveryFormatProducesTheCoreBytes)
{
    struct Case {
        WORD channels;
        DWORD rate;
        WORD bits;
        bool isFloat;
        bool extensible;
        SampleFormat sample;
    };
    const Case cases[] = {
        {1, 8000, 16, false, false, SampleFormat::Pcm16},   {2, 44100, 24, false, true, SampleFormat::Pcm24},
        {6, 96000, 32, false, true, SampleFormat::Pcm32},   {2, 48000, 32, true, false, SampleFormat::Float32},
        {8, 192000, 32, true, true, SampleFormat::Float32},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::to_string(c.channels) + " ch " + std::to_string(c.rate) + " Hz " + std::to_string(c.bits) +
                     (c.isFloat ? " float" : " pcm") + (c.extensible ? " extensible" : ""));
        Pin pin = createPin(audioFormat(c.channels, c.rate, c.bits, c.isFloat, c.extensible));
        ASSERT_TRUE(pin.valid());
        ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, OPENKS_TONE_PACING_FREERUNNING),
                  STATUS_SUCCESS);
        setStateOrFail(pin, KSSTATE_RUN);
        const ULONG block = c.channels * c.bits / 8;
        std::vector<std::uint8_t> data;
        std::vector<KSSTREAM_HEADER> headers = readBuffers(pin, &data, 256 * block, 3);
        SineConfig config;
        config.sampleRate = c.rate;
        config.channels = c.channels;
        config.format = c.sample;
        config.frequency = OPENKS_TONE_DEFAULT_FREQUENCY;
        config.level = tone::dbfsToLevel(OPENKS_TONE_DEFAULT_LEVEL / 65536.0);
        EXPECT_EQ(data, expectedSamples(config, 256 * 3));
        setStateOrFail(pin, KSSTATE_STOP);
    }
}

TEST_F(ToneTest, DataUsedIsTheWholeFramesThatFitAndATooSmallReadFails)
{
    Pin pin = createPin(audioFormat(2, 48000, 24));  // 6-byte frames
    ASSERT_TRUE(pin.valid());
    ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, OPENKS_TONE_PACING_FREERUNNING),
              STATUS_SUCCESS);
    setStateOrFail(pin, KSSTATE_RUN);
    std::vector<std::uint8_t> buffer(1000, 0xEE);
    KSSTREAM_HEADER h = streamHeader(buffer.data(), 1000, false);
    EXPECT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &h, sizeof(h)).status, STATUS_SUCCESS);
    EXPECT_EQ(h.DataUsed, 996u);   // 166 frames
    EXPECT_EQ(buffer[996], 0xEE);  // bytes past the frames are untouched

    KSSTREAM_HEADER tiny = streamHeader(buffer.data(), 5, false);
    EXPECT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &tiny, sizeof(tiny)).status, STATUS_BUFFER_TOO_SMALL);

    // The failed read consumed no frames: the next one starts where the first ended.
    KSSTREAM_HEADER next = streamHeader(buffer.data(), 600, false);
    EXPECT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &next, sizeof(next)).status, STATUS_SUCCESS);
    EXPECT_EQ(next.PresentationTime.Time, tone::framesToTime(166, 48000));
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(ToneTest, StopRestartsTheStreamAtTimeZero)
{
    Pin pin = createPin(audioFormat(1, 16000, 16));
    ASSERT_TRUE(pin.valid());
    ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, OPENKS_TONE_PACING_FREERUNNING),
              STATUS_SUCCESS);
    std::vector<std::uint8_t> first;
    std::vector<std::uint8_t> second;
    for (std::vector<std::uint8_t>* data : {&first, &second}) {
        setStateOrFail(pin, KSSTATE_RUN);
        std::vector<KSSTREAM_HEADER> headers = readBuffers(pin, data, 320, 2);
        EXPECT_EQ(headers[0].PresentationTime.Time, 0);
        EXPECT_EQ(headers[1].PresentationTime.Time, 100000);  // 160 frames at 16 kHz = 10 ms
        setStateOrFail(pin, KSSTATE_STOP);
    }
    EXPECT_EQ(first, second);
}

TEST_F(ToneTest, RealTimePacingReleasesNoReadBeforeItsEndTime)
{
    Pin pin = createPin(audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.valid());
    ULONG pacing = 99;
    ASSERT_EQ(getUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, &pacing), STATUS_SUCCESS);
    EXPECT_EQ(pacing, ULONG{OPENKS_TONE_PACING_REALTIME});  // the default
    const auto before = std::chrono::steady_clock::now();
    setStateOrFail(pin, KSSTATE_RUN);
    std::vector<std::uint8_t> buffer(480 * 4);
    for (int i = 1; i <= 5; ++i) {
        KSSTREAM_HEADER h = streamHeader(buffer.data(), 480 * 4, false);
        ASSERT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &h, sizeof(h)).status, STATUS_SUCCESS);
        const auto elapsed = std::chrono::steady_clock::now() - before;
        // Read i ends i × 10 ms after RUN; the clock started after `before`.
        EXPECT_GE(elapsed, std::chrono::milliseconds(10 * i)) << "read " << i << " completed early";
        EXPECT_EQ(h.PresentationTime.Time + h.Duration, LONGLONG{100000} * i);
    }
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(ToneTest, ReadsQueuedInPauseAreFilledAfterRun)
{
    Pin pin = createPin(audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.valid());
    ASSERT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, OPENKS_TONE_PACING_FREERUNNING),
              STATUS_SUCCESS);
    setStateOrFail(pin, KSSTATE_PAUSE);
    std::vector<std::uint8_t> buffer(1920);
    KSSTREAM_HEADER h = streamHeader(buffer.data(), 1920, false);
    AsyncIo read;
    ASSERT_EQ(read.start(pin, IOCTL_KS_READ_STREAM, &h, sizeof(h)), STATUS_PENDING);  // nothing is filled in PAUSE
    setStateOrFail(pin, KSSTATE_RUN);
    EXPECT_EQ(read.wait().status, STATUS_SUCCESS);
    EXPECT_EQ(h.DataUsed, 1920u);
    EXPECT_EQ(h.PresentationTime.Time, 0);
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(ToneTest, StopCompletesAWaitingRealTimeRead)
{
    Pin pin = createPin(audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.valid());
    setStateOrFail(pin, KSSTATE_RUN);
    std::vector<std::uint8_t> buffer(48000 * 4 * 10);  // 10 s: far from due
    KSSTREAM_HEADER h = streamHeader(buffer.data(), static_cast<ULONG>(buffer.size()), false);
    AsyncIo read;
    ASSERT_EQ(read.start(pin, IOCTL_KS_READ_STREAM, &h, sizeof(h)), STATUS_PENDING);
    setStateOrFail(pin, KSSTATE_STOP);
    EXPECT_EQ(read.wait().status, STATUS_CANCELLED);
    EXPECT_EQ(h.DataUsed, 0u);
}

TEST_F(ToneTest, PropertiesValidateTheirValues)
{
    Pin pin = createPin(audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.valid());
    ULONG value = 0;
    ASSERT_EQ(getUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, ULONG{OPENKS_TONE_DEFAULT_FREQUENCY});
    ASSERT_EQ(getUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_LEVEL, &value), STATUS_SUCCESS);
    EXPECT_EQ(static_cast<LONG>(value), OPENKS_TONE_DEFAULT_LEVEL);

    EXPECT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, 0), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, 24000),
              STATUS_INVALID_PARAMETER);  // Nyquist itself is out
    EXPECT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, 23999), STATUS_SUCCESS);
    EXPECT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_LEVEL, 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_LEVEL, static_cast<ULONG>(-97 * 65536)),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(setUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, 2), STATUS_INVALID_PARAMETER);
    ASSERT_EQ(getUlong(pin, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, 23999u);
}

// ks-spec §12 item 46: BASICSUPPORT with the description size, then with the full size.
TEST_F(ToneTest, FrequencyBasicSupportIsASteppedRangeUpToNyquist)
{
    Pin pin = createPin(audioFormat(2, 44100, 16));
    ASSERT_TRUE(pin.valid());
    KSPROPERTY p =
        Object::makeProperty(KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, KSPROPERTY_TYPE_BASICSUPPORT);
    IoResult size = pin.ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), nullptr, 0);
    ASSERT_EQ(size.status, STATUS_BUFFER_OVERFLOW);
    struct {
        KSPROPERTY_DESCRIPTION description;
        KSPROPERTY_MEMBERSHEADER members;
        KSPROPERTY_STEPPING_LONG stepping;
    } answer{};
    ASSERT_EQ(size.information, sizeof(answer));
    IoResult full = pin.ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), &answer, sizeof(answer));
    ASSERT_EQ(full.status, STATUS_SUCCESS);
    EXPECT_EQ(answer.description.AccessFlags, ULONG{KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET});
    EXPECT_EQ(answer.description.DescriptionSize, sizeof(answer));
    EXPECT_EQ(answer.description.MembersListCount, 1u);
    EXPECT_EQ(answer.members.MembersFlags, ULONG{KSPROPERTY_MEMBER_STEPPEDRANGES});
    EXPECT_EQ(answer.stepping.SteppingDelta, 1u);
    EXPECT_EQ(answer.stepping.Bounds.UnsignedMinimum, 1u);
    EXPECT_EQ(answer.stepping.Bounds.UnsignedMaximum, 22049u);

    KSPROPERTY level =
        Object::makeProperty(KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_LEVEL, KSPROPERTY_TYPE_BASICSUPPORT);
    ASSERT_EQ(pin.ioctl(IOCTL_KS_PROPERTY, &level, sizeof(level), &answer, sizeof(answer)).status, STATUS_SUCCESS);
    EXPECT_EQ(answer.members.MembersFlags, ULONG{KSPROPERTY_MEMBER_STEPPEDRANGES});
    EXPECT_EQ(answer.stepping.Bounds.SignedMinimum, OPENKS_TONE_MIN_LEVEL);
    EXPECT_EQ(answer.stepping.Bounds.SignedMaximum, 0);
}

TEST_F(ToneTest, AllocatorFramingIsTenMillisecondsOfThePinFormat)
{
    Pin pin = createPin(audioFormat(2, 44100, 24));
    ASSERT_TRUE(pin.valid());
    Result<KSALLOCATOR_FRAMING_EX> framing =
        pin.get<KSALLOCATOR_FRAMING_EX>(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX);
    ASSERT_TRUE(framing.ok()) << framing.error().message();
    EXPECT_EQ(framing->CountItems, 1u);
    EXPECT_EQ(framing->FramingItem[0].FramingRange.Range.MinFrameSize, 441u * 6);
    EXPECT_EQ(framing->FramingItem[0].FramingRange.Range.MaxFrameSize, 441u * 6);
}

TEST_F(ToneTest, IntersectionPicksStereoSixteenBitFortyEightKilohertz)  // ks-spec §12 item 42
{
    KSDATARANGE_AUDIO caller{};
    caller.DataRange.FormatSize = sizeof(caller);
    caller.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    caller.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    caller.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    caller.MaximumChannels = 6;
    caller.MinimumBitsPerSample = 8;
    caller.MaximumBitsPerSample = 32;
    caller.MinimumSampleFrequency = 8000;
    caller.MaximumSampleFrequency = 96000;
    const KSDATARANGE* ranges[] = {&caller.DataRange};
    Result<std::vector<std::byte>> format = filter_.intersect(TONE_PIN_CAPTURE, ranges);
    ASSERT_TRUE(format.ok()) << format.error().message();
    ASSERT_EQ(format->size(), sizeof(KSDATAFORMAT_WAVEFORMATEX));
    KSDATAFORMAT_WAVEFORMATEX f;
    std::memcpy(&f, format->data(), sizeof(f));
    EXPECT_EQ(f.WaveFormatEx.nChannels, 2);
    EXPECT_EQ(f.WaveFormatEx.wBitsPerSample, 16);
    EXPECT_EQ(f.WaveFormatEx.nSamplesPerSec, 48000u);
    // The intersected format creates a pin.
    Result<Pin> pin = Pin::create(filter_, TONE_PIN_CAPTURE, *format);
    EXPECT_TRUE(pin.ok()) << pin.error().message();
}

TEST_F(ToneTest, FormatsOutsideTheRangesAreRefused)
{
    EXPECT_EQ(Pin::create(filter_, TONE_PIN_CAPTURE, audioFormat(2, 48000, 8)).status(), STATUS_NO_MATCH);
    EXPECT_EQ(Pin::create(filter_, TONE_PIN_CAPTURE, audioFormat(9, 48000, 16)).status(), STATUS_NO_MATCH);
    EXPECT_EQ(Pin::create(filter_, TONE_PIN_CAPTURE, audioFormat(2, 4000, 16)).status(), STATUS_NO_MATCH);
    EXPECT_EQ(Pin::create(filter_, TONE_PIN_CAPTURE, audioFormat(2, 48000, 16, true)).status(), STATUS_NO_MATCH);
}

}  // namespace
}  // namespace openks::test
