// SPDX-License-Identifier: MIT
// openks_testdrv: the object-model test minidriver, written only against <openks/driver.h>: one filter, four pins, a
// private property set.
#include <openks/driver.h>

#include <mutex>
#include <new>
#include <vector>

#include "testdrv_protocol.h"

namespace {

// ---- Per-filter record ---------------------------------------------------------

struct FilterRecord {
    std::mutex lock;
    std::vector<TESTDRV_STATE_STEP> steps;
    ULONG stepCount = 0;
    TESTDRV_FAIL fail{};
    NTSTATUS failPinCreate = 0;
    TESTDRV_COUNTERS counters{};
};

void freeRecord(PVOID record)
{
    delete static_cast<FilterRecord*>(record);
}

FilterRecord* recordOf(PKSFILTER filter)
{
    return filter == nullptr ? nullptr : static_cast<FilterRecord*>(filter->Context);
}

FilterRecord* recordOf(PKSPIN pin)
{
    return recordOf(KsPinGetParentFilter(pin));
}

// ---- Filter dispatch -----------------------------------------------------------

NTSTATUS NTAPI filterCreate(PKSFILTER filter, PIRP)
{
    auto* record = new (std::nothrow) FilterRecord;
    if (record == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(filter->Bag, record, freeRecord);
    if (!NT_SUCCESS(status)) {
        delete record;
        return status;
    }
    filter->Context = record;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI filterClose(PKSFILTER, PIRP)
{
    return STATUS_SUCCESS;  // the record goes with the filter's bag
}

const KSFILTER_DISPATCH kFilterDispatch = {filterCreate, filterClose, nullptr, nullptr};

// ---- Pin dispatch ----------------------------------------------------------------

NTSTATUS NTAPI pinCreate(PKSPIN pin, PIRP)
{
    FilterRecord* record = recordOf(pin);
    std::lock_guard lock(record->lock);
    if (record->failPinCreate != 0) {
        NTSTATUS status = record->failPinCreate;
        record->failPinCreate = 0;
        return status;
    }
    // The pin's Context starts as the filter's (the DDI's rule).
    if (pin->Context != record) {
        return STATUS_INTERNAL_ERROR;
    }
    ++record->counters.PinCreates;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinClose(PKSPIN pin, PIRP)
{
    FilterRecord* record = recordOf(pin);
    std::lock_guard lock(record->lock);
    ++record->counters.PinCloses;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinSetDataFormat(PKSPIN pin, PKSDATAFORMAT, PKSMULTIPLE_ITEM, const KSDATARANGE* range,
                                const KSATTRIBUTE_LIST*)
{
    FilterRecord* record = recordOf(pin);
    std::lock_guard lock(record->lock);
    ++record->counters.SetDataFormats;
    // The new format is already the pin's connection format.
    return pin->ConnectionFormat != nullptr && range != nullptr ? STATUS_SUCCESS : STATUS_INTERNAL_ERROR;
}

NTSTATUS NTAPI pinSetDeviceState(PKSPIN pin, KSSTATE to, KSSTATE from)
{
    FilterRecord* record = recordOf(pin);
    std::lock_guard lock(record->lock);
    if (record->steps.size() < TESTDRV_MAX_STEPS) {
        record->steps.push_back(TESTDRV_STATE_STEP{pin->Id, static_cast<ULONG>(to), static_cast<ULONG>(from),
                                                   static_cast<ULONG>(pin->ClientState)});
    }
    ++record->stepCount;
    if (record->fail.Status != 0) {
        if (record->fail.Skip > 0) {
            --record->fail.Skip;
        } else {
            NTSTATUS status = record->fail.Status;
            record->fail.Status = 0;
            return status;
        }
    }
    return STATUS_SUCCESS;
}

const KSPIN_DISPATCH kPinDispatch = {pinCreate,         pinClose, nullptr, nullptr, pinSetDataFormat,
                                     pinSetDeviceState, nullptr,  nullptr, nullptr, nullptr};

// ---- Handshake ---------------------------------------------------------------------

NTSTATUS NTAPI pinHandshake(PKSPIN pin, PKSHANDSHAKE in, PKSHANDSHAKE out)
{
    FilterRecord* record = recordOf(pin);
    {
        std::lock_guard lock(record->lock);
        ++record->counters.Handshakes;
    }
    if (!IsEqualGUID(in->ProtocolId, TESTDRV_HANDSHAKE_PROTOCOL)) {
        return STATUS_INVALID_DEVICE_REQUEST;  // the callback contract for unknown protocols
    }
    out->ProtocolId = in->ProtocolId;
    out->Argument1 = in->Argument2;
    out->Argument2 = in->Argument1;
    return STATUS_SUCCESS;
}

// ---- The private property set --------------------------------------------------------

NTSTATUS NTAPI getStateLog(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    FilterRecord* record = recordOf(KsGetFilterFromIrp(irp));
    auto* log = static_cast<TESTDRV_STATE_LOG*>(data);
    std::lock_guard lock(record->lock);
    *log = TESTDRV_STATE_LOG{};
    log->Count = record->stepCount;
    for (size_t i = 0; i < record->steps.size(); ++i) {
        log->Steps[i] = record->steps[i];
    }
    irp->IoStatus.Information = sizeof(TESTDRV_STATE_LOG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setClearLog(PIRP irp, PKSIDENTIFIER, PVOID)
{
    FilterRecord* record = recordOf(KsGetFilterFromIrp(irp));
    std::lock_guard lock(record->lock);
    record->steps.clear();
    record->stepCount = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setFailState(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    FilterRecord* record = recordOf(KsGetFilterFromIrp(irp));
    std::lock_guard lock(record->lock);
    record->fail = *static_cast<const TESTDRV_FAIL*>(data);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getCounters(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    FilterRecord* record = recordOf(KsGetFilterFromIrp(irp));
    std::lock_guard lock(record->lock);
    *static_cast<TESTDRV_COUNTERS*>(data) = record->counters;
    irp->IoStatus.Information = sizeof(TESTDRV_COUNTERS);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setFailPinCreate(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    FilterRecord* record = recordOf(KsGetFilterFromIrp(irp));
    std::lock_guard lock(record->lock);
    record->failPinCreate = *static_cast<const NTSTATUS*>(data);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setHandshake(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    KsPinRegisterHandshakeCallback(pin, *static_cast<const ULONG*>(data) != 0 ? pinHandshake : nullptr);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setHeaderSize(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    const ULONG size = *static_cast<const ULONG*>(data);
    if (size < sizeof(KSSTREAM_HEADER)) {
        return STATUS_INVALID_PARAMETER;
    }
    KsPinAcquireControl(pin);
    pin->StreamHeaderSize = size;
    KsPinReleaseControl(pin);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getPinStates(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    auto* states = static_cast<TESTDRV_PIN_STATES*>(data);
    KsPinAcquireControl(pin);
    states->ClientState = static_cast<ULONG>(pin->ClientState);
    states->DeviceState = static_cast<ULONG>(pin->DeviceState);
    KsPinReleaseControl(pin);
    irp->IoStatus.Information = sizeof(TESTDRV_PIN_STATES);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kFilterTestItems){
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_STATE_LOG, getStateLog, sizeof(KSPROPERTY), sizeof(TESTDRV_STATE_LOG),
                           nullptr, nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_CLEAR_LOG, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setClearLog, nullptr,
                           0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_FAIL_STATE, nullptr, sizeof(KSPROPERTY), sizeof(TESTDRV_FAIL), setFailState,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_COUNTERS, getCounters, sizeof(KSPROPERTY), sizeof(TESTDRV_COUNTERS),
                           nullptr, nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_FAIL_PIN_CREATE, nullptr, sizeof(KSPROPERTY), sizeof(NTSTATUS),
                           setFailPinCreate, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_TABLE(kPinTestItems){
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_HANDSHAKE, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setHandshake,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_HEADER_SIZE, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setHeaderSize,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(TESTDRV_PROPERTY_PIN_STATES, getPinStates, sizeof(KSPROPERTY), sizeof(TESTDRV_PIN_STATES),
                           nullptr, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kFilterSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksTest, SIZEOF_ARRAY(kFilterTestItems), kFilterTestItems, 0, nullptr),
};

DEFINE_KSPROPERTY_SET_TABLE(kPinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksTest, SIZEOF_ARRAY(kPinTestItems), kPinTestItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kFilterAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kFilterSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

DEFINE_KSAUTOMATION_TABLE(kPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kPinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Data ranges -------------------------------------------------------------------

const KSDATARANGE_AUDIO kRenderRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    8,       // MaximumChannels
    16,      // MinimumBitsPerSample
    32,      // MaximumBitsPerSample
    8000,    // MinimumSampleFrequency
    192000,  // MaximumSampleFrequency
};

const KSDATARANGE_AUDIO kCapturePcmRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    2,
    16,
    16,
    44100,
    48000,
};

const KSDATARANGE_AUDIO kCaptureFloatRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    2,
    32,
    32,
    44100,
    48000,
};

const KSDATARANGE_AUDIO kExclusiveRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    2,
    16,
    16,
    48000,
    48000,
};

const KSDATARANGE kRawRange = {{sizeof(KSDATARANGE),
                                0,
                                0,
                                0,
                                {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                                {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                                {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};

const PKSDATARANGE kRenderRanges[] = {const_cast<PKSDATARANGE>(&kRenderRange.DataRange)};
const PKSDATARANGE kCaptureRanges[] = {const_cast<PKSDATARANGE>(&kCapturePcmRange.DataRange),
                                       const_cast<PKSDATARANGE>(&kCaptureFloatRange.DataRange)};
const PKSDATARANGE kCaptureConstrained[] = {const_cast<PKSDATARANGE>(&kCapturePcmRange.DataRange)};
const PKSDATARANGE kExclusiveRanges[] = {const_cast<PKSDATARANGE>(&kExclusiveRange.DataRange)};
const PKSDATARANGE kRawRanges[] = {const_cast<PKSDATARANGE>(&kRawRange)};

const KSPIN_INTERFACE kCaptureInterfaces[] = {
    {STATICGUIDOF(KSINTERFACESETID_Standard), KSINTERFACE_STANDARD_STREAMING, 0},
    {STATICGUIDOF(KSINTERFACESETID_Standard), KSINTERFACE_STANDARD_LOOPED_STREAMING, 0},
};
const KSPIN_MEDIUM kCaptureMediums[] = {
    {STATICGUIDOF(KSMEDIUMSETID_Standard), KSMEDIUM_TYPE_ANYINSTANCE, 0},
};

// One framing item for the render pin (ALLOCATORFRAMING / _EX).
const KSALLOCATOR_FRAMING_EX kRenderFraming = {
    1,          // CountItems
    0,          // PinFlags
    {1, 1, 0},  // OutputCompression
    0,          // PinWeight
    {{
        {STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED)},
        {STATICGUIDOF(GUID_NULL)},
        0,  // MemoryFlags
        0,  // BusFlags
        0,  // Flags
        4,  // Frames
        FILE_QUAD_ALIGNMENT,
        0,                         // MemoryTypeWeight
        {0, 0xFFFFFFFF, 1},        // PhysicalRange
        {{1920, 19200, 1}, 0, 0},  // FramingRange
    }},
};

const GUID kSpeaker = {STATICGUIDOF(KSNODETYPE_SPEAKER)};
const GUID kCapture = {STATICGUIDOF(PINNAME_CAPTURE)};
const GUID kPin3Category = {STATICGUIDOF(TESTDRV_PIN3_CATEGORY)};

// Not const: DriverEntry fills the capture pin's constrained ranges (a union
// member C++ aggregate initialisation cannot reach positionally).
KSPIN_DESCRIPTOR_EX kPins[TESTDRV_PIN_COUNT] = {
    {&kPinDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kRenderRanges),
      kRenderRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SINK,
      &kSpeaker,
      nullptr,
      {0}},
     0,
     TESTDRV_RENDER_INSTANCES,
     1,
     &kRenderFraming,
     nullptr},
    {&kPinDispatch,
     &kPinAutomation,
     {SIZEOF_ARRAY(kCaptureInterfaces),
      kCaptureInterfaces,
      SIZEOF_ARRAY(kCaptureMediums),
      kCaptureMediums,
      SIZEOF_ARRAY(kCaptureRanges),
      kCaptureRanges,
      KSPIN_DATAFLOW_OUT,
      KSPIN_COMMUNICATION_SINK,
      &kCapture,
      nullptr,
      {0}},
     0,
     KSINSTANCE_INDETERMINATE,
     0,
     nullptr,
     nullptr},
    {&kPinDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kExclusiveRanges),
      kExclusiveRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SINK,
      nullptr,
      nullptr,
      {0}},
     KSPIN_FLAG_FIXED_FORMAT,
     1,
     0,
     nullptr,
     nullptr},
    {&kPinDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kRawRanges),
      kRawRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SINK,
      &kPin3Category,
      nullptr,
      {0}},
     KSPIN_FLAG_DO_NOT_USE_STANDARD_TRANSPORT,
     KSINSTANCE_INDETERMINATE,
     0,
     nullptr,
     nullptr},
};

// ---- Topology ------------------------------------------------------------------------

const GUID kDac = {STATICGUIDOF(KSNODETYPE_DAC)};
const GUID kVolume = {STATICGUIDOF(KSNODETYPE_VOLUME)};

const KSNODE_DESCRIPTOR kNodes[TESTDRV_NODE_COUNT] = {
    {nullptr, &kDac, nullptr},
    {nullptr, &kVolume, nullptr},
};

// render pin -> volume -> DAC -> capture pin (a loopback-shaped test topology)
const KSTOPOLOGY_CONNECTION kConnections[TESTDRV_CONNECTION_COUNT] = {
    {KSFILTER_NODE, TESTDRV_PIN_RENDER, 1, 1},
    {1, 0, 0, 1},
    {0, 0, KSFILTER_NODE, TESTDRV_PIN_CAPTURE},
};

const GUID kCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_RENDER)},
    {STATICGUIDOF(KSCATEGORY_CAPTURE)},
};

const KSCOMPONENTID kComponentId = {
    {0x6f6b7364, 0x7276, 0x4f31, {0x80, 0x04, 0x6d, 0x61, 0x6e, 0x75, 0x66, 0x31}},  // Manufacturer
    {0x6f6b7364, 0x7276, 0x4f31, {0x80, 0x05, 0x70, 0x72, 0x6f, 0x64, 0x75, 0x31}},  // Product
    {0x6f6b7364, 0x7276, 0x4f31, {0x80, 0x06, 0x63, 0x6f, 0x6d, 0x70, 0x6f, 0x31}},  // Component
    {0x6f6b7364, 0x7276, 0x4f31, {0x80, 0x07, 0x6e, 0x61, 0x6d, 0x65, 0x00, 0x31}},  // Name
    1,                                                                               // Version
    7,                                                                               // Revision
};

const GUID kFilterGuid = {STATICGUIDOF(TESTDRV_FILTER_GUID)};

DEFINE_KSFILTER_DESCRIPTOR(kFilter){
    &kFilterDispatch,
    &kFilterAutomation,
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kPins),
    DEFINE_KSFILTER_CATEGORIES(kCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS(kNodes),
    DEFINE_KSFILTER_CONNECTIONS(kConnections),
    &kComponentId,
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kFilters){&kFilter};

const KSDEVICE_DESCRIPTOR kDevice = {nullptr, SIZEOF_ARRAY(kFilters), kFilters, KSDEVICE_DESCRIPTOR_VERSION, 0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    kPins[TESTDRV_PIN_CAPTURE].PinDescriptor.ConstrainedDataRangesCount = SIZEOF_ARRAY(kCaptureConstrained);
    kPins[TESTDRV_PIN_CAPTURE].PinDescriptor.ConstrainedDataRanges = const_cast<PKSDATARANGE*>(kCaptureConstrained);
    return KsInitializeDriver(driver, registryPath, &kDevice);
}
