// SPDX-License-Identifier: MIT
// The KS event engine: KSEVENT_ENTRY allocation and signalling, and the event list of a filter, pin or clock.
#pragma once

/*
 * IOCTL_KS_ENABLE_EVENT on a filter, pin or clock handle reaches
 * ObjectEvents::enable(), which lets ks::handleEnableEvent() validate the
 * request against the object's automation tables and then:
 *   1. checks the KSEVENTDATA (notification type, handle) for the requestor:
 *      KSEVENTF_EVENT_HANDLE references the event object behind the handle
 *      in the requestor's handle table (ObReferenceObjectByHandle, with
 *      EVENT_MODIFY_STATE), so the entry signals it from any thread later;
 *   2. allocates the KSEVENT_ENTRY (ExtraEntryData zeroed bytes after it),
 *      EventData = the caller's KSEVENTDATA address (what DISABLE names),
 *      FileObject = the requesting file object;
 *   3. runs the item's AddHandler with a captured copy of the caller's data
 *      (a NULL AddHandler files the entry on the object's list, as
 *      KsDefaultAddEventHandler does).
 * IOCTL_KS_DISABLE_EVENT finds the entry by (FileObject, EventData address),
 * marks it deleted, runs the item's RemoveHandler (else unlinks ListEntry),
 * and frees it; with no input it disables every entry of that file object.
 * Closing the object frees the entries still enabled.
 *
 * Notification types (choices where Windows has objects openks lacks):
 *   EVENT_HANDLE      any requestor; the handle must name an event.
 *   SEMAPHORE_HANDLE  any requestor; openks has no semaphore objects, so a
 *                     valid handle is STATUS_OBJECT_TYPE_MISMATCH.
 *   EVENT_OBJECT      kernel requestors: KeSetEvent(EventObject.Event).
 *   WORKITEM          kernel requestors: the WORK_QUEUE_ITEM runs on an
 *                     openks worker thread (ExQueueWorkItem's role).
 *   KSWORKITEM        kernel requestors: KsQueueWorkItem(KsWorkerObject, item).
 *   SEMAPHORE_OBJECT, DPC: STATUS_NOT_SUPPORTED (no KSEMAPHORE / KDPC here).
 *   A kernel-only type from a UserMode requestor, or an unknown type:
 *   STATUS_INVALID_PARAMETER.
 * A one-shot entry is marked KSEVENT_ENTRY_DELETED when it fires; when it
 * fires through KsGenerateEvents it is also unlinked and freed right away,
 * otherwise it is freed by DISABLE (which then answers STATUS_UNSUCCESSFUL,
 * the event being gone) or by close.
 *
 * Locks: ObjectEvents::mutex_ is a leaf for KS, held while entries are
 * signalled and while RemoveHandlers and KsGenerateEvents callbacks run
 * (those must not call back into KS events for the same object).
 * AddHandlers run without it (they call KsAddEvent).
 */

#include <openks/driver.h>

#include <mutex>

#include "ks/event_set.h"

namespace openks::avstream {

// The lock of a KS 1.0 event list (KsEnableEvent's EventsFlags/EventsLock),
// or an internal mutex.  KSEVENTS_SPINLOCK uses the KSPIN_LOCK word as a
// spin flag; MUTEX/FMUTEX/INTERRUPT/ERESOURCE name kernel objects openks
// does not have (usable() is false).
class EventLock {
public:
    EventLock(KSEVENTS_LOCKTYPE kind, PVOID lock) : kind_(kind), lock_(lock) {}
    explicit EventLock(std::mutex* mutex) : mutex_(mutex) {}
    bool usable() const;
    void lock();
    void unlock();

private:
    KSEVENTS_LOCKTYPE kind_ = KSEVENTS_NONE;
    PVOID lock_ = nullptr;
    std::mutex* mutex_ = nullptr;
};

// The event entries of one object (filter, pin, clock source).
class ObjectEvents {
public:
    ObjectEvents();
    // Frees the entries left (without RemoveHandler calls: the object is gone).
    ~ObjectEvents();
    ObjectEvents(const ObjectEvents&) = delete;
    ObjectEvents& operator=(const ObjectEvents&) = delete;

    // IOCTL_KS_ENABLE_EVENT / DISABLE_EVENT on the object (statuses: see
    // the file comment and ks/event_set.h).  Information 0; not completed.
    [[nodiscard]] NTSTATUS enable(PIRP irp, const ks::AutomationView& automation);
    [[nodiscard]] NTSTATUS disable(PIRP irp);

    // Disables (RemoveHandler) and frees every entry enabled through `file`
    // (nullptr: every entry).  Close paths.
    void freeFile(PFILE_OBJECT file);

    // KsAddEvent: files the entry's ListEntry on this object's list.
    void add(PKSEVENT_ENTRY entry);

    // KsGenerateEvents over the filed entries.
    void generate(const GUID* set, ULONG id, PFNKSGENERATEEVENTCALLBACK callback, PVOID context);

    // Whether any entry is filed (the clock's timer sleeps when none is).
    bool empty();

    // Drops an entry from the owned list without freeing it (KsDiscardEvent).
    void forget(PKSEVENT_ENTRY entry);

private:
    static NTSTATUS enableOne(PIRP irp, const ks::EventEnableRequest& request, void* self);

    std::mutex mutex_;
    LIST_ENTRY filed_;  // KSEVENT_ENTRY::ListEntry of entries filed by KsAddEvent
    LIST_ENTRY owned_;  // every entry enabled on this object (the engine's own link)
};

// The event list of an AVStream object (PKSFILTER, PKSPIN, ...), or nullptr.
ObjectEvents* objectEvents(PVOID object);

// Allocates and fills the entry for a validated request (steps 1-2 of the
// file comment; the AddHandler is the caller's).  STATUS_INSUFFICIENT_RESOURCES
// or the notification check's status.
[[nodiscard]] NTSTATUS createEventEntry(PIRP irp, const ks::EventEnableRequest& request, PKSEVENT_ENTRY* entry);

// The captured copy of the enabling KSEVENTDATA (and event data) of an
// entry createEventEntry made.
KSEVENTDATA* capturedEventData(PKSEVENT_ENTRY entry);

// KsDiscardEvent: frees an entry openks allocated (unlinking it from its
// object's own bookkeeping, not from the driver's list).  Others are ignored.
void discardEventEntry(PKSEVENT_ENTRY entry);

// The KS 1.0 forms over a driver's LIST_ENTRY (KsEnableEvent, KsDisableEvent,
// KsFreeEventList, KsGenerateEventList).  disableEventsOnList: `all` disables
// every entry of `file`, else the one whose EventData is `data`;
// STATUS_UNSUCCESSFUL when none is, STATUS_NOT_SUPPORTED for an unusable lock.
[[nodiscard]] NTSTATUS enableEventOnList(PIRP irp, const ks::AutomationView& automation, PLIST_ENTRY list,
                                         EventLock lock);
[[nodiscard]] NTSTATUS disableEventsOnList(PIRP irp, PFILE_OBJECT file, const KSEVENTDATA* data, bool all,
                                           PLIST_ENTRY list, EventLock lock);
void generateEventsOnList(const GUID* set, ULONG id, PLIST_ENTRY list, EventLock lock);

// Signals one entry as its notification type asks; a one-shot entry is
// marked deleted.  STATUS_SUCCESS (also for an entry already deleted),
// STATUS_NOT_SUPPORTED, STATUS_INVALID_PARAMETER.  Any thread; never blocks.
NTSTATUS signalEventEntry(PKSEVENT_ENTRY entry);

}  // namespace openks::avstream
