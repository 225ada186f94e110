// SPDX-License-Identifier: MIT
// The event engine's support queries: SETSUPPORT, BASICSUPPORT, unknown set/id, ENABLE not implemented, DISABLE.
#include "ks/event_set.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "ks/ks_request.h"

namespace openks::ks {
namespace {

using test::property;
using test::Request;

DEFINE_GUID(kEventSet, 0x6f1b0c4e, 0x0201, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x02, 0x01);
DEFINE_GUID(kOtherSet, 0x6f1b0c4e, 0x02ff, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x02, 0xff);

class EventEngine : public ::testing::Test {
protected:
    void SetUp() override
    {
        item_.EventId = 0;
        item_.DataInput = sizeof(KSEVENTDATA);
        set_.Set = &kEventSet;
        set_.EventsCount = 1;
        set_.EventItem = &item_;
        table_.EventSetsCount = 1;
        table_.EventItemSize = sizeof(KSEVENT_ITEM);
        table_.EventSets = &set_;
    }

    NTSTATUS send(const KSEVENT& event, ULONG inLen, void* out, ULONG outLen, ULONG_PTR* information = nullptr)
    {
        const KSAUTOMATION_TABLE* tables[] = {&table_};
        KSE_NODE input{};
        input.Event = event;
        Request request(IOCTL_KS_ENABLE_EVENT, &input, inLen, out, outLen);
        const NTSTATUS status = handleEnableEvent(request.get(), AutomationView{tables, 1});
        if (information != nullptr) {
            *information = request.information();
        }
        return status;
    }

    KSEVENT_ITEM item_{};
    KSEVENT_SET set_{};
    KSAUTOMATION_TABLE table_{};
};

struct EventRow {
    const char* name;
    GUID set;
    ULONG id;
    ULONG flags;
    ULONG inLen;
    ULONG outLen;
    NTSTATUS expected;
};

std::ostream& operator<<(std::ostream& os, const EventRow& row)
{
    return os << row.name;
}

class EventRules : public EventEngine, public ::testing::WithParamInterface<EventRow> {};

TEST_P(EventRules, AnswersWithTheDocumentedStatus)
{
    const EventRow& row = GetParam();
    KSEVENTDATA data{};
    EXPECT_EQ(send(property(row.set, row.id, row.flags), row.inLen, row.outLen == 0 ? nullptr : &data, row.outLen),
              row.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, EventRules,
    ::testing::Values(
        EventRow{"shortInput", kEventSet, 0, KSEVENT_TYPE_ENABLE, 16, 32, STATUS_INVALID_BUFFER_SIZE},
        EventRow{"badType", kEventSet, 0, 0x40, 24, 32, STATUS_INVALID_PARAMETER},
        EventRow{"unknownSet", kOtherSet, 0, KSEVENT_TYPE_ENABLE, 24, 32, STATUS_PROPSET_NOT_FOUND},
        EventRow{"unknownId", kEventSet, 4, KSEVENT_TYPE_ENABLE, 24, 32, STATUS_NOT_FOUND},
        EventRow{"enableShortData", kEventSet, 0, KSEVENT_TYPE_ENABLE, 24, 16, STATUS_BUFFER_TOO_SMALL},
        EventRow{"enableNotImplemented", kEventSet, 0, KSEVENT_TYPE_ENABLE, 24, 32, STATUS_NOT_IMPLEMENTED},
        EventRow{"oneShotNotImplemented", kEventSet, 0, KSEVENT_TYPE_ONESHOT, 24, 32, STATUS_NOT_IMPLEMENTED},
        EventRow{"topologyShort", kEventSet, 0, KSEVENT_TYPE_ENABLE | KSEVENT_TYPE_TOPOLOGY, 24, 32,
                 STATUS_BUFFER_TOO_SMALL},
        EventRow{"basicSupport", kEventSet, 0, KSEVENT_TYPE_BASICSUPPORT, 24, 0, STATUS_SUCCESS},
        EventRow{"basicSupportUnknown", kEventSet, 3, KSEVENT_TYPE_BASICSUPPORT, 24, 0, STATUS_NOT_FOUND},
        EventRow{"setSupportConcrete", kEventSet, 0, KSEVENT_TYPE_SETSUPPORT, 24, 0, STATUS_SUCCESS},
        EventRow{"setSupportAbsent", kOtherSet, 0, KSEVENT_TYPE_SETSUPPORT, 24, 0, STATUS_PROPSET_NOT_FOUND}),
    [](const ::testing::TestParamInfo<EventRow>& info) { return std::string(info.param.name); });

TEST_F(EventEngine, SetSupportListsTheEventSets)
{
    GUID guid{};
    ULONG_PTR information = 0;
    EXPECT_EQ(send(property(GUID_NULL, 0, KSEVENT_TYPE_SETSUPPORT), 24, nullptr, 0, &information),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information, sizeof(GUID));
    ASSERT_EQ(send(property(GUID_NULL, 0, KSEVENT_TYPE_SETSUPPORT), 24, &guid, sizeof(guid), &information),
              STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(guid, kEventSet));
}

TEST(DisableEvent, NothingIsEverEnabled)
{
    KSEVENTDATA data{};
    Request all(IOCTL_KS_DISABLE_EVENT, nullptr, 0, nullptr, 0);
    EXPECT_EQ(handleDisableEvent(all.get()), STATUS_SUCCESS);
    Request one(IOCTL_KS_DISABLE_EVENT, &data, sizeof(data), nullptr, 0);
    EXPECT_EQ(handleDisableEvent(one.get()), STATUS_UNSUCCESSFUL);
    Request odd(IOCTL_KS_DISABLE_EVENT, &data, 12, nullptr, 0);
    EXPECT_EQ(handleDisableEvent(odd.get()), STATUS_INVALID_BUFFER_SIZE);
    Request null(IOCTL_KS_DISABLE_EVENT, nullptr, sizeof(data), nullptr, 0);
    EXPECT_EQ(handleDisableEvent(null.get()), STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace openks::ks
