// SPDX-License-Identifier: MIT
// Issuing device controls: the IRP_MJ_DEVICE_CONTROL path every KS request takes.
#pragma once

#include <openks/ks/wdm.h>

#include "io/irp.h"
#include "io/requestor.h"

namespace openks::io {

// Sends `code` to the device of a file as IRP_MJ_DEVICE_CONTROL with
// METHOD_NEITHER buffers, whatever the code's method bits say: the input is
// Parameters.DeviceIoControl.Type3InputBuffer / InputBufferLength, the
// output Irp->UserBuffer / OutputBufferLength.  Pointers and lengths (0,
// huge, null buffers) reach the driver unvalidated: the driver probes them.
// IoControlCode, RequestorMode = requestor.mode, FileObject and
// Tail.Overlay.OriginalFileObject are set.
//
// Completion writes `iosb` (may be null), then signals `event` (cleared
// first; when null, the file's Event is cleared and signalled instead),
// then calls `sink` with `userKey` (see CompletionSink).  `userKey` also
// names the request for cancelIo (CancelIoEx).  `iosb` and `event` must stay
// valid until completion; with `referenceEvent`, `event` must be an event
// object (from createEventObject or referenceWaitable on an event handle) and
// the request holds a reference on it until it has been signalled, so the
// client may close its event handle meanwhile (as OVERLAPPED.hEvent allows).
//
// Returns what the driver returned: STATUS_PENDING means completion comes
// later, on any thread.  On a file opened kOpenSynchronous a pending request
// is waited out and the final status returned.  Before any IRP exists (and
// without touching iosb, event or sink): STATUS_INVALID_HANDLE (null,
// unknown or closed handle, or not a file), STATUS_ACCESS_DENIED (a UserMode
// requestor whose handle lacks the code's FILE_READ_ACCESS/FILE_WRITE_ACCESS
// bits: READ_STREAM needs read access, WRITE_STREAM write access),
// STATUS_INSUFFICIENT_RESOURCES.
//
// Steady state allocates nothing.  Any thread; it blocks only for a
// synchronous file.
//
// `issued` (may be null) receives whether an IRP was sent to the driver:
// false exactly for the refusals above, which call nothing and signal
// nothing (the completion sink runs if and only if it is true).
//
//   IO_STATUS_BLOCK iosb;
//   NTSTATUS s = deviceIoControl(user, pin, IOCTL_KS_WRITE_STREAM, nullptr, 0, headers, size, &iosb,
//                                &overlapped->event, CompletionSink{}, overlapped);
[[nodiscard]] NTSTATUS deviceIoControl(const Requestor& requestor, HANDLE handle, ULONG code, PVOID input,
                                       ULONG inputLength, PVOID output, ULONG outputLength, PIO_STATUS_BLOCK iosb,
                                       PKEVENT event, CompletionSink sink, PVOID userKey, bool referenceEvent = false,
                                       bool* issued = nullptr);

// The same on a file object the caller holds a reference to (kernel
// callers).  A UserMode request is checked against the access the file was
// opened with.  STATUS_INVALID_PARAMETER for a null file.
[[nodiscard]] NTSTATUS deviceIoControl(const Requestor& requestor, PFILE_OBJECT file, ULONG code, PVOID input,
                                       ULONG inputLength, PVOID output, ULONG outputLength, PIO_STATUS_BLOCK iosb,
                                       PKEVENT event, CompletionSink sink, PVOID userKey, bool referenceEvent = false,
                                       bool* issued = nullptr);

// Whether `granted` satisfies the access bits (15:14) of an IOCTL code.
bool ioctlAccessGranted(ULONG code, ACCESS_MASK granted);

}  // namespace openks::io
