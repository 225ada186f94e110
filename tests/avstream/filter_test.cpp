// SPDX-License-Identifier: MIT
// Tests of filters: opening by reference string, many opens, IOCTL routing, the object hierarchy DDI and dynamic
// descriptors.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <cstring>
#include <string>
#include <vector>

#include "avstream/filter_factory.h"
#include "avstream/testdrv_fixture.h"

namespace openks::test {
namespace {

class FilterTest : public TestDriverFilter {
protected:
    PKSFILTER ksFilter(HANDLE handle)
    {
        io::ObjectRef<FILE_OBJECT> file = session_.fileObject(handle);
        EXPECT_TRUE(file);
        EXPECT_EQ(KsGetObjectTypeFromFileObject(file.get()), KsObjectTypeFilter);
        return static_cast<PKSFILTER>(KsGetObjectFromFileObject(file.get()));
    }

    ULONG pinFactoryCount(HANDLE filter)
    {
        ULONG count = 0;
        IoResult r = session_.property(filter, KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_GET, &count,
                                       sizeof(count));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        return count;
    }

    ULONG listCount(HANDLE filter, const GUID& set, ULONG id)
    {
        KSMULTIPLE_ITEM header{};
        IoResult r = session_.property(filter, set, id, KSPROPERTY_TYPE_GET, &header, sizeof(header));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        return header.Count;
    }
};

TEST_F(FilterTest, ManyOpensOfOneFilterAreAllowedEachWithItsOwnInstance)
{
    // Share mode 0 must not make a filter exclusive (clients.md §1.1).
    std::vector<HANDLE> handles;
    for (int i = 0; i < 16; ++i) {
        HANDLE handle = nullptr;
        ASSERT_EQ(session_.openFilter(path_, &handle), STATUS_SUCCESS) << "open #" << i;
        handles.push_back(handle);
    }
    HANDLE pin = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin), STATUS_SUCCESS);
    // The pin belongs to filter_ only; every other instance has its own count.
    EXPECT_EQ(instances(TESTDRV_PIN_RENDER).CurrentCount, 1u);
    for (HANDLE handle : handles) {
        KSPIN_CINSTANCES value{};
        IoResult r = session_.pinProperty(handle, TESTDRV_PIN_RENDER, KSPROPSETID_Pin, KSPROPERTY_PIN_CINSTANCES,
                                          KSPROPERTY_TYPE_GET, &value, sizeof(value));
        ASSERT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(value.CurrentCount, 0u);
        EXPECT_EQ(session_.close(handle), STATUS_SUCCESS);
    }
}

TEST_F(FilterTest, EmptyCreateNameIsNotFound)
{
    HANDLE handle = nullptr;
    EXPECT_EQ(session_.openFilter(u"\\Device\\openks_testdrv", &handle), STATUS_OBJECT_NAME_NOT_FOUND);
}

