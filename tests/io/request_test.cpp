// SPDX-License-Identifier: MIT
// Tests of device control requests and KsSynchronousIoControlDevice: parameters, bad input, access, modes.
#include "io/request.h"

#include <gtest/gtest.h>

#include <thread>

#include "io/event.h"
#include "io/file.h"
#include "io/handle_table.h"
#include "test_driver.h"

namespace openks::io {
namespace {

using test::completeIrp;
using test::PendingQueue;
using test::SinkRecord;
using test::TestDevice;

constexpr ULONG kProperty = 0x002F0003;     // IOCTL_KS_PROPERTY: FILE_ANY_ACCESS
constexpr ULONG kWriteStream = 0x002F8013;  // IOCTL_KS_WRITE_STREAM: FILE_WRITE_ACCESS
constexpr ULONG kReadStream = 0x002F4017;   // IOCTL_KS_READ_STREAM: FILE_READ_ACCESS
constexpr ULONG kHandshake = 0x002F001F;    // IOCTL_KS_HANDSHAKE

struct ControlSeen {
    int calls = 0;
    UCHAR major = 0xff;
    ULONG code = 0;
    PVOID input = nullptr;
    ULONG inputLength = 0;
    PVOID output = nullptr;
    ULONG outputLength = 0;
    KPROCESSOR_MODE mode = -1;
    PFILE_OBJECT file = nullptr;
    PFILE_OBJECT originalFile = nullptr;
    ULONG flags = 0xffffffff;
};

// Records the request and completes it; the kernel-only handshake refuses
// user-mode requestors as KS does (ks-spec §12 item 2).
TestDevice::Handler recordControl(ControlSeen* seen, ULONG_PTR information = 0)
{
    return [seen, information](PDEVICE_OBJECT, PIRP irp) {
        PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
        ++seen->calls;
        seen->major = location->MajorFunction;
        seen->code = location->Parameters.DeviceIoControl.IoControlCode;
        seen->input = location->Parameters.DeviceIoControl.Type3InputBuffer;
        seen->inputLength = location->Parameters.DeviceIoControl.InputBufferLength;
        seen->output = irp->UserBuffer;
        seen->outputLength = location->Parameters.DeviceIoControl.OutputBufferLength;
        seen->mode = irp->RequestorMode;
        seen->file = location->FileObject;
        seen->originalFile = irp->Tail.Overlay.OriginalFileObject;
        seen->flags = irp->Flags;
        NTSTATUS status = STATUS_SUCCESS;
        if (seen->code == kHandshake && irp->RequestorMode != KernelMode) status = STATUS_INVALID_DEVICE_REQUEST;
        completeIrp(irp, status, information);
        return status;
    };
}

struct Fixture {
    TestDevice dev;
    std::u16string link;
    HandleTable table{UserMode};
    HANDLE handle = nullptr;
    ControlSeen seen;

    explicit Fixture(ACCESS_MASK access = GENERIC_READ | GENERIC_WRITE)
    {
        link = dev.publish(test::kTestCategory, u"req");
        dev.on(IRP_MJ_DEVICE_CONTROL, recordControl(&seen));
        EXPECT_EQ(createFile(table.requestor(), link, access, kOpenOverlapped, &handle), STATUS_SUCCESS);
    }
    ~Fixture() { (void)table.close(handle); }

