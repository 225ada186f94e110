// SPDX-License-Identifier: MIT
// Tests of the framework's filter and pin properties: values, statuses and the size-probe tiers of every variable-size
// answer.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "avstream/testdrv_fixture.h"

namespace openks::test {
namespace {

using Fetch = std::function<IoResult(void* buffer, ULONG length)>;

enum class Shape {
    kMultipleItem,  // KSMULTIPLE_ITEM lists: 4 -> Size, 8 -> Size + Count
    kVariable,      // anything else: every short buffer is STATUS_BUFFER_TOO_SMALL
};

// Runs the probe tiers clients use (clients.md §1.2) against one property:
// 0, 4, 8, one byte short, exact, longer.  Returns the full answer.
std::vector<uint8_t> expectProbeTiers(const Fetch& fetch, Shape shape)
{
    const IoResult zero = fetch(nullptr, 0);
    EXPECT_EQ(zero.status, STATUS_BUFFER_OVERFLOW) << "zero-length probe";
    const ULONG size = static_cast<ULONG>(zero.information);
    EXPECT_GT(size, 8u);
    if (size <= 8) {
        return {};
    }
    std::vector<uint64_t> storage((size + 64) / 8 + 1, 0xA5A5A5A5A5A5A5A5ULL);
    auto* buffer = reinterpret_cast<uint8_t*>(storage.data());

    const IoResult four = fetch(buffer, 4);
    const IoResult eight = fetch(buffer, 8);
    if (shape == Shape::kMultipleItem) {
        EXPECT_EQ(four.status, STATUS_SUCCESS) << "ULONG probe";
        EXPECT_EQ(four.information, 4u);
        ULONG reported = 0;
        std::memcpy(&reported, buffer, 4);
        EXPECT_EQ(reported, size) << "KSMULTIPLE_ITEM.Size";
        EXPECT_EQ(eight.status, STATUS_SUCCESS) << "Size + Count probe";
        EXPECT_EQ(eight.information, 8u);
    } else {
        EXPECT_EQ(four.status, STATUS_BUFFER_TOO_SMALL);
        EXPECT_EQ(four.information, size);
        EXPECT_EQ(eight.status, STATUS_BUFFER_TOO_SMALL);
        EXPECT_EQ(eight.information, size);
    }
    if (size - 1 > 8) {
        const IoResult shortOne = fetch(buffer, size - 1);
        EXPECT_EQ(shortOne.status, STATUS_BUFFER_TOO_SMALL) << "one byte short";
        EXPECT_EQ(shortOne.information, size);
    }
    const IoResult exact = fetch(buffer, size);
    EXPECT_EQ(exact.status, STATUS_SUCCESS) << "exact buffer";
    EXPECT_EQ(exact.information, size);
    std::vector<uint8_t> answer(buffer, buffer + size);
    const IoResult longer = fetch(buffer, size + 40);
    EXPECT_EQ(longer.status, STATUS_SUCCESS) << "longer buffer";
    EXPECT_EQ(longer.information, size);
    EXPECT_EQ(std::vector<uint8_t>(buffer, buffer + size), answer);
    return answer;
}

std::u16string text(const std::vector<uint8_t>& bytes)
{
    std::u16string result(bytes.size() / 2, u'\0');
    std::memcpy(result.data(), bytes.data(), result.size() * 2);
    while (!result.empty() && result.back() == u'\0') {
        result.pop_back();
    }
    return result;
}

class PropertyTest : public TestDriverFilter {
protected:
    Fetch pinGet(ULONG pinId, const GUID& set, ULONG id)
    {
        return [this, pinId, &set, id](void* buffer, ULONG length) {
            return session_.pinProperty(filter_, pinId, set, id, KSPROPERTY_TYPE_GET, buffer, length);
        };
    }
    Fetch get(HANDLE handle, const GUID& set, ULONG id)
    {
        return [this, handle, &set, id](void* buffer, ULONG length) {
            return session_.property(handle, set, id, KSPROPERTY_TYPE_GET, buffer, length);
        };
    }
    Fetch setSupport(HANDLE handle)
    {
        return [this, handle](void* buffer, ULONG length) {
            return session_.property(handle, GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT, buffer, length);
        };
    }

