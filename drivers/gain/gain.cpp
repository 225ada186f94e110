// SPDX-License-Identifier: MIT
// The gain transform: a filter-centric minidriver scaling input into output through a volume node (gain_props.h).

// Written only against the public DDI, as a third-party minidriver: one
// device, one filter with an IN and an OUT pin and one KSNODETYPE_VOLUME
// node.  KSFILTER_DISPATCH.Process runs when both pins have a frame; it
// scales what fits of the input frame into the output frame with the gain
// core and reports BytesUsed / Terminate on both process pins, so AVStream
// moves the edges.
//
// Locks: the filter record's mutex guards the Gain.  Process copies it
// (a small value) under the mutex and scales outside it.

#include <openks/driver.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>

#include "core/gain.h"
#include "gain_props.h"

namespace {

using openks::gain::Gain;
using openks::gain::SampleFormat;

// ---- The connection format ------------------------------------------------------------------------

struct AudioFormat {
    ULONG rate = 0;
    ULONG channels = 0;
    ULONG blockAlign = 0;
    SampleFormat sample = SampleFormat::Pcm16;

    bool operator==(const AudioFormat&) const = default;
};

// Reads a KSDATAFORMAT_WAVEFORMATEX(TENSIBLE) the gain core can scale.  The
// runtime has already matched it against one of the pin's ranges.
bool parseFormat(const KSDATAFORMAT* format, AudioFormat* out)
{
    if (format == nullptr || format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX) ||
        !IsEqualGUID(format->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return false;
    }
    WAVEFORMATEX wfx;
    std::memcpy(&wfx, reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT), sizeof(wfx));
    bool isFloat = false;
    if (wfx.wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        if (format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) || wfx.cbSize < 22) {
            return false;
        }
        WAVEFORMATEXTENSIBLE ext;
        std::memcpy(&ext, reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT), sizeof(ext));
        if (IsEqualGUID(ext.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)) {
            isFloat = true;
        } else if (!IsEqualGUID(ext.SubFormat, KSDATAFORMAT_SUBTYPE_PCM)) {
            return false;
        }
    } else if (wfx.wFormatTag == WAVE_FORMAT_IEEE_FLOAT) {
        isFloat = true;
    } else if (wfx.wFormatTag != WAVE_FORMAT_PCM) {
        return false;
    }
    SampleFormat sample;
    if (isFloat && wfx.wBitsPerSample == 32) {
        sample = SampleFormat::Float32;
    } else if (!isFloat && wfx.wBitsPerSample == 16) {
        sample = SampleFormat::Pcm16;
    } else if (!isFloat && wfx.wBitsPerSample == 24) {
        sample = SampleFormat::Pcm24;
    } else if (!isFloat && wfx.wBitsPerSample == 32) {
        sample = SampleFormat::Pcm32;
    } else {
        return false;
    }
    if (wfx.nChannels == 0 || wfx.nChannels > openks::gain::kMaxChannels ||
        wfx.nBlockAlign != wfx.nChannels * openks::gain::bytesPerSample(sample)) {
        return false;
    }
    out->rate = wfx.nSamplesPerSec;
    out->channels = wfx.nChannels;
    out->blockAlign = wfx.nBlockAlign;
    out->sample = sample;
    return true;
}

// ---- The filter record ----------------------------------------------------------------------------

struct GainFilter {
    std::mutex lock;  // guards gain
    Gain gain;        // every channel at 0 dB, not muted
};

void freeGainFilter(PVOID record)
{
    delete static_cast<GainFilter*>(record);
}

GainFilter* recordOf(PKSFILTER filter)
{
    return filter != nullptr ? static_cast<GainFilter*>(filter->Context) : nullptr;
}

NTSTATUS NTAPI gainFilterCreate(PKSFILTER filter, PIRP)
{
    auto* r = new (std::nothrow) GainFilter;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(filter->Bag, r, freeGainFilter);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    filter->Context = r;
    return STATUS_SUCCESS;
}

