// SPDX-License-Identifier: MIT
// Stream pointers on a pin queue: edges, lock/unlock/advance, offsets, clones, status codes, timeouts (ks-spec §10, items 51-59).

#include "stream_harness.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>

namespace openks::test {
namespace {

void* key(std::uintptr_t n)
{
    return reinterpret_cast<void*>(n);
}

// A sink pin in PAUSE whose Process does nothing: tests move the pointers.
struct SinkFixture : ::testing::Test {
    explicit SinkFixture(ULONG flags = 0) : h({.flags = flags, .dataFlow = KSPIN_DATAFLOW_IN}) { h.walkTo(KSSTATE_PAUSE); }
    PKSSTREAM_POINTER lockedEdge() { return h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED); }
    QueueHarness h;
};

using StreamPointerTest = SinkFixture;

// ks-spec §12 item 51
TEST_F(StreamPointerTest, Item51_LeadingEdgeLockedOnEmptyQueueIsNullUnlockedIsNot)
{
    EXPECT_EQ(lockedEdge(), nullptr);
    PKSSTREAM_POINTER unlocked = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_UNLOCKED);
    ASSERT_NE(unlocked, nullptr);
    EXPECT_EQ(unlocked->StreamHeader, nullptr);
    EXPECT_EQ(KsStreamPointerLock(unlocked), STATUS_DEVICE_NOT_READY);

    Buffers b(1, 16);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER locked = lockedEdge();
    ASSERT_NE(locked, nullptr);
    EXPECT_EQ(locked, unlocked);  // one leading edge per queue
    EXPECT_EQ(locked->Pin, h.pin());
    ASSERT_NE(locked->StreamHeader, nullptr);
    EXPECT_EQ(locked->StreamHeader->DataUsed, 16u);
    // A pin data flows into: Offset is OffsetIn, Count = DataUsed.
    EXPECT_EQ(locked->Offset, &locked->OffsetIn);
    EXPECT_EQ(locked->OffsetIn.Count, 16u);
    EXPECT_EQ(locked->OffsetIn.Remaining, 16u);
    EXPECT_EQ(locked->OffsetIn.Data, b.data(0));
}

// A KsPin* call on a pin the object model does not know answers NULL, not a crash.
TEST_F(StreamPointerTest, PinDdiOnForeignPinReturnsNull)
{
    EXPECT_EQ(KsPinGetLeadingEdgeStreamPointer(h.pin(), KSSTREAM_POINTER_STATE_UNLOCKED), nullptr);
    EXPECT_EQ(KsPinGetLeadingEdgeStreamPointer(nullptr, KSSTREAM_POINTER_STATE_LOCKED), nullptr);
    EXPECT_EQ(KsStreamPointerLock(nullptr), STATUS_INVALID_PARAMETER);
    KsStreamPointerUnlock(nullptr, TRUE);
    KsStreamPointerDelete(nullptr);
    EXPECT_EQ(KsStreamPointerGetIrp(nullptr, nullptr, nullptr), nullptr);
}

// ks-spec §12 item 52
TEST_F(StreamPointerTest, Item52_AdvanceLockedAtLastFrameIsNotReadyUnlockedAlwaysSucceeds)
{
    Buffers b(2, 8);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    ASSERT_NE(edge, nullptr);
    EXPECT_EQ(KsStreamPointerAdvance(edge), STATUS_SUCCESS);  // frame 0 -> frame 1, still locked
    ASSERT_NE(edge->StreamHeader, nullptr);
    EXPECT_EQ(edge->StreamHeader->Data, b.data(1));  // (the header is the captured copy)
    EXPECT_EQ(KsStreamPointerAdvance(edge), STATUS_DEVICE_NOT_READY);  // no frame after the last
    EXPECT_EQ(edge->StreamHeader, nullptr);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_SUCCESS);
    // Unlocked: success whether or not there is a frame.
    EXPECT_EQ(KsStreamPointerAdvance(edge), STATUS_SUCCESS);
    EXPECT_EQ(KsStreamPointerAdvance(edge), STATUS_SUCCESS);
}

