// SPDX-License-Identifier: MIT
// Tests of cancellation: IoCancelIrp, the cancel spin lock, and the completion/cancel race.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>
#include <vector>

#include "io/event.h"
#include "io/file.h"
#include "io/handle_table.h"
#include "io/irp.h"
#include "io/request.h"
#include "test_driver.h"

namespace openks::io {
namespace {

using test::completeIrp;
using test::PendingQueue;
using test::SinkRecord;
using test::TestDevice;

constexpr ULONG kIoctl = 0x002F0003;

struct Opened {
    TestDevice dev;
    HandleTable table{UserMode};
    HANDLE handle = nullptr;
    ObjectRef<FILE_OBJECT> file;

    Opened()
    {
        std::u16string link = dev.publish(test::kTestCategory, u"cancel");
        EXPECT_EQ(createFile(table.requestor(), link, GENERIC_READ | GENERIC_WRITE, kOpenOverlapped, &handle),
                  STATUS_SUCCESS);
        EXPECT_EQ(referenceFile(table.requestor(), handle, 0, &file), STATUS_SUCCESS);
    }
    ~Opened()
    {
        file.reset();
        (void)table.close(handle);
    }
};

PIRP gHeld = nullptr;
bool gLockWasHeld = false;
PDEVICE_OBJECT gCancelDevice = nullptr;

VOID NTAPI recordingCancel(PDEVICE_OBJECT device, PIRP irp)
{
    gCancelDevice = device;
    // Releasing a cancel spin lock this thread does not hold stops the
    // process, so getting past this line proves IoCancelIrp handed it over.
    IoReleaseCancelSpinLock(irp->CancelIrql);
    gLockWasHeld = true;
    completeIrp(irp, STATUS_CANCELLED);
}

TEST(Cancel, IoCancelIrpCallsTheCancelRoutineUnderTheCancelLock)
{
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        IoMarkIrpPending(irp);
        gHeld = irp;
        IoSetCancelRoutine(irp, recordingCancel);
        return STATUS_PENDING;
    });
    SinkRecord record;
    IO_STATUS_BLOCK iosb{};
    ASSERT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, &iosb, nullptr,
                              record.sink(), nullptr),
              STATUS_PENDING);
    gLockWasHeld = false;
    EXPECT_TRUE(IoCancelIrp(gHeld));
    EXPECT_TRUE(gLockWasHeld);
    EXPECT_EQ(gCancelDevice, o.dev.device());
    EXPECT_EQ(record.calls.load(), 1);
    EXPECT_EQ(record.status, STATUS_CANCELLED);
    EXPECT_EQ(iosb.Status, STATUS_CANCELLED);
}

TEST(Cancel, WithoutACancelRoutineOnlyTheFlagIsSet)
{
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        IoMarkIrpPending(irp);
        gHeld = irp;
        return STATUS_PENDING;
    });
    SinkRecord record;
    ASSERT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, nullptr, nullptr,
                              record.sink(), nullptr),
              STATUS_PENDING);
    EXPECT_FALSE(IoCancelIrp(gHeld));
    EXPECT_TRUE(gHeld->Cancel);
    EXPECT_EQ(record.calls.load(), 0);
    // The driver notices and completes the IRP itself.
    completeIrp(gHeld, STATUS_CANCELLED);
    EXPECT_EQ(record.status, STATUS_CANCELLED);
    EXPECT_FALSE(IoCancelIrp(nullptr));
}

