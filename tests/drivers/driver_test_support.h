// SPDX-License-Identifier: MIT
// Helpers the bundled-driver tests share: finding a filter, audio formats, stream headers, overlapped requests.
#pragma once

#include <openks/client.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace openks::test {

// The device path of `driver`'s filter in `category` (the path names
// "#<driver>#"), through openks::listDevices; empty when it is not published.
std::string driverPath(const char* driver, const GUID& category);

// A KSDATAFORMAT_WAVEFORMATEX (82 bytes) or, with `extensible`, a
// KSDATAFORMAT_WAVEFORMATEXTENSIBLE (104 bytes, default channel mask,
// wValidBitsPerSample = bits) for PCM or IEEE float, as clients build them.
std::vector<std::byte> audioFormat(WORD channels, DWORD rate, WORD bits, bool isFloat = false, bool extensible = false);

// A header for `bytes` bytes at `data`: a read (DataUsed 0) or a write (DataUsed = bytes).
KSSTREAM_HEADER streamHeader(void* data, ULONG bytes, bool write);

// One stream request issued the way PortAudio and ksvideosrc issue them:
// DeviceIoControl with an OVERLAPPED and a manual-reset event.
class AsyncIo {
public:
    AsyncIo();
    ~AsyncIo();  // waits for a request still in flight
    AsyncIo(const AsyncIo&) = delete;
    AsyncIo& operator=(const AsyncIo&) = delete;

    // Issues `length` bytes of headers; the status DeviceIoControl reports
    // (STATUS_PENDING, the final status, or the refusal).
    NTSTATUS start(const Pin& pin, ULONG ioControl, void* headers, ULONG length);
    bool started() const { return started_; }
    bool done() const { return HasOverlappedIoCompleted(&overlapped_); }
    // Waits for completion: the final status and Information.
    Completion wait();

private:
    HANDLE pin_ = nullptr;
    bool started_ = false;
    OVERLAPPED overlapped_{};
};

// Submits `length` bytes of headers and waits for completion.  A refused submission returns its status.
Completion submitAndWait(const Pin& pin, ULONG ioControl, void* headers, ULONG length);

// SET / GET of a 4-byte property on a pin (or filter); the status of the request.
NTSTATUS setUlong(const Object& object, const GUID& set, ULONG id, ULONG value);
NTSTATUS getUlong(const Object& object, const GUID& set, ULONG id, ULONG* value);

// Walks a pin to `state` and expects success.
void setStateOrFail(const Pin& pin, KSSTATE state);

}  // namespace openks::test
