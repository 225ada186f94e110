// SPDX-License-Identifier: MIT
// The kernel runtime a minidriver calls: IRQL, spin locks, timers and DPCs, mutexes, semaphores, threads, work items,
// pool, MDLs.
#include <openks/ks/wdm.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "io/event.h"
#include "io/ke_runtime.h"
#include "io/test_driver.h"
#include "io/wdm_runtime_c.h"

namespace {

using openks::io::driverBugReports;

// A safety net for waits that must succeed: a broken runtime fails the test instead of hanging it.
LARGE_INTEGER seconds(int n)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -int64_t{n} * 10000000;
    return timeout;
}

LARGE_INTEGER zero()
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = 0;
    return timeout;
}

NTSTATUS waitFor(PVOID object, LARGE_INTEGER timeout)
{
    return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &timeout);
}

// ---- IRQL and spin locks ----------------------------------------------------

TEST(Irql, RaiseAndLowerArePerThread)
{
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KIRQL old = 0xff;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_EQ(old, PASSIVE_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KIRQL other = 0xff;
    std::thread([&] { other = KeGetCurrentIrql(); }).join();
    EXPECT_EQ(other, PASSIVE_LEVEL);
    KeLowerIrql(old);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(KeRaiseIrqlToDpcLevel(), PASSIVE_LEVEL);
    KeLowerIrql(PASSIVE_LEVEL);
}

TEST(SpinLock, RaisesToDispatchAndRestores)
{
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    EXPECT_EQ(old, PASSIVE_LEVEL);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    EXPECT_FALSE(KeTestSpinLock(&lock));
    EXPECT_FALSE(KeTryToAcquireSpinLockAtDpcLevel(&lock));
    KeReleaseSpinLock(&lock, old);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_TRUE(KeTestSpinLock(&lock));

    // Nested: the inner lock is taken at DISPATCH_LEVEL and gives it back.
    KSPIN_LOCK inner;
    KeInitializeSpinLock(&inner);
    KIRQL outerOld = KeAcquireSpinLockRaiseToDpc(&lock);
    KIRQL innerOld;
    KeAcquireSpinLock(&inner, &innerOld);
    EXPECT_EQ(innerOld, DISPATCH_LEVEL);
    KeReleaseSpinLock(&inner, innerOld);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&inner);
    KeReleaseSpinLockFromDpcLevel(&inner);
    EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeReleaseSpinLock(&lock, outerOld);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST(SpinLock, ExcludesOtherThreads)
{
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    constexpr int kThreads = 4;
    constexpr int kRounds = 20000;
    long counter = 0;  // plain memory: only the lock protects it
    int inside = 0;
    std::atomic<bool> overlapped{false};
    std::atomic<bool> wrongIrql{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRounds; ++i) {
                if ((i + t) % 2 == 0) {
                    KIRQL old;
                    KeAcquireSpinLock(&lock, &old);
                    if (++inside != 1) overlapped = true;
                    ++counter;
                    if (KeGetCurrentIrql() != DISPATCH_LEVEL) wrongIrql = true;
                    --inside;
                    KeReleaseSpinLock(&lock, old);
                } else {
                    KLOCK_QUEUE_HANDLE handle;
                    KeAcquireInStackQueuedSpinLock(&lock, &handle);
                    if (++inside != 1) overlapped = true;
                    ++counter;
                    if (KeGetCurrentIrql() != DISPATCH_LEVEL) wrongIrql = true;
                    --inside;
                    KeReleaseInStackQueuedSpinLock(&handle);
                }
                if (KeGetCurrentIrql() != PASSIVE_LEVEL) wrongIrql = true;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(counter, long{kThreads} * kRounds);
    EXPECT_FALSE(overlapped);
    EXPECT_FALSE(wrongIrql);
}

TEST(Irql, ABlockingWaitAtDispatchLevelIsReportedNotFatal)
{
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, TRUE);
    uint64_t before = driverBugReports();
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_EQ(waitFor(&event, zero()), STATUS_SUCCESS);  // polling is allowed
    EXPECT_EQ(driverBugReports(), before);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    KeLowerIrql(old);
    EXPECT_EQ(driverBugReports(), before + 1);
}

// ---- DPCs and timers --------------------------------------------------------

struct PeriodicContext {
    KTIMER timer;
    KDPC dpc;
    KEVENT reached;
    int target = 0;
    std::atomic<int> count{0};
    std::atomic<int> running{0};
    std::atomic<bool> overlapped{false};
    std::atomic<bool> wrongIrql{false};
};

VOID NTAPI periodicDpc(PKDPC dpc, PVOID context, PVOID, PVOID)
{
    auto* c = static_cast<PeriodicContext*>(context);
    if (dpc != &c->dpc) c->wrongIrql = true;
    if (c->running.fetch_add(1) != 0) c->overlapped = true;
    if (KeGetCurrentIrql() != DISPATCH_LEVEL) c->wrongIrql = true;
    if (c->count.fetch_add(1) + 1 == c->target) KeSetEvent(&c->reached, 0, FALSE);
    c->running.fetch_sub(1);
}

TEST(Timer, PeriodicTimerDpcFiresUntilCancelled)
{
    PeriodicContext c;
    c.target = 5;
    KeInitializeTimerEx(&c.timer, NotificationTimer);
    KeInitializeDpc(&c.dpc, periodicDpc, &c);
    KeInitializeEvent(&c.reached, NotificationEvent, FALSE);
    LARGE_INTEGER due;
    due.QuadPart = -10000;  // 1 ms
    EXPECT_FALSE(KeSetTimerEx(&c.timer, due, 2, &c.dpc));
    ASSERT_EQ(waitFor(&c.reached, seconds(20)), STATUS_SUCCESS);
    EXPECT_TRUE(KeCancelTimer(&c.timer));  // it was still set
    EXPECT_FALSE(KeCancelTimer(&c.timer));
    KeFlushQueuedDpcs();
    int fired = c.count.load();
    EXPECT_GE(fired, c.target);

    // Several periods later (measured by a one-shot timer) nothing more has fired.
    KTIMER later;
    KeInitializeTimer(&later);
    due.QuadPart = -10 * 2 * 10000;
    KeSetTimer(&later, due, nullptr);
    ASSERT_EQ(waitFor(&later, seconds(20)), STATUS_SUCCESS);
    KeFlushQueuedDpcs();
    EXPECT_EQ(c.count.load(), fired);
    EXPECT_FALSE(c.overlapped);
    EXPECT_FALSE(c.wrongIrql);
}

TEST(Timer, OneShotTimerSignalsItsDispatcherState)
{
    KTIMER timer;
    KeInitializeTimer(&timer);
    EXPECT_FALSE(KeReadStateTimer(&timer));
    EXPECT_FALSE(KeCancelTimer(&timer));
    LARGE_INTEGER due;
    due.QuadPart = -2 * 10000 * 1000;  // 2 s: still pending when polled below
    EXPECT_FALSE(KeSetTimer(&timer, due, nullptr));
    EXPECT_EQ(waitFor(&timer, zero()), STATUS_TIMEOUT);
    due.QuadPart = -5 * 10000;  // reset to 5 ms
    EXPECT_TRUE(KeSetTimer(&timer, due, nullptr));
    EXPECT_EQ(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_TRUE(KeReadStateTimer(&timer));
    EXPECT_EQ(waitFor(&timer, zero()), STATUS_SUCCESS);  // a notification timer stays signalled
    EXPECT_FALSE(KeCancelTimer(&timer));                 // expired: no longer set

    // Setting again clears the signal.
    due.QuadPart = -2 * 10000 * 1000;
    EXPECT_FALSE(KeSetTimer(&timer, due, nullptr));
    EXPECT_FALSE(KeReadStateTimer(&timer));
    EXPECT_TRUE(KeCancelTimer(&timer));
}

TEST(Timer, SynchronizationTimerReleasesOneWaitAndAbsoluteTimesWork)
{
    KTIMER timer;
    KeInitializeTimerEx(&timer, SynchronizationTimer);
    LARGE_INTEGER due;
    KeQuerySystemTime(&due);
    due.QuadPart += 5 * 10000;  // absolute: 5 ms from now
    KeSetTimer(&timer, due, nullptr);
    EXPECT_EQ(waitFor(&timer, seconds(20)), STATUS_SUCCESS);
    EXPECT_FALSE(KeReadStateTimer(&timer));  // the wait consumed it
    EXPECT_EQ(waitFor(&timer, zero()), STATUS_TIMEOUT);
}

struct QueuedDpcContext {
    KEVENT started;
    std::atomic<bool> release{false};
    std::atomic<int> runs{0};
    PVOID argument1 = nullptr;
    PVOID argument2 = nullptr;
};

VOID NTAPI blockingDpc(PKDPC, PVOID context, PVOID, PVOID)
{
    auto* c = static_cast<QueuedDpcContext*>(context);
    KeSetEvent(&c->started, 0, FALSE);
    while (!c->release.load())
        KeStallExecutionProcessor(10);  // spinning is what a DPC may do
}

VOID NTAPI countingDpc(PKDPC, PVOID context, PVOID argument1, PVOID argument2)
{
    auto* c = static_cast<QueuedDpcContext*>(context);
    c->argument1 = argument1;
    c->argument2 = argument2;
    c->runs.fetch_add(1);
}

TEST(Dpc, InsertReturnsFalseWhileQueuedAndRemoveDequeues)
{
    QueuedDpcContext c;
    KeInitializeEvent(&c.started, NotificationEvent, FALSE);
    KDPC blocker;
    KDPC dpc;
    KeInitializeDpc(&blocker, blockingDpc, &c);
    KeInitializeDpc(&dpc, countingDpc, &c);
    ASSERT_TRUE(KeInsertQueueDpc(&blocker, nullptr, nullptr));
    ASSERT_EQ(waitFor(&c.started, seconds(20)), STATUS_SUCCESS);
    // The DPC thread is busy: dpc stays queued.
    EXPECT_TRUE(KeInsertQueueDpc(&dpc, reinterpret_cast<PVOID>(1), reinterpret_cast<PVOID>(2)));
    EXPECT_FALSE(KeInsertQueueDpc(&dpc, reinterpret_cast<PVOID>(3), reinterpret_cast<PVOID>(4)));
    EXPECT_TRUE(KeRemoveQueueDpc(&dpc));
    EXPECT_FALSE(KeRemoveQueueDpc(&dpc));
    EXPECT_TRUE(KeInsertQueueDpc(&dpc, reinterpret_cast<PVOID>(5), reinterpret_cast<PVOID>(6)));
    EXPECT_FALSE(KeInsertQueueDpc(&dpc, reinterpret_cast<PVOID>(7), reinterpret_cast<PVOID>(8)));
    c.release = true;
    KeFlushQueuedDpcs();
    EXPECT_EQ(c.runs.load(), 1);
    EXPECT_EQ(c.argument1, reinterpret_cast<PVOID>(5));  // the first insert's arguments
    EXPECT_EQ(c.argument2, reinterpret_cast<PVOID>(6));
    EXPECT_FALSE(KeRemoveQueueDpc(&dpc));
}

// ---- Mutexes, semaphores, fast mutexes --------------------------------------

TEST(Mutex, IsRecursiveForItsOwnerAndIgnoresOtherReleases)
{
    KMUTEX mutex;
    KeInitializeMutex(&mutex, 0);
    EXPECT_EQ(KeReadStateMutex(&mutex), 1);
    EXPECT_EQ(KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(KeWaitForMutexObject(&mutex, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateMutex(&mutex), -1);

    uint64_t before = driverBugReports();
    std::thread([&] {
        EXPECT_EQ(waitFor(&mutex, zero()), STATUS_TIMEOUT);
        EXPECT_EQ(KeReleaseMutex(&mutex, FALSE), -1);  // not the owner: nothing changes
    }).join();
    EXPECT_EQ(driverBugReports(), before + 1);
    EXPECT_EQ(KeReadStateMutex(&mutex), -1);

    EXPECT_EQ(KeReleaseMutex(&mutex, FALSE), -1);
    EXPECT_EQ(KeReadStateMutex(&mutex), 0);
    std::thread([&] { EXPECT_EQ(waitFor(&mutex, zero()), STATUS_TIMEOUT); }).join();
    EXPECT_EQ(KeReleaseMutex(&mutex, FALSE), 0);
    EXPECT_EQ(KeReadStateMutex(&mutex), 1);

    // Now another thread can take it; a waiter blocked on it gets it on release.
    KEVENT taken;
    KeInitializeEvent(&taken, NotificationEvent, FALSE);
    std::thread other([&] {
        EXPECT_EQ(waitFor(&mutex, seconds(20)), STATUS_SUCCESS);
        KeSetEvent(&taken, 0, FALSE);
        EXPECT_EQ(KeReleaseMutex(&mutex, FALSE), 0);
    });
    EXPECT_EQ(waitFor(&taken, seconds(20)), STATUS_SUCCESS);
    other.join();
    EXPECT_EQ(KeReadStateMutex(&mutex), 1);
}

TEST(Semaphore, CountsUpToItsLimit)
{
    KSEMAPHORE semaphore;
    KeInitializeSemaphore(&semaphore, 0, 2);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 0);
    EXPECT_EQ(waitFor(&semaphore, zero()), STATUS_TIMEOUT);
    EXPECT_EQ(KeReleaseSemaphore(&semaphore, 0, 1, FALSE), 0);
    EXPECT_EQ(KeReleaseSemaphore(&semaphore, 0, 1, FALSE), 1);
    uint64_t before = driverBugReports();
    EXPECT_EQ(KeReleaseSemaphore(&semaphore, 0, 1, FALSE), 2);  // beyond the limit: refused
    EXPECT_EQ(driverBugReports(), before + 1);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 2);
    EXPECT_EQ(waitFor(&semaphore, zero()), STATUS_SUCCESS);
    EXPECT_EQ(waitFor(&semaphore, zero()), STATUS_SUCCESS);
    EXPECT_EQ(waitFor(&semaphore, zero()), STATUS_TIMEOUT);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 0);

    // Blocked waiters each take one unit of a release of two.
    std::atomic<int> woken{0};
    std::vector<std::thread> waiters;
    for (int i = 0; i < 2; ++i) {
        waiters.emplace_back([&] {
            if (waitFor(&semaphore, seconds(20)) == STATUS_SUCCESS) woken.fetch_add(1);
        });
    }
    EXPECT_EQ(KeReleaseSemaphore(&semaphore, 0, 2, FALSE), 0);
    for (auto& waiter : waiters)
        waiter.join();
    EXPECT_EQ(woken.load(), 2);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 0);
}

