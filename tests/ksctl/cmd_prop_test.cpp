// SPDX-License-Identifier: MIT
// ksctl prop get/set end to end: symbolic and raw names, decoded values, pin instances, BASICSUPPORT, JSON, errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "ksctl_runner.h"

namespace ksctl::test {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// ks-spec §12 item 36: CTYPES is the number of pin factories.
TEST(KsctlProp, PinCTypesByNameAndByRawGuid)
{
    KsctlRun named = runKsctl({"prop", "get", "null", "Pin.CTypes"});
    ASSERT_EQ(named.exitCode, 0) << named.err;
    EXPECT_EQ(named.out, "KSPROPSETID_Pin/CTYPES = 2 (0x2)\n");
    KsctlRun raw = runKsctl({"prop", "get", "null", "{8C134960-51AD-11CF-878A-94F801C10000}.1"});
    ASSERT_EQ(raw.exitCode, 0) << raw.err;
    EXPECT_EQ(raw.out, named.out);
    KsctlRun ksName = runKsctl({"prop", "get", "null", "KSPROPSETID_Pin.KSPROPERTY_PIN_CTYPES", "--json"});
    ASSERT_EQ(ksName.exitCode, 0) << ksName.err;
    nlohmann::json j = nlohmann::json::parse(ksName.out);
    EXPECT_EQ(j.at("value"), 2);
    EXPECT_EQ(j.at("property"), "KSPROPSETID_Pin/CTYPES");
    EXPECT_EQ(j.at("status"), "STATUS_SUCCESS");
}

// ks-spec §12 items 38, 40: the ranges come back whole and decode.
TEST(KsctlProp, DataRangesOfAPinFactoryDecode)
{
    KsctlRun r = runKsctl({"prop", "get", "tone", "--pin", "0", "Pin.DataRanges", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("object"), "pin 0");
    EXPECT_EQ(j.at("bytes"), 8 + 88 + 88);
    ASSERT_EQ(j.at("value").size(), 2u);
    EXPECT_EQ(j.at("value")[1].at("subFormat"), "KSDATAFORMAT_SUBTYPE_IEEE_FLOAT");
    KsctlRun text = runKsctl({"prop", "get", "tone", "--pin", "0", "Pin.DataRanges"});
    EXPECT_TRUE(contains(text.out, "[0] audio PCM: 1-8 channels, 16-32 bits, 8000-192000 Hz")) << text.out;
}

// ks-spec §12 item 28: a new pin is in STOP.
TEST(KsctlProp, PropertiesOfAPinInstance)
{
    KsctlRun state = runKsctl({"prop", "get", "tone", "--pin", "0", "Connection.State"});
    ASSERT_EQ(state.exitCode, 0) << state.err;
    EXPECT_EQ(state.out, "KSPROPSETID_Connection/STATE = STOP (0)\n");
    KsctlRun frequency = runKsctl({"prop", "get", "tone", "--pin", "0", "Tone.Frequency"});
    ASSERT_EQ(frequency.exitCode, 0) << frequency.err;
    EXPECT_EQ(frequency.out, "KSPROPSETID_OpenksTone/FREQUENCY = 1000 (0x3E8)\n");
    KsctlRun pacing = runKsctl({"prop", "get", "tone", "--pin", "0", "Tone.Pacing", "--json"});
    ASSERT_EQ(pacing.exitCode, 0) << pacing.err;
    EXPECT_EQ(nlohmann::json::parse(pacing.out).at("value"), "REALTIME");
    KsctlRun format = runKsctl({"prop", "get", "tone", "--pin", "0", "Connection.DataFormat"});
    ASSERT_EQ(format.exitCode, 0) << format.err;
    EXPECT_EQ(format.out, "KSPROPSETID_Connection/DATAFORMAT = PCM 48000 Hz, 2 channels, 16 bits\n");
    KsctlRun stats = runKsctl({"prop", "get", "null", "--pin", "0", "Null.Statistics"});
    ASSERT_EQ(stats.exitCode, 0) << stats.err;
    EXPECT_EQ(stats.out, "KSPROPSETID_OpenksNull/STATISTICS = 0 bytes in 0 frames\n");
}

TEST(KsctlProp, SetParsesTheValueByTheType)
{
    KsctlRun ok = runKsctl({"prop", "set", "tone", "--pin", "0", "Tone.Frequency", "440"});
    ASSERT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_TRUE(contains(ok.out, "FREQUENCY = 440 (0x1B8) (set on pin 0 instance of tone)")) << ok.out;
    KsctlRun level = runKsctl({"prop", "set", "tone", "--pin", "0", "Tone.Level", "--", "-655360"});
    ASSERT_EQ(level.exitCode, 0) << level.err;
    KsctlRun pacing = runKsctl({"prop", "set", "tone", "--pin", "0", "Tone.Pacing", "free-running"});
    ASSERT_EQ(pacing.exitCode, 0) << pacing.err;
    if (driverBuilt("wavout")) {
        KsctlRun name = runKsctl({"prop", "set", "wavout", "--pin", "0", "Wavout.Filename", "/tmp/ksctl-test.wav"});
        ASSERT_EQ(name.exitCode, 0) << name.err;
        EXPECT_TRUE(contains(name.out, "\"/tmp/ksctl-test.wav\"")) << name.out;
    }
}

TEST(KsctlProp, BadValuesAreUsageErrorsAndRefusedValuesShowWhatIsAccepted)
{
    KsctlRun text = runKsctl({"prop", "set", "tone", "--pin", "0", "Tone.Frequency", "loud"});
    EXPECT_EQ(text.exitCode, 2);
    EXPECT_TRUE(contains(text.err, "'loud' is not a valid value for KSPROPSETID_OpenksTone/FREQUENCY (ULONG)"))
        << text.err;
    KsctlRun negative = runKsctl({"prop", "set", "tone", "--pin", "0", "Tone.Frequency", "--", "-5"});
    EXPECT_EQ(negative.exitCode, 2);
    // ks-spec §12 item 46: the refusal quotes BASICSUPPORT's stepped range.
    KsctlRun range = runKsctl({"prop", "set", "tone", "--pin", "0", "Tone.Frequency", "30000"});
    EXPECT_EQ(range.exitCode, 1);
    EXPECT_TRUE(contains(range.err, "STATUS_INVALID_PARAMETER")) << range.err;
    EXPECT_TRUE(contains(range.err, "stepped ranges: 1..23999 step 1")) << range.err;
}

// ks-spec §12 item 46.
TEST(KsctlProp, BasicSupportDecodesTheDescriptionAndMembers)
{
    KsctlRun r = runKsctl({"prop", "get", "tone", "--pin", "0", "Tone.Level", "--basic", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json support = nlohmann::json::parse(r.out).at("basicSupport");
    EXPECT_EQ(support.at("access"), "GET|SET");
    EXPECT_EQ(support.at("vartype"), 3);  // VT_I4
    ASSERT_EQ(support.at("members").size(), 1u);
    EXPECT_EQ(support.at("members")[0].at("kind"), "stepped ranges");
    EXPECT_EQ(support.at("members")[0].at("values")[0].at("min"), -96 * 65536);
    EXPECT_EQ(support.at("members")[0].at("values")[0].at("max"), 0);
}

// ks-spec §12 item 44: unknown set and unknown id.
TEST(KsctlProp, UnsupportedPropertiesExitSixListingTheSets)
{
    KsctlRun set = runKsctl({"prop", "get", "tone", "{01234567-89AB-CDEF-0123-456789ABCDEF}.0"});
    EXPECT_EQ(set.exitCode, 6);
    EXPECT_TRUE(contains(set.err, "STATUS_PROPSET_NOT_FOUND")) << set.err;
    EXPECT_TRUE(contains(set.err, "its property sets: Pin")) << set.err;
    KsctlRun id = runKsctl({"prop", "get", "tone", "Topology.77"});
    EXPECT_EQ(id.exitCode, 6);
    EXPECT_TRUE(contains(id.err, "STATUS_NOT_FOUND")) << id.err;
}

TEST(KsctlProp, NamesThatDoNotParseAreUsageErrors)
{
    KsctlRun noDot = runKsctl({"prop", "get", "tone", "CTypes"});
    EXPECT_EQ(noDot.exitCode, 2);
    EXPECT_TRUE(contains(noDot.err, "write SET.ID")) << noDot.err;
    KsctlRun unknownSet = runKsctl({"prop", "get", "tone", "Toaster.Heat"});
    EXPECT_EQ(unknownSet.exitCode, 2);
    EXPECT_TRUE(contains(unknownSet.err, "known sets: Pin Connection")) << unknownSet.err;
    KsctlRun unknownId = runKsctl({"prop", "get", "tone", "Pin.Colour"});
    EXPECT_EQ(unknownId.exitCode, 2);
    EXPECT_TRUE(contains(unknownId.err, "Pin properties: CINSTANCES CTYPES")) << unknownId.err;
    KsctlRun badGuid = runKsctl({"prop", "get", "tone", "{1234}.0"});
    EXPECT_EQ(badGuid.exitCode, 2);
}

TEST(KsctlProp, NodePropertiesCarryTheChannel)
{
    if (!driverBuilt("gain")) GTEST_SKIP() << "the gain driver is not built";
    KsctlRun get = runKsctl({"--trace", "prop", "get", "gain", "--node", "0", "Audio.VolumeLevel"});
    ASSERT_EQ(get.exitCode, 0) << get.err;
    EXPECT_EQ(get.out, "KSPROPSETID_Audio/VOLUMELEVEL = 0\n");  // the driver's default: 0 dB
    EXPECT_TRUE(contains(get.err, "VOLUMELEVEL GET|TOPOLOGY node=0 channel=0 in=40 out=4 -> STATUS_SUCCESS"))
        << get.err;
    KsctlRun set = runKsctl({"--trace", "prop", "set", "gain", "--node", "0", "Audio.VolumeLevel", "--", "-393216"});
    ASSERT_EQ(set.exitCode, 0) << set.err;
    EXPECT_TRUE(contains(set.err, "SET|TOPOLOGY node=0 channel=-1 value=-393216 in=40 out=4 -> STATUS_SUCCESS"))
        << set.err;
    KsctlRun basic = runKsctl({"prop", "get", "gain", "--node", "0", "--channel", "1", "Audio.VolumeLevel", "--basic"});
    ASSERT_EQ(basic.exitCode, 0) << basic.err;
    EXPECT_TRUE(contains(basic.out, "stepped ranges: -6291456..0 step 1")) << basic.out;
}

TEST(KsctlProp, MissingPinsAndNodesExitThree)
{
    KsctlRun pin = runKsctl({"prop", "get", "tone", "--pin", "5", "Pin.DataFlow"});
    EXPECT_EQ(pin.exitCode, 3);
    EXPECT_TRUE(contains(pin.err, "tone has no pin 5 (it has 1 pin factories)")) << pin.err;
    KsctlRun node = runKsctl({"prop", "get", "tone", "--node", "0", "Audio.VolumeLevel"});
    EXPECT_EQ(node.exitCode, 3);
    EXPECT_TRUE(contains(node.err, "tone has no topology node 0")) << node.err;
    KsctlRun channel = runKsctl({"prop", "get", "tone", "--channel", "0", "Audio.VolumeLevel"});
    EXPECT_EQ(channel.exitCode, 2);
}

}  // namespace
}  // namespace ksctl::test