    template <class T>
    IoResult pinValue(ULONG pinId, ULONG id, T* value)
    {
        return session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, value, sizeof(T));
    }

    std::vector<GUID> guids(const std::vector<uint8_t>& bytes)
    {
        std::vector<GUID> result(bytes.size() / sizeof(GUID));
        std::memcpy(result.data(), bytes.data(), result.size() * sizeof(GUID));
        return result;
    }

    static bool has(const std::vector<GUID>& list, const GUID& guid)
    {
        for (const GUID& g : list) {
            if (IsEqualGUID(g, guid)) {
                return true;
            }
        }
        return false;
    }
};

// ---- KSPROPSETID_Pin -------------------------------------------------------------------

// ks-spec §12 item 36; clients send CTYPES as a bare KSPROPERTY and as a KSP_PIN.
TEST_F(PropertyTest, CTypesIsTheNumberOfPinFactoriesWhateverTheInputShape)
{
    ULONG count = 0;
    IoResult bare = session_.property(filter_, KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_GET, &count, 4);
    EXPECT_EQ(bare.status, STATUS_SUCCESS);
    EXPECT_EQ(bare.information, 4u);
    EXPECT_EQ(count, static_cast<ULONG>(TESTDRV_PIN_COUNT));
    count = 0;
    IoResult longer = pinValue(0, KSPROPERTY_PIN_CTYPES, &count);
    EXPECT_EQ(longer.status, STATUS_SUCCESS);
    EXPECT_EQ(count, static_cast<ULONG>(TESTDRV_PIN_COUNT));
}

// ks-spec §12 item 37
TEST_F(PropertyTest, EveryPinPropertyRejectsAPinIdBeyondCTypes)
{
    const ULONG ids[] = {KSPROPERTY_PIN_CINSTANCES,
                         KSPROPERTY_PIN_DATAFLOW,
                         KSPROPERTY_PIN_DATARANGES,
                         KSPROPERTY_PIN_INTERFACES,
                         KSPROPERTY_PIN_MEDIUMS,
                         KSPROPERTY_PIN_COMMUNICATION,
                         KSPROPERTY_PIN_GLOBALCINSTANCES,
                         KSPROPERTY_PIN_NECESSARYINSTANCES,
                         KSPROPERTY_PIN_PHYSICALCONNECTION,
                         KSPROPERTY_PIN_CATEGORY,
                         KSPROPERTY_PIN_NAME,
                         KSPROPERTY_PIN_CONSTRAINEDDATARANGES};
    uint64_t buffer[64] = {};
    for (ULONG id : ids) {
        EXPECT_EQ(session_
                      .pinProperty(filter_, TESTDRV_PIN_COUNT, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, buffer,
                                   sizeof(buffer))
                      .status,
                  STATUS_INVALID_PARAMETER)
            << "property " << id;
    }
}

TEST_F(PropertyTest, ScalarPinPropertiesComeFromTheDescriptor)
{
    KSPIN_DATAFLOW flow{};
    ASSERT_EQ(pinValue(TESTDRV_PIN_CAPTURE, KSPROPERTY_PIN_DATAFLOW, &flow).status, STATUS_SUCCESS);
    EXPECT_EQ(flow, KSPIN_DATAFLOW_OUT);
    KSPIN_COMMUNICATION communication{};
    ASSERT_EQ(pinValue(TESTDRV_PIN_RENDER, KSPROPERTY_PIN_COMMUNICATION, &communication).status, STATUS_SUCCESS);
    EXPECT_EQ(communication, KSPIN_COMMUNICATION_SINK);
    ULONG necessary = 7;
    ASSERT_EQ(pinValue(TESTDRV_PIN_RENDER, KSPROPERTY_PIN_NECESSARYINSTANCES, &necessary).status, STATUS_SUCCESS);
    EXPECT_EQ(necessary, 1u);
    KSPIN_CINSTANCES local{}, global{};
    HANDLE pin = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin), STATUS_SUCCESS);
    ASSERT_EQ(pinValue(TESTDRV_PIN_RENDER, KSPROPERTY_PIN_CINSTANCES, &local).status, STATUS_SUCCESS);
    ASSERT_EQ(pinValue(TESTDRV_PIN_RENDER, KSPROPERTY_PIN_GLOBALCINSTANCES, &global).status, STATUS_SUCCESS);
    EXPECT_EQ(local.PossibleCount, static_cast<ULONG>(TESTDRV_RENDER_INSTANCES));
    EXPECT_EQ(local.CurrentCount, 1u);
    // GLOBALCINSTANCES counts this filter's instances, as ks.sys does for AVStream.
    EXPECT_EQ(global.PossibleCount, local.PossibleCount);
    EXPECT_EQ(global.CurrentCount, local.CurrentCount);
    KSPIN_CINSTANCES unlimited{};
    ASSERT_EQ(pinValue(TESTDRV_PIN_CAPTURE, KSPROPERTY_PIN_CINSTANCES, &unlimited).status, STATUS_SUCCESS);
    EXPECT_EQ(unlimited.PossibleCount, static_cast<ULONG>(KSINSTANCE_INDETERMINATE));
}