    ObjectRef<FILE_OBJECT> file()
    {
        ObjectRef<FILE_OBJECT> f;
        EXPECT_EQ(referenceFile(table.requestor(), handle, 0, &f), STATUS_SUCCESS);
        return f;
    }
};

TEST(Request, MethodNeitherParametersReachTheDriver)
{
    Fixture f;
    char in[24] = {};
    char out[56] = {};
    IO_STATUS_BLOCK iosb{};
    ASSERT_EQ(deviceIoControl(f.table.requestor(), f.handle, kProperty, in, sizeof(in), out, sizeof(out), &iosb,
                              nullptr, {}, nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(f.seen.major, IRP_MJ_DEVICE_CONTROL);
    EXPECT_EQ(f.seen.code, kProperty);
    EXPECT_EQ(f.seen.input, in);
    EXPECT_EQ(f.seen.inputLength, sizeof(in));
    EXPECT_EQ(f.seen.output, out);
    EXPECT_EQ(f.seen.outputLength, sizeof(out));
    EXPECT_EQ(f.seen.mode, UserMode);
    EXPECT_EQ(f.seen.file, f.file().get());
    EXPECT_EQ(f.seen.originalFile, f.seen.file);
    EXPECT_EQ(f.seen.flags, 0u);  // nothing buffered
    EXPECT_EQ(iosb.Status, STATUS_SUCCESS);
}

TEST(Request, AnyLengthAndNullBuffersArePassedThroughUnvalidated)
{
    Fixture f;
    struct Case {
        PVOID in;
        ULONG inLength;
        PVOID out;
        ULONG outLength;
    };
    auto* bogus = reinterpret_cast<PVOID>(0x10);
    const Case cases[] = {{nullptr, 0, nullptr, 0},
                          {nullptr, 0xffffffff, nullptr, 0xffffffff},
                          {bogus, 0x80000000, bogus, 1},
                          {nullptr, 24, nullptr, 56}};
    for (const Case& c : cases) {
        IO_STATUS_BLOCK iosb{};
        ASSERT_EQ(deviceIoControl(f.table.requestor(), f.handle, kProperty, c.in, c.inLength, c.out, c.outLength, &iosb,
                                  nullptr, {}, nullptr),
                  STATUS_SUCCESS);
        EXPECT_EQ(f.seen.input, c.in);
        EXPECT_EQ(f.seen.inputLength, c.inLength);
        EXPECT_EQ(f.seen.output, c.out);
        EXPECT_EQ(f.seen.outputLength, c.outLength);
    }
    EXPECT_EQ(f.seen.calls, 4);
}

// Bad handles are refused before an IRP exists, leaving the issuer's
// iosb, event and sink alone.
TEST(Request, BadHandlesFailWithoutTouchingTheIssuer)
{
    Fixture f;
    HANDLE stale;
    ASSERT_EQ(createFile(f.table.requestor(), f.link, GENERIC_READ, kOpenOverlapped, &stale), STATUS_SUCCESS);
    ASSERT_EQ(closeHandle(f.table.requestor(), stale), STATUS_SUCCESS);
    HANDLE event;
    ASSERT_EQ(createEvent(f.table.requestor(), NotificationEvent, false, &event), STATUS_SUCCESS);
    HandleTable other(UserMode);
    const HANDLE handles[] = {nullptr, INVALID_HANDLE_VALUE,       stale, reinterpret_cast<HANDLE>(0x7ffffffc),
                              event,   reinterpret_cast<HANDLE>(3)};
    for (HANDLE h : handles) {
        IO_STATUS_BLOCK iosb;
        iosb.Status = 0x12345678;
        iosb.Information = 99;
        KEVENT signalled;
        KeInitializeEvent(&signalled, NotificationEvent, TRUE);
        SinkRecord record;
        EXPECT_EQ(deviceIoControl(f.table.requestor(), h, kProperty, nullptr, 0, nullptr, 0, &iosb, &signalled,
                                  record.sink(), nullptr),
                  STATUS_INVALID_HANDLE)
            << h;
        EXPECT_EQ(iosb.Status, 0x12345678);
        EXPECT_EQ(iosb.Information, 99u);
        EXPECT_EQ(KeReadStateEvent(&signalled), 1);
        EXPECT_EQ(record.calls.load(), 0);
    }
    // A valid handle of another table.
    EXPECT_EQ(
        deviceIoControl(other.requestor(), f.handle, kProperty, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
        STATUS_INVALID_HANDLE);
    EXPECT_EQ(deviceIoControl(Requestor{}, f.handle, kProperty, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
              STATUS_INVALID_HANDLE);
    EXPECT_EQ(f.seen.calls, 0);
}

TEST(Request, UserModeNeedsTheAccessTheCodeAsksFor)
{
    Fixture readOnly(GENERIC_READ);
    Requestor user = readOnly.table.requestor();
    EXPECT_EQ(
        deviceIoControl(user, readOnly.handle, kWriteStream, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
        STATUS_ACCESS_DENIED);
    EXPECT_EQ(readOnly.seen.calls, 0);
    EXPECT_EQ(
        deviceIoControl(user, readOnly.handle, kReadStream, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
        STATUS_SUCCESS);
    EXPECT_EQ(deviceIoControl(user, readOnly.handle, kProperty, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
              STATUS_SUCCESS);
    // A kernel-mode request on the same handle is not checked.
    Requestor kernel{&readOnly.table, KernelMode};
    EXPECT_EQ(
        deviceIoControl(kernel, readOnly.handle, kWriteStream, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
        STATUS_SUCCESS);
    EXPECT_EQ(readOnly.seen.mode, KernelMode);
    // Through the file object, user mode is checked against the open's access.
    ObjectRef<FILE_OBJECT> file = readOnly.file();
    EXPECT_EQ(deviceIoControl(user, file.get(), kWriteStream, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
              STATUS_ACCESS_DENIED);
    Fixture writeOnly(GENERIC_WRITE);
    EXPECT_EQ(deviceIoControl(writeOnly.table.requestor(), writeOnly.handle, kReadStream, nullptr, 0, nullptr, 0,
                              nullptr, nullptr, {}, nullptr),
              STATUS_ACCESS_DENIED);
    EXPECT_EQ(deviceIoControl(writeOnly.table.requestor(), writeOnly.handle, kWriteStream, nullptr, 0, nullptr, 0,
                              nullptr, nullptr, {}, nullptr),
              STATUS_SUCCESS);
}

TEST(Request, WithoutAnEventTheFilesEventIsSignalled)
{
    Fixture f;
    PendingQueue queue;
    f.dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    ObjectRef<void> waitable;
    PKEVENT fileEvent = nullptr;
    ASSERT_EQ(referenceWaitable(f.table.requestor(), f.handle, &waitable, &fileEvent), STATUS_SUCCESS);
    KeSetEvent(fileEvent, 0, FALSE);  // stale signal: the request clears it
    IO_STATUS_BLOCK iosb{};
    ASSERT_EQ(
        deviceIoControl(f.table.requestor(), f.handle, kProperty, nullptr, 0, nullptr, 0, &iosb, nullptr, {}, nullptr),
        STATUS_PENDING);
    EXPECT_EQ(KeReadStateEvent(fileEvent), 0);
    std::thread completer([&] { EXPECT_TRUE(queue.completeOne(STATUS_SUCCESS, 3)); });
    EXPECT_EQ(waitForEvent(fileEvent, nullptr), STATUS_SUCCESS);
    completer.join();
    EXPECT_EQ(iosb.Status, STATUS_SUCCESS);
    EXPECT_EQ(iosb.Information, 3u);
}

// OVERLAPPED.hEvent may be closed while its request is in flight: the
// request keeps the event object alive until it has signalled it.
TEST(Request, AReferencedEventOutlivesItsHandle)
{
    Fixture f;
    PendingQueue queue;
    f.dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    HANDLE eventHandle;
    ASSERT_EQ(createEvent(f.table.requestor(), NotificationEvent, false, &eventHandle), STATUS_SUCCESS);
    ObjectRef<void> eventObject;
    PKEVENT event = nullptr;
    ASSERT_EQ(referenceWaitable(f.table.requestor(), eventHandle, &eventObject, &event), STATUS_SUCCESS);
    SinkRecord record;
    IO_STATUS_BLOCK iosb{};
    ASSERT_EQ(deviceIoControl(f.table.requestor(), f.handle, kProperty, nullptr, 0, nullptr, 0, &iosb, event,
                              record.sink(), nullptr, /*referenceEvent=*/true),
              STATUS_PENDING);
    EXPECT_EQ(objectPointerCount(event), 3);  // ours, the handle's, the request's
    ASSERT_EQ(closeHandle(f.table.requestor(), eventHandle), STATUS_SUCCESS);
    eventObject.reset();  // only the request holds the event now
    EXPECT_TRUE(queue.completeOne(STATUS_SUCCESS, 1));
    EXPECT_EQ(record.calls.load(), 1);
    EXPECT_EQ(iosb.Status, STATUS_SUCCESS);

    // Without the flag the request takes no reference.
    ObjectRef<KEVENT> plain;
    ASSERT_EQ(createEventObject(NotificationEvent, false, &plain), STATUS_SUCCESS);
    ASSERT_EQ(deviceIoControl(f.table.requestor(), f.handle, kProperty, nullptr, 0, nullptr, 0, &iosb, plain.get(), {},
                              nullptr),
              STATUS_PENDING);
    EXPECT_EQ(objectPointerCount(plain.get()), 1);
    EXPECT_TRUE(queue.completeOne(STATUS_SUCCESS, 1));
    EXPECT_EQ(KeReadStateEvent(plain.get()), 1);
}

TEST(Request, KernelModeRequestorModeReachesTheDriver)
{
    Fixture f;
    ObjectRef<FILE_OBJECT> file = f.file();
    ULONG bytes = 1;
    // ks-spec §12 item 2: the kernel-only handshake refuses user mode.
    EXPECT_EQ(KsSynchronousIoControlDevice(file.get(), UserMode, kHandshake, nullptr, 0, nullptr, 0, &bytes),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(f.seen.mode, UserMode);
    EXPECT_EQ(bytes, 0u);
    EXPECT_EQ(KsSynchronousIoControlDevice(file.get(), KernelMode, kHandshake, nullptr, 0, nullptr, 0, &bytes),
              STATUS_SUCCESS);
    EXPECT_EQ(f.seen.mode, KernelMode);
    EXPECT_EQ(f.seen.code, kHandshake);
}

TEST(Request, KsSynchronousIoControlDeviceWaitsOutAPendingIrp)
{
    Fixture f;
    PendingQueue queue;
    f.dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    ObjectRef<FILE_OBJECT> file = f.file();
    std::thread completer([&] {
        while (!queue.completeOne(STATUS_SUCCESS, 40))
            std::this_thread::yield();
    });
    ULONG bytes = 0;
    char out[40];
    EXPECT_EQ(KsSynchronousIoControlDevice(file.get(), KernelMode, kProperty, nullptr, 0, out, sizeof(out), &bytes),
              STATUS_SUCCESS);
    completer.join();
    EXPECT_EQ(bytes, 40u);
}

// ks-spec §6: BytesReturned is written on warning completions too (size queries).
TEST(Request, KsSynchronousIoControlDeviceReportsInformationOnWarnings)
{
    Fixture f;
    f.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_BUFFER_OVERFLOW, 120);
        return STATUS_BUFFER_OVERFLOW;
    });
    ObjectRef<FILE_OBJECT> file = f.file();
    ULONG bytes = 0;
    EXPECT_EQ(KsSynchronousIoControlDevice(file.get(), UserMode, kProperty, nullptr, 0, nullptr, 0, &bytes),
              STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(bytes, 120u);
    EXPECT_EQ(KsSynchronousIoControlDevice(nullptr, KernelMode, kProperty, nullptr, 0, nullptr, 0, &bytes),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(bytes, 0u);
    EXPECT_EQ(KsSynchronousIoControlDevice(file.get(), KernelMode, kProperty, nullptr, 0, nullptr, 0, nullptr),
              STATUS_BUFFER_OVERFLOW);
}

// A driver handling a request from table A issues a kernel request of its
// own to another device, whose driver resolves a handle: it resolves in A,
// and the outer requestor is restored afterwards.
TEST(Request, NestedKernelRequestsKeepTheOuterRequestorsTable)
{
    Fixture inner;
    inner.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        HANDLE named =
            *static_cast<HANDLE*>(IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.Type3InputBuffer);
        PVOID object = nullptr;
        NTSTATUS status = ObReferenceObjectByHandle(named, 0, *ExEventObjectType, KernelMode, &object, nullptr);
        if (NT_SUCCESS(status)) ObDereferenceObject(object);
        completeIrp(irp, status);
        return status;
    });
    ObjectRef<FILE_OBJECT> innerFile = inner.file();
    Fixture outer;
    KPROCESSOR_MODE innerModeSeenByOuter = -1;
    HandleTable* tableAfterNested = nullptr;
    outer.dev.on(IRP_MJ_DEVICE_CONTROL, [&](PDEVICE_OBJECT, PIRP irp) {
        PVOID handleBuffer = IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.Type3InputBuffer;
        ULONG bytes;
        NTSTATUS status = KsSynchronousIoControlDevice(innerFile.get(), KernelMode, kProperty, handleBuffer,
                                                       sizeof(HANDLE), nullptr, 0, &bytes);
        innerModeSeenByOuter = irp->RequestorMode;
        tableAfterNested = currentRequestor().handles;
        completeIrp(irp, status);
        return status;
    });
    HANDLE event;
    ASSERT_EQ(createEvent(outer.table.requestor(), NotificationEvent, false, &event), STATUS_SUCCESS);
    EXPECT_EQ(deviceIoControl(outer.table.requestor(), outer.handle, kProperty, &event, sizeof(event), nullptr, 0,
                              nullptr, nullptr, {}, nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(innerModeSeenByOuter, UserMode);
    EXPECT_EQ(tableAfterNested, &outer.table);
    // The same handle value from the inner fixture's table names nothing.
    EXPECT_EQ(deviceIoControl(inner.table.requestor(), inner.handle, kProperty, &event, sizeof(event), nullptr, 0,
                              nullptr, nullptr, {}, nullptr),
              STATUS_INVALID_HANDLE);
    EXPECT_FALSE(hasCurrentRequestor());
}

TEST(Request, IoctlAccessBits)
{
    EXPECT_TRUE(ioctlAccessGranted(kProperty, 0));
    EXPECT_FALSE(ioctlAccessGranted(kWriteStream, FILE_READ_DATA));
    EXPECT_TRUE(ioctlAccessGranted(kWriteStream, FILE_WRITE_DATA));
    EXPECT_FALSE(ioctlAccessGranted(kReadStream, FILE_WRITE_DATA));
    EXPECT_TRUE(ioctlAccessGranted(kReadStream, FILE_READ_DATA));
    EXPECT_FALSE(ioctlAccessGranted(0x0022c000, FILE_READ_DATA));  // read and write both needed
    EXPECT_TRUE(ioctlAccessGranted(0x0022c000, FILE_READ_DATA | FILE_WRITE_DATA));
}

}  // namespace
}  // namespace openks::io
