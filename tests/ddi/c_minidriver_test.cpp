// SPDX-License-Identifier: MIT
// A descriptor graph written in C with the DEFINE_* macros (c_minidriver.c) puts every value in the member meant.
#include <gtest/gtest.h>
#include <openks/driver.h>

#include "ddi/c_minidriver.h"

namespace {

// ks-spec §10: KSDEVICE_DESCRIPTOR {Dispatch; FilterDescriptorsCount; FilterDescriptors; Version; Flags}.
TEST(CMinidriver, DeviceDescriptorListsBothFilters)
{
    const KSDEVICE_DESCRIPTOR* device = openks_test_c_device_descriptor();
    ASSERT_NE(device->Dispatch, nullptr);
    EXPECT_EQ(device->Dispatch->Add, nullptr);
    EXPECT_EQ(device->FilterDescriptorsCount, 2u);
    EXPECT_EQ(device->Version, ULONG{KSDEVICE_DESCRIPTOR_VERSION_2});
    EXPECT_EQ(device->Flags, ULONG{KSDEVICE_FLAG_ENABLE_REMOTE_WAKEUP});
}

// ks-spec §10: KSFILTER_DESCRIPTOR members in order; the group macros fill count, size and table.
TEST(CMinidriver, FilterDescriptorGroupsLandInTheirMembers)
{
    const KSFILTER_DESCRIPTOR* capture = openks_test_c_device_descriptor()->FilterDescriptors[0];
    ASSERT_NE(capture->Dispatch, nullptr);
    EXPECT_NE(capture->Dispatch->Create, nullptr);
    EXPECT_EQ(capture->Dispatch->Process, nullptr);
    EXPECT_EQ(capture->AutomationTable, nullptr);
    EXPECT_EQ(capture->Version, ULONG{KSFILTER_DESCRIPTOR_VERSION});
    EXPECT_EQ(capture->Flags, ULONG{KSFILTER_FLAG_CRITICAL_PROCESSING});
    EXPECT_EQ(capture->ReferenceGuid, &KSNAME_Filter);
    EXPECT_EQ(capture->PinDescriptorsCount, 2u);
    EXPECT_EQ(capture->PinDescriptorSize, sizeof(KSPIN_DESCRIPTOR_EX));
    EXPECT_EQ(capture->CategoriesCount, 2u);
    EXPECT_TRUE(IsEqualGUID(capture->Categories[1], KSCATEGORY_CAPTURE));
    EXPECT_EQ(capture->NodeDescriptorsCount, 1u);
    EXPECT_EQ(capture->NodeDescriptorSize, sizeof(KSNODE_DESCRIPTOR));
    EXPECT_NE(capture->NodeDescriptors[0].AutomationTable, nullptr);
    EXPECT_EQ(capture->NodeDescriptors[0].Name, nullptr);
    EXPECT_EQ(capture->ConnectionsCount, 2u);
    EXPECT_EQ(capture->Connections[0].FromNode, ULONG{KSFILTER_NODE});
    EXPECT_EQ(capture->Connections[0].ToNodePin, 1u);
    EXPECT_EQ(capture->ComponentId, nullptr);

    const KSFILTER_DESCRIPTOR* defaults = openks_test_c_device_descriptor()->FilterDescriptors[1];
    EXPECT_EQ(defaults->CategoriesCount, 1u);
    EXPECT_EQ(defaults->Categories, &KSCATEGORY_RENDER);
    EXPECT_EQ(defaults->NodeDescriptorsCount, 0u);
    EXPECT_EQ(defaults->NodeDescriptorSize, sizeof(KSNODE_DESCRIPTOR));
    EXPECT_EQ(defaults->NodeDescriptors, nullptr);
    EXPECT_EQ(defaults->ConnectionsCount, 0u);
    EXPECT_EQ(defaults->Connections, nullptr);
}

// ks-spec §10: KSPIN_DESCRIPTOR_EX {Dispatch; AutomationTable; PinDescriptor; Flags; InstancesPossible; ...}.
TEST(CMinidriver, PinDescriptorsLandInTheirMembers)
{
    const KSFILTER_DESCRIPTOR* capture = openks_test_c_device_descriptor()->FilterDescriptors[0];
    const KSPIN_DESCRIPTOR_EX& out = capture->PinDescriptors[0];
    ASSERT_NE(out.Dispatch, nullptr);
    EXPECT_NE(out.Dispatch->Process, nullptr);
    EXPECT_NE(out.Dispatch->SetDeviceState, nullptr);
    EXPECT_EQ(out.Dispatch->Clock, nullptr);
    EXPECT_EQ(out.PinDescriptor.InterfacesCount, 0u);
    EXPECT_EQ(out.PinDescriptor.Interfaces, nullptr);
    EXPECT_EQ(out.PinDescriptor.MediumsCount, 0u);
    EXPECT_EQ(out.PinDescriptor.DataRangesCount, 1u);
    EXPECT_EQ(out.PinDescriptor.DataRanges[0]->SampleSize, 4u);
    EXPECT_EQ(out.PinDescriptor.DataFlow, KSPIN_DATAFLOW_OUT);
    EXPECT_EQ(out.PinDescriptor.Communication, KSPIN_COMMUNICATION_BOTH);
    EXPECT_EQ(out.PinDescriptor.Category, &KSCATEGORY_CAPTURE);
    EXPECT_EQ(out.PinDescriptor.Reserved, 0);
    EXPECT_EQ(out.Flags, ULONG{KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING});
    EXPECT_EQ(out.InstancesPossible, 1u);
    EXPECT_EQ(out.InstancesNecessary, 0u);
    EXPECT_NE(out.IntersectHandler, nullptr);

    const KSPIN_DESCRIPTOR_EX& in = capture->PinDescriptors[1];
    EXPECT_EQ(in.PinDescriptor.DataFlow, KSPIN_DATAFLOW_IN);
    EXPECT_EQ(in.PinDescriptor.Communication, KSPIN_COMMUNICATION_SINK);
    EXPECT_EQ(in.PinDescriptor.Category, nullptr);
    EXPECT_EQ(in.PinDescriptor.Name, nullptr);
    EXPECT_EQ(in.InstancesPossible, ULONG{KSINSTANCE_INDETERMINATE});
    EXPECT_EQ(in.InstancesNecessary, 1u);
}

// The automation macros fill count, item size and set table; _NULL leaves the count 0 with the plain item size.
TEST(CMinidriver, AutomationTableGroupsLandInTheirMembers)
{
    const KSAUTOMATION_TABLE* table =
        openks_test_c_device_descriptor()->FilterDescriptors[0]->PinDescriptors[0].AutomationTable;
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->PropertySetsCount, 2u);
    EXPECT_EQ(table->PropertyItemSize, sizeof(KSPROPERTY_ITEM));
    EXPECT_EQ(table->MethodSetsCount, 0u);
    EXPECT_EQ(table->MethodItemSize, sizeof(KSMETHOD_ITEM));
    EXPECT_EQ(table->MethodSets, nullptr);
    EXPECT_EQ(table->EventSetsCount, 1u);
    EXPECT_EQ(table->EventItemSize, sizeof(KSEVENT_ITEM));

