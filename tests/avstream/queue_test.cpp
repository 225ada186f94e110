// SPDX-License-Identifier: MIT
// The pin queue: the stream-request gate, header capture, FIFO completion, completion fields, STOP flush and cancellation.

#include "stream_harness.h"

#include <gtest/gtest.h>

#include <cstring>

namespace openks::test {
namespace {

void* key(std::uintptr_t n)
{
    return reinterpret_cast<void*>(n);
}

// A sink whose Process consumes every frame at the leading edge at once.
NTSTATUS consumeAll(QueueHarness& h)
{
    while (PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED)) {
        KsStreamPointerAdvanceOffsetsAndUnlock(edge, edge->OffsetIn.Remaining, 0, FALSE);
    }
    return STATUS_PENDING;
}

TEST(QueueGateTest, WriteInStopFailsAtOnceWithInvalidDeviceState)
{
    QueueHarness h({});
    Buffers b(1, 8);
    EXPECT_EQ(h.write(b, key(1)), STATUS_INVALID_DEVICE_STATE);
    ASSERT_EQ(h.completedCount(), 1u);
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_INVALID_DEVICE_STATE);
    EXPECT_TRUE(h.queue().idle());
}

TEST(QueueGateTest, RequestsAgainstTheDataFlowAreInvalidDeviceRequests)
{
    QueueHarness sink({.dataFlow = KSPIN_DATAFLOW_IN});
    sink.walkTo(KSSTATE_PAUSE);
    Buffers r(1, 8, sizeof(KSSTREAM_HEADER), false);
    EXPECT_EQ(sink.read(r, key(1)), STATUS_INVALID_DEVICE_REQUEST);

    QueueHarness source({.dataFlow = KSPIN_DATAFLOW_OUT});
    source.walkTo(KSSTATE_PAUSE);
    Buffers w(1, 8);
    EXPECT_EQ(source.write(w, key(2)), STATUS_INVALID_DEVICE_REQUEST);
}

TEST(QueueGateTest, AcquireQueuesWithoutProcessing)
{
    QueueHarness h({});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_ACQUIRE);
    Buffers b(1, 8);
    EXPECT_EQ(h.write(b, key(1)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 0);
    h.walkTo(KSSTATE_PAUSE);  // entering the minimum processing state with a frame queued
    EXPECT_EQ(h.processCalls(), 1);
    ASSERT_TRUE(h.waitForCompletions(1));
}

// ks-spec §12 item 16
TEST(QueueProbeTest, Item16_ZeroLengthHeaderBufferIsInvalidBufferSize)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 8);
    EXPECT_EQ(h.send(IOCTL_KS_WRITE_STREAM, b.headers(), 0, key(1)), STATUS_INVALID_BUFFER_SIZE);
    EXPECT_EQ(h.send(IOCTL_KS_WRITE_STREAM, nullptr, 56, key(2)), STATUS_INVALID_BUFFER_SIZE);
    EXPECT_EQ(h.send(IOCTL_KS_WRITE_STREAM, nullptr, 0, key(3), KernelMode), STATUS_INVALID_BUFFER_SIZE);
    EXPECT_TRUE(h.queue().idle());
}

// ks-spec §12 item 18
TEST(QueueProbeTest, Item18_HeadersAreTakenFromTheOutputBufferNotTheInput)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 8);
    // Headers in the input buffer with an empty output: refused (documented).
    EXPECT_EQ(h.send(IOCTL_KS_WRITE_STREAM, nullptr, 0, key(1), UserMode, b.headers(), b.length()),
              STATUS_INVALID_BUFFER_SIZE);
    // Output buffer with a junk input buffer: the input is ignored.
    std::uint64_t junk = 0xdeadbeef;
    EXPECT_EQ(h.send(IOCTL_KS_WRITE_STREAM, b.headers(), b.length(), key(2), UserMode, &junk, 3), STATUS_PENDING);
    EXPECT_EQ(h.queue().leadingEdge(KSSTREAM_POINTER_STATE_UNLOCKED)->OffsetIn.Count, 8u);
}

// ks-spec §12 item 13
TEST(QueueProbeTest, Item13_ReadWithDataUsedIsInvalidBufferSize)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 8, sizeof(KSSTREAM_HEADER), false);
    b.header(0)->DataUsed = 4;
    EXPECT_EQ(h.read(b, key(1)), STATUS_INVALID_BUFFER_SIZE);
}

