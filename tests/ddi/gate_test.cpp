// SPDX-License-Identifier: MIT
// The inline KSGATE functions of <openks/driver/gate.h>: AND/OR counting, propagation along NextGate, capture.
#include <gtest/gtest.h>
#include <openks/driver.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

namespace {

// ks-spec §10: a gate is open while Count > 0; an AND gate starts open, each off input closes it.
TEST(KsGate, AndGateIsOpenOnlyWhileNoInputIsOff)
{
    KSGATE andGate;
    KsGateInitializeAnd(&andGate, nullptr);
    EXPECT_EQ(andGate.Count, 1);
    EXPECT_TRUE(KsGateGetStateUnsafe(&andGate));

    KsGateAddOnInputToAnd(&andGate);
    EXPECT_TRUE(KsGateGetStateUnsafe(&andGate));
    KsGateAddOffInputToAnd(&andGate);
    KsGateAddOffInputToAnd(&andGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate));

    KsGateTurnInputOn(&andGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate)) << "one input is still off";
    KsGateTurnInputOn(&andGate);
    EXPECT_TRUE(KsGateGetStateUnsafe(&andGate));

    KsGateAddOffInputToAnd(&andGate);
    KsGateRemoveOffInputFromAnd(&andGate);
    KsGateRemoveOnInputFromAnd(&andGate);
    EXPECT_EQ(andGate.Count, 1);
}

// ks-spec §10: an OR gate starts closed and is open while any input is on.
TEST(KsGate, OrGateIsOpenWhileAnyInputIsOn)
{
    KSGATE orGate;
    KsGateInitializeOr(&orGate, nullptr);
    EXPECT_EQ(orGate.Count, 0);
    EXPECT_FALSE(KsGateGetStateUnsafe(&orGate));

    KsGateAddOffInputToOr(&orGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&orGate));
    KsGateAddOnInputToOr(&orGate);
    KsGateAddOnInputToOr(&orGate);
    EXPECT_TRUE(KsGateGetStateUnsafe(&orGate));

    KsGateRemoveOnInputFromOr(&orGate);
    EXPECT_TRUE(KsGateGetStateUnsafe(&orGate)) << "one input is still on";
    KsGateRemoveOnInputFromOr(&orGate);
    KsGateRemoveOffInputFromOr(&orGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&orGate));
    EXPECT_EQ(orGate.Count, 0);
}

// ks-spec §10: opening or closing a gate turns one input of its NextGate on or off, down the chain.
TEST(KsGate, StateChangesPropagateAlongNextGate)
{
    KSGATE orGate;
    KSGATE andGate;
    KsGateInitializeOr(&orGate, nullptr);
    KsGateInitializeAnd(&andGate, &orGate);  // an open AND gate is an "on" input of the OR gate
    EXPECT_EQ(orGate.Count, 1);

    KsGateAddOffInputToAnd(&andGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate));
    EXPECT_FALSE(KsGateGetStateUnsafe(&orGate));

    KsGateAddOffInputToAnd(&andGate);  // already closed: the OR gate does not hear of it
    EXPECT_EQ(orGate.Count, 0);
    KsGateTurnInputOn(&andGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&orGate));
    KsGateTurnInputOn(&andGate);
    EXPECT_TRUE(KsGateGetStateUnsafe(&orGate));
    EXPECT_EQ(orGate.Count, 1);
}

// ks-spec §10: a closed OR gate feeding an AND gate holds the AND gate closed until an input turns on.
TEST(KsGate, ClosedOrGateHoldsItsAndGateClosed)
{
    KSGATE andGate;
    KSGATE orGate;
    KsGateInitializeAnd(&andGate, nullptr);
    KsGateInitializeOr(&orGate, &andGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate));

    KsGateAddOnInputToOr(&orGate);
    EXPECT_TRUE(KsGateGetStateUnsafe(&andGate));
    KsGateRemoveOnInputFromOr(&orGate);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate));
}