// ks-spec §12 item 53
TEST_F(StreamPointerTest, Item53_AdvanceOffsetsOnUnlockedPointerIsNotReady)
{
    Buffers b(1, 32);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_UNLOCKED);
    ASSERT_NE(edge->StreamHeader, nullptr);
    EXPECT_EQ(KsStreamPointerAdvanceOffsets(edge, 4, 0, FALSE), STATUS_DEVICE_NOT_READY);
    EXPECT_FALSE(h.completed(key(1)));
}

// ks-spec §12 item 54
TEST_F(StreamPointerTest, Item54_ConsumingExactlyRemainingMovesToNextFrame)
{
    Buffers b(2, 32);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    ASSERT_NE(edge, nullptr);
    EXPECT_EQ(KsStreamPointerAdvanceOffsets(edge, 10, 0, FALSE), STATUS_SUCCESS);
    EXPECT_EQ(edge->StreamHeader->Data, b.data(0));
    EXPECT_EQ(edge->OffsetIn.Remaining, 22u);
    EXPECT_EQ(edge->OffsetIn.Data, b.data(0) + 10);
    EXPECT_EQ(KsStreamPointerAdvanceOffsets(edge, 22, 0, FALSE), STATUS_SUCCESS);
    EXPECT_EQ(edge->StreamHeader->Data, b.data(1));  // moved on, and locked again
    EXPECT_EQ(edge->OffsetIn.Remaining, 32u);
    // The AndUnlock variant follows the same rule and leaves it unlocked.
    KsStreamPointerAdvanceOffsetsAndUnlock(edge, 32, 0, FALSE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).information, 64u);
}

TEST_F(StreamPointerTest, AdvanceOffsetsNeverMovesBeyondRemainingAndEjectFinishesTheFrame)
{
    Buffers b(1, 32);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    EXPECT_EQ(KsStreamPointerAdvanceOffsets(edge, 5, 0, TRUE), STATUS_DEVICE_NOT_READY);  // ejected; no next frame
    ASSERT_TRUE(h.waitForCompletions(1));
    Buffers c(1, 8);
    ASSERT_EQ(h.write(c, key(2)), STATUS_PENDING);
    edge = lockedEdge();
    ASSERT_NE(edge, nullptr);
    KsStreamPointerAdvanceOffsetsAndUnlock(edge, 1000, 0, FALSE);  // clamped to Remaining: frame done
    ASSERT_TRUE(h.waitForCompletions(2));
}

// ks-spec §12 item 55
TEST_F(StreamPointerTest, Item55_IrpWithNHeadersCompletesAfterAllFramesReleased)
{
    Buffers b(3, 8);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    for (int i = 0; i < 2; ++i) {
        KsStreamPointerUnlock(edge, TRUE);
        EXPECT_FALSE(h.completed(key(1))) << "after frame " << i;
        edge = lockedEdge();
        ASSERT_NE(edge, nullptr);
    }
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_SUCCESS);
    EXPECT_EQ(h.completionOf(key(1)).information, 24u);  // bytes consumed: Σ DataUsed (item 20)
}

// ks-spec §12 item 56
TEST_F(StreamPointerTest, Item56_CloneHoldsTheIrpUntilDeleted)
{
    Buffers b(1, 8);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    PKSSTREAM_POINTER clone = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &clone), STATUS_SUCCESS);
    ASSERT_NE(clone, nullptr);
    EXPECT_EQ(clone->StreamHeader, edge->StreamHeader);
    EXPECT_EQ(KsStreamPointerLock(clone), STATUS_SUCCESS);  // same state as the original: locked already
    EXPECT_EQ(KsStreamPointerAdvance(edge), STATUS_DEVICE_NOT_READY);  // edge passes the frame
    EXPECT_FALSE(h.completed(key(1)));
    KsStreamPointerUnlock(clone, FALSE);
    EXPECT_FALSE(h.completed(key(1)));
    KsStreamPointerDelete(clone);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_SUCCESS);
}