// ks-spec §12 items 38-40
TEST_F(PropertyTest, DataRangesAnswerEveryProbeTierWithAlignedRanges)
{
    std::vector<uint8_t> list =
        expectProbeTiers(pinGet(TESTDRV_PIN_CAPTURE, KSPROPSETID_Pin, KSPROPERTY_PIN_DATARANGES), Shape::kMultipleItem);
    ASSERT_GE(list.size(), sizeof(KSMULTIPLE_ITEM));
    KSMULTIPLE_ITEM header;
    std::memcpy(&header, list.data(), sizeof(header));
    EXPECT_EQ(header.Size, list.size());
    ASSERT_EQ(header.Count, 2u);
    size_t offset = sizeof(KSMULTIPLE_ITEM);
    for (ULONG i = 0; i < header.Count; ++i) {
        ASSERT_EQ(offset % 8, 0u);
        KSDATARANGE range;
        std::memcpy(&range, list.data() + offset, sizeof(range));
        EXPECT_EQ(range.FormatSize, sizeof(KSDATARANGE_AUDIO));
        EXPECT_TRUE(IsEqualGUID(range.MajorFormat, KSDATAFORMAT_TYPE_AUDIO));
        offset += (range.FormatSize + 7) & ~7u;
    }
    EXPECT_EQ(offset, list.size());
}

TEST_F(PropertyTest, ConstrainedDataRangesFallBackToTheDataRanges)
{
    std::vector<uint8_t> constrained = expectProbeTiers(
        pinGet(TESTDRV_PIN_CAPTURE, KSPROPSETID_Pin, KSPROPERTY_PIN_CONSTRAINEDDATARANGES), Shape::kMultipleItem);
    ASSERT_GE(constrained.size(), 8u);
    EXPECT_EQ(reinterpret_cast<const KSMULTIPLE_ITEM*>(constrained.data())->Count, 1u);
    std::vector<uint8_t> fallback = expectProbeTiers(
        pinGet(TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_CONSTRAINEDDATARANGES), Shape::kMultipleItem);
    std::vector<uint8_t> ranges =
        expectProbeTiers(pinGet(TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_DATARANGES), Shape::kMultipleItem);
    EXPECT_EQ(fallback, ranges);
}

