// SPDX-License-Identifier: MIT
// The DEFINE_* helper macros of <openks/driver.h>, expanded in C++: every argument lands in the member the WDK says.
#include <gtest/gtest.h>
#include <openks/driver.h>

#include <cstring>

namespace {

NTSTATUS NTAPI getHandler(PIRP, PKSPROPERTY, PVOID)
{
    return STATUS_SUCCESS;
}
NTSTATUS NTAPI setHandler(PIRP, PKSPROPERTY, PVOID)
{
    return STATUS_SUCCESS;
}
NTSTATUS NTAPI supportHandler(PIRP, PKSIDENTIFIER, PVOID)
{
    return STATUS_SUCCESS;
}
NTSTATUS NTAPI instancesHandler(PIRP, PKSP_PIN, PKSPIN_CINSTANCES)
{
    return STATUS_SUCCESS;
}
NTSTATUS NTAPI intersectionHandler(PIRP, PKSP_PIN, PVOID)
{
    return STATUS_SUCCESS;
}
BOOLEAN NTAPI fastGet(PFILE_OBJECT, PKSIDENTIFIER, ULONG, PVOID, ULONG, PIO_STATUS_BLOCK)
{
    return TRUE;
}
NTSTATUS NTAPI addEvent(PIRP, PKSEVENTDATA, PKSEVENT_ENTRY)
{
    return STATUS_SUCCESS;
}
void NTAPI removeEvent(PFILE_OBJECT, PKSEVENT_ENTRY) {}
NTSTATUS NTAPI dispatchIrp(PDEVICE_OBJECT, PIRP)
{
    return STATUS_SUCCESS;
}
NTSTATUS NTAPI closeIrp(PDEVICE_OBJECT, PIRP)
{
    return STATUS_SUCCESS;
}
BOOLEAN NTAPI fastRead(PFILE_OBJECT, PLARGE_INTEGER, ULONG, BOOLEAN, ULONG, PVOID, PIO_STATUS_BLOCK, PDEVICE_OBJECT)
{
    return FALSE;
}

const void* handler(PFNKSHANDLER h)
{
    return reinterpret_cast<const void*>(h);
}
template <class F>
const void* fn(F f)
{
    return reinterpret_cast<const void*>(f);
}

const KSPROPERTY_VALUES kValues = {};
const KSPROPERTY kRelations[2] = {};

// ks-spec §9: KSPROPERTY_ITEM {PropertyId; Get; MinProperty; MinData; Set; Values; RelationsCount; Relations;
// SupportHandler; SerializedSize}.
TEST(DescriptorMacros, PropertyItemTakesItsArgumentsInMemberOrder)
{
    DEFINE_KSPROPERTY_TABLE(items){
        DEFINE_KSPROPERTY_ITEM(7, getHandler, sizeof(KSP_PIN), 12, setHandler, &kValues, 2, kRelations, supportHandler,
                               1),
        DEFINE_KSPROPERTY_ITEM(8, NULL, sizeof(KSPROPERTY), 0, NULL, NULL, 0, NULL, NULL, 0),
    };
    EXPECT_EQ(items[0].PropertyId, 7u);
    EXPECT_EQ(handler(items[0].GetPropertyHandler), fn(getHandler));
    EXPECT_EQ(items[0].MinProperty, sizeof(KSP_PIN));
    EXPECT_EQ(items[0].MinData, 12u);
    EXPECT_EQ(handler(items[0].SetPropertyHandler), fn(setHandler));
    EXPECT_EQ(items[0].Values, &kValues);
    EXPECT_EQ(items[0].RelationsCount, 2u);
    EXPECT_EQ(items[0].Relations, kRelations);
    EXPECT_EQ(handler(items[0].SupportHandler), fn(supportHandler));
    EXPECT_EQ(items[0].SerializedSize, 1u);
    EXPECT_EQ(items[1].GetPropertyHandler, nullptr);
    EXPECT_EQ(items[1].SetPropertyHandler, nullptr);

    const KSFASTPROPERTY_ITEM fast[] = {DEFINE_KSFASTPROPERTY_ITEM(7, fastGet, NULL)};
    EXPECT_EQ(fast[0].PropertyId, 7u);
    EXPECT_EQ(fn(fast[0].GetPropertyHandler), fn(fastGet));
    EXPECT_EQ(fast[0].SetPropertyHandler, nullptr);
    EXPECT_EQ(fast[0].Reserved, 0u);

    DEFINE_KSPROPERTY_SET_TABLE(sets){
        DEFINE_KSPROPERTY_SET(&KSPROPSETID_General, SIZEOF_ARRAY(items), items, SIZEOF_ARRAY(fast), fast),
    };
    EXPECT_EQ(sets[0].Set, &KSPROPSETID_General);
    EXPECT_EQ(sets[0].PropertiesCount, 2u);
    EXPECT_EQ(sets[0].PropertyItem, items);
    EXPECT_EQ(sets[0].FastIoCount, 1u);
    EXPECT_EQ(sets[0].FastIoTable, fast);
}

// ks-spec §9: DEFINE_KSMETHOD_ITEM(Id, Flags, Handler, MinMethod, MinData, Support) stores Flags last.
TEST(DescriptorMacros, MethodItemStoresFlagsLast)
{
    DEFINE_KSMETHOD_TABLE(methods){
        DEFINE_KSMETHOD_ITEM(3, KSMETHOD_TYPE_MODIFY, getHandler, sizeof(KSMETHOD), 8, supportHandler),
    };
    EXPECT_EQ(methods[0].MethodId, 3u);
    EXPECT_EQ(handler(methods[0].MethodHandler), fn(getHandler));
    EXPECT_EQ(methods[0].MinMethod, sizeof(KSMETHOD));
    EXPECT_EQ(methods[0].MinData, 8u);
    EXPECT_EQ(handler(methods[0].SupportHandler), fn(supportHandler));
    EXPECT_EQ(methods[0].Flags, ULONG{KSMETHOD_TYPE_MODIFY});

    const KSFASTMETHOD_ITEM fast[] = {DEFINE_KSFASTMETHOD_ITEM(3, fastGet)};
    EXPECT_EQ(fn(fast[0].MethodHandler), fn(fastGet));

    DEFINE_KSMETHOD_SET_TABLE(sets){
        DEFINE_KSMETHOD_SET(&KSMETHODSETID_StreamIo, SIZEOF_ARRAY(methods), methods, 0, NULL),
    };
    EXPECT_EQ(sets[0].MethodsCount, 1u);
    EXPECT_EQ(sets[0].MethodItem, methods);
    EXPECT_EQ(sets[0].FastIoTable, nullptr);
}

TEST(DescriptorMacros, EventItemAndSetTakeTheirArgumentsInMemberOrder)
{
    DEFINE_KSEVENT_TABLE(events){
        DEFINE_KSEVENT_ITEM(2, sizeof(KSEVENT_TIME_MARK), 16, addEvent, removeEvent, supportHandler),
    };
    EXPECT_EQ(events[0].EventId, 2u);
    EXPECT_EQ(events[0].DataInput, sizeof(KSEVENT_TIME_MARK));
    EXPECT_EQ(events[0].ExtraEntryData, 16u);
    EXPECT_EQ(fn(events[0].AddHandler), fn(addEvent));
    EXPECT_EQ(fn(events[0].RemoveHandler), fn(removeEvent));
    EXPECT_EQ(handler(events[0].SupportHandler), fn(supportHandler));

    DEFINE_KSEVENT_SET_TABLE(sets){DEFINE_KSEVENT_SET(&KSEVENTSETID_Clock, SIZEOF_ARRAY(events), events)};
    EXPECT_EQ(sets[0].Set, &KSEVENTSETID_Clock);
    EXPECT_EQ(sets[0].EventsCount, 1u);
    EXPECT_EQ(sets[0].EventItem, events);

    DEFINE_KSAUTOMATION_TABLE(automation){
        DEFINE_KSAUTOMATION_PROPERTIES_NULL,
        DEFINE_KSAUTOMATION_METHODS_NULL,
        DEFINE_KSAUTOMATION_EVENTS(sets),
    };
    EXPECT_EQ(automation.PropertySetsCount, 0u);
    EXPECT_EQ(automation.PropertyItemSize, sizeof(KSPROPERTY_ITEM));
    EXPECT_EQ(automation.PropertySets, nullptr);
    EXPECT_EQ(automation.EventSetsCount, 1u);
    EXPECT_EQ(automation.EventItemSize, sizeof(KSEVENT_ITEM));
    EXPECT_EQ(automation.EventSets, sets);
}

// ks-spec §8.3: the pin set items in KSPROPERTY_PIN order, each with its request and value sizes.
TEST(DescriptorMacros, PinSetHasTheStandardItemsAndHandlers)
{
    DEFINE_KSPROPERTY_PINSET(pinSet, getHandler, instancesHandler, intersectionHandler);
    ASSERT_EQ(SIZEOF_ARRAY(pinSet), 10u);
    const ULONG ids[] = {KSPROPERTY_PIN_CINSTANCES, KSPROPERTY_PIN_CTYPES,           KSPROPERTY_PIN_DATAFLOW,
                         KSPROPERTY_PIN_DATARANGES, KSPROPERTY_PIN_DATAINTERSECTION, KSPROPERTY_PIN_INTERFACES,
                         KSPROPERTY_PIN_MEDIUMS,    KSPROPERTY_PIN_COMMUNICATION,    KSPROPERTY_PIN_CATEGORY,
                         KSPROPERTY_PIN_NAME};
    for (std::size_t i = 0; i < SIZEOF_ARRAY(pinSet); ++i) {
        EXPECT_EQ(pinSet[i].PropertyId, ids[i]) << i;
        EXPECT_EQ(pinSet[i].SetPropertyHandler, nullptr) << i;
    }
    EXPECT_EQ(handler(pinSet[0].GetPropertyHandler), fn(instancesHandler));
    EXPECT_EQ(handler(pinSet[4].GetPropertyHandler), fn(intersectionHandler));
    EXPECT_EQ(handler(pinSet[1].GetPropertyHandler), fn(getHandler));
    EXPECT_EQ(pinSet[0].MinData, sizeof(KSPIN_CINSTANCES));
    EXPECT_EQ(pinSet[1].MinProperty, sizeof(KSPROPERTY)) << "CTYPES is a filter property";
    EXPECT_EQ(pinSet[1].MinData, sizeof(ULONG));
    EXPECT_EQ(pinSet[2].MinProperty, sizeof(KSP_PIN));
    EXPECT_EQ(pinSet[2].MinData, sizeof(KSPIN_DATAFLOW));
    EXPECT_EQ(pinSet[4].MinProperty, sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM));
    EXPECT_EQ(pinSet[8].MinData, sizeof(GUID));

