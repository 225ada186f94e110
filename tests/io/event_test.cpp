// SPDX-License-Identifier: MIT
// Tests of KEVENTs: notification and synchronization semantics, timeouts, multi-object waits, event handles.
#include "io/event.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "io/file.h"
#include "io/handle_table.h"
#include "test_driver.h"

namespace openks::io {
namespace {

using namespace std::chrono_literals;

LARGE_INTEGER poll()
{
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    return zero;
}

// Waits until `count` threads are blocked on the event (its waiter bits),
// so a test signals only once its waiters really sleep.
void awaitBlockedWaiters(PKEVENT event, int count)
{
    while (((__atomic_load_n(&event->State, __ATOMIC_ACQUIRE) >> 1) & 0x7fff) < count)
        std::this_thread::yield();
}

TEST(Event, InitialStateAndReadState)
{
    KEVENT on;
    KEVENT off;
    KeInitializeEvent(&on, NotificationEvent, TRUE);
    KeInitializeEvent(&off, SynchronizationEvent, FALSE);
    EXPECT_EQ(KeReadStateEvent(&on), 1);
    EXPECT_EQ(KeReadStateEvent(&off), 0);
    EXPECT_EQ(KeSetEvent(&off, IO_NO_INCREMENT, FALSE), 0);
    EXPECT_EQ(KeSetEvent(&off, IO_NO_INCREMENT, FALSE), 1);
    EXPECT_EQ(KeResetEvent(&off), 1);
    EXPECT_EQ(KeResetEvent(&off), 0);
    KeClearEvent(&on);
    EXPECT_EQ(KeReadStateEvent(&on), 0);
}

TEST(Event, NotificationEventStaysSignalledAndReleasesEveryWaiter)
{
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    constexpr int kWaiters = 3;
    std::atomic<int> released{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kWaiters; ++i) {
        threads.emplace_back([&] {
            EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
            ++released;
        });
    }
    awaitBlockedWaiters(&event, kWaiters);
    EXPECT_EQ(released.load(), 0);
    KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(released.load(), kWaiters);
    EXPECT_EQ(KeReadStateEvent(&event), 1);
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
}

TEST(Event, SynchronizationEventReleasesOneWaiterPerSignal)
{
    KEVENT event;
    KeInitializeEvent(&event, SynchronizationEvent, FALSE);
    constexpr int kWaiters = 3;
    std::atomic<int> released{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kWaiters; ++i) {
        threads.emplace_back([&] {
            EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
            ++released;
        });
    }
    for (int signal = 1; signal <= kWaiters; ++signal) {
        awaitBlockedWaiters(&event, kWaiters - signal + 1);
        KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
        // The woken waiter consumes the signal; wait until it has.
        while (released.load() < signal)
            std::this_thread::yield();
        EXPECT_EQ(released.load(), signal);
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(KeReadStateEvent(&event), 0);
}

TEST(Event, SynchronizationEventIsConsumedByAWait)
{
    KEVENT event;
    KeInitializeEvent(&event, SynchronizationEvent, TRUE);
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateEvent(&event), 0);
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
}

TEST(Event, RelativeTimeoutExpires)
{
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    LARGE_INTEGER timeout = relativeTimeout(20ms);
    EXPECT_EQ(timeout.QuadPart, -200000);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
}

TEST(Event, AbsoluteTimeoutInThePastPolls)
{
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    LARGE_INTEGER past;
    KeQuerySystemTime(&past);
    past.QuadPart -= 10000000;
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &past), STATUS_TIMEOUT);
    LARGE_INTEGER soon;
    KeQuerySystemTime(&soon);
    soon.QuadPart += 100000;  // 10 ms
    EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &soon), STATUS_TIMEOUT);
}