// ks-spec §12 item 41, and the standard interface/medium of pins that list none
TEST_F(PropertyTest, InterfacesAndMediumsAnswerEveryProbeTier)
{
    std::vector<uint8_t> listed =
        expectProbeTiers(pinGet(TESTDRV_PIN_CAPTURE, KSPROPSETID_Pin, KSPROPERTY_PIN_INTERFACES), Shape::kMultipleItem);
    ASSERT_EQ(listed.size(), sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSPIN_INTERFACE));
    std::vector<uint8_t> standard =
        expectProbeTiers(pinGet(TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_INTERFACES), Shape::kMultipleItem);
    ASSERT_EQ(standard.size(), sizeof(KSMULTIPLE_ITEM) + sizeof(KSPIN_INTERFACE));
    KSPIN_INTERFACE i;
    std::memcpy(&i, standard.data() + sizeof(KSMULTIPLE_ITEM), sizeof(i));
    EXPECT_TRUE(IsEqualGUID(i.Set, KSINTERFACESETID_Standard));
    EXPECT_EQ(i.Id, static_cast<ULONG>(KSINTERFACE_STANDARD_STREAMING));

    std::vector<uint8_t> mediums =
        expectProbeTiers(pinGet(TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_MEDIUMS), Shape::kMultipleItem);
    ASSERT_EQ(mediums.size(), sizeof(KSMULTIPLE_ITEM) + sizeof(KSPIN_MEDIUM));
    KSPIN_MEDIUM m;
    std::memcpy(&m, mediums.data() + sizeof(KSMULTIPLE_ITEM), sizeof(m));
    EXPECT_TRUE(IsEqualGUID(m.Set, KSMEDIUMSETID_Standard));
    EXPECT_EQ(m.Id, static_cast<ULONG>(KSMEDIUM_TYPE_ANYINSTANCE));
    expectProbeTiers(pinGet(TESTDRV_PIN_CAPTURE, KSPROPSETID_Pin, KSPROPERTY_PIN_MEDIUMS), Shape::kMultipleItem);
}

// ks-spec §12 item 42
TEST_F(PropertyTest, DataIntersectionReturnsTheFirstCallerRangeThePinSupports)
{
    struct {
        KSP_PIN pin;
        KSMULTIPLE_ITEM list;
        KSDATARANGE video;
        KSDATARANGE_AUDIO audio;
    } request{};
    request.pin.Property.Set = KSPROPSETID_Pin;
    request.pin.Property.Id = KSPROPERTY_PIN_DATAINTERSECTION;
    request.pin.Property.Flags = KSPROPERTY_TYPE_GET;
    request.pin.PinId = TESTDRV_PIN_RENDER;
    request.list.Size = sizeof(KSMULTIPLE_ITEM) + sizeof(KSDATARANGE) + sizeof(KSDATARANGE_AUDIO);
    request.list.Count = 2;
    request.video.FormatSize = sizeof(KSDATARANGE);
    request.video.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    request.audio.DataRange.FormatSize = sizeof(KSDATARANGE_AUDIO);
    request.audio.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    request.audio.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    request.audio.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    request.audio.MaximumChannels = 2;
    request.audio.MinimumBitsPerSample = 16;
    request.audio.MaximumBitsPerSample = 16;
    request.audio.MinimumSampleFrequency = 44100;
    request.audio.MaximumSampleFrequency = 48000;

    Fetch fetch = [&](void* buffer, ULONG length) {
        return session_.ioctl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), buffer, length);
    };
    std::vector<uint8_t> answer = expectProbeTiers(fetch, Shape::kVariable);
    ASSERT_GE(answer.size(), sizeof(KSDATAFORMAT_WAVEFORMATEX));
    KSDATAFORMAT_WAVEFORMATEX format;
    std::memcpy(&format, answer.data(), sizeof(format));
    EXPECT_TRUE(IsEqualGUID(format.DataFormat.MajorFormat, KSDATAFORMAT_TYPE_AUDIO));
    EXPECT_EQ(format.WaveFormatEx.nChannels, 2);
    EXPECT_EQ(format.WaveFormatEx.wBitsPerSample, 16);
    EXPECT_EQ(format.WaveFormatEx.nSamplesPerSec, 48000u);
    // The answer is a format the pin accepts.
    HANDLE pin = nullptr;
    EXPECT_EQ(session_.createPin(filter_, standardConnect(TESTDRV_PIN_RENDER), &format.DataFormat, &pin),
              STATUS_SUCCESS);

    request.list.Count = 1;
    request.list.Size = sizeof(KSMULTIPLE_ITEM) + sizeof(KSDATARANGE);
    uint64_t out[32];
    EXPECT_EQ(fetch(out, sizeof(out)).status, STATUS_NO_MATCH);
}

