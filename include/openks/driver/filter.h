/* SPDX-License-Identifier: MIT */
/* KSFILTER: an AVStream filter instance, its descriptor and dispatch table, and the filter functions. */
#pragma once

/*
 * A filter descriptor says what a filter is: its pin types, categories,
 * topology and automation, and the dispatch callbacks AVStream calls on
 * each instance.  A filter-centric driver supplies Process here; a
 * pin-centric one supplies it in each pin's dispatch instead:
 *
 *   static const KSFILTER_DISPATCH FilterDispatch = {FilterCreate, FilterClose, NULL, NULL};
 *   DEFINE_KSFILTER_DESCRIPTOR(MyFilterDescriptor) {
 *       &FilterDispatch,
 *       &FilterAutomation,              // or NULL
 *       KSFILTER_DESCRIPTOR_VERSION,
 *       0,                              // KSFILTER_FLAG_*
 *       &KSNAME_Filter,                 // ReferenceGuid
 *       DEFINE_KSFILTER_PIN_DESCRIPTORS(MyPinDescriptors),
 *       DEFINE_KSFILTER_CATEGORY(KSCATEGORY_CAPTURE),
 *       DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
 *       DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
 *       NULL                            // ComponentId
 *   };
 *
 * Dispatch callbacks other than Process run at PASSIVE_LEVEL with the
 * filter's control mutex held; Process runs with the processing mutex held.
 * Valid C11 and C++20.
 */

#include <openks/driver/automation.h>
#include <openks/driver/event.h>
#include <openks/driver/forward.h>
#include <openks/driver/object.h>
#include <openks/driver/topology.h>

OPENKS_BEGIN_C

/* KSFILTER_DISPATCH.Create/Close: an instance is created (Irp is the create) or closed.  Failure fails a create. */
typedef NTSTATUS (*PFNKSFILTERIRP)(PKSFILTER Filter, PIRP Irp);
/*
 * KSFILTER_DISPATCH.Process: filter-centric processing, with one index entry
 * per pin type (by pin id) listing its process pins.  STATUS_SUCCESS: call
 * again when there is more to do; STATUS_PENDING: wait for the next trigger.
 */
typedef NTSTATUS (*PFNKSFILTERPROCESS)(PKSFILTER Filter, PKSPROCESSPIN_INDEXENTRY Index);
/* KSFILTER_DISPATCH.Reset: the filter's pins are being flushed.  Returns its status. */
typedef NTSTATUS (*PFNKSFILTERVOID)(PKSFILTER Filter);
/* A sleep or wake callback (KsFilterRegisterPowerCallbacks): the device enters power State. */
typedef void (*PFNKSFILTERPOWER)(PKSFILTER Filter, DEVICE_POWER_STATE State);

/* The callbacks of a filter; each may be NULL. */
struct _KSFILTER_DISPATCH {
    PFNKSFILTERIRP Create;
    PFNKSFILTERIRP Close;
    PFNKSFILTERPROCESS Process;
    PFNKSFILTERVOID Reset;
};

/* KSFILTER_DESCRIPTOR.Version */
#define KSFILTER_DESCRIPTOR_VERSION ((ULONG)-1)

/* KSFILTER_DESCRIPTOR.Flags */
#define KSFILTER_FLAG_DISPATCH_LEVEL_PROCESSING 0x00000001
#define KSFILTER_FLAG_CRITICAL_PROCESSING 0x00000002
#define KSFILTER_FLAG_HYPERCRITICAL_PROCESSING 0x00000004
#define KSFILTER_FLAG_RECEIVE_ZERO_LENGTH_SAMPLES 0x00000008
#define KSFILTER_FLAG_PRIORITIZE_REFERENCEGUID 0x00000010 /* newer WDKs */
#define KSFILTER_FLAG_DENY_USERMODE_ACCESS 0x80000000