TEST_F(FilterTest, UnknownReferenceStringIsNotFound)
{
    HANDLE handle = nullptr;
    EXPECT_EQ(session_.openFilter(u"\\Device\\openks_testdrv\\{00000000-0000-0000-0000-000000000000}", &handle),
              STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(session_.openFilter(u"\\Device\\openks_testdrv\\tone", &handle), STATUS_OBJECT_NAME_NOT_FOUND);
}

TEST_F(FilterTest, ReferenceStringMatchesIgnoringCase)
{
    std::u16string reference = avstream::guidText(TESTDRV_FILTER_GUID);
    for (char16_t& c : reference) {
        if (c >= u'A' && c <= u'F') {
            c = static_cast<char16_t>(c - u'A' + u'a');
        }
    }
    HANDLE handle = nullptr;
    EXPECT_EQ(session_.openFilter(u"\\Device\\openks_testdrv\\" + reference, &handle), STATUS_SUCCESS);
}

TEST_F(FilterTest, OtherIoctlsOnAFilterAreInvalidDeviceRequests)
{
    KSSTREAM_HEADER header{};
    header.Size = sizeof(header);
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header, sizeof(header)).status,
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_READ_STREAM, nullptr, 0, &header, sizeof(header)).status,
              STATUS_INVALID_DEVICE_REQUEST);
    KSRESET reset = KSRESET_BEGIN;
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_RESET_STATE, &reset, sizeof(reset), nullptr, 0).status,
              STATUS_INVALID_DEVICE_REQUEST);
    KSHANDSHAKE in{}, out{};
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_HANDSHAKE, &in, sizeof(in), &out, sizeof(out)).status,
              STATUS_INVALID_DEVICE_REQUEST);
    const ULONG unknown = CTL_CODE(FILE_DEVICE_KS, 0x123, METHOD_NEITHER, FILE_ANY_ACCESS);
    EXPECT_EQ(session_.ioctl(filter_, unknown, nullptr, 0, nullptr, 0).status, STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(FilterTest, HierarchyLeadsFromTheFilterToItsFactoryAndDevice)
{
    PKSFILTER filter = ksFilter(filter_);
    ASSERT_NE(filter, nullptr);
    EXPECT_NE(filter->Context, nullptr);  // the minidriver's Create ran
    PKSFILTERFACTORY factory = KsFilterGetParentFilterFactory(filter);
    ASSERT_NE(factory, nullptr);
    PKSDEVICE device = KsFilterFactoryGetParentDevice(factory);
    ASSERT_NE(device, nullptr);
    EXPECT_EQ(KsGetDevice(filter), device);
    EXPECT_EQ(KsGetParent(device), nullptr);
    EXPECT_TRUE(device->Started);
    EXPECT_EQ(KsGetDeviceForDeviceObject(device->FunctionalDeviceObject), device);

    KsAcquireDevice(device);
    EXPECT_EQ(KsDeviceGetFirstChildFilterFactory(device), factory);
    EXPECT_EQ(KsFilterFactoryGetNextSiblingFilterFactory(factory), nullptr);
    EXPECT_NE(KsFilterFactoryGetFirstChildFilter(factory), nullptr);
    KsReleaseDevice(device);

    PUNICODE_STRING link = KsFilterFactoryGetSymbolicLink(factory);
    ASSERT_NE(link, nullptr);
    EXPECT_EQ(std::u16string(link->Buffer, link->Length / sizeof(WCHAR)), path_);
}

TEST_F(FilterTest, PinsAreChildrenGroupedByPinId)
{
    HANDLE render1 = nullptr, render2 = nullptr, capture = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &render1), STATUS_SUCCESS);
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &render2), STATUS_SUCCESS);
    ASSERT_EQ(createPin(TESTDRV_PIN_CAPTURE, &capture), STATUS_SUCCESS);
    PKSFILTER filter = ksFilter(filter_);
    io::ObjectRef<FILE_OBJECT> renderFile = session_.fileObject(render1);
    auto* first = static_cast<PKSPIN>(KsGetObjectFromFileObject(renderFile.get()));
    ASSERT_NE(first, nullptr);

    KsFilterAcquireControl(filter);
    EXPECT_EQ(KsFilterGetChildPinCount(filter, TESTDRV_PIN_RENDER), 2u);
    EXPECT_EQ(KsFilterGetChildPinCount(filter, TESTDRV_PIN_CAPTURE), 1u);
    EXPECT_EQ(KsFilterGetChildPinCount(filter, TESTDRV_PIN_EXCLUSIVE), 0u);
    EXPECT_EQ(KsFilterGetFirstChildPin(filter, TESTDRV_PIN_RENDER), first);
    PKSPIN second = KsPinGetNextSiblingPin(first);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->Id, static_cast<ULONG>(TESTDRV_PIN_RENDER));
    EXPECT_EQ(KsPinGetNextSiblingPin(second), nullptr);
    EXPECT_EQ(KsGetFirstChild(filter), first);
    EXPECT_EQ(KsPinGetParentFilter(first), filter);
    EXPECT_EQ(KsGetParent(first), filter);
    EXPECT_EQ(KsFilterGetFirstChildPin(filter, TESTDRV_PIN_EXCLUSIVE), nullptr);
    KsFilterReleaseControl(filter);

    EXPECT_EQ(first->Context, filter->Context);  // a pin's Context starts as its filter's
    EXPECT_EQ(KsGetDevice(first), KsGetDevice(filter));
}

