/* openks: C++ only */
// SPDX-License-Identifier: MIT
// openks::Pin: a pin instance — creation with a format, state changes, and allocation-free stream requests.
#pragma once

// A pin is created on a filter with a format the pin accepts, walked
// through its states, and fed (or drained) with arrays of KSSTREAM_HEADER:
//
//   auto pin = openks::Pin::create(filter, 0, formatBytes);        // KsCreatePin semantics
//   pin->setState(KSSTATE_ACQUIRE); pin->setState(KSSTATE_PAUSE);
//   openks::Request request(onDone, &context);                      // reused for every submission
//   NTSTATUS s = pin->write({&header, 1}, request);                 // STATUS_PENDING or the final status
//   pin->setState(KSSTATE_RUN);
//   ...
//   std::future<openks::Completion> done = pin->writeAsync({&header, 1});   // convenience, allocates
//
// write()/read() allocate nothing and add nothing to the Win32 path's cost:
// the Request is both the request's status block and its completion
// notification.  Completion runs Request's callback exactly once for every
// submission that was issued (any returned status except
// STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER and
// STATUS_ACCESS_DENIED from the submission itself), possibly before
// write() returns, on any thread.
//
// Threads: any thread; see openks::Request for its rules.

#include <openks/client/filter.h>
#include <openks/client/object.h>
#include <openks/client/request.h>
#include <openks/client/result.h>
#include <openks/ks.h>

#include <cstddef>
#include <future>
#include <span>

namespace openks {

// The outcome of a stream request submitted with writeAsync/readAsync.
struct Completion {
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
};

class Pin : public Object {
public:
    Pin() = default;
    explicit Pin(HANDLE handle) noexcept : Object(handle) {}

    // Creates an instance of pin factory `pinId` on `filter` with `format`
    // (a KSDATAFORMAT and its specifier, FormatSize bytes, plus its
    // attribute list if it has KSDATAFORMAT_ATTRIBUTES), the standard
    // streaming interface and medium and normal priority.  Errors as
    // KsCreatePin, as NTSTATUS: STATUS_NO_MATCH (format, interface or
    // medium refused), STATUS_INVALID_PARAMETER (bad sizes, pin id out of
    // range), STATUS_INSUFFICIENT_RESOURCES (instance limit).
    static Result<Pin> create(const Filter& filter, ULONG pinId, std::span<const std::byte> format,
                              ACCESS_MASK access = GENERIC_READ | GENERIC_WRITE);
    // The same with a caller-built KSPIN_CONNECT (interface, medium, priority, PinId).
    static Result<Pin> create(const Filter& filter, const KSPIN_CONNECT& connect, std::span<const std::byte> format,
                              ACCESS_MASK access = GENERIC_READ | GENERIC_WRITE);

    // KSPROPERTY_CONNECTION_STATE.  The pin walks skipped states itself.
    Result<void> setState(KSSTATE state) const;
    Result<KSSTATE> state() const;

    // IOCTL_KS_RESET_STATE with KSRESET_BEGIN or KSRESET_END.
    Result<void> reset(KSRESET value) const;

    // Submits IOCTL_KS_WRITE_STREAM / IOCTL_KS_READ_STREAM with `headers`
    // (in the output buffer, as every KS client does).  Returns
    // STATUS_PENDING, or the final status when the driver completed at once.
    // The headers, their data buffers and `request` must stay valid until
    // the request completes.  Read completions write DataUsed, flags and
    // times back into the headers before the callback runs.
    NTSTATUS write(std::span<KSSTREAM_HEADER> headers, Request& request) const noexcept;
    NTSTATUS read(std::span<KSSTREAM_HEADER> headers, Request& request) const noexcept;
    // The same for any header layout (extended headers: Size > sizeof(KSSTREAM_HEADER)); `length` bytes at `headers`.
    NTSTATUS submit(ULONG ioControl, void* headers, ULONG length, Request& request) const noexcept;

    // Convenience forms that allocate their own request.
    std::future<Completion> writeAsync(std::span<KSSTREAM_HEADER> headers) const;
    std::future<Completion> readAsync(std::span<KSSTREAM_HEADER> headers) const;

    // Requests cancellation of `request` / of every outstanding request of
    // this pin (CancelIoEx).  False when nothing matched.
    bool cancel(Request& request) const noexcept;
    bool cancelAll() const noexcept;
};

}  // namespace openks
