// SPDX-License-Identifier: MIT
// Tests of HandleTable: values, generations, isolation, access and type checks, concurrent lookups.
#include "io/handle_table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>
#include <vector>

#include "io/event.h"
#include "io/object.h"

namespace openks::io {
namespace {

ObjectRef<KEVENT> makeEvent()
{
    ObjectRef<KEVENT> event;
    EXPECT_EQ(createEventObject(NotificationEvent, false, &event), STATUS_SUCCESS);
    return event;
}

// An object type that counts its last-handle closes and deletions.
std::atomic<int> gClosed{0};
std::atomic<int> gDeleted{0};
KPROCESSOR_MODE gClosedMode = KernelMode;
void countingClose(void*, const Requestor& requestor)
{
    gClosedMode = requestor.mode;
    ++gClosed;
}
void countingDelete(void*)
{
    ++gDeleted;
}
_OBJECT_TYPE gCountingType = {"Counting", countingClose, countingDelete, 0x1, 0x2, 0x4, 0x7};

TEST(HandleTable, HandlesAreNonzeroMultiplesOfFourAndDistinct)
{
    HandleTable table;
    ObjectRef<KEVENT> event = makeEvent();
    std::set<uintptr_t> seen;
    std::vector<HANDLE> handles;
    for (int i = 0; i < 3000; ++i) {  // spans several chunks
        HANDLE h;
        ASSERT_EQ(table.insert(event.get(), EVENT_ALL_ACCESS, &h), STATUS_SUCCESS);
        auto value = reinterpret_cast<uintptr_t>(h);
        EXPECT_NE(value, 0u);
        EXPECT_EQ(value % 4, 0u);
        EXPECT_LT(value, uintptr_t{1} << 31);
        EXPECT_TRUE(seen.insert(value).second);
        handles.push_back(h);
    }
    EXPECT_EQ(table.count(), 3000u);
    EXPECT_EQ(objectHandleCount(event.get()), 3000);
    for (HANDLE h : handles)
        EXPECT_EQ(table.close(h), STATUS_SUCCESS);
    EXPECT_EQ(table.count(), 0u);
    EXPECT_EQ(objectHandleCount(event.get()), 0);
    EXPECT_EQ(objectPointerCount(event.get()), 1);
}

TEST(HandleTable, ReferenceAddsAReferenceToTheObject)
{
    HandleTable table;
    ObjectRef<KEVENT> event = makeEvent();
    HANDLE h;
    ASSERT_EQ(table.insert(event.get(), EVENT_ALL_ACCESS, &h), STATUS_SUCCESS);
    EXPECT_EQ(objectPointerCount(event.get()), 2);
    void* object = nullptr;
    ACCESS_MASK granted = 0;
    ASSERT_EQ(table.reference(h, SYNCHRONIZE, *ExEventObjectType, UserMode, &object, &granted), STATUS_SUCCESS);
    EXPECT_EQ(object, event.get());
    EXPECT_EQ(granted, static_cast<ACCESS_MASK>(EVENT_ALL_ACCESS));
    EXPECT_EQ(objectPointerCount(event.get()), 3);
    ObDereferenceObject(object);
    EXPECT_EQ(table.close(h), STATUS_SUCCESS);
}

TEST(HandleTable, ClosedHandleStaysInvalidAfterItsSlotIsReused)
{
    HandleTable table;
    ObjectRef<KEVENT> first = makeEvent();
    ObjectRef<KEVENT> second = makeEvent();
    HANDLE stale;
    ASSERT_EQ(table.insert(first.get(), EVENT_ALL_ACCESS, &stale), STATUS_SUCCESS);
    ASSERT_EQ(table.close(stale), STATUS_SUCCESS);
    // Reuse the only free slot: same index, new generation.
    HANDLE fresh;
    ASSERT_EQ(table.insert(second.get(), EVENT_ALL_ACCESS, &fresh), STATUS_SUCCESS);
    EXPECT_NE(fresh, stale);
    void* object = nullptr;
    EXPECT_EQ(table.reference(stale, 0, nullptr, KernelMode, &object, nullptr), STATUS_INVALID_HANDLE);
    EXPECT_EQ(object, nullptr);
    EXPECT_EQ(table.close(stale), STATUS_INVALID_HANDLE);
    ASSERT_EQ(table.reference(fresh, 0, nullptr, KernelMode, &object, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(object, second.get());
    ObDereferenceObject(object);
    EXPECT_EQ(table.close(fresh), STATUS_SUCCESS);
}

TEST(HandleTable, DoubleCloseFails)
{
    HandleTable table;
    ObjectRef<KEVENT> event = makeEvent();
    HANDLE h;
    ASSERT_EQ(table.insert(event.get(), EVENT_ALL_ACCESS, &h), STATUS_SUCCESS);
    EXPECT_EQ(table.close(h), STATUS_SUCCESS);
    EXPECT_EQ(table.close(h), STATUS_INVALID_HANDLE);
}

TEST(HandleTable, TablesAreIsolated)
{
    HandleTable a;
    HandleTable b;
    ObjectRef<KEVENT> inA = makeEvent();
    ObjectRef<KEVENT> inB = makeEvent();
    HANDLE ha;
    ASSERT_EQ(a.insert(inA.get(), EVENT_ALL_ACCESS, &ha), STATUS_SUCCESS);
    void* object = nullptr;
    EXPECT_EQ(b.reference(ha, 0, nullptr, KernelMode, &object, nullptr), STATUS_INVALID_HANDLE);
    EXPECT_EQ(b.close(ha), STATUS_INVALID_HANDLE);
    // The same value issued by B names B's object, never A's.
    HANDLE hb;
    ASSERT_EQ(b.insert(inB.get(), EVENT_ALL_ACCESS, &hb), STATUS_SUCCESS);
    ASSERT_EQ(hb, ha);
    ASSERT_EQ(b.reference(ha, 0, nullptr, KernelMode, &object, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(object, inB.get());
    ObDereferenceObject(object);
    EXPECT_EQ(a.close(ha), STATUS_SUCCESS);
    ASSERT_EQ(b.reference(hb, 0, nullptr, KernelMode, &object, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(object, inB.get());
    ObDereferenceObject(object);
}

TEST(HandleTable, BadHandleValuesGetInvalidHandle)
{
    HandleTable table;
    ObjectRef<KEVENT> event = makeEvent();
    HANDLE valid;
    ASSERT_EQ(table.insert(event.get(), EVENT_ALL_ACCESS, &valid), STATUS_SUCCESS);
    const uintptr_t values[] = {0,
                                reinterpret_cast<uintptr_t>(INVALID_HANDLE_VALUE),
                                reinterpret_cast<uintptr_t>(valid) + 1,
                                reinterpret_cast<uintptr_t>(valid) + 4,
                                uintptr_t{1} << 40,
                                0x7ffffffc,
                                0xdeadbeef0,
                                4 << 22};  // index 0 with a generation
    for (uintptr_t value : values) {
        void* object = reinterpret_cast<void*>(1);
        EXPECT_EQ(table.reference(reinterpret_cast<HANDLE>(value), 0, nullptr, KernelMode, &object, nullptr),
                  STATUS_INVALID_HANDLE)
            << std::hex << value;
        EXPECT_EQ(object, nullptr);
        EXPECT_EQ(table.close(reinterpret_cast<HANDLE>(value)), STATUS_INVALID_HANDLE) << std::hex << value;
    }
    EXPECT_EQ(table.count(), 1u);
}

TEST(HandleTable, TypeMismatchIsReported)
{
    HandleTable table;
    ObjectRef<KEVENT> event = makeEvent();
    HANDLE h;
    ASSERT_EQ(table.insert(event.get(), EVENT_ALL_ACCESS, &h), STATUS_SUCCESS);
    void* object = nullptr;
    EXPECT_EQ(table.reference(h, 0, *IoFileObjectType, KernelMode, &object, nullptr), STATUS_OBJECT_TYPE_MISMATCH);
    EXPECT_EQ(object, nullptr);
    EXPECT_EQ(objectPointerCount(event.get()), 2);  // no reference leaked
}

TEST(HandleTable, UserModeAccessIsCheckedKernelModeIsNot)
{
    HandleTable table;
    ObjectRef<KEVENT> event = makeEvent();
    HANDLE readOnly;
    ASSERT_EQ(table.insert(event.get(), GENERIC_READ, &readOnly), STATUS_SUCCESS);
    void* object = nullptr;
    EXPECT_EQ(table.reference(readOnly, EVENT_MODIFY_STATE, nullptr, UserMode, &object, nullptr), STATUS_ACCESS_DENIED);
    EXPECT_EQ(table.reference(readOnly, GENERIC_WRITE, nullptr, UserMode, &object, nullptr), STATUS_ACCESS_DENIED);
    ASSERT_EQ(table.reference(readOnly, EVENT_QUERY_STATE, nullptr, UserMode, &object, nullptr), STATUS_SUCCESS);
    ObDereferenceObject(object);
    ASSERT_EQ(table.reference(readOnly, EVENT_MODIFY_STATE, nullptr, KernelMode, &object, nullptr), STATUS_SUCCESS);
    ObDereferenceObject(object);
}

TEST(HandleTable, LastCloseRunsTheCloseProcedureOnceWithTheTablesMode)
{
    gClosed = 0;
    gDeleted = 0;
    void* body;
    ASSERT_EQ(createObject(&gCountingType, 32, &body), STATUS_SUCCESS);
    {
        HandleTable table(UserMode);
        HANDLE h1;
        HANDLE h2;
        ASSERT_EQ(table.insert(body, 0x1, &h1), STATUS_SUCCESS);
        ASSERT_EQ(table.insert(body, 0x1, &h2), STATUS_SUCCESS);
        ASSERT_EQ(table.close(h1), STATUS_SUCCESS);
        EXPECT_EQ(gClosed, 0);
        ASSERT_EQ(table.close(h2), STATUS_SUCCESS);
        EXPECT_EQ(gClosed, 1);
        EXPECT_EQ(gClosedMode, UserMode);
    }
    EXPECT_EQ(gDeleted, 0);
    ObDereferenceObject(body);
    EXPECT_EQ(gDeleted, 1);
}

TEST(HandleTable, DestroyingATableClosesEveryHandle)
{
    gClosed = 0;
    gDeleted = 0;
    void* body;
    ASSERT_EQ(createObject(&gCountingType, 8, &body), STATUS_SUCCESS);
    {
        HandleTable table(KernelMode);
        for (int i = 0; i < 10; ++i) {
            HANDLE h;
            ASSERT_EQ(table.insert(body, 0, &h), STATUS_SUCCESS);
        }
        ObDereferenceObject(body);  // only the table's references remain
        EXPECT_EQ(gDeleted, 0);
    }
    EXPECT_EQ(gClosed, 1);
    EXPECT_EQ(gDeleted, 1);
}

TEST(HandleTable, InsertRejectsNullArguments)
{
    HandleTable table;
    HANDLE h;
    EXPECT_EQ(table.insert(nullptr, 0, &h), STATUS_INVALID_PARAMETER);
    ObjectRef<KEVENT> event = makeEvent();
    EXPECT_EQ(table.insert(event.get(), 0, nullptr), STATUS_INVALID_PARAMETER);
    void* object;
    EXPECT_EQ(table.reference(nullptr, 0, nullptr, KernelMode, nullptr, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(table.reference(nullptr, 0, nullptr, KernelMode, &object, nullptr), STATUS_INVALID_HANDLE);
}

// Lookups racing with closes and re-inserts never crash and never return a
// wrong object: each either finds the object the handle named or fails.
TEST(HandleTable, ConcurrentLookupsAndClosesAreSafe)
{
    HandleTable table;
    constexpr int kSlots = 8;
    ObjectRef<KEVENT> events[kSlots];
    std::atomic<HANDLE> handles[kSlots];
    for (int i = 0; i < kSlots; ++i) {
        events[i] = makeEvent();
        HANDLE h;
        ASSERT_EQ(table.insert(events[i].get(), EVENT_ALL_ACCESS, &h), STATUS_SUCCESS);
        handles[i] = h;
    }
    std::atomic<bool> stop{false};
    std::atomic<long> wrong{0};
    std::atomic<long> found{0};
    std::latch start(3);
    auto reader = [&] {
        start.arrive_and_wait();
        while (!stop.load()) {
            for (int i = 0; i < kSlots; ++i) {
                void* object = nullptr;
                if (NT_SUCCESS(table.reference(handles[i].load(), 0, nullptr, KernelMode, &object, nullptr))) {
                    if (object != events[i].get()) ++wrong;
                    ++found;
                    ObDereferenceObject(object);
                }
            }
        }
    };
    std::thread r1(reader);
    std::thread r2(reader);
    start.arrive_and_wait();
    for (int round = 0; round < 2000; ++round) {
        int i = round % kSlots;
        HANDLE old = handles[i].load();
        ASSERT_EQ(table.close(old), STATUS_SUCCESS);
        HANDLE h;
        ASSERT_EQ(table.insert(events[i].get(), EVENT_ALL_ACCESS, &h), STATUS_SUCCESS);
        handles[i] = h;
    }
    stop = true;
    r1.join();
    r2.join();
    EXPECT_EQ(wrong.load(), 0);
    for (auto& event : events)
        EXPECT_EQ(objectHandleCount(event.get()), 1);
}

TEST(HandleTable, ObReferenceObjectByHandleUsesTheSystemTableOutsideDispatch)
{
    ASSERT_FALSE(hasCurrentRequestor());
    ObjectRef<KEVENT> event = makeEvent();
    HANDLE kernelHandle;
    ASSERT_EQ(systemHandleTable().insert(event.get(), EVENT_ALL_ACCESS, &kernelHandle), STATUS_SUCCESS);
    PVOID object = nullptr;
    OBJECT_HANDLE_INFORMATION info{};
    ASSERT_EQ(ObReferenceObjectByHandle(kernelHandle, SYNCHRONIZE, *ExEventObjectType, KernelMode, &object, &info),
              STATUS_SUCCESS);
    EXPECT_EQ(object, event.get());
    EXPECT_EQ(info.GrantedAccess, static_cast<ACCESS_MASK>(EVENT_ALL_ACCESS));
    ObDereferenceObject(object);
    EXPECT_EQ(ObReferenceObjectByHandle(nullptr, 0, nullptr, KernelMode, &object, nullptr), STATUS_INVALID_HANDLE);
    EXPECT_EQ(object, nullptr);
    EXPECT_EQ(systemHandleTable().close(kernelHandle), STATUS_SUCCESS);
    EXPECT_EQ(ObReferenceObjectByHandle(kernelHandle, 0, nullptr, KernelMode, &object, nullptr), STATUS_INVALID_HANDLE);
}

}  // namespace
}  // namespace openks::io
