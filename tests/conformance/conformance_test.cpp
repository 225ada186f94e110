// SPDX-License-Identifier: MIT
// The KS conformance suite: generic checks every published filter must pass, instantiated for every filter the host
// publishes.
#include <gtest/gtest.h>

#include <openks/ks.h>

#include <cctype>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "avstream/host.h"
#include "support/ks_session.h"

namespace openks::test {
namespace {

// One published filter: its driver and the interface path a client opens.
struct FilterUnderTest {
    std::string name;  // a test-name-safe "<driver>_<n>"
    std::u16string path;
};

void PrintTo(const FilterUnderTest& filter, std::ostream* out)
{
    *out << filter.name;
}

std::vector<FilterUnderTest> filtersUnderTest()
{
    startHostWithTestDrivers();
    std::vector<FilterUnderTest> filters;
    for (const avstream::PublishedFilter& f : avstream::Host::instance().publishedFilters()) {
        std::string name;
        for (char c : f.driver) {
            name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
        }
        filters.push_back(FilterUnderTest{name + "_" + std::to_string(filters.size()), f.symbolicLink});
    }
    return filters;
}

// A KSMULTIPLE_ITEM answer fetched the way clients do: size probe, then the whole list.
struct ListAnswer {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    std::vector<uint64_t> storage;
    ULONG size = 0;
    const KSMULTIPLE_ITEM* header() const { return reinterpret_cast<const KSMULTIPLE_ITEM*>(storage.data()); }
    const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(storage.data()); }
};

class Conformance : public ::testing::TestWithParam<FilterUnderTest> {
protected:
    void SetUp() override { ASSERT_EQ(session_.openFilter(GetParam().path, &filter_), STATUS_SUCCESS); }

    ULONG pinCount()
    {
        ULONG count = 0;
        IoResult r = session_.property(filter_, KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_GET, &count,
                                       sizeof(count));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(r.information, sizeof(ULONG));
        return count;
    }

    template <class T>
    NTSTATUS pinValue(ULONG pinId, ULONG id, T* value)
    {
        IoResult r = session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, value, sizeof(T));
        if (NT_SUCCESS(r.status)) {
            EXPECT_EQ(r.information, sizeof(T)) << "pin " << pinId << " property " << id;
        }
        return r.status;
    }

    // The four probe tiers of a KSMULTIPLE_ITEM property, then the list.
    ListAnswer list(ULONG pinId, ULONG id)
    {
        ListAnswer answer;
        IoResult probe = session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, nullptr, 0);
        EXPECT_EQ(probe.status, STATUS_BUFFER_OVERFLOW) << "pin " << pinId << " property " << id << ": size probe";
        const ULONG size = static_cast<ULONG>(probe.information);
        EXPECT_GE(size, sizeof(KSMULTIPLE_ITEM));
        if (probe.status != STATUS_BUFFER_OVERFLOW || size < sizeof(KSMULTIPLE_ITEM)) {
            return answer;
        }
        ULONG sizeOnly = 0;
        IoResult four = session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, &sizeOnly, 4);
        EXPECT_EQ(four.status, STATUS_SUCCESS);
        EXPECT_EQ(four.information, 4u);
        EXPECT_EQ(sizeOnly, size);
        KSMULTIPLE_ITEM head{};
        IoResult eight = session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, &head, 8);
        EXPECT_EQ(eight.status, STATUS_SUCCESS);
        EXPECT_EQ(eight.information, 8u);
        answer.storage.assign(size / 8 + 2, 0);
        IoResult full =
            session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET, answer.storage.data(), size);
        answer.status = full.status;
        answer.size = size;
        EXPECT_EQ(full.status, STATUS_SUCCESS);
        EXPECT_EQ(full.information, size);
        EXPECT_EQ(answer.header()->Size, size);
        EXPECT_EQ(answer.header()->Count, head.Count);
        return answer;
    }

    KsSession session_;
    HANDLE filter_ = nullptr;
};

TEST_P(Conformance, PinCountAnswersAsAUlong)  // ks-spec §12 item 36
{
    pinCount();
}

