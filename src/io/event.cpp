// SPDX-License-Identifier: MIT
// Futex-based KEVENTs, single and multi-object waits, and event objects.
#include "io/event.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <new>

#include "io/handle_table.h"

namespace openks::io {
namespace {

// KEVENT::State packs everything a signaller needs into one word, so that
// KeSetEvent touches the event exactly once (one atomic read-modify-write):
// the waiter may free a stack event as soon as it sees the signal.
//   bit 0       signalled
//   bits 1..15  threads blocked in a single-object wait
//   bits 16..30 threads blocked in a multi-object wait
constexpr LONG kSignalled = 1;
constexpr LONG kWaiterUnit = 1 << 1;
constexpr LONG kWaiterMask = 0x7fff << 1;
constexpr LONG kMultiUnit = 1 << 16;
constexpr LONG kMultiMask = 0x7fff << 16;

// Multi-object waiters sleep on one process-wide sequence word, bumped when
// an event with registered multi-waiters is signalled.
alignas(64) LONG gMultiSequence = 0;
std::atomic<uint64_t> gWakeSyscalls{0};

LONG* stateOf(PKEVENT event)
{
    return const_cast<LONG*>(&event->State);
}

LONG load(LONG* word)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

bool exchangeIf(LONG* word, LONG expected, LONG desired)
{
    return __atomic_compare_exchange_n(word, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

void futexWake(LONG* word, int count)
{
    gWakeSyscalls.fetch_add(1, std::memory_order_relaxed);
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
}

int64_t monotonicNanoseconds()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

// When a wait gives up, on CLOCK_MONOTONIC.
struct Deadline {
    bool infinite = true;
    int64_t at = 0;

    static Deadline from(const LARGE_INTEGER* timeout)
    {
        Deadline deadline;
        if (timeout == nullptr) return deadline;
        deadline.infinite = false;
        LONGLONG value = timeout->QuadPart;
        int64_t now = monotonicNanoseconds();
        int64_t relative100ns;
        if (value <= 0) {
            relative100ns = value == INT64_MIN ? INT64_MAX : -value;
        } else {
            LARGE_INTEGER systemNow;
            KeQuerySystemTime(&systemNow);
            relative100ns = value > systemNow.QuadPart ? value - systemNow.QuadPart : 0;
        }
        // Saturate far deadlines instead of overflowing.
        constexpr int64_t kMax100ns = (INT64_MAX / 4) / 100;
        if (relative100ns > kMax100ns) {
            deadline.infinite = true;
            return deadline;
        }
        deadline.at = now + relative100ns * 100;
        return deadline;
    }

    bool expired() const { return !infinite && monotonicNanoseconds() >= at; }

    // Blocks while *word == expected, until woken or the deadline.
    void sleep(LONG* word, LONG expected) const
    {
        if (infinite) {
            syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
            return;
        }
        int64_t left = at - monotonicNanoseconds();
        if (left <= 0) return;
        timespec relative{static_cast<time_t>(left / 1000000000), static_cast<long>(left % 1000000000)};
        syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, &relative, nullptr, 0);
    }
};

// Takes the signal of a synchronization event, or observes a notification
// event's.  False if the event is not signalled.
bool tryAcquire(PKEVENT event)
{
    LONG* word = stateOf(event);
    bool notification = event->Type == NotificationEvent;
    for (;;) {
        LONG state = load(word);
        if ((state & kSignalled) == 0) return false;
        if (notification) return true;
        if (exchangeIf(word, state, state & ~kSignalled)) return true;
    }
}

// Wait-any: the lowest signalled index, acquired; -1 if none.
int tryAcquireAny(PKEVENT const* events, ULONG count)
{
    for (ULONG i = 0; i < count; ++i) {
        if (tryAcquire(events[i])) return static_cast<int>(i);
    }
    return -1;
}

// Wait-all: acquires every event or none.  Synchronization events taken
// before finding one unsignalled are given back.
bool tryAcquireAll(PKEVENT const* events, ULONG count)
{
    for (ULONG i = 0; i < count; ++i) {
        if ((load(stateOf(events[i])) & kSignalled) == 0) return false;
    }
    for (ULONG i = 0; i < count; ++i) {
        if (tryAcquire(events[i])) continue;
        for (ULONG j = 0; j < i; ++j) {
            if (events[j]->Type == SynchronizationEvent) KeSetEvent(events[j], 0, FALSE);
        }
        return false;
    }
    return true;
}

void eventDelete(void* /*body*/) {}

_OBJECT_TYPE gEventType = {
    "Event",
    nullptr,
    eventDelete,
    STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
    STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
    STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
    EVENT_ALL_ACCESS,
};

}  // namespace

LARGE_INTEGER relativeTimeout(std::chrono::nanoseconds duration)
{
    LARGE_INTEGER timeout;
    int64_t ticks = duration.count() <= 0 ? 0 : (duration.count() + 99) / 100;
    timeout.QuadPart = -ticks;
    return timeout;
}

NTSTATUS waitForEvent(PKEVENT event, const LARGE_INTEGER* timeout)
{
    if (event == nullptr) return STATUS_INVALID_PARAMETER;
    Deadline deadline = Deadline::from(timeout);
    LONG* word = stateOf(event);
    for (;;) {
        if (tryAcquire(event)) return STATUS_SUCCESS;
        if (deadline.expired()) return STATUS_TIMEOUT;
        LONG state = load(word);
        if (state & kSignalled) continue;
        // Register, then sleep only if nothing changed since: a KeSetEvent in
        // between sees our count (and wakes us) or changes the word.
        if (!exchangeIf(word, state, state + kWaiterUnit)) continue;
        deadline.sleep(word, state + kWaiterUnit);
        __atomic_fetch_sub(word, kWaiterUnit, __ATOMIC_SEQ_CST);
    }
}

NTSTATUS waitForMultiple(PKEVENT const* events, ULONG count, bool waitAll, const LARGE_INTEGER* timeout)
{
    if (events == nullptr || count == 0 || count > MAXIMUM_WAIT_OBJECTS) return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; i < count; ++i) {
        if (events[i] == nullptr) return STATUS_INVALID_PARAMETER;
    }
    if (count == 1) {
        return waitForEvent(events[0], timeout);
    }
    Deadline deadline = Deadline::from(timeout);
    for (ULONG i = 0; i < count; ++i)
        __atomic_fetch_add(stateOf(events[i]), kMultiUnit, __ATOMIC_SEQ_CST);
    NTSTATUS status;
    for (;;) {
        LONG sequence = __atomic_load_n(&gMultiSequence, __ATOMIC_SEQ_CST);
        if (waitAll) {
            if (tryAcquireAll(events, count)) {
                status = STATUS_WAIT_0;
                break;
            }
        } else if (int index = tryAcquireAny(events, count); index >= 0) {
            status = STATUS_WAIT_0 + index;
            break;
        }
        if (deadline.expired()) {
            status = STATUS_TIMEOUT;
            break;
        }
        deadline.sleep(&gMultiSequence, sequence);
    }
    for (ULONG i = 0; i < count; ++i)
        __atomic_fetch_sub(stateOf(events[i]), kMultiUnit, __ATOMIC_SEQ_CST);
    return status;
}

uint64_t eventWakeSyscalls()
{
    return gWakeSyscalls.load(std::memory_order_relaxed);
}

NTSTATUS createEventObject(EVENT_TYPE type, bool initialState, ObjectRef<KEVENT>* event)
{
    if (event == nullptr) return STATUS_INVALID_PARAMETER;
    void* body;
    NTSTATUS status = createObject(&gEventType, sizeof(KEVENT), &body);
    if (!NT_SUCCESS(status)) return status;
    auto* kevent = static_cast<PKEVENT>(body);
    KeInitializeEvent(kevent, type, initialState ? TRUE : FALSE);
    *event = ObjectRef<KEVENT>::adopt(kevent);
    return STATUS_SUCCESS;
}

NTSTATUS createEvent(const Requestor& requestor, EVENT_TYPE type, bool initialState, HANDLE* handle)
{
    if (requestor.handles == nullptr || handle == nullptr) return STATUS_INVALID_PARAMETER;
    ObjectRef<KEVENT> event;
    NTSTATUS status = createEventObject(type, initialState, &event);
    if (!NT_SUCCESS(status)) return status;
    return requestor.handles->insert(event.get(), EVENT_ALL_ACCESS, handle);
}

NTSTATUS referenceWaitable(const Requestor& requestor, HANDLE handle, ObjectRef<void>* object, PKEVENT* event)
{
    if (requestor.handles == nullptr || object == nullptr || event == nullptr) return STATUS_INVALID_PARAMETER;
    void* found;
    NTSTATUS status = requestor.handles->reference(handle, SYNCHRONIZE, nullptr, requestor.mode, &found, nullptr);
    if (!NT_SUCCESS(status)) return status;
    ObjectRef<void> owned = ObjectRef<void>::adopt(found);
    POBJECT_TYPE type = objectType(found);
    if (type == *ExEventObjectType) {
        *event = static_cast<PKEVENT>(found);
    } else if (type == *IoFileObjectType) {
        *event = &static_cast<PFILE_OBJECT>(found)->Event;
    } else {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *object = std::move(owned);
    return STATUS_SUCCESS;
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

static POBJECT_TYPE gEventTypeName = &gEventType;
POBJECT_TYPE* ExEventObjectType = &gEventTypeName;

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    if (Event == nullptr) return;
    Event->Type = Type;
    Event->Waiters = 0;
    Event->Reserved = 0;
    __atomic_store_n(stateOf(Event), State ? kSignalled : 0, __ATOMIC_SEQ_CST);
}

LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY /*Increment*/, BOOLEAN /*Wait*/)
{
    if (Event == nullptr) return 0;
    // Read everything needed before the signal: after it the waiter may free the event.
    int wakeCount = Event->Type == NotificationEvent ? INT_MAX : 1;
    LONG* word = stateOf(Event);
    LONG before = __atomic_fetch_or(word, kSignalled, __ATOMIC_SEQ_CST);
    if (before & kSignalled) return 1;
    if (before & kWaiterMask) futexWake(word, wakeCount);
    if (before & kMultiMask) {
        __atomic_fetch_add(&gMultiSequence, 1, __ATOMIC_SEQ_CST);
        futexWake(&gMultiSequence, INT_MAX);
    }
    return 0;
}

LONG NTAPI KeResetEvent(PRKEVENT Event)
{
    if (Event == nullptr) return 0;
    return __atomic_fetch_and(stateOf(Event), ~kSignalled, __ATOMIC_SEQ_CST) & kSignalled;
}

VOID NTAPI KeClearEvent(PRKEVENT Event)
{
    if (Event == nullptr) return;
    __atomic_fetch_and(stateOf(Event), ~kSignalled, __ATOMIC_SEQ_CST);
}

LONG NTAPI KeReadStateEvent(PRKEVENT Event)
{
    if (Event == nullptr) return 0;
    return load(stateOf(Event)) & kSignalled;
}

// KeWaitForSingleObject and KeWaitForMultipleObjects, which take every kind of
// dispatcher object, are in ke_sync.cpp.

}  // extern "C"
