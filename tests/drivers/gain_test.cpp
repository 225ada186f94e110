// SPDX-License-Identifier: MIT
// The gain driver through the client API: the gain core's output, the topology and the volume node as KS says.
#include <gtest/gtest.h>

#include <openks/client.h>
#include <openks/drivers/gain.h>

#include <cmath>
#include <cstring>
#include <future>
#include <vector>

#include "core/gain.h"
#include "driver_test_support.h"

namespace openks::test {
namespace {

KSNODEPROPERTY_AUDIO_CHANNEL volumeRequest(ULONG id, ULONG flags, LONG channel, bool topology = true)
{
    KSNODEPROPERTY_AUDIO_CHANNEL v{};
    v.NodeProperty.Property.Set = KSPROPSETID_Audio;
    v.NodeProperty.Property.Id = id;
    v.NodeProperty.Property.Flags = flags | (topology ? KSPROPERTY_TYPE_TOPOLOGY : 0);
    v.NodeProperty.NodeId = GAIN_NODE_VOLUME;
    v.Channel = channel;
    return v;
}

class GainTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::string path = driverPath("gain", KSCATEGORY_DATATRANSFORM);
        ASSERT_FALSE(path.empty()) << "the gain driver is not published in KSCATEGORY_DATATRANSFORM";
        Result<Filter> filter = Filter::open(path);
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(*filter);
    }

    NTSTATUS setVolume(LONG channel, LONG level, bool topology = true)
    {
        KSNODEPROPERTY_AUDIO_CHANNEL v =
            volumeRequest(KSPROPERTY_AUDIO_VOLUMELEVEL, KSPROPERTY_TYPE_SET, channel, topology);
        return filter_.ioctl(IOCTL_KS_PROPERTY, &v, sizeof(v), &level, sizeof(level)).status;
    }

    LONG volume(LONG channel, bool topology = true)
    {
        KSNODEPROPERTY_AUDIO_CHANNEL v =
            volumeRequest(KSPROPERTY_AUDIO_VOLUMELEVEL, KSPROPERTY_TYPE_GET, channel, topology);
        LONG level = 0x7fffffff;
        IoResult r = filter_.ioctl(IOCTL_KS_PROPERTY, &v, sizeof(v), &level, sizeof(level));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(r.information, sizeof(LONG));
        return level;
    }

    void createPins(const std::vector<std::byte>& format)
    {
        Result<Pin> in = Pin::create(filter_, GAIN_PIN_IN, format);
        ASSERT_TRUE(in.ok()) << in.error().message();
        Result<Pin> out = Pin::create(filter_, GAIN_PIN_OUT, format);
        ASSERT_TRUE(out.ok()) << out.error().message();
        in_ = std::move(*in);
        out_ = std::move(*out);
        setStateOrFail(in_, KSSTATE_RUN);
        setStateOrFail(out_, KSSTATE_RUN);
    }

    // Writes `input` in one frame and reads it back in reads of `readBytes`; returns the read headers.
    std::vector<KSSTREAM_HEADER> transform(std::vector<std::uint8_t>& input, std::vector<std::uint8_t>* output,
                                           ULONG readBytes, KSSTREAM_HEADER* write = nullptr)
    {
        const std::size_t reads = (input.size() + readBytes - 1) / readBytes;
        output->assign(reads * readBytes, 0xEE);
        std::vector<KSSTREAM_HEADER> headers(reads);
        std::vector<AsyncIo> done(reads);
        for (std::size_t i = 0; i < reads; ++i) {
            headers[i] = streamHeader(output->data() + i * readBytes, readBytes, false);
            EXPECT_EQ(done[i].start(out_, IOCTL_KS_READ_STREAM, &headers[i], sizeof(KSSTREAM_HEADER)), STATUS_PENDING);
        }
        KSSTREAM_HEADER w =
            write != nullptr ? *write : streamHeader(input.data(), static_cast<ULONG>(input.size()), true);
        w.Data = input.data();
        EXPECT_EQ(submitAndWait(in_, IOCTL_KS_WRITE_STREAM, &w, sizeof(w)).status, STATUS_SUCCESS);
        for (AsyncIo& d : done) {
            EXPECT_EQ(d.wait().status, STATUS_SUCCESS);
        }
        return headers;
    }

    Filter filter_;
    Pin in_;
    Pin out_;
};

