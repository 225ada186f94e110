// SPDX-License-Identifier: MIT
// The shared stream loop: packet storage, state walk, priming, waiting, resubmission, watchdog, stop and drain.
#include "ksctl/stream_loop.h"

#include <fmt/format.h>

#include <chrono>
#include <cstring>

#include "ksctl/failure.h"
#include "ksctl/names.h"
#include "ksctl/pin_setup.h"

namespace ksctl {

namespace {

constexpr std::size_t kAlignment = 4096;  // ksvideosrc aligns its frame buffers to pages

std::size_t roundUp(std::size_t n, std::size_t to)
{
    return (n + to - 1) / to * to;
}

}  // namespace

std::vector<Assignment> parseAssignments(const std::vector<std::string>& texts)
{
    std::vector<Assignment> out;
    for (const std::string& t : texts)
        out.push_back(parseAssignment(t));
    return out;
}

StreamLoop::StreamLoop(HANDLE pin, ULONG code, unsigned packets, ULONG bytesPerPacket, ULONG headerSize)
    : pin_(pin), code_(code), headerSize_(headerSize), bytesPerPacket_(bytesPerPacket)
{
    if (packets < 1 || packets > MAXIMUM_WAIT_OBJECTS - 1) {
        throw Failure(Exit::Usage, fmt::format("--packets must be 1..{}", MAXIMUM_WAIT_OBJECTS - 1));
    }
    if (abort_.event() == nullptr) throw Failure(Exit::Failed, "cannot create the abort event");
    stride_ = roundUp(std::max<std::size_t>(bytesPerPacket, 1), kAlignment);
    data_.resize(stride_ * packets + kAlignment);
    const auto base = reinterpret_cast<std::uintptr_t>(data_.data());
    alignedData_ = data_.data() + (roundUp(base, kAlignment) - base);
    headers_.assign(roundUp(headerSize, 8) / 8 * packets, 0);
    events_.assign(packets, nullptr);
    requests_.resize(packets);
    inFlight_.assign(packets, false);
    order_.assign(packets, 0);
    waits_.assign(packets + 1, nullptr);
    for (unsigned i = 0; i < packets; ++i) {
        events_[i] = CreateEventA(nullptr, TRUE, FALSE, nullptr);
        if (events_[i] == nullptr) throw Failure(Exit::Failed, "cannot create the packet events");
        requests_[i].overlapped.hEvent = events_[i];
        KSSTREAM_HEADER& h = header(i);
        h.Size = headerSize;
        h.Data = alignedData_ + stride_ * i;
        h.FrameExtent = bytesPerPacket;
        h.PresentationTime.Numerator = 1;
        h.PresentationTime.Denominator = 1;
        if (KS_FRAME_INFO* info = frameInfo(i)) info->ExtendedHeaderSize = headerSize - sizeof(KSSTREAM_HEADER);
    }
}

StreamLoop::~StreamLoop()
{
    if (outstanding_ != 0) {
        // Never free buffers a driver may still write: cancel, then wait for each to come back.
        (void)CancelIoEx(pin_, nullptr);
        for (unsigned i = 0; i < events_.size(); ++i) {
            if (inFlight_[i]) (void)WaitForSingleObject(events_[i], 5000);
        }
    }
    for (HANDLE e : events_) {
        if (e != nullptr) CloseHandle(e);
    }
}

KSSTREAM_HEADER& StreamLoop::header(unsigned i)
{
    return *reinterpret_cast<KSSTREAM_HEADER*>(headers_.data() + roundUp(headerSize_, 8) / 8 * i);
}

KS_FRAME_INFO* StreamLoop::frameInfo(unsigned i)
{
    if (headerSize_ < sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO)) return nullptr;
    return reinterpret_cast<KS_FRAME_INFO*>(reinterpret_cast<std::byte*>(&header(i)) + sizeof(KSSTREAM_HEADER));
}

void StreamLoop::submit(unsigned i)
{
    bool issued = true;
    const NTSTATUS s = submitStream(pin_, code_, &header(i), headerSize_, &requests_[i], &issued);
    if (!issued) {
        stopping_ = true;
        submitError_ = s;
        ResetEvent(events_[i]);
        return;
    }
    inFlight_[i] = true;
    ++outstanding_;
    order_[(head_ + queued_) % order_.size()] = i;
    ++queued_;
}

