// SPDX-License-Identifier: MIT
// KS cancelable IRP queues: LIST_ENTRY queues of IRPs guarded by a KSPIN_LOCK, race-free with IoCancelIrp.

#include <openks/driver.h>

#include <sched.h>

#include <initializer_list>

// The rules that make a queue race-free with IoCancelIrp:
//  - A queued IRP is linked through Tail.Overlay.ListEntry and remembers its
//    queue's lock in KSQUEUE_SPINLOCK_IRP_STORAGE.
//  - Whoever takes the IRP's cancel routine (IoSetCancelRoutine(irp, NULL)
//    returning non-NULL) owns it: the remover (which then acquires it) or
//    IoCancelIrp (which calls the routine, which unlinks it under the queue
//    lock and completes it).  A queued IRP whose cancel routine is NULL is
//    acquired or being cancelled, and every scan skips it.
//  - The KSPIN_LOCK storage itself is the lock: 0 free, 1 held (an atomic
//    test-and-set spin; it is only held for list surgery).

namespace {

void lockQueue(PKSPIN_LOCK lock)
{
    while (__atomic_exchange_n(lock, KSPIN_LOCK{1}, __ATOMIC_ACQUIRE) != 0)
        while (__atomic_load_n(lock, __ATOMIC_RELAXED) != 0) sched_yield();
}

void unlockQueue(PKSPIN_LOCK lock) { __atomic_store_n(lock, KSPIN_LOCK{0}, __ATOMIC_RELEASE); }

// Takes both locks in address order (no deadlock between two movers).
void lockPair(PKSPIN_LOCK a, PKSPIN_LOCK b)
{
    if (a == b) {
        lockQueue(a);
    } else if (a < b) {
        lockQueue(a);
        lockQueue(b);
    } else {
        lockQueue(b);
        lockQueue(a);
    }
}

void unlockPair(PKSPIN_LOCK a, PKSPIN_LOCK b)
{
    unlockQueue(a);
    if (a != b) unlockQueue(b);
}

PLIST_ENTRY entryOf(PIRP irp) { return &irp->Tail.Overlay.ListEntry; }
PIRP irpOf(PLIST_ENTRY entry) { return CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry); }

void insert(PLIST_ENTRY head, PLIST_ENTRY entry, KSLIST_ENTRY_LOCATION where)
{
    if (where == KsListEntryHead) {
        entry->Flink = head->Flink;
        entry->Blink = head;
        head->Flink->Blink = entry;
        head->Flink = entry;
    } else {
        entry->Flink = head;
        entry->Blink = head->Blink;
        head->Blink->Flink = entry;
        head->Blink = entry;
    }
}

void unlink(PLIST_ENTRY entry)
{
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    entry->Flink = entry->Blink = nullptr;
}

bool isCancelled(PIRP irp) { return __atomic_load_n(&irp->Cancel, __ATOMIC_ACQUIRE) != FALSE; }

// Runs `routine` as IoCancelIrp would: with the cancel spin lock held (the
// routine releases it).  Called with no queue lock held.
void callCancelRoutine(PIRP irp, PDRIVER_CANCEL routine)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    IoAcquireCancelSpinLock(&irp->CancelIrql);
    routine(sp != nullptr ? sp->DeviceObject : nullptr, irp);
}

// Arms the cancel routine of an IRP the caller owns; if a cancel arrived
// meanwhile, cancels it now (the routine unlinks and completes it).
void armCancel(PIRP irp, PDRIVER_CANCEL routine)
{
    IoSetCancelRoutine(irp, routine);
    if (isCancelled(irp)) {
        PDRIVER_CANCEL taken = IoSetCancelRoutine(irp, nullptr);
        if (taken != nullptr) callCancelRoutine(irp, taken);
    }
}

}  // namespace

