// SPDX-License-Identifier: MIT
// A pin queue without the object model: a test-owned KSPIN, its dispatch table and PinQueue, fed with real io-layer IRPs.
#pragma once

/*
 * The streaming engine's unit tests drive PinQueue directly.  The harness
 * plays both the object model (it creates the queue, walks states through
 * onStateChanged) and the issuer (it builds IRP_MJ_DEVICE_CONTROL IRPs from
 * the io layer's pool, dispatches them to the queue and records each
 * completion through a completion sink).  The test body plays the
 * minidriver: its Process and Reset callbacks are std::functions.
 *
 *   QueueHarness h({.flags = 0, .dataFlow = KSPIN_DATAFLOW_IN});
 *   h.setProcess([&](QueueHarness& q) { ... KsStreamPointer* ... return STATUS_PENDING; });
 *   h.walkTo(KSSTATE_PAUSE);
 *   Buffers b(1, 64);
 *   EXPECT_EQ(h.write(b, key(1)), STATUS_PENDING);
 *
 * The KSPIN sits behind a zeroed slot where the object model keeps its
 * object link, so KsPin* DDI calls on it (which look the queue up through
 * the object model) return NULL; tests use the queue's C++ API for those
 * and the KsStreamPointer* DDI for pointers.  pin->Context points at the
 * harness.
 */

#include <openks/driver.h>

#include "avstream/queue.h"
#include "io/irp.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace openks::test {

using avstream::Queue;

// Stream headers and the data buffers they describe (contiguous, 8-aligned).
class Buffers {
public:
    // `count` headers of `headerSize` bytes, each with a `bytes`-byte buffer.
    // For writes DataUsed = bytes (filled with a pattern); reads start at 0.
    Buffers(ULONG count, ULONG bytes, ULONG headerSize = sizeof(KSSTREAM_HEADER), bool forWrite = true);
    KSSTREAM_HEADER* header(ULONG i);
    KSSTREAM_HEADER* headers() { return header(0); }
    ULONG length() const { return count_ * headerSize_; }
    ULONG count() const { return count_; }
    std::uint8_t* data(ULONG i) { return data_.data() + std::size_t(i) * bytes_; }

private:
    ULONG count_;
    ULONG bytes_;
    ULONG headerSize_;
    std::vector<std::uint64_t> headerStorage_;
    std::vector<std::uint8_t> data_;
};

struct Completion {
    void* key;
    NTSTATUS status;
    ULONG_PTR information;
    std::uint64_t sequence;  // completion order on this harness
};

class QueueHarness {
public:
    struct Options {
        ULONG flags = 0;
        KSPIN_DATAFLOW dataFlow = KSPIN_DATAFLOW_IN;
        ULONG headerSize = sizeof(KSSTREAM_HEADER);
        bool process = true;  // give the pin a Process dispatch
        ULONG id = 0;         // KSPIN.Id (the pin factory)
    };

    explicit QueueHarness(const Options& options);
    ~QueueHarness();
    QueueHarness(const QueueHarness&) = delete;
    QueueHarness& operator=(const QueueHarness&) = delete;

    static QueueHarness& of(PKSPIN pin) { return *static_cast<QueueHarness*>(pin->Context); }

    avstream::PinQueue& queue() { return *queue_; }
    // What the object model would own (the queue's QueueHandle).
    Queue& handle() { return *handle_; }
    PKSPIN pin() { return &block_->pin; }

    // The minidriver's dispatch routines; Process counts its calls.
    void setProcess(std::function<NTSTATUS(QueueHarness&)> process);
    void setReset(std::function<void(QueueHarness&)> reset);
    int processCalls() const { return processCalls_.load(); }
    int resetCalls() const { return resetCalls_.load(); }

    // Walks the pin one step at a time to `target`, as the object model does.
    void walkTo(KSSTATE target);
    KSSTATE state() const { return state_; }

    // Sends one stream request; returns what dispatch returned.  `key`
    // identifies it in completions() and cancel().
    NTSTATUS send(ULONG code, void* output, ULONG outputLength, void* key, KPROCESSOR_MODE mode = UserMode,
                  void* input = nullptr, ULONG inputLength = 0);
    NTSTATUS write(Buffers& b, void* key, KPROCESSOR_MODE mode = UserMode)
    {
        return send(IOCTL_KS_WRITE_STREAM, b.headers(), b.length(), key, mode);
    }
    NTSTATUS read(Buffers& b, void* key, KPROCESSOR_MODE mode = UserMode)
    {
        return send(IOCTL_KS_READ_STREAM, b.headers(), b.length(), key, mode);
    }
    // IOCTL_KS_RESET_STATE; not recorded in completions().
    NTSTATUS reset(KSRESET value);

    // CancelIoEx on the request sent with `key`.
    bool cancel(void* key);

    std::vector<Completion> completions() const;
    bool completed(void* key) const;
    Completion completionOf(void* key) const;  // status 0xFFFFFFFF if not completed
    size_t completedCount() const;
    // Blocks until `count` requests have completed (event-driven, no sleeps);
    // false after `timeoutMs`.
    bool waitForCompletions(size_t count, int timeoutMs = 10000) const;
    // Called (on the completing thread, after the record) for every completion.
    void onComplete(std::function<void(const Completion&)> hook);
    // Room for `count` completion records, so that recording allocates nothing.
    void reserveCompletions(size_t count);

private:
    struct Block {
        std::uint64_t objectLinkSlot[4] = {};  // where the object model keeps its link: zero = not ours
        KSPIN pin{};
    };
    static NTSTATUS processThunk(PKSPIN pin);
    static void resetThunk(PKSPIN pin);
    static void sinkThunk(void* context, void* key, NTSTATUS status, ULONG_PTR information);

    std::unique_ptr<Block> block_;
    KSPIN_DISPATCH dispatch_{};
    KSPIN_DESCRIPTOR_EX descriptor_{};
    std::unique_ptr<Queue> handle_;
    avstream::PinQueue* queue_ = nullptr;
    KSSTATE state_ = KSSTATE_STOP;
    std::function<NTSTATUS(QueueHarness&)> process_;
    std::function<void(QueueHarness&)> reset_;
    std::atomic<int> processCalls_{0};
    std::atomic<int> resetCalls_{0};
    io::OutstandingIrps outstanding_;

    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    std::vector<Completion> completions_;
    std::function<void(const Completion&)> hook_;
    std::uint64_t sequence_ = 0;
    char resetKey_ = 0;
};

}  // namespace openks::test