// ks-spec §12 item 43
TEST_F(PropertyTest, CategoryIsTheDescriptorsOrNotFound)
{
    GUID category{};
    ASSERT_EQ(pinValue(TESTDRV_PIN_RENDER, KSPROPERTY_PIN_CATEGORY, &category).status, STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(category, KSNODETYPE_SPEAKER));
    EXPECT_EQ(pinValue(TESTDRV_PIN_EXCLUSIVE, KSPROPERTY_PIN_CATEGORY, &category).status, STATUS_NOT_FOUND);
}

TEST_F(PropertyTest, NameComesFromTheNameOrCategoryGuid)
{
    std::vector<uint8_t> name =
        expectProbeTiers(pinGet(TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_NAME), Shape::kVariable);
    EXPECT_EQ(text(name), u"Speakers");
    EXPECT_EQ(
        text(expectProbeTiers(pinGet(TESTDRV_PIN_CAPTURE, KSPROPSETID_Pin, KSPROPERTY_PIN_NAME), Shape::kVariable)),
        u"Capture");
    EXPECT_EQ(text(expectProbeTiers(pinGet(TESTDRV_PIN_RAW, KSPROPSETID_Pin, KSPROPERTY_PIN_NAME), Shape::kVariable)),
              u"Pin 3");
    uint64_t buffer[16];
    EXPECT_EQ(session_
                  .pinProperty(filter_, TESTDRV_PIN_EXCLUSIVE, KSPROPSETID_Pin, KSPROPERTY_PIN_NAME,
                               KSPROPERTY_TYPE_GET, buffer, sizeof(buffer))
                  .status,
              STATUS_NOT_FOUND);
}

TEST_F(PropertyTest, PhysicalConnectionIsNotFoundNeverMoreData)
{
    EXPECT_EQ(session_
                  .pinProperty(filter_, TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_PHYSICALCONNECTION,
                               KSPROPERTY_TYPE_GET, nullptr, 0)
                  .status,
              STATUS_NOT_FOUND);
}

TEST_F(PropertyTest, ProposeDataFormatSaysWhetherAFormatWouldBeAccepted)
{
    KSDATAFORMAT_WAVEFORMATEX good = waveFormat(2, 96000, 24);
    EXPECT_EQ(session_
                  .pinProperty(filter_, TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_PROPOSEDATAFORMAT,
                               KSPROPERTY_TYPE_SET, &good, sizeof(good))
                  .status,
              STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX bad = waveFormat(2, 96000, 8);
    EXPECT_EQ(session_
                  .pinProperty(filter_, TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_PROPOSEDATAFORMAT,
                               KSPROPERTY_TYPE_SET, &bad, sizeof(bad))
                  .status,
              STATUS_NO_MATCH);
}

// ---- KSPROPSETID_General and KSPROPSETID_Topology -------------------------------------------

TEST_F(PropertyTest, ComponentIdIsTheDescriptors)
{
    KSCOMPONENTID id{};
    IoResult r = session_.property(filter_, KSPROPSETID_General, KSPROPERTY_GENERAL_COMPONENTID, KSPROPERTY_TYPE_GET,
                                   &id, sizeof(id));
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, sizeof(KSCOMPONENTID));
    EXPECT_EQ(id.Version, 1u);
    EXPECT_EQ(id.Revision, 7u);
}