TEST(Wait, WaitAllTakesAMutexASemaphoreAndAnEvent)
{
    KMUTEX mutex;
    KSEMAPHORE semaphore;
    KEVENT event;
    KeInitializeMutex(&mutex, 0);
    KeInitializeSemaphore(&semaphore, 1, 1);
    KeInitializeEvent(&event, SynchronizationEvent, FALSE);
    PVOID objects[3] = {&mutex, &semaphore, &event};
    LARGE_INTEGER poll = zero();
    EXPECT_EQ(KeWaitForMultipleObjects(3, objects, WaitAll, Executive, KernelMode, FALSE, &poll, nullptr),
              STATUS_TIMEOUT);
    EXPECT_EQ(KeReadStateMutex(&mutex), 1);  // nothing was taken
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 1);
    KeSetEvent(&event, 0, FALSE);
    EXPECT_EQ(KeWaitForMultipleObjects(3, objects, WaitAll, Executive, KernelMode, FALSE, &poll, nullptr),
              STATUS_WAIT_0);
    EXPECT_EQ(KeReadStateMutex(&mutex), 0);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 0);
    EXPECT_EQ(KeReadStateEvent(&event), 0);
    // WaitAny on the owned mutex succeeds at once (recursion).
    EXPECT_EQ(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, &poll, nullptr),
              STATUS_WAIT_0);
    EXPECT_EQ(KeReleaseMutex(&mutex, FALSE), -1);
    EXPECT_EQ(KeReleaseMutex(&mutex, FALSE), 0);
}

