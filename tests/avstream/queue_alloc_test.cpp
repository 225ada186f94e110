// SPDX-License-Identifier: MIT
// Zero allocations per stream request in steady state: a counting operator new around 10,000 round trips after warm-up.

#include "stream_harness.h"

#include <gtest/gtest.h>

#include "counting_new.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace openks::test {
namespace {

constexpr int kWarmUp = 200;
constexpr int kRoundTrips = 10000;

NTSTATUS consumeAll(QueueHarness& h)
{
    while (PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED)) {
        KsStreamPointerAdvanceOffsetsAndUnlock(edge, edge->OffsetIn.Remaining, 0, FALSE);
    }
    return STATUS_PENDING;
}

// Holds each frame through a clone, as a DMA-style driver does, and lets go
// of it only when the next request arrives: every request pends.
struct HoldOne {
    PKSSTREAM_POINTER held = nullptr;
    NTSTATUS process(QueueHarness& h)
    {
        while (PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED)) {
            if (held != nullptr) {
                KsStreamPointerDelete(held);
            }
            (void)KsStreamPointerClone(edge, nullptr, 32, &held);
            KsStreamPointerUnlock(held, FALSE);
            KsStreamPointerUnlock(edge, TRUE);
        }
        return STATUS_PENDING;
    }
};

TEST(QueueAllocationTest, WriteRoundTripsAllocateNothingInSteadyState)
{
    QueueHarness h({});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    h.reserveCompletions(kWarmUp + kRoundTrips + 16);
    Buffers b(4, 256);  // a ksproxy-style array
    for (int i = 0; i < kWarmUp; ++i) {
        ASSERT_EQ(h.write(b, reinterpret_cast<void*>(std::uintptr_t(i + 1))), STATUS_SUCCESS);
    }
    int failures = 0;
    gAllocations = 0;
    gCounting = true;
    for (int i = 0; i < kRoundTrips; ++i) {
        failures += h.write(b, reinterpret_cast<void*>(std::uintptr_t(i + 1))) != STATUS_SUCCESS;
    }
    gCounting = false;
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(gAllocations.load(), 0u);
    EXPECT_EQ(h.completedCount(), size_t(kWarmUp + kRoundTrips));
}

TEST(QueueAllocationTest, PendingReadsWithClonesAllocateNothingInSteadyState)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT, .headerSize = 128});  // video-style extended headers
    HoldOne driver;
    h.setProcess([&](QueueHarness& q) { return driver.process(q); });
    h.walkTo(KSSTATE_PAUSE);
    h.reserveCompletions(kWarmUp + kRoundTrips + 16);
    Buffers b(1, 128, 128, false);
    for (int i = 0; i < kWarmUp; ++i) {
        ASSERT_EQ(h.read(b, reinterpret_cast<void*>(std::uintptr_t(i + 1))), STATUS_PENDING);
    }
    int failures = 0;
    gAllocations = 0;
    gCounting = true;
    for (int i = 0; i < kRoundTrips; ++i) {
        failures += h.read(b, reinterpret_cast<void*>(std::uintptr_t(i + 1))) != STATUS_PENDING;
    }
    gCounting = false;
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(gAllocations.load(), 0u);
    EXPECT_EQ(h.completedCount(), size_t(kWarmUp + kRoundTrips - 1));  // the last is still held
    KsStreamPointerDelete(driver.held);
}

}  // namespace
}  // namespace openks::test