// −6.02 dB halves the signal: the output is the gain core's, and x / 2 within one step of rounding.
TEST_F(GainTest, MinusSixDecibelsHalvesSixteenBitPcmExactlyAsTheCore)
{
    const LONG level = gain::dbToVolumeLevel(-6.02);
    ASSERT_EQ(setVolume(-1, level), STATUS_SUCCESS);
    EXPECT_EQ(volume(0), level);
    EXPECT_EQ(volume(1), level);
    createPins(audioFormat(2, 48000, 16));
    ASSERT_TRUE(in_.valid() && out_.valid());

    std::vector<std::int16_t> samples(4800);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        samples[i] = static_cast<std::int16_t>(std::lround(30000.0 * std::sin(0.01 * static_cast<double>(i))));
    }
    samples[0] = 32767;
    samples[1] = -32768;
    std::vector<std::uint8_t> input(samples.size() * 2);
    std::memcpy(input.data(), samples.data(), input.size());
    std::vector<std::uint8_t> output;
    std::vector<KSSTREAM_HEADER> reads = transform(input, &output, static_cast<ULONG>(input.size()));
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].DataUsed, input.size());

    gain::Gain reference;
    ASSERT_EQ(reference.setChannelVolumeLevel(gain::kAllChannels, level), STATUS_SUCCESS);
    std::vector<std::uint8_t> expected = input;
    ASSERT_EQ(reference.apply(gain::SampleFormat::Pcm16, 2, expected.data(), expected.size()), STATUS_SUCCESS);
    output.resize(input.size());
    EXPECT_EQ(output, expected);
    // −6.02 dB is 0.500035...: each sample is x·g rounded, which is x / 2 up to that excess.
    const double g = std::pow(10.0, gain::volumeLevelToDb(level) / 20.0);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        std::int16_t y;
        std::memcpy(&y, output.data() + 2 * i, 2);
        ASSERT_LE(std::abs(static_cast<double>(y) - samples[i] * g), 0.5) << "sample " << i;
        ASSERT_LE(std::abs(static_cast<double>(y) - samples[i] / 2.0), 0.5 + std::abs(samples[i]) * (g - 0.5))
            << "sample " << i;
    }
}

TEST_F(GainTest, PerChannelLevelsAndMuteApplyToFloat)
{
    ASSERT_EQ(setVolume(0, -6 * 65536), STATUS_SUCCESS);
    ASSERT_EQ(setVolume(1, 0), STATUS_SUCCESS);
    createPins(audioFormat(2, 44100, 32, true, true));
    ASSERT_TRUE(in_.valid() && out_.valid());
    std::vector<float> samples = {0.5f, 0.5f, -1.0f, -1.0f, 0.25f, 0.25f};
    std::vector<std::uint8_t> input(samples.size() * 4);
    std::memcpy(input.data(), samples.data(), input.size());
    std::vector<std::uint8_t> output;
    transform(input, &output, static_cast<ULONG>(input.size()));
    std::vector<float> result(samples.size());
    std::memcpy(result.data(), output.data(), input.size());
    const double factor = std::pow(10.0, -6.0 / 20.0);
    for (std::size_t i = 0; i < samples.size(); i += 2) {
        EXPECT_EQ(result[i], static_cast<float>(static_cast<double>(samples[i]) * factor));
        EXPECT_EQ(result[i + 1], samples[i + 1]);  // 0 dB passes through
    }

    KSNODEPROPERTY_AUDIO_CHANNEL mute = volumeRequest(KSPROPERTY_AUDIO_MUTE, KSPROPERTY_TYPE_SET, -1);
    ULONG on = TRUE;
    ASSERT_EQ(filter_.ioctl(IOCTL_KS_PROPERTY, &mute, sizeof(mute), &on, sizeof(on)).status, STATUS_SUCCESS);
    transform(input, &output, static_cast<ULONG>(input.size()));
    std::memcpy(result.data(), output.data(), input.size());
    for (float f : result) {
        EXPECT_EQ(f, 0.0f);
    }
}

TEST_F(GainTest, AnOutputFrameEndsWithItsInputFrameAndCarriesItsTime)
{
    createPins(audioFormat(1, 8000, 16));
    ASSERT_TRUE(in_.valid() && out_.valid());
    std::vector<std::uint8_t> input(1000);
    for (std::size_t i = 0; i < input.size(); ++i) {
        input[i] = static_cast<std::uint8_t>(i);
    }
    KSSTREAM_HEADER w = streamHeader(input.data(), static_cast<ULONG>(input.size()), true);
    w.PresentationTime.Time = 123456;
    w.Duration = 625000;
    w.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
    std::vector<std::uint8_t> output;
    // Reads of 600 bytes: the 1000-byte frame fills the first and ends in the second.
    std::vector<KSSTREAM_HEADER> reads = transform(input, &output, 600, &w);
    ASSERT_EQ(reads.size(), 2u);
    EXPECT_EQ(reads[0].DataUsed, 600u);
    EXPECT_EQ(reads[1].DataUsed, 400u);
    EXPECT_EQ(reads[0].PresentationTime.Time, 123456);
    EXPECT_EQ(reads[0].Duration, 625000);
    EXPECT_NE(reads[0].OptionsFlags & KSSTREAM_HEADER_OPTIONSF_TIMEVALID, 0u);
    output.resize(input.size());
    EXPECT_EQ(output, input);  // 0 dB by default
}

