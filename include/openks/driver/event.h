/* SPDX-License-Identifier: MIT */
/* Event sets: the tables a driver serves KSEVENT enable requests from, event entries, and event generation. */
#pragma once

/*
 * A client enables an event (IOCTL_KS_ENABLE_EVENT with a KSEVENT and a
 * KSEVENTDATA saying how to notify it); KS validates it against the event
 * set tables, allocates a KSEVENT_ENTRY and calls the item's AddHandler,
 * which files the entry on the object's event list.  Later the driver
 * signals every matching entry:
 *
 *   DEFINE_KSEVENT_TABLE(MyEvents) {
 *       DEFINE_KSEVENT_ITEM(KSEVENT_CONNECTION_ENDOFSTREAM, sizeof(KSEVENTDATA), 0,
 *                           NULL, NULL, NULL),   // NULL AddHandler: KsDefaultAddEventHandler
 *   };
 *   ...
 *   KsPinGenerateEvents(pin, &KSEVENTSETID_Connection, KSEVENT_CONNECTION_ENDOFSTREAM,
 *                       0, NULL, NULL, NULL);
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/handler.h>

OPENKS_BEGIN_C

/*
 * Files a new event entry: typically inserts EventEntry->ListEntry on the
 * object's event list under its lock.  Returns STATUS_SUCCESS or an error
 * that fails the enable request.  PASSIVE_LEVEL.
 */
typedef NTSTATUS (*PFNKSADDEVENT)(PIRP Irp, PKSEVENTDATA EventData, struct _KSEVENT_ENTRY *EventEntry);

/* Unfiles an event entry being disabled (removes it from the list).  Any thread; must not block. */
typedef void (*PFNKSREMOVEEVENT)(PFILE_OBJECT FileObject, struct _KSEVENT_ENTRY *EventEntry);

/*
 * Filters the entries KsGenerateEvents signals: returns TRUE to signal
 * EventEntry, FALSE to skip it.  Context is the caller's.  Called with the
 * object's event list locked: must not block or call back into KS events.
 */
typedef BOOLEAN (*PFNKSGENERATEEVENTCALLBACK)(PVOID Context, PKSEVENT_ENTRY EventEntry);

/* One event of a set. */
struct _KSEVENT_ITEM {
    ULONG EventId;
    ULONG DataInput;      /* minimum KSEVENTDATA (plus event-specific data) size */
    ULONG ExtraEntryData; /* bytes KS allocates after the KSEVENT_ENTRY for the driver */
    PFNKSADDEVENT AddHandler;
    PFNKSREMOVEEVENT RemoveHandler;
    PFNKSHANDLER SupportHandler;
};

/* An event set: its GUID and items. */
struct _KSEVENT_SET {
    const GUID *Set;
    ULONG EventsCount;
    const KSEVENT_ITEM *EventItem;
};

/* KSEVENT_ENTRY.Flags */
#define KSEVENT_ENTRY_DELETED 1
#define KSEVENT_ENTRY_ONESHOT 2
#define KSEVENT_ENTRY_BUFFERED 4

/*
 * One enabled event.  KS allocates it (plus ExtraEntryData bytes after it)
 * when the event is enabled and owns it; the driver may link ListEntry into
 * one list of its own.
 */
struct _KSEVENT_ENTRY {
    LIST_ENTRY ListEntry;
    PVOID Object; /* the KS object the event was enabled on */
    union {
        PKSDPC_ITEM DpcItem;
        PKSBUFFER_ITEM BufferItem;
    };
    PKSEVENTDATA EventData;
    ULONG NotificationType; /* KSEVENTF_* */
    const KSEVENT_SET *EventSet;
    const KSEVENT_ITEM *EventItem;
    PFILE_OBJECT FileObject;
    ULONG SemaphoreAdjustment;
    ULONG Reserved;
    ULONG Flags; /* KSEVENT_ENTRY_* */
};

/* How the event list passed to the KS event functions is locked. */
typedef enum {
    KSEVENTS_NONE,
    KSEVENTS_SPINLOCK,
    KSEVENTS_MUTEX,
    KSEVENTS_FMUTEX,
    KSEVENTS_FMUTEXUNSAFE,
    KSEVENTS_INTERRUPT,
    KSEVENTS_ERESOURCE
} KSEVENTS_LOCKTYPE;

/* `DEFINE_KSEVENT_TABLE(name) { items... };` declares a constant item array. */
#define DEFINE_KSEVENT_TABLE(tablename) const KSEVENT_ITEM tablename[] =

/* One KSEVENT_ITEM initializer, arguments in member order. */
#define DEFINE_KSEVENT_ITEM(EventId, DataInput, ExtraEntryData, AddHandler, RemoveHandler, SupportHandler) \
    {                                                                                                      \
        (ULONG)(EventId), (ULONG)(DataInput), (ULONG)(ExtraEntryData), (PFNKSADDEVENT)(AddHandler),        \
            (PFNKSREMOVEEVENT)(RemoveHandler), (PFNKSHANDLER)(SupportHandler)                              \
    }

/* One KSEVENT_SET initializer: Set is a `const GUID *`. */
#define DEFINE_KSEVENT_SET(Set, EventsCount, EventItem) \
    {                                                   \
        (Set), (ULONG)(EventsCount), (EventItem)        \
    }

