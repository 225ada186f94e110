// SPDX-License-Identifier: MIT
// The method engine: request rules, SETSUPPORT/BASICSUPPORT, handler invocation, and the KS 1.0 method DDI.
#include "ks/method_set.h"

#include <gtest/gtest.h>

#include <cstring>
#include <ostream>
#include <string>

#include "ks/ks_request.h"

namespace openks::ks {
namespace {

using test::property;
using test::Request;

DEFINE_GUID(kMethodSet, 0x6f1b0c4e, 0x0101, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x01, 0x01);
DEFINE_GUID(kOtherSet, 0x6f1b0c4e, 0x01ff, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x01, 0xff);

int gCalls = 0;
const KSMETHOD_ITEM* gStoredItem = nullptr;
ULONG_PTR gStoredType = 0;

NTSTATUS doubleIt(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    ++gCalls;
    gStoredItem = KSMETHOD_ITEM_IRP_STORAGE(irp);
    gStoredType = reinterpret_cast<ULONG_PTR>(irp->Tail.Overlay.DriverContext[2]);  // KSMETHOD_TYPE_IRP_STORAGE
    *static_cast<ULONG*>(data) *= 2;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

KSMETHOD_ITEM makeMethod(ULONG id, PFNKSHANDLER handler, ULONG minMethod, ULONG minData, ULONG flags)
{
    KSMETHOD_ITEM item{};
    item.MethodId = id;
    item.MethodHandler = handler;
    item.MinMethod = minMethod;
    item.MinData = minData;
    item.Flags = flags;
    return item;
}

class MethodEngine : public ::testing::Test {
protected:
    void SetUp() override
    {
        gCalls = 0;
        gStoredItem = nullptr;
        items_[0] = makeMethod(0, doubleIt, sizeof(KSMETHOD), sizeof(ULONG), KSMETHOD_TYPE_MODIFY);
        items_[1] = makeMethod(1, nullptr, sizeof(KSMETHOD), 0, KSMETHOD_TYPE_NONE);
        set_.Set = &kMethodSet;
        set_.MethodsCount = 2;
        set_.MethodItem = items_;
        table_.MethodSetsCount = 1;
        table_.MethodItemSize = sizeof(KSMETHOD_ITEM);
        table_.MethodSets = &set_;
    }

    NTSTATUS send(const KSMETHOD& method, ULONG inLen, void* out, ULONG outLen, ULONG_PTR* information = nullptr)
    {
        const KSAUTOMATION_TABLE* tables[] = {&table_};
        KSM_NODE input{};
        input.Method = method;
        input.NodeId = 3;
        Request request(IOCTL_KS_METHOD, &input, inLen, out, outLen);
        const NTSTATUS status = handleMethod(request.get(), AutomationView{tables, 1});
        if (information != nullptr) {
            *information = request.information();
        }
        return status;
    }

    KSMETHOD_ITEM items_[2] = {};
    KSMETHOD_SET set_{};
    KSAUTOMATION_TABLE table_{};
};

struct MethodRow {
    const char* name;
    GUID set;
    ULONG id;
    ULONG flags;
    ULONG inLen;
    ULONG outLen;
    NTSTATUS expected;
    int calls;
};

std::ostream& operator<<(std::ostream& os, const MethodRow& row)
{
    return os << row.name;
}

class MethodRules : public MethodEngine, public ::testing::WithParamInterface<MethodRow> {};

TEST_P(MethodRules, AnswersWithTheDocumentedStatus)
{
    const MethodRow& row = GetParam();
    ULONG value = 21;
    EXPECT_EQ(send(property(row.set, row.id, row.flags), row.inLen, &value, row.outLen), row.expected);
    EXPECT_EQ(gCalls, row.calls);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, MethodRules,
    ::testing::Values(
        MethodRow{"shortInput", kMethodSet, 0, KSMETHOD_TYPE_SEND, 23, 4, STATUS_INVALID_BUFFER_SIZE, 0},
        MethodRow{"badType", kMethodSet, 0, 7, 24, 4, STATUS_INVALID_PARAMETER, 0},
        MethodRow{"unknownSet", kOtherSet, 0, KSMETHOD_TYPE_SEND, 24, 4, STATUS_PROPSET_NOT_FOUND, 0},
        MethodRow{"unknownId", kMethodSet, 9, KSMETHOD_TYPE_SEND, 24, 4, STATUS_NOT_FOUND, 0},
        MethodRow{"noHandler", kMethodSet, 1, KSMETHOD_TYPE_NONE, 24, 4, STATUS_INVALID_DEVICE_REQUEST, 0},
        MethodRow{"shortData", kMethodSet, 0, KSMETHOD_TYPE_MODIFY, 24, 2, STATUS_BUFFER_TOO_SMALL, 0},
        MethodRow{"topologyShort", kMethodSet, 0, KSMETHOD_TYPE_MODIFY | KSMETHOD_TYPE_TOPOLOGY, 24, 4,
                  STATUS_BUFFER_TOO_SMALL, 0},
        MethodRow{"topology", kMethodSet, 0, KSMETHOD_TYPE_MODIFY | KSMETHOD_TYPE_TOPOLOGY, 32, 4, STATUS_SUCCESS, 1},
        MethodRow{"invoke", kMethodSet, 0, KSMETHOD_TYPE_SEND, 24, 4, STATUS_SUCCESS, 1},
        MethodRow{"setSupportConcrete", kMethodSet, 0, KSMETHOD_TYPE_SETSUPPORT, 24, 0, STATUS_SUCCESS, 0},
        MethodRow{"setSupportAbsent", kOtherSet, 0, KSMETHOD_TYPE_SETSUPPORT, 24, 0, STATUS_PROPSET_NOT_FOUND, 0}),
    [](const ::testing::TestParamInfo<MethodRow>& info) { return std::string(info.param.name); });

TEST_F(MethodEngine, InvocationRunsTheHandlerWithStorageSet)
{
    ULONG value = 21;
    ULONG_PTR information = 0;
    ASSERT_EQ(
        send(property(kMethodSet, 0, KSMETHOD_TYPE_MODIFY), sizeof(KSMETHOD), &value, sizeof(value), &information),
        STATUS_SUCCESS);
    EXPECT_EQ(value, 42u);
    EXPECT_EQ(information, sizeof(ULONG));
    EXPECT_EQ(gStoredItem, &items_[0]);
    EXPECT_EQ(gStoredType, ULONG_PTR(KSMETHOD_TYPE_MODIFY));
}

TEST_F(MethodEngine, BasicSupportReturnsTheItemType)
{
    ULONG type = 0;
    ULONG_PTR information = 0;
    EXPECT_EQ(send(property(kMethodSet, 0, KSMETHOD_TYPE_BASICSUPPORT), 24, nullptr, 0, &information),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information, sizeof(ULONG));
    ASSERT_EQ(send(property(kMethodSet, 0, KSMETHOD_TYPE_BASICSUPPORT), 24, &type, sizeof(type), &information),
              STATUS_SUCCESS);
    EXPECT_EQ(type, ULONG(KSMETHOD_TYPE_MODIFY));
    EXPECT_EQ(information, sizeof(ULONG));
}

TEST_F(MethodEngine, SetSupportListsTheMethodSets)
{
    // ksproxy sends SETSUPPORT through IOCTL_KS_METHOD as well (clients.md §1.2).
    GUID guids[2] = {};
    ULONG_PTR information = 0;
    EXPECT_EQ(send(property(GUID_NULL, 0, KSMETHOD_TYPE_SETSUPPORT), 24, nullptr, 0, &information),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(information, sizeof(GUID));
    ASSERT_EQ(send(property(GUID_NULL, 0, KSMETHOD_TYPE_SETSUPPORT), 24, guids, sizeof(guids), &information),
              STATUS_SUCCESS);
    EXPECT_EQ(information, sizeof(GUID));
    EXPECT_TRUE(IsEqualGUID(guids[0], kMethodSet));
}

TEST_F(MethodEngine, KsMethodHandlerServesTheSetArray)
{
    KSMETHOD method = property(kMethodSet, 0, KSMETHOD_TYPE_MODIFY);
    ULONG value = 5;
    Request request(IOCTL_KS_METHOD, &method, sizeof(method), &value, sizeof(value));
    EXPECT_EQ(KsMethodHandler(request.get(), 1, &set_), STATUS_SUCCESS);
    EXPECT_EQ(value, 10u);
    Request again(IOCTL_KS_METHOD, &method, sizeof(method), &value, sizeof(value));
    EXPECT_EQ(KsMethodHandlerWithAllocator(again.get(), 1, &set_, nullptr, sizeof(KSMETHOD_ITEM)), STATUS_SUCCESS);
    EXPECT_EQ(value, 20u);
    IO_STATUS_BLOCK iosb{};
    EXPECT_EQ(KsFastMethodHandler(nullptr, &method, sizeof(method), &value, sizeof(value), &iosb, 1, &set_), FALSE);
}

}  // namespace
}  // namespace openks::ks