extern "C" {

// Queues Irp at ListLocation and makes it cancelable with DriverCancel (NULL:
// KsCancelRoutine).  An IRP already cancelled is cancelled at once.  Any thread.
void NTAPI KsAddIrpToCancelableQueue(PLIST_ENTRY QueueHead, PKSPIN_LOCK SpinLock, PIRP Irp,
                                     KSLIST_ENTRY_LOCATION ListLocation, PDRIVER_CANCEL DriverCancel)
{
    if (QueueHead == nullptr || SpinLock == nullptr || Irp == nullptr) return;
    if (DriverCancel == nullptr) DriverCancel = KsCancelRoutine;
    KSQUEUE_SPINLOCK_IRP_STORAGE(Irp) = SpinLock;
    lockQueue(SpinLock);
    insert(QueueHead, entryOf(Irp), ListLocation);
    IoSetCancelRoutine(Irp, DriverCancel);  // cancelable as soon as a scan can see it
    unlockQueue(SpinLock);
    if (isCancelled(Irp)) {
        PDRIVER_CANCEL taken = IoSetCancelRoutine(Irp, nullptr);
        if (taken != nullptr) callCancelRoutine(Irp, taken);
    }
}

// The standard cancel routine: unlinks the IRP from its queue (if still
// linked), releases the cancel spin lock and completes it STATUS_CANCELLED.
// Called with the cancel spin lock held, as every cancel routine.
void NTAPI KsCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    PKSPIN_LOCK lock = KSQUEUE_SPINLOCK_IRP_STORAGE(Irp);
    if (lock != nullptr) {
        lockQueue(lock);
        if (entryOf(Irp)->Flink != nullptr) unlink(entryOf(Irp));
        unlockQueue(lock);
    }
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

// Cancels every cancelable IRP on the queue (IRPs currently acquired are
// left alone).  Any thread; no queue lock may be held by the caller.
void NTAPI KsCancelIo(PLIST_ENTRY QueueHead, PKSPIN_LOCK SpinLock)
{
    if (QueueHead == nullptr || SpinLock == nullptr) return;
    for (;;) {
        PIRP victim = nullptr;
        PDRIVER_CANCEL routine = nullptr;
        lockQueue(SpinLock);
        for (PLIST_ENTRY e = QueueHead->Flink; e != QueueHead; e = e->Flink) {
            PIRP irp = irpOf(e);
            routine = IoSetCancelRoutine(irp, nullptr);
            if (routine != nullptr) {
                victim = irp;
                break;
            }
        }
        unlockQueue(SpinLock);
        if (victim == nullptr) return;
        __atomic_store_n(&victim->Cancel, TRUE, __ATOMIC_RELEASE);
        callCancelRoutine(victim, routine);
    }
}

// Gives back an IRP acquired with KsAcquireOnly*: it becomes cancelable again
// with DriverCancel (NULL: KsCancelRoutine), and is cancelled now if a cancel
// arrived while it was acquired.
void NTAPI KsReleaseIrpOnCancelableQueue(PIRP Irp, PDRIVER_CANCEL DriverCancel)
{
    if (Irp == nullptr) return;
    armCancel(Irp, DriverCancel != nullptr ? DriverCancel : KsCancelRoutine);
}

// Acquires the first cancelable, not cancelled IRP from ListLocation (only the
// IRP at that end for the *OnlySingleItem operations).  Acquire*: it stays
// queued with no cancel routine (KsReleaseIrpOnCancelableQueue or
// KsRemoveSpecificIrpFromCancelableQueue later); AcquireAndRemove*: it is
// unlinked.  NULL when none.  Any thread.
PIRP NTAPI KsRemoveIrpFromCancelableQueue(PLIST_ENTRY QueueHead, PKSPIN_LOCK SpinLock,
                                          KSLIST_ENTRY_LOCATION ListLocation,
                                          KSIRP_REMOVAL_OPERATION RemovalOperation)
{
    if (QueueHead == nullptr || SpinLock == nullptr) return nullptr;
    const bool remove = RemovalOperation == KsAcquireAndRemove || RemovalOperation == KsAcquireAndRemoveOnlySingleItem;
    const bool single = RemovalOperation == KsAcquireOnlySingleItem || RemovalOperation == KsAcquireAndRemoveOnlySingleItem;
    PIRP found = nullptr;
    PIRP victim = nullptr;  // cancelled after we took its routine: IoCancelIrp found none, so we cancel it
    PDRIVER_CANCEL victimRoutine = nullptr;
    lockQueue(SpinLock);
    for (PLIST_ENTRY e = ListLocation == KsListEntryHead ? QueueHead->Flink : QueueHead->Blink; e != QueueHead;
         e = ListLocation == KsListEntryHead ? e->Flink : e->Blink) {
        PIRP irp = irpOf(e);
        if (!isCancelled(irp)) {
            PDRIVER_CANCEL routine = IoSetCancelRoutine(irp, nullptr);
            if (routine != nullptr) {
                if (!isCancelled(irp)) {
                    found = irp;
                    if (remove) unlink(e);
                    break;
                }
                if (victim == nullptr) {
                    victim = irp;
                    victimRoutine = routine;
                } else {
                    IoSetCancelRoutine(irp, routine);  // served by the next scan or release
                }
            }
        }
        if (single) break;
    }
    unlockQueue(SpinLock);
    if (victim != nullptr) callCancelRoutine(victim, victimRoutine);
    return found;
}

// Unlinks an IRP the caller acquired (with KsAcquireOnly*) from its queue.
void NTAPI KsRemoveSpecificIrpFromCancelableQueue(PIRP Irp)
{
    if (Irp == nullptr) return;
    PKSPIN_LOCK lock = KSQUEUE_SPINLOCK_IRP_STORAGE(Irp);
    if (lock == nullptr) return;
    lockQueue(lock);
    if (entryOf(Irp)->Flink != nullptr) unlink(entryOf(Irp));
    unlockQueue(lock);
}

// Moves IRPs from the source to the destination queue, visiting the source
// from ListLocation and adding at the same end of the destination.
// ListCallback decides per IRP: STATUS_SUCCESS moves it, STATUS_NO_MATCH skips
// it, anything else stops the walk and is returned.  Acquired or cancelled
// IRPs are skipped.  As documented for KS, ListCallback runs with both queue
// locks held: it must not block or touch either queue.  STATUS_SUCCESS when
// the walk ends.
NTSTATUS NTAPI KsMoveIrpsOnCancelableQueue(PLIST_ENTRY SourceList, PKSPIN_LOCK SourceLock,
                                           PLIST_ENTRY DestinationList, PKSPIN_LOCK DestinationLock,
                                           KSLIST_ENTRY_LOCATION ListLocation, PFNKSIRPLISTCALLBACK ListCallback,
                                           PVOID Context)
{
    if (SourceList == nullptr || SourceLock == nullptr || DestinationList == nullptr || DestinationLock == nullptr ||
        ListCallback == nullptr)
        return STATUS_INVALID_PARAMETER;
    if (DestinationLock == nullptr) DestinationLock = SourceLock;
    NTSTATUS result = STATUS_SUCCESS;
    lockPair(SourceLock, DestinationLock);
    const bool fromHead = ListLocation == KsListEntryHead;
    PLIST_ENTRY e = fromHead ? SourceList->Flink : SourceList->Blink;
    while (e != SourceList) {
        PLIST_ENTRY next = fromHead ? e->Flink : e->Blink;
        PIRP irp = irpOf(e);
        PDRIVER_CANCEL routine = IoSetCancelRoutine(irp, nullptr);
        if (routine != nullptr) {
            NTSTATUS status = ListCallback(irp, Context);
            if (status == STATUS_SUCCESS) {
                unlink(e);
                insert(DestinationList, e, ListLocation);
                KSQUEUE_SPINLOCK_IRP_STORAGE(irp) = DestinationLock;
            }
            // The cancel routine goes back under the locks; a cancel that
            // arrived meanwhile is served after they are released.
            IoSetCancelRoutine(irp, routine);
            if (status != STATUS_SUCCESS && status != STATUS_NO_MATCH) {
                result = status;
                break;
            }
        }
        e = next;
    }
    unlockPair(SourceLock, DestinationLock);
    // Serve cancels that raced with the walk (their IoCancelIrp found no routine).
    for (PLIST_ENTRY list : {SourceList, DestinationList}) {
        PKSPIN_LOCK lock = list == SourceList ? SourceLock : DestinationLock;
        for (;;) {
            PIRP victim = nullptr;
            PDRIVER_CANCEL routine = nullptr;
            lockQueue(lock);
            for (PLIST_ENTRY it = list->Flink; it != list; it = it->Flink) {
                if (isCancelled(irpOf(it))) {
                    routine = IoSetCancelRoutine(irpOf(it), nullptr);
                    if (routine != nullptr) {
                        victim = irpOf(it);
                        break;
                    }
                }
            }
            unlockQueue(lock);
            if (victim == nullptr) break;
            callCancelRoutine(victim, routine);
        }
    }
    return result;
}

}  // extern "C"