// ks-spec §12 item 57
TEST_F(StreamPointerTest, Item57_CloneContextHasContextSizeBytesEdgesHaveNone)
{
    Buffers b(1, 8);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    EXPECT_EQ(edge->Context, nullptr);
    PKSSTREAM_POINTER clone = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 16, &clone), STATUS_SUCCESS);
    ASSERT_NE(clone->Context, nullptr);
    // The context lives right after the clone's stream pointer.
    EXPECT_GE(static_cast<char*>(clone->Context), reinterpret_cast<char*>(clone) + sizeof(KSSTREAM_POINTER));
    std::memset(clone->Context, 0xA5, 16);  // all 16 bytes are usable
    PKSSTREAM_POINTER big = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 5000, &big), STATUS_SUCCESS);  // beyond the pooled buckets
    std::memset(big->Context, 0x5A, 5000);
    PKSSTREAM_POINTER none = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &none), STATUS_SUCCESS);
    EXPECT_EQ(none->Context, nullptr);
    EXPECT_EQ(KsPinGetLeadingEdgeStreamPointer(nullptr, KSSTREAM_POINTER_STATE_UNLOCKED), nullptr);
    // Clones enumerate in creation order.
    EXPECT_EQ(h.queue().firstClone(), clone);
    EXPECT_EQ(KsStreamPointerGetNextClone(clone), big);
    EXPECT_EQ(KsStreamPointerGetNextClone(big), none);
    EXPECT_EQ(KsStreamPointerGetNextClone(none), nullptr);
    KsStreamPointerDelete(big);
    KsStreamPointerDelete(none);
    KsStreamPointerDelete(clone);
    KsStreamPointerDelete(edge);  // edges cannot be deleted: ignored
    EXPECT_EQ(lockedEdge(), edge);
}

// ks-spec §12 item 58
TEST_F(StreamPointerTest, Item58_SetStatusCodeIsTheIrpsStatus)
{
    Buffers b(2, 8);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    EXPECT_EQ(KsStreamPointerSetStatusCode(edge, STATUS_NOT_SUPPORTED), STATUS_SUCCESS);
    KsStreamPointerUnlock(edge, TRUE);
    KsStreamPointerUnlock(lockedEdge(), TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_NOT_SUPPORTED);
    EXPECT_EQ(KsStreamPointerSetStatusCode(h.queue().leadingEdge(KSSTREAM_POINTER_STATE_UNLOCKED), STATUS_SUCCESS),
              STATUS_DEVICE_NOT_READY);  // no frame under it
}

// ks-spec §12 item 59
TEST_F(StreamPointerTest, Item59_CancellingTheFrameUnderTheUnlockedLeadingEdgeMovesIt)
{
    Buffers a(1, 8);
    Buffers b(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_UNLOCKED);
    EXPECT_EQ(edge->StreamHeader->Data, a.data(0));
    ASSERT_TRUE(h.cancel(key(1)));
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
    EXPECT_EQ(h.completionOf(key(1)).information, 0u);
    ASSERT_NE(edge->StreamHeader, nullptr);
    EXPECT_EQ(edge->StreamHeader->Data, b.data(0));
}

TEST_F(StreamPointerTest, FrameUnderALockedPointerIsCancelledOnlyWhenUnlocked)
{
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    ASSERT_TRUE(h.cancel(key(1)));
    EXPECT_FALSE(h.completed(key(1)));
    EXPECT_EQ(edge->StreamHeader->Data, a.data(0));  // still there, still usable
    KsStreamPointerUnlock(edge, FALSE);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
    EXPECT_EQ(edge->StreamHeader, nullptr);
}

struct CancelLog {
    std::mutex mutex;
    std::vector<PKSSTREAM_POINTER> cancelled;
};
CancelLog gCancelLog;

void deleteOnCancel(PKSSTREAM_POINTER clone)
{
    {
        std::lock_guard lk(gCancelLog.mutex);
        gCancelLog.cancelled.push_back(clone);
    }
    KsStreamPointerDelete(clone);
}

