// SPDX-License-Identifier: MIT
// DPCs (one DPC thread runs them in FIFO order) and kernel timers (one timer thread expires them).
#include <time.h>

#include <chrono>
#include <climits>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "io/event.h"
#include "io/ke_runtime.h"

namespace openks::io {
namespace {

thread_local bool tOnDpcThread = false;

int64_t monotonic100ns()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t{now.tv_sec} * 10000000 + now.tv_nsec / 100;
}

// DPCs queued through their own DpcListEntry (no allocation).  One thread
// runs them, so a DPC never overlaps itself or another DPC.  Lock order: the
// timer queue's mutex, then this one; no lock is held while a routine runs.
class DpcQueue {
public:
    static DpcQueue& instance()
    {
        // Never destroyed: the detached thread may outlive static destruction.
        static DpcQueue* queue = [] {
            auto* q = new DpcQueue;
            std::thread([q] { q->run(); }).detach();
            return q;
        }();
        return *queue;
    }

    bool insert(PKDPC dpc, PVOID argument1, PVOID argument2)
    {
        std::lock_guard lock(mutex_);
        if (dpc->DpcData != nullptr) return false;
        dpc->SystemArgument1 = argument1;
        dpc->SystemArgument2 = argument2;
        dpc->DpcData = this;
        InsertTailList(&queue_, &dpc->DpcListEntry);
        wake_.notify_one();
        return true;
    }

    bool remove(PKDPC dpc)
    {
        std::lock_guard lock(mutex_);
        if (dpc->DpcData == nullptr) return false;
        RemoveEntryList(&dpc->DpcListEntry);
        dpc->DpcData = nullptr;
        return true;
    }

private:
    DpcQueue() { InitializeListHead(&queue_); }

    void run()
    {
        tOnDpcThread = true;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return !IsListEmpty(&queue_); });
            PKDPC dpc = CONTAINING_RECORD(RemoveHeadList(&queue_), KDPC, DpcListEntry);
            // Everything the call needs is read now: the routine may free or
            // re-queue its DPC, and the DPC is not touched after it.
            PKDEFERRED_ROUTINE routine = dpc->DeferredRoutine;
            PVOID context = dpc->DeferredContext;
            PVOID argument1 = dpc->SystemArgument1;
            PVOID argument2 = dpc->SystemArgument2;
            KIRQL irql = dpc->Type == DPC_THREADED ? PASSIVE_LEVEL : DISPATCH_LEVEL;
            dpc->DpcData = nullptr;
            lock.unlock();
            setCurrentIrql(irql);
            if (routine != nullptr) routine(dpc, context, argument1, argument2);
            if (currentIrql() != irql) reportDriverBug("a DPC routine returned at another IRQL than it ran at");
            setCurrentIrql(PASSIVE_LEVEL);
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    LIST_ENTRY queue_;
};

VOID NTAPI signalFlush(PKDPC /*dpc*/, PVOID context, PVOID /*argument1*/, PVOID /*argument2*/)
{
    KeSetEvent(static_cast<PKEVENT>(context), 0, FALSE);
}

// Set timers, sorted by due time, linked through TimerListEntry.
class TimerQueue {
public:
    static TimerQueue& instance()
    {
        static TimerQueue* queue = [] {
            auto* q = new TimerQueue;
            std::thread([q] { q->run(); }).detach();
            return q;
        }();
        return *queue;
    }

    bool set(PKTIMER timer, int64_t dueAt, LONG period, PKDPC dpc)
    {
        std::lock_guard lock(mutex_);
        bool wasSet = unlink(timer);
        KeClearEvent(&timer->Header);
        timer->DueTime.QuadPart = static_cast<ULONGLONG>(dueAt);
        timer->Period = period < 0 ? 0 : period;
        timer->Dpc = dpc;
        if (link(timer)) wake_.notify_one();
        return wasSet;
    }

    bool cancel(PKTIMER timer)
    {
        std::lock_guard lock(mutex_);
        return unlink(timer);
    }

private:
    TimerQueue() { InitializeListHead(&timers_); }

    static bool unlink(PKTIMER timer)
    {
        if (timer->TimerListEntry.Flink == nullptr) return false;
        RemoveEntryList(&timer->TimerListEntry);
        timer->TimerListEntry.Flink = timer->TimerListEntry.Blink = nullptr;
        return true;
    }

    // Inserts in due order (after equal ones); true if it became the first.
    bool link(PKTIMER timer)
    {
        PLIST_ENTRY before = timers_.Flink;
        while (before != &timers_ &&
               CONTAINING_RECORD(before, KTIMER, TimerListEntry)->DueTime.QuadPart <= timer->DueTime.QuadPart)
            before = before->Flink;
        InsertTailList(before, &timer->TimerListEntry);  // inserts before `before`
        return timers_.Flink == &timer->TimerListEntry;
    }

