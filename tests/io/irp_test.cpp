// SPDX-License-Identifier: MIT
// Tests of IRPs: the pool, IoCallDriver, completion routines, write-backs, exactly-once completion.
#include "io/irp.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "io/device.h"
#include "io/file.h"
#include "io/handle_table.h"
#include "io/request.h"
#include "test_driver.h"

namespace openks::io {
namespace {

using test::completeIrp;
using test::PendingQueue;
using test::SinkRecord;
using test::TestDevice;

constexpr ULONG kIoctl = 0x002F0003;  // IOCTL_KS_PROPERTY: METHOD_NEITHER, FILE_ANY_ACCESS

// One device and a user handle to it.
struct Opened {
    TestDevice dev;
    HandleTable table{UserMode};
    HANDLE handle = nullptr;

    Opened()
    {
        std::u16string link = dev.publish(test::kTestCategory, u"irp");
        EXPECT_EQ(createFile(table.requestor(), link, GENERIC_READ | GENERIC_WRITE, kOpenOverlapped, &handle),
                  STATUS_SUCCESS);
    }
    ~Opened() { (void)table.close(handle); }
};

TEST(Irp, IoAllocateIrpSetsUpTheStack)
{
    PIRP irp = IoAllocateIrp(2, FALSE);
    ASSERT_NE(irp, nullptr);
    EXPECT_EQ(irp->Type, IO_TYPE_IRP);
    EXPECT_EQ(irp->StackCount, 2);
    EXPECT_EQ(irp->CurrentLocation, 3);
    EXPECT_EQ(IoGetNextIrpStackLocation(irp), &irp->Stack[1]);
    EXPECT_EQ(irp->Cancel, FALSE);
    EXPECT_EQ(irp->CancelRoutine, nullptr);
    IoFreeIrp(irp);
    EXPECT_EQ(IoAllocateIrp(0, FALSE), nullptr);
    EXPECT_EQ(IoAllocateIrp(OPENKS_IRP_STACK_SIZE + 1, FALSE), nullptr);
    IoFreeIrp(nullptr);
}

TEST(Irp, ThePoolReusesIrps)
{
    IoFreeIrp(IoAllocateIrp(1, FALSE));  // warm up
    IrpPoolStats before = irpPoolStats();
    for (int i = 0; i < 1000; ++i) {
        PIRP a = IoAllocateIrp(1, FALSE);
        PIRP b = allocateRequestIrp(OPENKS_IRP_STACK_SIZE);
        ASSERT_NE(a, nullptr);
        ASSERT_NE(b, nullptr);
        IoFreeIrp(a);
        freeRequestIrp(b);
    }
    EXPECT_EQ(irpPoolStats().created, before.created);
    EXPECT_EQ(irpPoolStats().free, before.free);
}

struct RoutineLog {
    int calls = 0;
    PDEVICE_OBJECT device = reinterpret_cast<PDEVICE_OBJECT>(1);
    NTSTATUS status = 0;
    BOOLEAN pendingReturned = FALSE;
    PKEVENT signal = nullptr;
};

NTSTATUS NTAPI moreProcessingRoutine(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
    auto* log = static_cast<RoutineLog*>(context);
    ++log->calls;
    log->device = device;
    log->status = irp->IoStatus.Status;
    log->pendingReturned = irp->PendingReturned;
    if (log->signal != nullptr) KeSetEvent(log->signal, 0, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

// The documented way for a driver to send an IRP of its own: IoAllocateIrp,
// a completion routine that stops completion, IoFreeIrp.
TEST(Irp, DriverAllocatedIrpCompletesThroughItsRoutine)
{
    TestDevice dev;
    dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_SUCCESS, 7);
        return STATUS_SUCCESS;
    });
    PIRP irp = IoAllocateIrp(1, FALSE);
    ASSERT_NE(irp, nullptr);
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    RoutineLog log;
    IoSetCompletionRoutine(irp, moreProcessingRoutine, &log, TRUE, TRUE, TRUE);
    EXPECT_EQ(IoCallDriver(dev.device(), irp), STATUS_SUCCESS);
    EXPECT_EQ(log.calls, 1);
    EXPECT_EQ(log.device, nullptr);  // the issuer's routine gets no device
    EXPECT_EQ(log.status, STATUS_SUCCESS);
    EXPECT_EQ(irp->IoStatus.Information, 7u);
    IoFreeIrp(irp);
}

TEST(Irp, UnsupportedMajorFunctionsCompleteWithInvalidDeviceRequest)
{
    TestDevice dev;
    dev.unsupported(IRP_MJ_READ);
    const UCHAR majors[] = {IRP_MJ_READ, IRP_MJ_MAXIMUM_FUNCTION + 1, 0xff};
    for (UCHAR major : majors) {
        PIRP irp = IoAllocateIrp(1, FALSE);
        IoGetNextIrpStackLocation(irp)->MajorFunction = major;
        RoutineLog log;
        IoSetCompletionRoutine(irp, moreProcessingRoutine, &log, TRUE, TRUE, TRUE);
        EXPECT_EQ(IoCallDriver(dev.device(), irp), STATUS_INVALID_DEVICE_REQUEST) << int(major);
        EXPECT_EQ(log.calls, 1);
        EXPECT_EQ(log.status, STATUS_INVALID_DEVICE_REQUEST);
        IoFreeIrp(irp);
    }
    // No device at all: the same, never a crash.
    PIRP irp = IoAllocateIrp(1, FALSE);
    RoutineLog log;
    IoSetCompletionRoutine(irp, moreProcessingRoutine, &log, TRUE, TRUE, TRUE);
    EXPECT_EQ(IoCallDriver(nullptr, irp), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(log.calls, 1);
    IoFreeIrp(irp);
    EXPECT_EQ(IoCallDriver(dev.device(), nullptr), STATUS_INVALID_PARAMETER);
}

TEST(Irp, UnsupportedDeviceControlCompletesTheIssuer)
{
    Opened o;
    o.dev.unsupported(IRP_MJ_DEVICE_CONTROL);
    IO_STATUS_BLOCK iosb{};
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    SinkRecord record;
    EXPECT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, &iosb, &event,
                              record.sink(), nullptr),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(iosb.Status, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(KeReadStateEvent(&event), 1);
    EXPECT_EQ(record.calls.load(), 1);
}

// A filter device above the test device that forwards every device control
// with a completion routine of its own.
struct Forwarder {
    ObjectRef<DRIVER_OBJECT> driver;
    PDEVICE_OBJECT device = nullptr;
    PDEVICE_OBJECT lower = nullptr;
    std::function<NTSTATUS(PDEVICE_OBJECT, PIRP)> handler;

    static NTSTATUS NTAPI entry(PDRIVER_OBJECT d, PUNICODE_STRING)
    {
        for (auto& f : d->MajorFunction)
            f = dispatch;
        return STATUS_SUCCESS;
    }
    static NTSTATUS NTAPI dispatch(PDEVICE_OBJECT device, PIRP irp)
    {
        auto* self = *static_cast<Forwarder**>(device->DeviceExtension);
        if (IoGetCurrentIrpStackLocation(irp)->MajorFunction == IRP_MJ_DEVICE_CONTROL && self->handler) {
            return self->handler(device, irp);
        }
        IoSkipCurrentIrpStackLocation(irp);
        return IoCallDriver(self->lower, irp);
    }

    explicit Forwarder(PDEVICE_OBJECT target)
    {
        EXPECT_EQ(createDriver(test::uniqueName(u"fwd"), entry, &driver), STATUS_SUCCESS);
        EXPECT_EQ(IoCreateDevice(driver.get(), sizeof(Forwarder*), nullptr, 0x2f, 0, FALSE, &device), STATUS_SUCCESS);
        *static_cast<Forwarder**>(device->DeviceExtension) = this;
        lower = IoAttachDeviceToDeviceStack(device, target);
        EXPECT_EQ(lower, target);
    }
    ~Forwarder()
    {
        IoDetachDevice(lower);
        IoDeleteDevice(device);
    }
};

TEST(Irp, CompletionRoutinesRunInnermostFirstWithTheirDevice)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"stack");
    Forwarder upper(dev.device());
    EXPECT_EQ(upper.device->StackSize, 2);
    RoutineLog log;
    upper.handler = [&](PDEVICE_OBJECT, PIRP irp) {
        IoCopyCurrentIrpStackLocationToNext(irp);
        IoSetCompletionRoutine(
            irp,
            [](PDEVICE_OBJECT device, PIRP irp, PVOID context) -> NTSTATUS {
                auto* log = static_cast<RoutineLog*>(context);
                ++log->calls;
                log->device = device;
                log->status = irp->IoStatus.Status;
                irp->IoStatus.Information += 100;  // the upper driver adjusts the result
                return STATUS_SUCCESS;
            },
            &log, TRUE, TRUE, TRUE);
        return IoCallDriver(upper.lower, irp);
    };
    dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_SUCCESS, 5);
        return STATUS_SUCCESS;
    });
    HandleTable table(UserMode);
    HANDLE h;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_SUCCESS);
    IO_STATUS_BLOCK iosb{};
    EXPECT_EQ(deviceIoControl(table.requestor(), h, kIoctl, nullptr, 0, nullptr, 0, &iosb, nullptr, {}, nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(log.calls, 1);
    EXPECT_EQ(log.device, upper.device);
    EXPECT_EQ(iosb.Information, 105u);
    EXPECT_EQ(table.close(h), STATUS_SUCCESS);
}

TEST(Irp, InvokeOnSuccessOnlyIsSkippedOnError)
{
    TestDevice dev;
    dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_NOT_FOUND);
        return STATUS_NOT_FOUND;
    });
    PIRP irp = IoAllocateIrp(2, FALSE);
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IO_STATUS_BLOCK iosb{};
    irp->UserEvent = &done;
    irp->UserIosb = &iosb;
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    RoutineLog log;
    IoSetCompletionRoutine(irp, moreProcessingRoutine, &log, TRUE, FALSE, FALSE);
    // Without a routine that stops it, a driver-allocated IRP completes fully
    // and goes back to the pool, as the I/O manager frees it on Windows.
    EXPECT_EQ(IoCallDriver(dev.device(), irp), STATUS_NOT_FOUND);
    EXPECT_EQ(log.calls, 0);
    EXPECT_EQ(iosb.Status, STATUS_NOT_FOUND);
    EXPECT_EQ(KeReadStateEvent(&done), 1);
}