TEST_F(StreamPointerTest, CancelCallsTheCancelCallbackOfUnlockedClonesAndCompletesWhenTheyAreDeleted)
{
    gCancelLog.cancelled.clear();
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    PKSSTREAM_POINTER held = nullptr;
    PKSSTREAM_POINTER silent = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, &deleteOnCancel, 8, &held), STATUS_SUCCESS);
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &silent), STATUS_SUCCESS);
    KsStreamPointerUnlock(held, FALSE);
    KsStreamPointerUnlock(silent, FALSE);
    KsStreamPointerUnlock(edge, TRUE);  // the edge is done with the frame; the clones hold it
    ASSERT_TRUE(h.cancel(key(1)));
    {
        std::lock_guard lk(gCancelLog.mutex);
        ASSERT_EQ(gCancelLog.cancelled.size(), 1u);
        EXPECT_EQ(gCancelLog.cancelled[0], held);
    }
    EXPECT_FALSE(h.completed(key(1)));  // the clone without a callback still holds it
    EXPECT_EQ(KsStreamPointerLock(silent), STATUS_DEVICE_NOT_READY);  // its frame was cancelled
    KsStreamPointerDelete(silent);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
}

TEST_F(StreamPointerTest, GetIrpOnlyWhenLockedWithFirstAndLastFrameFlags)
{
    Buffers b(2, 8);
    ASSERT_EQ(h.write(b, key(1)), STATUS_PENDING);
    BOOLEAN first = 7;
    BOOLEAN last = 7;
    PKSSTREAM_POINTER unlocked = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_UNLOCKED);
    EXPECT_EQ(KsStreamPointerGetIrp(unlocked, &first, &last), nullptr);
    EXPECT_EQ(first, FALSE);
    PKSSTREAM_POINTER edge = lockedEdge();
    PIRP irp = KsStreamPointerGetIrp(edge, &first, &last);
    ASSERT_NE(irp, nullptr);
    EXPECT_EQ(first, TRUE);
    EXPECT_EQ(last, FALSE);
    ASSERT_EQ(KsStreamPointerAdvance(edge), STATUS_SUCCESS);
    EXPECT_EQ(KsStreamPointerGetIrp(edge, &first, &last), irp);
    EXPECT_EQ(first, FALSE);
    EXPECT_EQ(last, TRUE);
    EXPECT_EQ(KsStreamPointerGetMdl(edge), nullptr);  // no MDLs in openks
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
}

TEST_F(StreamPointerTest, AvailableByteCountCountsFromTheLeadingEdge)
{
    Buffers a(2, 100);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    LONG in = -1;
    LONG out = -1;
    EXPECT_EQ(h.queue().availableBytes(&in, &out), STATUS_SUCCESS);
    EXPECT_EQ(in, 200);
    EXPECT_EQ(out, 0);
    PKSSTREAM_POINTER edge = lockedEdge();
    ASSERT_EQ(KsStreamPointerAdvanceOffsets(edge, 30, 0, FALSE), STATUS_SUCCESS);
    EXPECT_EQ(h.queue().availableBytes(&in, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(in, 170);
    EXPECT_EQ(KsPinGetAvailableByteCount(nullptr, &in, &out), STATUS_INVALID_DEVICE_REQUEST);
}

struct TrailingEdgeTest : SinkFixture {
    TrailingEdgeTest() : SinkFixture(KSPIN_FLAG_DISTINCT_TRAILING_EDGE) {}
};

TEST_F(StreamPointerTest, NoTrailingEdgeWithoutTheFlag)
{
    EXPECT_EQ(h.queue().trailingEdge(KSSTREAM_POINTER_STATE_UNLOCKED), nullptr);
}

TEST_F(TrailingEdgeTest, FramesBetweenTheEdgesStayUntilTheTrailingEdgePasses)
{
    EXPECT_EQ(h.queue().trailingEdge(KSSTREAM_POINTER_STATE_LOCKED), nullptr);
    ASSERT_NE(h.queue().trailingEdge(KSSTREAM_POINTER_STATE_UNLOCKED), nullptr);
    Buffers a(1, 8);
    Buffers b(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    PKSSTREAM_POINTER lead = lockedEdge();
    ASSERT_EQ(KsStreamPointerAdvance(lead), STATUS_SUCCESS);
    KsStreamPointerUnlock(lead, TRUE);  // the leading edge passed both frames
    EXPECT_EQ(h.completedCount(), 0u);  // the window holds them
    PKSSTREAM_POINTER trail = h.queue().trailingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    ASSERT_NE(trail, nullptr);
    EXPECT_EQ(trail->StreamHeader->Data, a.data(0));
    ASSERT_EQ(KsStreamPointerAdvance(trail), STATUS_SUCCESS);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_TRUE(h.completed(key(1)));
    EXPECT_FALSE(h.completed(key(2)));
    KsStreamPointerUnlock(trail, TRUE);
    ASSERT_TRUE(h.waitForCompletions(2));
}

struct Fired {
    std::mutex mutex;
    std::condition_variable cv;
    int count = 0;
    PKSSTREAM_POINTER pointer = nullptr;
};
Fired gFired;

void onTimeout(PKSSTREAM_POINTER pointer)
{
    std::lock_guard lk(gFired.mutex);
    ++gFired.count;
    gFired.pointer = pointer;
    gFired.cv.notify_all();
}

TEST_F(StreamPointerTest, TimeoutFiresOnceAndACancelledOneNever)
{
    {
        std::lock_guard lk(gFired.mutex);
        gFired.count = 0;
    }
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = lockedEdge();
    PKSSTREAM_POINTER fires = nullptr;
    PKSSTREAM_POINTER cancelled = nullptr;
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &fires), STATUS_SUCCESS);
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &cancelled), STATUS_SUCCESS);
    KsStreamPointerScheduleTimeout(cancelled, &onTimeout, 0);  // due at once...
    KsStreamPointerCancelTimeout(cancelled);                     // ...unless it already fired
    int firedBefore;
    {
        std::lock_guard lk(gFired.mutex);
        firedBefore = gFired.count;  // 0, or 1 if the worker won the race
    }
    KsStreamPointerScheduleTimeout(fires, &onTimeout, 10 * 1000);  // 1 ms
    {
        std::unique_lock lk(gFired.mutex);
        ASSERT_TRUE(gFired.cv.wait_for(lk, std::chrono::seconds(10), [&] { return gFired.count == firedBefore + 1; }));
        EXPECT_EQ(gFired.pointer, fires);
    }
    KsStreamPointerDelete(fires);  // deleting cancels any timeout: none may fire later
    KsStreamPointerDelete(cancelled);
    KsStreamPointerUnlock(edge, TRUE);
    ASSERT_TRUE(h.waitForCompletions(1));
    std::lock_guard lk(gFired.mutex);
    EXPECT_EQ(gFired.count, firedBefore + 1);
}

