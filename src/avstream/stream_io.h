// SPDX-License-Identifier: MIT
// Stream requests on an AVStream pin: what IOCTL_KS_WRITE_STREAM, IOCTL_KS_READ_STREAM and IOCTL_KS_RESET_STATE do and answer.
#pragma once

/*
 * PinQueue::dispatch (queue.h) serves the three stream IOCTLs of a
 * standard-transport pin.  This header is their contract; the helpers
 * below are shared with the KsProbeStreamIrp / KsAcquireResetValue DDI.
 *
 * IOCTL_KS_RESET_STATE (ks-spec §2.5; completes synchronously, Information 0)
 *   input < sizeof(KSRESET), or a null input buffer   STATUS_INVALID_PARAMETER (item 25)
 *   a value other than KSRESET_BEGIN / KSRESET_END    STATUS_INVALID_PARAMETER
 *   BEGIN   KSPIN.ResetState = BEGIN; every queued request is cancelled
 *           (item 21); the pin's Reset dispatch (filter-centric: also
 *           KSFILTER_DISPATCH.Reset) runs, under the processing mutex, when
 *           the reset state changes (item 26).  STATUS_SUCCESS.
 *   END     KSPIN.ResetState = END; Reset dispatch if it was BEGIN.  An END
 *           without a BEGIN succeeds (item 27).  STATUS_SUCCESS.
 *   A state change never ends a reset (item 24).
 *
 * IOCTL_KS_WRITE_STREAM / IOCTL_KS_READ_STREAM
 *   First the gate, in this order:
 *     pin in reset (BEGIN)                   STATUS_DEVICE_NOT_READY (item 22)
 *     pin in KSSTATE_STOP                    STATUS_INVALID_DEVICE_STATE (fails at
 *                                            once; wsaudio-style clients expect it)
 *     a write to a pin data flows out of, or
 *     a read from a pin data flows into      STATUS_INVALID_DEVICE_REQUEST (a pin
 *                                            moves data one way, its DataFlow)
 *   Then the headers: always the METHOD_NEITHER output buffer (UserBuffer,
 *   OutputBufferLength; item 18).  A request that puts them in the input
 *   buffer has a zero-length output and is STATUS_INVALID_BUFFER_SIZE
 *   (item 16), like every other probe failure of openks::ks::probeStreamHeaders
 *   with the pin's StreamHeaderSize as the expected size.  Dynamic format
 *   change is not supported: a TYPECHANGED write is STATUS_INVALID_PARAMETER.
 *   UserMode requestors: the array is copied into a capture buffer first and
 *   the copy is validated (no time-of-check/time-of-use); the copy becomes
 *   Irp->AssociatedIrp.SystemBuffer and, for reads, the IRP is marked
 *   IRP_BUFFERED_IO | IRP_INPUT_OPERATION so the I/O manager copies the
 *   updated headers back before it signals completion.  KernelMode
 *   requestors: the headers are used in place (SystemBuffer = UserBuffer).
 *   A user-mode array larger than PinQueue::kMaxCaptureBytes is
 *   STATUS_INVALID_BUFFER_SIZE.
 *
 *   Each header becomes a frame.  The request returns STATUS_PENDING (the
 *   IRP marked pending) unless it completed during dispatch (inline
 *   processing consumed it), in which case dispatch returns its final
 *   status and the IRP is not marked pending.
 *
 *   Completion (FIFO per pin, always):
 *     status       STATUS_SUCCESS, or the code a stream pointer set with
 *                  KsStreamPointerSetStatusCode (item 58), or
 *                  STATUS_CANCELLED after a cancel, RESET BEGIN, STOP or
 *                  handle close (unfilled reads keep DataUsed 0; item 33).
 *     writes       Information = bytes consumed: the DataUsed of every
 *                  frame the pin released normally (all of them unless
 *                  cancelled).  The caller's headers are never written.
 *     reads        Information = the header bytes (item 19).  Each header's
 *                  DataUsed, OptionsFlags, PresentationTime, Duration,
 *                  TypeSpecificFlags and extension bytes (KS_FRAME_INFO) are
 *                  what the minidriver wrote.  If it advanced OffsetOut but
 *                  left DataUsed 0, DataUsed = Count - Remaining.
 */

#include <openks/driver.h>

#include "ks/stream_header.h"

namespace openks::avstream {

// KsProbeStreamIrp's work for one IRP (ks-spec §4): validates the header
// array of a stream IRP (output buffer) and leaves it in
// Irp->AssociatedIrp.SystemBuffer.  `scratch` (8-byte aligned,
// `scratchLength` bytes) receives the copy for UserMode requestors; pass
// nullptr to have it allocated with ExAllocatePoolWithTag and owned by the
// IRP (IRP_DEALLOCATE_BUFFER).  A second call on a probed IRP returns
// STATUS_SUCCESS without probing again.  Statuses: those of
// openks::ks::probeStreamHeaders / captureStreamHeaders, and
// STATUS_INSUFFICIENT_RESOURCES when the capture buffer cannot be allocated.
[[nodiscard]] NTSTATUS probeStreamIrp(PIRP irp, ULONG probeFlags, ULONG headerSize, void* scratch,
                                      ULONG scratchLength, ks::MutableStreamHeaderView* view);

// Reads the KSRESET of an IOCTL_KS_RESET_STATE IRP.  STATUS_INVALID_PARAMETER
// for a null IRP or output, an input shorter than sizeof(KSRESET) (item 25)
// or null, or a value other than KSRESET_BEGIN / KSRESET_END.
[[nodiscard]] NTSTATUS acquireResetValue(PIRP irp, KSRESET* value);

}  // namespace openks::avstream
