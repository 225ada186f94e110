// SPDX-License-Identifier: MIT
// Tests of file objects: creates, relative creates, failed creates, cleanup/close ordering, CancelIoEx.
#include "io/file.h"

#include <gtest/gtest.h>

#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "io/device.h"
#include "io/event.h"
#include "io/handle_table.h"
#include "io/request.h"
#include "io/strings.h"
#include "test_driver.h"

namespace openks::io {
namespace {

using test::completeIrp;
using test::PendingQueue;
using test::SinkRecord;
using test::TestDevice;

constexpr ULONG kIoctl = 0x002F0003;  // IOCTL_KS_PROPERTY

struct CreateSeen {
    std::u16string fileName;
    std::vector<unsigned char> fileNameBytes;
    PFILE_OBJECT file = nullptr;
    PFILE_OBJECT related = nullptr;
    PDEVICE_OBJECT fileDevice = nullptr;
    KPROCESSOR_MODE mode = -1;
    ACCESS_MASK desiredAccess = 0;
    ULONG options = 0;
    HandleTable* currentTable = nullptr;
    bool hadRequestor = false;
};

TestDevice::Handler recordCreate(CreateSeen* seen, NTSTATUS result = STATUS_SUCCESS)
{
    return [seen, result](PDEVICE_OBJECT, PIRP irp) {
        PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
        PFILE_OBJECT file = location->FileObject;
        seen->file = file;
        seen->fileName = std::u16string(view(file->FileName));
        auto* bytes = reinterpret_cast<const unsigned char*>(file->FileName.Buffer);
        seen->fileNameBytes.assign(bytes, bytes + file->FileName.Length);
        seen->related = file->RelatedFileObject;
        seen->fileDevice = file->DeviceObject;
        seen->mode = irp->RequestorMode;
        seen->desiredAccess = location->Parameters.Create.SecurityContext->DesiredAccess;
        seen->options = location->Parameters.Create.Options;
        seen->hadRequestor = hasCurrentRequestor();
        seen->currentTable = currentRequestor().handles;
        completeIrp(irp, result);
        return result;
    };
}

TEST(File, CreateSendsTheReferenceStringWithTheRequestorsMode)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"{ABC}");
    CreateSeen seen;
    dev.on(IRP_MJ_CREATE, recordCreate(&seen));
    HandleTable table(UserMode);
    HANDLE h = nullptr;
    ASSERT_EQ(createFile(table.requestor(), narrow(link), GENERIC_READ | GENERIC_WRITE, kOpenOverlapped, &h),
              STATUS_SUCCESS);
    EXPECT_NE(h, nullptr);
    EXPECT_EQ(seen.fileName, u"\\{ABC}");
    EXPECT_EQ(seen.related, nullptr);
    EXPECT_EQ(seen.fileDevice, dev.device());
    EXPECT_EQ(seen.mode, UserMode);
    EXPECT_EQ(seen.desiredAccess, static_cast<ACCESS_MASK>(GENERIC_READ | GENERIC_WRITE));
    EXPECT_EQ(seen.options >> 24, 1u);  // FILE_OPEN
    EXPECT_EQ(seen.options & 0x20, 0u);
    EXPECT_TRUE(seen.hadRequestor);
    EXPECT_EQ(seen.currentTable, &table);
    EXPECT_FALSE(hasCurrentRequestor());  // restored after the dispatch
    EXPECT_EQ(table.count(), 1u);

    ObjectRef<FILE_OBJECT> file;
    ACCESS_MASK granted = 0;
    ASSERT_EQ(referenceFile(table.requestor(), h, FILE_WRITE_DATA, &file, &granted), STATUS_SUCCESS);
    EXPECT_EQ(file.get(), seen.file);
    EXPECT_EQ(granted, static_cast<ACCESS_MASK>(FILE_GENERIC_READ | FILE_GENERIC_WRITE));
    EXPECT_TRUE(file->ReadAccess);
    EXPECT_TRUE(file->WriteAccess);
    EXPECT_EQ(file->Flags & FO_SYNCHRONOUS_IO, 0u);
    file.reset();
    EXPECT_EQ(closeHandle(table.requestor(), h), STATUS_SUCCESS);
    EXPECT_EQ(dev.log(), (std::vector<UCHAR>{IRP_MJ_CREATE, IRP_MJ_CLEANUP, IRP_MJ_CLOSE}));
}