TEST(QueueProbeTest, HeaderSizeMustMatchThePinsStreamHeaderSize)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT, .headerSize = 128});
    h.walkTo(KSSTATE_PAUSE);
    Buffers plain(1, 8, sizeof(KSSTREAM_HEADER), false);
    EXPECT_EQ(h.read(plain, key(1)), STATUS_INVALID_BUFFER_SIZE);
    Buffers extended(1, 8, 128, false);
    EXPECT_EQ(h.read(extended, key(2)), STATUS_PENDING);
}

TEST(QueueProbeTest, TypeChangedWritesAreRefusedNoDynamicFormatChange)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 8);
    b.header(0)->OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;
    EXPECT_EQ(h.write(b, key(1)), STATUS_INVALID_PARAMETER);
}

TEST(QueueCaptureTest, UserModeHeadersAreCapturedSoLaterChangesByTheCallerDoNotReachTheDriver)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 32);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    b.header(0)->DataUsed = 1000;  // the caller changes its header after the probe
    b.header(0)->Data = nullptr;
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    ASSERT_NE(edge, nullptr);
    EXPECT_NE(edge->StreamHeader, b.header(0));  // a copy
    EXPECT_EQ(edge->StreamHeader->DataUsed, 32u);
    EXPECT_EQ(edge->OffsetIn.Data, b.data(0));
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).information, 32u);
}

TEST(QueueCaptureTest, KernelModeHeadersAreUsedInPlace)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 16, sizeof(KSSTREAM_HEADER), false);
    ASSERT_EQ(h.read(b, key(1), KernelMode), STATUS_PENDING);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    EXPECT_EQ(edge->StreamHeader, b.header(0));
    edge->StreamHeader->DataUsed = 16;
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(b.header(0)->DataUsed, 16u);
    EXPECT_EQ(h.completionOf(key(1)).information, sizeof(KSSTREAM_HEADER));
}

// ks-spec §12 item 19: the updated headers are in the caller's memory when
// the completion is signalled (PortAudio reads DataUsed on the event).
TEST(QueueCaptureTest, Item19_ReadHeadersAreWrittenBackBeforeCompletionIsSignalled)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT, .headerSize = 128});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(1, 16, 128, false);
    ULONG seenDataUsed = 0;
    std::uint8_t seenExtension = 0;
    h.onComplete([&](const Completion&) {
        seenDataUsed = b.header(0)->DataUsed;
        seenExtension = reinterpret_cast<std::uint8_t*>(b.header(0))[sizeof(KSSTREAM_HEADER) + 5];
    });
    ASSERT_EQ(h.send(IOCTL_KS_READ_STREAM, b.headers(), b.length(), key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    edge->StreamHeader->DataUsed = 12;
    reinterpret_cast<std::uint8_t*>(edge->StreamHeader)[sizeof(KSSTREAM_HEADER) + 5] = 0x77;
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(seenDataUsed, 12u);
    EXPECT_EQ(seenExtension, 0x77);
    EXPECT_EQ(h.completionOf(key(1)).information, 128u);
}

// ks-spec §12 item 20
TEST(QueueCompletionTest, Item20_WriteInformationIsBytesConsumedAndHeadersUntouched)
{
    QueueHarness h({});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(4, 100);
    b.header(2)->DataUsed = 50;
    std::vector<std::uint8_t> before(reinterpret_cast<std::uint8_t*>(b.headers()),
                                     reinterpret_cast<std::uint8_t*>(b.headers()) + b.length());
    const NTSTATUS s = h.write(b, key(1));  // ksproxy-style 4-header array, consumed inline
    EXPECT_EQ(s, STATUS_SUCCESS);           // completed during dispatch: its final status, not pending
    ASSERT_EQ(h.completedCount(), 1u);
    EXPECT_EQ(h.completionOf(key(1)).information, 350u);
    EXPECT_EQ(std::memcmp(before.data(), b.headers(), b.length()), 0);
}

TEST(QueueCompletionTest, CompletionIsFifoEvenWhenALaterIrpIsReleasedFirst)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    PKSSTREAM_POINTER holdFirst = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &holdFirst), STATUS_SUCCESS);
    KsStreamPointerUnlock(holdFirst, FALSE);
    KsStreamPointerUnlock(edge, TRUE);
    KsStreamPointerUnlock(h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED), TRUE);  // IRP 2 is released
    EXPECT_EQ(h.completedCount(), 0u);  // ... but waits for IRP 1
    KsStreamPointerDelete(holdFirst);
    ASSERT_TRUE(h.waitForCompletions(2));
    const auto c = h.completions();
    EXPECT_EQ(c[0].key, key(1));
    EXPECT_EQ(c[1].key, key(2));
}