TEST_F(GainTest, TheOutputFormatMustEqualTheInputFormat)
{
    Result<Pin> in = Pin::create(filter_, GAIN_PIN_IN, audioFormat(2, 48000, 16));
    ASSERT_TRUE(in.ok()) << in.error().message();
    EXPECT_EQ(Pin::create(filter_, GAIN_PIN_OUT, audioFormat(2, 44100, 16)).status(), STATUS_NO_MATCH);
    EXPECT_EQ(Pin::create(filter_, GAIN_PIN_OUT, audioFormat(2, 48000, 24)).status(), STATUS_NO_MATCH);
    // The same format, extensible: the same samples, accepted.
    Result<Pin> out = Pin::create(filter_, GAIN_PIN_OUT, audioFormat(2, 48000, 16, false, true));
    EXPECT_TRUE(out.ok()) << out.error().message();
}

TEST_F(GainTest, TopologyIsInputVolumeOutput)
{
    Result<std::vector<std::byte>> nodes = filter_.getBytes(KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_NODES);
    ASSERT_TRUE(nodes.ok()) << nodes.error().message();
    ASSERT_EQ(nodes->size(), sizeof(KSMULTIPLE_ITEM) + sizeof(GUID));
    GUID type;
    std::memcpy(&type, nodes->data() + sizeof(KSMULTIPLE_ITEM), sizeof(type));
    EXPECT_TRUE(IsEqualGUID(type, KSNODETYPE_VOLUME));

    Result<std::vector<std::byte>> connections =
        filter_.getBytes(KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_CONNECTIONS);
    ASSERT_TRUE(connections.ok()) << connections.error().message();
    ASSERT_EQ(connections->size(), sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSTOPOLOGY_CONNECTION));
    KSTOPOLOGY_CONNECTION c[2];
    std::memcpy(c, connections->data() + sizeof(KSMULTIPLE_ITEM), sizeof(c));
    EXPECT_EQ(c[0].FromNode, ULONG{KSFILTER_NODE});
    EXPECT_EQ(c[0].FromNodePin, ULONG{GAIN_PIN_IN});
    EXPECT_EQ(c[0].ToNode, ULONG{GAIN_NODE_VOLUME});
    EXPECT_EQ(c[0].ToNodePin, ULONG{KSNODEPIN_STANDARD_IN});
    EXPECT_EQ(c[1].FromNode, ULONG{GAIN_NODE_VOLUME});
    EXPECT_EQ(c[1].FromNodePin, ULONG{KSNODEPIN_STANDARD_OUT});
    EXPECT_EQ(c[1].ToNode, ULONG{KSFILTER_NODE});
    EXPECT_EQ(c[1].ToNodePin, ULONG{GAIN_PIN_OUT});
}

// ks-spec §12 item 46, as wsaudio and pinquery read volume ranges.
TEST_F(GainTest, VolumeBasicSupportIsASteppedRangeFromMinus96ToZeroDecibels)
{
    KSNODEPROPERTY_AUDIO_CHANNEL v = volumeRequest(KSPROPERTY_AUDIO_VOLUMELEVEL, KSPROPERTY_TYPE_BASICSUPPORT, 0);
    KSPROPERTY_DESCRIPTION description{};
    ASSERT_EQ(filter_.ioctl(IOCTL_KS_PROPERTY, &v, sizeof(v), &description, sizeof(description)).status,
              STATUS_SUCCESS);
    struct {
        KSPROPERTY_DESCRIPTION description;
        KSPROPERTY_MEMBERSHEADER members;
        KSPROPERTY_STEPPING_LONG stepping;
    } full{};
    ASSERT_EQ(description.DescriptionSize, sizeof(full));
    ASSERT_EQ(filter_.ioctl(IOCTL_KS_PROPERTY, &v, sizeof(v), &full, sizeof(full)).status, STATUS_SUCCESS);
    EXPECT_EQ(full.description.AccessFlags, ULONG{KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET});
    EXPECT_EQ(full.description.PropTypeSet.Id, ULONG{VT_I4});
    EXPECT_EQ(full.members.MembersFlags, ULONG{KSPROPERTY_MEMBER_STEPPEDRANGES});
    EXPECT_EQ(full.stepping.Bounds.SignedMinimum, -96 * 65536);
    EXPECT_EQ(full.stepping.Bounds.SignedMaximum, 0);
}

TEST_F(GainTest, VolumeIsTheSameThroughTheFilterAndRefusesBadValues)
{
    ASSERT_EQ(setVolume(3, -12 * 65536, false), STATUS_SUCCESS);  // a filter property
    EXPECT_EQ(volume(3, true), -12 * 65536);                      // read back through the node
    EXPECT_EQ(volume(2, false), 0);
    EXPECT_EQ(setVolume(0, 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(setVolume(0, -97 * 65536), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(setVolume(8, 0), STATUS_INVALID_PARAMETER);
    KSNODEPROPERTY_AUDIO_CHANNEL v = volumeRequest(KSPROPERTY_AUDIO_VOLUMELEVEL, KSPROPERTY_TYPE_GET, 0);
    v.NodeProperty.NodeId = 7;  // a node request for a node the filter does not have
    LONG level = 0;
    EXPECT_EQ(filter_.ioctl(IOCTL_KS_PROPERTY, &v, sizeof(v), &level, sizeof(level)).status, STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace openks::test
