// SPDX-License-Identifier: MIT
// Pin clocks (KSSTRING_Clock creates relative to a pin), master clocks (KSPROPERTY_STREAM_MASTERCLOCK) and the
// pin's clock DDI.
#include <cstring>
#include <mutex>

#include "avstream/clock.h"
#include "avstream/ddi_support.h"
#include "avstream/pin.h"
#include "ks/connect.h"

namespace openks::avstream {

bool Pin::implementsClock() const
{
    const KSPIN_DESCRIPTOR_EX* descriptor = block_.ks.Descriptor;
    return (descriptor->Flags & KSPIN_FLAG_IMPLEMENT_CLOCK) != 0 ||
           (descriptor->Dispatch != nullptr && descriptor->Dispatch->Clock != nullptr);
}

ClockSource* Pin::clockSource()
{
    if (ClockSource* clock = clock_.load(std::memory_order_acquire)) {
        return clock;
    }
    if (!implementsClock()) {
        return nullptr;
    }
    // The state gate makes the clock at the pin's first state change (see
    // clockStateChanged), so a clock made anywhere else is made while the
    // pin has not left STOP, or during that first step before its hook
    // runs (which then moves the clock on): it starts stopped either way.
    // masterMutex_ is a leaf, so this is safe inside SetDeviceState too.
    std::lock_guard lock(masterMutex_);
    if (clockOwner_ == nullptr) {
        auto source = std::make_unique<ClockSource>();
        const KSPIN_DISPATCH* dispatch = block_.ks.Descriptor->Dispatch;
        if (dispatch != nullptr && dispatch->Clock != nullptr) {
            source->setDriverTime(ks(), dispatch->Clock);
        }
        clockOwner_ = std::move(source);
        clock_.store(clockOwner_.get(), std::memory_order_release);
    }
    return clockOwner_.get();
}

void Pin::clockStateChanged(KSSTATE state)
{
    if (ClockSource* clock = implementsClock() ? clockSource() : nullptr) {
        clock->setState(state);
    }
}

NTSTATUS Pin::createChild(PIRP irp, PFILE_OBJECT file)
{
    ks::ObjectClassName name;
    NTSTATUS status = ks::parseObjectClass(file->FileName.Buffer, file->FileName.Length, &name);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (name.objectClass != ks::KsObjectClass::kClock) {
        // Allocators and topology nodes under pins are not objects openks makes.
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    // A pin that exposes no clock has no clock create item: no such object.
    if (!implementsClock()) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    PKSCLOCK_CREATE create = nullptr;
    status = KsValidateClockCreateRequest(irp, &create);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ClockSource* source = clockSource();
    if (source == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return ClockFile::create(file, source);
}

NTSTATUS Pin::setMasterClock(PIRP irp, HANDLE clock)
{
    PFILE_OBJECT referenced = nullptr;
    if (clock != nullptr) {
        PVOID object = nullptr;
        const NTSTATUS status = ObReferenceObjectByHandle(
            clock, 0, *IoFileObjectType, irp == nullptr ? KernelMode : irp->RequestorMode, &object, nullptr);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        referenced = static_cast<PFILE_OBJECT>(object);
        if (ClockFile::fromFileObject(referenced) == nullptr) {
            ObDereferenceObject(referenced);
            return STATUS_INVALID_PARAMETER;  // a handle, but not to a clock
        }
    }
    PFILE_OBJECT previous;
    {
        std::lock_guard lock(masterMutex_);
        previous = masterClock_;
        masterClock_ = referenced;
    }
    if (previous != nullptr) {
        ObDereferenceObject(previous);  // may close that clock, under no lock of ours
    }
    return STATUS_SUCCESS;
}

PFILE_OBJECT Pin::referenceMasterClock()
{
    std::lock_guard lock(masterMutex_);
    if (masterClock_ != nullptr) {
        ObReferenceObject(masterClock_);
    }
    return masterClock_;
}

namespace {

Pin* pinOf(PIRP irp)
{
    return Pin::fromFileObject(IoGetCurrentIrpStackLocation(irp)->FileObject);
}

NTSTATUS NTAPI setMasterClockProperty(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    HANDLE clock;
    std::memcpy(&clock, data, sizeof(clock));
    return pin->setMasterClock(irp, clock);
}

struct PinClockTables {
    KSPROPERTY_ITEM stream[1];
    KSPROPERTY_SET propertySet;
    KSEVENT_ITEM connection[1];
    KSEVENT_SET eventSet;
    KSAUTOMATION_TABLE plain;
    KSAUTOMATION_TABLE withEos;

    PinClockTables() : stream{}, propertySet{}, connection{}, eventSet{}, plain{}, withEos{}
    {
        // SET only: a GET is not answered (GStreamer asks first and tolerates the failure).
        stream[0].PropertyId = KSPROPERTY_STREAM_MASTERCLOCK;
        stream[0].SetPropertyHandler = setMasterClockProperty;
        stream[0].MinProperty = sizeof(KSPROPERTY);
        stream[0].MinData = sizeof(HANDLE);
        propertySet.Set = &KSPROPSETID_Stream;
        propertySet.PropertiesCount = 1;
        propertySet.PropertyItem = stream;
        connection[0].EventId = KSEVENT_CONNECTION_ENDOFSTREAM;
        connection[0].DataInput = sizeof(KSEVENTDATA);
        eventSet.Set = &KSEVENTSETID_Connection;
        eventSet.EventsCount = 1;
        eventSet.EventItem = connection;
        plain.PropertySetsCount = 1;
        plain.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
        plain.PropertySets = &propertySet;
        withEos = plain;
        withEos.EventSetsCount = 1;
        withEos.EventItemSize = sizeof(KSEVENT_ITEM);
        withEos.EventSets = &eventSet;
    }
};

}  // namespace

const KSAUTOMATION_TABLE* pinClockAutomation(const KSPIN_DESCRIPTOR_EX* descriptor)
{
    static const PinClockTables* tables = new PinClockTables;  // immutable, lives to process exit
    return (descriptor->Flags & KSPIN_FLAG_GENERATE_EOS_EVENTS) != 0 ? &tables->withEos : &tables->plain;
}

}  // namespace openks::avstream

using PinObject = openks::avstream::Pin;

extern "C" {

// Sets the presentation time of the pin's clock (created on first use if
// the pin implements one; otherwise nothing happens).  Any thread.
void NTAPI KsPinSetPinClockTime(PKSPIN Pin, LONGLONG Time)
{
    PinObject* pin = PinObject::fromPublic(Pin);
    openks::avstream::ClockSource* clock = pin == nullptr ? nullptr : pin->clockSource();
    if (clock != nullptr) {
        clock->setTime(Time);
    }
}

// The master clock a client assigned to the pin (KSPROPERTY_STREAM_MASTERCLOCK)
// as an IKsReferenceClock the caller releases.  STATUS_SUCCESS;
// STATUS_DEVICE_NOT_READY when none is assigned; STATUS_INSUFFICIENT_RESOURCES.
NTSTATUS NTAPI KsPinGetReferenceClockInterface(PKSPIN Pin, PIKSREFERENCECLOCK* Interface)
{
    if (Interface == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Interface = nullptr;
    PinObject* pin = PinObject::fromPublic(Pin);
    PFILE_OBJECT clock = pin == nullptr ? nullptr : pin->referenceMasterClock();
    if (clock == nullptr) {
        return STATUS_DEVICE_NOT_READY;
    }
    *Interface = openks::avstream::makeReferenceClock(clock);
    ObDereferenceObject(clock);
    return *Interface == nullptr ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
}

}  // extern "C"