// Scales what fits of the input frame into the output frame.  An output
// frame ends with its input frame (or when it has no room for another
// sample frame); a trailing partial sample frame of the input is dropped.
NTSTATUS NTAPI gainFilterProcess(PKSFILTER filter, PKSPROCESSPIN_INDEXENTRY index)
{
    if (index == nullptr || index[GAIN_PIN_IN].Count == 0 || index[GAIN_PIN_OUT].Count == 0) {
        return STATUS_PENDING;
    }
    PKSPROCESSPIN in = index[GAIN_PIN_IN].Pins[0];
    PKSPROCESSPIN out = index[GAIN_PIN_OUT].Pins[0];
    AudioFormat format;
    if (in->StreamPointer == nullptr || out->StreamPointer == nullptr ||
        !parseFormat(in->Pin->ConnectionFormat, &format)) {
        return STATUS_PENDING;
    }
    Gain gain;
    {
        GainFilter* r = recordOf(filter);
        std::lock_guard lk(r->lock);
        gain = r->gain;
    }
    const ULONG block = format.blockAlign;
    const ULONG available = in->BytesAvailable < out->BytesAvailable ? in->BytesAvailable : out->BytesAvailable;
    const ULONG bytes = available / block * block;

    PKSSTREAM_HEADER inHeader = in->StreamPointer->StreamHeader;
    PKSSTREAM_HEADER outHeader = out->StreamPointer->StreamHeader;
    if (out->StreamPointer->OffsetOut.Remaining == out->StreamPointer->OffsetOut.Count &&
        in->StreamPointer->OffsetIn.Remaining == in->StreamPointer->OffsetIn.Count) {
        // A new output frame from the start of an input frame: it carries that frame's time.
        const ULONG timeFlags = KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
        outHeader->PresentationTime = inHeader->PresentationTime;
        outHeader->Duration = inHeader->Duration;
        outHeader->OptionsFlags = (outHeader->OptionsFlags & ~timeFlags) | (inHeader->OptionsFlags & timeFlags);
    }
    if (bytes != 0) {
        (void)gain.apply(format.sample, format.channels, in->Data, out->Data, bytes);
        outHeader->DataUsed += bytes;
    }
    in->BytesUsed = bytes;
    out->BytesUsed = bytes;
    const bool inputDone = in->BytesAvailable - bytes < block;
    const bool outputFull = out->BytesAvailable - bytes < block;
    in->Terminate = inputDone ? TRUE : FALSE;
    out->Terminate = inputDone || outputFull ? TRUE : FALSE;
    // Some frame always moves on (bytes > 0, or a frame too short for a sample frame ends), so call again.
    return STATUS_SUCCESS;
}

const KSFILTER_DISPATCH kGainFilterDispatch = {
    gainFilterCreate,
    nullptr,  // Close: the record goes with the filter's bag
    gainFilterProcess,
    nullptr,  // Reset: nothing is held between frames
};

// ---- Pins -----------------------------------------------------------------------------------------

// Refuses a format the gain core cannot scale, and an OUT format that
// differs from the IN pin's (and the reverse).  Runs under the filter's
// control mutex, so the other pin cannot appear or go meanwhile.
NTSTATUS NTAPI gainPinSetDataFormat(PKSPIN pin, PKSDATAFORMAT, PKSMULTIPLE_ITEM, const KSDATARANGE*,
                                    const KSATTRIBUTE_LIST*)
{
    AudioFormat format;
    if (!parseFormat(pin->ConnectionFormat, &format)) {
        return STATUS_NO_MATCH;
    }
    const ULONG other = pin->Id == GAIN_PIN_IN ? GAIN_PIN_OUT : GAIN_PIN_IN;
    if (PKSPIN peer = KsFilterGetFirstChildPin(KsPinGetParentFilter(pin), other)) {
        AudioFormat peerFormat;
        if (!parseFormat(peer->ConnectionFormat, &peerFormat) || !(peerFormat == format)) {
            return STATUS_NO_MATCH;
        }
    }
    return STATUS_SUCCESS;
}

// No pin Process: the filter processes.
const KSPIN_DISPATCH kGainPinDispatch = {
    nullptr, nullptr, nullptr, nullptr, gainPinSetDataFormat, nullptr, nullptr, nullptr, nullptr, nullptr,
};

// ---- The volume: KSPROPSETID_Audio on the node and on the filter ----------------------------------

GainFilter* recordOfIrp(PIRP irp)
{
    return recordOf(KsGetFilterFromIrp(irp));
}

// A node request (KSPROPERTY_TYPE_TOPOLOGY) must name the volume node; the
// same request without the flag addresses the filter, which is the same volume.
bool addressesVolume(const KSNODEPROPERTY_AUDIO_CHANNEL* request)
{
    return (request->NodeProperty.Property.Flags & KSPROPERTY_TYPE_TOPOLOGY) == 0 ||
           request->NodeProperty.NodeId == GAIN_NODE_VOLUME;
}