TEST(File, UnknownOrEmptyPathsFail)
{
    HandleTable table(UserMode);
    HANDLE h = reinterpret_cast<HANDLE>(4);
    EXPECT_EQ(createFile(table.requestor(), u"\\\\?\\openks#nothing#0#{00000000-0000-0000-0000-000000000000}",
                         GENERIC_READ, kOpenOverlapped, &h),
              STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(h, nullptr);
    EXPECT_EQ(createFile(table.requestor(), u"", GENERIC_READ, kOpenOverlapped, &h), STATUS_OBJECT_NAME_INVALID);
    EXPECT_EQ(createFile(table.requestor(), u"x", GENERIC_READ, kOpenOverlapped, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(table.count(), 0u);
}

TEST(File, AFailedCreateLeavesNothingBehind)
{
    TestDevice dev(std::u16string{}, /*exclusive=*/true);
    std::u16string link = dev.publish(test::kTestCategory, u"x");
    CreateSeen seen;
    dev.on(IRP_MJ_CREATE, recordCreate(&seen, STATUS_NO_MATCH));
    HandleTable table(UserMode);
    HANDLE h = reinterpret_cast<HANDLE>(4);
    EXPECT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_NO_MATCH);
    EXPECT_EQ(h, nullptr);
    EXPECT_EQ(table.count(), 0u);
    EXPECT_EQ(dev.count(IRP_MJ_CLEANUP), 0);
    EXPECT_EQ(dev.count(IRP_MJ_CLOSE), 0);  // Windows sends no CLOSE for a failed create
    // Nor does it hold the exclusive device open.
    dev.on(IRP_MJ_CREATE, recordCreate(&seen, STATUS_SUCCESS));
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_SUCCESS);
    EXPECT_EQ(closeHandle(table.requestor(), h), STATUS_SUCCESS);
    EXPECT_EQ(dev.count(IRP_MJ_CLOSE), 1);
}

TEST(File, AnExclusiveDeviceOpensOnceAtATime)
{
    TestDevice dev(std::u16string{}, /*exclusive=*/true);
    std::u16string link = dev.publish(test::kTestCategory, u"x");
    HandleTable table(UserMode);
    HANDLE first;
    HANDLE second;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &first), STATUS_SUCCESS);
    EXPECT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &second), STATUS_ACCESS_DENIED);
    EXPECT_EQ(dev.count(IRP_MJ_CREATE), 1);
    // Children of the open instance are not opens of the device.
    HANDLE child;
    ASSERT_EQ(createRelative(table.requestor(), first, u"\\c", 4, GENERIC_READ, kOpenOverlapped, &child),
              STATUS_SUCCESS);
    EXPECT_EQ(closeHandle(table.requestor(), child), STATUS_SUCCESS);
    EXPECT_EQ(closeHandle(table.requestor(), first), STATUS_SUCCESS);
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &second), STATUS_SUCCESS);
    EXPECT_EQ(closeHandle(table.requestor(), second), STATUS_SUCCESS);
}

TEST(File, ACreateMayPendAndCompleteOnAnotherThread)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"slow");
    PendingQueue queue;
    dev.on(IRP_MJ_CREATE, queue.handler());
    std::thread completer([&] {
        while (!queue.completeOne(STATUS_SUCCESS, 0))
            std::this_thread::yield();
    });
    HandleTable table(UserMode);
    HANDLE h;
    EXPECT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_SUCCESS);
    completer.join();
    EXPECT_EQ(closeHandle(table.requestor(), h), STATUS_SUCCESS);
}

// Records (major, file object) for every cleanup and close.
struct Teardown {
    std::mutex lock;
    std::vector<std::pair<UCHAR, PFILE_OBJECT>> events;

    TestDevice::Handler handler()
    {
        return [this](PDEVICE_OBJECT, PIRP irp) {
            PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
            {
                std::lock_guard guard(lock);
                events.emplace_back(location->MajorFunction, location->FileObject);
            }
            completeIrp(irp, STATUS_SUCCESS);
            return STATUS_SUCCESS;
        };
    }
};

