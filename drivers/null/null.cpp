// SPDX-License-Identifier: MIT
// The null render sink: an AVStream minidriver whose pins consume every frame at once (see null_driver.h).

// Written only against the public DDI, as any third-party minidriver: one
// device, one filter, two pin-centric sink pins.  Process takes the leading
// edge, consumes each frame whole and moves on until the queue is empty,
// then waits for the next arrival (STATUS_PENDING).  Plain C style (the
// descriptors are the static tables Windows minidrivers use), compiled as
// C++ like most AVStream samples.

#include <openks/driver.h>

#include "null_driver.h"

/* ---- Data ranges -------------------------------------------------------------------------------- */

static const KSDATARANGE_AUDIO NullPcmRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    8,      /* MaximumChannels */
    8,      /* MinimumBitsPerSample */
    32,     /* MaximumBitsPerSample */
    1000,   /* MinimumSampleFrequency */
    384000, /* MaximumSampleFrequency */
};

static const KSDATARANGE_AUDIO NullFloatRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    8,
    32,
    32,
    1000,
    384000,
};

static const KSDATARANGE NullStreamRange = {
    {sizeof(KSDATARANGE),
     0,
     0,
     0,
     {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
     {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
     {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}},
};

static const PKSDATARANGE NullAudioRanges[] = {
    (PKSDATARANGE)&NullPcmRange,
    (PKSDATARANGE)&NullFloatRange,
};

static const PKSDATARANGE NullStreamRanges[] = {
    (PKSDATARANGE)&NullStreamRange,
};

/* ---- Pin: statistics ---------------------------------------------------------------------------- */

static const ULONG kNullPoolTag = 0x6c6c754e; /* "Null" */

/* Pin->Context: what the pin consumed.  Written by Process, read by the property handler on other threads. */
typedef struct {
    ULONGLONG Bytes;
    ULONGLONG Frames;
} NULL_PIN_CONTEXT;

static NTSTATUS NullPinCreate(PKSPIN Pin, PIRP Irp)
{
    (void)Irp;
    NULL_PIN_CONTEXT *context =
        (NULL_PIN_CONTEXT *)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*context), kNullPoolTag);
    if (context == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(context, sizeof(*context));
    Pin->Context = context;
    return STATUS_SUCCESS;
}

static NTSTATUS NullPinClose(PKSPIN Pin, PIRP Irp)
{
    (void)Irp;
    ExFreePoolWithTag(Pin->Context, kNullPoolTag);
    Pin->Context = NULL;
    return STATUS_SUCCESS;
}

static NTSTATUS NullGetStatistics(PIRP Irp, PKSPROPERTY Property, PVOID Data)
{
    (void)Property;
    PKSPIN pin = KsGetPinFromIrp(Irp);
    if (pin == NULL || pin->Context == NULL) return STATUS_INVALID_DEVICE_REQUEST;
    const NULL_PIN_CONTEXT *context = (const NULL_PIN_CONTEXT *)pin->Context;
    OPENKS_NULL_STATISTICS *statistics = (OPENKS_NULL_STATISTICS *)Data;
    statistics->Bytes = __atomic_load_n(&context->Bytes, __ATOMIC_RELAXED);
    statistics->Frames = __atomic_load_n(&context->Frames, __ATOMIC_RELAXED);
    Irp->IoStatus.Information = sizeof(*statistics);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(NullStatisticsProperties){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_NULL_STATISTICS, NullGetStatistics, sizeof(KSPROPERTY),
                           sizeof(OPENKS_NULL_STATISTICS), NULL, NULL, 0, NULL, NULL, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(NullPinPropertySets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksNull, SIZEOF_ARRAY(NullStatisticsProperties), NullStatisticsProperties, 0,
                          NULL),
};

DEFINE_KSAUTOMATION_TABLE(NullPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(NullPinPropertySets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

/* ---- Pin: processing ---------------------------------------------------------------------------- */

/*
 * Consumes every queued frame whole, then waits for the next arrival.  The
 * counters are updated before a frame is released, so a client that sees
 * its write complete also sees it counted.
 */
static NTSTATUS NullPinProcess(PKSPIN Pin)
{
    NULL_PIN_CONTEXT *context = (NULL_PIN_CONTEXT *)Pin->Context;
    PKSSTREAM_POINTER leading = KsPinGetLeadingEdgeStreamPointer(Pin, KSSTREAM_POINTER_STATE_LOCKED);
    while (leading != NULL) {
        ULONG remaining = leading->OffsetIn.Remaining;
        __atomic_fetch_add(&context->Bytes, (ULONGLONG)remaining, __ATOMIC_RELAXED);
        __atomic_fetch_add(&context->Frames, (ULONGLONG)1, __ATOMIC_RELAXED);
        /* Consuming the whole frame (and ejecting it, also when it is empty) moves to the next one, locked. */
        if (!NT_SUCCESS(KsStreamPointerAdvanceOffsets(leading, remaining, 0, TRUE))) break;
    }
    return STATUS_PENDING;
}

/* ---- Pin: format intersection ------------------------------------------------------------------- */

static BOOLEAN NullGuidMatches(const GUID *caller, const GUID *own)
{
    return IsEqualGUID(caller, &GUID_NULL) || IsEqualGUID(caller, own);
}

/*
 * KSPROPERTY_PIN_DATAINTERSECTION for the audio pin: the format this pin
 * would pick inside both the caller's range and one of its own.  Policy:
 * stereo when both allow it (else mono), the largest common sample size
 * (a multiple of 8), 48 kHz when both allow it (else the highest common
 * rate).  A caller range without audio bounds (a bare KSDATARANGE with
 * wildcards) bounds nothing.  Answers a KSDATAFORMAT_WAVEFORMATEX.
 */
static NTSTATUS NullIntersect(PVOID Context, PIRP Irp, PKSP_PIN Pin, PKSDATARANGE CallerRange,
                              PKSDATARANGE DescriptorRange, ULONG DataBufferSize, PVOID Data, PULONG DataSize)
{
    (void)Context;
    (void)Irp;
    (void)Pin;
    const KSDATARANGE_AUDIO *own = (const KSDATARANGE_AUDIO *)DescriptorRange;
    if (!NullGuidMatches(&CallerRange->MajorFormat, &own->DataRange.MajorFormat) ||
        !NullGuidMatches(&CallerRange->SubFormat, &own->DataRange.SubFormat) ||
        !NullGuidMatches(&CallerRange->Specifier, &own->DataRange.Specifier)) {
        return STATUS_NO_MATCH;
    }
    ULONG maxChannels = own->MaximumChannels;
    ULONG minBits = own->MinimumBitsPerSample, maxBits = own->MaximumBitsPerSample;
    ULONG minRate = own->MinimumSampleFrequency, maxRate = own->MaximumSampleFrequency;
    if (CallerRange->FormatSize >= sizeof(KSDATARANGE_AUDIO) &&
        IsEqualGUID(&CallerRange->Specifier, &KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        const KSDATARANGE_AUDIO *caller = (const KSDATARANGE_AUDIO *)CallerRange;
        if (caller->MaximumChannels < maxChannels) maxChannels = caller->MaximumChannels;
        if (caller->MinimumBitsPerSample > minBits) minBits = caller->MinimumBitsPerSample;
        if (caller->MaximumBitsPerSample < maxBits) maxBits = caller->MaximumBitsPerSample;
        if (caller->MinimumSampleFrequency > minRate) minRate = caller->MinimumSampleFrequency;
        if (caller->MaximumSampleFrequency < maxRate) maxRate = caller->MaximumSampleFrequency;
    }
    ULONG bits = maxBits & ~7u;
    if (maxChannels == 0 || bits == 0 || bits < minBits || minRate > maxRate) return STATUS_NO_MATCH;
    ULONG channels = maxChannels >= 2 ? 2 : 1;
    ULONG rate = (minRate <= 48000 && 48000 <= maxRate) ? 48000 : maxRate;

    *DataSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    if (DataBufferSize == 0) return STATUS_BUFFER_OVERFLOW;
    if (DataBufferSize < sizeof(KSDATAFORMAT_WAVEFORMATEX)) return STATUS_BUFFER_TOO_SMALL;

    KSDATAFORMAT_WAVEFORMATEX format;
    RtlZeroMemory(&format, sizeof(format));
    format.DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    format.DataFormat.MajorFormat = own->DataRange.MajorFormat;
    format.DataFormat.SubFormat = own->DataRange.SubFormat;
    format.DataFormat.Specifier = own->DataRange.Specifier;
    BOOLEAN isFloat = IsEqualGUID(&own->DataRange.SubFormat, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    format.WaveFormatEx.wFormatTag = isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
    format.WaveFormatEx.nChannels = (WORD)channels;
    format.WaveFormatEx.nSamplesPerSec = rate;
    format.WaveFormatEx.wBitsPerSample = (WORD)bits;
    format.WaveFormatEx.nBlockAlign = (WORD)(channels * bits / 8);
    format.WaveFormatEx.nAvgBytesPerSec = rate * format.WaveFormatEx.nBlockAlign;
    format.WaveFormatEx.cbSize = 0;
    format.DataFormat.SampleSize = format.WaveFormatEx.nBlockAlign;
    RtlCopyMemory(Data, &format, sizeof(format));
    return STATUS_SUCCESS;
}

/* ---- Descriptors -------------------------------------------------------------------------------- */

static const KSPIN_DISPATCH NullPinDispatch = {
    NullPinCreate, NullPinClose, NullPinProcess, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static const KSPIN_DESCRIPTOR_EX NullPins[] = {
    {
        &NullPinDispatch,
        &NullPinAutomation,
        {
            0,
            NULL, /* interfaces: the standard one */
            0,
            NULL, /* mediums: the standard one */
            SIZEOF_ARRAY(NullAudioRanges),
            NullAudioRanges,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_SINK,
            &KSCATEGORY_AUDIO,
            NULL,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
        1, /* InstancesPossible */
        0, /* InstancesNecessary */
        NULL,
        NullIntersect,
    },
    {
        &NullPinDispatch,
        &NullPinAutomation,
        {
            0,
            NULL,
            0,
            NULL,
            SIZEOF_ARRAY(NullStreamRanges),
            NullStreamRanges,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_SINK,
            NULL,
            NULL,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
        KSINSTANCE_INDETERMINATE,
        0,
        NULL,
        NULL, /* the default intersection serves SPECIFIER_NONE ranges */
    },
};

static const GUID NullCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_RENDER)},
};

DEFINE_KSFILTER_DESCRIPTOR(NullFilterDescriptor){
    NULL, /* Dispatch: pin-centric, nothing to do at filter level */
    NULL, /* AutomationTable */
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &OPENKS_NULL_FILTER,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(NullPins),
    DEFINE_KSFILTER_CATEGORIES(NullCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    NULL, /* ComponentId */
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(NullFilterDescriptors){
    &NullFilterDescriptor,
};

static const KSDEVICE_DESCRIPTOR NullDeviceDescriptor = {
    NULL, SIZEOF_ARRAY(NullFilterDescriptors), NullFilterDescriptors, KSDEVICE_DESCRIPTOR_VERSION, 0,
};

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    return KsInitializeDriver(DriverObject, RegistryPath, &NullDeviceDescriptor);
}
