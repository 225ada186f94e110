// SPDX-License-Identifier: MIT
// Exactly-once completion under concurrency: submitters on several threads against STOP, RESET and cancel, with an inline sink and a clone-holding sink.

#include "stream_harness.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <algorithm>
#include <deque>
#include <random>
#include <thread>

namespace openks::test {
namespace {

// The minidriver half of the test: either consumes every frame inside
// Process, or keeps every other frame through a clone that a completer
// thread deletes later (or the clone's cancel callback, whichever comes
// first: exactly one of them deletes it).
class Sink {
public:
    explicit Sink(bool viaClones) : viaClones_(viaClones)
    {
        if (viaClones_) {
            completer_ = std::thread([this] { completerMain(); });
        }
    }
    ~Sink() { stop(); }

    void stop()
    {
        {
            std::lock_guard lk(mutex_);
            stopping_ = true;
            cv_.notify_all();
        }
        if (completer_.joinable()) {
            completer_.join();
        }
    }

    NTSTATUS process(QueueHarness& h)
    {
        while (PKSSTREAM_POINTER edge = h.queue().leadingEdge(KSSTREAM_POINTER_STATE_LOCKED)) {
            if (viaClones_ && (counter_++ % 2) == 0) {
                PKSSTREAM_POINTER clone = nullptr;
                if (KsStreamPointerClone(edge, &Sink::onCancel, sizeof(Sink*), &clone) == STATUS_SUCCESS) {
                    *static_cast<Sink**>(clone->Context) = this;
                    KsStreamPointerUnlock(clone, FALSE);
                    std::lock_guard lk(mutex_);
                    held_.push_back(clone);
                    cv_.notify_all();
                }
            }
            KsStreamPointerUnlock(edge, TRUE);
        }
        return STATUS_PENDING;
    }

private:
    static void onCancel(PKSSTREAM_POINTER clone)
    {
        Sink* self = *static_cast<Sink**>(clone->Context);
        bool mine = false;
        {
            std::lock_guard lk(self->mutex_);
            for (auto it = self->held_.begin(); it != self->held_.end(); ++it) {
                if (*it == clone) {
                    self->held_.erase(it);
                    mine = true;
                    break;
                }
            }
        }
        if (mine) {
            KsStreamPointerDelete(clone);
        }
    }

    void completerMain()
    {
        for (;;) {
            PKSSTREAM_POINTER clone;
            {
                std::unique_lock lk(mutex_);
                cv_.wait(lk, [&] { return stopping_ || !held_.empty(); });
                if (held_.empty()) {
                    return;
                }
                clone = held_.front();
                held_.pop_front();
            }
            KsStreamPointerDelete(clone);
        }
    }

    bool viaClones_;
    unsigned counter_ = 0;  // Process is serialised: no lock needed
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<PKSSTREAM_POINTER> held_;
    bool stopping_ = false;
    std::thread completer_;
};

void stress(bool viaClones)
{
    QueueHarness h({});
    Sink sink(viaClones);
    h.setProcess([&](QueueHarness& q) { return sink.process(q); });
    h.walkTo(KSSTATE_RUN);

    constexpr int kSubmitters = 3;
    constexpr int kPerSubmitter = 10000;
    constexpr int kTotal = kSubmitters * kPerSubmitter;
    std::vector<std::unique_ptr<Buffers>> buffers;
    for (int i = 0; i < kTotal; ++i) {
        buffers.push_back(std::make_unique<Buffers>(1 + i % 4, 16));
    }
    std::atomic<int> submittersDone{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kSubmitters; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerSubmitter; ++i) {
                const int n = t * kPerSubmitter + i;
                (void)h.write(*buffers[n], reinterpret_cast<void*>(std::uintptr_t(n + 1)));
            }
            ++submittersDone;
        });
    }
    // The controller: states, resets and cancels while requests flow.
    std::atomic<int> controls{0};
    std::thread controller([&] {
        std::mt19937 random(12345);
        while (submittersDone.load() < kSubmitters) {
            ++controls;
            switch (random() % 6) {
            case 0:
                h.walkTo(KSSTATE_STOP);
                h.walkTo(KSSTATE_RUN);
                break;
            case 1:
                h.walkTo(KSSTATE_PAUSE);
                h.walkTo(KSSTATE_RUN);
                break;
            case 2:
                (void)h.reset(KSRESET_BEGIN);
                (void)h.reset(KSRESET_END);
                break;
            default:
                (void)h.cancel(reinterpret_cast<void*>(std::uintptr_t(1 + random() % kTotal)));
                break;
            }
        }
    });
    for (auto& t : threads) {
        t.join();
    }
    controller.join();
    h.walkTo(KSSTATE_STOP);  // flush what is left
    sink.stop();             // the completer deletes the clones it still holds
    ASSERT_TRUE(h.waitForCompletions(kTotal, 60000));

    std::vector<int> seen(kTotal + 1, 0);
    int byStatus[4] = {};
    for (const Completion& c : h.completions()) {
        byStatus[c.status == STATUS_SUCCESS ? 0 : c.status == STATUS_CANCELLED ? 1 : c.status == STATUS_DEVICE_NOT_READY ? 2 : 3]++;
        const auto n = reinterpret_cast<std::uintptr_t>(c.key);
        ASSERT_GE(n, 1u);
        ASSERT_LE(n, std::uintptr_t(kTotal));
        ++seen[n];
        EXPECT_TRUE(c.status == STATUS_SUCCESS || c.status == STATUS_CANCELLED ||
                    c.status == STATUS_DEVICE_NOT_READY || c.status == STATUS_INVALID_DEVICE_STATE)
            << std::hex << c.status;
    }
    for (int n = 1; n <= kTotal; ++n) {
        EXPECT_EQ(seen[n], 1) << "request " << n;
    }
    EXPECT_GT(controls.load(), 0);
    ::testing::Test::RecordProperty("controls", controls.load());
    ::testing::Test::RecordProperty("succeeded", byStatus[0]);
    ::testing::Test::RecordProperty("cancelled", byStatus[1]);
    ::testing::Test::RecordProperty("refused", byStatus[2] + byStatus[3]);
    EXPECT_EQ(h.completedCount(), size_t(kTotal));
    EXPECT_TRUE(h.queue().idle());
    // FIFO: among the queued requests of one submitter, completion order is
    // submission order (a request the gate refused never entered the queue).
    std::vector<std::uint64_t> lastSequence(kSubmitters, 0);
    auto completions = h.completions();
    std::sort(completions.begin(), completions.end(),
              [](const Completion& a, const Completion& b) { return a.key < b.key; });
    for (const Completion& c : completions) {
        if (c.status == STATUS_DEVICE_NOT_READY || c.status == STATUS_INVALID_DEVICE_STATE) {
            continue;
        }
        const int n = int(reinterpret_cast<std::uintptr_t>(c.key)) - 1;
        const int t = n / kPerSubmitter;
        EXPECT_GT(c.sequence, lastSequence[t]) << "request " << n + 1;
        lastSequence[t] = c.sequence;
    }
}

TEST(QueueStressTest, ExactlyOnceCompletionWithAnInlineSink)
{
    stress(false);
}

TEST(QueueStressTest, ExactlyOnceCompletionWithClonesCompletedFromAnotherThread)
{
    stress(true);
}

}  // namespace
}  // namespace openks::test