TEST(FastMutex, ExcludesAndRaisesToApcLevel)
{
    FAST_MUTEX mutex;
    ExInitializeFastMutex(&mutex);
    ExAcquireFastMutex(&mutex);
    EXPECT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    std::thread([&] { EXPECT_FALSE(ExTryToAcquireFastMutex(&mutex)); }).join();
    ExReleaseFastMutex(&mutex);
    EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_TRUE(ExTryToAcquireFastMutex(&mutex));
    ExReleaseFastMutex(&mutex);

    long counter = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 5000; ++i) {
                ExAcquireFastMutex(&mutex);
                ++counter;
                ExReleaseFastMutex(&mutex);
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(counter, 20000);
    EXPECT_EQ(mutex.Count, 1);
}

TEST(CriticalRegion, Pairs)
{
    EXPECT_FALSE(KeAreApcsDisabled());
    KeEnterCriticalRegion();
    EXPECT_TRUE(KeAreApcsDisabled());
    KeLeaveCriticalRegion();
    EXPECT_FALSE(KeAreApcsDisabled());
}

// ---- Threads and time -------------------------------------------------------

struct ThreadContext {
    std::atomic<bool> ran{false};
    std::atomic<bool> afterTerminate{false};
    KIRQL irql = HIGH_LEVEL;
    BOOLEAN system = FALSE;
};

