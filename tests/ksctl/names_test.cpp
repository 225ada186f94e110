// SPDX-License-Identifier: MIT
// ksctl's name tables: GUID text round trips, set/id lookups by any spelling, labels, IOCTL and flag names.
#include <gtest/gtest.h>

#include "ksctl/names.h"

namespace ksctl {
namespace {

TEST(KsctlNames, GuidTextRoundTripsWithAndWithoutBraces)
{
    EXPECT_EQ(guidText(KSPROPSETID_Pin), "{8C134960-51AD-11CF-878A-94F801C10000}");
    GUID g{};
    ASSERT_TRUE(parseGuid("{8c134960-51ad-11cf-878a-94f801c10000}", &g));
    EXPECT_TRUE(IsEqualGUID(g, KSPROPSETID_Pin));
    ASSERT_TRUE(parseGuid("6994AD04-93EF-11D0-A3CC-00A0C9223196", &g));
    EXPECT_TRUE(IsEqualGUID(g, KSCATEGORY_AUDIO));
    for (const char* bad : {"", "{}", "{8C134960-51AD-11CF-878A-94F801C1000}", "{8C134960-51AD-11CF-878A-94F801C1000G}",
                            "8C134960+51AD-11CF-878A-94F801C10000", "{8C134960-51AD-11CF-878A-94F801C10000"}) {
        GUID untouched = KSPROPSETID_Pin;
        EXPECT_FALSE(parseGuid(bad, &untouched)) << bad;
        EXPECT_TRUE(IsEqualGUID(untouched, KSPROPSETID_Pin)) << bad;
    }
}

TEST(KsctlNames, SetsAndIdsAreFoundByAnySpelling)
{
    for (const char* name : {"Pin", "pin", "KSPROPSETID_Pin", "ksPropSetId_pin"}) {
        const PropertySetName* set = findSetByName(name);
        ASSERT_NE(set, nullptr) << name;
        EXPECT_TRUE(IsEqualGUID(*set->set, KSPROPSETID_Pin));
    }
    const PropertySetName* pin = findSetByName("Pin");
    for (const char* name : {"DataRanges", "DATARANGES", "data_ranges", "KSPROPERTY_PIN_DATARANGES"}) {
        const PropertyName* p = findPropertyByName(*pin, name);
        ASSERT_NE(p, nullptr) << name;
        EXPECT_EQ(p->id, ULONG(KSPROPERTY_PIN_DATARANGES));
        EXPECT_EQ(p->type, ValueType::DataRanges);
    }
    const PropertySetName* connection = findSetByName("Connection");
    ASSERT_NE(connection, nullptr);
    const PropertyName* framing = findPropertyByName(*connection, "AllocatorFramingEx");
    ASSERT_NE(framing, nullptr);
    EXPECT_EQ(framing->id, ULONG(KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX));
    EXPECT_EQ(findSetByName("Toaster"), nullptr);
    EXPECT_EQ(findPropertyByName(*pin, "Colour"), nullptr);
}

TEST(KsctlNames, LabelsNameKnownThingsAndPrintUnknownOnesRaw)
{
    EXPECT_EQ(propertyLabel(KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES), "KSPROPSETID_Pin/CTYPES");
    EXPECT_EQ(propertyLabel(KSPROPSETID_Pin, 99), "KSPROPSETID_Pin/99");
    GUID unknown{0x01234567, 0x89ab, 0xcdef, {1, 2, 3, 4, 5, 6, 7, 8}};
    EXPECT_EQ(propertyLabel(unknown, 3), "{01234567-89AB-CDEF-0102-030405060708}/3");
    EXPECT_EQ(propertyShortLabel(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE), "Connection.STATE");
    EXPECT_EQ(guidLabel(KSNODETYPE_VOLUME), "KSNODETYPE_VOLUME");
    EXPECT_EQ(guidLabel(GUID_NULL), "GUID_NULL");
    EXPECT_EQ(formatLabel(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT), "IEEE_FLOAT");
    EXPECT_EQ(formatLabel(KSDATAFORMAT_TYPE_AUDIO), "AUDIO");
    EXPECT_EQ(categoryShortName(KSCATEGORY_RENDER), "render");
    EXPECT_EQ(findCategory("render"), &KSCATEGORY_RENDER);
    EXPECT_EQ(findCategory("KSCATEGORY_VIDEO"), &KSCATEGORY_VIDEO);
    EXPECT_EQ(findCategory("{6994AD04-93EF-11D0-A3CC-00A0C9223196}"), &KSCATEGORY_AUDIO);
    EXPECT_EQ(findCategory("kitchen"), nullptr);
}

// ks-spec §12 item 1: the IOCTL codes carry their names.
TEST(KsctlNames, IoctlsFlagsAndEnumsHaveTheirKsNames)
{
    EXPECT_EQ(ioctlName(0x002F0003), "IOCTL_KS_PROPERTY");
    EXPECT_EQ(ioctlName(0x002F8013), "IOCTL_KS_WRITE_STREAM");
    EXPECT_EQ(ioctlName(0x002F4017), "IOCTL_KS_READ_STREAM");
    EXPECT_EQ(ioctlName(0x002F001B), "IOCTL_KS_RESET_STATE");
    EXPECT_EQ(ioctlName(0x12345678), "IOCTL 0x12345678");
    EXPECT_EQ(propertyFlagsText(KSPROPERTY_TYPE_GET), "GET");
    EXPECT_EQ(propertyFlagsText(KSPROPERTY_TYPE_SET | KSPROPERTY_TYPE_TOPOLOGY), "SET|TOPOLOGY");
    EXPECT_EQ(propertyFlagsText(KSPROPERTY_TYPE_BASICSUPPORT | 0x4), "BASICSUPPORT|0x4");
    EXPECT_EQ(propertyFlagsText(0), "0");
    EXPECT_EQ(parseState("run"), KSSTATE_RUN);
    EXPECT_EQ(parseState("KSSTATE_PAUSE"), KSSTATE_PAUSE);
    EXPECT_EQ(parseState("0"), KSSTATE_STOP);
    EXPECT_FALSE(parseState("4").has_value());
    EXPECT_STREQ(dataFlowName(KSPIN_DATAFLOW_OUT), "OUT");
    EXPECT_STREQ(communicationName(KSPIN_COMMUNICATION_BRIDGE), "BRIDGE");
}

TEST(KsctlNames, SameNameIgnoresCaseUnderscoresAndDashes)
{
    EXPECT_TRUE(sameName("DataRanges", "DATA_RANGES"));
    EXPECT_TRUE(sameName("free-running", "FREERUNNING"));
    EXPECT_FALSE(sameName("Data", "DataRanges"));
    EXPECT_FALSE(sameName("", "x"));
    EXPECT_TRUE(sameName("", "_"));
}

}  // namespace
}  // namespace ksctl