// A driver forwards an IRP and takes it back with STATUS_MORE_PROCESSING_REQUIRED
// (the "forward and wait" pattern), then completes it again: the issuer hears once.
void forwardAndWait(bool lowerPends)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"fw");
    Forwarder upper(dev.device());
    RoutineLog log;
    upper.handler = [&](PDEVICE_OBJECT, PIRP irp) {
        KEVENT back;
        KeInitializeEvent(&back, NotificationEvent, FALSE);
        RoutineLog local;
        local.signal = &back;
        IoCopyCurrentIrpStackLocationToNext(irp);
        IoSetCompletionRoutine(irp, moreProcessingRoutine, &local, TRUE, TRUE, TRUE);
        NTSTATUS status = IoCallDriver(upper.lower, irp);
        if (status == STATUS_PENDING) (void)waitForEvent(&back, nullptr);
        log = local;
        status = irp->IoStatus.Status;
        irp->IoStatus.Information += 100;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    };
    PendingQueue queue;
    if (lowerPends) {
        dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    } else {
        dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
            completeIrp(irp, STATUS_SUCCESS, 5);
            return STATUS_SUCCESS;
        });
    }
    HandleTable table(UserMode);
    HANDLE h;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_SUCCESS);
    IO_STATUS_BLOCK iosb{};
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    SinkRecord record;
    std::thread completer;
    if (lowerPends) {
        completer = std::thread([&] {
            while (!queue.completeOne(STATUS_SUCCESS, 5))
                std::this_thread::yield();
        });
    }
    NTSTATUS status =
        deviceIoControl(table.requestor(), h, kIoctl, nullptr, 0, nullptr, 0, &iosb, &event, record.sink(), nullptr);
    if (completer.joinable()) completer.join();
    EXPECT_EQ(status, STATUS_SUCCESS);  // the upper driver waited, so it returns the final status
    EXPECT_EQ(log.calls, 1);
    EXPECT_EQ(log.pendingReturned, lowerPends ? TRUE : FALSE);
    EXPECT_EQ(iosb.Status, STATUS_SUCCESS);
    EXPECT_EQ(iosb.Information, 105u);
    EXPECT_EQ(record.calls.load(), 1);
    EXPECT_EQ(table.close(h), STATUS_SUCCESS);
}