VOID NTAPI threadRoutine(PVOID context)
{
    auto* c = static_cast<ThreadContext*>(context);
    c->irql = KeGetCurrentIrql();
    c->system = PsIsSystemThread(PsGetCurrentThread());
    c->ran = true;
}

VOID NTAPI terminatingRoutine(PVOID context)
{
    auto* c = static_cast<ThreadContext*>(context);
    c->ran = true;
    PsTerminateSystemThread(STATUS_SUCCESS);
    c->afterTerminate = true;
}

PKTHREAD startThread(PKSTART_ROUTINE routine, ThreadContext* context)
{
    HANDLE handle = nullptr;
    CLIENT_ID id{};
    EXPECT_EQ(PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, nullptr, nullptr, &id, routine, context),
              STATUS_SUCCESS);
    EXPECT_NE(id.UniqueThread, nullptr);
    PVOID thread = nullptr;
    EXPECT_EQ(ObReferenceObjectByHandle(handle, THREAD_ALL_ACCESS, *PsThreadType, KernelMode, &thread, nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(ZwClose(handle), STATUS_SUCCESS);
    EXPECT_EQ(ZwClose(handle), STATUS_INVALID_HANDLE);
    return static_cast<PKTHREAD>(thread);
}

TEST(SystemThread, RunsAtPassiveLevelAndItsObjectIsSignalledWhenItEnds)
{
    ThreadContext c;
    PKTHREAD thread = startThread(threadRoutine, &c);
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ(KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_TRUE(c.ran);
    EXPECT_EQ(c.irql, PASSIVE_LEVEL);
    EXPECT_TRUE(c.system);
    EXPECT_FALSE(PsIsSystemThread(PsGetCurrentThread()));
    EXPECT_EQ(ObReferenceObjectByPointer(thread, 0, *ExEventObjectType, KernelMode), STATUS_OBJECT_TYPE_MISMATCH);
    EXPECT_EQ(ObReferenceObjectByPointer(thread, 0, *PsThreadType, KernelMode), STATUS_SUCCESS);
    ObDereferenceObject(thread);
    ObDereferenceObject(thread);
}

TEST(SystemThread, PsTerminateSystemThreadEndsTheThread)
{
    EXPECT_EQ(PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);  // not a system thread
    ThreadContext c;
    PKTHREAD thread = startThread(terminatingRoutine, &c);
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ(waitFor(thread, seconds(20)), STATUS_SUCCESS);
    EXPECT_TRUE(c.ran);
    EXPECT_FALSE(c.afterTerminate);
    ObDereferenceObject(thread);
}

TEST(Time, DelaysTicksAndIncrements)
{
    EXPECT_EQ(KeQueryTimeIncrement(), 156250u);
    ULONGLONG start = KeQueryInterruptTime();
    LARGE_INTEGER interval;
    interval.QuadPart = -20 * 10000;  // 20 ms
    EXPECT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &interval), STATUS_SUCCESS);
    EXPECT_GE(KeQueryInterruptTime() - start, 20u * 10000);
    start = KeQueryInterruptTime();
    KeStallExecutionProcessor(2000);
    EXPECT_GE(KeQueryInterruptTime() - start, 2000u * 10);
    LARGE_INTEGER ticks;
    KeQueryTickCount(&ticks);
    auto expected = static_cast<LONGLONG>(KeQueryInterruptTime() / KeQueryTimeIncrement());
    EXPECT_LE(ticks.QuadPart, expected);
    EXPECT_GE(ticks.QuadPart, expected - 1);  // at most one tick boundary between the two reads
}

