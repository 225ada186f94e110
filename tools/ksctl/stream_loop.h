// SPDX-License-Identifier: MIT
// The overlapped stream-request loop render and capture share: N packets, one event each, states, drain and stop.

// StreamLoop owns N packets (a data buffer, a KSSTREAM_HEADER with an
// optional KS_FRAME_INFO after it, a manual-reset event and an OVERLAPPED)
// and drives a created pin the way PortAudio and ksvideosrc do:
//
//   ACQUIRE, PAUSE, [prime: fill + submit each packet], RUN, [or prime now],
//   loop: wait for a packet's event (any: WaitForMultipleObjects over all of
//         them; fifo: the oldest in flight, as ksvideosrc assumes), collect
//         it, hand it to `complete`, resubmit it when `complete` refilled it;
//   end:  when nothing is in flight, or after requestStop()/Ctrl-C: PAUSE,
//         STOP (which completes what is still queued), collect the rest.
//
//   StreamLoop loop(pin, IOCTL_KS_WRITE_STREAM, 4, packetBytes, sizeof(KSSTREAM_HEADER));
//   loop.run(fill, complete, 5000, expectedCompletions, true, false);
//
// `fill(i)` prepares packet i and returns false when there is nothing to
// submit; `complete(i, answer)` consumes a completed packet and returns
// true when it refilled it for resubmission.  The loop allocates nothing
// after construction (tracing aside).  A watchdog ends the stream with
// Failure(Failed) when no request completes for timeoutMs.
//
// Threads: one thread.
#pragma once

#include <openks/client.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ksctl/interrupt.h"
#include "ksctl/ks_io.h"
#include "ksctl/property_ref.h"
#include "ksctl/stream_stats.h"

namespace ksctl {

class StreamLoop {
public:
    // `packets` in 1..63; `headerSize` is sizeof(KSSTREAM_HEADER), or more for an extended header
    // (KS_FRAME_INFO follows it, its ExtendedHeaderSize set).
    StreamLoop(HANDLE pin, ULONG code, unsigned packets, ULONG bytesPerPacket, ULONG headerSize);
    // Cancels and collects anything still in flight before the buffers go.
    ~StreamLoop();
    StreamLoop(const StreamLoop&) = delete;
    StreamLoop& operator=(const StreamLoop&) = delete;

    unsigned packets() const { return static_cast<unsigned>(events_.size()); }
    KSSTREAM_HEADER& header(unsigned i);
    // The KS_FRAME_INFO after packet i's header; null without an extended header.
    KS_FRAME_INFO* frameInfo(unsigned i);

    using Fill = std::function<bool(unsigned)>;
    using Complete = std::function<bool(unsigned, const Answer&)>;
    // Runs the stream (see the top of this file).  `expectedCompletions` sizes the statistics up front.
    void run(const Fill& fill, const Complete& complete, unsigned timeoutMs, std::size_t expectedCompletions,
             bool submitBeforeRun, bool fifo);

    // From `complete`: stop submitting; the loop then stops the pin (flushing what is queued).
    void requestStop() { stopping_ = true; }
    bool stopping() const { return stopping_; }
    bool interrupted() const { return interrupted_; }
    std::uint64_t completed() const { return completed_; }
    // Requests completed after the stop began (STOP flushed them, or they drained).
    std::uint64_t flushed() const { return flushed_; }
    const CompletionStats& stats() const { return stats_; }
    // From RUN to the last completion while running.
    double runSeconds() const { return runSeconds_; }

private:
    void submit(unsigned i);
    void collect(unsigned i, const Complete& complete, bool running);
    void stopPin();
    void collectRemaining(const Complete& complete);

    HANDLE pin_;
    ULONG code_;
    ULONG headerSize_;
    ULONG bytesPerPacket_;
    std::vector<std::byte> data_;
    std::byte* alignedData_ = nullptr;
    std::size_t stride_ = 0;
    std::vector<std::uint64_t> headers_;  // 8-byte aligned header storage
    std::vector<HANDLE> events_;
    std::vector<StreamRequest> requests_;
    std::vector<bool> inFlight_;
    std::vector<unsigned> order_;  // packets in flight, oldest first (a ring from head_)
    unsigned head_ = 0;
    unsigned queued_ = 0;
    std::vector<HANDLE> waits_;
    AbortScope abort_;
    KSSTATE state_ = KSSTATE_STOP;
    CompletionStats stats_;
    std::uint64_t completed_ = 0;
    std::uint64_t flushed_ = 0;
    unsigned outstanding_ = 0;
    bool stopping_ = false;
    bool interrupted_ = false;
    NTSTATUS submitError_ = STATUS_SUCCESS;
    std::string stateError_;
    std::chrono::steady_clock::time_point lastCompletion_{};
    double runSeconds_ = 0;
};

// Parses --set SET.ID=VALUE arguments (throws Failure(Usage)).
std::vector<Assignment> parseAssignments(const std::vector<std::string>& texts);

}  // namespace ksctl