    DEFINE_KSPROPERTY_PINSETCONSTRAINED(constrained, getHandler, instancesHandler, intersectionHandler);
    ASSERT_EQ(SIZEOF_ARRAY(constrained), 11u);
    EXPECT_EQ(constrained[10].PropertyId, ULONG{KSPROPERTY_PIN_CONSTRAINEDDATARANGES});

    const KSPROPERTY_ITEM propose = DEFINE_KSPROPERTY_ITEM_PIN_PROPOSEDATAFORMAT(setHandler);
    EXPECT_EQ(propose.GetPropertyHandler, nullptr) << "PROPOSEDATAFORMAT is set-only";
    EXPECT_EQ(handler(propose.SetPropertyHandler), fn(setHandler));
    EXPECT_EQ(propose.MinData, sizeof(KSDATAFORMAT));
}

TEST(DescriptorMacros, ClockAllocatorAndTopologySetsHaveTheirItemsInOrder)
{
    DEFINE_KSPROPERTY_CLOCKSET(clockSet, getHandler, getHandler, getHandler, getHandler, getHandler, getHandler,
                               getHandler);
    ASSERT_EQ(SIZEOF_ARRAY(clockSet), 7u);
    for (ULONG i = 0; i < 7; ++i) {
        EXPECT_EQ(clockSet[i].PropertyId, i) << "KSPROPERTY_CLOCK_TIME .. FUNCTIONTABLE are 0..6";
    }
    EXPECT_EQ(clockSet[2].MinData, sizeof(KSCORRELATED_TIME));
    EXPECT_EQ(clockSet[6].MinData, sizeof(KSCLOCK_FUNCTIONTABLE));

    DEFINE_KSPROPERTY_ALLOCATORSET(allocatorSet, getHandler, setHandler);
    EXPECT_EQ(allocatorSet[0].PropertyId, ULONG{KSPROPERTY_STREAMALLOCATOR_STATUS});
    EXPECT_EQ(handler(allocatorSet[0].GetPropertyHandler), fn(setHandler));
    EXPECT_EQ(allocatorSet[1].PropertyId, ULONG{KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE});
    EXPECT_EQ(allocatorSet[1].MinData, sizeof(KSSTREAMALLOCATOR_FUNCTIONTABLE));

    DEFINE_KSMETHOD_ALLOCATORSET(allocatorMethods, getHandler, setHandler);
    EXPECT_EQ(allocatorMethods[0].Flags, ULONG{KSMETHOD_TYPE_WRITE}) << "ALLOC writes a frame pointer back";
    EXPECT_EQ(allocatorMethods[1].Flags, ULONG{KSMETHOD_TYPE_READ});
    EXPECT_EQ(allocatorMethods[1].MinData, sizeof(PVOID));

    DEFINE_KSPROPERTY_TOPOLOGYSET(topologySet, getHandler);
    ASSERT_EQ(SIZEOF_ARRAY(topologySet), 4u);
    EXPECT_EQ(topologySet[3].PropertyId, ULONG{KSPROPERTY_TOPOLOGY_NAME});
    EXPECT_EQ(topologySet[3].MinProperty, sizeof(KSP_NODE));
}