// ---- Work items -------------------------------------------------------------

struct WorkContext {
    KEVENT done;
    PDEVICE_OBJECT device = nullptr;
    KIRQL irql = HIGH_LEVEL;
    BOOLEAN system = TRUE;
};

VOID NTAPI ioWork(PDEVICE_OBJECT device, PVOID context)
{
    auto* c = static_cast<WorkContext*>(context);
    c->device = device;
    c->irql = KeGetCurrentIrql();
    KeSetEvent(&c->done, 0, FALSE);
}

VOID NTAPI exWork(PVOID context)
{
    auto* c = static_cast<WorkContext*>(context);
    c->irql = KeGetCurrentIrql();
    KeSetEvent(&c->done, 0, FALSE);
}

TEST(WorkItem, IoWorkItemsRunAtPassiveLevelWithTheirDevice)
{
    openks::io::test::TestDevice device;
    PIO_WORKITEM item = IoAllocateWorkItem(device.device());
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(IoAllocateWorkItem(nullptr), nullptr);
    WorkContext c;
    KeInitializeEvent(&c.done, SynchronizationEvent, FALSE);
    // Queued from DISPATCH_LEVEL, as a DPC would.
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    IoQueueWorkItem(item, ioWork, DelayedWorkQueue, &c);
    KeReleaseSpinLock(&lock, old);
    ASSERT_EQ(waitFor(&c.done, seconds(20)), STATUS_SUCCESS);
    EXPECT_EQ(c.device, device.device());
    EXPECT_EQ(c.irql, PASSIVE_LEVEL);

    // The item can be queued again once its routine has started.
    c.irql = HIGH_LEVEL;
    IoQueueWorkItem(item, ioWork, DelayedWorkQueue, &c);
    ASSERT_EQ(waitFor(&c.done, seconds(20)), STATUS_SUCCESS);
    EXPECT_EQ(c.irql, PASSIVE_LEVEL);
    IoFreeWorkItem(item);

    WORK_QUEUE_ITEM exItem;
    WorkContext e;
    KeInitializeEvent(&e.done, SynchronizationEvent, FALSE);
    ExInitializeWorkItem(&exItem, exWork, &e);
    ExQueueWorkItem(&exItem, DelayedWorkQueue);
    ASSERT_EQ(waitFor(&e.done, seconds(20)), STATUS_SUCCESS);
    EXPECT_EQ(e.irql, PASSIVE_LEVEL);
}

