// SPDX-License-Identifier: MIT
// End-to-end streaming for tests: overlapped stream requests through the io layer to openks_streamdrv's pins, as a user-mode client sends them.
#pragma once

/*
 * KsSession (tests/support) opens filters, creates pins and answers
 * properties synchronously; StreamClient adds what a streaming client does:
 * overlapped READ_STREAM / WRITE_STREAM requests, each with its own KEVENT
 * and IO_STATUS_BLOCK (like an OVERLAPPED), waited on like PortAudio and
 * GStreamer wait, plus the order requests completed in.
 *
 *   KsSession s;
 *   HANDLE filter, pin;
 *   ASSERT_EQ(s.openFilter(streamFilterPath(STREAMDRV_FILTER_GUID), &filter), STATUS_SUCCESS);
 *   ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_RENDER, &pin), STATUS_SUCCESS);
 *   StreamClient c(s);
 *   StreamClient::Request r;
 *   c.submit(pin, IOCTL_KS_WRITE_STREAM, headers, size, &r);
 *   EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
 */

#include <openks/ks.h>

#include "avstream/streamdrv/streamdrv_protocol.h"
#include "support/ks_session.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace openks::test {

// Starts the host with the test drivers and returns the interface path of
// openks_streamdrv's filter whose ReferenceGuid is `reference`, or "".
std::u16string streamFilterPath(const GUID& reference);

class StreamClient {
public:
    struct Request {
        IO_STATUS_BLOCK iosb{};
        KEVENT event{};
        NTSTATUS dispatched = STATUS_SUCCESS;  // what the dispatch returned (STATUS_PENDING or final)
        std::atomic<std::uint64_t> order{0};   // 1-based completion order on this client; 0 while pending
    };

    explicit StreamClient(KsSession& session) : session_(session) {}

    // Sends one overlapped stream IOCTL with the headers as the output
    // buffer (input empty, as every real client does).  Returns what the
    // I/O call returned: STATUS_PENDING, or the final status.
    NTSTATUS submit(HANDLE pin, ULONG code, void* headers, ULONG length, Request* r, void* input = nullptr,
                    ULONG inputLength = 0);
    NTSTATUS write(HANDLE pin, void* headers, ULONG length, Request* r)
    {
        return submit(pin, IOCTL_KS_WRITE_STREAM, headers, length, r);
    }
    NTSTATUS read(HANDLE pin, void* headers, ULONG length, Request* r)
    {
        return submit(pin, IOCTL_KS_READ_STREAM, headers, length, r);
    }
    // Waits for the request's event (bounded; STATUS_TIMEOUT if it never
    // completes) and returns IO_STATUS_BLOCK.Status.  A request refused
    // before an IRP existed returns its dispatch status.
    NTSTATUS wait(Request* r, int timeoutMs = 10000);
    // Whether the event is signalled now.
    static bool done(Request* r);
    // CancelIoEx on one request.
    bool cancel(HANDLE pin, Request* r);

private:
    static void onComplete(void* context, void* key, NTSTATUS status, ULONG_PTR information);

    KsSession& session_;
    std::atomic<std::uint64_t> next_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
};

// The driver's counters of a pin (or of the transform filter).
STREAMDRV_COUNTERS streamCounters(KsSession& session, HANDLE handle);
// SET one ULONG of KSPROPSETID_OpenksStream.
NTSTATUS setStreamProperty(KsSession& session, HANDLE handle, ULONG id, ULONG value);

// Pins of openks_streamdrv: 48 kHz / 16-bit / stereo PCM (audio pins), YUY2
// (video pin), bytes (transform pins).
NTSTATUS createAudioPin(KsSession& session, HANDLE filter, ULONG pinId, HANDLE* pin);
NTSTATUS createVideoPin(KsSession& session, HANDLE filter, HANDLE* pin);
NTSTATUS createBytePin(KsSession& session, HANDLE filter, ULONG pinId, HANDLE* pin);

// Walks a pin through KSPROPERTY_CONNECTION_STATE; the status of the SET.
NTSTATUS setPinState(KsSession& session, HANDLE pin, KSSTATE state);

}  // namespace openks::test
