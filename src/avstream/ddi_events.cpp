// SPDX-License-Identifier: MIT
// KS event DDI: per-object event lists (KsAddEvent, KsGenerateEvents) and signalling of one KSEVENT_ENTRY.

#include "avstream/ddi_support.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

// openks has no IOCTL_KS_ENABLE_EVENT engine that allocates KSEVENT_ENTRYs
// yet (ks/event_set.h answers support queries only), so the entries these
// functions see are the ones a minidriver files itself.  What works:
//  - KsAddEvent / KsDefaultAddEventHandler file an entry on its object's list
//    (kept here, keyed by the object pointer); KsDiscardEvent unfiles it.
//  - KsGenerateEvents / KsGenerateEventList / KsGenerateEvent signal entries:
//    KSEVENTF_EVENT_HANDLE sets the KEVENT behind EventData->EventHandle.Event
//    (resolved with ObReferenceObjectByHandle(*ExEventObjectType)),
//    KSEVENTF_EVENT_OBJECT sets EventData->EventObject.Event.  Other
//    notification types are STATUS_NOT_SUPPORTED.
//  - KsEnableEvent(WithAllocator) / KsDisableEvent are STATUS_NOT_IMPLEMENTED.

namespace {

struct EventLists {
    std::mutex mutex_;
    std::unordered_map<PVOID, std::vector<PKSEVENT_ENTRY>> byObject_;
};

EventLists& lists()
{
    static EventLists instance;
    return instance;
}

bool matches(PKSEVENT_ENTRY entry, const GUID* set, ULONG id)
{
    if (entry->EventItem == nullptr || entry->EventItem->EventId != id) return false;
    if (set == nullptr) return true;
    return entry->EventSet != nullptr && entry->EventSet->Set != nullptr && IsEqualGUID(*entry->EventSet->Set, *set);
}

NTSTATUS signal(PKSEVENT_ENTRY entry)
{
    if (entry == nullptr || entry->EventData == nullptr) return STATUS_INVALID_PARAMETER;
    if ((entry->Flags & KSEVENT_ENTRY_DELETED) != 0) return STATUS_SUCCESS;
    switch (entry->NotificationType) {
    case KSEVENTF_EVENT_HANDLE: {
        PVOID object = nullptr;
        NTSTATUS status = ObReferenceObjectByHandle(entry->EventData->EventHandle.Event, 0, *ExEventObjectType,
                                                    KernelMode, &object, nullptr);
        if (!NT_SUCCESS(status)) return status;
        KeSetEvent(static_cast<PRKEVENT>(object), IO_NO_INCREMENT, FALSE);
        ObDereferenceObject(object);
        return STATUS_SUCCESS;
    }
    case KSEVENTF_EVENT_OBJECT:
        if (entry->EventData->EventObject.Event == nullptr) return STATUS_INVALID_PARAMETER;
        KeSetEvent(static_cast<PRKEVENT>(entry->EventData->EventObject.Event), IO_NO_INCREMENT, FALSE);
        return STATUS_SUCCESS;
    default:
        return STATUS_NOT_SUPPORTED;
    }
}

// KSEVENTS_SPINLOCK lists use the KSPIN_LOCK storage as a spin flag (as the
// cancelable IRP queues); KSEVENTS_NONE lists are the caller's to guard.
// Other lock kinds need kernel dispatcher objects openks does not provide.
bool lockList(KSEVENTS_LOCKTYPE kind, PVOID lock, const char* caller)
{
    if (kind == KSEVENTS_NONE) return true;
    if (kind != KSEVENTS_SPINLOCK || lock == nullptr) {
        openks::avstream::logNotImplemented(caller);
        return false;
    }
    auto* flag = static_cast<PKSPIN_LOCK>(lock);
    while (__atomic_exchange_n(flag, KSPIN_LOCK{1}, __ATOMIC_ACQUIRE) != 0)
        while (__atomic_load_n(flag, __ATOMIC_RELAXED) != 0) {
        }
    return true;
}

void unlockList(KSEVENTS_LOCKTYPE kind, PVOID lock)
{
    if (kind == KSEVENTS_SPINLOCK) __atomic_store_n(static_cast<PKSPIN_LOCK>(lock), KSPIN_LOCK{0}, __ATOMIC_RELEASE);
}

}  // namespace