TEST(Irp, MoreProcessingRequiredHandsTheIrpBack)
{
    forwardAndWait(false);
}

TEST(Irp, MoreProcessingRequiredAfterAPendingLowerDriver)
{
    for (int i = 0; i < 200; ++i)
        forwardAndWait(true);
}

TEST(Irp, BufferedOutputIsCopiedBackAndFreed)
{
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        auto* system = static_cast<char*>(ExAllocatePoolWithTag(NonPagedPool, 16, 0));
        std::memcpy(system, "buffered-result!", 16);
        irp->AssociatedIrp.SystemBuffer = system;
        irp->Flags |= IRP_BUFFERED_IO | IRP_INPUT_OPERATION | IRP_DEALLOCATE_BUFFER;
        NTSTATUS status = IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.InputBufferLength == 1
                              ? STATUS_NOT_FOUND
                              : STATUS_SUCCESS;
        completeIrp(irp, status, 10);
        return status;
    });
    char output[16] = {};
    IO_STATUS_BLOCK iosb{};
    ASSERT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, output, sizeof(output), &iosb, nullptr,
                              {}, nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(std::string(output, 10), "buffered-r");
    EXPECT_EQ(output[10], 0);
    // An error completion copies nothing back.
    char untouched[16] = {};
    ASSERT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 1, untouched, sizeof(untouched), &iosb,
                              nullptr, {}, nullptr),
              STATUS_NOT_FOUND);
    EXPECT_EQ(untouched[0], 0);
}

