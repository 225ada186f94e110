// SPDX-License-Identifier: MIT
// Emulated per-thread IRQL, critical regions, spin locks and in-stack queued spin locks.
#include <sched.h>

#include <atomic>
#include <cstdio>

#include "io/ke_runtime.h"

namespace openks::io {
namespace {

thread_local KIRQL tIrql = PASSIVE_LEVEL;
thread_local LONG tCriticalRegions = 0;
std::atomic<uint64_t> gDriverBugs{0};
constexpr uint64_t kLoggedReports = 32;

// A KSPIN_LOCK word: 0 free, 1 held (the Ks*CancelableQueue routines use the
// same encoding).  Test-and-test-and-set; after a short spin the waiter yields,
// since the holder is a preemptible user thread.
void lockWord(PKSPIN_LOCK lock)
{
    for (unsigned spins = 0;; ++spins) {
        if (__atomic_load_n(lock, __ATOMIC_RELAXED) == 0 &&
            __atomic_exchange_n(lock, KSPIN_LOCK{1}, __ATOMIC_ACQUIRE) == 0)
            return;
        if (spins < 64)
            __builtin_ia32_pause();
        else
            sched_yield();
    }
}

bool tryLockWord(PKSPIN_LOCK lock)
{
    return __atomic_load_n(lock, __ATOMIC_RELAXED) == 0 &&
           __atomic_exchange_n(lock, KSPIN_LOCK{1}, __ATOMIC_ACQUIRE) == 0;
}

void unlockWord(PKSPIN_LOCK lock)
{
    __atomic_store_n(lock, KSPIN_LOCK{0}, __ATOMIC_RELEASE);
}

}  // namespace

KIRQL currentIrql()
{
    return tIrql;
}

void setCurrentIrql(KIRQL irql)
{
    tIrql = irql;
}

void reportDriverBug(const char* what)
{
    uint64_t n = gDriverBugs.fetch_add(1, std::memory_order_relaxed);
    if (n < kLoggedReports) std::fprintf(stderr, "openks: driver bug: %s\n", what);
}

uint64_t driverBugReports()
{
    return gDriverBugs.load(std::memory_order_relaxed);
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

KIRQL NTAPI KeGetCurrentIrql(VOID)
{
    return tIrql;
}

VOID NTAPI KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
    KIRQL old = tIrql;
    if (NewIrql < old) reportDriverBug("KeRaiseIrql to a lower IRQL (IRQL_NOT_GREATER_OR_EQUAL)");
    if (OldIrql != nullptr) *OldIrql = old;
    tIrql = NewIrql;
}

VOID NTAPI KeLowerIrql(KIRQL NewIrql)
{
    if (NewIrql > tIrql) reportDriverBug("KeLowerIrql to a higher IRQL (IRQL_NOT_LESS_OR_EQUAL)");
    tIrql = NewIrql;
}

KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    return old;
}

VOID NTAPI KeEnterCriticalRegion(VOID)
{
    ++tCriticalRegions;
}

VOID NTAPI KeLeaveCriticalRegion(VOID)
{
    if (tCriticalRegions == 0) {
        reportDriverBug("KeLeaveCriticalRegion without KeEnterCriticalRegion");
        return;
    }
    --tCriticalRegions;
}

BOOLEAN NTAPI KeAreApcsDisabled(VOID)
{
    return tCriticalRegions > 0 || tIrql >= APC_LEVEL ? TRUE : FALSE;
}

VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    if (SpinLock != nullptr) __atomic_store_n(SpinLock, KSPIN_LOCK{0}, __ATOMIC_RELEASE);
}

KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    KIRQL old = tIrql;
    if (old < DISPATCH_LEVEL) tIrql = DISPATCH_LEVEL;
    lockWord(SpinLock);
    return old;
}

VOID NTAPI KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
{
    KIRQL old = KeAcquireSpinLockRaiseToDpc(SpinLock);
    if (OldIrql != nullptr) *OldIrql = old;
}

VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    unlockWord(SpinLock);
    tIrql = NewIrql;
}

VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    lockWord(SpinLock);
}

VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    unlockWord(SpinLock);
}

BOOLEAN NTAPI KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    return tryLockWord(SpinLock) ? TRUE : FALSE;
}

KIRQL NTAPI KeAcquireSpinLockForDpc(PKSPIN_LOCK SpinLock)
{
    return KeAcquireSpinLockRaiseToDpc(SpinLock);
}

VOID NTAPI KeReleaseSpinLockForDpc(PKSPIN_LOCK SpinLock, KIRQL OldIrql)
{
    KeReleaseSpinLock(SpinLock, OldIrql);
}

BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    return __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0 ? TRUE : FALSE;
}

VOID NTAPI KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    KIRQL old = KeAcquireSpinLockRaiseToDpc(SpinLock);
    LockHandle->LockQueue.Next = nullptr;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = old;
}

VOID NTAPI KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KeReleaseSpinLock(LockHandle->LockQueue.Lock, LockHandle->OldIrql);
}

VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    lockWord(SpinLock);
    LockHandle->LockQueue.Next = nullptr;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = tIrql;
}

VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
    unlockWord(LockHandle->LockQueue.Lock);
}

}  // extern "C"
