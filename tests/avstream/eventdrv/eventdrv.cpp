// SPDX-License-Identifier: MIT
// openks_eventdrv: the event and clock test minidriver, written only against <openks/driver.h>.
#include <openks/driver.h>

#include <atomic>
#include <cstring>

#include "eventdrv_protocol.h"

namespace {

std::atomic<ULONG> gAdds{0};
std::atomic<ULONG> gRemoves{0};
std::atomic<ULONG> gFired{0};
std::atomic<ULONG> gExtraNotZero{0};
std::atomic<LONGLONG> gDriverTime{0};

// What EVENTDRV_EVENT_HANDLED keeps after its KSEVENT_ENTRY.
struct Extra {
    ULONGLONG cookie;
    ULONGLONG magic;
};
constexpr ULONGLONG kMagic = 0x6576656e74647276ULL;

Extra* extraOf(PKSEVENT_ENTRY entry)
{
    return reinterpret_cast<Extra*>(entry + 1);
}

// ---- Event handlers --------------------------------------------------------------------

NTSTATUS NTAPI addHandled(PIRP irp, PKSEVENTDATA data, PKSEVENT_ENTRY entry)
{
    Extra* extra = extraOf(entry);
    if (extra->cookie != 0 || extra->magic != 0) {
        ++gExtraNotZero;
    }
    extra->cookie = reinterpret_cast<const EVENTDRV_EVENTDATA*>(data)->Cookie;
    extra->magic = kMagic;
    ++gAdds;
    if (PKSPIN pin = KsGetPinFromIrp(irp)) {
        KsPinAddEvent(pin, entry);
    } else {
        KsFilterAddEvent(KsGetFilterFromIrp(irp), entry);
    }
    return STATUS_SUCCESS;
}

void NTAPI removeHandled(PFILE_OBJECT, PKSEVENT_ENTRY entry)
{
    ++gRemoves;
    RemoveEntryList(&entry->ListEntry);
}

NTSTATUS NTAPI addRefused(PIRP, PKSEVENTDATA, PKSEVENT_ENTRY)
{
    return STATUS_INVALID_DEVICE_STATE;
}

const KSEVENT_ITEM kEvents[] = {
    DEFINE_KSEVENT_ITEM(EVENTDRV_EVENT_PLAIN, sizeof(KSEVENTDATA), 0, nullptr, nullptr, nullptr),
    DEFINE_KSEVENT_ITEM(EVENTDRV_EVENT_HANDLED, sizeof(EVENTDRV_EVENTDATA), sizeof(Extra), addHandled, removeHandled,
                        nullptr),
    DEFINE_KSEVENT_ITEM(EVENTDRV_EVENT_REFUSED, sizeof(KSEVENTDATA), 0, addRefused, nullptr, nullptr),
};

const KSEVENT_SET kEventSets[] = {
    DEFINE_KSEVENT_SET(&KSEVENTSETID_OpenksEventTest, SIZEOF_ARRAY(kEvents), kEvents),
};

// Counts EVENTDRV_EVENT_HANDLED entries whose extra data survived to generation.
BOOLEAN NTAPI countFired(PVOID, PKSEVENT_ENTRY entry)
{
    if (entry->EventItem->EventId == EVENTDRV_EVENT_HANDLED && extraOf(entry)->magic == kMagic &&
        extraOf(entry)->cookie != 0) {
        ++gFired;
    }
    return TRUE;
}

// ---- Properties -------------------------------------------------------------------------

NTSTATUS NTAPI setFire(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    const ULONG id = *static_cast<const ULONG*>(data);
    PKSFILTER filter = KsGetFilterFromIrp(irp);
    KsFilterGenerateEvents(filter, &KSEVENTSETID_OpenksEventTest, id, 0, nullptr, countFired, nullptr);
    KsFilterAcquireControl(filter);
    for (ULONG pinId = 0; pinId < EVENTDRV_PIN_COUNT; ++pinId) {
        for (PKSPIN pin = KsFilterGetFirstChildPin(filter, pinId); pin != nullptr; pin = KsPinGetNextSiblingPin(pin)) {
            KsPinGenerateEvents(pin, &KSEVENTSETID_OpenksEventTest, id, 0, nullptr, countFired, nullptr);
        }
    }
    KsFilterReleaseControl(filter);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getCounters(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    auto* counters = static_cast<EVENTDRV_COUNTERS*>(data);
    counters->Adds = gAdds;
    counters->Removes = gRemoves;
    counters->Fired = gFired;
    counters->ExtraNotZero = gExtraNotZero;
    irp->IoStatus.Information = sizeof(EVENTDRV_COUNTERS);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setClockTime(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    KsPinSetPinClockTime(KsGetPinFromIrp(irp), *static_cast<const LONGLONG*>(data));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setDriverTime(PIRP, PKSIDENTIFIER, PVOID data)
{
    gDriverTime = *static_cast<const LONGLONG*>(data);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getMasterTime(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    PIKSREFERENCECLOCK clock = nullptr;
    NTSTATUS status = KsPinGetReferenceClockInterface(KsGetPinFromIrp(irp), &clock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *static_cast<LONGLONG*>(data) = clock->GetTime();
    clock->Release();
    irp->IoStatus.Information = sizeof(LONGLONG);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kFilterProperties){
    DEFINE_KSPROPERTY_ITEM(EVENTDRV_PROPERTY_FIRE, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setFire, nullptr, 0,
                           nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(EVENTDRV_PROPERTY_COUNTERS, getCounters, sizeof(KSPROPERTY), sizeof(EVENTDRV_COUNTERS),
                           nullptr, nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(EVENTDRV_PROPERTY_DRIVER_TIME, nullptr, sizeof(KSPROPERTY), sizeof(LONGLONG), setDriverTime,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_TABLE(kPinProperties){
    DEFINE_KSPROPERTY_ITEM(EVENTDRV_PROPERTY_CLOCK_TIME, nullptr, sizeof(KSPROPERTY), sizeof(LONGLONG), setClockTime,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(EVENTDRV_PROPERTY_MASTER_TIME, getMasterTime, sizeof(KSPROPERTY), sizeof(LONGLONG), nullptr,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kFilterPropertySets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksEventTest, SIZEOF_ARRAY(kFilterProperties), kFilterProperties, 0, nullptr),
};

DEFINE_KSPROPERTY_SET_TABLE(kPinPropertySets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksEventTest, SIZEOF_ARRAY(kPinProperties), kPinProperties, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kFilterAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kFilterPropertySets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS(kEventSets),
};

DEFINE_KSAUTOMATION_TABLE(kPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kPinPropertySets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS(kEventSets),
};

// ---- Pins ---------------------------------------------------------------------------------

LONGLONG FASTCALL driverCorrelatedTime(PKSPIN, PLONGLONG systemTime)
{
    *systemTime = static_cast<LONGLONG>(KeQueryInterruptTime());
    return gDriverTime;
}

void driverResolution(PKSPIN, PKSRESOLUTION resolution)
{
    resolution->Granularity = 5;
    resolution->Error = 7;
}

const KSCLOCK_DISPATCH kDriverClock = {nullptr, nullptr, driverCorrelatedTime, driverResolution};

const KSPIN_DISPATCH kPinDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                     nullptr, nullptr, nullptr, nullptr, nullptr};
const KSPIN_DISPATCH kDriverClockPinDispatch = {nullptr, nullptr, nullptr, nullptr,       nullptr,
                                                nullptr, nullptr, nullptr, &kDriverClock, nullptr};

const KSDATARANGE kStreamRange = {{sizeof(KSDATARANGE),
                                   0,
                                   0,
                                   0,
                                   {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                                   {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                                   {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};
const PKSDATARANGE kStreamRanges[] = {const_cast<PKSDATARANGE>(&kStreamRange)};

#define EVENTDRV_PIN(dispatch, flags)                              \
    {                                                              \
        &(dispatch), &kPinAutomation,                              \
            {DEFINE_KSPIN_DEFAULT_INTERFACES,                      \
             DEFINE_KSPIN_DEFAULT_MEDIUMS,                         \
             SIZEOF_ARRAY(kStreamRanges),                          \
             kStreamRanges,                                        \
             KSPIN_DATAFLOW_IN,                                    \
             KSPIN_COMMUNICATION_SINK,                             \
             nullptr,                                              \
             nullptr,                                              \
             {0}},                                                 \
            (flags), KSINSTANCE_INDETERMINATE, 0, nullptr, nullptr \
    }

const KSPIN_DESCRIPTOR_EX kPins[EVENTDRV_PIN_COUNT] = {
    EVENTDRV_PIN(kPinDispatch, KSPIN_FLAG_IMPLEMENT_CLOCK | KSPIN_FLAG_GENERATE_EOS_EVENTS),
    EVENTDRV_PIN(kPinDispatch, 0),
    EVENTDRV_PIN(kDriverClockPinDispatch, 0),
};

const GUID kCategories[] = {
    {STATICGUIDOF(KSCATEGORY_DATATRANSFORM)},
};

const GUID kFilterGuid = {STATICGUIDOF(EVENTDRV_FILTER_GUID)};

const KSFILTER_DISPATCH kFilterDispatch = {nullptr, nullptr, nullptr, nullptr};

DEFINE_KSFILTER_DESCRIPTOR(kFilter){
    &kFilterDispatch,
    &kFilterAutomation,
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kPins),
    DEFINE_KSFILTER_CATEGORIES(kCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kFilters){&kFilter};

const KSDEVICE_DESCRIPTOR kDevice = {nullptr, SIZEOF_ARRAY(kFilters), kFilters, KSDEVICE_DESCRIPTOR_VERSION, 0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kDevice);
}