// ---- Pool and MDLs ----------------------------------------------------------

TEST(Pool, ExAllocatePool2ZeroesAndValidatesItsFlags)
{
    constexpr ULONG kTag = 0x74736554;
    for (int round = 0; round < 4; ++round) {
        auto* block = static_cast<unsigned char*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 4096, kTag));
        ASSERT_NE(block, nullptr);
        for (int i = 0; i < 4096; ++i)
            ASSERT_EQ(block[i], 0) << i;
        std::memset(block, 0xAB, 4096);  // a recycled block must come back zeroed
        ExFreePoolWithTag(block, kTag);
    }
    void* aligned = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_CACHE_ALIGNED, 100, kTag);
    ASSERT_NE(aligned, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 64, 0u);
    ExFreePool(aligned);
    EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0), nullptr);                       // tag 0
    EXPECT_EQ(ExAllocatePool2(POOL_FLAG_UNINITIALIZED, 16, kTag), nullptr);                // no pool type
    EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, kTag), nullptr);  // two
    EXPECT_EQ(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_SESSION, 16, kTag), nullptr);
    void* optional = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_SPECIAL_POOL, 16, kTag);  // optional: ignored
    EXPECT_NE(optional, nullptr);
    ExFreePool(optional);

    auto* zeroed = static_cast<unsigned char*>(ExAllocatePoolZero(NonPagedPoolNx, 256, kTag));
    ASSERT_NE(zeroed, nullptr);
    for (int i = 0; i < 256; ++i)
        ASSERT_EQ(zeroed[i], 0);
    ExFreePool(zeroed);
}