TEST(Cancel, CompletionRoutinesMarkedInvokeOnCancelRun)
{
    TestDevice dev;
    dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        IoMarkIrpPending(irp);
        gHeld = irp;
        return STATUS_PENDING;
    });
    PIRP irp = IoAllocateIrp(1, FALSE);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    int calls = 0;
    IoSetCompletionRoutine(
        irp,
        [](PDEVICE_OBJECT, PIRP, PVOID context) -> NTSTATUS {
            ++*static_cast<int*>(context);
            return STATUS_MORE_PROCESSING_REQUIRED;
        },
        &calls, FALSE, FALSE, TRUE);
    ASSERT_EQ(IoCallDriver(dev.device(), irp), STATUS_PENDING);
    EXPECT_FALSE(IoCancelIrp(irp));
    // Completed with success, but the IRP was cancelled: only INVOKE_ON_CANCEL fires.
    completeIrp(gHeld, STATUS_SUCCESS);
    EXPECT_EQ(calls, 1);
    IoFreeIrp(irp);
}

TEST(CancelDeathTest, TheCancelSpinLockIsNotRecursive)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            KIRQL a;
            KIRQL b;
            IoAcquireCancelSpinLock(&a);
            IoAcquireCancelSpinLock(&b);
        },
        "already holds");
    EXPECT_DEATH(IoReleaseCancelSpinLock(PASSIVE_LEVEL), "does not hold");
}

// One thread completes and another cancels the same IRP, many times over,
// with a driver using the documented cancel-safe pattern.  Every request
// completes exactly once, with its success status or STATUS_CANCELLED.
TEST(CancelStress, CompletionRacingCancellationCompletesEachIrpExactlyOnce)
{
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
    constexpr int kIterations = 5000;
#else
    constexpr int kIterations = 50000;
#endif
    Opened o;
    PendingQueue queue;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    IrpPoolStats poolBefore = irpPoolStats();

    std::vector<SinkRecord> records(kIterations);
    std::vector<IO_STATUS_BLOCK> iosbs(kIterations);
    std::atomic<int> current{-1};
    std::barrier round(3);
    std::atomic<int> completedByDriver{0};
    std::atomic<int> cancelFound{0};

    std::thread completer([&] {
        for (int i = 0; i < kIterations; ++i) {
            round.arrive_and_wait();
            if (queue.completeOne(STATUS_SUCCESS, 7)) ++completedByDriver;
            round.arrive_and_wait();
        }
    });
    std::thread canceller([&] {
        for (int i = 0; i < kIterations; ++i) {
            round.arrive_and_wait();
            if (cancelIo(o.file.get(), &records[current.load()], false)) ++cancelFound;
            round.arrive_and_wait();
        }
    });
    for (int i = 0; i < kIterations; ++i) {
        current = i;
        // Failures are EXPECTs: the other threads must keep meeting us at the barrier.
        EXPECT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, &iosbs[i], nullptr,
                                  records[i].sink(), &records[i]),
                  STATUS_PENDING);
        round.arrive_and_wait();  // both race on IRP i
        round.arrive_and_wait();
        // The winner completed it; the loser found nothing to do.
        EXPECT_EQ(records[i].calls.load(), 1) << "iteration " << i;
    }
    completer.join();
    canceller.join();

    int succeeded = 0;
    int cancelled = 0;
    for (int i = 0; i < kIterations; ++i) {
        EXPECT_EQ(records[i].calls.load(), 1);
        if (records[i].status == STATUS_SUCCESS) {
            ++succeeded;
            EXPECT_EQ(iosbs[i].Information, 7u);
        } else {
            EXPECT_EQ(records[i].status, STATUS_CANCELLED) << "iteration " << i;
            ++cancelled;
        }
        EXPECT_EQ(iosbs[i].Status, records[i].status);
    }
    EXPECT_EQ(succeeded + cancelled, kIterations);
    EXPECT_EQ(succeeded, completedByDriver.load());
    EXPECT_EQ(queue.size(), 0u);
    EXPECT_EQ(outstandingIrpCount(o.file.get()), 0u);
    // Every IRP went back to the pool: at most one was ever in flight.
    EXPECT_LE(irpPoolStats().created, poolBefore.created + 16);
    RecordProperty("succeeded", succeeded);
    RecordProperty("cancelled", cancelled);
    RecordProperty("cancelFound", cancelFound.load());
}

}  // namespace
}  // namespace openks::io
