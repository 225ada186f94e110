// SPDX-License-Identifier: MIT
// The KS event engine: entries (allocation, notification, freeing), object event lists and KS 1.0 event lists.
#include "avstream/events.h"

#include <atomic>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_set>

#include "avstream/ddi_support.h"
#include "avstream/object.h"

namespace openks::avstream {

namespace {

// What openks keeps in front of every KSEVENT_ENTRY it allocates.  The
// entry is the last member, so the ExtraEntryData bytes follow it directly.
struct EntryBlock {
    LIST_ENTRY owned;       // on ObjectEvents::owned_ (self-linked otherwise)
    ObjectEvents* owner;    // the object list that owns it, or nullptr (KS 1.0 lists)
    PVOID referenced;       // an object referenced at enable time (EVENT_HANDLE), dropped at free
    KSEVENTDATA* captured;  // 8-aligned copy of the caller's KSEVENTDATA and event data
    ULONG capturedSize;
    ULONG reserved;
    KSEVENT_ENTRY entry;
};
static_assert(offsetof(EntryBlock, entry) + sizeof(KSEVENT_ENTRY) == sizeof(EntryBlock));
static_assert(offsetof(EntryBlock, entry) % 8 == 0);

// Every live entry openks allocated, so that KsDiscardEvent and the
// signalling code can tell them from entries a driver built itself.
struct Registry {
    std::mutex mutex;  // leaf
    std::unordered_set<const KSEVENT_ENTRY*> live;
};

Registry& registry()
{
    static Registry* instance = new Registry;  // lives to process exit
    return *instance;
}

EntryBlock* blockOf(PKSEVENT_ENTRY entry)
{
    return reinterpret_cast<EntryBlock*>(reinterpret_cast<std::byte*>(entry) - offsetof(EntryBlock, entry));
}

bool isOurs(const KSEVENT_ENTRY* entry)
{
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    return r.live.count(entry) != 0;
}

ULONG loadFlags(PKSEVENT_ENTRY entry)
{
    return __atomic_load_n(&entry->Flags, __ATOMIC_ACQUIRE);
}

// Marks the entry deleted; true if it already was.
bool markDeleted(PKSEVENT_ENTRY entry)
{
    return (__atomic_fetch_or(&entry->Flags, ULONG(KSEVENT_ENTRY_DELETED), __ATOMIC_ACQ_REL) & KSEVENT_ENTRY_DELETED) !=
           0;
}

size_t align8(size_t n)
{
    return (n + 7) & ~size_t{7};
}

// The worker that runs KSEVENTF_WORKITEM items (ExQueueWorkItem's role).
PKSWORKER workItemWorker()
{
    static PKSWORKER worker = [] {
        PKSWORKER w = nullptr;
        if (!NT_SUCCESS(KsRegisterWorker(DelayedWorkQueue, &w))) return PKSWORKER{nullptr};
        return w;
    }();
    return worker;
}

// Checks a KSEVENTDATA for the requestor and takes what signalling needs.
NTSTATUS prepareNotification(KPROCESSOR_MODE mode, const KSEVENTDATA& data, PVOID* referenced)
{
    *referenced = nullptr;
    switch (data.NotificationType) {
        case KSEVENTF_EVENT_HANDLE:
            return ObReferenceObjectByHandle(data.EventHandle.Event, EVENT_MODIFY_STATE, *ExEventObjectType, mode,
                                             referenced, nullptr);
        case KSEVENTF_SEMAPHORE_HANDLE: {
            // A valid handle names something that is not a semaphore: openks has none.
            PVOID object = nullptr;
            const NTSTATUS status =
                ObReferenceObjectByHandle(data.SemaphoreHandle.Semaphore, 0, nullptr, mode, &object, nullptr);
            if (!NT_SUCCESS(status)) return status;
            ObDereferenceObject(object);
            return STATUS_OBJECT_TYPE_MISMATCH;
        }
        case KSEVENTF_EVENT_OBJECT:
        case KSEVENTF_SEMAPHORE_OBJECT:
        case KSEVENTF_DPC:
        case KSEVENTF_WORKITEM:
        case KSEVENTF_KSWORKITEM:
            break;
        default:
            return STATUS_INVALID_PARAMETER;
    }
    if (mode == UserMode) return STATUS_INVALID_PARAMETER;  // kernel-mode forms only
    switch (data.NotificationType) {
        case KSEVENTF_EVENT_OBJECT:
            return data.EventObject.Event == nullptr ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
        case KSEVENTF_WORKITEM:
            return data.WorkItem.WorkQueueItem == nullptr ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
        case KSEVENTF_KSWORKITEM:
            return data.KsWorkItem.WorkQueueItem == nullptr || data.KsWorkItem.KsWorkerObject == nullptr
                       ? STATUS_INVALID_PARAMETER
                       : STATUS_SUCCESS;
        case KSEVENTF_SEMAPHORE_OBJECT:
            return data.SemaphoreObject.Semaphore == nullptr ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
        case KSEVENTF_DPC:
            return data.Dpc.Dpc == nullptr ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
        default:
            return STATUS_NOT_SUPPORTED;
    }
}

void freeBlock(EntryBlock* block)
{
    {
        Registry& r = registry();
        std::lock_guard lock(r.mutex);
        r.live.erase(&block->entry);
    }
    if (block->referenced != nullptr) ObDereferenceObject(block->referenced);
    ::operator delete(block);
}

// Unlinks the entry from wherever its driver filed it: the item's
// RemoveHandler when it has one, else ListEntry itself.
void unfile(PKSEVENT_ENTRY entry)
{
    if (entry->EventItem != nullptr && entry->EventItem->RemoveHandler != nullptr) {
        entry->EventItem->RemoveHandler(entry->FileObject, entry);
        return;
    }
    RemoveEntryList(&entry->ListEntry);
    InitializeListHead(&entry->ListEntry);
}

bool matches(PKSEVENT_ENTRY entry, const GUID* set, ULONG id)
{
    if (entry->EventItem == nullptr || entry->EventItem->EventId != id) return false;
    if (set == nullptr) return true;
    return entry->EventSet != nullptr && entry->EventSet->Set != nullptr && IsEqualGUID(*entry->EventSet->Set, *set);
}

}  // namespace

// ---- Entries -----------------------------------------------------------------------

NTSTATUS createEventEntry(PIRP irp, const ks::EventEnableRequest& request, PKSEVENT_ENTRY* out)
{
    *out = nullptr;
    const size_t extra = align8(request.item->ExtraEntryData);
    const size_t captured = align8(request.dataLength);
    auto* block = static_cast<EntryBlock*>(::operator new(sizeof(EntryBlock) + extra + captured, std::nothrow));
    if (block == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    std::memset(static_cast<void*>(block), 0, sizeof(EntryBlock) + extra + captured);
    InitializeListHead(&block->owned);
    block->captured = reinterpret_cast<KSEVENTDATA*>(reinterpret_cast<std::byte*>(&block->entry + 1) + extra);
    block->capturedSize = request.dataLength;
    std::memcpy(block->captured, request.data, request.dataLength);

    NTSTATUS status = prepareNotification(irp->RequestorMode, *block->captured, &block->referenced);
    if (!NT_SUCCESS(status)) {
        ::operator delete(block);
        return status;
    }
    PKSEVENT_ENTRY entry = &block->entry;
    InitializeListHead(&entry->ListEntry);
    entry->EventData = request.data;  // the caller's address: DISABLE names it
    entry->NotificationType = block->captured->NotificationType;
    entry->EventSet = request.set;
    entry->EventItem = request.item;
    entry->FileObject = IoGetCurrentIrpStackLocation(irp)->FileObject;
    entry->Flags = request.oneShot ? KSEVENT_ENTRY_ONESHOT : 0;
    switch (entry->NotificationType) {
        case KSEVENTF_EVENT_HANDLE:
            entry->Object = block->referenced;
            break;
        case KSEVENTF_EVENT_OBJECT:
            entry->Object = block->captured->EventObject.Event;
            break;
        case KSEVENTF_SEMAPHORE_HANDLE:
            entry->SemaphoreAdjustment = static_cast<ULONG>(block->captured->SemaphoreHandle.Adjustment);
            break;
        default:
            break;
    }
    try {
        Registry& r = registry();
        std::lock_guard lock(r.mutex);
        r.live.insert(entry);
    } catch (...) {
        if (block->referenced != nullptr) ObDereferenceObject(block->referenced);
        ::operator delete(block);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *out = entry;
    return STATUS_SUCCESS;
}

KSEVENTDATA* capturedEventData(PKSEVENT_ENTRY entry)
{
    return blockOf(entry)->captured;
}

void discardEventEntry(PKSEVENT_ENTRY entry)
{
    if (entry == nullptr || !isOurs(entry)) return;
    EntryBlock* block = blockOf(entry);
    if (ObjectEvents* owner = block->owner) owner->forget(entry);
    freeBlock(block);
}

NTSTATUS signalEventEntry(PKSEVENT_ENTRY entry)
{
    if (entry == nullptr) return STATUS_INVALID_PARAMETER;
    if ((loadFlags(entry) & KSEVENT_ENTRY_ONESHOT) != 0) {
        if (markDeleted(entry)) return STATUS_SUCCESS;  // fired once already
    } else if ((loadFlags(entry) & KSEVENT_ENTRY_DELETED) != 0) {
        return STATUS_SUCCESS;
    }
    // Entries openks allocated signal from their captured data; an entry a
    // driver built itself from its EventData.
    const KSEVENTDATA* data = isOurs(entry) ? blockOf(entry)->captured : entry->EventData;
    switch (entry->NotificationType) {
        case KSEVENTF_EVENT_HANDLE: {
            if (entry->Object != nullptr) {
                KeSetEvent(static_cast<PRKEVENT>(entry->Object), IO_NO_INCREMENT, FALSE);
                return STATUS_SUCCESS;
            }
            if (data == nullptr) return STATUS_INVALID_PARAMETER;
            PVOID object = nullptr;
            const NTSTATUS status =
                ObReferenceObjectByHandle(data->EventHandle.Event, 0, *ExEventObjectType, KernelMode, &object, nullptr);
            if (!NT_SUCCESS(status)) return status;
            KeSetEvent(static_cast<PRKEVENT>(object), IO_NO_INCREMENT, FALSE);
            ObDereferenceObject(object);
            return STATUS_SUCCESS;
        }
        case KSEVENTF_EVENT_OBJECT: {
            PVOID event =
                entry->Object != nullptr ? entry->Object : (data == nullptr ? nullptr : data->EventObject.Event);
            if (event == nullptr) return STATUS_INVALID_PARAMETER;
            KeSetEvent(static_cast<PRKEVENT>(event), IO_NO_INCREMENT, FALSE);
            return STATUS_SUCCESS;
        }
        case KSEVENTF_WORKITEM: {
            if (data == nullptr || data->WorkItem.WorkQueueItem == nullptr) return STATUS_INVALID_PARAMETER;
            PKSWORKER worker = workItemWorker();
            return worker == nullptr ? STATUS_INSUFFICIENT_RESOURCES
                                     : KsQueueWorkItem(worker, data->WorkItem.WorkQueueItem);
        }
        case KSEVENTF_KSWORKITEM:
            if (data == nullptr) return STATUS_INVALID_PARAMETER;
            return KsQueueWorkItem(data->KsWorkItem.KsWorkerObject, data->KsWorkItem.WorkQueueItem);
        case KSEVENTF_SEMAPHORE_OBJECT:
            if (data == nullptr || data->SemaphoreObject.Semaphore == nullptr) return STATUS_INVALID_PARAMETER;
            (void)KeReleaseSemaphore(static_cast<PRKSEMAPHORE>(data->SemaphoreObject.Semaphore),
                                     data->SemaphoreObject.Increment, data->SemaphoreObject.Adjustment, FALSE);
            return STATUS_SUCCESS;
        case KSEVENTF_DPC: {
            // The DPC runs with SystemArgument1 = the requestor's KSEVENTDATA,
            // whose Dpc.ReferenceCount counts queued, not yet run, DPCs: the
            // DPC routine decrements it, and the owner waits for 0 before it
            // frees the KSEVENTDATA.
            KSEVENTDATA* owner = entry->EventData;
            if (data == nullptr || data->Dpc.Dpc == nullptr || owner == nullptr) return STATUS_INVALID_PARAMETER;
            InterlockedIncrement(reinterpret_cast<LONG volatile*>(&owner->Dpc.ReferenceCount));
            if (!KeInsertQueueDpc(data->Dpc.Dpc, owner, nullptr)) {
                InterlockedDecrement(reinterpret_cast<LONG volatile*>(&owner->Dpc.ReferenceCount));
            }
            return STATUS_SUCCESS;
        }
        default:
            return STATUS_NOT_SUPPORTED;
    }
}

// ---- Locks --------------------------------------------------------------------------

bool EventLock::usable() const
{
    if (mutex_ != nullptr || kind_ == KSEVENTS_NONE) return true;
    return kind_ == KSEVENTS_SPINLOCK && lock_ != nullptr;
}

void EventLock::lock()
{
    if (mutex_ != nullptr) {
        mutex_->lock();
        return;
    }
    if (kind_ != KSEVENTS_SPINLOCK || lock_ == nullptr) return;
    auto* flag = static_cast<PKSPIN_LOCK>(lock_);
    while (__atomic_exchange_n(flag, KSPIN_LOCK{1}, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(flag, __ATOMIC_RELAXED) != 0) {
        }
    }
}

void EventLock::unlock()
{
    if (mutex_ != nullptr) {
        mutex_->unlock();
        return;
    }
    if (kind_ == KSEVENTS_SPINLOCK && lock_ != nullptr)
        __atomic_store_n(static_cast<PKSPIN_LOCK>(lock_), KSPIN_LOCK{0}, __ATOMIC_RELEASE);
}

// ---- Object event lists ------------------------------------------------------------------

ObjectEvents::ObjectEvents()
{
    InitializeListHead(&filed_);
    InitializeListHead(&owned_);
}

ObjectEvents::~ObjectEvents()
{
    while (!IsListEmpty(&owned_)) {
        auto* block = CONTAINING_RECORD(RemoveHeadList(&owned_), EntryBlock, owned);
        block->owner = nullptr;
        freeBlock(block);
    }
}

bool ObjectEvents::empty()
{
    std::lock_guard lock(mutex_);
    return IsListEmpty(&filed_);
}

void ObjectEvents::add(PKSEVENT_ENTRY entry)
{
    std::lock_guard lock(mutex_);
    InsertTailList(&filed_, &entry->ListEntry);
}

void ObjectEvents::forget(PKSEVENT_ENTRY entry)
{
    std::lock_guard lock(mutex_);
    EntryBlock* block = blockOf(entry);
    RemoveEntryList(&block->owned);
    InitializeListHead(&block->owned);
    block->owner = nullptr;
}

NTSTATUS ObjectEvents::enable(PIRP irp, const ks::AutomationView& automation)
{
    return ks::handleEnableEvent(irp, automation, &ObjectEvents::enableOne, this);
}

NTSTATUS ObjectEvents::enableOne(PIRP irp, const ks::EventEnableRequest& request, void* self)
{
    auto* events = static_cast<ObjectEvents*>(self);
    PKSEVENT_ENTRY entry = nullptr;
    NTSTATUS status = createEventEntry(irp, request, &entry);
    if (!NT_SUCCESS(status)) return status;
    EntryBlock* block = blockOf(entry);
    {
        std::lock_guard lock(events->mutex_);
        InsertTailList(&events->owned_, &block->owned);
        block->owner = events;
    }
    // Without the list lock: an AddHandler files the entry (KsAddEvent) itself.
    if (request.item->AddHandler != nullptr) {
        status = request.item->AddHandler(irp, block->captured, entry);
    } else {
        events->add(entry);
    }
    if (!NT_SUCCESS(status)) {
        events->forget(entry);
        freeBlock(block);
    }
    return status;
}

NTSTATUS ObjectEvents::disable(PIRP irp)
{
    const KSEVENTDATA* data = nullptr;
    const NTSTATUS status = ks::readDisableEvent(irp, &data);
    if (!NT_SUCCESS(status)) return status;
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
    if (data == nullptr) {
        freeFile(file);
        return STATUS_SUCCESS;
    }
    EntryBlock* found = nullptr;
    bool wasDeleted = false;
    {
        std::lock_guard lock(mutex_);
        // The first live entry with that KSEVENTDATA, else a fired one-shot one.
        for (PLIST_ENTRY e = owned_.Flink; e != &owned_; e = e->Flink) {
            auto* block = CONTAINING_RECORD(e, EntryBlock, owned);
            if (block->entry.FileObject != file || block->entry.EventData != data) continue;
            const bool deleted = (loadFlags(&block->entry) & KSEVENT_ENTRY_DELETED) != 0;
            if (found == nullptr || (wasDeleted && !deleted)) {
                found = block;
                wasDeleted = deleted;
            }
        }
        if (found == nullptr) return STATUS_UNSUCCESSFUL;
        wasDeleted = markDeleted(&found->entry);
        KSEVENT_ENTRY_IRP_STORAGE(irp) = &found->entry;
        unfile(&found->entry);
        RemoveEntryList(&found->owned);
        found->owner = nullptr;
    }
    freeBlock(found);
    // A one-shot event that already fired is gone, as far as the client can tell.
    return wasDeleted ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
}

void ObjectEvents::freeFile(PFILE_OBJECT file)
{
    LIST_ENTRY doomed;
    InitializeListHead(&doomed);
    {
        std::lock_guard lock(mutex_);
        for (PLIST_ENTRY e = owned_.Flink, next; e != &owned_; e = next) {
            next = e->Flink;
            auto* block = CONTAINING_RECORD(e, EntryBlock, owned);
            if (file != nullptr && block->entry.FileObject != file) continue;
            (void)markDeleted(&block->entry);
            unfile(&block->entry);
            RemoveEntryList(&block->owned);
            block->owner = nullptr;
            InsertTailList(&doomed, &block->owned);
        }
    }
    while (!IsListEmpty(&doomed))
        freeBlock(CONTAINING_RECORD(RemoveHeadList(&doomed), EntryBlock, owned));
}

void ObjectEvents::generate(const GUID* set, ULONG id, PFNKSGENERATEEVENTCALLBACK callback, PVOID context)
{
    LIST_ENTRY fired;
    InitializeListHead(&fired);
    {
        std::lock_guard lock(mutex_);
        for (PLIST_ENTRY e = filed_.Flink, next; e != &filed_; e = next) {
            next = e->Flink;
            auto* entry = CONTAINING_RECORD(e, KSEVENT_ENTRY, ListEntry);
            if (!matches(entry, set, id) || (loadFlags(entry) & KSEVENT_ENTRY_DELETED) != 0) continue;
            if (callback != nullptr && !callback(context, entry)) continue;
            (void)signalEventEntry(entry);
            if ((loadFlags(entry) & KSEVENT_ENTRY_ONESHOT) == 0 || !isOurs(entry)) continue;
            EntryBlock* block = blockOf(entry);
            if (block->owner != this) continue;
            // A fired one-shot entry is disabled now; `next` may have been
            // unlinked by the RemoveHandler only if it was this entry.
            unfile(entry);
            RemoveEntryList(&block->owned);
            block->owner = nullptr;
            InsertTailList(&fired, &block->owned);
        }
    }
    while (!IsListEmpty(&fired))
        freeBlock(CONTAINING_RECORD(RemoveHeadList(&fired), EntryBlock, owned));
}

ObjectEvents* objectEvents(PVOID object)
{
    KsObject* ks = objectFromPublic(object);
    return ks == nullptr ? nullptr : &ks->events();
}

// ---- KS 1.0 event lists ---------------------------------------------------------------

namespace {

struct ListTarget {
    PLIST_ENTRY list;
    EventLock lock;
};

NTSTATUS enableOnList(PIRP irp, const ks::EventEnableRequest& request, void* context)
{
    auto* target = static_cast<ListTarget*>(context);
    if (request.item->AddHandler == nullptr && (target->list == nullptr || !target->lock.usable())) {
        logNotImplemented("KsEnableEvent (event list lock other than KSEVENTS_NONE/SPINLOCK)");
        return STATUS_NOT_SUPPORTED;
    }
    PKSEVENT_ENTRY entry = nullptr;
    NTSTATUS status = createEventEntry(irp, request, &entry);
    if (!NT_SUCCESS(status)) return status;
    if (request.item->AddHandler != nullptr) {
        status = request.item->AddHandler(irp, blockOf(entry)->captured, entry);
    } else {
        target->lock.lock();
        InsertTailList(target->list, &entry->ListEntry);
        target->lock.unlock();
    }
    if (!NT_SUCCESS(status)) freeBlock(blockOf(entry));
    return status;
}

}  // namespace

NTSTATUS enableEventOnList(PIRP irp, const ks::AutomationView& automation, PLIST_ENTRY list, EventLock lock)
{
    ListTarget target{list, lock};
    return ks::handleEnableEvent(irp, automation, &enableOnList, &target);
}

NTSTATUS disableEventsOnList(PIRP irp, PFILE_OBJECT file, const KSEVENTDATA* data, bool all, PLIST_ENTRY list,
                             EventLock lock)
{
    if (list == nullptr || list->Flink == nullptr) return all ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    if (!lock.usable()) {
        logNotImplemented("KsDisableEvent (event list lock other than KSEVENTS_NONE/SPINLOCK)");
        return STATUS_NOT_SUPPORTED;
    }
    LIST_ENTRY doomed;
    InitializeListHead(&doomed);
    bool found = false;
    lock.lock();
    for (PLIST_ENTRY e = list->Flink, next; e != list; e = next) {
        next = e->Flink;
        auto* entry = CONTAINING_RECORD(e, KSEVENT_ENTRY, ListEntry);
        if (entry->FileObject != file || (!all && entry->EventData != data)) continue;
        if (!all && (loadFlags(entry) & KSEVENT_ENTRY_DELETED) != 0) continue;
        found = true;
        (void)markDeleted(entry);
        if (irp != nullptr) KSEVENT_ENTRY_IRP_STORAGE(irp) = entry;
        unfile(entry);
        if (isOurs(entry)) InsertTailList(&doomed, &blockOf(entry)->owned);
        if (!all) break;
    }
    lock.unlock();
    while (!IsListEmpty(&doomed))
        freeBlock(CONTAINING_RECORD(RemoveHeadList(&doomed), EntryBlock, owned));
    return found || all ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

void generateEventsOnList(const GUID* set, ULONG id, PLIST_ENTRY list, EventLock lock)
{
    if (list == nullptr || list->Flink == nullptr) return;
    if (!lock.usable()) {
        logNotImplemented("KsGenerateEventList (event list lock other than KSEVENTS_NONE/SPINLOCK)");
        return;
    }
    lock.lock();
    for (PLIST_ENTRY e = list->Flink; e != list; e = e->Flink) {
        auto* entry = CONTAINING_RECORD(e, KSEVENT_ENTRY, ListEntry);
        if (matches(entry, set, id)) (void)signalEventEntry(entry);
    }
    lock.unlock();
}

}  // namespace openks::avstream
