// SPDX-License-Identifier: MIT
// The tone capture source: an AVStream minidriver whose one pin streams the tone core's sine (see tone_props.h).

// Written only against the public DDI, as a third-party minidriver: one
// device, one filter, one pin-centric OUT pin.  Process fills the read at
// the leading edge with the next whole frames of the sine and stamps it;
// in real-time pacing a read is released no earlier than its last frame's
// end on the pin's running clock: when it is not due yet, Process arms a
// timeout on the leading edge (KsStreamPointerScheduleTimeout), whose
// callback asks for processing again, and returns STATUS_PENDING.  Process
// never sleeps.
//
// Locks: the pin record's mutex guards the generator, the settings and the
// running clock.  It is never held while calling the AVStream runtime (a
// stream-pointer call may complete an IRP, and the client's completion may
// come straight back with a property request for this pin).

#include <openks/driver.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>

#include "core/sine.h"
#include "tone_props.h"

namespace {

using openks::tone::SampleFormat;
using openks::tone::SineConfig;
using openks::tone::SineGenerator;

constexpr LONGLONG kFrameMilliseconds = 10;  // ALLOCATORFRAMING_EX frame: 10 ms of audio
constexpr ULONG kPoolTag = 0x656e6f54;       // "Tone"

// ---- The connection format ------------------------------------------------------------------------

struct AudioFormat {
    ULONG rate = 0;
    ULONG channels = 0;
    ULONG blockAlign = 0;
    SampleFormat sample = SampleFormat::Pcm16;
};

// Reads a KSDATAFORMAT_WAVEFORMATEX(TENSIBLE) the tone can produce.  The
// runtime has already matched it against one of the pin's ranges (sizes,
// block alignment, bounds); this adds what the generator needs.
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
    if (!openks::tone::sampleFormatFor(isFloat, wfx.wBitsPerSample, &sample) || wfx.nChannels == 0 ||
        wfx.nChannels > openks::tone::kMaxChannels || wfx.nSamplesPerSec < openks::tone::kMinSampleRate ||
        wfx.nSamplesPerSec > openks::tone::kMaxSampleRate ||
        wfx.nBlockAlign != wfx.nChannels * openks::tone::bytesPerSample(sample)) {
        return false;
    }
    out->rate = wfx.nSamplesPerSec;
    out->channels = wfx.nChannels;
    out->blockAlign = wfx.nBlockAlign;
    out->sample = sample;
    return true;
}

// ---- The running clock ----------------------------------------------------------------------------

std::uint64_t monotonicNs()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

// Time the pin has spent in KSSTATE_RUN since it last left STOP: it runs
// in RUN, holds in PAUSE, and goes back to 0 on STOP.
class RunClock {
public:
    void run(std::uint64_t nowNs)
    {
        if (!running_) {
            startNs_ = nowNs;
            running_ = true;
        }
    }
    void pause(std::uint64_t nowNs)
    {
        if (running_) {
            baseNs_ += nowNs - startNs_;
            running_ = false;
        }
    }
    void stop()
    {
        baseNs_ = 0;
        running_ = false;
    }
    // Running time in 100 ns units.
    LONGLONG elapsed(std::uint64_t nowNs) const
    {
        const std::uint64_t ns = baseNs_ + (running_ && nowNs > startNs_ ? nowNs - startNs_ : 0);
        return static_cast<LONGLONG>(ns / 100);
    }

private:
    std::uint64_t baseNs_ = 0;
    std::uint64_t startNs_ = 0;
    bool running_ = false;
};

// ---- The pin record -------------------------------------------------------------------------------

struct TonePin {
    std::mutex lock;  // guards everything below
    AudioFormat format;
    SineGenerator generator;
    ULONG frequency = OPENKS_TONE_DEFAULT_FREQUENCY;
    LONG level = OPENKS_TONE_DEFAULT_LEVEL;
    ULONG pacing = OPENKS_TONE_PACING_REALTIME;
    std::uint64_t framesBefore = 0;  // frames generated before the generator's last restart
    RunClock clock;
};

void freeTonePin(PVOID record)
{
    delete static_cast<TonePin*>(record);
}

