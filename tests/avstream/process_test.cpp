// SPDX-License-Identifier: MIT
// Processing triggers and serialisation: pin-centric (items 60-62), gates, the processing mutex, asynchronous attempts, filter-centric transforms.

#include "stream_harness.h"

#include "avstream/process.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <thread>

namespace openks::test {
namespace {

void* key(std::uintptr_t n)
{
    return reinterpret_cast<void*>(n);
}

NTSTATUS doNothing(QueueHarness&)
{
    return STATUS_PENDING;
}

NTSTATUS consumeAll(QueueHarness& h)
{
    while (PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED)) {
        KsStreamPointerAdvanceOffsetsAndUnlock(edge, edge->OffsetIn.Remaining, 0, FALSE);
    }
    return STATUS_PENDING;
}

// ks-spec §12 item 60
TEST(ProcessTriggerTest, Item60_ByDefaultOnlyAnArrivalIntoAnEmptyQueueProcesses)
{
    QueueHarness h({});
    h.setProcess(doNothing);
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 1);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 1);
}

// ks-spec §12 item 60
TEST(ProcessTriggerTest, Item60_EveryArrivalWithInitiateProcessingOnEveryArrival)
{
    QueueHarness h({.flags = KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL});
    h.setProcess(doNothing);
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    Buffers c(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    ASSERT_EQ(h.write(c, key(3)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 3);
}

TEST(ProcessTriggerTest, DoNotInitiateProcessingLeavesItToAttemptProcessing)
{
    QueueHarness h({.flags = KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 0);
    h.queue().attemptProcessing(false);
    EXPECT_EQ(h.processCalls(), 1);
    EXPECT_TRUE(h.completed(key(1)));
}

// ks-spec §12 item 61
TEST(ProcessTriggerTest, Item61_ProcessInRunStateOnlyWaitsForRun)
{
    QueueHarness h({.flags = KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    h.queue().attemptProcessing(false);  // below the minimum processing state: nothing
    EXPECT_EQ(h.processCalls(), 0);
    h.walkTo(KSSTATE_RUN);
    EXPECT_EQ(h.processCalls(), 1);
    EXPECT_EQ(h.completedCount(), 2u);
}

// ks-spec §12 item 62
TEST(ProcessTriggerTest, Item62_AfterPendingANewFrameDoesNotProcessAttemptProcessingDoes)
{
    QueueHarness h({});
    h.setProcess(doNothing);  // returns STATUS_PENDING with the frame still queued
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    ASSERT_EQ(h.processCalls(), 1);
    ASSERT_EQ(h.write(b, key(2)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 1);
    h.queue().attemptProcessing(false);
    EXPECT_EQ(h.processCalls(), 2);
}

TEST(ProcessTriggerTest, SuccessMeansCallAgainOnlyWhileFramesRemain)
{
    QueueHarness h({});
    h.setProcess([](QueueHarness& q) {
        PKSSTREAM_POINTER edge = q.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED);
        if (edge != nullptr) {
            KsStreamPointerUnlock(edge, TRUE);  // one frame per call
        }
        return STATUS_SUCCESS;
    });
    h.walkTo(KSSTATE_ACQUIRE);
    Buffers a(3, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    h.walkTo(KSSTATE_PAUSE);
    EXPECT_EQ(h.processCalls(), 3);  // not a fourth time on an empty queue
    EXPECT_TRUE(h.completed(key(1)));
}

TEST(ProcessGateTest, AClosedAndGateHoldsProcessingOff)
{
    QueueHarness h({});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    PKSGATE gate = h.queue().andGate();
    EXPECT_TRUE(KsGateGetStateUnsafe(gate));  // starts open
    KsGateAddOffInputToAnd(gate);
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 0);
    KsGateTurnInputOn(gate);
    h.queue().attemptProcessing(false);
    EXPECT_EQ(h.processCalls(), 1);
    EXPECT_TRUE(h.completed(key(1)));
}

TEST(ProcessMutexTest, ATriggerWhileTheDriverHoldsTheMutexRunsAfterRelease)
{
    QueueHarness h({});
    h.setProcess(consumeAll);
    h.walkTo(KSSTATE_PAUSE);
    h.queue().acquireProcessingMutex();
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    EXPECT_EQ(h.processCalls(), 0);
    h.queue().releaseProcessingMutex();  // the deferred trigger runs on the worker
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_EQ(h.processCalls(), 1);
}

TEST(ProcessMutexTest, AcquireWaitsForARunningProcess)
{
    QueueHarness h({});
    std::mutex m;
    std::condition_variable cv;
    bool inProcess = false;
    bool release = false;
    std::atomic<bool> processReturned{false};
    h.setProcess([&](QueueHarness& q) {
        {
            std::unique_lock lk(m);
            inProcess = true;
            cv.notify_all();
            cv.wait(lk, [&] { return release; });
        }
        const NTSTATUS s = consumeAll(q);
        processReturned = true;
        return s;
    });
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    std::thread writer([&] { EXPECT_EQ(h.write(a, key(1)), STATUS_SUCCESS); });
    {
        std::unique_lock lk(m);
        cv.wait(lk, [&] { return inProcess; });
    }
    std::atomic<bool> acquired{false};
    std::thread locker([&] {
        h.queue().acquireProcessingMutex();
        acquired = true;
        EXPECT_TRUE(processReturned.load());  // not while Process runs
        h.queue().releaseProcessingMutex();
    });
    EXPECT_FALSE(acquired.load());
    {
        std::lock_guard lk(m);
        release = true;
        cv.notify_all();
    }
    writer.join();
    locker.join();
    EXPECT_TRUE(acquired.load());
}

TEST(ProcessMutexTest, AcquiringFromInsideProcessIsIgnoredInsteadOfDeadlocking)
{
    QueueHarness h({});
    h.setProcess([](QueueHarness& q) {
        q.queue().acquireProcessingMutex();
        q.queue().releaseProcessingMutex();
        return consumeAll(q);
    });
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    EXPECT_EQ(h.write(a, key(1)), STATUS_SUCCESS);
}

TEST(ProcessAsyncTest, AsynchronousAttemptRunsOnTheWorker)
{
    QueueHarness h({.flags = KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING});
    std::atomic<std::thread::id> processThread{};
    h.setProcess([&](QueueHarness& q) {
        processThread = std::this_thread::get_id();
        return consumeAll(q);
    });
    h.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    ASSERT_EQ(h.write(a, key(1)), STATUS_PENDING);
    h.queue().attemptProcessing(true);
    ASSERT_TRUE(h.waitForCompletions(1));
    EXPECT_NE(processThread.load(), std::this_thread::get_id());
    EXPECT_EQ(h.processCalls(), 1);
}

TEST(ProcessSerialisationTest, ProcessNeverRunsConcurrentlyOrRecursivelyAndNoTriggerIsLost)
{
    QueueHarness h({.flags = KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL});
    std::atomic<int> inside{0};
    std::atomic<int> maxInside{0};
    int calls = 0;  // Process is serialised: a plain int
    h.setProcess([&](QueueHarness& q) {
        const int now = ++inside;
        int seen = maxInside.load();
        while (now > seen && !maxInside.compare_exchange_weak(seen, now)) {
        }
        if (calls++ % 5 == 0) {
            // A re-entrant trigger becomes "call again", not recursion.  (A
            // Process that always asks again is called forever, as on Windows.)
            q.queue().attemptProcessing(false);
        }
        NTSTATUS s = consumeAll(q);
        --inside;
        return s;
    });
    h.walkTo(KSSTATE_PAUSE);
    constexpr int kThreads = 4;
    constexpr int kPerThread = 200;
    std::vector<std::unique_ptr<Buffers>> buffers;
    for (int i = 0; i < kThreads * kPerThread; ++i) {
        buffers.push_back(std::make_unique<Buffers>(1, 16));
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const int n = t * kPerThread + i;
                NTSTATUS s = h.write(*buffers[n], key(n + 1));
                EXPECT_TRUE(s == STATUS_PENDING || s == STATUS_SUCCESS) << std::hex << s;
                if (i % 16 == 0) {
                    h.queue().attemptProcessing(i % 32 == 0);
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    ASSERT_TRUE(h.waitForCompletions(kThreads * kPerThread));
    EXPECT_EQ(maxInside.load(), 1);
    EXPECT_TRUE(h.queue().idle());
}

TEST(ProcessCallbackTest, ATriggerRaisedInsideACompletionRunsOnTheWorkerNotNested)
{
    QueueHarness first({});
    QueueHarness second({});
    first.setProcess(consumeAll);
    std::atomic<std::thread::id> secondProcessThread{};
    second.setProcess([&](QueueHarness& q) {
        secondProcessThread = std::this_thread::get_id();
        return consumeAll(q);
    });
    first.walkTo(KSSTATE_PAUSE);
    second.walkTo(KSSTATE_PAUSE);
    Buffers a(1, 8);
    Buffers b(1, 8);
    first.onComplete([&](const Completion&) { (void)second.write(b, key(2)); });
    EXPECT_EQ(first.write(a, key(1)), STATUS_SUCCESS);
    ASSERT_TRUE(second.waitForCompletions(1));
    EXPECT_NE(secondProcessThread.load(), std::this_thread::get_id());
}

// --- Filter-centric ------------------------------------------------------------------

// A filter the object model does not know: KSFILTER behind a zeroed link slot.
struct FakeFilter {
    std::uint64_t objectLinkSlot[4] = {};
    KSFILTER filter{};
};

struct TransformFixture : ::testing::Test {
    static NTSTATUS process(PKSFILTER filter, PKSPROCESSPIN_INDEXENTRY index)
    {
        auto* self = static_cast<TransformFixture*>(filter->Context);
        ++self->calls;
        EXPECT_EQ(index[0].Count, 1u);
        EXPECT_EQ(index[1].Count, 1u);
        PKSPROCESSPIN in = index[0].Pins[0];
        PKSPROCESSPIN out = index[1].Pins[0];
        const ULONG n = std::min(in->BytesAvailable, out->BytesAvailable);
        std::memcpy(out->Data, in->Data, n);
        in->BytesUsed = n;
        out->BytesUsed = n;
        out->Terminate = TRUE;  // one output frame per input chunk
        return STATUS_SUCCESS;
    }

    TransformFixture()
    {
        dispatch.Process = &TransformFixture::process;
        pins[0].PinDescriptor.DataFlow = KSPIN_DATAFLOW_IN;
        pins[0].InstancesNecessary = 1;
        pins[1].PinDescriptor.DataFlow = KSPIN_DATAFLOW_OUT;
        pins[1].InstancesNecessary = 1;
        descriptor.Dispatch = &dispatch;
        descriptor.Version = KSFILTER_DESCRIPTOR_VERSION;
        descriptor.PinDescriptorsCount = 2;
        descriptor.PinDescriptorSize = sizeof(KSPIN_DESCRIPTOR_EX);
        descriptor.PinDescriptors = pins;
        fake.filter.Descriptor = &descriptor;
        fake.filter.Context = this;
        makeProcessor();
    }

    // What the object model does per filter: FilterProcessor::create.
    void makeProcessor()
    {
        owner = avstream::FilterProcessor::create(&fake.filter);
        processor = static_cast<avstream::FilterProcessorHandle*>(owner.get())->processor();
    }

    KSFILTER_DISPATCH dispatch{};
    KSPIN_DESCRIPTOR_EX pins[2]{};
    KSFILTER_DESCRIPTOR descriptor{};
    FakeFilter fake;
    std::unique_ptr<avstream::FilterProcessor> owner;
    avstream::FilterProcessorImpl* processor = nullptr;
    std::atomic<int> calls{0};
};

TEST_F(TransformFixture, FilterProcessRunsOnlyWhenEveryPinHasFramesAndMovesTheData)
{
    QueueHarness in({.dataFlow = KSPIN_DATAFLOW_IN, .process = false, .id = 0});
    QueueHarness out({.dataFlow = KSPIN_DATAFLOW_OUT, .process = false, .id = 1});
    processor->addPin(in.pin(), &in.queue());
    in.walkTo(KSSTATE_PAUSE);
    Buffers src(1, 16);
    ASSERT_EQ(in.write(src, key(1)), STATUS_PENDING);
    EXPECT_EQ(calls.load(), 0);  // the output pin type has no instance yet (InstancesNecessary 1)
    processor->addPin(out.pin(), &out.queue());
    out.walkTo(KSSTATE_PAUSE);
    EXPECT_EQ(calls.load(), 0);  // no output frame yet
    Buffers dst(2, 8, sizeof(KSSTREAM_HEADER), false);
    const NTSTATUS s = out.read(dst, key(2));
    EXPECT_TRUE(s == STATUS_SUCCESS || s == STATUS_PENDING);
    ASSERT_TRUE(in.waitForCompletions(1));
    ASSERT_TRUE(out.waitForCompletions(1));
    EXPECT_EQ(calls.load(), 2);  // 16 input bytes into two 8-byte output frames
    EXPECT_EQ(in.completionOf(key(1)).information, 16u);
    EXPECT_EQ(dst.header(0)->DataUsed, 8u);
    EXPECT_EQ(dst.header(1)->DataUsed, 8u);
    EXPECT_EQ(std::memcmp(dst.data(0), src.data(0), 8), 0);
    EXPECT_EQ(std::memcmp(dst.data(1), src.data(0) + 8, 8), 0);
    processor->pinRemoved(out.pin());
    processor->pinRemoved(in.pin());
}

TEST_F(TransformFixture, FilterGateAndProcessingMutexHoldProcessingOff)
{
    QueueHarness in({.dataFlow = KSPIN_DATAFLOW_IN, .process = false, .id = 0});
    QueueHarness out({.dataFlow = KSPIN_DATAFLOW_OUT, .process = false, .id = 1});
    processor->addPin(in.pin(), &in.queue());
    processor->addPin(out.pin(), &out.queue());
    in.walkTo(KSSTATE_PAUSE);
    out.walkTo(KSSTATE_PAUSE);
    KsGateAddOffInputToAnd(processor->gate());
    Buffers src(1, 8);
    Buffers dst(1, 8, sizeof(KSSTREAM_HEADER), false);
    ASSERT_EQ(in.write(src, key(1)), STATUS_PENDING);
    ASSERT_EQ(out.read(dst, key(2)), STATUS_PENDING);
    EXPECT_EQ(calls.load(), 0);
    KsGateTurnInputOn(processor->gate());
    processor->acquireMutex();
    processor->attempt(false);  // held off by the mutex: remembered
    EXPECT_EQ(calls.load(), 0);
    processor->releaseMutex();  // ... and run on the worker
    ASSERT_TRUE(out.waitForCompletions(1));
    EXPECT_EQ(calls.load(), 1);
    processor->pinRemoved(out.pin());
    processor->pinRemoved(in.pin());
}

TEST_F(TransformFixture, ProcessPinUpdateSettlesWhatWasUsedAndRefreshesThePin)
{
    dispatch.Process = [](PKSFILTER filter, PKSPROCESSPIN_INDEXENTRY index) -> NTSTATUS {
        auto* self = static_cast<TransformFixture*>(filter->Context);
        ++self->calls;
        PKSPROCESSPIN in = index[0].Pins[0];
        EXPECT_EQ(in->BytesAvailable, 16u);
        auto* first = static_cast<std::uint8_t*>(in->Data);
        in->BytesUsed = 10;
        EXPECT_TRUE(KsProcessPinUpdate(in));  // still has data: the rest of the frame
        EXPECT_EQ(in->BytesAvailable, 6u);
        EXPECT_EQ(static_cast<std::uint8_t*>(in->Data), first + 10);
        EXPECT_EQ(in->BytesUsed, 0u);
        in->BytesUsed = 6;  // the rest: the frame is used up after Process
        return STATUS_PENDING;
    };
    pins[1].InstancesNecessary = 0;
    makeProcessor();
    QueueHarness in({.dataFlow = KSPIN_DATAFLOW_IN, .process = false, .id = 0});
    processor->addPin(in.pin(), &in.queue());
    in.walkTo(KSSTATE_PAUSE);
    Buffers src(1, 16);
    EXPECT_EQ(in.write(src, key(1)), STATUS_SUCCESS);
    EXPECT_EQ(calls.load(), 1);
    EXPECT_EQ(in.completionOf(key(1)).information, 16u);
    EXPECT_FALSE(KsProcessPinUpdate(nullptr));
    processor->pinRemoved(in.pin());
}

TEST_F(TransformFixture, FramesNotRequiredPinsDoNotNeedFrames)
{
    pins[1].Flags = KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING;
    dispatch.Process = [](PKSFILTER filter, PKSPROCESSPIN_INDEXENTRY index) -> NTSTATUS {
        auto* self = static_cast<TransformFixture*>(filter->Context);
        ++self->calls;
        EXPECT_EQ(index[1].Pins[0]->StreamPointer, nullptr);  // no output frame
        index[0].Pins[0]->Terminate = TRUE;                     // drop the input
        return STATUS_PENDING;
    };
    makeProcessor();
    QueueHarness in({.dataFlow = KSPIN_DATAFLOW_IN, .process = false, .id = 0});
    QueueHarness out({.flags = KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING, .dataFlow = KSPIN_DATAFLOW_OUT,
                      .process = false, .id = 1});
    processor->addPin(in.pin(), &in.queue());
    processor->addPin(out.pin(), &out.queue());
    in.walkTo(KSSTATE_PAUSE);
    out.walkTo(KSSTATE_PAUSE);
    Buffers src(1, 8);
    const NTSTATUS s = in.write(src, key(1));
    EXPECT_EQ(s, STATUS_SUCCESS);
    EXPECT_EQ(calls.load(), 1);
    processor->pinRemoved(out.pin());
    processor->pinRemoved(in.pin());
}

}  // namespace
}  // namespace openks::test