TEST(Mdl, DescribesABufferAndChainsOnAnIrp)
{
    std::vector<unsigned char> storage(3 * PAGE_SIZE);
    unsigned char* buffer = storage.data() + 100;
    PMDL mdl = IoAllocateMdl(buffer, 5000, FALSE, FALSE, nullptr);
    ASSERT_NE(mdl, nullptr);
    EXPECT_EQ(MmGetMdlVirtualAddress(mdl), buffer);
    EXPECT_EQ(MmGetMdlByteCount(mdl), 5000u);
    EXPECT_EQ(MmGetMdlByteOffset(mdl), reinterpret_cast<uintptr_t>(buffer) % PAGE_SIZE);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(mdl->StartVa) % PAGE_SIZE, 0u);
    EXPECT_EQ(static_cast<SIZE_T>(mdl->Size), MmSizeOfMdl(buffer, 5000));
    MmBuildMdlForNonPagedPool(mdl);
    EXPECT_TRUE(mdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL);
    auto* system = static_cast<unsigned char*>(MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority));
    ASSERT_EQ(system, buffer);
    system[4999] = 0x5a;
    EXPECT_EQ(buffer[4999], 0x5a);
    IoFreeMdl(mdl);

    // Probe-and-lock then map, as a driver does for a user buffer.
    mdl = IoAllocateMdl(buffer, 10, FALSE, FALSE, nullptr);
    ASSERT_NE(mdl, nullptr);
    MmProbeAndLockPages(mdl, KernelMode, IoWriteAccess);
    EXPECT_TRUE(mdl->MdlFlags & MDL_PAGES_LOCKED);
    EXPECT_EQ(MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority), buffer);
    EXPECT_TRUE(mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA);
    MmUnlockPages(mdl);
    IoFreeMdl(mdl);

    EXPECT_EQ(IoAllocateMdl(buffer, 0, FALSE, FALSE, nullptr), nullptr);

    PIRP irp = IoAllocateIrp(1, FALSE);
    ASSERT_NE(irp, nullptr);
    PMDL first = IoAllocateMdl(buffer, 16, FALSE, FALSE, irp);
    PMDL second = IoAllocateMdl(buffer + 16, 16, TRUE, FALSE, irp);
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(irp->MdlAddress, first);
    EXPECT_EQ(first->Next, second);
    irp->MdlAddress = nullptr;
    IoFreeMdl(first);
    IoFreeMdl(second);
    IoFreeIrp(irp);
}

// ---- Interlocked and C ------------------------------------------------------

TEST(Interlocked, ReturnsTheDocumentedValues)
{
    volatile LONG value = 10;
    EXPECT_EQ(InterlockedIncrement(&value), 11);
    EXPECT_EQ(InterlockedDecrement(&value), 10);
    EXPECT_EQ(InterlockedExchange(&value, 3), 10);
    EXPECT_EQ(InterlockedCompareExchange(&value, 7, 4), 3);  // no match: unchanged
    EXPECT_EQ(value, 3);
    EXPECT_EQ(InterlockedCompareExchange(&value, 7, 3), 3);
    EXPECT_EQ(value, 7);
    EXPECT_EQ(InterlockedExchangeAdd(&value, 5), 7);
    EXPECT_EQ(InterlockedAdd(&value, 1), 13);
    EXPECT_EQ(InterlockedOr(&value, 0x10), 13);
    EXPECT_EQ(InterlockedAnd(&value, 0x1c), 0x1d);
    EXPECT_EQ(InterlockedXor(&value, 0xff), 0x1c);
    EXPECT_EQ(value, 0xe3);
    volatile LONG64 wide = INT64_C(0x7fffffff);
    EXPECT_EQ(InterlockedIncrement64(&wide), INT64_C(0x80000000));
    EXPECT_EQ(InterlockedExchangeAdd64(&wide, INT64_C(0x100000000)), INT64_C(0x80000000));
    EXPECT_EQ(InterlockedCompareExchange64(&wide, 1, INT64_C(0x180000000)), INT64_C(0x180000000));
    EXPECT_EQ(InterlockedDecrement64(&wide), 0);
    int a = 0;
    int b = 0;
    PVOID volatile slot = &a;
    EXPECT_EQ(InterlockedCompareExchangePointer(&slot, &b, nullptr), &a);
    EXPECT_EQ(slot, &a);
    EXPECT_EQ(InterlockedExchangePointer(&slot, &b), &a);
    EXPECT_EQ(slot, &b);

    // Atomic under contention.
    volatile LONG counter = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i)
                InterlockedIncrement(&counter);
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(counter, 40000);
}

TEST(CRuntime, MacrosAndInlineFunctionsWorkFromC)
{
    EXPECT_EQ(openks_test_wdm_runtime_c(), 0) << "first failing line of wdm_runtime_c.c";
    EXPECT_EQ(openks_test_wdm_runtime_dbg_c(), 0) << "first failing line of wdm_runtime_dbg_c.c";
}

TEST(CRuntimeDeathTest, AFailedAssertStopsTheProcessWhenDbgIsSet)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    openks_test_assert_dbg_c(1);
    EXPECT_DEATH(openks_test_assert_dbg_c(0), "assertion failed: value != 0");
}

}  // namespace
