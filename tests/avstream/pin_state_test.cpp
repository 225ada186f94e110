// SPDX-License-Identifier: MIT
// Tests of the pin state machine: single steps for every (from, to) pair, rollback, raw changes, the walk on close,
// concurrency.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <cstdlib>
#include <thread>
#include <tuple>
#include <vector>

#include "avstream/testdrv_fixture.h"

namespace openks::test {
namespace {

struct Step {
    ULONG to;
    ULONG from;
    bool operator==(const Step& other) const { return to == other.to && from == other.from; }
};

std::ostream& operator<<(std::ostream& out, const Step& step)
{
    return out << "(" << step.to << "," << step.from << ")";
}

std::vector<Step> steps(const std::vector<TESTDRV_STATE_STEP>& log)
{
    std::vector<Step> result;
    for (const TESTDRV_STATE_STEP& s : log) {
        result.push_back(Step{s.To, s.From});
    }
    return result;
}

// The single steps from `from` to `to`, as (to, from) pairs like SetDeviceState's arguments.
std::vector<Step> walk(int from, int to)
{
    std::vector<Step> result;
    for (int s = from; s != to;) {
        const int next = s < to ? s + 1 : s - 1;
        result.push_back(Step{static_cast<ULONG>(next), static_cast<ULONG>(s)});
        s = next;
    }
    return result;
}

class PinStateTest : public TestDriverFilter {
protected:
    void SetUp() override
    {
        TestDriverFilter::SetUp();
        ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin_), STATUS_SUCCESS);
        clearLog();
    }

    KSSTATE state()
    {
        KSSTATE value = KSSTATE_PAUSE;  // overwritten by the answer
        IoResult r = session_.getState(pin_, &value);
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(r.information, sizeof(KSSTATE));
        return value;
    }

    HANDLE pin_ = nullptr;
};

// ks-spec §12 item 28
TEST_F(PinStateTest, NewPinReportsStopWithFourBytes)
{
    EXPECT_EQ(state(), KSSTATE_STOP);
    TESTDRV_PIN_STATES states = pinStates(pin_);
    EXPECT_EQ(states.ClientState, static_cast<ULONG>(KSSTATE_STOP));
    EXPECT_EQ(states.DeviceState, static_cast<ULONG>(KSSTATE_STOP));
    EXPECT_TRUE(stateLog().empty());  // no initial STOP callback at connect time
}

TEST_F(PinStateTest, ValueAboveRunIsInvalidParameter)
{
    for (ULONG bad : {4u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
        EXPECT_EQ(session_
                      .property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_SET, &bad,
                                sizeof(bad))
                      .status,
                  STATUS_INVALID_PARAMETER)
            << bad;
    }
    EXPECT_EQ(state(), KSSTATE_STOP);
    EXPECT_TRUE(stateLog().empty());
}

TEST_F(PinStateTest, ShortValueBufferIsBufferTooSmall)
{
    ULONG shortValue = 0;
    IoResult r = session_.property(pin_, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_GET,
                                   &shortValue, 2);
    EXPECT_EQ(r.status, STATUS_BUFFER_TOO_SMALL);
}

// ks-spec §12 items 29 and 30, and every other (from, to) pair: skipped states
// are walked one step at a time, redundant sets call nothing.
class PinStatePairs : public PinStateTest, public ::testing::WithParamInterface<std::tuple<int, int>> {};

TEST_P(PinStatePairs, MinidriverSeesExactlyTheSingleSteps)
{
    const auto [from, to] = GetParam();
    ASSERT_EQ(session_.setState(pin_, static_cast<KSSTATE>(from)).status, STATUS_SUCCESS);
    ASSERT_EQ(state(), static_cast<KSSTATE>(from));
    clearLog();
    EXPECT_EQ(session_.setState(pin_, static_cast<KSSTATE>(to)).status, STATUS_SUCCESS);
    EXPECT_EQ(steps(stateLog()), walk(from, to));
    EXPECT_EQ(state(), static_cast<KSSTATE>(to));
    for (const TESTDRV_STATE_STEP& s : stateLog()) {
        EXPECT_EQ(s.ClientState, s.To) << "ClientState is set before SetDeviceState runs";
    }
}