/* What a filter is.  Constant, provided by the driver; must outlive its factory. */
struct _KSFILTER_DESCRIPTOR {
    const KSFILTER_DISPATCH *Dispatch;
    const KSAUTOMATION_TABLE *AutomationTable;
    ULONG Version; /* KSFILTER_DESCRIPTOR_VERSION */
    ULONG Flags;   /* KSFILTER_FLAG_* */
    const GUID *ReferenceGuid;
    ULONG PinDescriptorsCount;
    ULONG PinDescriptorSize; /* >= sizeof(KSPIN_DESCRIPTOR_EX), a multiple of 8 */
    const KSPIN_DESCRIPTOR_EX *PinDescriptors;
    ULONG CategoriesCount;
    const GUID *Categories;
    ULONG NodeDescriptorsCount;
    ULONG NodeDescriptorSize; /* >= sizeof(KSNODE_DESCRIPTOR) */
    const KSNODE_DESCRIPTOR *NodeDescriptors;
    ULONG ConnectionsCount; /* 0: the default topology (pins joined through the nodes in order) */
    const KSTOPOLOGY_CONNECTION *Connections;
    const KSCOMPONENTID *ComponentId; /* NULL: no KSPROPERTY_GENERAL_COMPONENTID */
};

/* A filter instance.  AVStream owns it; Context starts as the factory's and is the driver's. */
struct _KSFILTER {
    const KSFILTER_DESCRIPTOR *Descriptor; /* KsEdit may make it a private copy */
    KSOBJECT_BAG Bag;
    PVOID Context;
};

/* `DEFINE_KSFILTER_DESCRIPTOR(name) { ... };` declares a constant descriptor. */
#define DEFINE_KSFILTER_DESCRIPTOR(descriptor) const KSFILTER_DESCRIPTOR descriptor =
/* `DEFINE_KSFILTER_DESCRIPTOR_TABLE(name) { &d1, &d2 };` declares the array KSDEVICE_DESCRIPTOR points at. */
#define DEFINE_KSFILTER_DESCRIPTOR_TABLE(table) const KSFILTER_DESCRIPTOR *const table[] =

/* The members of a filter descriptor, group by group. */
#define DEFINE_KSFILTER_PIN_DESCRIPTORS(table) (ULONG) SIZEOF_ARRAY(table), (ULONG)sizeof((table)[0]), (table)
#define DEFINE_KSFILTER_CATEGORIES(table) (ULONG) SIZEOF_ARRAY(table), (table)
#define DEFINE_KSFILTER_CATEGORY(category) 1, &(category)
#define DEFINE_KSFILTER_CATEGORIES_NULL 0, NULL
#define DEFINE_KSFILTER_NODE_DESCRIPTORS(table) (ULONG) SIZEOF_ARRAY(table), (ULONG)sizeof((table)[0]), (table)
#define DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL 0, (ULONG)sizeof(KSNODE_DESCRIPTOR), NULL
#define DEFINE_KSFILTER_CONNECTIONS(table) (ULONG) SIZEOF_ARRAY(table), (table)
#define DEFINE_KSFILTER_DEFAULT_CONNECTIONS 0, NULL

/*
 * The AND gate that controls processing of a filter-centric filter, or NULL
 * for a pin-centric one.  Any thread (see gate.h).
 */
PKSGATE NTAPI KsFilterGetAndGate(PKSFILTER Filter);

/*
 * Takes the filter's processing mutex: while held, AVStream does not call
 * the filter's Process, so a driver can touch state that Process uses.
 * Not recursive; never take it inside Process.  PASSIVE_LEVEL.
 */
void NTAPI KsFilterAcquireProcessingMutex(PKSFILTER Filter);

/* Releases the processing mutex.  PASSIVE_LEVEL. */
void NTAPI KsFilterReleaseProcessingMutex(PKSFILTER Filter);

/*
 * Asks AVStream to call the filter's Process if its gate is open: on this
 * thread, or on a worker when Asynchronous is TRUE.  Any thread.
 */
void NTAPI KsFilterAttemptProcessing(PKSFILTER Filter, BOOLEAN Asynchronous);

/* The number of pin instances of pin type PinId (0 for an unknown id).  Caller holds the filter's control mutex. */
ULONG NTAPI KsFilterGetChildPinCount(PKSFILTER Filter, ULONG PinId);

/* The first pin instance of pin type PinId, or NULL.  Caller holds the filter's control mutex. */
PKSPIN NTAPI KsFilterGetFirstChildPin(PKSFILTER Filter, ULONG PinId);

/* The filter an IRP targets (the filter itself, or the parent of the pin it targets).  Any thread. */
PKSFILTER NTAPI KsGetFilterFromIrp(PIRP Irp);