TEST(DescriptorMacros, StandardItemsServeTheDocumentedDirections)
{
    const KSPROPERTY_ITEM state = DEFINE_KSPROPERTY_ITEM_CONNECTION_STATE(getHandler, setHandler);
    EXPECT_EQ(state.PropertyId, ULONG{KSPROPERTY_CONNECTION_STATE});
    EXPECT_EQ(handler(state.GetPropertyHandler), fn(getHandler));
    EXPECT_EQ(handler(state.SetPropertyHandler), fn(setHandler));
    EXPECT_EQ(state.MinData, sizeof(KSSTATE));

    const KSPROPERTY_ITEM startAt = DEFINE_KSPROPERTY_ITEM_CONNECTION_STARTAT(setHandler);
    EXPECT_EQ(startAt.GetPropertyHandler, nullptr);
    EXPECT_EQ(startAt.MinData, sizeof(KSRELATIVEEVENT));

    const KSPROPERTY_ITEM rateCapability = DEFINE_KSPROPERTY_ITEM_STREAM_RATECAPABILITY(getHandler);
    EXPECT_EQ(rateCapability.MinProperty, sizeof(KSRATE_CAPABILITY));
    EXPECT_EQ(rateCapability.MinData, sizeof(KSRATE));

    const KSPROPERTY_ITEM componentId = DEFINE_KSPROPERTY_ITEM_GENERAL_COMPONENTID(getHandler);
    EXPECT_EQ(componentId.MinData, sizeof(KSCOMPONENTID));

    const KSPROPERTY_ITEM positions = DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_POSITIONS(setHandler);
    EXPECT_EQ(positions.GetPropertyHandler, nullptr);
    EXPECT_EQ(positions.MinData, sizeof(KSPROPERTY_POSITIONS));

    const KSPROPERTY_ITEM headerSize = DEFINE_KSPROPERTY_ITEM_STREAMINTERFACE_HEADERSIZE(getHandler);
    EXPECT_EQ(headerSize.MinData, sizeof(ULONG));

    const KSMETHOD_ITEM read = DEFINE_KSMETHOD_ITEM_STREAMIO_READ(getHandler);
    EXPECT_EQ(read.Flags, ULONG{KSMETHOD_TYPE_WRITE}) << "a read fills the caller's buffer";
    const KSMETHOD_ITEM write = DEFINE_KSMETHOD_ITEM_STREAMIO_WRITE(getHandler);
    EXPECT_EQ(write.Flags, ULONG{KSMETHOD_TYPE_READ});
}

