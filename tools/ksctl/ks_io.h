// SPDX-License-Identifier: MIT
// Every request ksctl sends to a KS object, through the public Win32/ksuser calls, with --trace's one line per request.

// ksctl talks to devices only as any client would: CreateFileA,
// DeviceIoControl with an OVERLAPPED, KsCreatePin, CloseHandle.  This
// module is the single place those calls are made, so --trace can print one
// line per request on stderr:
//
//   trace: IOCTL_KS_PROPERTY filter(tone) KSPROPSETID_Pin/DATARANGES GET pin=0 in=32 out=0
//          -> STATUS_BUFFER_OVERFLOW returned=184 (12 µs)
//
// (one line in reality).  A synchronous request is issued overlapped with a
// private event and waited for (as ksproxy's KsSynchronousDeviceControl
// does), so the final NTSTATUS is read from OVERLAPPED.Internal rather than
// guessed back from a Win32 code.
//
//   ksctl::Answer a = ksctl::control(filter, IOCTL_KS_PROPERTY, &p, sizeof p, &value, sizeof value);
//   if (a.status == STATUS_SUCCESS) ...
//
// Threads: control() may be called from any thread (each thread has its own
// event); tracing writes whole lines.
#pragma once

#include <openks/client.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ksctl {

// Turns --trace on or off for the process.
void setTrace(bool enabled);
bool tracing();

// The outcome of a request: its NTSTATUS and IO_STATUS_BLOCK.Information (bytes returned, or the size a
// size query needs).
struct Answer {
    NTSTATUS status = STATUS_SUCCESS;
    ULONG information = 0;
    bool ok() const { return NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW; }
};

// Opens a device path (CreateFileA, read/write, overlapped).  `label` names the handle in traces
// ("filter(tone)").  Returns the handle, or nullptr with *status set (STATUS_OBJECT_NAME_NOT_FOUND, ...).
HANDLE openFilter(const std::string& path, const std::string& label, NTSTATUS* status);

// KsCreatePin with `connect` followed by its format (connectAndFormat holds both).  Returns the Win32
// code KsCreatePin returns (ERROR_SUCCESS, ERROR_NO_MATCH, ...); *pin is nullptr on failure.
DWORD createPin(HANDLE filter, std::vector<std::byte>& connectAndFormat, ACCESS_MASK access, const std::string& label,
                HANDLE* pin);

// CloseHandle; forgets the handle's label.  Null and INVALID_HANDLE_VALUE are ignored.
void closeObject(HANDLE handle);

// One device control, waited for.  The buffers go to the driver as they are.
Answer control(HANDLE handle, ULONG code, const void* in, ULONG inLength, void* out, ULONG outLength);

// A property request that answers a variable-size value: a zero-length probe for the size, then a
// fetch with an exact buffer (clients.md §1.2).  On success *bytes holds the answer.  Statuses: the
// probe's or the fetch's failure (STATUS_NOT_FOUND, STATUS_PROPSET_NOT_FOUND, ...).
NTSTATUS getBytes(HANDLE handle, const void* request, ULONG requestLength, std::vector<std::byte>* bytes);

// A fixed-size GET of `set`/`id` on `handle` (a plain KSPROPERTY).
template <class T>
NTSTATUS getValue(HANDLE handle, const GUID& set, ULONG id, T* value)
{
    KSPROPERTY p{};
    p.Set = set;
    p.Id = id;
    p.Flags = KSPROPERTY_TYPE_GET;
    Answer a = control(handle, IOCTL_KS_PROPERTY, &p, sizeof(p), value, sizeof(T));
    if (a.ok() && a.information < sizeof(T)) return STATUS_INFO_LENGTH_MISMATCH;
    return a.status;
}

// A fixed-size SET of `set`/`id` on `handle`.
template <class T>
NTSTATUS setValue(HANDLE handle, const GUID& set, ULONG id, const T& value)
{
    KSPROPERTY p{};
    p.Set = set;
    p.Id = id;
    p.Flags = KSPROPERTY_TYPE_SET;
    T copy = value;
    return control(handle, IOCTL_KS_PROPERTY, &p, sizeof(p), &copy, sizeof(T)).status;
}

// KSPROPERTY_CONNECTION_STATE SET.
NTSTATUS setState(HANDLE pin, KSSTATE state);

// A stream request in flight: its OVERLAPPED (whose hEvent the caller owns) and when it was issued.
struct StreamRequest {
    OVERLAPPED overlapped{};
    std::chrono::steady_clock::time_point issued{};
};

// Issues IOCTL_KS_WRITE_STREAM / IOCTL_KS_READ_STREAM with `length` bytes of headers in the output
// buffer (as every KS client does).  Returns STATUS_PENDING or the status the driver completed with at
// once (*issued true: the event is or will be set, collect it with finishStream); a request that never
// reached the driver returns the reason (STATUS_INVALID_HANDLE, ...) with *issued false.  The event is
// reset first.  Allocates nothing (unless tracing).
NTSTATUS submitStream(HANDLE pin, ULONG code, void* headers, ULONG length, StreamRequest* request, bool* issued);

// Collects a completed stream request (its event is signalled): the final status and byte count, and
// the trace line.  `headers` are the request's headers, read back for the trace.
Answer finishStream(HANDLE pin, ULONG code, const void* headers, ULONG length, StreamRequest* request);

// "STATUS_NO_MATCH" for an NTSTATUS, "ERROR_NO_MATCH" for a Win32 code.
std::string statusName(NTSTATUS status);
std::string win32Name(DWORD error);

}  // namespace ksctl