extern "C" {

// Files EventEntry on Object's event list (KsGenerateEvents signals it).
// Any thread.  Allocates (not on a streaming path).
void NTAPI KsAddEvent(PVOID Object, PKSEVENT_ENTRY EventEntry)
{
    if (Object == nullptr || EventEntry == nullptr) return;
    auto& l = lists();
    std::lock_guard lock(l.mutex_);
    auto& v = l.byObject_[Object];
    if (std::find(v.begin(), v.end(), EventEntry) == v.end()) v.push_back(EventEntry);
}

// Files EventEntry on the list of the object the IRP's file object belongs
// to.  STATUS_SUCCESS; STATUS_INVALID_PARAMETER when there is no object.
NTSTATUS NTAPI KsDefaultAddEventHandler(PIRP Irp, PKSEVENTDATA EventData, PKSEVENT_ENTRY EventEntry)
{
    (void)EventData;
    if (EventEntry == nullptr) return STATUS_INVALID_PARAMETER;
    PVOID object = EventEntry->Object;
    if (object == nullptr && Irp != nullptr) {
        PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
        if (sp != nullptr && sp->FileObject != nullptr) object = KsGetObjectFromFileObject(sp->FileObject);
    }
    if (object == nullptr) return STATUS_INVALID_PARAMETER;
    KsAddEvent(object, EventEntry);
    return STATUS_SUCCESS;
}

// Signals every entry of Object matching EventSet (NULL: any set) and
// EventId, filtered by CallBack (run with the list locked; it must not block
// or call KS event functions).  Data is not delivered (no buffered events).
void NTAPI KsGenerateEvents(PVOID Object, const GUID* EventSet, ULONG EventId, ULONG DataSize, PVOID Data,
                            PFNKSGENERATEEVENTCALLBACK CallBack, PVOID CallBackContext)
{
    (void)DataSize;
    (void)Data;
    if (Object == nullptr) return;
    auto& l = lists();
    std::lock_guard lock(l.mutex_);
    auto it = l.byObject_.find(Object);
    if (it == l.byObject_.end()) return;
    for (PKSEVENT_ENTRY entry : it->second) {
        if (!matches(entry, EventSet, EventId)) continue;
        if (CallBack != nullptr && !CallBack(CallBackContext, entry)) continue;
        (void)signal(entry);
    }
}

// Signals one entry.  STATUS_SUCCESS, STATUS_NOT_SUPPORTED (a notification
// type other than EVENT_HANDLE / EVENT_OBJECT), STATUS_INVALID_PARAMETER,
// or the ObReferenceObjectByHandle status.  Any thread.
NTSTATUS NTAPI KsGenerateEvent(PKSEVENT_ENTRY EventEntry) { return signal(EventEntry); }

// As KsGenerateEvent: buffered data is not kept (no KSEVENT_ENTRY_BUFFERED support).
NTSTATUS NTAPI KsGenerateDataEvent(PKSEVENT_ENTRY EventEntry, ULONG DataSize, PVOID Data)
{
    (void)DataSize;
    (void)Data;
    return signal(EventEntry);
}

// Signals the entries of a driver-kept list (linked through ListEntry) that
// match Set/EventId.  KSEVENTS_NONE and KSEVENTS_SPINLOCK lists only.
void NTAPI KsGenerateEventList(GUID* Set, ULONG EventId, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags,
                               PVOID EventsLock)
{
    if (EventsList == nullptr || !lockList(EventsFlags, EventsLock, "KsGenerateEventList")) return;
    for (PLIST_ENTRY e = EventsList->Flink; e != nullptr && e != EventsList; e = e->Flink) {
        auto* entry = CONTAINING_RECORD(e, KSEVENT_ENTRY, ListEntry);
        if (matches(entry, Set, EventId)) (void)signal(entry);
    }
    unlockList(EventsFlags, EventsLock);
}

// Unfiles an entry from every object list it is on.  The entry's memory is
// its owner's: openks's KS never allocates entries (no enable engine yet).
void NTAPI KsDiscardEvent(PKSEVENT_ENTRY EventEntry)
{
    if (EventEntry == nullptr) return;
    auto& l = lists();
    std::lock_guard lock(l.mutex_);
    for (auto it = l.byObject_.begin(); it != l.byObject_.end();) {
        std::erase(it->second, EventEntry);
        it = it->second.empty() ? l.byObject_.erase(it) : std::next(it);
    }
}

// Nothing is ever enabled through KS here, so there is nothing of KS's to
// free; a non-empty list is logged as not implemented and left alone.
void NTAPI KsFreeEventList(PFILE_OBJECT FileObject, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags,
                           PVOID EventsLock)
{
    (void)FileObject;
    (void)EventsFlags;
    (void)EventsLock;
    if (EventsList == nullptr || EventsList->Flink == nullptr || EventsList->Flink == EventsList) return;
    openks::avstream::logNotImplemented("KsFreeEventList");
}

NTSTATUS NTAPI KsEnableEvent(PIRP Irp, ULONG EventSetsCount, const KSEVENT_SET* EventSet, PLIST_ENTRY EventsList,
                             KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock)
{
    (void)Irp;
    (void)EventSetsCount;
    (void)EventSet;
    (void)EventsList;
    (void)EventsFlags;
    (void)EventsLock;
    openks::avstream::logNotImplemented("KsEnableEvent");
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI KsEnableEventWithAllocator(PIRP Irp, ULONG EventSetsCount, const KSEVENT_SET* EventSet,
                                          PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock,
                                          PFNKSALLOCATOR Allocator, ULONG EventItemSize)
{
    (void)Irp;
    (void)EventSetsCount;
    (void)EventSet;
    (void)EventsList;
    (void)EventsFlags;
    (void)EventsLock;
    (void)Allocator;
    (void)EventItemSize;
    openks::avstream::logNotImplemented("KsEnableEventWithAllocator");
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI KsDisableEvent(PIRP Irp, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock)
{
    (void)Irp;
    (void)EventsList;
    (void)EventsFlags;
    (void)EventsLock;
    openks::avstream::logNotImplemented("KsDisableEvent");
    return STATUS_NOT_IMPLEMENTED;
}

}  // extern "C"