TEST_F(PropertyTest, TopologyListsAnswerEveryProbeTier)
{
    std::vector<uint8_t> categories =
        expectProbeTiers(get(filter_, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_CATEGORIES), Shape::kMultipleItem);
    ASSERT_EQ(categories.size(), sizeof(KSMULTIPLE_ITEM) + 3 * sizeof(GUID));
    std::vector<GUID> list = guids(std::vector<uint8_t>(categories.begin() + 8, categories.end()));
    EXPECT_TRUE(has(list, KSCATEGORY_AUDIO));
    EXPECT_TRUE(has(list, KSCATEGORY_RENDER));
    EXPECT_TRUE(has(list, KSCATEGORY_CAPTURE));

    std::vector<uint8_t> nodes =
        expectProbeTiers(get(filter_, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_NODES), Shape::kMultipleItem);
    ASSERT_EQ(nodes.size(), sizeof(KSMULTIPLE_ITEM) + TESTDRV_NODE_COUNT * sizeof(GUID));
    std::vector<GUID> types = guids(std::vector<uint8_t>(nodes.begin() + 8, nodes.end()));
    EXPECT_TRUE(IsEqualGUID(types[0], KSNODETYPE_DAC));
    EXPECT_TRUE(IsEqualGUID(types[1], KSNODETYPE_VOLUME));

    std::vector<uint8_t> connections =
        expectProbeTiers(get(filter_, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_CONNECTIONS), Shape::kMultipleItem);
    ASSERT_EQ(connections.size(), sizeof(KSMULTIPLE_ITEM) + TESTDRV_CONNECTION_COUNT * sizeof(KSTOPOLOGY_CONNECTION));
    KSTOPOLOGY_CONNECTION first;
    std::memcpy(&first, connections.data() + 8, sizeof(first));
    EXPECT_EQ(first.FromNode, static_cast<ULONG>(KSFILTER_NODE));
    EXPECT_EQ(first.FromNodePin, static_cast<ULONG>(TESTDRV_PIN_RENDER));
    EXPECT_EQ(first.ToNode, 1u);
}

TEST_F(PropertyTest, TopologyNameNamesANodeOrRejectsAnUnknownOne)
{
    KSP_NODE request{};
    request.Property.Set = KSPROPSETID_Topology;
    request.Property.Id = KSPROPERTY_TOPOLOGY_NAME;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    request.NodeId = 1;
    Fetch fetch = [&](void* buffer, ULONG length) {
        return session_.ioctl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), buffer, length);
    };
    EXPECT_EQ(text(expectProbeTiers(fetch, Shape::kVariable)), u"Volume");
    request.NodeId = 9;
    uint64_t buffer[16];
    EXPECT_EQ(fetch(buffer, sizeof(buffer)).status, STATUS_INVALID_PARAMETER);
}

// ---- Support queries and bad requests -------------------------------------------------------

// ks-spec §12 item 45
TEST_F(PropertyTest, SetSupportListsTheFrameworkAndMinidriverSets)
{
    std::vector<GUID> filterSets = guids(expectProbeTiers(setSupport(filter_), Shape::kVariable));
    EXPECT_TRUE(has(filterSets, KSPROPSETID_Pin));
    EXPECT_TRUE(has(filterSets, KSPROPSETID_General));
    EXPECT_TRUE(has(filterSets, KSPROPSETID_Topology));
    EXPECT_TRUE(has(filterSets, KSPROPSETID_OpenksTest));

    HANDLE pin = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin), STATUS_SUCCESS);
    std::vector<GUID> pinSets = guids(expectProbeTiers(setSupport(pin), Shape::kVariable));
    EXPECT_TRUE(has(pinSets, KSPROPSETID_Connection));
    EXPECT_TRUE(has(pinSets, KSPROPSETID_StreamInterface));
    EXPECT_TRUE(has(pinSets, KSPROPSETID_OpenksTest));
    EXPECT_FALSE(has(pinSets, KSPROPSETID_Pin));

    EXPECT_EQ(session_.property(filter_, KSPROPSETID_Topology, 0, KSPROPERTY_TYPE_SETSUPPORT, nullptr, 0).status,
              STATUS_SUCCESS);
    EXPECT_EQ(session_.property(pin, KSPROPSETID_Topology, 0, KSPROPERTY_TYPE_SETSUPPORT, nullptr, 0).status,
              STATUS_PROPSET_NOT_FOUND);
}

// ks-spec §12 item 46
TEST_F(PropertyTest, BasicSupportReportsAccessOnFilterAndPin)
{
    ULONG access = 0;
    IoResult r = session_.property(filter_, KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_BASICSUPPORT,
                                   &access, sizeof(access));
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 4u);
    EXPECT_EQ(access, static_cast<ULONG>(KSPROPERTY_TYPE_GET));

    HANDLE pin = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin), STATUS_SUCCESS);
    KSPROPERTY_DESCRIPTION description{};
    r = session_.property(pin, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_BASICSUPPORT,
                          &description, sizeof(description));
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, sizeof(KSPROPERTY_DESCRIPTION));
    EXPECT_EQ(description.AccessFlags, static_cast<ULONG>(KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET));
}