NTSTATUS NTAPI getVolume(PIRP irp, PKSNODEPROPERTY_AUDIO_CHANNEL request, PVOID data)
{
    GainFilter* r = recordOfIrp(irp);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const auto channel = static_cast<std::uint32_t>(request->Channel);
    if (!addressesVolume(request) || (channel != openks::gain::kAllChannels && channel >= openks::gain::kMaxChannels)) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    const double dB = r->gain.channelDb(channel == openks::gain::kAllChannels ? 0 : channel);
    *static_cast<LONG*>(data) = openks::gain::dbToVolumeLevel(dB);
    irp->IoStatus.Information = sizeof(LONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setVolume(PIRP irp, PKSNODEPROPERTY_AUDIO_CHANNEL request, PVOID data)
{
    GainFilter* r = recordOfIrp(irp);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const auto channel = static_cast<std::uint32_t>(request->Channel);
    const LONG level = *static_cast<const LONG*>(data);
    if (!addressesVolume(request) || (channel != openks::gain::kAllChannels && channel >= openks::gain::kMaxChannels) ||
        level < OPENKS_GAIN_MIN_LEVEL || level > OPENKS_GAIN_MAX_LEVEL) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    return r->gain.setChannelVolumeLevel(channel, level);
}

NTSTATUS NTAPI getMute(PIRP irp, PKSNODEPROPERTY_AUDIO_CHANNEL request, PVOID data)
{
    GainFilter* r = recordOfIrp(irp);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (!addressesVolume(request)) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    *static_cast<ULONG*>(data) = r->gain.muted() ? TRUE : FALSE;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setMute(PIRP irp, PKSNODEPROPERTY_AUDIO_CHANNEL request, PVOID data)
{
    GainFilter* r = recordOfIrp(irp);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (!addressesVolume(request)) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    r->gain.setMute(*static_cast<const ULONG*>(data) != 0);
    return STATUS_SUCCESS;
}

const KSPROPERTY_STEPPING_LONG kVolumeStepping[] = {
    {1, 0, {{OPENKS_GAIN_MIN_LEVEL, OPENKS_GAIN_MAX_LEVEL}}},
};

const KSPROPERTY_MEMBERSLIST kVolumeMembers[] = {
    {{KSPROPERTY_MEMBER_STEPPEDRANGES, sizeof(KSPROPERTY_STEPPING_LONG), SIZEOF_ARRAY(kVolumeStepping),
      KSPROPERTY_MEMBER_FLAG_BASICSUPPORT_UNIFORM},
     kVolumeStepping},
};

const KSPROPERTY_VALUES kVolumeValues = {
    {{{{STATICGUIDOF(KSPROPTYPESETID_General)}, VT_I4, 0}}},
    SIZEOF_ARRAY(kVolumeMembers),
    kVolumeMembers,
};

DEFINE_KSPROPERTY_TABLE(kAudioItems){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_AUDIO_VOLUMELEVEL, getVolume, sizeof(KSNODEPROPERTY_AUDIO_CHANNEL), sizeof(LONG),
                           setVolume, &kVolumeValues, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_AUDIO_MUTE, getMute, sizeof(KSNODEPROPERTY_AUDIO_CHANNEL), sizeof(ULONG), setMute,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kAudioSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_Audio, SIZEOF_ARRAY(kAudioItems), kAudioItems, 0, nullptr),
};

// The same table serves the node and the filter.
DEFINE_KSAUTOMATION_TABLE(kVolumeAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kAudioSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Format intersection --------------------------------------------------------------------------

bool guidFits(const GUID& caller, const GUID& own)
{
    return IsEqualGUID(caller, GUID_NULL) || IsEqualGUID(caller, own);
}

// KSPROPERTY_PIN_DATAINTERSECTION: stereo when both ranges allow it (else
// mono), 16 bits when both allow it (else the smallest common size; float
// is 32), 48 kHz when both allow it (else the common rate nearest to it),
// as a KSDATAFORMAT_WAVEFORMATEX.  A caller range without audio bounds
// bounds nothing.  (The answer does not consider the other pin's format.)
NTSTATUS NTAPI gainIntersect(PVOID, PIRP, PKSP_PIN, PKSDATARANGE callerRange, PKSDATARANGE ownRange, ULONG bufferSize,
                             PVOID data, PULONG dataSize)
{
    const auto* own = reinterpret_cast<const KSDATARANGE_AUDIO*>(ownRange);
    if (!guidFits(callerRange->MajorFormat, own->DataRange.MajorFormat) ||
        !guidFits(callerRange->SubFormat, own->DataRange.SubFormat) ||
        !guidFits(callerRange->Specifier, own->DataRange.Specifier)) {
        return STATUS_NO_MATCH;
    }
    ULONG maxChannels = own->MaximumChannels;
    ULONG minBits = own->MinimumBitsPerSample;
    ULONG maxBits = own->MaximumBitsPerSample;
    ULONG minRate = own->MinimumSampleFrequency;
    ULONG maxRate = own->MaximumSampleFrequency;
    if (callerRange->FormatSize >= sizeof(KSDATARANGE_AUDIO) &&
        IsEqualGUID(callerRange->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        const auto* caller = reinterpret_cast<const KSDATARANGE_AUDIO*>(callerRange);
        maxChannels = caller->MaximumChannels < maxChannels ? caller->MaximumChannels : maxChannels;
        minBits = caller->MinimumBitsPerSample > minBits ? caller->MinimumBitsPerSample : minBits;
        maxBits = caller->MaximumBitsPerSample < maxBits ? caller->MaximumBitsPerSample : maxBits;
        minRate = caller->MinimumSampleFrequency > minRate ? caller->MinimumSampleFrequency : minRate;
        maxRate = caller->MaximumSampleFrequency < maxRate ? caller->MaximumSampleFrequency : maxRate;
    }
    const ULONG bits = minBits <= 16 && 16 <= maxBits ? 16 : (minBits + 7) & ~7u;
    if (maxChannels == 0 || bits > maxBits || minRate > maxRate) {
        return STATUS_NO_MATCH;
    }
    const ULONG channels = maxChannels >= 2 ? 2 : 1;
    const ULONG rate = 48000 < minRate ? minRate : (48000 > maxRate ? maxRate : 48000);

    *dataSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    if (bufferSize == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (bufferSize < sizeof(KSDATAFORMAT_WAVEFORMATEX)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    const bool isFloat = IsEqualGUID(own->DataRange.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    KSDATAFORMAT_WAVEFORMATEX format{};
    format.DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    format.DataFormat.MajorFormat = own->DataRange.MajorFormat;
    format.DataFormat.SubFormat = own->DataRange.SubFormat;
    format.DataFormat.Specifier = own->DataRange.Specifier;
    format.WaveFormatEx.wFormatTag = isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
    format.WaveFormatEx.nChannels = static_cast<WORD>(channels);
    format.WaveFormatEx.nSamplesPerSec = rate;
    format.WaveFormatEx.wBitsPerSample = static_cast<WORD>(bits);
    format.WaveFormatEx.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    format.WaveFormatEx.nAvgBytesPerSec = rate * format.WaveFormatEx.nBlockAlign;
    format.DataFormat.SampleSize = format.WaveFormatEx.nBlockAlign;
    std::memcpy(data, &format, sizeof(format));
    return STATUS_SUCCESS;
}

// ---- Descriptors ----------------------------------------------------------------------------------

const KSDATARANGE_AUDIO kPcmRange = {
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

const KSDATARANGE_AUDIO kFloatRange = {
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
    8000,
    192000,
};

const PKSDATARANGE kGainRanges[] = {
    const_cast<PKSDATARANGE>(&kPcmRange.DataRange),
    const_cast<PKSDATARANGE>(&kFloatRange.DataRange),
};

const KSPIN_DESCRIPTOR_EX kGainPins[] = {
    {
        &kGainPinDispatch,
        nullptr,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kGainRanges),
            kGainRanges,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_BOTH,
            nullptr,
            nullptr,
            {0},
        },
        KSPIN_FLAG_FIXED_FORMAT,
        1,  // InstancesPossible
        1,  // InstancesNecessary: no processing without it
        nullptr,
        gainIntersect,
    },
    {
        &kGainPinDispatch,
        nullptr,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kGainRanges),
            kGainRanges,
            KSPIN_DATAFLOW_OUT,
            KSPIN_COMMUNICATION_BOTH,
            nullptr,
            nullptr,
            {0},
        },
        KSPIN_FLAG_FIXED_FORMAT,
        1,
        1,
        nullptr,
        gainIntersect,
    },
};

const KSNODE_DESCRIPTOR kGainNodes[] = {
    DEFINE_NODE_DESCRIPTOR(&kVolumeAutomation, &KSNODETYPE_VOLUME, nullptr),
};

const KSTOPOLOGY_CONNECTION kGainConnections[] = {
    {KSFILTER_NODE, GAIN_PIN_IN, GAIN_NODE_VOLUME, KSNODEPIN_STANDARD_IN},
    {GAIN_NODE_VOLUME, KSNODEPIN_STANDARD_OUT, KSFILTER_NODE, GAIN_PIN_OUT},
};

const GUID kGainCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_DATATRANSFORM)},
};

const GUID kGainFilterGuid = {STATICGUIDOF(OPENKS_GAIN_FILTER)};

DEFINE_KSFILTER_DESCRIPTOR(kGainFilter){
    &kGainFilterDispatch,
    &kVolumeAutomation,  // the volume also answers as a filter property
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kGainFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kGainPins),
    DEFINE_KSFILTER_CATEGORIES(kGainCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS(kGainNodes),
    DEFINE_KSFILTER_CONNECTIONS(kGainConnections),
    nullptr,  // ComponentId
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kGainFilters){&kGainFilter};

const KSDEVICE_DESCRIPTOR kGainDevice = {nullptr, SIZEOF_ARRAY(kGainFilters), kGainFilters, KSDEVICE_DESCRIPTOR_VERSION,
                                         0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kGainDevice);
}
