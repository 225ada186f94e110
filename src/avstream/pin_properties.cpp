// SPDX-License-Identifier: MIT
// The framework's pin properties: KSPROPSETID_Connection (state, format, framing, priority) and
// KSPROPSETID_StreamInterface.
#include <openks/driver.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "avstream/filter.h"
#include "avstream/pin.h"
#include "avstream/pin_format.h"
#include "ks/property_set.h"

namespace openks::avstream {

namespace {

Pin* pinOf(PIRP irp)
{
    return Pin::fromFileObject(IoGetCurrentIrpStackLocation(irp)->FileObject);
}

ULONG outputLength(PIRP irp)
{
    return IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength;
}

// ---- KSPROPERTY_CONNECTION_STATE (§12 items 28-32) --------------------------------

NTSTATUS NTAPI getState(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    *static_cast<KSSTATE*>(data) = pin->state();
    irp->IoStatus.Information = sizeof(KSSTATE);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setState(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    // Read as a ULONG: an out-of-range value is bad input, not a KSSTATE.
    ULONG value;
    std::memcpy(&value, data, sizeof(value));
    if (value > static_cast<ULONG>(KSSTATE_RUN)) {
        return STATUS_INVALID_PARAMETER;
    }
    return pin->setState(static_cast<KSSTATE>(value));
}

// ---- KSPROPERTY_CONNECTION_DATAFORMAT (items 34, 35) ------------------------------

NTSTATUS NTAPI getDataFormat(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    // ConnectionFormat is replaced under the control mutex; copy under it too.
    std::lock_guard control(pin->controlMutex());
    const KSDATAFORMAT* format = pin->ks()->ConnectionFormat;
    return ks::answerVariable(irp, data, outputLength(irp), format, format->FormatSize);
}

NTSTATUS NTAPI setDataFormat(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if ((pin->descriptor()->Flags & KSPIN_FLAG_FIXED_FORMAT) != 0) {
        return STATUS_INVALID_DEVICE_REQUEST;  // item 34
    }
    const ULONG length = outputLength(irp);
    if (length < sizeof(KSDATAFORMAT)) {
        irp->IoStatus.Information = sizeof(KSDATAFORMAT);
        return STATUS_BUFFER_TOO_SMALL;
    }
    const auto* format = static_cast<const KSDATAFORMAT*>(data);
    const ULONG size = format->FormatSize;
    if (size < sizeof(KSDATAFORMAT) || size > length) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!formatMatchesDescriptor(pin->descriptor(), format, size)) {
        return STATUS_NO_MATCH;
    }
    KSPIN* ks = pin->ks();
    std::lock_guard control(pin->controlMutex());
    PKSDATAFORMAT old = ks->ConnectionFormat;
    NTSTATUS status = pin->replaceFormat(format, size);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    // SetDataFormat sees the new format in ConnectionFormat and the old one
    // as OldFormat; the old copy stays in the bag (drivers may hold it).
    status = offerFormat(ks, old, ks->AttributeList);
    if (!NT_SUCCESS(status)) {
        ks->ConnectionFormat = old;
    }
    return status;
}

NTSTATUS NTAPI setProposeDataFormat(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const auto* format = static_cast<const KSDATAFORMAT*>(data);
    if (format->FormatSize < sizeof(KSDATAFORMAT) || format->FormatSize > outputLength(irp)) {
        return STATUS_INVALID_PARAMETER;
    }
    return formatMatchesDescriptor(pin->descriptor(), format, format->FormatSize) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

// ---- Allocator framing -------------------------------------------------------------

ULONG framingExSize(const KSALLOCATOR_FRAMING_EX* framing)
{
    const ULONG items = std::max<ULONG>(framing->CountItems, 1);
    return static_cast<ULONG>(sizeof(KSALLOCATOR_FRAMING_EX) + (items - 1) * sizeof(KS_FRAMING_ITEM));
}

NTSTATUS NTAPI getAllocatorFraming(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const KSALLOCATOR_FRAMING_EX* framing = pin->descriptor()->AllocatorFraming;
    if (framing == nullptr || framing->CountItems == 0) {
        return STATUS_NOT_FOUND;
    }
    // The legacy structure is item 0 of the extended one.
    const KS_FRAMING_ITEM& first = framing->FramingItem[0];
    KSALLOCATOR_FRAMING value{};
    value.OptionsFlags = first.Flags;
    value.PoolType = NonPagedPool;
    value.Frames = first.Frames;
    value.FrameSize = first.FramingRange.Range.MaxFrameSize;
    value.FileAlignment = first.FileAlignment;
    *static_cast<KSALLOCATOR_FRAMING*>(data) = value;
    irp->IoStatus.Information = sizeof(value);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getAllocatorFramingEx(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const KSALLOCATOR_FRAMING_EX* framing = pin->descriptor()->AllocatorFraming;
    if (framing == nullptr) {
        return STATUS_NOT_FOUND;
    }
    return ks::answerVariable(irp, data, outputLength(irp), framing, framingExSize(framing));
}

// ---- Priority and header size ---------------------------------------------------------

NTSTATUS NTAPI getPriority(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard control(pin->controlMutex());
    *static_cast<KSPRIORITY*>(data) = pin->ks()->ConnectionPriority;
    irp->IoStatus.Information = sizeof(KSPRIORITY);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setPriority(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard control(pin->controlMutex());
    pin->ks()->ConnectionPriority = *static_cast<const KSPRIORITY*>(data);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getHeaderSize(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Pin* pin = pinOf(irp);
    if (pin == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    // A minidriver may raise StreamHeaderSize (under the control mutex, as the DDI asks).
    std::lock_guard control(pin->controlMutex());
    *static_cast<ULONG*>(data) = pin->ks()->StreamHeaderSize;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

KSPROPERTY_ITEM item(ULONG id, PFNKSHANDLER get, ULONG minData, PFNKSHANDLER set = nullptr)
{
    KSPROPERTY_ITEM entry{};
    entry.PropertyId = id;
    entry.GetPropertyHandler = get;
    entry.MinProperty = sizeof(KSPROPERTY);
    entry.MinData = minData;
    entry.SetPropertyHandler = set;
    return entry;
}

struct PinTables {
    KSPROPERTY_ITEM connection[6];
    KSPROPERTY_ITEM streamInterface[1];
    KSPROPERTY_SET sets[2];
    KSAUTOMATION_TABLE table;

    PinTables()
        : connection{
              item(KSPROPERTY_CONNECTION_STATE, getState, sizeof(KSSTATE), setState),
              item(KSPROPERTY_CONNECTION_PRIORITY, getPriority, sizeof(KSPRIORITY), setPriority),
              item(KSPROPERTY_CONNECTION_DATAFORMAT, getDataFormat, 0, setDataFormat),
              item(KSPROPERTY_CONNECTION_ALLOCATORFRAMING, getAllocatorFraming, sizeof(KSALLOCATOR_FRAMING)),
              item(KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, nullptr, sizeof(KSDATAFORMAT), setProposeDataFormat),
              item(KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX, getAllocatorFramingEx, 0),
          },
          streamInterface{
              item(KSPROPERTY_STREAMINTERFACE_HEADERSIZE, getHeaderSize, sizeof(ULONG)),
          },
          sets{}, table{}
    {
        sets[0].Set = &KSPROPSETID_Connection;
        sets[0].PropertiesCount = sizeof(connection) / sizeof(connection[0]);
        sets[0].PropertyItem = connection;
        sets[1].Set = &KSPROPSETID_StreamInterface;
        sets[1].PropertiesCount = sizeof(streamInterface) / sizeof(streamInterface[0]);
        sets[1].PropertyItem = streamInterface;
        table.PropertySetsCount = sizeof(sets) / sizeof(sets[0]);
        table.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
        table.PropertySets = sets;
    }
};

}  // namespace

const KSAUTOMATION_TABLE* pinFrameworkAutomation()
{
    static const PinTables* tables = new PinTables;  // immutable, lives to process exit
    return &tables->table;
}

}  // namespace openks::avstream