// ks-spec §12 item 44
TEST_F(PropertyTest, UnknownSetAndUnknownIdNeverSucceed)
{
    const GUID unknown = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    uint64_t buffer[16];
    EXPECT_EQ(session_.property(filter_, unknown, 0, KSPROPERTY_TYPE_GET, buffer, sizeof(buffer)).status,
              STATUS_PROPSET_NOT_FOUND);
    EXPECT_EQ(session_.property(filter_, unknown, 0, KSPROPERTY_TYPE_GET, nullptr, 0).status, STATUS_PROPSET_NOT_FOUND);
    EXPECT_EQ(session_.pinProperty(filter_, 0, KSPROPSETID_Pin, 77, KSPROPERTY_TYPE_GET, buffer, sizeof(buffer)).status,
              STATUS_NOT_FOUND);
    // The Connection set lives on pins, not on filters.
    EXPECT_EQ(session_
                  .property(filter_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_GET, buffer,
                            sizeof(buffer))
                  .status,
              STATUS_PROPSET_NOT_FOUND);
}

// ks-spec §12 item 47, and inputs shorter than the item's minimum
TEST_F(PropertyTest, InputShorterThanTheRequestIsRefused)
{
    KSP_PIN request{};
    request.Property.Set = KSPROPSETID_Pin;
    request.Property.Id = KSPROPERTY_PIN_DATAFLOW;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    ULONG value = 0;
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(KSPROPERTY), &value, sizeof(value)).status,
              STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(
        session_.ioctl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(KSPROPERTY) - 1, &value, sizeof(value)).status,
        STATUS_INVALID_BUFFER_SIZE);
}

// ---- KSPROPSETID_Connection and KSPROPSETID_StreamInterface -------------------------------

class PinPropertyTest : public PropertyTest {
protected:
    void SetUp() override
    {
        PropertyTest::SetUp();
        ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin_), STATUS_SUCCESS);
    }
    HANDLE pin_ = nullptr;
};

// ks-spec §12 item 35
TEST_F(PinPropertyTest, DataFormatAnswersEveryProbeTier)
{
    std::vector<uint8_t> format =
        expectProbeTiers(get(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT), Shape::kVariable);
    KSDATAFORMAT_WAVEFORMATEX expected = waveFormat(2, 48000, 16);
    ASSERT_EQ(format.size(), sizeof(expected));
    EXPECT_EQ(std::memcmp(format.data(), &expected, sizeof(expected)), 0);
    uint64_t shortBuffer[8];
    IoResult r = session_.property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_GET,
                                   shortBuffer, sizeof(KSDATAFORMAT));
    EXPECT_EQ(r.status, STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(r.information, sizeof(KSDATAFORMAT_WAVEFORMATEX));
}

TEST_F(PinPropertyTest, DataFormatSetReplacesTheFormatWithinTheRanges)
{
    KSDATAFORMAT_WAVEFORMATEX next = waveFormat(6, 96000, 24);
    EXPECT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_SET, &next,
                            sizeof(next))
                  .status,
              STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX now{};
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_GET, &now,
                            sizeof(now))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(std::memcmp(&now, &next, sizeof(now)), 0);
    EXPECT_EQ(counters().SetDataFormats, 2u);  // creation, then this SET

    KSDATAFORMAT_WAVEFORMATEX outside = waveFormat(2, 48000, 8);
    EXPECT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_SET,
                            &outside, sizeof(outside))
                  .status,
              STATUS_NO_MATCH);
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_GET, &now,
                            sizeof(now))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(std::memcmp(&now, &next, sizeof(now)), 0);
}