// ks-spec §12 item 33
TEST(QueueFlushTest, Item33_StopCompletesEveryPendingRequestCancelledUnfilledReadsWithDataUsedZero)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT});
    h.walkTo(KSSTATE_RUN);
    Buffers a(1, 16, sizeof(KSSTREAM_HEADER), false);
    Buffers b(2, 16, sizeof(KSSTREAM_HEADER), false);
    ASSERT_EQ(h.read(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.read(b, key(2)), STATUS_PENDING);
    h.walkTo(KSSTATE_STOP);
    ASSERT_TRUE(h.waitForCompletions(2));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
    EXPECT_EQ(h.completionOf(key(2)).status, STATUS_CANCELLED);
    EXPECT_EQ(a.header(0)->DataUsed, 0u);
    EXPECT_EQ(b.header(1)->DataUsed, 0u);
    EXPECT_TRUE(h.queue().idle());
    EXPECT_EQ(h.resetCalls(), 1);  // a flush calls the Reset dispatch (item 26)
    EXPECT_EQ(h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED), nullptr);
}

TEST(QueueFlushTest, PauseKeepsRequestsQueued)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT});
    h.walkTo(KSSTATE_RUN);
    Buffers a(1, 16, sizeof(KSSTREAM_HEADER), false);
    ASSERT_EQ(h.read(a, key(1)), STATUS_PENDING);
    h.walkTo(KSSTATE_PAUSE);
    EXPECT_EQ(h.completedCount(), 0u);
    EXPECT_FALSE(h.queue().idle());
}

TEST(QueueFlushTest, StopWaitsForClonesAndTheirIrpsCompleteWhenDeleted)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER clone = nullptr;
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &clone), STATUS_SUCCESS);
    KsStreamPointerUnlock(edge, TRUE);
    h.walkTo(KSSTATE_STOP);
    EXPECT_FALSE(h.completed(key(1)));  // held by the clone (a minidriver must delete its clones on STOP)
    KsStreamPointerUnlock(clone, FALSE);
    KsStreamPointerDelete(clone);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
}

TEST(QueueFlushTest, CancelAllOnHandleCloseCompletesEverythingCancelled)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_RUN);
    Buffers a(1, 8);
    Buffers b(3, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    h.queue().cancelAll();
    ASSERT_TRUE(h.waitForCompletions(2));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
    EXPECT_EQ(h.completionOf(key(2)).status, STATUS_CANCELLED);
    EXPECT_TRUE(h.queue().idle());
}

TEST(QueueFlushTest, CancellingOneRequestLeavesTheOthers)
{
    QueueHarness h({});
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    Buffers c(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    ASSERT_EQ(h.write(c, key(3)), STATUS_PENDING);
    ASSERT_TRUE(h.cancel(key(2)));
    EXPECT_EQ(h.completedCount(), 0u);  // FIFO: IRP 2 waits for IRP 1
    KsStreamPointerUnlock(h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED), TRUE);
    ASSERT_TRUE(h.waitForCompletions(2));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_SUCCESS);
    EXPECT_EQ(h.completionOf(key(2)).status, STATUS_CANCELLED);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    ASSERT_NE(edge, nullptr);
    EXPECT_EQ(edge->OffsetIn.Data, c.data(0));  // the cancelled frame was skipped
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(3));
}

TEST(QueueDispatchTest, UnknownIoctlIsInvalidDeviceRequest)
{
    QueueHarness h({});
    EXPECT_EQ(h.send(IOCTL_KS_PROPERTY, nullptr, 0, key(1)), STATUS_INVALID_DEVICE_REQUEST);
}

TEST(QueueDispatchTest, LargeUserModeArraysArePerRequestCaptures)
{
    QueueHarness h({});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(200, 4);  // 200 headers: beyond the pooled capture and frame sizes
    EXPECT_EQ(h.write(b, key(1)), STATUS_SUCCESS);
    EXPECT_EQ(h.completionOf(key(1)).information, 800u);
}

}  // namespace
}  // namespace openks::test