    const KSPROPERTY_SET& gain = table->PropertySets[0];
    EXPECT_EQ(gain.PropertiesCount, 1u);
    EXPECT_EQ(gain.PropertyItem[0].PropertyId, 1u);
    EXPECT_NE(gain.PropertyItem[0].GetPropertyHandler, nullptr);
    EXPECT_EQ(gain.PropertyItem[0].SetPropertyHandler, nullptr);
    EXPECT_EQ(gain.PropertyItem[0].MinData, sizeof(LONG));
    EXPECT_EQ(gain.FastIoCount, 0u);

    const KSPROPERTY_SET& connection = table->PropertySets[1];
    EXPECT_EQ(connection.Set, &KSPROPSETID_Connection);
    EXPECT_EQ(connection.PropertyItem[0].PropertyId, ULONG{KSPROPERTY_CONNECTION_STATE});
    EXPECT_EQ(connection.PropertyItem[0].MinData, sizeof(KSSTATE));

    const KSEVENT_SET& events = table->EventSets[0];
    EXPECT_EQ(events.Set, &KSEVENTSETID_Connection);
    EXPECT_EQ(events.EventItem[0].EventId, ULONG{KSEVENT_CONNECTION_ENDOFSTREAM});
    EXPECT_EQ(events.EventItem[0].DataInput, sizeof(KSEVENTDATA));
}

// ks-spec §10: the gate functions are inline C: an AND gate's state reaches the OR gate it feeds.
TEST(CMinidriver, GatesWorkFromC)
{
    EXPECT_TRUE(openks_test_c_gates());
}

}  // namespace
