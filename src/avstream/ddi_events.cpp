// SPDX-License-Identifier: MIT
// KS event DDI: KsEnableEvent/KsDisableEvent over driver lists, KsAddEvent and KsGenerateEvents over object lists.

#include "avstream/ddi_support.h"
#include "avstream/events.h"

// The engine is avstream/events.h; these are its DDI faces.  Lists a KS 1.0
// driver passes (EventsList + EventsFlags/EventsLock) may be locked with
// KSEVENTS_NONE or KSEVENTS_SPINLOCK; the other kinds name kernel objects
// openks has not got (STATUS_NOT_SUPPORTED, logged once).

using namespace openks::avstream;

extern "C" {

// Files EventEntry on the event list of an AVStream object (filter or pin);
// anything else is logged and ignored.  Any thread.
void NTAPI KsAddEvent(PVOID Object, PKSEVENT_ENTRY EventEntry)
{
    if (EventEntry == nullptr) return;
    ObjectEvents* events = objectEvents(Object);
    if (events == nullptr) {
        logNotImplemented("KsAddEvent on something that is not an AVStream object");
        return;
    }
    events->add(EventEntry);
}

// Files EventEntry on the list of the object the IRP's file object belongs
// to.  STATUS_SUCCESS; STATUS_INVALID_PARAMETER when there is none.
NTSTATUS NTAPI KsDefaultAddEventHandler(PIRP Irp, PKSEVENTDATA EventData, PKSEVENT_ENTRY EventEntry)
{
    (void)EventData;
    if (EventEntry == nullptr || Irp == nullptr) return STATUS_INVALID_PARAMETER;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ObjectEvents* events =
        sp == nullptr || sp->FileObject == nullptr ? nullptr : objectEvents(KsGetObjectFromFileObject(sp->FileObject));
    if (events == nullptr) return STATUS_INVALID_PARAMETER;
    events->add(EventEntry);
    return STATUS_SUCCESS;
}

// Signals every entry filed on Object matching EventSet (NULL: any set) and
// EventId for which CallBack (run with the list locked) returns TRUE.
// One-shot entries are disabled and freed.  Data is not kept (no buffered events).
void NTAPI KsGenerateEvents(PVOID Object, const GUID* EventSet, ULONG EventId, ULONG DataSize, PVOID Data,
                            PFNKSGENERATEEVENTCALLBACK CallBack, PVOID CallBackContext)
{
    (void)DataSize;
    (void)Data;
    if (ObjectEvents* events = objectEvents(Object)) events->generate(EventSet, EventId, CallBack, CallBackContext);
}

NTSTATUS NTAPI KsGenerateEvent(PKSEVENT_ENTRY EventEntry)
{
    return signalEventEntry(EventEntry);
}

// As KsGenerateEvent: buffered data is not kept (KSEVENT_TYPE_ENABLEBUFFERED is not supported).
NTSTATUS NTAPI KsGenerateDataEvent(PKSEVENT_ENTRY EventEntry, ULONG DataSize, PVOID Data)
{
    (void)DataSize;
    (void)Data;
    return signalEventEntry(EventEntry);
}

void NTAPI KsGenerateEventList(GUID* Set, ULONG EventId, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags,
                               PVOID EventsLock)
{
    generateEventsOnList(Set, EventId, EventsList, EventLock(EventsFlags, EventsLock));
}

void NTAPI KsDiscardEvent(PKSEVENT_ENTRY EventEntry)
{
    discardEventEntry(EventEntry);
}

void NTAPI KsFreeEventList(PFILE_OBJECT FileObject, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags,
                           PVOID EventsLock)
{
    (void)disableEventsOnList(nullptr, FileObject, nullptr, true, EventsList, EventLock(EventsFlags, EventsLock));
}

NTSTATUS NTAPI KsEnableEvent(PIRP Irp, ULONG EventSetsCount, const KSEVENT_SET* EventSet, PLIST_ENTRY EventsList,
                             KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock)
{
    return KsEnableEventWithAllocator(Irp, EventSetsCount, EventSet, EventsList, EventsFlags, EventsLock, nullptr, 0);
}

// The Allocator is not called: the parameters are captured into memory the
// entry owns (so nothing of the driver's has to be freed afterwards).
// EventItemSize (0 or >= sizeof(KSEVENT_ITEM), a multiple of 8) is the item stride.
NTSTATUS NTAPI KsEnableEventWithAllocator(PIRP Irp, ULONG EventSetsCount, const KSEVENT_SET* EventSet,
                                          PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock,
                                          PFNKSALLOCATOR Allocator, ULONG EventItemSize)
{
    (void)Allocator;
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    Irp->IoStatus.Information = 0;
    if ((EventItemSize != 0 && EventItemSize < sizeof(KSEVENT_ITEM)) || EventItemSize % 8 != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    KSAUTOMATION_TABLE table{};
    table.EventSetsCount = EventSet == nullptr ? 0 : EventSetsCount;
    table.EventItemSize = EventItemSize;
    table.EventSets = EventSet;
    const KSAUTOMATION_TABLE* tables[1] = {&table};
    return enableEventOnList(Irp, openks::ks::AutomationView{tables, 1}, EventsList,
                             EventLock(EventsFlags, EventsLock));
}

NTSTATUS NTAPI KsDisableEvent(PIRP Irp, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock)
{
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    const KSEVENTDATA* data = nullptr;
    const NTSTATUS status = openks::ks::readDisableEvent(Irp, &data);
    if (!NT_SUCCESS(status)) return status;
    return disableEventsOnList(Irp, IoGetCurrentIrpStackLocation(Irp)->FileObject, data, data == nullptr, EventsList,
                               EventLock(EventsFlags, EventsLock));
}

}  // extern "C"
