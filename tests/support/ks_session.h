// SPDX-License-Identifier: MIT
// A test's client of KS filters and pins: its own handle table, raw property requests and pin creation through the io
// layer.
#pragma once

#include <openks/ks.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/file.h"
#include "io/handle_table.h"
#include "io/object.h"

namespace openks::test {

// What a request completed with: the status and IO_STATUS_BLOCK.Information.
struct IoResult {
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
};

// Points OPENKS_DRIVER_PATH at <build>/tests/drivers (unless the environment
// already sets it) and starts the driver host once per process.  Call it
// before the first request; any thread.
void startHostWithTestDrivers();

// The interface path of the first published filter of `driver`
// ("openks_testdrv"), or an empty string.
std::u16string filterPath(const std::string& driver);

// Every published filter's interface path (what the conformance suite walks).
std::vector<std::u16string> publishedFilterPaths();

// A client process for one test: requests go through its own handle table
// with the requestor mode given at construction (UserMode, like an
// application, unless a test says otherwise).  Destroying the session closes
// every handle it still has.  Every call blocks until its request completed
// (STATUS_PENDING is waited out).  Use from one thread at a time per call
// site; handles may be shared with other threads.
//
//   KsSession s;
//   HANDLE filter;
//   ASSERT_EQ(s.openFilter(filterPath("openks_testdrv"), &filter), STATUS_SUCCESS);
//   ULONG count = 0;
//   IoResult r = s.property(filter, KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES, KSPROPERTY_TYPE_GET, &count, 4);
class KsSession {
public:
    explicit KsSession(KPROCESSOR_MODE mode = UserMode);
    ~KsSession();
    KsSession(const KsSession&) = delete;
    KsSession& operator=(const KsSession&) = delete;

    io::Requestor requestor() { return table_.requestor(); }

    // IRP_MJ_CREATE on an interface path.
    NTSTATUS openFilter(std::u16string_view path, HANDLE* filter, ACCESS_MASK access = GENERIC_READ | GENERIC_WRITE);
    // KsCreatePin: "{KSSTRING_Pin}\" + KSPIN_CONNECT + the format (FormatSize bytes).
    NTSTATUS createPin(HANDLE filter, const KSPIN_CONNECT& connect, const KSDATAFORMAT* format, HANDLE* pin,
                       ACCESS_MASK access = GENERIC_READ | GENERIC_WRITE);
    // A relative create with exactly these name bytes (malformed-request tests).
    NTSTATUS createRaw(HANDLE filter, const void* name, ULONG nameBytes, HANDLE* child);
    NTSTATUS close(HANDLE handle);

    // One METHOD_NEITHER device control.
    IoResult ioctl(HANDLE handle, ULONG code, void* input, ULONG inputLength, void* output, ULONG outputLength);

    // KSPROPERTY {set, id, flags} with `value` as the value buffer.
    IoResult property(HANDLE handle, const GUID& set, ULONG id, ULONG flags, void* value, ULONG valueLength);
    // KSP_PIN {set, id, flags, pinId} (filter pin properties).
    IoResult pinProperty(HANDLE filter, ULONG pinId, const GUID& set, ULONG id, ULONG flags, void* value,
                         ULONG valueLength);
    // KSPROPERTY_CONNECTION_STATE.
    IoResult setState(HANDLE pin, KSSTATE state);
    IoResult getState(HANDLE pin, KSSTATE* state);

    // The file object behind one of this session's handles (a reference).
    io::ObjectRef<FILE_OBJECT> fileObject(HANDLE handle);

private:
    io::HandleTable table_;
};

// {KSINTERFACESETID_Standard, STANDARD_STREAMING}, {KSMEDIUMSETID_Standard,
// ANYINSTANCE}, `pinId`, no PinToHandle, KSPRIORITY_NORMAL.
KSPIN_CONNECT standardConnect(ULONG pinId);

// A KSDATAFORMAT_WAVEFORMATEX (82 bytes) for PCM, or IEEE float when `floatingPoint`.
KSDATAFORMAT_WAVEFORMATEX waveFormat(USHORT channels, ULONG samplesPerSecond, USHORT bitsPerSample,
                                     bool floatingPoint = false);

}  // namespace openks::test
