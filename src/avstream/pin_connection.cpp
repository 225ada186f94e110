// SPDX-License-Identifier: MIT
// Pin-to-pin connections: KSPIN_CONNECT.PinToHandle, the sink's Connect/Disconnect, state and reset propagation, and
// the connected-pin DDI (KsPinGetConnectedPin*, KsPinSubmitFrame...).
#include <openks/driver.h>

#include <algorithm>
#include <atomic>
#include <new>

#include "avstream/device.h"
#include "avstream/filter.h"
#include "avstream/log.h"
#include "avstream/pin.h"
#include "avstream/transport.h"

namespace openks::avstream {

namespace {

bool canBeSource(KSPIN_COMMUNICATION c)
{
    return c == KSPIN_COMMUNICATION_SOURCE || c == KSPIN_COMMUNICATION_BOTH;
}

bool canBeSink(KSPIN_COMMUNICATION c)
{
    return c == KSPIN_COMMUNICATION_SINK || c == KSPIN_COMMUNICATION_BOTH;
}

// Frames of a connection (transport.h states the rule).
void frameGeometry(const KSPIN_DESCRIPTOR_EX* source, const KSPIN_DESCRIPTOR_EX* sink, const KSDATAFORMAT* format,
                   ULONG* count, ULONG* size)
{
    const KSALLOCATOR_FRAMING_EX* framing = source->AllocatorFraming;
    if ((framing == nullptr || framing->CountItems == 0) && sink != nullptr) {
        framing = sink->AllocatorFraming;
    }
    *count = 4;
    *size = format->SampleSize != 0 ? format->SampleSize : 4096;
    if (framing != nullptr && framing->CountItems != 0) {
        const KS_FRAMING_ITEM& item = framing->FramingItem[0];
        if (item.Frames != 0) {
            *count = item.Frames;
        }
        const KS_FRAMING_RANGE& range = item.FramingRange.Range;
        if (range.MaxFrameSize != 0 && range.MaxFrameSize != ULONG(-1)) {
            *size = range.MaxFrameSize;
        } else if (range.MinFrameSize != 0) {
            *size = range.MinFrameSize;
        }
    }
    // A descriptor asking for absurd amounts is clamped rather than obeyed.
    *count = std::clamp<ULONG>(*count, 1, 64);
    *size = std::clamp<ULONG>(*size, 1, 64u << 20);
}

// Set while this thread forwards a reset to the peer, so the peer does not
// forward it back.
thread_local bool tForwardingReset = false;

}  // namespace

// Validation order for a source pin (after the checks every pin passes,
// pin_create.cpp):
//   - the pin factory cannot be an IRP source (Communication not SOURCE or
//     BOTH) -> STATUS_INVALID_PARAMETER;
//   - PinToHandle does not name a file object in the creator's handle table
//     -> ObReferenceObjectByHandle's status (STATUS_INVALID_HANDLE, ...);
//   - it names one of our filters, or a pin that cannot be an IRP sink, has
//     the same data flow, or already has a source -> STATUS_INVALID_DEVICE_REQUEST;
//   - the formats differ in major format, sub-format or specifier ->
//     STATUS_NO_MATCH.
// A file object that is not one of our KS objects (another driver's pin)
// is accepted as an external connection: requests go to it through
// IoCallDriver and ConnectionIsExternal stays TRUE.
NTSTATUS Pin::prepareLink(PIRP irp, const KSPIN_CONNECT& connect, const KSPIN_DESCRIPTOR_EX* descriptor,
                          const KSDATAFORMAT* format, SinkLink* link)
{
    *link = SinkLink{};
    if (!canBeSource(descriptor->PinDescriptor.Communication)) {
        return STATUS_INVALID_PARAMETER;
    }
    PVOID object = nullptr;
    NTSTATUS status =
        ObReferenceObjectByHandle(connect.PinToHandle, 0, *IoFileObjectType, irp->RequestorMode, &object, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto* file = static_cast<PFILE_OBJECT>(object);
    KsObject* target = objectFromFileObject(file);
    if (target == nullptr) {
        link->file = file;  // not ours: an external sink
        return STATUS_SUCCESS;
    }
    if (target->type() != KsObjectTypePin) {
        ObDereferenceObject(file);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    auto* sink = static_cast<Pin*>(target);
    {
        std::lock_guard control(sink->controlMutex());
        const KSPIN& s = sink->block_.ks;
        status = STATUS_SUCCESS;
        if (!canBeSink(s.Descriptor->PinDescriptor.Communication) || s.DataFlow == descriptor->PinDescriptor.DataFlow) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (!IsEqualGUID(s.ConnectionFormat->MajorFormat, format->MajorFormat) ||
                   !IsEqualGUID(s.ConnectionFormat->SubFormat, format->SubFormat) ||
                   !IsEqualGUID(s.ConnectionFormat->Specifier, format->Specifier)) {
            status = STATUS_NO_MATCH;
        }
    }
    if (NT_SUCCESS(status)) {
        std::lock_guard lk(sink->linkMutex_);
        if (sink->sourcePin_ != nullptr || sink->reserved_) {
            status = STATUS_INVALID_DEVICE_REQUEST;  // one source per sink
        } else {
            sink->reserved_ = true;
        }
    }
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);
        return status;
    }
    link->file = file;
    link->pin = sink;
    return STATUS_SUCCESS;
}

void Pin::releaseLink(SinkLink* link)
{
    if (link->pin != nullptr) {
        std::lock_guard lk(link->pin->linkMutex_);
        link->pin->reserved_ = false;
    }
    if (link->file != nullptr) {
        ObDereferenceObject(link->file);
    }
    *link = SinkLink{};
}

NTSTATUS Pin::createTransport()
{
    if (sinkFile_ == nullptr || queue_ == nullptr) {
        return STATUS_SUCCESS;  // not a source, or no standard transport: the pins talk by handshake only
    }
    if (sinkPin_ != nullptr && sinkPin_->queue_ == nullptr) {
        return STATUS_SUCCESS;  // the sink has no queue to receive frames
    }
    ULONG count = 0;
    ULONG size = 0;
    frameGeometry(block_.ks.Descriptor, sinkPin_ != nullptr ? sinkPin_->block_.ks.Descriptor : nullptr,
                  block_.ks.ConnectionFormat, &count, &size);
    transport_ = Transport::create(file_, sinkFile_, block_.ks.DataFlow == KSPIN_DATAFLOW_OUT, count, size);
    return transport_ != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS Pin::completeLink()
{
    Pin* sink = sinkPin_;
    if (sink == nullptr) {
        return STATUS_SUCCESS;
    }
    // The sink's Connect dispatch runs under its control mutex, as its other
    // dispatch routines do (AVStrMiniPinConnect: "called when the KSPIN is
    // serving as a sink pin and is connected to an AVStream source pin").
    NTSTATUS status = STATUS_SUCCESS;
    {
        std::lock_guard control(sink->controlMutex());
        const KSPIN_DISPATCH* dispatch = sink->block_.ks.Descriptor->Dispatch;
        if (dispatch != nullptr && dispatch->Connect != nullptr) {
            status = dispatch->Connect(sink->ks());
            if (status == STATUS_PENDING) {
                logLine("%s: pin %u Connect returned STATUS_PENDING, which the DDI forbids; the connection fails",
                        sink->device()->name().c_str(), static_cast<unsigned>(sink->block_.ks.Id));
                status = STATUS_UNSUCCESSFUL;
            }
        }
        if (NT_SUCCESS(status)) {
            sink->block_.ks.ConnectionIsExternal = FALSE;
        }
    }
    if (!NT_SUCCESS(status)) {
        return status;  // the creation fails; unlink() releases the reservation
    }
    {
        std::lock_guard lk(sink->linkMutex_);
        sink->reserved_ = false;
        sink->sourcePin_ = this;
    }
    linked_ = true;
    return STATUS_SUCCESS;
}

void Pin::unlink()
{
    if (sinkFile_ == nullptr) {
        return;
    }
    Pin* sink = sinkPin_;
    if (sink != nullptr) {
        // First the sink forgets us (no kick reaches our transport after
        // this), then it hears of the disconnection.
        {
            std::lock_guard lk(sink->linkMutex_);
            sink->reserved_ = false;
            if (sink->sourcePin_ == this) {
                sink->sourcePin_ = nullptr;
            }
        }
        if (linked_) {
            std::lock_guard control(sink->controlMutex());
            const KSPIN_DISPATCH* dispatch = sink->block_.ks.Descriptor->Dispatch;
            if (dispatch != nullptr && dispatch->Disconnect != nullptr) {
                dispatch->Disconnect(sink->ks());
            }
            sink->block_.ks.ConnectionIsExternal = TRUE;
        }
    }
    transport_.reset();  // every frame is home (STOP or cleanup retrieved them); joins the worker
    linked_ = false;
    sinkPin_ = nullptr;
    PFILE_OBJECT file = sinkFile_;
    sinkFile_ = nullptr;
    ObDereferenceObject(file);  // may close the sink here
}

PFILE_OBJECT Pin::referencePeerFile()
{
    if (sinkFile_ != nullptr) {
        ObReferenceObject(sinkFile_);
        return sinkFile_;
    }
    std::lock_guard lk(linkMutex_);
    if (sourcePin_ == nullptr) {
        return nullptr;
    }
    ObReferenceObject(sourcePin_->file_);
    return sourcePin_->file_;
}

namespace {

// What KsPinGetConnectedPinInterface hands out for a sink that is not an
// AVStream pin: IUnknown and IKsControl through synchronous requests on its
// file object ("a thunk ... using IoCallDriver").  Deleted with its last
// reference.
class ExternalPinThunk final : public IKsControl {
public:
    explicit ExternalPinThunk(PFILE_OBJECT file) : file_(file) { ObReferenceObject(file_); }
    NTSTATUS QueryInterface(REFIID iid, PVOID* out) override
    {
        if (IsEqualGUID(iid, IID_IUnknown) || IsEqualGUID(iid, IID_IKsControl)) {
            AddRef();
            *out = static_cast<IKsControl*>(this);
            return STATUS_SUCCESS;
        }
        *out = nullptr;
        return STATUS_NOINTERFACE;
    }
    ULONG AddRef() override { return ++refs_; }
    ULONG Release() override
    {
        const ULONG left = --refs_;
        if (left == 0) {
            ObDereferenceObject(file_);
            delete this;
        }
        return left;
    }
    NTSTATUS KsProperty(PKSPROPERTY p, ULONG pl, PVOID d, ULONG dl, ULONG* n) override
    {
        return KsSynchronousIoControlDevice(file_, KernelMode, IOCTL_KS_PROPERTY, p, pl, d, dl, n);
    }
    NTSTATUS KsMethod(PKSMETHOD m, ULONG ml, PVOID d, ULONG dl, ULONG* n) override
    {
        return KsSynchronousIoControlDevice(file_, KernelMode, IOCTL_KS_METHOD, m, ml, d, dl, n);
    }
    NTSTATUS KsEvent(PKSEVENT e, ULONG el, PVOID d, ULONG dl, ULONG* n) override
    {
        return controlEvent(file_, e, el, d, dl, n);
    }

private:
    ~ExternalPinThunk() = default;
    PFILE_OBJECT file_;
    std::atomic<ULONG> refs_{0};
};

}  // namespace

// The DDI's rules: on an intra-AVStream connection (either side) the query
// goes to the connected pin's own unknown (IUnknown, IKsControl, and what
// its minidriver aggregated) -> STATUS_SUCCESS or STATUS_NOINTERFACE; a
// source connected to a foreign pin gets the IKsControl thunk; anything
// else (not connected, or a sink whose source is not ours) ->
// STATUS_UNSUCCESSFUL.
NTSTATUS Pin::connectedInterface(bool filter, const GUID& iid, PVOID* out)
{
    KsObject* peer = nullptr;
    if (sinkPin_ != nullptr) {
        peer = sinkPin_;  // alive: we hold its file object
    } else if (sinkFile_ != nullptr) {
        if (filter) {
            return STATUS_UNSUCCESSFUL;
        }
        auto* thunk = new (std::nothrow) ExternalPinThunk(sinkFile_);
        if (thunk == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        thunk->AddRef();
        const NTSTATUS status = thunk->QueryInterface(iid, out);
        thunk->Release();
        return status;
    }
    std::unique_lock lk(linkMutex_, std::defer_lock);
    if (peer == nullptr) {
        lk.lock();  // the source stays while it is linked to us
        peer = sourcePin_;
        if (peer == nullptr) {
            return STATUS_UNSUCCESSFUL;
        }
    }
    if (filter) {
        peer = static_cast<Pin*>(peer)->filter();
    }
    return peer->outerUnknown()->QueryInterface(iid, out);
}

void Pin::kickTransport()
{
    if (transport_ != nullptr) {
        transport_->kick();
        return;
    }
    std::lock_guard lk(linkMutex_);
    if (sourcePin_ != nullptr && sourcePin_->transport_ != nullptr) {
        sourcePin_->transport_->kick();
    }
}

void Pin::afterStateStep(KSSTATE from, KSSTATE to)
{
    if (transport_ != nullptr) {
        transport_->sourceStateChanged(from, to);
    } else {
        kickTransport();  // a sink's state change may let waiting frames in
    }
}

// The reset reaches both pins of a connection, as it travels the whole
// circuit of a pipe: the pin the client addressed first, then its peer
// (KernelMode).  The client's request completes with the addressed pin's
// status; the peer's outcome is not reported.  After KSRESET_END the frames
// that were refused during the reset go out again.
NTSTATUS Pin::resetAndPropagate(PIRP irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    ULONG value = ULONG(-1);
    if (stack->Parameters.DeviceIoControl.InputBufferLength == sizeof(ULONG) &&
        stack->Parameters.DeviceIoControl.Type3InputBuffer != nullptr) {
        value = *static_cast<const ULONG*>(stack->Parameters.DeviceIoControl.Type3InputBuffer);
    }
    const bool forward = !tForwardingReset && (value == KSRESET_BEGIN || value == KSRESET_END);
    PFILE_OBJECT peer = forward ? referencePeerFile() : nullptr;
    const NTSTATUS status = queue_->dispatch(irp);  // completes the IRP; do not touch it again
    if (peer != nullptr) {
        if (NT_SUCCESS(status)) {
            tForwardingReset = true;
            ULONG returned = 0;
            (void)KsSynchronousIoControlDevice(peer, KernelMode, IOCTL_KS_RESET_STATE, &value, sizeof(value), nullptr,
                                               0, &returned);
            tForwardingReset = false;
        }
        ObDereferenceObject(peer);
    }
    if (NT_SUCCESS(status) && value == KSRESET_END) {
        kickTransport();
    }
    return status;
}

}  // namespace openks::avstream

using PinObject = openks::avstream::Pin;

extern "C" {

NTSTATUS NTAPI KsPinGetConnectedPinInterface(PKSPIN Pin, const GUID* InterfaceId, PVOID* Interface)
{
    if (Interface == nullptr || InterfaceId == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Interface = nullptr;
    PinObject* pin = PinObject::fromPublic(Pin);
    return pin == nullptr ? STATUS_INVALID_PARAMETER : pin->connectedInterface(false, *InterfaceId, Interface);
}

PFILE_OBJECT NTAPI KsPinGetConnectedPinFileObject(PKSPIN Pin)
{
    // Only a source pin knows the file object of the pin it is connected to.
    PinObject* pin = PinObject::fromPublic(Pin);
    return pin != nullptr ? pin->sinkFile() : nullptr;
}

PDEVICE_OBJECT NTAPI KsPinGetConnectedPinDeviceObject(PKSPIN Pin)
{
    PinObject* pin = PinObject::fromPublic(Pin);
    PFILE_OBJECT file = pin != nullptr ? pin->sinkFile() : nullptr;
    return file != nullptr ? IoGetRelatedDeviceObject(file) : nullptr;
}

NTSTATUS NTAPI KsPinGetConnectedFilterInterface(PKSPIN Pin, const GUID* InterfaceId, PVOID* Interface)
{
    if (Interface == nullptr || InterfaceId == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Interface = nullptr;
    PinObject* pin = PinObject::fromPublic(Pin);
    return pin == nullptr ? STATUS_INVALID_PARAMETER : pin->connectedInterface(true, *InterfaceId, Interface);
}

void NTAPI KsPinGetCopyRelationships(PKSPIN Pin, PKSPIN* CopySource, PKSPIN* DelegateBranch)
{
    // Splitter branches (KSPIN_FLAG_SPLITTER) are not modelled.
    (void)Pin;
    if (CopySource != nullptr) {
        *CopySource = nullptr;
    }
    if (DelegateBranch != nullptr) {
        *DelegateBranch = nullptr;
    }
}

// KsPinGetReferenceClockInterface and KsPinSetPinClockTime live with the pin clocks (pin_clock.cpp).

NTSTATUS NTAPI KsPinSubmitFrame(PKSPIN Pin, PVOID Data, ULONG Size, PKSSTREAM_HEADER StreamHeader, PVOID Context)
{
    // Frame injection belongs to pins without the standard transport's
    // requestor; openks has no injection path.
    (void)Pin;
    (void)Data;
    (void)Size;
    (void)StreamHeader;
    (void)Context;
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS NTAPI KsPinSubmitFrameMdl(PKSPIN Pin, PMDL Mdl, PKSSTREAM_HEADER StreamHeader, PVOID Context)
{
    (void)Pin;
    (void)Mdl;
    (void)StreamHeader;
    (void)Context;
    return STATUS_INVALID_DEVICE_REQUEST;
}

}  // extern "C"