    void run()
    {
        std::unique_lock lock(mutex_);
        for (;;) {
            if (IsListEmpty(&timers_)) {
                wake_.wait(lock);
                continue;
            }
            PKTIMER timer = CONTAINING_RECORD(timers_.Flink, KTIMER, TimerListEntry);
            int64_t due = static_cast<int64_t>(timer->DueTime.QuadPart);
            int64_t now = monotonic100ns();
            if (due > now) {
                wake_.wait_until(lock, std::chrono::steady_clock::time_point(std::chrono::nanoseconds(due * 100)));
                continue;
            }
            expire(timer, due, now);
        }
    }

    // With the lock held, so that once KeCancelTimer returns the timer has
    // queued its last DPC.  The timer is not touched after its signal: a
    // waiter may free a one-shot timer as soon as it wakes.
    void expire(PKTIMER timer, int64_t due, int64_t now)
    {
        unlink(timer);
        if (timer->Period > 0) {
            int64_t period = int64_t{timer->Period} * 10000;
            int64_t next = due + period;
            if (next <= now) next = now + period;  // a whole period behind: skip the missed ones
            timer->DueTime.QuadPart = static_cast<ULONGLONG>(next);
            link(timer);
        }
        if (timer->Dpc != nullptr) {
            LARGE_INTEGER systemTime;
            KeQuerySystemTime(&systemTime);
            DpcQueue::instance().insert(timer->Dpc, reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(systemTime.LowPart)),
                                        reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(systemTime.HighPart)));
        }
        KeSetEvent(&timer->Header, 0, FALSE);
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    LIST_ENTRY timers_;
};

// A Windows due time as a CLOCK_MONOTONIC instant in 100 ns units.
int64_t dueInstant(LONGLONG dueTime)
{
    int64_t now = monotonic100ns();
    constexpr int64_t kFar = INT64_MAX / 400;  // far enough never to come; safe as nanoseconds
    int64_t relative;
    if (dueTime <= 0) {
        relative = dueTime == LLONG_MIN ? kFar : -dueTime;
    } else {
        LARGE_INTEGER systemNow;
        KeQuerySystemTime(&systemNow);
        relative = dueTime > systemNow.QuadPart ? dueTime - systemNow.QuadPart : 0;
    }
    if (relative > kFar - now) return kFar;
    return now + relative;
}

}  // namespace

bool onDpcThread()
{
    return tOnDpcThread;
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    if (Dpc == nullptr) return;
    Dpc->Type = DPC_NORMAL;
    Dpc->Importance = MediumImportance;
    Dpc->Number = 0;
    Dpc->DpcListEntry.Flink = Dpc->DpcListEntry.Blink = nullptr;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->SystemArgument1 = nullptr;
    Dpc->SystemArgument2 = nullptr;
    Dpc->DpcData = nullptr;
}

VOID NTAPI KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
    if (Dpc != nullptr) Dpc->Type = DPC_THREADED;
}

BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    if (Dpc == nullptr) return FALSE;
    return DpcQueue::instance().insert(Dpc, SystemArgument1, SystemArgument2) ? TRUE : FALSE;
}

BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc)
{
    if (Dpc == nullptr) return FALSE;
    return DpcQueue::instance().remove(Dpc) ? TRUE : FALSE;
}

VOID NTAPI KeFlushQueuedDpcs(VOID)
{
    if (onDpcThread()) {
        reportDriverBug("KeFlushQueuedDpcs from a DPC routine (it would wait for itself)");
        return;
    }
    // The queue is FIFO on one thread: once a marker queued now has run,
    // everything queued before it has completed.
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    KDPC marker;
    KeInitializeDpc(&marker, signalFlush, &done);
    DpcQueue::instance().insert(&marker, nullptr, nullptr);
    (void)waitForEvent(&done, nullptr);
}

VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    if (Dpc != nullptr) Dpc->Importance = static_cast<UCHAR>(Importance);
}

VOID NTAPI KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
    if (Dpc != nullptr) Dpc->Number = static_cast<USHORT>(Number);
}

VOID NTAPI KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}

VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    if (Timer == nullptr) return;
    KeInitializeEvent(&Timer->Header, Type == SynchronizationTimer ? SynchronizationEvent : NotificationEvent, FALSE);
    Timer->Header.Reserved = kKindTimer;
    Timer->DueTime.QuadPart = 0;
    Timer->TimerListEntry.Flink = Timer->TimerListEntry.Blink = nullptr;
    Timer->Dpc = nullptr;
    Timer->Processor = 0;
    Timer->Period = 0;
}

BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
    if (Timer == nullptr) return FALSE;
    return TimerQueue::instance().set(Timer, dueInstant(DueTime.QuadPart), Period, Dpc) ? TRUE : FALSE;
}

BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer)
{
    if (Timer == nullptr) return FALSE;
    return TimerQueue::instance().cancel(Timer) ? TRUE : FALSE;
}

BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer)
{
    if (Timer == nullptr) return FALSE;
    return KeReadStateEvent(&Timer->Header) != 0 ? TRUE : FALSE;
}

}  // extern "C"