TonePin* recordOf(PKSPIN pin)
{
    return pin != nullptr ? static_cast<TonePin*>(pin->Context) : nullptr;
}

SineConfig configFor(const AudioFormat& format, ULONG frequency, LONG level)
{
    SineConfig config;
    config.sampleRate = format.rate;
    config.channels = format.channels;
    config.format = format.sample;
    config.frequency = static_cast<double>(frequency);
    config.level = openks::tone::dbfsToLevel(static_cast<double>(level) / 65536.0);
    return config;
}

// Restarts the generator with new settings, keeping the frame count (and so
// the timestamps) continuous.  Called with r->lock held.
NTSTATUS reconfigureLocked(TonePin* r, ULONG frequency, LONG level)
{
    const std::uint64_t produced = r->framesBefore + r->generator.position();
    NTSTATUS status = r->generator.configure(configFor(r->format, frequency, level));
    if (NT_SUCCESS(status)) {
        r->framesBefore = produced;
        r->frequency = frequency;
        r->level = level;
    }
    return status;
}

// The largest frequency the pin's rate allows: below half the rate.
ULONG maxFrequency(ULONG rate)
{
    return rate < 3 ? 0 : (rate - 1) / 2;
}

// ---- Pin dispatch ---------------------------------------------------------------------------------

