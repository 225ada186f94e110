// SPDX-License-Identifier: MIT
// Proves the request path allocates nothing in steady state, by counting every operator new and malloc.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "io/event.h"
#include "io/file.h"
#include "io/handle_table.h"
#include "io/request.h"
#include "test_driver.h"

namespace {

std::atomic<bool> gCounting{false};
std::atomic<long> gAllocations{0};

void count()
{
    if (gCounting.load(std::memory_order_relaxed)) gAllocations.fetch_add(1, std::memory_order_relaxed);
}

// Memory for operator new without counting it a second time as a malloc.
void* rawMalloc(std::size_t size);

void* allocate(std::size_t size)
{
    count();
    void* p = rawMalloc(size == 0 ? 1 : size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

void* allocateAligned(std::size_t size, std::align_val_t alignment)
{
    count();
    void* p = std::aligned_alloc(static_cast<std::size_t>(alignment), (size + static_cast<std::size_t>(alignment) - 1) &
                                                                          ~(static_cast<std::size_t>(alignment) - 1));
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

}  // namespace

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// C allocations too (the sanitizers own malloc, so only in plain builds).
extern "C" {
void* __libc_malloc(size_t) noexcept;
void* __libc_calloc(size_t, size_t) noexcept;
void* __libc_realloc(void*, size_t) noexcept;
void __libc_free(void*) noexcept;

void* malloc(size_t size) noexcept
{
    count();
    return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) noexcept
{
    count();
    return __libc_calloc(n, size);
}
void* realloc(void* p, size_t size) noexcept
{
    count();
    return __libc_realloc(p, size);
}
void free(void* p) noexcept
{
    __libc_free(p);
}
}
#endif

namespace {
void* rawMalloc(std::size_t size)
{
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    return __libc_malloc(size);
#else
    return std::malloc(size);
#endif
}
}  // namespace

// Every global allocation function, so no allocation escapes the count.
void* operator new(std::size_t size)
{
    return allocate(size);
}
void* operator new[](std::size_t size)
{
    return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    count();
    return rawMalloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    count();
    return rawMalloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t alignment)
{
    return allocateAligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment)
{
    return allocateAligned(size, alignment);
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete[](void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}

namespace openks::io {
namespace {

using test::completeIrp;
using test::PendingQueue;
using test::SinkRecord;
using test::TestDevice;

constexpr ULONG kWriteStream = 0x002F8013;
constexpr int kWarmUp = 200;
constexpr int kRequests = 5000;

struct Opened {
    TestDevice dev;
    HandleTable table{UserMode};
    HANDLE handle = nullptr;
    ObjectRef<FILE_OBJECT> file;

    Opened()
    {
        std::u16string link = dev.publish(test::kTestCategory, u"alloc");
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

// Runs `request` kWarmUp times, then kRequests times while counting.
template <class Request>
long allocationsPerSteadyState(Request request)
{
    for (int i = 0; i < kWarmUp; ++i)
        request();
    gAllocations = 0;
    gCounting = true;
    for (int i = 0; i < kRequests; ++i)
        request();
    gCounting = false;
    return gAllocations.load();
}

TEST(RequestAllocations, CountingSeesAllocations)
{
    gAllocations = 0;
    gCounting = true;
    delete new int(1);
    void* p = std::malloc(8);
    gCounting = false;
    std::free(p);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    EXPECT_EQ(gAllocations.load(), 2);
#else
    EXPECT_EQ(gAllocations.load(), 1);
#endif
    // Allocations inside libopenks are seen too (an event object is a calloc;
    // a table's chunk index is an operator new).
    gAllocations = 0;
    gCounting = true;
    {
        openks::io::ObjectRef<KEVENT> event;
        EXPECT_EQ(openks::io::createEventObject(NotificationEvent, false, &event), STATUS_SUCCESS);
        openks::io::HandleTable table;
    }
    gCounting = false;
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    EXPECT_EQ(gAllocations.load(), 2);
#else
    EXPECT_EQ(gAllocations.load(), 1);
#endif
}

TEST(RequestAllocations, SynchronousCompletionAllocatesNothing)
{
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_SUCCESS, 56);
        return STATUS_SUCCESS;
    });
    IO_STATUS_BLOCK iosb;
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    SinkRecord record;
    char headers[56];
    NTSTATUS last = STATUS_SUCCESS;
    long allocations = allocationsPerSteadyState([&] {
        NTSTATUS s = deviceIoControl(o.table.requestor(), o.handle, kWriteStream, nullptr, 0, headers, sizeof(headers),
                                     &iosb, &event, record.sink(), &record);
        if (s != STATUS_SUCCESS) last = s;
    });
    EXPECT_EQ(last, STATUS_SUCCESS);
    EXPECT_EQ(record.calls.load(), kWarmUp + kRequests);
    EXPECT_EQ(allocations, 0) << "requests per allocation must be 0 after warm-up";
    RecordProperty("allocations", static_cast<int>(allocations));
}

TEST(RequestAllocations, PendingThenCompletedOrCancelledAllocatesNothing)
{
    Opened o;
    PendingQueue queue;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, queue.handler());
    IO_STATUS_BLOCK iosb;
    SinkRecord record;
    int round = 0;
    bool ok = true;
    long allocations = allocationsPerSteadyState([&] {
        NTSTATUS s = deviceIoControl(o.table.requestor(), o.handle, kWriteStream, nullptr, 0, nullptr, 0, &iosb,
                                     nullptr, record.sink(), &record);
        ok = ok && s == STATUS_PENDING;
        // Alternate driver completion and CancelIoEx.
        if (++round % 2 == 0) {
            ok = ok && queue.completeOne(STATUS_SUCCESS, 0);
        } else {
            ok = ok && cancelIo(o.file.get(), &record, false);
        }
    });
    EXPECT_TRUE(ok);
    EXPECT_EQ(record.calls.load(), kWarmUp + kRequests);
    EXPECT_EQ(allocations, 0);
}

TEST(RequestAllocations, KsSynchronousIoControlDeviceAllocatesNothing)
{
    Opened o;
    o.dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) {
        completeIrp(irp, STATUS_BUFFER_OVERFLOW, 8);
        return STATUS_BUFFER_OVERFLOW;
    });
    ULONG bytes = 0;
    bool ok = true;
    long allocations = allocationsPerSteadyState([&] {
        ok = ok && KsSynchronousIoControlDevice(o.file.get(), KernelMode, 0x002F0003, nullptr, 0, nullptr, 0, &bytes) ==
                       STATUS_BUFFER_OVERFLOW;
    });
    EXPECT_TRUE(ok);
    EXPECT_EQ(bytes, 8u);
    EXPECT_EQ(allocations, 0);
}

TEST(RequestAllocations, HandleLookupsAllocateNothing)
{
    Opened o;
    bool ok = true;
    long allocations = allocationsPerSteadyState([&] {
        ObjectRef<FILE_OBJECT> file;
        ok = ok && referenceFile(o.table.requestor(), o.handle, FILE_READ_DATA, &file) == STATUS_SUCCESS;
    });
    EXPECT_TRUE(ok);
    EXPECT_EQ(allocations, 0);
}

}  // namespace
}  // namespace openks::io