std::string pairName(const ::testing::TestParamInfo<PinStatePairs::ParamType>& info)
{
    static const char* const kNames[] = {"Stop", "Acquire", "Pause", "Run"};
    return std::string(kNames[std::get<0>(info.param)]) + "To" + kNames[std::get<1>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(AllPairs, PinStatePairs, ::testing::Combine(::testing::Range(0, 4), ::testing::Range(0, 4)),
                         pairName);

// ks-spec §12 item 32
TEST_F(PinStateTest, FailedStepReturnsItsStatusAndRollsClientStateBack)
{
    failState(STATUS_DEVICE_NOT_READY, 1);  // ACQUIRE succeeds, PAUSE fails
    EXPECT_EQ(session_.setState(pin_, KSSTATE_RUN).status, STATUS_DEVICE_NOT_READY);
    const std::vector<Step> expected = {{KSSTATE_ACQUIRE, KSSTATE_STOP}, {KSSTATE_PAUSE, KSSTATE_ACQUIRE}};
    EXPECT_EQ(steps(stateLog()), expected);
    // The pin stays in the last state it reached; ClientState went back to it.
    EXPECT_EQ(state(), KSSTATE_ACQUIRE);
    TESTDRV_PIN_STATES states = pinStates(pin_);
    EXPECT_EQ(states.ClientState, static_cast<ULONG>(KSSTATE_ACQUIRE));
    EXPECT_EQ(states.DeviceState, static_cast<ULONG>(KSSTATE_ACQUIRE));
    // The next request starts from there.
    clearLog();
    EXPECT_EQ(session_.setState(pin_, KSSTATE_RUN).status, STATUS_SUCCESS);
    const std::vector<Step> rest = {{KSSTATE_PAUSE, KSSTATE_ACQUIRE}, {KSSTATE_RUN, KSSTATE_PAUSE}};
    EXPECT_EQ(steps(stateLog()), rest);
}

TEST_F(PinStateTest, FailedFirstStepLeavesThePinStopped)
{
    failState(STATUS_INSUFFICIENT_RESOURCES, 0);
    EXPECT_EQ(session_.setState(pin_, KSSTATE_PAUSE).status, STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(state(), KSSTATE_STOP);
    EXPECT_EQ(pinStates(pin_).ClientState, static_cast<ULONG>(KSSTATE_STOP));
}

// ks-spec §12 item 31
TEST_F(PinStateTest, NonStandardTransportPinGetsTheRawChange)
{
    HANDLE raw = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RAW, &raw), STATUS_SUCCESS);
    clearLog();
    EXPECT_EQ(session_.setState(raw, KSSTATE_RUN).status, STATUS_SUCCESS);
    EXPECT_EQ(session_.setState(raw, KSSTATE_STOP).status, STATUS_SUCCESS);
    const std::vector<Step> expected = {{KSSTATE_RUN, KSSTATE_STOP}, {KSSTATE_STOP, KSSTATE_RUN}};
    EXPECT_EQ(steps(stateLog()), expected);
    // No queue: stream requests are refused.
    KSSTREAM_HEADER header{};
    header.Size = sizeof(header);
    EXPECT_EQ(session_.ioctl(raw, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header, sizeof(header)).status,
              STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(PinStateTest, ClosingARunningPinWalksItDownToStop)
{
    ASSERT_EQ(session_.setState(pin_, KSSTATE_RUN).status, STATUS_SUCCESS);
    clearLog();
    ASSERT_EQ(session_.close(pin_), STATUS_SUCCESS);
    EXPECT_EQ(steps(stateLog()), walk(KSSTATE_RUN, KSSTATE_STOP));
    EXPECT_EQ(counters().PinCloses, 1u);
}

TEST_F(PinStateTest, ClosingWalksDownEvenWhenTheMinidriverRefuses)
{
    ASSERT_EQ(session_.setState(pin_, KSSTATE_PAUSE).status, STATUS_SUCCESS);
    clearLog();
    failState(STATUS_UNSUCCESSFUL, 0);
    ASSERT_EQ(session_.close(pin_), STATUS_SUCCESS);
    EXPECT_EQ(steps(stateLog()), walk(KSSTATE_PAUSE, KSSTATE_STOP));
    EXPECT_EQ(instances(TESTDRV_PIN_RENDER).CurrentCount, 0u);
}

// Two clients driving one pin: every step the minidriver sees is a single
// step that continues from where the previous one ended.
TEST_F(PinStateTest, ConcurrentSetsNeverInterleaveSteps)
{
    auto toggle = [this](KSSTATE high) {
        for (int i = 0; i < 50; ++i) {
            EXPECT_EQ(session_.setState(pin_, high).status, STATUS_SUCCESS);
            EXPECT_EQ(session_.setState(pin_, KSSTATE_STOP).status, STATUS_SUCCESS);
        }
    };
    clearLog();
    std::thread a(toggle, KSSTATE_RUN);
    std::thread b(toggle, KSSTATE_PAUSE);
    a.join();
    b.join();
    TESTDRV_STATE_LOG log{};
    ASSERT_EQ(session_
                  .property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_STATE_LOG, KSPROPERTY_TYPE_GET, &log,
                            sizeof(log))
                  .status,
              STATUS_SUCCESS);
    ULONG previous = KSSTATE_STOP;
    const ULONG kept = std::min<ULONG>(log.Count, TESTDRV_MAX_STEPS);
    for (ULONG i = 0; i < kept; ++i) {
        EXPECT_EQ(log.Steps[i].From, previous) << "step " << i;
        EXPECT_EQ(std::abs(static_cast<int>(log.Steps[i].To) - static_cast<int>(log.Steps[i].From)), 1) << "step " << i;
        previous = log.Steps[i].To;
    }
    EXPECT_EQ(state(), KSSTATE_STOP);
}

}  // namespace
}  // namespace openks::test
