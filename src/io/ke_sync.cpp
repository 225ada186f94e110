// SPDX-License-Identifier: MIT
// Waits on every kind of dispatcher object, kernel mutexes, semaphores and fast mutexes.
#include "io/event.h"
#include "io/ke_runtime.h"

namespace openks::io {
namespace {

PKTHREAD self()
{
    return KeGetCurrentThread();
}

void checkWaitIrql(const LARGE_INTEGER* timeout, const char* what)
{
    if (currentIrql() >= DISPATCH_LEVEL && (timeout == nullptr || timeout->QuadPart != 0)) reportDriverBug(what);
}

// What a satisfied wait does beyond consuming the header's signal.
void acquired(PVOID object)
{
    switch (dispatcherKind(object)) {
        case kKindMutex:
            mutexAcquired(static_cast<PKMUTEX>(object));
            break;
        case kKindSemaphore:
            semaphoreAcquired(static_cast<PKSEMAPHORE>(object));
            break;
        default:
            break;
    }
}

bool ownedMutex(PVOID object)
{
    return dispatcherKind(object) == kKindMutex && mutexOwnedByCaller(static_cast<PKMUTEX>(object));
}

LONG mutexState(PKMUTEX mutex)
{
    if (__atomic_load_n(&mutex->OwnerThread, __ATOMIC_ACQUIRE) == nullptr) return 1;
    return 1 - __atomic_load_n(&mutex->RecursionCount, __ATOMIC_RELAXED);
}

}  // namespace

bool mutexOwnedByCaller(PKMUTEX mutex)
{
    return __atomic_load_n(&mutex->OwnerThread, __ATOMIC_ACQUIRE) == self();
}

void mutexRecurse(PKMUTEX mutex)
{
    __atomic_fetch_add(&mutex->RecursionCount, 1, __ATOMIC_RELAXED);
}

void mutexAcquired(PKMUTEX mutex)
{
    __atomic_store_n(&mutex->RecursionCount, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&mutex->OwnerThread, self(), __ATOMIC_RELEASE);
}

void semaphoreAcquired(PKSEMAPHORE semaphore)
{
    // The waiter consumed the header's signal; pass it on while units remain.
    KeAcquireSpinLockAtDpcLevel(&semaphore->Lock);
    LONG left = __atomic_sub_fetch(&semaphore->Count, 1, __ATOMIC_RELAXED);
    if (left > 0) KeSetEvent(&semaphore->Header, 0, FALSE);
    KeReleaseSpinLockFromDpcLevel(&semaphore->Lock);
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON /*WaitReason*/, KPROCESSOR_MODE /*WaitMode*/,
                                     BOOLEAN /*Alertable*/, PLARGE_INTEGER Timeout)
{
    if (Object == nullptr) return STATUS_INVALID_PARAMETER;
    checkWaitIrql(Timeout, "KeWaitForSingleObject that may block at DISPATCH_LEVEL");
    if (ownedMutex(Object)) {
        mutexRecurse(static_cast<PKMUTEX>(Object));
        return STATUS_SUCCESS;
    }
    NTSTATUS status = waitForEvent(static_cast<PKEVENT>(Object), Timeout);
    if (status == STATUS_SUCCESS) acquired(Object);
    return status;
}

NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON /*WaitReason*/,
                                        KPROCESSOR_MODE /*WaitMode*/, BOOLEAN /*Alertable*/, PLARGE_INTEGER Timeout,
                                        PKWAIT_BLOCK /*WaitBlockArray*/)
{
    if (Object == nullptr || Count == 0 || Count > MAXIMUM_WAIT_OBJECTS) return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; i < Count; ++i) {
        if (Object[i] == nullptr) return STATUS_INVALID_PARAMETER;
    }
    checkWaitIrql(Timeout, "KeWaitForMultipleObjects that may block at DISPATCH_LEVEL");
    if (WaitType != WaitAll) {
        for (ULONG i = 0; i < Count; ++i) {
            if (ownedMutex(Object[i])) {
                mutexRecurse(static_cast<PKMUTEX>(Object[i]));
                return STATUS_WAIT_0 + static_cast<NTSTATUS>(i);
            }
        }
        NTSTATUS status = waitForMultiple(reinterpret_cast<PKEVENT const*>(Object), Count, false, Timeout);
        if (status >= STATUS_WAIT_0 && status < STATUS_WAIT_0 + static_cast<NTSTATUS>(Count))
            acquired(Object[status - STATUS_WAIT_0]);
        return status;
    }
    // Wait-all: mutexes the caller owns are already satisfied; wait for the rest.
    PKEVENT pending[MAXIMUM_WAIT_OBJECTS];
    ULONG pendingCount = 0;
    for (ULONG i = 0; i < Count; ++i) {
        if (!ownedMutex(Object[i])) pending[pendingCount++] = static_cast<PKEVENT>(Object[i]);
    }
    if (pendingCount > 0) {
        NTSTATUS status = waitForMultiple(pending, pendingCount, true, Timeout);
        if (status != STATUS_WAIT_0) return status;
    }
    for (ULONG i = 0; i < Count; ++i) {
        if (ownedMutex(Object[i]))
            mutexRecurse(static_cast<PKMUTEX>(Object[i]));
        else
            acquired(Object[i]);
    }
    return STATUS_WAIT_0;
}

VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG /*Level*/)
{
    if (Mutex == nullptr) return;
    KeInitializeEvent(&Mutex->Header, SynchronizationEvent, TRUE);
    Mutex->Header.Reserved = kKindMutex;
    InitializeListHead(&Mutex->MutantListEntry);
    __atomic_store_n(&Mutex->OwnerThread, nullptr, __ATOMIC_RELAXED);
    __atomic_store_n(&Mutex->RecursionCount, 0, __ATOMIC_RELAXED);
    Mutex->Abandoned = FALSE;
    Mutex->ApcDisable = 0;
}

LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN /*Wait*/)
{
    if (Mutex == nullptr) return 0;
    LONG previous = mutexState(Mutex);
    if (!mutexOwnedByCaller(Mutex)) {
        reportDriverBug("KeReleaseMutex by a thread that does not own the mutex (STATUS_MUTANT_NOT_OWNED)");
        return previous;
    }
    if (__atomic_sub_fetch(&Mutex->RecursionCount, 1, __ATOMIC_RELAXED) == 0) {
        __atomic_store_n(&Mutex->OwnerThread, nullptr, __ATOMIC_RELEASE);
        KeSetEvent(&Mutex->Header, 0, FALSE);
    }
    return previous;
}

LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex)
{
    return Mutex != nullptr ? mutexState(Mutex) : 0;
}

VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    if (Semaphore == nullptr) return;
    if (Limit <= 0) Limit = 1;
    if (Count < 0) Count = 0;
    if (Count > Limit) Count = Limit;
    KeInitializeEvent(&Semaphore->Header, SynchronizationEvent, Count > 0 ? TRUE : FALSE);
    Semaphore->Header.Reserved = kKindSemaphore;
    Semaphore->Limit = Limit;
    __atomic_store_n(&Semaphore->Count, Count, __ATOMIC_RELAXED);
    KeInitializeSpinLock(&Semaphore->Lock);
}

LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY /*Increment*/, LONG Adjustment, BOOLEAN /*Wait*/)
{
    if (Semaphore == nullptr) return 0;
    KeAcquireSpinLockAtDpcLevel(&Semaphore->Lock);
    LONG previous = __atomic_load_n(&Semaphore->Count, __ATOMIC_RELAXED);
    if (Adjustment <= 0 || Adjustment > Semaphore->Limit - previous) {
        KeReleaseSpinLockFromDpcLevel(&Semaphore->Lock);
        reportDriverBug("KeReleaseSemaphore beyond the semaphore's limit (STATUS_SEMAPHORE_LIMIT_EXCEEDED)");
        return previous;
    }
    __atomic_store_n(&Semaphore->Count, previous + Adjustment, __ATOMIC_RELAXED);
    if (previous == 0) KeSetEvent(&Semaphore->Header, 0, FALSE);
    KeReleaseSpinLockFromDpcLevel(&Semaphore->Lock);
    return previous;
}

LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
    return Semaphore != nullptr ? __atomic_load_n(&Semaphore->Count, __ATOMIC_RELAXED) : 0;
}

VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
    if (FastMutex == nullptr) return;
    __atomic_store_n(&FastMutex->Count, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&FastMutex->Owner, nullptr, __ATOMIC_RELAXED);
    FastMutex->Contention = 0;
    KeInitializeEvent(&FastMutex->Event, SynchronizationEvent, FALSE);
    FastMutex->OldIrql = PASSIVE_LEVEL;
}

VOID NTAPI ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    // Count: 1 free, 0 owned, -n owned with n waiters.  A waiter that loses
    // the race to sleep still finds the release's signal in the event.
    if (__atomic_sub_fetch(&FastMutex->Count, 1, __ATOMIC_ACQUIRE) != 0) {
        __atomic_fetch_add(&FastMutex->Contention, 1, __ATOMIC_RELAXED);
        (void)waitForEvent(&FastMutex->Event, nullptr);
    }
    __atomic_store_n(&FastMutex->Owner, KeGetCurrentThread(), __ATOMIC_RELAXED);
}

VOID NTAPI ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    __atomic_store_n(&FastMutex->Owner, nullptr, __ATOMIC_RELAXED);
    if (__atomic_add_fetch(&FastMutex->Count, 1, __ATOMIC_RELEASE) != 1) KeSetEvent(&FastMutex->Event, 0, FALSE);
}

VOID NTAPI ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL old = currentIrql();
    if (old >= DISPATCH_LEVEL) reportDriverBug("ExAcquireFastMutex at DISPATCH_LEVEL");
    if (old < APC_LEVEL) setCurrentIrql(APC_LEVEL);
    ExAcquireFastMutexUnsafe(FastMutex);
    FastMutex->OldIrql = old;
}

VOID NTAPI ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    // Read before the release: the next owner overwrites it.
    KIRQL old = static_cast<KIRQL>(FastMutex->OldIrql);
    ExReleaseFastMutexUnsafe(FastMutex);
    setCurrentIrql(old);
}

BOOLEAN NTAPI ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL old = currentIrql();
    LONG expected = 1;
    if (!__atomic_compare_exchange_n(&FastMutex->Count, &expected, 0, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return FALSE;
    if (old < APC_LEVEL) setCurrentIrql(APC_LEVEL);
    __atomic_store_n(&FastMutex->Owner, KeGetCurrentThread(), __ATOMIC_RELAXED);
    FastMutex->OldIrql = old;
    return TRUE;
}

}  // extern "C"
