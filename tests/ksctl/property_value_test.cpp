// SPDX-License-Identifier: MIT
// Property values by type: parsing what a user types, decoding what a driver answers (short answers included),
// UTF-16 strings and BASICSUPPORT descriptions.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "ksctl/property_value.h"

namespace ksctl {
namespace {

template <class T>
std::vector<std::byte> bytesOf(const T& value)
{
    std::vector<std::byte> out(sizeof(T));
    std::memcpy(out.data(), &value, sizeof(T));
    return out;
}

TEST(KsctlPropertyValue, ParsesEachTypeOrSaysWhy)
{
    struct Case {
        ValueType type;
        const char* text;
        std::vector<std::byte> expected;  // empty: refused
    };
    const std::vector<Case> cases = {
        {ValueType::Ulong, "440", bytesOf(ULONG(440))},
        {ValueType::Ulong, "0x10", bytesOf(ULONG(16))},
        {ValueType::Ulong, "4294967295", bytesOf(ULONG(0xFFFFFFFF))},
        {ValueType::Ulong, "4294967296", {}},
        {ValueType::Ulong, "-1", {}},
        {ValueType::Ulong, " 1", {}},
        {ValueType::Ulong, "12abc", {}},
        {ValueType::Long, "-393216", bytesOf(LONG(-393216))},
        {ValueType::Long, "2147483648", {}},
        {ValueType::Bool, "on", bytesOf(ULONG(1))},
        {ValueType::Bool, "FALSE", bytesOf(ULONG(0))},
        {ValueType::Bool, "maybe", {}},
        {ValueType::State, "pause", bytesOf(KSSTATE_PAUSE)},
        {ValueType::State, "walk", {}},
        {ValueType::Pacing, "free-running", bytesOf(ULONG(1))},
        {ValueType::Pacing, "REALTIME", bytesOf(ULONG(0))},
        {ValueType::Pacing, "2", {}},
        {ValueType::Longlong, "-5", bytesOf(LONGLONG(-5))},
        {ValueType::Guid, "{8C134960-51AD-11CF-878A-94F801C10000}", bytesOf(KSPROPSETID_Pin)},
        {ValueType::Guid, "pin", {}},
        {ValueType::Priority, "high:3", bytesOf(KSPRIORITY{KSPRIORITY_HIGH, 3})},
        {ValueType::Unknown, "7", bytesOf(ULONG(7))},
        {ValueType::Unknown, "u64:7", bytesOf(ULONGLONG(7))},
        {ValueType::Unknown, "hex:01 02 ff", {std::byte{1}, std::byte{2}, std::byte{0xff}}},
        {ValueType::Unknown, "hex:1", {}},
        {ValueType::DataRanges, "3", {}},
    };
    for (const Case& c : cases) {
        std::vector<std::byte> bytes;
        std::string why;
        const bool ok = parseValue(c.type, c.text, &bytes, &why);
        EXPECT_EQ(ok, !c.expected.empty()) << c.text;
        if (ok) {
            EXPECT_EQ(bytes, c.expected) << c.text;
        } else {
            EXPECT_FALSE(why.empty()) << c.text;
        }
    }
}

TEST(KsctlPropertyValue, DecodesKnownTypesAndFallsBackToHexOnShortAnswers)
{
    EXPECT_EQ(decodeValue(ValueType::State, bytesOf(KSSTATE_RUN)).text, "RUN (3)");
    EXPECT_EQ(decodeValue(ValueType::State, bytesOf(KSSTATE_RUN)).json, "RUN");
    EXPECT_EQ(decodeValue(ValueType::Pacing, bytesOf(ULONG(1))).json, "FREERUNNING");
    EXPECT_EQ(decodeValue(ValueType::Guid, bytesOf(KSCATEGORY_AUDIO)).json, "KSCATEGORY_AUDIO");
    EXPECT_EQ(decodeValue(ValueType::CInstances, bytesOf(KSPIN_CINSTANCES{KSINSTANCE_INDETERMINATE, 2})).text,
              "possible unlimited, current 2");
    EXPECT_EQ(decodeValue(ValueType::AudioPosition, bytesOf(KSAUDIO_POSITION{10, 20})).text,
              "PlayOffset 10, WriteOffset 20");
    DecodedValue shortAnswer = decodeValue(ValueType::Ulonglong, bytesOf(ULONG(5)));
    EXPECT_NE(shortAnswer.text.find("4 bytes, too short"), std::string::npos) << shortAnswer.text;
    const std::vector<std::byte> raw = {std::byte{0xab}, std::byte{1}};
    EXPECT_EQ(decodeValue(ValueType::Unknown, raw).text, "ab 01");
}

TEST(KsctlPropertyValue, DecodesListsAndRejectsMalformedOnes)
{
    struct {
        KSMULTIPLE_ITEM head;
        KSTOPOLOGY_CONNECTION c;
    } one = {{sizeof(KSMULTIPLE_ITEM) + sizeof(KSTOPOLOGY_CONNECTION), 1}, {KSFILTER_NODE, 0, 2, 1}};
    DecodedValue v = decodeValue(ValueType::Connections, bytesOf(one));
    EXPECT_EQ(v.text, "filter pin 0 -> node 2 pin 1");
    EXPECT_EQ(v.json[0]["fromNode"], "filter");
    one.head.Count = 2;  // claims more than it holds
    EXPECT_NE(decodeValue(ValueType::Connections, bytesOf(one)).text.find("too short"), std::string::npos);
}

TEST(KsctlPropertyValue, Utf16StringsRoundTrip)
{
    std::vector<std::byte> wide;
    ASSERT_TRUE(
        widen("Gr\xC3\xBC\xC3\x9F"
              "e \xF0\x9F\x8E\xB5",
              &wide));                       // "Grüße 🎵"
    EXPECT_EQ(wide.size(), (8u + 1u) * 2u);  // the note is a surrogate pair; then the NUL
    EXPECT_EQ(narrow(wide),
              "Gr\xC3\xBC\xC3\x9F"
              "e \xF0\x9F\x8E\xB5");
    std::vector<std::byte> ignored;
    EXPECT_FALSE(widen("\xC3", &ignored));
    EXPECT_FALSE(widen("\xFF", &ignored));
}

// ks-spec §12 item 46: 4 bytes give the access flags; a full answer gives the members.
TEST(KsctlPropertyValue, BasicSupportDecodesAccessAndSteppedRanges)
{
    EXPECT_EQ(decodeBasicSupport(bytesOf(ULONG(KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET))).text, "access GET|SET");
    struct {
        KSPROPERTY_DESCRIPTION d;
        KSPROPERTY_MEMBERSHEADER h;
        KSPROPERTY_STEPPING_LONG s;
    } full{};
    full.d.AccessFlags = KSPROPERTY_TYPE_GET;
    full.d.DescriptionSize = sizeof(full);
    full.d.PropTypeSet.Set = KSPROPTYPESETID_General;
    full.d.PropTypeSet.Id = VT_I4;
    full.d.MembersListCount = 1;
    full.h.MembersFlags = KSPROPERTY_MEMBER_STEPPEDRANGES;
    full.h.MembersSize = sizeof(KSPROPERTY_STEPPING_LONG);
    full.h.MembersCount = 1;
    full.s.SteppingDelta = 2;
    full.s.Bounds.SignedMinimum = -10;
    full.s.Bounds.SignedMaximum = 10;
    DecodedValue v = decodeBasicSupport(bytesOf(full));
    EXPECT_NE(v.text.find("stepped ranges: -10..10 step 2"), std::string::npos) << v.text;
    EXPECT_EQ(v.json["members"][0]["values"][0]["min"], -10);
    full.d.MembersListCount = 3;  // lists past the end are reported, not read
    EXPECT_NE(decodeBasicSupport(bytesOf(full)).text.find("lies past the"), std::string::npos);
}

}  // namespace
}  // namespace ksctl
