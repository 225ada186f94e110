// SPDX-License-Identifier: MIT
// IOCTL_KS_RESET_STATE on a pin queue: BEGIN cancels and gates, END reopens, Reset dispatch calls (ks-spec §2.5, items 21-27).

#include "stream_harness.h"

#include <gtest/gtest.h>

namespace openks::test {
namespace {

void* key(std::uintptr_t n)
{
    return reinterpret_cast<void*>(n);
}

struct StreamResetTest : ::testing::Test {
    StreamResetTest() { h.walkTo(KSSTATE_RUN); }
    QueueHarness h{{}};
};

// ks-spec §12 item 21
TEST_F(StreamResetTest, Item21_BeginCancelsEveryQueuedRequest)
{
    Buffers a(1, 8);
    Buffers b(2, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    EXPECT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);  // completes synchronously
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
    EXPECT_EQ(h.completionOf(key(2)).status, STATUS_CANCELLED);
    EXPECT_EQ(h.pin()->ResetState, KSRESET_BEGIN);
    EXPECT_TRUE(h.queue().idle());
}

// ks-spec §12 item 22
TEST_F(StreamResetTest, Item22_InResetNewRequestsAreDeviceNotReady)
{
    ASSERT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);
    Buffers a(1, 8);
    EXPECT_EQ(h.write(a, key(1)), STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_DEVICE_NOT_READY);
}

// ks-spec §12 item 23
TEST_F(StreamResetTest, Item23_EndRestoresStreaming)
{
    ASSERT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);
    ASSERT_EQ(h.reset(KSRESET_END), STATUS_SUCCESS);
    EXPECT_EQ(h.pin()->ResetState, KSRESET_END);
    Buffers a(1, 8);
    EXPECT_EQ(h.write(a, key(1)), STATUS_PENDING);
}

// ks-spec §12 item 24
TEST_F(StreamResetTest, Item24_StateChangesDoNotEndAReset)
{
    ASSERT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);
    h.walkTo(KSSTATE_STOP);
    h.walkTo(KSSTATE_RUN);
    EXPECT_EQ(h.pin()->ResetState, KSRESET_BEGIN);
    Buffers a(1, 8);
    EXPECT_EQ(h.write(a, key(1)), STATUS_DEVICE_NOT_READY);
}

// ks-spec §12 item 25
TEST_F(StreamResetTest, Item25_ShortOrMissingInputAndBadValuesAreInvalidParameter)
{
    KSRESET v = KSRESET_BEGIN;
    EXPECT_EQ(h.send(IOCTL_KS_RESET_STATE, nullptr, 0, key(1), UserMode, &v, 3), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(h.send(IOCTL_KS_RESET_STATE, nullptr, 0, key(2), UserMode, nullptr, 4), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(h.send(IOCTL_KS_RESET_STATE, nullptr, 0, key(3), UserMode, nullptr, 0), STATUS_INVALID_PARAMETER);
    ULONG bad = 2;
    EXPECT_EQ(h.send(IOCTL_KS_RESET_STATE, nullptr, 0, key(4), UserMode, &bad, sizeof(bad)), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(h.pin()->ResetState, KSRESET_END);
    EXPECT_EQ(h.resetCalls(), 0);
    // A longer input is fine: the first four bytes are the value.
    std::uint64_t longer = KSRESET_BEGIN;
    EXPECT_EQ(h.send(IOCTL_KS_RESET_STATE, nullptr, 0, key(5), UserMode, &longer, sizeof(longer)), STATUS_SUCCESS);
    EXPECT_EQ(h.pin()->ResetState, KSRESET_BEGIN);
}

// ks-spec §12 item 26
TEST_F(StreamResetTest, Item26_ResetDispatchOnEachResetStateChangeAndOnFlush)
{
    ASSERT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);
    EXPECT_EQ(h.resetCalls(), 1);
    ASSERT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);  // no change
    EXPECT_EQ(h.resetCalls(), 1);
    ASSERT_EQ(h.reset(KSRESET_END), STATUS_SUCCESS);
    EXPECT_EQ(h.resetCalls(), 2);
    h.walkTo(KSSTATE_STOP);  // STOP flushes the queue
    EXPECT_EQ(h.resetCalls(), 3);
}

// ks-spec §12 item 27
TEST_F(StreamResetTest, Item27_EndWithoutBeginIsAccepted)
{
    EXPECT_EQ(h.reset(KSRESET_END), STATUS_SUCCESS);
    EXPECT_EQ(h.pin()->ResetState, KSRESET_END);
    Buffers a(1, 8);
    EXPECT_EQ(h.write(a, key(1)), STATUS_PENDING);
}

TEST_F(StreamResetTest, ResetDispatchSeesTheResetStateAndMayDeleteItsClones)
{
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    PKSSTREAM_POINTER clone = nullptr;
    PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
    ASSERT_EQ(KsStreamPointerClone(edge, nullptr, 0, &clone), STATUS_SUCCESS);
    KsStreamPointerUnlock(clone, FALSE);
    KsStreamPointerUnlock(edge, TRUE);
    KSRESET seen = KSRESET_END;
    h.setReset([&](QueueHarness& q) {
        seen = q.pin()->ResetState;
        if (clone != nullptr) {
            KsStreamPointerDelete(clone);  // a driver flushing what it holds
            clone = nullptr;
        }
    });
    ASSERT_EQ(h.reset(KSRESET_BEGIN), STATUS_SUCCESS);
    h.setReset(nullptr);  // the callback refers to this scope's locals
    EXPECT_EQ(seen, KSRESET_BEGIN);
    EXPECT_EQ(h.completionOf(key(1)).status, STATUS_CANCELLED);
}

TEST(KsAcquireResetValueTest, ReadsAndValidatesTheValue)
{
    KSRESET out = KSRESET_END;
    EXPECT_EQ(KsAcquireResetValue(nullptr, &out), STATUS_INVALID_PARAMETER);
}

}  // namespace
}  // namespace openks::test