/* `DEFINE_KSEVENT_SET_TABLE(name) { sets... };` declares a constant set array. */
#define DEFINE_KSEVENT_SET_TABLE(tablename) const KSEVENT_SET tablename[] =

/* While KsEnableEvent runs an AddHandler, the IRP's driver context holds the matched set and item; on
   disable it holds the entry. */
#define KSEVENT_SET_IRP_STORAGE(Irp) (*(const KSEVENT_SET **)&(Irp)->Tail.Overlay.DriverContext[0])
#define KSEVENT_ITEM_IRP_STORAGE(Irp) (*(const KSEVENT_ITEM **)&(Irp)->Tail.Overlay.DriverContext[3])
#define KSEVENT_ENTRY_IRP_STORAGE(Irp) (*(PKSEVENT_ENTRY *)&(Irp)->Tail.Overlay.DriverContext[0])

/*
 * Serves an IOCTL_KS_ENABLE_EVENT IRP from EventSetsCount sets: validates
 * the KSEVENT and KSEVENTDATA, allocates the entry, and calls the item's
 * AddHandler (or files the entry on EventsList under EventsLock, of kind
 * EventsFlags, when AddHandler is NULL).  Also answers SETSUPPORT and
 * BASICSUPPORT.  Returns STATUS_SUCCESS, STATUS_NOT_FOUND (unknown set or
 * id), STATUS_INVALID_BUFFER_SIZE, STATUS_INVALID_PARAMETER (bad
 * notification type or handle), STATUS_INSUFFICIENT_RESOURCES or the
 * AddHandler's status.  Does not complete the IRP.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsEnableEvent(PIRP Irp, ULONG EventSetsCount, const KSEVENT_SET *EventSet, PLIST_ENTRY EventsList,
                             KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock);

/* KsEnableEvent with a driver buffer allocator and EventItemSize-byte items.  Same statuses.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsEnableEventWithAllocator(PIRP Irp, ULONG EventSetsCount, const KSEVENT_SET *EventSet,
                                          PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock,
                                          PFNKSALLOCATOR Allocator, ULONG EventItemSize);

/*
 * Serves an IOCTL_KS_DISABLE_EVENT IRP: finds the entry whose KSEVENTDATA
 * the request names on EventsList, removes it and frees it.  A request with
 * no input disables every event of the IRP's file object.  Returns
 * STATUS_SUCCESS, STATUS_UNSUCCESSFUL (no such entry) or
 * STATUS_INVALID_BUFFER_SIZE.  Does not complete the IRP.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsDisableEvent(PIRP Irp, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags, PVOID EventsLock);

/* Frees an entry that is no longer on any list (after its RemoveHandler ran).  Any thread. */
void NTAPI KsDiscardEvent(PKSEVENT_ENTRY EventEntry);

/* Disables and frees every entry on EventsList that belongs to FileObject (called on close).  PASSIVE_LEVEL. */
void NTAPI KsFreeEventList(PFILE_OBJECT FileObject, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags,
                           PVOID EventsLock);

/*
 * Signals one entry the way its KSEVENTDATA asks (event, semaphore, DPC or
 * work item); a one-shot entry is then disabled.  Returns STATUS_SUCCESS or
 * the signalling failure.  Any thread; does not block.
 */
NTSTATUS NTAPI KsGenerateEvent(PKSEVENT_ENTRY EventEntry);

/* KsGenerateEvent that also queues DataSize bytes of Data for a buffered entry.  Same statuses.  Any thread. */
NTSTATUS NTAPI KsGenerateDataEvent(PKSEVENT_ENTRY EventEntry, ULONG DataSize, PVOID Data);

/* Signals every entry on EventsList whose set is *Set and id is EventId.  Any thread; takes EventsLock. */
void NTAPI KsGenerateEventList(GUID *Set, ULONG EventId, PLIST_ENTRY EventsList, KSEVENTS_LOCKTYPE EventsFlags,
                               PVOID EventsLock);

/*
 * Files EventEntry on the event list of an AVStream object (device, filter
 * factory, filter or pin).  The usual body of an AddHandler.  PASSIVE_LEVEL.
 */
void NTAPI KsAddEvent(PVOID Object, PKSEVENT_ENTRY EventEntry);

/*
 * The AddHandler AVStream uses when an item has none: files the entry on
 * the object the IRP targets.  Returns STATUS_SUCCESS.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsDefaultAddEventHandler(PIRP Irp, PKSEVENTDATA EventData, PKSEVENT_ENTRY EventEntry);

/*
 * Signals the events of an AVStream object: every entry whose set is
 * *EventSet (any set when NULL) and id is EventId, for which CallBack (when
 * not NULL) returns TRUE.  Data (DataSize bytes) goes to buffered entries.
 * Any thread; takes the object's event lock, so CallBack must not block.
 */
void NTAPI KsGenerateEvents(PVOID Object, const GUID *EventSet, ULONG EventId, ULONG DataSize, PVOID Data,
                            PFNKSGENERATEEVENTCALLBACK CallBack, PVOID CallBackContext);

OPENKS_END_C