// The pin's allocator framing: FrameSize = 10 ms of the connection format.
NTSTATUS setFraming(PKSPIN pin, const AudioFormat& format)
{
    NTSTATUS status = KsEdit(pin, &pin->Descriptor, kPoolTag);
    if (NT_SUCCESS(status)) {
        status = KsEdit(pin, &pin->Descriptor->AllocatorFraming, kPoolTag);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto* framing = const_cast<PKSALLOCATOR_FRAMING_EX>(pin->Descriptor->AllocatorFraming);
    const ULONG bytes = static_cast<ULONG>(openks::tone::framesForDuration(kFrameMilliseconds * 10000, format.rate) *
                                           format.blockAlign);
    framing->FramingItem[0].PhysicalRange.MinFrameSize = bytes;
    framing->FramingItem[0].PhysicalRange.MaxFrameSize = bytes;
    framing->FramingItem[0].FramingRange.Range.MinFrameSize = bytes;
    framing->FramingItem[0].FramingRange.Range.MaxFrameSize = bytes;
    framing->OutputCompression.RatioNumerator = 1;
    framing->OutputCompression.RatioDenominator = 1;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI tonePinSetDataFormat(PKSPIN pin, PKSDATAFORMAT, PKSMULTIPLE_ITEM, const KSDATARANGE*,
                                    const KSATTRIBUTE_LIST*)
{
    AudioFormat format;
    return parseFormat(pin->ConnectionFormat, &format) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

NTSTATUS NTAPI tonePinCreate(PKSPIN pin, PIRP)
{
    auto* r = new (std::nothrow) TonePin;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(pin->Bag, r, freeTonePin);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    if (!parseFormat(pin->ConnectionFormat, &r->format)) {
        return STATUS_NO_MATCH;  // SetDataFormat accepted it: cannot happen
    }
    status = r->generator.configure(configFor(r->format, r->frequency, r->level));
    if (NT_SUCCESS(status)) {
        status = setFraming(pin, r->format);
    }
    if (NT_SUCCESS(status)) {
        pin->Context = r;
    }
    return status;
}

NTSTATUS NTAPI tonePinSetDeviceState(PKSPIN pin, KSSTATE to, KSSTATE from)
{
    TonePin* r = recordOf(pin);
    const std::uint64_t now = monotonicNs();
    {
        std::lock_guard lk(r->lock);
        if (to == KSSTATE_RUN) {
            r->clock.run(now);
        } else if (from == KSSTATE_RUN) {
            r->clock.pause(now);
        }
        if (to == KSSTATE_STOP) {
            r->clock.stop();
            r->generator.reset();
            r->framesBefore = 0;
        }
    }
    if (to == KSSTATE_STOP) {
        // A wake-up armed for a read that STOP cancels is not needed any more.
        if (PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_UNLOCKED)) {
            KsStreamPointerCancelTimeout(edge);
        }
    }
    return STATUS_SUCCESS;
}

void NTAPI toneDue(PKSSTREAM_POINTER edge)
{
    KsPinAttemptProcessing(edge->Pin, TRUE);
}

// Fills the reads at the leading edge, one per loop, until none is queued
// or (real time) the next one is not due yet.
NTSTATUS NTAPI tonePinProcess(PKSPIN pin)
{
    TonePin* r = recordOf(pin);
    for (;;) {
        PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (edge == nullptr) {
            return STATUS_PENDING;
        }
        PKSSTREAM_HEADER header = edge->StreamHeader;
        ULONG bytes = 0;
        LONGLONG wait = 0;
        {
            std::lock_guard lk(r->lock);
            const ULONG frameBytes = r->generator.frameBytes();
            const std::uint64_t frames = frameBytes == 0 ? 0 : edge->OffsetOut.Remaining / frameBytes;
            const std::uint64_t first = r->framesBefore + r->generator.position();
            const LONGLONG start = openks::tone::framesToTime(first, r->format.rate);
            const LONGLONG end = openks::tone::framesToTime(first + frames, r->format.rate);
            if (r->pacing == OPENKS_TONE_PACING_REALTIME && frames != 0) {
                const LONGLONG now = r->clock.elapsed(monotonicNs());
                wait = end > now ? end - now : 0;
            }
            if (wait == 0 && frames != 0) {
                bytes = static_cast<ULONG>(frames * frameBytes);
                (void)r->generator.generate(edge->OffsetOut.Data, edge->OffsetOut.Remaining, frames);
                header->PresentationTime.Time = start;
                header->PresentationTime.Numerator = 1;
                header->PresentationTime.Denominator = 1;
                header->Duration = end - start;
                header->OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
            }
        }
        if (wait != 0) {
            KsStreamPointerUnlock(edge, FALSE);
            KsStreamPointerScheduleTimeout(edge, toneDue, static_cast<ULONGLONG>(wait));
            return STATUS_PENDING;
        }
        header->DataUsed = bytes;
        if (bytes == 0) {
            KsStreamPointerSetStatusCode(edge, STATUS_BUFFER_TOO_SMALL);  // not even one frame fits
        }
        // The read is complete: eject it (the edge moves on, locked if another read waits).
        if (!NT_SUCCESS(KsStreamPointerAdvanceOffsets(edge, 0, bytes, TRUE))) {
            return STATUS_PENDING;
        }
        // AdvanceOffsets re-locked the edge on the next read; the loop takes it again.
        KsStreamPointerUnlock(edge, FALSE);
    }
}

const KSPIN_DISPATCH kTonePinDispatch = {
    tonePinCreate,
    nullptr,  // Close: the record goes with the pin's bag
    tonePinProcess,
    nullptr,  // Reset
    tonePinSetDataFormat,
    tonePinSetDeviceState,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- KSPROPSETID_OpenksTone -----------------------------------------------------------------------

NTSTATUS NTAPI getFrequency(PIRP irp, PKSPROPERTY, PVOID data)
{
    TonePin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    *static_cast<ULONG*>(data) = r->frequency;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setFrequency(PIRP irp, PKSPROPERTY, PVOID data)
{
    TonePin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const ULONG hz = *static_cast<const ULONG*>(data);
    std::lock_guard lk(r->lock);
    if (hz == 0 || hz > maxFrequency(r->format.rate)) {
        return STATUS_INVALID_PARAMETER;
    }
    return reconfigureLocked(r, hz, r->level);
}

// BASICSUPPORT / DEFAULTVALUES for FREQUENCY: the bound depends on the
// pin's rate, so the answer is built here, in the same size protocol the
// framework uses for static KSPROPERTY_VALUES: 0 bytes -> the size
// (STATUS_BUFFER_OVERFLOW), 4 -> the access flags, 40 -> the description,
// the full size -> description + members header + one KSPROPERTY_STEPPING_LONG
// (BASICSUPPORT) or the default as a one-value list (DEFAULTVALUES).
NTSTATUS NTAPI supportFrequency(PIRP irp, PKSPROPERTY property, PVOID data)
{
    TonePin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    ULONG rate;
    {
        std::lock_guard lk(r->lock);
        rate = r->format.rate;
    }
    const bool defaults = (property->Flags & KSPROPERTY_TYPE_DEFAULTVALUES) != 0;
    const ULONG memberBytes = defaults ? sizeof(ULONG) : sizeof(KSPROPERTY_STEPPING_LONG);
    const ULONG full = sizeof(KSPROPERTY_DESCRIPTION) + sizeof(KSPROPERTY_MEMBERSHEADER) + memberBytes;
    const ULONG length = IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength;
    if (length == 0) {
        irp->IoStatus.Information = full;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (length < sizeof(ULONG)) {
        irp->IoStatus.Information = full;
        return STATUS_BUFFER_TOO_SMALL;
    }
    const ULONG access = KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET;
    if (length < sizeof(KSPROPERTY_DESCRIPTION)) {
        *static_cast<ULONG*>(data) = access;
        irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    auto* description = static_cast<KSPROPERTY_DESCRIPTION*>(data);
    description->AccessFlags = access;
    description->DescriptionSize = full;
    description->PropTypeSet.Set = KSPROPTYPESETID_General;
    description->PropTypeSet.Id = VT_UI4;
    description->PropTypeSet.Flags = 0;
    description->MembersListCount = 1;
    description->Reserved = 0;
    if (length < full) {
        irp->IoStatus.Information = sizeof(KSPROPERTY_DESCRIPTION);
        return STATUS_SUCCESS;
    }
    auto* members = reinterpret_cast<KSPROPERTY_MEMBERSHEADER*>(description + 1);
    members->MembersSize = memberBytes;
    members->MembersCount = 1;
    if (defaults) {
        members->MembersFlags = KSPROPERTY_MEMBER_VALUES;
        members->Flags = KSPROPERTY_MEMBER_FLAG_DEFAULT;
        const ULONG value = OPENKS_TONE_DEFAULT_FREQUENCY;
        std::memcpy(members + 1, &value, sizeof(value));
    } else {
        members->MembersFlags = KSPROPERTY_MEMBER_STEPPEDRANGES;
        members->Flags = 0;
        KSPROPERTY_STEPPING_LONG stepping{};
        stepping.SteppingDelta = 1;
        stepping.Bounds.UnsignedMinimum = 1;
        stepping.Bounds.UnsignedMaximum = maxFrequency(rate);
        std::memcpy(members + 1, &stepping, sizeof(stepping));
    }
    irp->IoStatus.Information = full;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getLevel(PIRP irp, PKSPROPERTY, PVOID data)
{
    TonePin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    *static_cast<LONG*>(data) = r->level;
    irp->IoStatus.Information = sizeof(LONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setLevel(PIRP irp, PKSPROPERTY, PVOID data)
{
    TonePin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const LONG level = *static_cast<const LONG*>(data);
    if (level < OPENKS_TONE_MIN_LEVEL || level > 0) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    return reconfigureLocked(r, r->frequency, level);
}

NTSTATUS NTAPI getPacing(PIRP irp, PKSPROPERTY, PVOID data)
{
    TonePin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    *static_cast<ULONG*>(data) = r->pacing;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setPacing(PIRP irp, PKSPROPERTY, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    TonePin* r = recordOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const ULONG pacing = *static_cast<const ULONG*>(data);
    if (pacing != OPENKS_TONE_PACING_REALTIME && pacing != OPENKS_TONE_PACING_FREERUNNING) {
        return STATUS_INVALID_PARAMETER;
    }
    {
        std::lock_guard lk(r->lock);
        r->pacing = pacing;
    }
    // A read waiting for its time may be due at once now.
    KsPinAttemptProcessing(pin, TRUE);
    return STATUS_SUCCESS;
}

const KSPROPERTY_STEPPING_LONG kLevelStepping[] = {
    {1, 0, {{OPENKS_TONE_MIN_LEVEL, 0}}},
};

const KSPROPERTY_MEMBERSLIST kLevelMembers[] = {
    {{KSPROPERTY_MEMBER_STEPPEDRANGES, sizeof(KSPROPERTY_STEPPING_LONG), SIZEOF_ARRAY(kLevelStepping), 0},
     kLevelStepping},
};

const KSPROPERTY_VALUES kLevelValues = {
    {{{{STATICGUIDOF(KSPROPTYPESETID_General)}, VT_I4, 0}}},
    SIZEOF_ARRAY(kLevelMembers),
    kLevelMembers,
};

DEFINE_KSPROPERTY_TABLE(kToneItems){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_TONE_FREQUENCY, getFrequency, sizeof(KSPROPERTY), sizeof(ULONG),
                           setFrequency, nullptr, 0, nullptr, supportFrequency, 0),
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_TONE_LEVEL, getLevel, sizeof(KSPROPERTY), sizeof(LONG), setLevel,
                           &kLevelValues, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_TONE_PACING, getPacing, sizeof(KSPROPERTY), sizeof(ULONG), setPacing,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kTonePinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksTone, SIZEOF_ARRAY(kToneItems), kToneItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kTonePinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kTonePinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Format intersection --------------------------------------------------------------------------

bool guidFits(const GUID& caller, const GUID& own)
{
    return IsEqualGUID(caller, GUID_NULL) || IsEqualGUID(caller, own);
}

// KSPROPERTY_PIN_DATAINTERSECTION: the format this pin picks inside the
// caller's range and one of its own.  Policy: stereo when both allow it
// (else mono), 16 bits when both allow it (else the smallest common sample
// size; float is always 32), 48 kHz when both allow it (else the common
// rate nearest to it).  A caller range without audio bounds bounds nothing.
// The answer is a KSDATAFORMAT_WAVEFORMATEX; WAVEFORMATEXTENSIBLE is not
// needed for at most 2 channels.
NTSTATUS NTAPI toneIntersect(PVOID, PIRP, PKSP_PIN, PKSDATARANGE callerRange, PKSDATARANGE ownRange, ULONG bufferSize,
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
    ULONG bits = minBits <= 16 && 16 <= maxBits ? 16 : (minBits + 7) & ~7u;
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

const PKSDATARANGE kToneRanges[] = {
    const_cast<PKSDATARANGE>(&kPcmRange.DataRange),
    const_cast<PKSDATARANGE>(&kFloatRange.DataRange),
};

// Replaced per pin by setFraming (10 ms of the pin's format); this is what
// the descriptor says before any pin exists: 10 ms of the smallest and of
// the largest format.
DECLARE_SIMPLE_FRAMING_EX(kToneFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY | KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY, 2,
                          FILE_BYTE_ALIGNMENT, 80 * 2, 1920 * 8 * 4);

const GUID kCapturePinCategory = {STATICGUIDOF(PINNAME_CAPTURE)};

const KSPIN_DESCRIPTOR_EX kTonePins[] = {
    {
        &kTonePinDispatch,
        &kTonePinAutomation,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kToneRanges),
            kToneRanges,
            KSPIN_DATAFLOW_OUT,
            KSPIN_COMMUNICATION_SINK,
            &kCapturePinCategory,
            nullptr,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_FIXED_FORMAT,
        1,  // InstancesPossible: one stream at a time, as a capture endpoint
        0,  // InstancesNecessary
        &kToneFraming,
        toneIntersect,
    },
};

const GUID kToneCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_CAPTURE)},
};

const GUID kToneFilterGuid = {STATICGUIDOF(OPENKS_TONE_FILTER)};

DEFINE_KSFILTER_DESCRIPTOR(kToneFilter){
    nullptr,  // Dispatch: pin-centric
    nullptr,  // AutomationTable
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kToneFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kTonePins),
    DEFINE_KSFILTER_CATEGORIES(kToneCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,  // ComponentId
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kToneFilters){&kToneFilter};

const KSDEVICE_DESCRIPTOR kToneDevice = {nullptr, SIZEOF_ARRAY(kToneFilters), kToneFilters, KSDEVICE_DESCRIPTOR_VERSION,
                                         0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kToneDevice);
}