/*
 * Registers the device interface InterfaceClassGUID for a filter that has
 * no KS pins, describing PinCount pins by direction (TRUE = output), medium
 * and category for the graph builder.  Returns STATUS_SUCCESS or a
 * registration failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsRegisterFilterWithNoKSPins(PDEVICE_OBJECT DeviceObject, const GUID *InterfaceClassGUID, ULONG PinCount,
                                            WINBOOL *PinDirection, KSPIN_MEDIUM *MediumList, GUID *CategoryList);

/*
 * Adds a pin type to a filter instance (its descriptor becomes a private
 * copy); *PinID receives the new pin id.  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  Caller holds the filter's control mutex.
 */
NTSTATUS NTAPI KsFilterCreatePinFactory(PKSFILTER Filter, const KSPIN_DESCRIPTOR_EX *const PinDescriptor, PULONG PinID);

/* Adds a topology node to a filter instance; *NodeID receives its id.  Same statuses and locking. */
NTSTATUS NTAPI KsFilterCreateNode(PKSFILTER Filter, const KSNODE_DESCRIPTOR *const NodeDescriptor, PULONG NodeID);

/* Appends topology connections to a filter instance.  Same statuses and locking. */
NTSTATUS NTAPI KsFilterAddTopologyConnections(PKSFILTER Filter, ULONG NewConnectionsCount,
                                              const KSTOPOLOGY_CONNECTION *const NewTopologyConnections);

/* Registers the filter's sleep and wake callbacks (either may be NULL).  PASSIVE_LEVEL. */
void NTAPI KsFilterRegisterPowerCallbacks(PKSFILTER Filter, PFNKSFILTERPOWER Sleep, PFNKSFILTERPOWER Wake);

/* Files an event entry on the filter's event list (an AddHandler body). */
static inline void KsFilterAddEvent(PKSFILTER Filter, PKSEVENT_ENTRY EventEntry)
{
    KsAddEvent((PVOID)Filter, EventEntry);
}

/* Signals the filter's matching events (see KsGenerateEvents). */
static inline void KsFilterGenerateEvents(PKSFILTER Filter, const GUID *EventSet, ULONG EventId, ULONG DataSize,
                                          PVOID Data, PFNKSGENERATEEVENTCALLBACK CallBack, PVOID CallBackContext)
{
    KsGenerateEvents((PVOID)Filter, EventSet, EventId, DataSize, Data, CallBack, CallBackContext);
}

/* The filter behind a filter's file object. */
static inline PKSFILTER KsGetFilterFromFileObject(PFILE_OBJECT FileObject)
{
    return (PKSFILTER)KsGetObjectFromFileObject(FileObject);
}

/* The factory that created the filter. */
static inline PKSFILTERFACTORY KsFilterGetParentFilterFactory(PKSFILTER Filter)
{
    return (PKSFILTERFACTORY)KsGetParent((PVOID)Filter);
}

/* The factory's next filter instance, or NULL.  Caller holds the device mutex. */
static inline PKSFILTER KsFilterGetNextSiblingFilter(PKSFILTER Filter)
{
    return (PKSFILTER)KsGetNextSibling((PVOID)Filter);
}

/* The device the filter belongs to. */
static inline PKSDEVICE KsFilterGetDevice(PKSFILTER Filter)
{
    return KsGetDevice((PVOID)Filter);
}

/* Takes the filter's control mutex (see KsAcquireControl). */
static inline void KsFilterAcquireControl(PKSFILTER Filter)
{
    KsAcquireControl((PVOID)Filter);
}

/* Releases the filter's control mutex. */
static inline void KsFilterReleaseControl(PKSFILTER Filter)
{
    KsReleaseControl((PVOID)Filter);
}

/* KsRegisterAggregatedClientUnknown for a filter. */
static inline PUNKNOWN KsFilterRegisterAggregatedClientUnknown(PKSFILTER Filter, PUNKNOWN ClientUnknown)
{
    return KsRegisterAggregatedClientUnknown((PVOID)Filter, ClientUnknown);
}

/* KsGetOuterUnknown for a filter. */
static inline PUNKNOWN KsFilterGetOuterUnknown(PKSFILTER Filter)
{
    return KsGetOuterUnknown((PVOID)Filter);
}

OPENKS_END_C
