// SPDX-License-Identifier: MIT
// Zero allocations per stream request end to end (io layer, object model, queue, minidriver): 10,000 write round trips after warm-up under a counting operator new.

#include "stream_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

namespace {

std::atomic<bool> gCounting{false};
std::atomic<std::size_t> gAllocations{0};

void* counted(std::size_t size)
{
    if (gCounting.load(std::memory_order_relaxed)) {
        gAllocations.fetch_add(1, std::memory_order_relaxed);
    }
    void* p = std::malloc(size != 0 ? size : 1);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    return p;
}

void* countedAligned(std::size_t size, std::align_val_t alignment)
{
    if (gCounting.load(std::memory_order_relaxed)) {
        gAllocations.fetch_add(1, std::memory_order_relaxed);
    }
    const std::size_t a = static_cast<std::size_t>(alignment);
    void* p = std::aligned_alloc(a, (size + a - 1) / a * a);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    return p;
}

}  // namespace

void* operator new(std::size_t size)
{
    return counted(size);
}
void* operator new[](std::size_t size)
{
    return counted(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return counted(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return counted(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t alignment)
{
    return countedAligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment)
{
    return countedAligned(size, alignment);
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

namespace openks::test {
namespace {

TEST(StreamAllocationTest, UserModeWriteRoundTripsThroughTheWholeStackAllocateNothing)
{
    KsSession s;
    HANDLE filter = nullptr;
    HANDLE render = nullptr;
    const std::u16string path = streamFilterPath(STREAMDRV_FILTER_GUID);
    ASSERT_FALSE(path.empty());
    ASSERT_EQ(s.openFilter(path, &filter), STATUS_SUCCESS);
    ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_RENDER, &render), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, render, KSSTATE_RUN), STATUS_SUCCESS);
    StreamClient c(s);
    std::vector<std::uint8_t> data(1920, 0x5a);
    KSSTREAM_HEADER h{};
    h.Size = sizeof(h);
    h.PresentationTime.Numerator = h.PresentationTime.Denominator = 1;
    h.Data = data.data();
    h.FrameExtent = h.DataUsed = 1920;
    StreamClient::Request r;
    for (int i = 0; i < 200; ++i) {
        (void)c.write(render, &h, sizeof(h), &r);
        ASSERT_EQ(c.wait(&r), STATUS_SUCCESS);
    }
    int failures = 0;
    gAllocations = 0;
    gCounting = true;
    for (int i = 0; i < 10000; ++i) {
        (void)c.write(render, &h, sizeof(h), &r);
        failures += c.wait(&r) != STATUS_SUCCESS;
    }
    gCounting = false;
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(gAllocations.load(), 0u);
    EXPECT_EQ(streamCounters(s, render).BytesDone, 10200u * 1920u);
}

}  // namespace
}  // namespace openks::test