// An OUT pin: frames are buffers to fill, Offset is OffsetOut.
TEST(StreamPointerSourceTest, ReadFramesUseOffsetOutAndUnreportedBytesBecomeDataUsed)
{
    QueueHarness h({.dataFlow = KSPIN_DATAFLOW_OUT});
    h.walkTo(KSSTATE_PAUSE);
    Buffers b(2, 64, sizeof(KSSTREAM_HEADER), false);
    ASSERT_EQ(h.read(b, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    ASSERT_NE(edge, nullptr);
    EXPECT_EQ(edge->Offset, &edge->OffsetOut);
    EXPECT_EQ(edge->OffsetOut.Count, 64u);
    EXPECT_EQ(edge->OffsetIn.Count, 0u);
    std::memset(edge->OffsetOut.Data, 0x11, 40);
    edge->StreamHeader->DataUsed = 40;  // reported by the minidriver
    edge->StreamHeader->OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
    edge->StreamHeader->PresentationTime.Time = 1234;
    KsStreamPointerUnlock(edge, TRUE);
    edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    KsStreamPointerAdvanceOffsetsAndUnlock(edge, 0, 24, TRUE);  // produced 24 bytes, did not say so
    ASSERT_TRUE(h.waitForCompletions(1));
    const Completion c = h.completionOf(key(1));
    EXPECT_EQ(c.status, STATUS_SUCCESS);
    EXPECT_EQ(c.information, b.length());  // item 19: header bytes
    // The captured headers were copied back before completion signalled.
    EXPECT_EQ(b.header(0)->DataUsed, 40u);
    EXPECT_EQ(b.header(0)->OptionsFlags, ULONG(KSSTREAM_HEADER_OPTIONSF_TIMEVALID));
    EXPECT_EQ(b.header(0)->PresentationTime.Time, 1234);
    EXPECT_EQ(b.header(1)->DataUsed, 24u);
    EXPECT_EQ(b.data(0)[39], 0x11);
}

}  // namespace
}  // namespace openks::test