TEST_P(Conformance, EveryPinDescribesItself)
{
    const ULONG count = pinCount();
    for (ULONG pin = 0; pin < count; ++pin) {
        SCOPED_TRACE("pin " + std::to_string(pin));
        KSPIN_DATAFLOW flow{};
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_DATAFLOW, &flow), STATUS_SUCCESS);
        EXPECT_TRUE(flow == KSPIN_DATAFLOW_IN || flow == KSPIN_DATAFLOW_OUT);
        KSPIN_COMMUNICATION communication{};
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_COMMUNICATION, &communication), STATUS_SUCCESS);
        EXPECT_LE(static_cast<ULONG>(communication), static_cast<ULONG>(KSPIN_COMMUNICATION_BRIDGE));

        ListAnswer interfaces = list(pin, KSPROPERTY_PIN_INTERFACES);
        EXPECT_GE(interfaces.header()->Count, 1u);
        EXPECT_EQ(interfaces.size, sizeof(KSMULTIPLE_ITEM) + interfaces.header()->Count * sizeof(KSPIN_INTERFACE));
        ListAnswer mediums = list(pin, KSPROPERTY_PIN_MEDIUMS);
        EXPECT_GE(mediums.header()->Count, 1u);
        EXPECT_EQ(mediums.size, sizeof(KSMULTIPLE_ITEM) + mediums.header()->Count * sizeof(KSPIN_MEDIUM));

        // ks-spec §12 items 38-40: every range 8-aligned, FormatSize a multiple of 8 (clients.md §1.2).
        ListAnswer ranges = list(pin, KSPROPERTY_PIN_DATARANGES);
        size_t offset = sizeof(KSMULTIPLE_ITEM);
        for (ULONG r = 0; r < ranges.header()->Count && offset + sizeof(KSDATARANGE) <= ranges.size; ++r) {
            KSDATARANGE range;
            std::memcpy(&range, ranges.bytes() + offset, sizeof(range));
            EXPECT_GE(range.FormatSize, sizeof(KSDATARANGE)) << "range " << r;
            EXPECT_EQ(range.FormatSize % 8, 0u) << "range " << r;
            offset += (range.FormatSize + 7) & ~size_t{7};
        }
        EXPECT_EQ(offset, ranges.size);

        KSPIN_CINSTANCES instances{};
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_CINSTANCES, &instances), STATUS_SUCCESS);
        EXPECT_EQ(instances.CurrentCount, 0u);  // nothing created on this fresh filter
        ULONG necessary = 0;
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_NECESSARYINSTANCES, &necessary), STATUS_SUCCESS);
        if (instances.PossibleCount != KSINSTANCE_INDETERMINATE) {
            EXPECT_LE(necessary, instances.PossibleCount);
        }
    }
    // ks-spec §12 item 37
    ULONG flow = 0;
    EXPECT_EQ(pinValue(count, KSPROPERTY_PIN_DATAFLOW, &flow), STATUS_INVALID_PARAMETER);
}

TEST_P(Conformance, SupportQueriesAnswer)  // ks-spec §12 items 44-46
{
    IoResult probe = session_.property(filter_, GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT, nullptr, 0);
    ASSERT_EQ(probe.status, STATUS_BUFFER_OVERFLOW);
    ASSERT_EQ(probe.information % sizeof(GUID), 0u);
    std::vector<GUID> sets(probe.information / sizeof(GUID));
    IoResult full = session_.property(filter_, GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT, sets.data(),
                                      static_cast<ULONG>(sets.size() * sizeof(GUID)));
    ASSERT_EQ(full.status, STATUS_SUCCESS);
    bool pinSet = false;
    for (const GUID& set : sets) {
        pinSet = pinSet || IsEqualGUID(set, KSPROPSETID_Pin);
    }
    EXPECT_TRUE(pinSet);

    ULONG access = 0;
    IoResult basic = session_.property(filter_, KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_BASICSUPPORT,
                                       &access, sizeof(access));
    EXPECT_EQ(basic.status, STATUS_SUCCESS);
    EXPECT_NE(access & KSPROPERTY_TYPE_GET, 0u);

    const GUID unknown = {0x0badc0de, 0x0bad, 0x0bad, {0, 1, 2, 3, 4, 5, 6, 7}};
    uint64_t buffer[8];
    EXPECT_EQ(session_.property(filter_, unknown, 0, KSPROPERTY_TYPE_GET, buffer, sizeof(buffer)).status,
              STATUS_PROPSET_NOT_FOUND);
    EXPECT_EQ(session_.property(filter_, KSPROPSETID_Pin, 0x7FFF, KSPROPERTY_TYPE_GET, buffer, sizeof(buffer)).status,
              STATUS_NOT_FOUND);
}