TEST_F(FilterTest, PinFactoriesNodesAndConnectionsCanBeAddedToOneFilter)
{
    HANDLE other = nullptr;
    ASSERT_EQ(session_.openFilter(path_, &other), STATUS_SUCCESS);
    PKSFILTER filter = ksFilter(filter_);
    ASSERT_EQ(pinFactoryCount(filter_), static_cast<ULONG>(TESTDRV_PIN_COUNT));

    // A copy of the raw pin's descriptor becomes a fifth pin factory.
    KSPIN_DESCRIPTOR_EX extra;
    const auto* pins = reinterpret_cast<const uint8_t*>(filter->Descriptor->PinDescriptors);
    std::memcpy(&extra, pins + TESTDRV_PIN_RAW * filter->Descriptor->PinDescriptorSize, sizeof(extra));
    const KSFILTER_DESCRIPTOR* shared = filter->Descriptor;
    ULONG pinId = 0;
    KsFilterAcquireControl(filter);
    EXPECT_EQ(KsFilterCreatePinFactory(filter, &extra, &pinId), STATUS_SUCCESS);
    KsFilterReleaseControl(filter);
    EXPECT_EQ(pinId, static_cast<ULONG>(TESTDRV_PIN_COUNT));
    EXPECT_NE(filter->Descriptor, shared);  // the filter has its own copy now
    EXPECT_EQ(pinFactoryCount(filter_), TESTDRV_PIN_COUNT + 1u);
    EXPECT_EQ(pinFactoryCount(other), static_cast<ULONG>(TESTDRV_PIN_COUNT));  // the factory's is unchanged

    KSDATAFORMAT format{};
    format.FormatSize = sizeof(format);
    format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    HANDLE pin = nullptr;
    EXPECT_EQ(session_.createPin(filter_, standardConnect(pinId), &format, &pin), STATUS_SUCCESS);

    const GUID mute = {0x02B223C0, 0xC557, 0x11D0, {0x8A, 0x2B, 0x00, 0xA0, 0xC9, 0x25, 0x5A, 0xC1}};
    const KSNODE_DESCRIPTOR node = {nullptr, &mute, nullptr};
    ULONG nodeId = 0;
    const KSTOPOLOGY_CONNECTION connection = {KSFILTER_NODE, pinId, TESTDRV_NODE_COUNT, 1};
    KsFilterAcquireControl(filter);
    EXPECT_EQ(KsFilterCreateNode(filter, &node, &nodeId), STATUS_SUCCESS);
    EXPECT_EQ(KsFilterAddTopologyConnections(filter, 1, &connection), STATUS_SUCCESS);
    KsFilterReleaseControl(filter);
    EXPECT_EQ(nodeId, static_cast<ULONG>(TESTDRV_NODE_COUNT));
    EXPECT_EQ(listCount(filter_, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_NODES), TESTDRV_NODE_COUNT + 1u);
    EXPECT_EQ(listCount(filter_, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_CONNECTIONS), TESTDRV_CONNECTION_COUNT + 1u);
    EXPECT_EQ(listCount(other, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_NODES),
              static_cast<ULONG>(TESTDRV_NODE_COUNT));
}

TEST_F(FilterTest, PinFactoryWithAnOddRangeSizeIsRefused)
{
    PKSFILTER filter = ksFilter(filter_);
    KSDATARANGE odd{};
    odd.FormatSize = 70;  // not a multiple of 8
    odd.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    PKSDATARANGE ranges[] = {&odd};
    KSPIN_DESCRIPTOR_EX bad{};
    bad.PinDescriptor.DataRangesCount = 1;
    bad.PinDescriptor.DataRanges = ranges;
    bad.PinDescriptor.DataFlow = KSPIN_DATAFLOW_IN;
    bad.PinDescriptor.Communication = KSPIN_COMMUNICATION_SINK;
    bad.InstancesPossible = 1;
    ULONG pinId = 0;
    KsFilterAcquireControl(filter);
    EXPECT_EQ(KsFilterCreatePinFactory(filter, &bad, &pinId), STATUS_INVALID_PARAMETER);
    KsFilterReleaseControl(filter);
    EXPECT_EQ(pinFactoryCount(filter_), static_cast<ULONG>(TESTDRV_PIN_COUNT));
}

}  // namespace
}  // namespace openks::test

namespace openks::test {
namespace {

// Every filter has an AND gate (KsFilterGetAndGate), pin-centric ones too
// (openks_testdrv has no filter Process); it starts open.
TEST_F(FilterTest, PinCentricFilterHasAnOpenAndGate)
{
    PKSFILTER filter = ksFilter(filter_);
    ASSERT_NE(filter, nullptr);
    PKSGATE gate = KsFilterGetAndGate(filter);
    ASSERT_NE(gate, nullptr);
    EXPECT_TRUE(KsGateGetStateUnsafe(gate));
    KsGateAddOffInputToAnd(gate);
    EXPECT_FALSE(KsGateGetStateUnsafe(gate));
    KsGateRemoveOffInputFromAnd(gate);
    EXPECT_TRUE(KsGateGetStateUnsafe(gate));
}

}  // namespace
}  // namespace openks::test
