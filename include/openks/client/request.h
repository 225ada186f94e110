/* openks: C++ only */
// SPDX-License-Identifier: MIT
// openks::Request: one caller-owned, reusable stream request slot with a completion callback.
#pragma once

// A stream request (a write or a read of KSSTREAM_HEADERs) completes
// asynchronously.  The C++ API reports completion through a Request the
// caller owns and reuses, so submitting allocates nothing: the Request
// holds the request's status and byte count and a plain function pointer
// with a context, called exactly once per submission, on whatever thread
// completes it (possibly the submitting thread, before submit returns).
//
//   struct Stream { openks::Pin* pin; KSSTREAM_HEADER header; openks::Request request; };
//   void onDone(openks::Request& r, void* context) {
//       auto* s = static_cast<Stream*>(context);
//       if (r.status() == STATUS_SUCCESS) refill(s->header);
//       (void)s->pin->write({&s->header, 1}, r);      // resubmit from the callback
//   }
//   stream.request.setCallback(onDone, &stream);
//   NTSTATUS s = pin.write({&stream.header, 1}, stream.request);
//
// A Request must not be moved, destroyed or resubmitted while it is in
// flight (pending() is true); the headers and data buffers it carries
// must stay valid until its callback runs.
//
// Threads: status()/information()/pending() may be read from any thread;
// after pending() returns false (acquire) the header write-backs of the
// completed request are visible.

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>

#include <atomic>

namespace openks {

class Request {
public:
    // Called once per submission when it completes.  Must not block for long: it runs on the completing thread.
    using Callback = void (*)(Request& request, void* context);

    Request() = default;
    Request(Callback callback, void* context) : callback_(callback), context_(context) {}
    Request(const Request&) = delete;
    Request& operator=(const Request&) = delete;

    // Sets the callback (null: none) for the next submissions.  Not while pending().
    void setCallback(Callback callback, void* context)
    {
        callback_ = callback;
        context_ = context;
    }

    // The final status of the last submission, STATUS_PENDING while it is in
    // flight, STATUS_SUCCESS before the first submission.
    NTSTATUS status() const noexcept { return status_.load(std::memory_order_acquire); }
    // The byte count of the last completed submission (Information): bytes
    // consumed by a write, header bytes returned by a read.
    ULONG_PTR information() const noexcept { return information_; }
    bool pending() const noexcept { return status() == STATUS_PENDING; }

    // For the submitting code and the transport: marks the request in
    // flight before it is issued; records a refusal (the submission never
    // reached the driver, no callback runs); completes it.
    void begin() noexcept
    {
        information_ = 0;
        status_.store(STATUS_PENDING, std::memory_order_relaxed);
    }
    void refuse(NTSTATUS status) noexcept { status_.store(status, std::memory_order_release); }
    void complete(NTSTATUS status, ULONG_PTR information) noexcept
    {
        information_ = information;
        Callback callback = callback_;
        void* context = context_;
        status_.store(status, std::memory_order_release);
        if (callback != nullptr) callback(*this, context);
    }

private:
    std::atomic<NTSTATUS> status_{STATUS_SUCCESS};
    ULONG_PTR information_ = 0;
    Callback callback_ = nullptr;
    void* context_ = nullptr;
};

}  // namespace openks