// ks-spec §12 item 34
TEST_F(PinPropertyTest, DataFormatSetOnAFixedFormatPinIsInvalidDeviceRequest)
{
    HANDLE fixed = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &fixed), STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX same = waveFormat(2, 48000, 16);
    EXPECT_EQ(session_
                  .property(fixed, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_SET, &same,
                            sizeof(same))
                  .status,
              STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(PinPropertyTest, AllocatorFramingComesFromTheFirstFramingItem)
{
    KSALLOCATOR_FRAMING framing{};
    IoResult r = session_.property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_ALLOCATORFRAMING,
                                   KSPROPERTY_TYPE_GET, &framing, sizeof(framing));
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, sizeof(KSALLOCATOR_FRAMING));
    EXPECT_EQ(framing.Frames, 4u);
    EXPECT_EQ(framing.FrameSize, 19200u);
    EXPECT_EQ(framing.FileAlignment, static_cast<ULONG>(FILE_QUAD_ALIGNMENT));

    std::vector<uint8_t> ex = expectProbeTiers(
        get(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX), Shape::kVariable);
    ASSERT_EQ(ex.size(), sizeof(KSALLOCATOR_FRAMING_EX));
    EXPECT_EQ(reinterpret_cast<const KSALLOCATOR_FRAMING_EX*>(ex.data())->CountItems, 1u);

    HANDLE capture = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_CAPTURE, &capture), STATUS_SUCCESS);
    EXPECT_EQ(session_
                  .property(capture, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_ALLOCATORFRAMING,
                            KSPROPERTY_TYPE_GET, &framing, sizeof(framing))
                  .status,
              STATUS_NOT_FOUND);
    EXPECT_EQ(session_
                  .property(capture, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX,
                            KSPROPERTY_TYPE_GET, nullptr, 0)
                  .status,
              STATUS_NOT_FOUND);
}

TEST_F(PinPropertyTest, PriorityIsTheConnectRequestsUntilSet)
{
    KSPRIORITY priority{};
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_PRIORITY, KSPROPERTY_TYPE_GET,
                            &priority, sizeof(priority))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(priority.PriorityClass, static_cast<ULONG>(KSPRIORITY_NORMAL));
    EXPECT_EQ(priority.PrioritySubClass, 1u);
    KSPRIORITY high{KSPRIORITY_HIGH, 2};
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_PRIORITY, KSPROPERTY_TYPE_SET, &high,
                            sizeof(high))
                  .status,
              STATUS_SUCCESS);
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_PRIORITY, KSPROPERTY_TYPE_GET,
                            &priority, sizeof(priority))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(priority.PriorityClass, static_cast<ULONG>(KSPRIORITY_HIGH));
    EXPECT_EQ(priority.PrioritySubClass, 2u);
}

TEST_F(PinPropertyTest, HeaderSizeIsTheStreamHeaderSizeTheMinidriverChose)
{
    ULONG size = 0;
    IoResult r = session_.property(pin_, KSPROPSETID_StreamInterface, KSPROPERTY_STREAMINTERFACE_HEADERSIZE,
                                   KSPROPERTY_TYPE_GET, &size, sizeof(size));
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, sizeof(ULONG));
    EXPECT_EQ(size, sizeof(KSSTREAM_HEADER));
    ULONG extended = sizeof(KSSTREAM_HEADER) + 72;
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_HEADER_SIZE, KSPROPERTY_TYPE_SET, &extended,
                            sizeof(extended))
                  .status,
              STATUS_SUCCESS);
    ASSERT_EQ(session_
                  .property(pin_, KSPROPSETID_StreamInterface, KSPROPERTY_STREAMINTERFACE_HEADERSIZE,
                            KSPROPERTY_TYPE_GET, &size, sizeof(size))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(size, extended);
}

TEST_F(PinPropertyTest, ProposeDataFormatOnThePin)
{
    KSDATAFORMAT_WAVEFORMATEX good = waveFormat(1, 8000, 16);
    EXPECT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, KSPROPERTY_TYPE_SET,
                            &good, sizeof(good))
                  .status,
              STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX bad = waveFormat(9, 8000, 16);
    EXPECT_EQ(session_
                  .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, KSPROPERTY_TYPE_SET,
                            &bad, sizeof(bad))
                  .status,
              STATUS_NO_MATCH);
}

}  // namespace
}  // namespace openks::test