TEST(KsGate, InitializePropagatesOnlyTheStateAsked)
{
    KSGATE next;
    KsGateInitializeAnd(&next, nullptr);
    KSGATE gate;
    KsGateInitialize(&gate, 1, &next, FALSE);  // open, but only a closed state propagates
    EXPECT_EQ(next.Count, 1);
    KsGateInitialize(&gate, 0, &next, TRUE);  // closed, but only an open state propagates
    EXPECT_EQ(next.Count, 1);
    KsGateInitialize(&gate, 2, &next, TRUE);
    EXPECT_EQ(next.Count, 2);
    KsGateInitialize(&gate, 0, &next, FALSE);
    EXPECT_EQ(next.Count, 1);
    EXPECT_EQ(gate.NextGate, &next);
}

TEST(KsGate, CaptureThresholdClosesAGateAtExactlyOne)
{
    KSGATE orGate;
    KSGATE andGate;
    KsGateInitializeOr(&orGate, nullptr);
    KsGateInitializeAnd(&andGate, &orGate);

    EXPECT_TRUE(KsGateCaptureThreshold(&andGate));
    EXPECT_EQ(andGate.Count, 0);
    EXPECT_EQ(orGate.Count, 0) << "capturing closes the gate, so its next gate loses an on input";

    EXPECT_FALSE(KsGateCaptureThreshold(&andGate));
    EXPECT_EQ(andGate.Count, 0);

    andGate.Count = 2;
    EXPECT_FALSE(KsGateCaptureThreshold(&andGate));
    EXPECT_EQ(andGate.Count, 2);
}

TEST(KsGate, TerminateRemovesTheGateFromItsNextGateInItsCurrentState)
{
    KSGATE orGate;
    KSGATE openAnd;
    KSGATE closedAnd;
    KsGateInitializeOr(&orGate, nullptr);
    KsGateInitializeAnd(&openAnd, &orGate);
    KsGateInitializeAnd(&closedAnd, &orGate);
    KsGateAddOffInputToAnd(&closedAnd);
    EXPECT_EQ(orGate.Count, 1);
    KsGateTerminateAnd(&closedAnd);
    EXPECT_EQ(orGate.Count, 1);
    KsGateTerminateAnd(&openAnd);
    EXPECT_EQ(orGate.Count, 0);

    KSGATE andGate;
    KSGATE closedOr;
    KSGATE openOr;
    KsGateInitializeAnd(&andGate, nullptr);
    KsGateInitializeOr(&closedOr, &andGate);
    KsGateInitializeOr(&openOr, &andGate);
    KsGateAddOnInputToOr(&openOr);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate));
    KsGateTerminateOr(&openOr);
    EXPECT_FALSE(KsGateGetStateUnsafe(&andGate));
    KsGateTerminateOr(&closedOr);
    EXPECT_TRUE(KsGateGetStateUnsafe(&andGate));
}

TEST(KsGate, NullGateIsTheEndOfAChain)
{
    KsGateTurnInputOn(nullptr);
    KsGateTurnInputOff(nullptr);
    KSGATE gate;
    KsGateInitializeAnd(&gate, nullptr);
    KsGateTerminateAnd(&gate);  // no next gate: nothing to update
    EXPECT_EQ(gate.Count, 1);
}

// Gates are lock-free: concurrent off/on pairs on a chain leave every count where it started.
TEST(KsGate, ConcurrentInputChangesBalance)
{
    KSGATE orGate;
    KSGATE andGate;
    KsGateInitializeOr(&orGate, nullptr);
    KsGateInitializeAnd(&andGate, &orGate);

    constexpr int kThreads = 4;
    constexpr int kRounds = 20000;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (int i = 0; i < kRounds; ++i) {
                KsGateAddOffInputToAnd(&andGate);
                KsGateRemoveOffInputFromAnd(&andGate);
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(andGate.Count, 1);
    EXPECT_EQ(orGate.Count, 1);
}

// Exactly one of several racing threads captures a gate at its threshold.
TEST(KsGate, ConcurrentCaptureHasOneWinner)
{
    constexpr int kThreads = 4;
    for (int round = 0; round < 200; ++round) {
        KSGATE gate;
        KsGateInitializeAnd(&gate, nullptr);
        std::atomic<int> winners{0};
        std::latch start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&] {
                start.arrive_and_wait();
                if (KsGateCaptureThreshold(&gate)) {
                    winners.fetch_add(1);
                }
            });
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
        ASSERT_EQ(winners.load(), 1) << "round " << round;
        ASSERT_EQ(gate.Count, 0);
    }
}

}  // namespace