TEST(Event, NullEventGetsAStatus)
{
    EXPECT_EQ(KeWaitForSingleObject(nullptr, Executive, KernelMode, FALSE, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(KeSetEvent(nullptr, 0, FALSE), 0);
    EXPECT_EQ(KeReadStateEvent(nullptr), 0);
}

TEST(Event, SignallingWithoutWaitersMakesNoSystemCall)
{
    KEVENT notification;
    KEVENT synchronization;
    KeInitializeEvent(&notification, NotificationEvent, FALSE);
    KeInitializeEvent(&synchronization, SynchronizationEvent, FALSE);
    uint64_t before = eventWakeSyscalls();
    LARGE_INTEGER zero = poll();
    for (int i = 0; i < 1000; ++i) {
        KeSetEvent(&notification, IO_NO_INCREMENT, FALSE);
        KeClearEvent(&notification);
        KeSetEvent(&synchronization, IO_NO_INCREMENT, FALSE);
        EXPECT_EQ(KeWaitForSingleObject(&synchronization, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    }
    EXPECT_EQ(eventWakeSyscalls(), before);
}

TEST(Event, SignallingAWaitedEventWakesTheWaiter)
{
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    uint64_t before = eventWakeSyscalls();
    std::thread waiter([&] { EXPECT_EQ(waitForEvent(&event, nullptr), STATUS_SUCCESS); });
    awaitBlockedWaiters(&event, 1);
    KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
    waiter.join();
    EXPECT_EQ(eventWakeSyscalls(), before + 1);
}

TEST(Event, WaitAnyReturnsTheLowestSignalledIndex)
{
    KEVENT events[3];
    for (auto& e : events)
        KeInitializeEvent(&e, NotificationEvent, FALSE);
    PKEVENT list[3] = {&events[0], &events[1], &events[2]};
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(waitForMultiple(list, 3, false, &zero), STATUS_TIMEOUT);
    KeSetEvent(&events[2], 0, FALSE);
    EXPECT_EQ(waitForMultiple(list, 3, false, &zero), STATUS_WAIT_0 + 2);
    KeSetEvent(&events[1], 0, FALSE);
    EXPECT_EQ(waitForMultiple(list, 3, false, &zero), STATUS_WAIT_0 + 1);
}

TEST(Event, WaitAnyConsumesOnlyTheSynchronizationEventItReturns)
{
    KEVENT a;
    KEVENT b;
    KeInitializeEvent(&a, SynchronizationEvent, TRUE);
    KeInitializeEvent(&b, SynchronizationEvent, TRUE);
    PKEVENT list[2] = {&a, &b};
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(waitForMultiple(list, 2, false, &zero), STATUS_WAIT_0);
    EXPECT_EQ(KeReadStateEvent(&a), 0);
    EXPECT_EQ(KeReadStateEvent(&b), 1);
    EXPECT_EQ(waitForMultiple(list, 2, false, &zero), STATUS_WAIT_0 + 1);
    EXPECT_EQ(waitForMultiple(list, 2, false, &zero), STATUS_TIMEOUT);
}

TEST(Event, WaitAllNeedsEveryEventAndConsumesAllAtOnce)
{
    KEVENT a;
    KEVENT b;
    KeInitializeEvent(&a, SynchronizationEvent, TRUE);
    KeInitializeEvent(&b, NotificationEvent, FALSE);
    PKEVENT list[2] = {&a, &b};
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(waitForMultiple(list, 2, true, &zero), STATUS_TIMEOUT);
    EXPECT_EQ(KeReadStateEvent(&a), 1);  // not consumed by the failed wait
    KeSetEvent(&b, 0, FALSE);
    EXPECT_EQ(waitForMultiple(list, 2, true, &zero), STATUS_WAIT_0);
    EXPECT_EQ(KeReadStateEvent(&a), 0);
    EXPECT_EQ(KeReadStateEvent(&b), 1);
}

TEST(Event, WaitAnyWakesWhenAnotherThreadSignals)
{
    KEVENT events[4];
    for (auto& e : events)
        KeInitializeEvent(&e, SynchronizationEvent, FALSE);
    PKEVENT list[4] = {&events[0], &events[1], &events[2], &events[3]};
    for (int target = 0; target < 4; ++target) {
        std::atomic<NTSTATUS> result{STATUS_PENDING};
        std::thread waiter([&] { result = waitForMultiple(list, 4, false, nullptr); });
        // Registered multi-waiters show in bits 16..30 of every event's state.
        while ((__atomic_load_n(&events[3].State, __ATOMIC_ACQUIRE) >> 16) == 0)
            std::this_thread::yield();
        KeSetEvent(&events[target], 0, FALSE);
        waiter.join();
        EXPECT_EQ(result.load(), STATUS_WAIT_0 + target);
    }
}

TEST(Event, WaitAllWakesWhenTheLastEventIsSignalled)
{
    KEVENT a;
    KEVENT b;
    KeInitializeEvent(&a, NotificationEvent, FALSE);
    KeInitializeEvent(&b, NotificationEvent, FALSE);
    PKEVENT list[2] = {&a, &b};
    std::atomic<NTSTATUS> result{STATUS_PENDING};
    std::thread waiter([&] { result = waitForMultiple(list, 2, true, nullptr); });
    while ((__atomic_load_n(&b.State, __ATOMIC_ACQUIRE) >> 16) == 0)
        std::this_thread::yield();
    KeSetEvent(&a, 0, FALSE);
    KeSetEvent(&b, 0, FALSE);
    waiter.join();
    EXPECT_EQ(result.load(), STATUS_WAIT_0);
}

TEST(Event, MultiWaitTimesOutAndRejectsBadArguments)
{
    KEVENT a;
    KEVENT b;
    KeInitializeEvent(&a, NotificationEvent, FALSE);
    KeInitializeEvent(&b, NotificationEvent, FALSE);
    PKEVENT list[2] = {&a, &b};
    LARGE_INTEGER timeout = relativeTimeout(10ms);
    EXPECT_EQ(waitForMultiple(list, 2, false, &timeout), STATUS_TIMEOUT);
    EXPECT_EQ(waitForMultiple(list, 0, false, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(waitForMultiple(nullptr, 2, false, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(waitForMultiple(list, MAXIMUM_WAIT_OBJECTS + 1, false, nullptr), STATUS_INVALID_PARAMETER);
    PKEVENT withNull[2] = {&a, nullptr};
    EXPECT_EQ(waitForMultiple(withNull, 2, false, nullptr), STATUS_INVALID_PARAMETER);
    // Waiter registrations were all undone.
    EXPECT_EQ(a.State, 0);
    EXPECT_EQ(b.State, 0);
}

TEST(Event, KeWaitForMultipleObjectsWaitsOnEvents)
{
    KEVENT a;
    KEVENT b;
    KeInitializeEvent(&a, NotificationEvent, FALSE);
    KeInitializeEvent(&b, NotificationEvent, TRUE);
    PVOID objects[2] = {&a, &b};
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode, FALSE, &zero, nullptr),
              STATUS_WAIT_0 + 1);
    EXPECT_EQ(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE, &zero, nullptr),
              STATUS_TIMEOUT);
}

TEST(Event, EventObjectsHaveHandlesThatCanBeWaitedOn)
{
    HandleTable table(UserMode);
    Requestor requestor = table.requestor();
    HANDLE h;
    ASSERT_EQ(createEvent(requestor, SynchronizationEvent, false, &h), STATUS_SUCCESS);
    ObjectRef<void> object;
    PKEVENT event = nullptr;
    ASSERT_EQ(referenceWaitable(requestor, h, &object, &event), STATUS_SUCCESS);
    ASSERT_NE(event, nullptr);
    EXPECT_EQ(objectType(event), *ExEventObjectType);
    EXPECT_EQ(event->Type, SynchronizationEvent);
    KeSetEvent(event, 0, FALSE);
    EXPECT_EQ(table.close(h), STATUS_SUCCESS);
    // Our reference keeps the event alive after its handle closed.
    LARGE_INTEGER zero = poll();
    EXPECT_EQ(waitForEvent(event, &zero), STATUS_SUCCESS);
    ObjectRef<void> none;
    EXPECT_EQ(referenceWaitable(requestor, h, &none, &event), STATUS_INVALID_HANDLE);
}

TEST(Event, AFileHandleIsWaitedOnThroughItsEvent)
{
    test::TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"w");
    HandleTable table(UserMode);
    HANDLE file;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &file), STATUS_SUCCESS);
    ObjectRef<void> object;
    PKEVENT event = nullptr;
    ASSERT_EQ(referenceWaitable(table.requestor(), file, &object, &event), STATUS_SUCCESS);
    EXPECT_EQ(event, &static_cast<PFILE_OBJECT>(object.get())->Event);
    // Without SYNCHRONIZE a user handle cannot be waited on.
    HANDLE noSync;
    ASSERT_EQ(createFile(table.requestor(), link, FILE_READ_DATA, kOpenOverlapped, &noSync), STATUS_SUCCESS);
    ObjectRef<void> denied;
    EXPECT_EQ(referenceWaitable(table.requestor(), noSync, &denied, &event), STATUS_ACCESS_DENIED);
    object.reset();
    EXPECT_EQ(table.close(file), STATUS_SUCCESS);
    EXPECT_EQ(table.close(noSync), STATUS_SUCCESS);
}

}  // namespace
}  // namespace openks::io