TEST(Irp, PendingRequestCompletedOnAnotherThreadNotifiesAfterWriteBacks)
{
    Opened o;
    PendingQueue queue;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    IO_STATUS_BLOCK iosb{};
    iosb.Status = STATUS_PENDING;
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, TRUE);  // cleared by the request
    SinkRecord record;
    record.iosb = &iosb;
    record.event = &event;
    int key = 0;
    ASSERT_EQ(deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, &iosb, &event,
                              record.sink(), &key),
              STATUS_PENDING);
    EXPECT_EQ(KeReadStateEvent(&event), 0);
    EXPECT_EQ(record.calls.load(), 0);
    {
        ObjectRef<FILE_OBJECT> file;
        ASSERT_EQ(referenceFile(o.table.requestor(), o.handle, 0, &file), STATUS_SUCCESS);
        EXPECT_EQ(outstandingIrpCount(file.get()), 1u);
    }
    std::thread completer([&] { EXPECT_TRUE(queue.completeOne(STATUS_BUFFER_OVERFLOW, 24)); });
    EXPECT_EQ(waitForEvent(&event, nullptr), STATUS_SUCCESS);
    completer.join();
    EXPECT_EQ(iosb.Status, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(iosb.Information, 24u);
    EXPECT_EQ(record.calls.load(), 1);
    EXPECT_EQ(record.status, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(record.information, 24u);
    EXPECT_EQ(record.userKey, &key);
    // By the time the sink ran, the iosb was written and the event set.
    EXPECT_EQ(record.iosbStatusAtSink, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(record.eventStateAtSink, 1);
}

TEST(IrpDeathTest, SecondCompletionStopsTheProcess)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_SUCCESS);
        completeIrp(irp, STATUS_SUCCESS);
        return STATUS_SUCCESS;
    });
    IO_STATUS_BLOCK iosb{};
    EXPECT_DEATH((void)deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, &iosb, nullptr,
                                       {}, nullptr),
                 "MULTIPLE_IRP_COMPLETE_REQUESTS");
}

TEST(IrpDeathTest, CompletingWithStatusPendingStopsTheProcess)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_PENDING);
        return STATUS_PENDING;
    });
    EXPECT_DEATH((void)deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, nullptr, nullptr,
                                       {}, nullptr),
                 "STATUS_PENDING");
}

TEST(IrpDeathTest, ForwardingPastTheLastStackLocationStopsTheProcess)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT device, PIRP irp) {
        IoCopyCurrentIrpStackLocationToNext(irp);
        return IoCallDriver(device, irp);  // to itself, forever
    });
    EXPECT_DEATH((void)deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, nullptr, nullptr,
                                       {}, nullptr),
                 "NO_MORE_IRP_STACK_LOCATIONS");
}

TEST(IrpDeathTest, FreeingAnIrpInFlightStopsTheProcess)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        IoFreeIrp(irp);  // not the driver's to free
        return STATUS_SUCCESS;
    });
    EXPECT_DEATH((void)deviceIoControl(o.table.requestor(), o.handle, kIoctl, nullptr, 0, nullptr, 0, nullptr, nullptr,
                                       {}, nullptr),
                 "IoFreeIrp");
}

}  // namespace
}  // namespace openks::io
