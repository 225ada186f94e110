// SPDX-License-Identifier: MIT
// Pins: construction from a validated connect request, IRP routing, cleanup and close, and the pin DDI that is not
// state or handshake.
#include "avstream/pin.h"

#include <cstring>
#include <new>

#include "avstream/clock.h"
#include "avstream/device.h"
#include "avstream/filter.h"
#include "avstream/log.h"
#include "avstream/transport.h"
#include "ks/method_set.h"
#include "ks/property_set.h"

namespace openks::avstream {

namespace {

bool isStandardInterface(const KSPIN_INTERFACE& i)
{
    return IsEqualGUID(i.Set, KSINTERFACESETID_Standard) && i.Id == KSINTERFACE_STANDARD_STREAMING;
}

bool isStandardMedium(const KSPIN_MEDIUM& m)
{
    return IsEqualGUID(m.Set, KSMEDIUMSETID_Standard) && m.Id == KSMEDIUM_TYPE_ANYINSTANCE;
}

}  // namespace

Pin::Pin(Filter* filter, PFILE_OBJECT file) : KsObject(KsObjectTypePin, filter), block_{}, filter_(filter), file_(file)
{
    bindPublic(block_);
}

Pin::~Pin()
{
    // A source pin whose creation failed still owns its link.
    unlink();
}

Pin* Pin::fromPublic(const KSPIN* pin)
{
    KsObject* object = objectFromPublic(pin);
    return object != nullptr && object->type() == KsObjectTypePin ? static_cast<Pin*>(object) : nullptr;
}

Pin* Pin::fromFileObject(PFILE_OBJECT file)
{
    KsObject* object = objectFromFileObject(file);
    return object != nullptr && object->type() == KsObjectTypePin ? static_cast<Pin*>(object) : nullptr;
}

std::mutex& Pin::controlMutex()
{
    return filter_->controlMutex();
}

bool Pin::standardTransport() const
{
    // The DDI's rule: USE_STANDARD_TRANSPORT forces it; DO_NOT_USE refuses
    // it; otherwise the standard interface and medium mean the standard
    // transport (a looped-streaming pin, for instance, has no queue).
    const ULONG flags = block_.ks.Descriptor->Flags;
    if ((flags & KSPIN_FLAG_USE_STANDARD_TRANSPORT) != 0) {
        return true;
    }
    if ((flags & KSPIN_FLAG_DO_NOT_USE_STANDARD_TRANSPORT) != 0) {
        return false;
    }
    return isStandardInterface(block_.ks.ConnectionInterface) && isStandardMedium(block_.ks.ConnectionMedium);
}

std::unique_ptr<Pin> Pin::make(Filter* filter, ULONG pinId, const KSPIN_DESCRIPTOR_EX* descriptor,
                               const PinConnection& connection, PFILE_OBJECT file, SinkLink* link, NTSTATUS* status)
{
    std::unique_ptr<Pin> pin(new (std::nothrow) Pin(filter, file));
    if (pin == nullptr) {
        if (link != nullptr) {
            releaseLink(link);
        }
        *status = STATUS_INSUFFICIENT_RESOURCES;
        return nullptr;
    }
    if (link != nullptr) {
        pin->sinkFile_ = link->file;
        pin->sinkPin_ = link->pin;
        *link = SinkLink{};
    }
    KSPIN& ks = pin->block_.ks;
    ks.Descriptor = descriptor;
    ks.Bag = pin->bag().handle();
    ks.Context = filter->ks()->Context;
    ks.Id = pinId;
    ks.Communication = descriptor->PinDescriptor.Communication;
    // A pin a client created directly has no AVStream pin on the other side
    // to handshake with; a source connected to one of our pins has.
    ks.ConnectionIsExternal = pin->sinkPin_ == nullptr ? TRUE : FALSE;
    ks.ConnectionInterface = connection.connect->Interface;
    ks.ConnectionMedium = connection.connect->Medium;
    ks.ConnectionPriority = connection.connect->Priority;
    ks.StreamHeaderSize = sizeof(KSSTREAM_HEADER);
    ks.DataFlow = descriptor->PinDescriptor.DataFlow;
    ks.DeviceState = KSSTATE_STOP;
    ks.ClientState = KSSTATE_STOP;
    ks.ResetState = KSRESET_END;

    auto* format = static_cast<KSDATAFORMAT*>(pin->bag().allocate(connection.formatSize));
    if (format == nullptr) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        return nullptr;
    }
    std::memcpy(format, connection.format, connection.formatSize);
    ks.ConnectionFormat = format;
    if (connection.attributes != nullptr) {
        const ULONG size = connection.attributes->Size;
        auto* attributes = static_cast<KSMULTIPLE_ITEM*>(pin->bag().allocate(size));
        if (attributes == nullptr) {
            *status = STATUS_INSUFFICIENT_RESOURCES;
            return nullptr;
        }
        std::memcpy(attributes, connection.attributes, size);
        ks.AttributeList = attributes;
    }
    if (pin->standardTransport()) {
        pin->queue_ = Queue::create(pin->ks(), descriptor);
        if (pin->queue_ == nullptr) {
            *status = STATUS_INSUFFICIENT_RESOURCES;
            return nullptr;
        }
    }
    *status = pin->createTransport();
    if (!NT_SUCCESS(*status)) {
        return nullptr;
    }
    return pin;
}