TEST(File, RelativeCreatePassesTheParentAndTheBinaryName)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"filter");
    HandleTable table(UserMode);
    HANDLE parent;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ | GENERIC_WRITE, kOpenOverlapped, &parent),
              STATUS_SUCCESS);
    ObjectRef<FILE_OBJECT> parentFile;
    ASSERT_EQ(referenceFile(table.requestor(), parent, 0, &parentFile), STATUS_SUCCESS);

    // "\{146F1A80-...}\" followed by binary create parameters of odd length.
    std::u16string text = u"\\{146F1A80-4791-11D0-A5D6-28DB04C10000}\\";
    std::vector<unsigned char> name(text.size() * 2 + 83);
    std::memcpy(name.data(), text.data(), text.size() * 2);
    for (size_t i = text.size() * 2; i < name.size(); ++i)
        name[i] = static_cast<unsigned char>(i * 7);
    CreateSeen seen;
    dev.on(IRP_MJ_CREATE, recordCreate(&seen));
    Teardown teardown;
    dev.on(IRP_MJ_CLEANUP, teardown.handler());
    dev.on(IRP_MJ_CLOSE, teardown.handler());
    HANDLE child;
    ASSERT_EQ(createRelative(table.requestor(), parent, name.data(), static_cast<ULONG>(name.size()), GENERIC_WRITE,
                             kOpenOverlapped, &child),
              STATUS_SUCCESS);
    EXPECT_EQ(seen.related, parentFile.get());
    EXPECT_EQ(seen.fileDevice, dev.device());
    EXPECT_EQ(seen.fileNameBytes, name);
    EXPECT_EQ(seen.mode, UserMode);
    PFILE_OBJECT childFile = seen.file;
    parentFile.reset();

    // The child keeps its parent: closing the parent's handle cleans it up but does not close it.
    EXPECT_EQ(closeHandle(table.requestor(), parent), STATUS_SUCCESS);
    EXPECT_EQ(closeHandle(table.requestor(), child), STATUS_SUCCESS);
    using E = std::pair<UCHAR, PFILE_OBJECT>;
    PFILE_OBJECT parentRaw = seen.related;
    EXPECT_EQ(teardown.events, (std::vector<E>{{IRP_MJ_CLEANUP, parentRaw},
                                               {IRP_MJ_CLEANUP, childFile},
                                               {IRP_MJ_CLOSE, childFile},
                                               {IRP_MJ_CLOSE, parentRaw}}));
}

TEST(File, RelativeCreateRejectsBadParentsAndNames)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"p");
    HandleTable table(UserMode);
    HANDLE parent;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &parent), STATUS_SUCCESS);
    HANDLE child = reinterpret_cast<HANDLE>(4);
    EXPECT_EQ(createRelative(table.requestor(), nullptr, u"\\x", 4, 0, kOpenOverlapped, &child), STATUS_INVALID_HANDLE);
    EXPECT_EQ(child, nullptr);
    HANDLE event;
    ASSERT_EQ(createEvent(table.requestor(), NotificationEvent, false, &event), STATUS_SUCCESS);
    EXPECT_EQ(createRelative(table.requestor(), event, u"\\x", 4, 0, kOpenOverlapped, &child),
              STATUS_OBJECT_TYPE_MISMATCH);
    std::vector<char> huge(0x10000, 'a');
    EXPECT_EQ(createRelative(table.requestor(), parent, huge.data(), static_cast<ULONG>(huge.size()), 0,
                             kOpenOverlapped, &child),
              STATUS_OBJECT_NAME_INVALID);
    EXPECT_EQ(createRelative(table.requestor(), parent, nullptr, 8, 0, kOpenOverlapped, &child),
              STATUS_INVALID_PARAMETER);
    EXPECT_EQ(dev.count(IRP_MJ_CREATE), 1);
    HandleTable other(UserMode);
    EXPECT_EQ(createRelative(other.requestor(), parent, u"\\x", 4, 0, kOpenOverlapped, &child), STATUS_INVALID_HANDLE);
}