TEST_P(Conformance, EachCreatablePinIntersectsCreatesAndRuns)
{
    const ULONG count = pinCount();
    for (ULONG pin = 0; pin < count; ++pin) {
        SCOPED_TRACE("pin " + std::to_string(pin));
        KSPIN_COMMUNICATION communication{};
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_COMMUNICATION, &communication), STATUS_SUCCESS);
        KSPIN_CINSTANCES instances{};
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_CINSTANCES, &instances), STATUS_SUCCESS);
        ListAnswer ranges = list(pin, KSPROPERTY_PIN_DATARANGES);
        if (ranges.header()->Count == 0) {
            continue;
        }
        // DATAINTERSECTION with the pin's own first range (item 42's positive case).
        KSDATARANGE first;
        std::memcpy(&first, ranges.bytes() + sizeof(KSMULTIPLE_ITEM), sizeof(first));
        const ULONG rangeSize = first.FormatSize;
        std::vector<uint64_t> request((sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM) + rangeSize) / 8 + 1, 0);
        auto* bytes = reinterpret_cast<uint8_t*>(request.data());
        auto* property = reinterpret_cast<KSP_PIN*>(bytes);
        property->Property.Set = KSPROPSETID_Pin;
        property->Property.Id = KSPROPERTY_PIN_DATAINTERSECTION;
        property->Property.Flags = KSPROPERTY_TYPE_GET;
        property->PinId = pin;
        auto* multiple = reinterpret_cast<KSMULTIPLE_ITEM*>(bytes + sizeof(KSP_PIN));
        multiple->Size = sizeof(KSMULTIPLE_ITEM) + rangeSize;
        multiple->Count = 1;
        std::memcpy(bytes + sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM), ranges.bytes() + sizeof(KSMULTIPLE_ITEM),
                    rangeSize);
        const ULONG requestSize = static_cast<ULONG>(sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM) + rangeSize);
        IoResult sizeProbe = session_.ioctl(filter_, IOCTL_KS_PROPERTY, request.data(), requestSize, nullptr, 0);
        ASSERT_EQ(sizeProbe.status, STATUS_BUFFER_OVERFLOW);
        std::vector<uint64_t> format(sizeProbe.information / 8 + 1, 0);
        IoResult intersection = session_.ioctl(filter_, IOCTL_KS_PROPERTY, request.data(), requestSize, format.data(),
                                               static_cast<ULONG>(sizeProbe.information));
        ASSERT_EQ(intersection.status, STATUS_SUCCESS);
        ASSERT_EQ(intersection.information, sizeProbe.information);

        // Only pins a client may instantiate directly are created.
        if ((communication != KSPIN_COMMUNICATION_SINK && communication != KSPIN_COMMUNICATION_BOTH) ||
            instances.PossibleCount == 0) {
            continue;
        }
        ListAnswer interfaces = list(pin, KSPROPERTY_PIN_INTERFACES);
        ListAnswer mediums = list(pin, KSPROPERTY_PIN_MEDIUMS);
        KSPIN_CONNECT connect = standardConnect(pin);
        std::memcpy(&connect.Interface, interfaces.bytes() + sizeof(KSMULTIPLE_ITEM), sizeof(KSPIN_INTERFACE));
        std::memcpy(&connect.Medium, mediums.bytes() + sizeof(KSMULTIPLE_ITEM), sizeof(KSPIN_MEDIUM));

        // Failing creates leave CINSTANCES unchanged (items 49, 50).
        KSPIN_CONNECT wrong = connect;
        wrong.Interface.Set = GUID{0x0badc0de, 0x0bad, 0x0bad, {9, 9, 9, 9, 9, 9, 9, 9}};
        HANDLE handle = nullptr;
        EXPECT_EQ(session_.createPin(filter_, wrong, reinterpret_cast<const KSDATAFORMAT*>(format.data()), &handle),
                  STATUS_NO_MATCH);
        EXPECT_EQ(session_.createPin(filter_, standardConnect(count),
                                     reinterpret_cast<const KSDATAFORMAT*>(format.data()), &handle),
                  STATUS_INVALID_PARAMETER);
        KSPIN_CINSTANCES after{};
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_CINSTANCES, &after), STATUS_SUCCESS);
        EXPECT_EQ(after.CurrentCount, instances.CurrentCount);

        // The intersected format creates a pin that walks STOP -> RUN -> STOP.
        ASSERT_EQ(session_.createPin(filter_, connect, reinterpret_cast<const KSDATAFORMAT*>(format.data()), &handle),
                  STATUS_SUCCESS);
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_CINSTANCES, &after), STATUS_SUCCESS);
        EXPECT_EQ(after.CurrentCount, instances.CurrentCount + 1);
        KSSTATE state = KSSTATE_RUN;
        IoResult get = session_.getState(handle, &state);
        EXPECT_EQ(get.status, STATUS_SUCCESS);  // item 28
        EXPECT_EQ(get.information, sizeof(KSSTATE));
        EXPECT_EQ(state, KSSTATE_STOP);
        EXPECT_EQ(session_.setState(handle, KSSTATE_RUN).status, STATUS_SUCCESS);
        EXPECT_EQ(session_.setState(handle, KSSTATE_STOP).status, STATUS_SUCCESS);

        // Pins answer the Connection set (SETSUPPORT on the pin).
        EXPECT_EQ(session_.property(handle, KSPROPSETID_Connection, 0, KSPROPERTY_TYPE_SETSUPPORT, nullptr, 0).status,
                  STATUS_SUCCESS);
        EXPECT_EQ(session_.close(handle), STATUS_SUCCESS);
        ASSERT_EQ(pinValue(pin, KSPROPERTY_PIN_CINSTANCES, &after), STATUS_SUCCESS);
        EXPECT_EQ(after.CurrentCount, instances.CurrentCount);
    }
}

INSTANTIATE_TEST_SUITE_P(Published, Conformance, ::testing::ValuesIn(filtersUnderTest()),
                         [](const ::testing::TestParamInfo<FilterUnderTest>& info) { return info.param.name; });

TEST(ConformanceSuite, CoversTheTestMinidriver)
{
    bool found = false;
    for (const FilterUnderTest& filter : filtersUnderTest()) {
        found = found || filter.path.find(u"openks_testdrv") != std::u16string::npos;
    }
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace openks::test