NTSTATUS Pin::replaceFormat(const KSDATAFORMAT* format, ULONG size)
{
    auto* copy = static_cast<KSDATAFORMAT*>(bag().allocate(size));
    if (copy == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    std::memcpy(copy, format, size);
    block_.ks.ConnectionFormat = copy;
    return STATUS_SUCCESS;
}

NTSTATUS Pin::deviceControl(PIRP irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    const ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    switch (code) {
        case IOCTL_KS_RESET_STATE:
            if (queue_ != nullptr) {
                return resetAndPropagate(irp);  // completes the IRP itself
            }
            irp->IoStatus.Information = 0;
            return completeIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
        case IOCTL_KS_WRITE_STREAM:
        case IOCTL_KS_READ_STREAM:
            if (queue_ != nullptr) {
                return queue_->dispatch(irp);  // completes the IRP itself
            }
            irp->IoStatus.Information = 0;
            return completeIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
        case IOCTL_KS_HANDSHAKE:
            irp->IoStatus.Information = 0;
            return completeIrp(irp, handshakeIoctl(irp));
        default:
            break;
    }
    irp->IoStatus.Information = 0;
    const KSAUTOMATION_TABLE* tables[3] = {pinFrameworkAutomation(), pinClockAutomation(block_.ks.Descriptor),
                                           block_.ks.Descriptor->AutomationTable};
    const ks::AutomationView view{tables, 3};
    NTSTATUS status;
    switch (code) {
        case IOCTL_KS_PROPERTY:
            status = ks::handleProperty(irp, view);
            break;
        case IOCTL_KS_METHOD:
            status = ks::handleMethod(irp, view);
            break;
        case IOCTL_KS_ENABLE_EVENT:
            status = events().enable(irp, view);
            break;
        case IOCTL_KS_DISABLE_EVENT:
            status = events().disable(irp);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
    }
    return completeIrp(irp, status);
}

void Pin::cleanup()
{
    // A source pin's frames come home before its queue is emptied, so none
    // is re-sent into it.
    if (transport_ != nullptr) {
        transport_->shutdown();
    }
    if (queue_ != nullptr) {
        queue_->cancelAll();
    }
}

NTSTATUS Pin::close(PIRP irp)
{
    // The io layer sends CLOSE only once no request is outstanding, so the
    // walk below races with nothing.  Failures are logged and walked over:
    // the pin reaches STOP whatever the minidriver answers.
    (void)walkTo(KSSTATE_STOP, true);
    if (FilterProcessor* processor = filter_->processor()) {
        processor->pinRemoved(ks());
    }
    // Events still enabled on the pin go first (their RemoveHandlers may use driver state Close frees).
    events().freeFile(nullptr);
    (void)setMasterClock(nullptr, nullptr);
    const KSPIN_DISPATCH* dispatch = block_.ks.Descriptor->Dispatch;
    {
        std::lock_guard control(controlMutex());
        if (dispatch != nullptr && dispatch->Close != nullptr) {
            (void)dispatch->Close(ks(), irp);
        }
        filter_->unlinkPin(this);
    }
    // The sink hears of the disconnection and its file object is released
    // (which may close it, on this thread, under no lock of ours).
    unlink();
    file_->FsContext = nullptr;
    delete this;
    irp->IoStatus.Information = 0;
    return completeIrp(irp, STATUS_SUCCESS);
}

KsObject* Pin::nextSibling()
{
    return filter_->nextPin(this);
}

Queue* pinQueue(PKSPIN pin)
{
    Pin* object = Pin::fromPublic(pin);
    return object == nullptr ? nullptr : object->queue();
}

FilterProcessor* filterProcessor(PKSFILTER filter)
{
    Filter* object = Filter::fromPublic(filter);
    return object == nullptr ? nullptr : object->processor();
}

PKSGATE filterIdleAndGate(PKSFILTER filter)
{
    Filter* object = Filter::fromPublic(filter);
    return object == nullptr ? nullptr : object->idleAndGate();
}

}  // namespace openks::avstream

extern "C" {

void NTAPI KsPinRegisterPowerCallbacks(PKSPIN Pin, PFNKSPINPOWER Sleep, PFNKSPINPOWER Wake)
{
    // Devices never leave D0 here, so the callbacks would never run.
    (void)Pin;
    (void)Sleep;
    (void)Wake;
}

}  // extern "C"