// Closing the last handle with requests outstanding: CLEANUP, then every
// outstanding IRP is cancelled; CLOSE comes only once all have completed.
TEST(File, ClosingWithPendingIrpsCancelsThemAndClosesAfterTheyComplete)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"busy");
    PendingQueue queue;
    PIRP stubborn = nullptr;  // held without a cancel routine
    int issued = 0;
    auto queueHandler = queue.handler();
    dev.on(IRP_MJ_DEVICE_CONTROL, [&](PDEVICE_OBJECT device, PIRP irp) {
        if (++issued == 4) {
            IoMarkIrpPending(irp);
            stubborn = irp;
            return STATUS_PENDING;
        }
        return queueHandler(device, irp);
    });
    SinkRecord records[4];
    std::atomic<int> completedAtClose{-1};
    dev.on(IRP_MJ_CLOSE, [&](PDEVICE_OBJECT, PIRP irp) {
        int done = 0;
        for (auto& r : records)
            done += r.calls.load();
        completedAtClose = done;
        completeIrp(irp, STATUS_SUCCESS);
        return STATUS_SUCCESS;
    });
    HandleTable table(UserMode);
    HANDLE h;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_SUCCESS);
    IO_STATUS_BLOCK iosb[4];
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(deviceIoControl(table.requestor(), h, kIoctl, nullptr, 0, nullptr, 0, &iosb[i], nullptr,
                                  records[i].sink(), nullptr),
                  STATUS_PENDING);
    }
    ASSERT_EQ(closeHandle(table.requestor(), h), STATUS_SUCCESS);
    EXPECT_EQ(dev.count(IRP_MJ_CLEANUP), 1);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(records[i].calls.load(), 1);
        EXPECT_EQ(records[i].status, STATUS_CANCELLED);
    }
    EXPECT_EQ(records[3].calls.load(), 0);
    EXPECT_EQ(dev.count(IRP_MJ_CLOSE), 0);
    ASSERT_NE(stubborn, nullptr);
    EXPECT_TRUE(__atomic_load_n(&stubborn->Cancel, __ATOMIC_ACQUIRE));  // the driver sees the request
    completeIrp(stubborn, STATUS_SUCCESS);
    EXPECT_EQ(records[3].calls.load(), 1);
    EXPECT_EQ(dev.count(IRP_MJ_CLOSE), 1);
    EXPECT_EQ(completedAtClose.load(), 4);
    EXPECT_EQ(dev.log().back(), IRP_MJ_CLOSE);
}

TEST(File, CancelIoCancelsByKeyOrAll)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"keys");
    PendingQueue queue;
    dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    HandleTable table(UserMode);
    HANDLE h;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenOverlapped, &h), STATUS_SUCCESS);
    ObjectRef<FILE_OBJECT> file;
    ASSERT_EQ(referenceFile(table.requestor(), h, 0, &file), STATUS_SUCCESS);
    int keys[3];
    void* issuedWith[3] = {&keys[0], &keys[1], &keys[1]};
    SinkRecord records[3];
    IO_STATUS_BLOCK iosb[3];
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(deviceIoControl(table.requestor(), h, kIoctl, nullptr, 0, nullptr, 0, &iosb[i], nullptr,
                                  records[i].sink(), issuedWith[i]),
                  STATUS_PENDING);
    }
    EXPECT_EQ(outstandingIrpCount(file.get()), 3u);
    EXPECT_FALSE(cancelIo(file.get(), &keys[2], false));
    EXPECT_TRUE(cancelIo(file.get(), &keys[1], false));
    EXPECT_EQ(records[0].calls.load(), 0);
    EXPECT_EQ(records[1].status, STATUS_CANCELLED);
    EXPECT_EQ(records[2].status, STATUS_CANCELLED);
    EXPECT_EQ(records[2].userKey, &keys[1]);
    EXPECT_EQ(outstandingIrpCount(file.get()), 1u);
    EXPECT_TRUE(cancelIo(file.get(), nullptr, true));
    EXPECT_EQ(records[0].status, STATUS_CANCELLED);
    EXPECT_EQ(outstandingIrpCount(file.get()), 0u);
    EXPECT_FALSE(cancelIo(file.get(), nullptr, true));
    EXPECT_FALSE(cancelIo(nullptr, nullptr, true));
    file.reset();
    EXPECT_EQ(closeHandle(table.requestor(), h), STATUS_SUCCESS);
}