void StreamLoop::collect(unsigned i, const Complete& complete, bool running)
{
    const Answer answer = finishStream(pin_, code_, &header(i), headerSize_, &requests_[i]);
    inFlight_[i] = false;
    --outstanding_;
    ++completed_;
    // Keep the submission order: drop i from it (the oldest, when completions are FIFO).
    for (unsigned k = 0; k < queued_; ++k) {
        if (order_[(head_ + k) % order_.size()] != i) continue;
        for (unsigned m = k; m > 0; --m)
            order_[(head_ + m) % order_.size()] = order_[(head_ + m - 1) % order_.size()];
        head_ = (head_ + 1) % static_cast<unsigned>(order_.size());
        --queued_;
        break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (running) {
        stats_.record(now);
        lastCompletion_ = now;
    } else {
        ++flushed_;
    }
    const bool again = complete(i, answer);
    if (again && !stopping_) {
        submit(i);
    } else {
        ResetEvent(events_[i]);
    }
}

void StreamLoop::stopPin()
{
    // PortAudio's stop: PAUSE, then STOP; STOP completes whatever is still queued.
    for (KSSTATE next : {KSSTATE_PAUSE, KSSTATE_STOP}) {
        if (state_ <= next) continue;
        const NTSTATUS s = setState(pin_, next);
        if (!NT_SUCCESS(s) && stateError_.empty()) {
            stateError_ = fmt::format("setting the pin to {} failed: {}", stateName(next), statusText(s));
        }
        state_ = next;
    }
}

void StreamLoop::collectRemaining(const Complete& complete)
{
    for (unsigned pass = 0; pass < events_.size() && outstanding_ != 0; ++pass) {
        const unsigned i = order_[head_];
        if (!inFlight_[i]) break;
        if (WaitForSingleObject(events_[i], 1000) != WAIT_OBJECT_0) break;  // the destructor cancels it
        collect(i, complete, false);
    }
}

void StreamLoop::run(const Fill& fill, const Complete& complete, unsigned timeoutMs, std::size_t expectedCompletions,
                     bool submitBeforeRun, bool fifo)
{
    stats_.reserve(expectedCompletions);
    auto fail = [this](const std::string& what) {
        stopping_ = true;
        stopPin();
        throw Failure(Exit::Failed, what);
    };
    for (KSSTATE next : {KSSTATE_ACQUIRE, KSSTATE_PAUSE}) {
        const NTSTATUS s = setState(pin_, next);
        if (!NT_SUCCESS(s)) fail(fmt::format("setting the pin to {} failed: {}", stateName(next), statusText(s)));
        state_ = next;
    }
    auto prime = [&] {
        for (unsigned i = 0; i < events_.size() && !stopping_; ++i) {
            if (!fill(i)) break;
            submit(i);
        }
    };
    if (submitBeforeRun) prime();
    const NTSTATUS running = setState(pin_, KSSTATE_RUN);
    if (!NT_SUCCESS(running)) {
        stopPin();
        collectRemaining(complete);
        throw Failure(Exit::Failed, fmt::format("setting the pin to RUN failed: {}", statusText(running)));
    }
    state_ = KSSTATE_RUN;
    const auto started = std::chrono::steady_clock::now();
    lastCompletion_ = started;
    if (!submitBeforeRun) prime();

    bool watchdog = false;
    DWORD waitError = ERROR_SUCCESS;
    while (outstanding_ != 0 && !stopping_) {
        waits_[0] = abort_.event();
        DWORD count;
        if (fifo) {
            waits_[1] = events_[order_[head_]];
            count = 2;
        } else {
            for (unsigned i = 0; i < events_.size(); ++i)
                waits_[i + 1] = events_[i];
            count = static_cast<DWORD>(events_.size() + 1);
        }
        const DWORD woke = WaitForMultipleObjects(count, waits_.data(), FALSE, timeoutMs);
        if (woke == WAIT_TIMEOUT) {
            watchdog = true;
            stopping_ = true;
        } else if (woke == WAIT_OBJECT_0) {
            interrupted_ = true;
            stopping_ = true;
        } else if (woke > WAIT_OBJECT_0 && woke < WAIT_OBJECT_0 + count) {
            collect(fifo ? order_[head_] : woke - WAIT_OBJECT_0 - 1, complete, true);
        } else {
            waitError = GetLastError();
            stopping_ = true;
        }
    }
    runSeconds_ = std::chrono::duration<double>(lastCompletion_ - started).count();
    stopPin();
    collectRemaining(complete);
    if (watchdog) {
        throw Failure(Exit::Failed,
                      fmt::format("no {} completed within {} ms (watchdog)",
                                  code_ == IOCTL_KS_WRITE_STREAM ? "write" : "read", timeoutMs),
                      {"the pin stopped consuming or producing data; --timeout-ms raises the limit"});
    }
    if (waitError != ERROR_SUCCESS) {
        throw Failure(Exit::Failed, fmt::format("WaitForMultipleObjects failed: {}", win32Name(waitError)));
    }
    if (submitError_ != STATUS_SUCCESS) {
        throw Failure(Exit::Failed, fmt::format("{} was refused: {}", ioctlName(code_), statusText(submitError_)));
    }
    if (!stateError_.empty()) throw Failure(Exit::Failed, stateError_);
}

}  // namespace ksctl
