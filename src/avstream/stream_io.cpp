// SPDX-License-Identifier: MIT
// Stream request dispatch: the reset/state/direction gate, header probe and capture, queuing, and the KsProbeStreamIrp
// / KsAcquireResetValue DDI.

#include "avstream/stream_io.h"

#include "avstream/queue.h"

#include <cstring>
#include <new>

namespace openks::avstream {
namespace {

constexpr ULONG kCaptureTag = 0x5043534b;  // 'KSCP'

ULONG probeFlagsFor(bool isRead)
{
    // Dynamic format change is not supported: no ALLOWFORMATCHANGE, so a
    // TYPECHANGED write is refused with STATUS_INVALID_PARAMETER.
    return isRead ? ks::kProbeStreamRead : ks::kProbeStreamWrite;
}

}  // namespace

NTSTATUS probeStreamIrp(PIRP irp, ULONG probeFlags, ULONG headerSize, void* scratch, ULONG scratchLength,
                        ks::MutableStreamHeaderView* view)
{
    if (irp == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    ks::MutableStreamHeaderView local;
    ks::MutableStreamHeaderView* out = view != nullptr ? view : &local;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    const ULONG length = sp->Parameters.DeviceIoControl.OutputBufferLength;

    if (irp->AssociatedIrp.SystemBuffer != nullptr) {
        // Probed (and captured) before: the copy is ours and already valid;
        // describing it again changes nothing.
        return ks::probeStreamHeaders(irp->AssociatedIrp.SystemBuffer, length, probeFlags, headerSize, out);
    }
    if (irp->RequestorMode == KernelMode) {
        NTSTATUS status = ks::probeStreamHeaders(irp->UserBuffer, length, probeFlags, headerSize, out);
        if (NT_SUCCESS(status)) {
            irp->AssociatedIrp.SystemBuffer = irp->UserBuffer;
        }
        return status;
    }
    if (length == 0 || irp->UserBuffer == nullptr || length > PinQueue::kMaxCaptureBytes) {
        *out = {};
        return STATUS_INVALID_BUFFER_SIZE;
    }
    bool allocated = false;
    if (scratch == nullptr || scratchLength < length) {
        scratch = ExAllocatePoolWithTag(NonPagedPool, length, kCaptureTag);
        if (scratch == nullptr) {
            *out = {};
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        scratchLength = length;
        allocated = true;
    }
    NTSTATUS status =
        ks::captureStreamHeaders(irp->UserBuffer, length, probeFlags, headerSize, scratch, scratchLength, out);
    if (!NT_SUCCESS(status)) {
        if (allocated) {
            ExFreePoolWithTag(scratch, kCaptureTag);
        }
        return status;
    }
    irp->AssociatedIrp.SystemBuffer = scratch;
    irp->Flags |= IRP_BUFFERED_IO;
    if (allocated) {
        irp->Flags |= IRP_DEALLOCATE_BUFFER;
    }
    if ((probeFlags & ks::kProbeStreamWrite) == 0) {
        // A read returns its headers: with Information = header bytes the
        // I/O manager copies the capture back before it signals.
        irp->Flags |= IRP_INPUT_OPERATION;
    }
    return STATUS_SUCCESS;
}

NTSTATUS acquireResetValue(PIRP irp, KSRESET* value)
{
    if (irp == nullptr || value == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    const void* input = sp->Parameters.DeviceIoControl.Type3InputBuffer;
    if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(KSRESET) || input == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    KSRESET reset;
    std::memcpy(&reset, input, sizeof(reset));  // the caller's buffer is read once
    if (reset != KSRESET_BEGIN && reset != KSRESET_END) {
        return STATUS_INVALID_PARAMETER;
    }
    *value = reset;
    return STATUS_SUCCESS;
}

// --- PinQueue: dispatch ----------------------------------------------------------

NTSTATUS PinQueue::completeNow(PIRP irp, NTSTATUS status)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = 0;
    CallbackScope scope;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS PinQueue::dispatch(PIRP irp)
{
    Hold hold(this);
    if (irp == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    switch (IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_KS_RESET_STATE:
            return dispatchReset(irp);
        case IOCTL_KS_WRITE_STREAM:
            return dispatchStream(irp, false);
        case IOCTL_KS_READ_STREAM:
            return dispatchStream(irp, true);
        default:
            return completeNow(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

NTSTATUS PinQueue::dispatchReset(PIRP irp)
{
    KSRESET value = KSRESET_END;
    NTSTATUS status = acquireResetValue(irp, &value);
    if (!NT_SUCCESS(status)) {
        return completeNow(irp, status);
    }
    bool changed;
    {
        std::lock_guard lk(mutex_);
        changed = resetState_ != value;
        resetState_ = value;
        pin_->ResetState = value;
        if (value == KSRESET_BEGIN) {
            flushLocked();  // item 21
            collectLocked();
        }
    }
    deliverCancelCallbacks();
    if (changed) {
        callReset();  // item 26
    }
    runCompletions();
    return completeNow(irp, STATUS_SUCCESS);
}

NTSTATUS PinQueue::gateStatusLocked(bool isRead) const
{
    if (resetState_ == KSRESET_BEGIN) {
        return STATUS_DEVICE_NOT_READY;  // item 22
    }
    if (state_ == KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (isRead == isIn_) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    return STATUS_SUCCESS;
}

NTSTATUS PinQueue::captureHeaders(Request* r, PIRP irp, bool isRead)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    const ULONG length = sp->Parameters.DeviceIoControl.OutputBufferLength;
    const ULONG expected = pin_->StreamHeaderSize;
    void* scratch = nullptr;
    ULONG scratchLength = 0;
    if (irp->RequestorMode != KernelMode) {
        if (length <= kPooledCaptureBytes) {
            if (!r->captureStorage) {
                r->captureStorage.reset(new (std::nothrow) std::uint64_t[kPooledCaptureBytes / 8]);
                if (!r->captureStorage) {
                    return STATUS_INSUFFICIENT_RESOURCES;
                }
            }
            scratch = r->captureStorage.get();
            scratchLength = kPooledCaptureBytes;
        } else if (length <= kMaxCaptureBytes && irp->UserBuffer != nullptr) {
            r->bigCapture.reset(new (std::nothrow) std::uint64_t[(length + 7) / 8]);
            if (!r->bigCapture) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            scratch = r->bigCapture.get();
            scratchLength = length;
        }
    }
    irp->AssociatedIrp.SystemBuffer = nullptr;
    ks::MutableStreamHeaderView view;
    NTSTATUS status = probeStreamIrp(irp, probeFlagsFor(isRead), expected, scratch, scratchLength, &view);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    r->headerBytes = view.length;
    Frame* frames;
    if (view.count <= kPooledFrames) {
        if (!r->frameStorage) {
            r->frameStorage.reset(new (std::nothrow) Frame[kPooledFrames]);
            if (!r->frameStorage) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
        }
        frames = r->frameStorage.get();
    } else {
        r->bigFrames.reset(new (std::nothrow) Frame[view.count]);
        if (!r->bigFrames) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        frames = r->bigFrames.get();
    }
    for (ULONG i = 0; i < view.count; ++i) {
        Frame& f = frames[i];
        f = Frame{};
        f.request = r;
        f.header = view.header(i);
        f.index = i;
    }
    r->frames = frames;
    r->frameCount = view.count;
    return STATUS_SUCCESS;
}

NTSTATUS PinQueue::dispatchStream(PIRP irp, bool isRead)
{
    // The gate is judged under the lock that queues the request, after the
    // probe, and its answer comes before the probe's (stream_io.h: "first
    // the gate"): one lock round trip instead of a gate check before the
    // probe and another after it.
    Request* r = takeRequest();
    r->irp = irp;
    r->isRead = isRead;
    NTSTATUS status = captureHeaders(r, irp, isRead);
    ProcessAction action = ProcessAction::kNone;
    {
        std::lock_guard lk(mutex_);
        const NTSTATUS gate = gateStatusLocked(isRead);
        if (!NT_SUCCESS(gate)) {
            status = gate;
        }
        if (!NT_SUCCESS(status)) {
            recycleRequestLocked(r);
            r = nullptr;
        } else {
            irp->Tail.Overlay.DriverContext[0] = r;
            // No cancel routine yet: a request is cancellable once its
            // dispatch decides it pends (finishDispatchLocked), so one that
            // is consumed and completed inline never arms and disarms it.
            r->inDispatch = true;
            const bool wasEmpty = leading_.frame == nullptr;
            appendLocked(r);
            // Arrival triggers (ks-spec §10 (b), items 60 and 62).
            bool trigger = false;
            if ((flags_ & KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING) == 0) {
                trigger = wasEmpty || (flags_ & KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL) != 0;
            }
            if (trigger) {
                action = claimProcessingLocked(false);
            }
            collectLocked();
        }
    }
    if (r == nullptr) {
        // Nothing of ours stays on the IRP.
        irp->AssociatedIrp.SystemBuffer = nullptr;
        irp->Flags &= ~(IRP_BUFFERED_IO | IRP_INPUT_OPERATION);
        return completeNow(irp, status);
    }
    if (action == ProcessAction::kInline) {
        return runProcessLoop(r);  // finishes the dispatch under the lock it ends with
    }
    runProcessing(action);
    return finishDispatch(r);
}

NTSTATUS PinQueue::finishDispatch(Request* r)
{
    std::unique_lock lk(mutex_);
    return finishDispatchLocked(lk, r);
}

// Decides the pending protocol once inline processing is over: if the
// request is complete and first in line, complete it here and return its
// status (the IRP was never marked pending); otherwise mark it pending
// before anyone else may complete it, and return STATUS_PENDING.  Called
// with mutex_ held; returns with it released.
NTSTATUS PinQueue::finishDispatchLocked(std::unique_lock<QueueLock>& lk, Request* r)
{
    r->inDispatch = false;
    if (r->outstanding == 0 && fifoHead_ == r && completionHead_ == nullptr && !completing_ && tryDisarmLocked(r)) {
        fifoHead_ = r->next;
        if (fifoHead_ != nullptr) {
            fifoHead_->prev = nullptr;
        } else {
            fifoTail_ = nullptr;
        }
        r->next = r->prev = nullptr;
        completing_ = true;
        lk.unlock();
        const NTSTATUS status = completeRequest(r);
        lk.lock();
        recycleRequestLocked(r);
        --outstandingRequests_;
        completing_ = false;
        const bool more = collectLocked() || completionHead_ != nullptr;
        lk.unlock();
        if (more) {
            afterUnlock();
        }
        return status;
    }
    IoMarkIrpPending(r->irp);
    // Pending: from now on IoCancelIrp reaches the request.  A cancel that
    // came during the dispatch found no routine and only set Irp->Cancel,
    // which is checked once the routine is in place.
    r->cancelArmed = true;
    IoSetCancelRoutine(r->irp, &PinQueue::cancelRoutine);
    if (__atomic_load_n(&r->irp->Cancel, __ATOMIC_ACQUIRE) && IoSetCancelRoutine(r->irp, nullptr) != nullptr) {
        r->cancelArmed = false;
        cancelRequestLocked(r);
    }
    // Anything collectable (this request, now that its dispatch is over,
    // or cancel callbacks) is ours to deliver; with the completion token
    // taken elsewhere, its holder completes what we collected.
    const bool more = collectLocked();
    lk.unlock();
    if (more) {
        afterUnlock();
    }
    return STATUS_PENDING;
}

}  // namespace openks::avstream

NTSTATUS KsProbeStreamIrp(PIRP Irp, ULONG ProbeFlags, ULONG HeaderSize)
{
    // MDL flags (ALLOCATEMDL, PROBEANDLOCK, SYSTEMADDRESS) build nothing:
    // openks has no MDLs, the headers' Data pointers address the buffers.
    return openks::avstream::probeStreamIrp(Irp, ProbeFlags, HeaderSize, nullptr, 0, nullptr);
}

NTSTATUS KsAcquireResetValue(PIRP Irp, KSRESET* ResetValue)
{
    return openks::avstream::acquireResetValue(Irp, ResetValue);
}