// KS 1.0: a create item's ObjectClass counts bytes without (Length) and with (MaximumLength) the terminator.
TEST(DescriptorMacros, CreateItemsDescribeTheirObjectClass)
{
    DEFINE_KSCREATE_DISPATCH_TABLE(createItems){
        DEFINE_KSCREATE_ITEM(dispatchIrp, KSSTRING_Pin, &kValues),
        DEFINE_KSCREATE_ITEMEX(dispatchIrp, KSSTRING_Clock, NULL, KSCREATE_ITEM_FREEONSTOP),
        DEFINE_KSCREATE_ITEMNULL(dispatchIrp, NULL),
    };
    EXPECT_EQ(createItems[0].Create, &dispatchIrp);
    EXPECT_EQ(createItems[0].ObjectClass.Length, 38u * sizeof(WCHAR));
    EXPECT_EQ(createItems[0].ObjectClass.MaximumLength, 39u * sizeof(WCHAR));
    EXPECT_EQ(std::memcmp(createItems[0].ObjectClass.Buffer, KSSTRING_Pin, sizeof(KSSTRING_Pin)), 0);
    EXPECT_EQ(createItems[0].Context, &kValues);
    EXPECT_EQ(createItems[0].SecurityDescriptor, nullptr);
    EXPECT_EQ(createItems[0].Flags, 0u);
    EXPECT_EQ(createItems[1].Flags, ULONG{KSCREATE_ITEM_FREEONSTOP});
    EXPECT_EQ(createItems[2].ObjectClass.Length, 0u);
    EXPECT_EQ(createItems[2].ObjectClass.Buffer, nullptr);

    DEFINE_KSDISPATCH_TABLE(dispatch, dispatchIrp, NULL, NULL, NULL, closeIrp, NULL, NULL, NULL, fastRead, fastRead);
    EXPECT_EQ(dispatch.DeviceIoControl, &dispatchIrp);
    EXPECT_EQ(dispatch.Read, nullptr);
    EXPECT_EQ(dispatch.Close, &closeIrp);
    EXPECT_EQ(dispatch.SetSecurity, nullptr);
    EXPECT_EQ(dispatch.FastDeviceIoControl, nullptr);
    EXPECT_EQ(dispatch.FastRead, &fastRead);
    EXPECT_EQ(dispatch.FastWrite, &fastRead);
}

NTSTATUS kernelOnly(PIRP irp)
{
    DENY_USERMODE_ACCESS(irp, FALSE);
    return STATUS_SUCCESS;
}

// ks-spec §12 item 2: a kernel-only request from a user-mode requestor fails with STATUS_INVALID_DEVICE_REQUEST.
TEST(DescriptorMacros, DenyUserModeAccessRejectsUserModeRequestors)
{
    IRP irp{};
    irp.IoStatus.Information = 5;
    irp.RequestorMode = UserMode;
    EXPECT_EQ(kernelOnly(&irp), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(irp.IoStatus.Status, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(irp.IoStatus.Information, 0u);

    irp.RequestorMode = KernelMode;
    irp.IoStatus.Status = STATUS_PENDING;
    EXPECT_EQ(kernelOnly(&irp), STATUS_SUCCESS);
    EXPECT_EQ(irp.IoStatus.Status, STATUS_PENDING);
}

}  // namespace
