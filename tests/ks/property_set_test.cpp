// SPDX-License-Identifier: MIT
// The property engine: request rules row by row, size-probe tiers, SETSUPPORT/BASICSUPPORT, table overrides, DDI.
#include "ks/property_set.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "ks/ks_request.h"

namespace openks::ks {
namespace {

using test::Buffer;
using test::property;
using test::Request;

// {6F1B0C4E-0001-4A51-9A2B-0C0FFEE00001} etc.: sets that exist only in these tests.
DEFINE_GUID(kSetA, 0x6f1b0c4e, 0x0001, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x00, 0x01);
DEFINE_GUID(kSetB, 0x6f1b0c4e, 0x0002, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x00, 0x02);
DEFINE_GUID(kSetC, 0x6f1b0c4e, 0x0003, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x00, 0x03);
DEFINE_GUID(kUnknownSet, 0x6f1b0c4e, 0x00ff, 0x4a51, 0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x00, 0xff);

// What the last handler call saw.
struct Seen {
    int calls = 0;
    PIRP irp = nullptr;
    KSIDENTIFIER request{};
    ULONG nodeId = 0;
    void* data = nullptr;
    ULONG value = 0;
    const KSPROPERTY_ITEM* item = nullptr;
    const KSPROPERTY_SET* set = nullptr;
    void* systemBuffer = nullptr;
};
Seen gSeen;
ULONG gStored = 0;
NTSTATUS gNextStatus = STATUS_SUCCESS;

void record(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    ++gSeen.calls;
    gSeen.irp = irp;
    std::memcpy(&gSeen.request, request, sizeof(KSIDENTIFIER));
    gSeen.data = data;
    gSeen.item = KSPROPERTY_ITEM_IRP_STORAGE(irp);
    gSeen.set = KSPROPERTY_SET_IRP_STORAGE(irp);
    gSeen.systemBuffer = irp->AssociatedIrp.SystemBuffer;
    const ULONG inLen = IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.InputBufferLength;
    if (inLen >= sizeof(KSP_NODE)) {
        gSeen.nodeId = reinterpret_cast<const KSP_NODE*>(request)->NodeId;
    }
}

NTSTATUS getValue(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    *static_cast<ULONG*>(data) = gStored;  // fixed size: relies on the MinData preset
    return gNextStatus;
}

NTSTATUS setValue(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    gStored = *static_cast<const ULONG*>(data);
    return gNextStatus;
}

NTSTATUS getOne(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    *static_cast<ULONG*>(data) = 1;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS getTwo(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    *static_cast<ULONG*>(data) = 2;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

// Claims more bytes than the buffer holds.
NTSTATUS getOverstated(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    irp->IoStatus.Information = 4096;
    return STATUS_SUCCESS;
}

// A variable-size value through KsHandleSizedListQuery (writes to SystemBuffer).
const ULONG kListItems[3] = {10, 20, 30};
NTSTATUS getList(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    return KsHandleSizedListQuery(irp, 3, sizeof(ULONG), kListItems);
}

NTSTATUS support(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    record(irp, request, data);
    irp->IoStatus.Information = 0;
    return STATUS_NOT_SUPPORTED;  // recognisable
}

// The volume-like item: GET and SET, a stepped LONG range and a default value.
struct VolumeValues {
    KSPROPERTY_STEPPING_LONG steps{};
    LONG defaultValue = -6 * 65536;
    KSPROPERTY_MEMBERSLIST members[2]{};
    KSPROPERTY_VALUES values{};

    VolumeValues()
    {
        steps.SteppingDelta = 0x8000;
        steps.Bounds.SignedMinimum = -96 * 65536;
        steps.Bounds.SignedMaximum = 0;
        members[0].MembersHeader = {KSPROPERTY_MEMBER_STEPPEDRANGES, ULONG(sizeof(KSPROPERTY_STEPPING_LONG)), 1, 0};
        members[0].Members = &steps;
        members[1].MembersHeader = {KSPROPERTY_MEMBER_VALUES, ULONG(sizeof(LONG)), 1, KSPROPERTY_MEMBER_FLAG_DEFAULT};
        members[1].Members = &defaultValue;
        values.PropTypeSet.Set = KSPROPTYPESETID_General;
        values.PropTypeSet.Id = VT_I4;
        values.PropTypeSet.Flags = 0;
        values.MembersListCount = 2;
        values.MembersList = members;
    }
};
const VolumeValues gVolume;
const KSPROPERTY_VALUES* const kVolumeValues = &gVolume.values;

KSPROPERTY_ITEM makeItem(ULONG id, PFNKSHANDLER get, PFNKSHANDLER set, ULONG minProperty, ULONG minData,
                         const KSPROPERTY_VALUES* values = nullptr, PFNKSHANDLER supportHandler = nullptr)
{
    KSPROPERTY_ITEM item{};
    item.PropertyId = id;
    item.GetPropertyHandler = get;
    item.MinProperty = minProperty;
    item.MinData = minData;
    item.SetPropertyHandler = set;
    item.Values = values;
    item.SupportHandler = supportHandler;
    return item;
}

KSPROPERTY_SET makeSet(const GUID* guid, const KSPROPERTY_ITEM* items, ULONG count)
{
    KSPROPERTY_SET set{};
    set.Set = guid;
    set.PropertiesCount = count;
    set.PropertyItem = items;
    return set;
}

KSAUTOMATION_TABLE makeTable(const KSPROPERTY_SET* sets, ULONG count)
{
    KSAUTOMATION_TABLE table{};
    table.PropertySetsCount = count;
    table.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
    table.PropertySets = sets;
    return table;
}

// Ids of set A.
enum : ULONG {
    kValue = 0,       // GET+SET ULONG
    kReadOnly = 1,    // GET ULONG only
    kWriteOnly = 2,   // SET ULONG only
    kPinScoped = 3,   // needs a KSP_PIN (MinProperty 32)
    kVolume = 4,      // GET+SET with Values
    kList = 5,        // variable (MinData 0) through KsHandleSizedListQuery
    kSupported = 6,   // has a SupportHandler
    kRelated = 7,     // RelationsCount 1
    kOverstated = 8,  // handler overstates Information
};

class PropertyEngine : public ::testing::Test {
protected:
    void SetUp() override
    {
        gSeen = {};
        gStored = 0;
        gNextStatus = STATUS_SUCCESS;
        itemsA_ = {
            makeItem(kValue, getValue, setValue, sizeof(KSPROPERTY), sizeof(ULONG)),
            makeItem(kReadOnly, getOne, nullptr, sizeof(KSPROPERTY), sizeof(ULONG)),
            makeItem(kWriteOnly, nullptr, setValue, sizeof(KSPROPERTY), sizeof(ULONG)),
            makeItem(kPinScoped, getOne, nullptr, sizeof(KSP_PIN), sizeof(ULONG)),
            makeItem(kVolume, getValue, setValue, sizeof(KSPROPERTY), sizeof(LONG), kVolumeValues),
            makeItem(kList, getList, nullptr, sizeof(KSPROPERTY), 0),
            makeItem(kSupported, getOne, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), kVolumeValues, support),
            makeItem(kRelated, getOne, nullptr, sizeof(KSPROPERTY), sizeof(ULONG)),
            makeItem(kOverstated, getOverstated, nullptr, sizeof(KSPROPERTY), sizeof(ULONG)),
        };
        itemsA_[kRelated].RelationsCount = 1;
        relation_ = property(kSetB, 0, 0);
        itemsA_[kRelated].Relations = &relation_;
        itemsB_ = {makeItem(0, getOne, nullptr, sizeof(KSPROPERTY), sizeof(ULONG))};
        sets_ = {makeSet(&kSetA, itemsA_.data(), ULONG(itemsA_.size())), makeSet(&kSetB, itemsB_.data(), 1)};
        table_ = makeTable(sets_.data(), ULONG(sets_.size()));
        tables_[0] = &table_;
    }

    AutomationView view() const { return {tables_, 1}; }

    // Sends one property request with a 4-byte (or given) value buffer.
    NTSTATUS send(const void* input, ULONG inLen, void* out, ULONG outLen, ULONG_PTR* information = nullptr)
    {
        Request request(IOCTL_KS_PROPERTY, input, inLen, out, outLen);
        const NTSTATUS status = handleProperty(request.get(), view());
        if (information != nullptr) {
            *information = request.information();
        }
        lastInformation_ = request.information();
        return status;
    }

    KSPROPERTY relation_{};
    std::array<KSPROPERTY_ITEM, 9> itemsA_{};
    std::array<KSPROPERTY_ITEM, 1> itemsB_{};
    std::array<KSPROPERTY_SET, 2> sets_{};
    KSAUTOMATION_TABLE table_{};
    const KSAUTOMATION_TABLE* tables_[1] = {};
    ULONG_PTR lastInformation_ = 0;
};

// ---------------------------------------------------------------------------
// Request rules, one row each.

struct RuleRow {
    const char* name;
    GUID set;
    ULONG id;
    ULONG flags;
    ULONG inLen;  // bytes of the (KSP_NODE-sized) input passed
    bool nullInput;
    ULONG outLen;
    bool nullOutput;
    NTSTATUS expected;
    ULONG_PTR information;
    int handlerCalls;
};

std::ostream& operator<<(std::ostream& os, const RuleRow& row)
{
    return os << row.name;
}

class PropertyRules : public PropertyEngine, public ::testing::WithParamInterface<RuleRow> {};

TEST_P(PropertyRules, AnswersWithTheDocumentedStatus)
{
    const RuleRow& row = GetParam();
    KSP_NODE input{};
    input.Property = property(row.set, row.id, row.flags);
    input.NodeId = 7;
    ULONG value = 0;
    ULONG_PTR information = 0;
    const NTSTATUS status =
        send(row.nullInput ? nullptr : &input, row.inLen, row.nullOutput ? nullptr : &value, row.outLen, &information);
    EXPECT_EQ(status, row.expected) << std::hex << status;
    EXPECT_EQ(information, row.information);
    EXPECT_EQ(gSeen.calls, row.handlerCalls);
}

constexpr ULONG kGet = KSPROPERTY_TYPE_GET;
constexpr ULONG kSet = KSPROPERTY_TYPE_SET;
constexpr ULONG kTopo = KSPROPERTY_TYPE_TOPOLOGY;

INSTANTIATE_TEST_SUITE_P(
    Rows, PropertyRules,
    ::testing::Values(
        // ks-spec §12 item 47
        RuleRow{"input0", kSetA, kValue, kGet, 0, false, 4, false, STATUS_INVALID_BUFFER_SIZE, 0, 0},
        RuleRow{"input23", kSetA, kValue, kGet, 23, false, 4, false, STATUS_INVALID_BUFFER_SIZE, 0, 0},
        RuleRow{"nullInput", kSetA, kValue, kGet, 24, true, 4, false, STATUS_INVALID_PARAMETER, 0, 0},
        RuleRow{"nullOutputWithLength", kSetA, kValue, kGet, 24, false, 4, true, STATUS_INVALID_PARAMETER, 0, 0},
        RuleRow{"noTypeFlag", kSetA, kValue, 0, 24, false, 4, false, STATUS_INVALID_PARAMETER, 0, 0},
        RuleRow{"getAndSet", kSetA, kValue, kGet | kSet, 24, false, 4, false, STATUS_INVALID_PARAMETER, 0, 0},
        RuleRow{"unknownTypeBit", kSetA, kValue, 0x20, 24, false, 4, false, STATUS_INVALID_PARAMETER, 0, 0},
        RuleRow{"serializeSet", kSetA, kValue, KSPROPERTY_TYPE_SERIALIZESET, 24, false, 4, false, STATUS_NOT_SUPPORTED,
                0, 0},
        // ks-spec §12 item 44: unknown set / unknown id, never BUFFER_OVERFLOW even for a size probe
        RuleRow{"unknownSet", kUnknownSet, 0, kGet, 24, false, 4, false, STATUS_PROPSET_NOT_FOUND, 0, 0},
        RuleRow{"unknownSetProbe", kUnknownSet, 0, kGet, 24, false, 0, true, STATUS_PROPSET_NOT_FOUND, 0, 0},
        RuleRow{"unknownId", kSetA, 99, kGet, 24, false, 4, false, STATUS_NOT_FOUND, 0, 0},
        RuleRow{"unknownIdProbe", kSetA, 99, kGet, 24, false, 0, true, STATUS_NOT_FOUND, 0, 0},
        RuleRow{"unknownIdBasicSupport", kSetA, 99, KSPROPERTY_TYPE_BASICSUPPORT, 24, false, 4, false, STATUS_NOT_FOUND,
                0, 0},
        // MinProperty: shorter fails, longer is accepted (PIN_CTYPES arrives both ways)
        RuleRow{"belowMinProperty", kSetA, kPinScoped, kGet, 24, false, 4, false, STATUS_BUFFER_TOO_SMALL, 0, 0},
        RuleRow{"atMinProperty", kSetA, kPinScoped, kGet, 32, false, 4, false, STATUS_SUCCESS, 4, 1},
        RuleRow{"longerThanMinProperty", kSetA, kValue, kGet, 32, false, 4, false, STATUS_SUCCESS, 4, 1},
        // No handler for the direction: unlike ReactOS, an error
        RuleRow{"getWriteOnly", kSetA, kWriteOnly, kGet, 24, false, 4, false, STATUS_INVALID_DEVICE_REQUEST, 0, 0},
        RuleRow{"setReadOnly", kSetA, kReadOnly, kSet, 24, false, 4, false, STATUS_INVALID_DEVICE_REQUEST, 0, 0},
        // Fixed size with a short buffer: BUFFER_TOO_SMALL with the size (ks-spec §12 item 35's rule)
        RuleRow{"getShort", kSetA, kValue, kGet, 24, false, 3, false, STATUS_BUFFER_TOO_SMALL, 4, 0},
        RuleRow{"getProbe", kSetA, kValue, kGet, 24, false, 0, true, STATUS_BUFFER_TOO_SMALL, 4, 0},
        RuleRow{"setShort", kSetA, kValue, kSet, 24, false, 2, false, STATUS_BUFFER_TOO_SMALL, 4, 0},
        // TOPOLOGY needs a KSP_NODE
        RuleRow{"topologyShort", kSetA, kValue, kGet | kTopo, 24, false, 4, false, STATUS_BUFFER_TOO_SMALL, 0, 0},
        RuleRow{"topology", kSetA, kValue, kGet | kTopo, 32, false, 4, false, STATUS_SUCCESS, 4, 1},
        RuleRow{"highPriorityGet", kSetA, kValue, kGet | KSPROPERTY_TYPE_HIGHPRIORITY, 24, false, 4, false,
                STATUS_SUCCESS, 4, 1},
        RuleRow{"setSupportConcrete", kSetB, 0, KSPROPERTY_TYPE_SETSUPPORT, 24, false, 0, true, STATUS_SUCCESS, 0, 0},
        RuleRow{"setSupportAbsent", kUnknownSet, 0, KSPROPERTY_TYPE_SETSUPPORT, 24, false, 0, true,
                STATUS_PROPSET_NOT_FOUND, 0, 0}),
    [](const ::testing::TestParamInfo<RuleRow>& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------------------
// GET and SET through handlers.

TEST_F(PropertyEngine, SetTakesTheValueFromTheOutputBuffer)
{
    const KSPROPERTY set = property(kSetA, kValue, kSet);
    ULONG value = 0x1234;
    EXPECT_EQ(send(&set, sizeof(set), &value, sizeof(value)), STATUS_SUCCESS);
    EXPECT_EQ(gStored, 0x1234u);
    EXPECT_EQ(lastInformation_, 0u);  // a SET returns no data

    const KSPROPERTY get = property(kSetA, kValue, kGet);
    ULONG readBack = 0;
    EXPECT_EQ(send(&get, sizeof(get), &readBack, sizeof(readBack)), STATUS_SUCCESS);
    EXPECT_EQ(readBack, 0x1234u);
    EXPECT_EQ(lastInformation_, sizeof(ULONG));  // MinData preset: the handler did not set it
}

TEST_F(PropertyEngine, HandlerSeesRequestDataItemAndSet)
{
    KSP_NODE input{};
    input.Property = property(kSetA, kValue, kGet | kTopo);
    input.NodeId = 5;
    alignas(8) ULONG value = 0;  // aligned, so the handler gets the caller's buffer itself
    ASSERT_EQ(send(&input, sizeof(input), &value, sizeof(value)), STATUS_SUCCESS);
    EXPECT_EQ(gSeen.nodeId, 5u);  // the node id is passed through for the owner to route
    EXPECT_EQ(gSeen.data, &value);
    EXPECT_EQ(gSeen.systemBuffer, &value);
    EXPECT_EQ(gSeen.item, &itemsA_[kValue]);
    EXPECT_EQ(gSeen.set, &sets_[0]);
    EXPECT_TRUE(IsEqualGUID(gSeen.request.Set, kSetA));
}

TEST_F(PropertyEngine, SystemBufferIsRestoredAfterTheCall)
{
    const KSPROPERTY get = property(kSetA, kValue, kGet);
    alignas(8) ULONG value = 0;
    Request request(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
    int marker = 0;
    request.irp.AssociatedIrp.SystemBuffer = &marker;
    ASSERT_EQ(handleProperty(request.get(), view()), STATUS_SUCCESS);
    EXPECT_EQ(gSeen.systemBuffer, &value);
    EXPECT_EQ(request.irp.AssociatedIrp.SystemBuffer, &marker);
}

TEST_F(PropertyEngine, HandlerErrorClearsInformation)
{
    gNextStatus = STATUS_INVALID_PARAMETER;
    const KSPROPERTY get = property(kSetA, kValue, kGet);
    ULONG value = 0;
    EXPECT_EQ(send(&get, sizeof(get), &value, sizeof(value)), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(lastInformation_, 0u);
}

TEST_F(PropertyEngine, OverstatedInformationIsClampedToTheBuffer)
{
    const KSPROPERTY get = property(kSetA, kOverstated, kGet);
    ULONG value[2] = {};
    EXPECT_EQ(send(&get, sizeof(get), value, sizeof(value)), STATUS_SUCCESS);
    EXPECT_EQ(lastInformation_, sizeof(value));
}

TEST_F(PropertyEngine, MisalignedBuffersAreBouncedAndCopiedBack)
{
    alignas(8) std::byte input[sizeof(KSPROPERTY) + 8];
    alignas(8) std::byte output[16] = {};
    const KSPROPERTY set = property(kSetA, kValue, kSet);
    std::memcpy(input + 4, &set, sizeof(set));
    const ULONG newValue = 77;
    std::memcpy(output + 1, &newValue, sizeof(newValue));
    ASSERT_EQ(send(input + 4, sizeof(set), output + 1, sizeof(ULONG)), STATUS_SUCCESS);
    EXPECT_EQ(gStored, 77u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(gSeen.data) % 8, 0u);

    gStored = 91;
    const KSPROPERTY get = property(kSetA, kValue, kGet);
    std::memcpy(input + 4, &get, sizeof(get));
    ASSERT_EQ(send(input + 4, sizeof(get), output + 1, sizeof(ULONG)), STATUS_SUCCESS);
    ULONG readBack = 0;
    std::memcpy(&readBack, output + 1, sizeof(readBack));
    EXPECT_EQ(readBack, 91u);
    EXPECT_EQ(output[0], std::byte{0});  // nothing written outside the caller's range
    EXPECT_EQ(output[5], std::byte{0});
}

// ---------------------------------------------------------------------------
// Override order: later tables win.

TEST_F(PropertyEngine, LaterTableItemOverridesEarlierOne)
{
    const KSPROPERTY_ITEM frameworkItem = makeItem(0, getOne, nullptr, sizeof(KSPROPERTY), sizeof(ULONG));
    const KSPROPERTY_ITEM driverItem = makeItem(0, getTwo, nullptr, sizeof(KSPROPERTY), sizeof(ULONG));
    const KSPROPERTY_SET frameworkSet = makeSet(&kSetC, &frameworkItem, 1);
    const KSPROPERTY_SET driverSet = makeSet(&kSetC, &driverItem, 1);
    const KSAUTOMATION_TABLE framework = makeTable(&frameworkSet, 1);
    const KSAUTOMATION_TABLE driver = makeTable(&driverSet, 1);
    const KSPROPERTY get = property(kSetC, 0, kGet);

    for (const auto& [tables, expected] :
         {std::pair{std::array<const KSAUTOMATION_TABLE*, 3>{&framework, nullptr, &driver}, 2u},
          std::pair{std::array<const KSAUTOMATION_TABLE*, 3>{&driver, &framework, nullptr}, 1u}}) {
        ULONG value = 0;
        Request request(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
        ASSERT_EQ(handleProperty(request.get(), AutomationView{tables.data(), tables.size()}), STATUS_SUCCESS);
        EXPECT_EQ(value, expected);
    }
}

TEST_F(PropertyEngine, OverrideKeepsTheOtherItemsOfTheSet)
{
    // The driver replaces id 0 of set B; set A (framework only) still answers.
    const KSPROPERTY_ITEM driverItem = makeItem(0, getTwo, nullptr, sizeof(KSPROPERTY), sizeof(ULONG));
    const KSPROPERTY_SET driverSet = makeSet(&kSetB, &driverItem, 1);
    const KSAUTOMATION_TABLE driver = makeTable(&driverSet, 1);
    const KSAUTOMATION_TABLE* tables[] = {&table_, &driver};
    ULONG value = 0;
    const KSPROPERTY getB = property(kSetB, 0, kGet);
    Request b(IOCTL_KS_PROPERTY, &getB, sizeof(getB), &value, sizeof(value));
    ASSERT_EQ(handleProperty(b.get(), AutomationView{tables, 2}), STATUS_SUCCESS);
    EXPECT_EQ(value, 2u);
    const KSPROPERTY getA = property(kSetA, kReadOnly, kGet);
    Request a(IOCTL_KS_PROPERTY, &getA, sizeof(getA), &value, sizeof(value));
    ASSERT_EQ(handleProperty(a.get(), AutomationView{tables, 2}), STATUS_SUCCESS);
    EXPECT_EQ(value, 1u);
}

TEST_F(PropertyEngine, ItemStrideFollowsTheTableItemSize)
{
    struct WideItem {
        KSPROPERTY_ITEM item;
        ULONG extra[6];
    };
    WideItem items[2] = {};
    items[0].item = makeItem(0, getOne, nullptr, sizeof(KSPROPERTY), sizeof(ULONG));
    items[1].item = makeItem(1, getTwo, nullptr, sizeof(KSPROPERTY), sizeof(ULONG));
    const KSPROPERTY_SET set = makeSet(&kSetC, &items[0].item, 2);
    KSAUTOMATION_TABLE table = makeTable(&set, 1);
    table.PropertyItemSize = sizeof(WideItem);
    const KSAUTOMATION_TABLE* tables[] = {&table};
    const KSPROPERTY get = property(kSetC, 1, kGet);
    ULONG value = 0;
    Request request(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
    ASSERT_EQ(handleProperty(request.get(), AutomationView{tables, 1}), STATUS_SUCCESS);
    EXPECT_EQ(value, 2u);
}

// ---------------------------------------------------------------------------
// SETSUPPORT with GUID_NULL (ks-spec §12 item 45).

TEST_F(PropertyEngine, SetSupportListsEverySetOnceInOrder)
{
    const KSPROPERTY_SET extraSets[] = {makeSet(&kSetC, itemsB_.data(), 1), makeSet(&kSetA, itemsB_.data(), 1)};
    const KSAUTOMATION_TABLE extra = makeTable(extraSets, 2);
    const KSAUTOMATION_TABLE* tables[] = {&table_, nullptr, &extra};
    const KSPROPERTY query = property(GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT);

    Request probe(IOCTL_KS_PROPERTY, &query, sizeof(query), nullptr, 0);
    EXPECT_EQ(handleProperty(probe.get(), AutomationView{tables, 3}), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(probe.information(), 3 * sizeof(GUID));

    GUID guids[4] = {};
    Request shortFetch(IOCTL_KS_PROPERTY, &query, sizeof(query), guids, 2 * sizeof(GUID));
    EXPECT_EQ(handleProperty(shortFetch.get(), AutomationView{tables, 3}), STATUS_BUFFER_TOO_SMALL);

    Request fetch(IOCTL_KS_PROPERTY, &query, sizeof(query), guids, sizeof(guids));
    ASSERT_EQ(handleProperty(fetch.get(), AutomationView{tables, 3}), STATUS_SUCCESS);
    EXPECT_EQ(fetch.information(), 3 * sizeof(GUID));
    EXPECT_TRUE(IsEqualGUID(guids[0], kSetA));
    EXPECT_TRUE(IsEqualGUID(guids[1], kSetB));
    EXPECT_TRUE(IsEqualGUID(guids[2], kSetC));
}

TEST_F(PropertyEngine, SetSupportWithNoSetsIsAnEmptySuccess)
{
    const AutomationView empty{nullptr, 0};
    const KSPROPERTY query = property(GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT);
    Request probe(IOCTL_KS_PROPERTY, &query, sizeof(query), nullptr, 0);
    EXPECT_EQ(handleProperty(probe.get(), empty), STATUS_SUCCESS);
    EXPECT_EQ(probe.information(), 0u);
}

// ---------------------------------------------------------------------------
// BASICSUPPORT (ks-spec §12 item 46) and DEFAULTVALUES.

constexpr ULONG kVolumeFullSize = sizeof(KSPROPERTY_DESCRIPTION) + sizeof(KSPROPERTY_MEMBERSHEADER) +
                                  sizeof(KSPROPERTY_STEPPING_LONG) + sizeof(KSPROPERTY_MEMBERSHEADER) + sizeof(LONG);

struct AccessRow {
    ULONG id;
    ULONG access;
};

TEST_F(PropertyEngine, BasicSupportUlongIsTheAccessFlags)
{
    for (const AccessRow row :
         {AccessRow{kValue, kGet | kSet}, AccessRow{kReadOnly, kGet}, AccessRow{kWriteOnly, kSet}}) {
        const KSPROPERTY query = property(kSetA, row.id, KSPROPERTY_TYPE_BASICSUPPORT);
        ULONG access = 0xFFFFFFFF;
        ASSERT_EQ(send(&query, sizeof(query), &access, sizeof(access)), STATUS_SUCCESS);
        EXPECT_EQ(access, row.access) << row.id;
        EXPECT_EQ(lastInformation_, sizeof(ULONG));
    }
}

TEST_F(PropertyEngine, BasicSupportDescriptionWithoutValues)
{
    const KSPROPERTY query = property(kSetA, kReadOnly, KSPROPERTY_TYPE_BASICSUPPORT);
    KSPROPERTY_DESCRIPTION d{};
    ASSERT_EQ(send(&query, sizeof(query), &d, sizeof(d)), STATUS_SUCCESS);
    EXPECT_EQ(lastInformation_, sizeof(d));
    EXPECT_EQ(d.AccessFlags, kGet);
    EXPECT_EQ(d.DescriptionSize, sizeof(d));
    EXPECT_TRUE(IsEqualGUID(d.PropTypeSet.Set, KSPROPTYPESETID_General));
    EXPECT_EQ(d.PropTypeSet.Id, ULONG(VT_EMPTY));
    EXPECT_EQ(d.MembersListCount, 0u);
    EXPECT_EQ(d.Reserved, 0u);
}

TEST_F(PropertyEngine, BasicSupportTiersWithSteppedRange)
{
    const KSPROPERTY query = property(kSetA, kVolume, KSPROPERTY_TYPE_BASICSUPPORT);

    // Probe: the full size.
    EXPECT_EQ(send(&query, sizeof(query), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(lastInformation_, kVolumeFullSize);
    Buffer tiny(2);
    EXPECT_EQ(send(&query, sizeof(query), tiny.data(), 2), STATUS_BUFFER_TOO_SMALL);

    // 40 bytes: the description, whose DescriptionSize says what to ask for.
    KSPROPERTY_DESCRIPTION d{};
    ASSERT_EQ(send(&query, sizeof(query), &d, sizeof(d)), STATUS_SUCCESS);
    EXPECT_EQ(lastInformation_, sizeof(d));
    EXPECT_EQ(d.AccessFlags, kGet | kSet);
    EXPECT_EQ(d.DescriptionSize, kVolumeFullSize);
    EXPECT_EQ(d.PropTypeSet.Id, ULONG(VT_I4));
    EXPECT_EQ(d.MembersListCount, 2u);

    // Full: description, then each members header followed by its members.
    Buffer full(kVolumeFullSize + 8);
    ASSERT_EQ(send(&query, sizeof(query), full.data(), full.size()), STATUS_SUCCESS);
    EXPECT_EQ(lastInformation_, kVolumeFullSize);
    size_t at = sizeof(KSPROPERTY_DESCRIPTION);
    const auto steps = full.read<KSPROPERTY_MEMBERSHEADER>(at);
    EXPECT_EQ(steps.MembersFlags, ULONG(KSPROPERTY_MEMBER_STEPPEDRANGES));
    EXPECT_EQ(steps.MembersSize, sizeof(KSPROPERTY_STEPPING_LONG));
    EXPECT_EQ(steps.MembersCount, 1u);
    at += sizeof(KSPROPERTY_MEMBERSHEADER);
    const auto stepping = full.read<KSPROPERTY_STEPPING_LONG>(at);
    EXPECT_EQ(stepping.SteppingDelta, 0x8000u);
    EXPECT_EQ(stepping.Bounds.SignedMinimum, -96 * 65536);
    EXPECT_EQ(stepping.Bounds.SignedMaximum, 0);
    at += sizeof(KSPROPERTY_STEPPING_LONG);
    const auto defaults = full.read<KSPROPERTY_MEMBERSHEADER>(at);
    EXPECT_EQ(defaults.MembersFlags, ULONG(KSPROPERTY_MEMBER_VALUES));
    EXPECT_EQ(defaults.Flags, ULONG(KSPROPERTY_MEMBER_FLAG_DEFAULT));
    EXPECT_EQ(full.read<LONG>(at + sizeof(KSPROPERTY_MEMBERSHEADER)), -6 * 65536);
}

TEST_F(PropertyEngine, DefaultValuesKeepsOnlyDefaultLists)
{
    const KSPROPERTY query = property(kSetA, kVolume, KSPROPERTY_TYPE_DEFAULTVALUES);
    constexpr ULONG kSize = sizeof(KSPROPERTY_DESCRIPTION) + sizeof(KSPROPERTY_MEMBERSHEADER) + sizeof(LONG);
    EXPECT_EQ(send(&query, sizeof(query), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(lastInformation_, kSize);
    Buffer full(kSize);
    ASSERT_EQ(send(&query, sizeof(query), full.data(), full.size()), STATUS_SUCCESS);
    const auto d = full.read<KSPROPERTY_DESCRIPTION>(0);
    EXPECT_EQ(d.MembersListCount, 1u);
    EXPECT_EQ(full.read<KSPROPERTY_MEMBERSHEADER>(sizeof(d)).Flags, ULONG(KSPROPERTY_MEMBER_FLAG_DEFAULT));
    EXPECT_EQ(full.read<LONG>(sizeof(d) + sizeof(KSPROPERTY_MEMBERSHEADER)), -6 * 65536);
}

TEST_F(PropertyEngine, SupportHandlerServesBasicSupportInstead)
{
    const KSPROPERTY query = property(kSetA, kSupported, KSPROPERTY_TYPE_BASICSUPPORT);
    ULONG access = 0;
    EXPECT_EQ(send(&query, sizeof(query), &access, sizeof(access)), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(gSeen.calls, 1);
    // GET still goes to the GET handler.
    const KSPROPERTY get = property(kSetA, kSupported, kGet);
    EXPECT_EQ(send(&get, sizeof(get), &access, sizeof(access)), STATUS_SUCCESS);
    EXPECT_EQ(access, 1u);
}

TEST_F(PropertyEngine, RelationsListTheRelatedProperties)
{
    const KSPROPERTY query = property(kSetA, kRelated, KSPROPERTY_TYPE_RELATIONS);
    constexpr ULONG kSize = sizeof(KSMULTIPLE_ITEM) + sizeof(KSPROPERTY);
    EXPECT_EQ(send(&query, sizeof(query), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(lastInformation_, kSize);
    Buffer out(kSize);
    ASSERT_EQ(send(&query, sizeof(query), out.data(), out.size()), STATUS_SUCCESS);
    EXPECT_EQ(out.read<KSMULTIPLE_ITEM>(0).Count, 1u);
    EXPECT_TRUE(IsEqualGUID(out.read<KSPROPERTY>(sizeof(KSMULTIPLE_ITEM)).Set, kSetB));
}

// ---------------------------------------------------------------------------
// Size-probe tiers of the shared answers.

struct TierRow {
    const char* name;
    ULONG outLen;
    NTSTATUS status;
    ULONG_PTR information;
    ULONG bytesWritten;
};

std::ostream& operator<<(std::ostream& os, const TierRow& row)
{
    return os << row.name;
}

// A KSMULTIPLE_ITEM of 3 ULONGs: 8 + 12 = 20 bytes.
constexpr ULONG kItemSize = 20;

class MultipleItemTiers : public ::testing::TestWithParam<TierRow> {};

TEST_P(MultipleItemTiers, AnswerMultipleItem)
{
    const TierRow& row = GetParam();
    Buffer item(kItemSize);
    item.at<KSMULTIPLE_ITEM>(0) = {kItemSize, 3};
    for (ULONG i = 0; i < 3; ++i) {
        item.at<ULONG>(8 + 4 * i) = 100 + i;
    }
    Buffer out(64);
    std::memset(out.data(), 0xAB, 64);
    Request request(IOCTL_KS_PROPERTY, nullptr, 0, out.data(), row.outLen);
    EXPECT_EQ(
        answerMultipleItem(request.get(), row.outLen == 0 ? nullptr : out.data(), row.outLen, item.data(), kItemSize),
        row.status);
    EXPECT_EQ(request.information(), row.information);
    EXPECT_EQ(std::memcmp(out.data(), item.data(), row.bytesWritten), 0);
    EXPECT_EQ(out.data()[row.bytesWritten], std::byte{0xAB});  // nothing beyond
}

TEST_P(MultipleItemTiers, KsHandleSizedListQueryMatches)
{
    // ks-spec §12 item 41 (8 < OutLength < required -> BUFFER_TOO_SMALL)
    const TierRow& row = GetParam();
    const ULONG items[3] = {100, 101, 102};
    Buffer out(64);
    std::memset(out.data(), 0xAB, 64);
    Request request(IOCTL_KS_PROPERTY, nullptr, 0, row.outLen == 0 ? nullptr : out.data(), row.outLen);
    EXPECT_EQ(KsHandleSizedListQuery(request.get(), 3, sizeof(ULONG), items), row.status);
    EXPECT_EQ(request.information(), row.information);
    if (row.bytesWritten >= 4) {
        EXPECT_EQ(out.read<ULONG>(0), kItemSize);
    }
    if (row.bytesWritten >= 8) {
        EXPECT_EQ(out.read<ULONG>(4), 3u);
    }
    if (row.bytesWritten == kItemSize) {
        EXPECT_EQ(out.read<ULONG>(16), 102u);
    }
    EXPECT_EQ(out.data()[row.bytesWritten], std::byte{0xAB});
}

INSTANTIATE_TEST_SUITE_P(Tiers, MultipleItemTiers,
                         ::testing::Values(TierRow{"zero", 0, STATUS_BUFFER_OVERFLOW, kItemSize, 0},
                                           TierRow{"three", 3, STATUS_BUFFER_TOO_SMALL, kItemSize, 0},
                                           TierRow{"ulong", 4, STATUS_SUCCESS, 4, 4},
                                           TierRow{"five", 5, STATUS_SUCCESS, 4, 4},
                                           TierRow{"sizeAndCount", 8, STATUS_SUCCESS, 8, 8},
                                           TierRow{"short", 12, STATUS_BUFFER_TOO_SMALL, kItemSize, 0},
                                           TierRow{"exact", kItemSize, STATUS_SUCCESS, kItemSize, kItemSize},
                                           TierRow{"longer", 40, STATUS_SUCCESS, kItemSize, kItemSize}),
                         [](const ::testing::TestParamInfo<TierRow>& info) { return std::string(info.param.name); });

class VariableTiers : public ::testing::TestWithParam<TierRow> {};

TEST_P(VariableTiers, AnswerVariable)
{
    const TierRow& row = GetParam();
    const char16_t name[] = u"Speakers";  // 18 bytes with the NUL
    Buffer out(64);
    std::memset(out.data(), 0xAB, 64);
    Request request(IOCTL_KS_PROPERTY, nullptr, 0, out.data(), row.outLen);
    EXPECT_EQ(answerVariable(request.get(), row.outLen == 0 ? nullptr : out.data(), row.outLen, name, sizeof(name)),
              row.status);
    EXPECT_EQ(request.information(), row.information);
    EXPECT_EQ(std::memcmp(out.data(), name, row.bytesWritten), 0);
    EXPECT_EQ(out.data()[row.bytesWritten], std::byte{0xAB});
}

INSTANTIATE_TEST_SUITE_P(Tiers, VariableTiers,
                         ::testing::Values(TierRow{"zero", 0, STATUS_BUFFER_OVERFLOW, 18, 0},
                                           TierRow{"ulong", 4, STATUS_BUFFER_TOO_SMALL, 18, 0},
                                           TierRow{"sizeAndCount", 8, STATUS_BUFFER_TOO_SMALL, 18, 0},
                                           TierRow{"short", 17, STATUS_BUFFER_TOO_SMALL, 18, 0},
                                           TierRow{"exact", 18, STATUS_SUCCESS, 18, 18},
                                           TierRow{"longer", 40, STATUS_SUCCESS, 18, 18}),
                         [](const ::testing::TestParamInfo<TierRow>& info) { return std::string(info.param.name); });

TEST(AnswerHelpers, RejectBadArgumentsWithAStatus)
{
    Request request(IOCTL_KS_PROPERTY, nullptr, 0, nullptr, 0);
    const KSMULTIPLE_ITEM item{8, 0};
    EXPECT_EQ(answerMultipleItem(request.get(), nullptr, 8, &item, 8), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(answerMultipleItem(request.get(), nullptr, 0, &item, 4), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(answerMultipleItem(request.get(), nullptr, 0, nullptr, 8), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(answerVariable(request.get(), nullptr, 4, &item, 8), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(answerVariable(request.get(), nullptr, 0, nullptr, 8), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(answerSizedList(request.get(), nullptr, 0, 0x10000, 0x10000, &item), STATUS_INVALID_PARAMETER);
}

TEST_F(PropertyEngine, VariableHandlerRunsTheProbeProtocolThroughTheEngine)
{
    // MinData 0: the engine passes every length to the handler (clients.md §1.2 probe styles).
    const KSPROPERTY get = property(kSetA, kList, kGet);
    EXPECT_EQ(send(&get, sizeof(get), nullptr, 0), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(lastInformation_, kItemSize);
    ULONG size = 0;
    EXPECT_EQ(send(&get, sizeof(get), &size, sizeof(size)), STATUS_SUCCESS);
    EXPECT_EQ(size, kItemSize);
    Buffer out(kItemSize);
    EXPECT_EQ(send(&get, sizeof(get), out.data(), out.size()), STATUS_SUCCESS);
    EXPECT_EQ(lastInformation_, kItemSize);
    EXPECT_EQ(out.read<ULONG>(8), 10u);
}

// ---------------------------------------------------------------------------
// MultipleItemBuilder: 8-aligned entries, Size covering the padding.

TEST(MultipleItemBuilderTest, EntriesStartOnEightByteBoundaries)
{
    MultipleItemBuilder list;
    EXPECT_EQ(list.size(), 8u);
    EXPECT_EQ(list.count(), 0u);
    const std::byte five[5] = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}, std::byte{5}};
    const std::byte eight[8] = {std::byte{9}};
    ASSERT_TRUE(list.append(five, sizeof(five)));
    ASSERT_TRUE(list.append(eight, sizeof(eight)));
    ASSERT_TRUE(list.append(five, 3));
    EXPECT_EQ(list.count(), 3u);
    EXPECT_EQ(list.size(), 8u + 8 + 8 + 8);
    const auto bytes = list.bytes();
    KSMULTIPLE_ITEM header;
    std::memcpy(&header, bytes.data(), sizeof(header));
    EXPECT_EQ(header.Size, list.size());
    EXPECT_EQ(header.Count, 3u);
    EXPECT_EQ(bytes[8], std::byte{1});
    EXPECT_EQ(bytes[13], std::byte{0});  // padding is zero
    EXPECT_EQ(bytes[16], std::byte{9});
    EXPECT_EQ(bytes[24], std::byte{1});
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(list.data()) % 8, 0u);
}

TEST(MultipleItemBuilderTest, AppendArrayPadsEachItem)
{
    MultipleItemBuilder list;
    const ULONG values[3] = {1, 2, 3};
    ASSERT_TRUE(list.appendArray(values, 3, sizeof(ULONG)));
    EXPECT_EQ(list.count(), 3u);
    EXPECT_EQ(list.size(), 8u + 3 * 8);
    EXPECT_FALSE(list.append(nullptr, 4));  // no data for a non-empty entry
    EXPECT_EQ(list.count(), 3u);
}

// ---------------------------------------------------------------------------
// The KS 1.0 DDI.

TEST_F(PropertyEngine, KsPropertyHandlerServesTheSetArray)
{
    const KSPROPERTY get = property(kSetA, kReadOnly, kGet);
    ULONG value = 0;
    Request request(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
    EXPECT_EQ(KsPropertyHandler(request.get(), ULONG(sets_.size()), sets_.data()), STATUS_SUCCESS);
    EXPECT_EQ(value, 1u);
    Request other(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
    EXPECT_EQ(KsPropertyHandlerWithAllocator(other.get(), ULONG(sets_.size()), sets_.data(), nullptr, 0),
              STATUS_SUCCESS);
    const KSPROPERTY unknown = property(kUnknownSet, 0, kGet);
    Request missing(IOCTL_KS_PROPERTY, &unknown, sizeof(unknown), &value, sizeof(value));
    EXPECT_EQ(KsPropertyHandler(missing.get(), ULONG(sets_.size()), sets_.data()), STATUS_PROPSET_NOT_FOUND);
}

TEST_F(PropertyEngine, KsDispatchSpecificPropertyCallsTheGivenHandler)
{
    const KSPROPERTY get = property(kUnknownSet, 42, kGet);  // no lookup happens
    ULONG value = 0;
    Request request(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
    EXPECT_EQ(KsDispatchSpecificProperty(request.get(), getTwo), STATUS_SUCCESS);
    EXPECT_EQ(value, 2u);
    EXPECT_EQ(gSeen.request.Id, 42u);
    Request noHandler(IOCTL_KS_PROPERTY, &get, sizeof(get), &value, sizeof(value));
    EXPECT_EQ(KsDispatchSpecificProperty(noHandler.get(), nullptr), STATUS_INVALID_PARAMETER);
}

TEST(KsFastPropertyHandlerTest, AlwaysDefersToTheIrpPath)
{
    KSPROPERTY p = property(KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_GET);
    ULONG value = 0;
    IO_STATUS_BLOCK iosb{};
    EXPECT_EQ(KsFastPropertyHandler(nullptr, &p, sizeof(p), &value, sizeof(value), &iosb, 0, nullptr), FALSE);
}

}  // namespace
}  // namespace openks::ks