TEST(File, ASynchronousFileWaitsOutPendingRequests)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"sync");
    CreateSeen seen;
    dev.on(IRP_MJ_CREATE, recordCreate(&seen));
    PendingQueue queue;
    dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    HandleTable table(UserMode);
    HANDLE h;
    ASSERT_EQ(createFile(table.requestor(), link, GENERIC_READ, kOpenSynchronous, &h), STATUS_SUCCESS);
    EXPECT_EQ(seen.options & 0x20, 0x20u);  // FILE_SYNCHRONOUS_IO_NONALERT
    EXPECT_EQ(seen.file->Flags & FO_SYNCHRONOUS_IO, static_cast<ULONG>(FO_SYNCHRONOUS_IO));
    std::thread completer([&] {
        while (!queue.completeOne(STATUS_BUFFER_OVERFLOW, 8))
            std::this_thread::yield();
    });
    EXPECT_EQ(deviceIoControl(table.requestor(), h, kIoctl, nullptr, 0, nullptr, 0, nullptr, nullptr, {}, nullptr),
              STATUS_BUFFER_OVERFLOW);
    completer.join();
    EXPECT_EQ(closeHandle(table.requestor(), h), STATUS_SUCCESS);
}

TEST(File, CloseHandleRejectsBadHandles)
{
    HandleTable table(UserMode);
    EXPECT_EQ(closeHandle(table.requestor(), nullptr), STATUS_INVALID_HANDLE);
    EXPECT_EQ(closeHandle(table.requestor(), reinterpret_cast<HANDLE>(0x1234)), STATUS_INVALID_HANDLE);
    EXPECT_EQ(closeHandle(Requestor{}, reinterpret_cast<HANDLE>(4)), STATUS_INVALID_HANDLE);
    EXPECT_EQ(IoGetRelatedDeviceObject(nullptr), nullptr);
}

// ObReferenceObjectByHandle inside a dispatch resolves in the table of the
// requestor whose request is being dispatched.
TEST(File, DriversResolveHandlesInTheRequestorsTable)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"h");
    dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
        HANDLE named = *static_cast<HANDLE*>(location->Parameters.DeviceIoControl.Type3InputBuffer);
        PVOID object = nullptr;
        NTSTATUS status =
            ObReferenceObjectByHandle(named, SYNCHRONIZE, *ExEventObjectType, irp->RequestorMode, &object, nullptr);
        if (NT_SUCCESS(status)) ObDereferenceObject(object);
        completeIrp(irp, status);
        return status;
    });
    HandleTable a(UserMode);
    HandleTable b(UserMode);
    HANDLE fileA;
    HANDLE fileB;
    ASSERT_EQ(createFile(a.requestor(), link, GENERIC_READ, kOpenOverlapped, &fileA), STATUS_SUCCESS);
    ASSERT_EQ(createFile(b.requestor(), link, GENERIC_READ, kOpenOverlapped, &fileB), STATUS_SUCCESS);
    HANDLE eventInA;
    ASSERT_EQ(createEvent(a.requestor(), NotificationEvent, false, &eventInA), STATUS_SUCCESS);
    IO_STATUS_BLOCK iosb;
    EXPECT_EQ(deviceIoControl(a.requestor(), fileA, kIoctl, &eventInA, sizeof(HANDLE), nullptr, 0, &iosb, nullptr, {},
                              nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(deviceIoControl(b.requestor(), fileB, kIoctl, &eventInA, sizeof(HANDLE), nullptr, 0, &iosb, nullptr, {},
                              nullptr),
              STATUS_INVALID_HANDLE);
    // A file handle is the wrong type for the driver's lookup.
    EXPECT_EQ(
        deviceIoControl(a.requestor(), fileA, kIoctl, &fileA, sizeof(HANDLE), nullptr, 0, &iosb, nullptr, {}, nullptr),
        STATUS_OBJECT_TYPE_MISMATCH);
    HANDLE none = nullptr;
    EXPECT_EQ(
        deviceIoControl(a.requestor(), fileA, kIoctl, &none, sizeof(HANDLE), nullptr, 0, &iosb, nullptr, {}, nullptr),
        STATUS_INVALID_HANDLE);
    EXPECT_FALSE(hasCurrentRequestor());
}

}  // namespace
}  // namespace openks::io
