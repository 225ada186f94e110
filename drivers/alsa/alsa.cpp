// SPDX-License-Identifier: MIT
// The alsa render device: a minidriver playing its pin's writes into an ALSA PCM through libasound (alsa_props.h).

// Written only against the public DDI (and libasound), as a third-party
// minidriver.  DriverEntry probes the PCM and derives the pin's data ranges
// from what it accepts; no PCM, no device.  Each pin owns an open PCM and a
// writer thread.  Process hands every write at the leading edge to the
// thread as a locked clone (the frame stays with its IRP until the clone is
// deleted) and moves the edge on; the thread plays each clone's bytes with
// snd_pcm_writei and deletes it, which completes the write.  All PCM calls
// but the probe happen on the writer thread.
//
// Locks: the pin record's mutex guards the hand-over queue and the flags.
// It is never held while calling the AVStream runtime or ALSA.

#include <openks/driver.h>

#include <alsa/asoundlib.h>

#include <condition_variable>
#include <cstdint>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <string>
#include <thread>

#include "alsa_props.h"

namespace {

// One line on stderr, silenced by OPENKS_LOG=quiet like the host's own log.
__attribute__((format(printf, 1, 2))) void alsaLog(const char* format, ...)
{
    const char* level = std::getenv("OPENKS_LOG");
    if (level != nullptr && std::strcmp(level, "quiet") == 0) return;
    std::va_list args;
    va_start(args, format);
    std::fputs("openks alsa: ", stderr);
    std::vfprintf(stderr, format, args);
    std::fputc('\n', stderr);
    va_end(args);
}

}  // namespace

namespace {

constexpr int kPollMilliseconds = 20;  // how long the writer waits in ALSA before looking at its flags
constexpr unsigned kLatencyMicroseconds = 100000;

std::string deviceName()
{
    const char* name = std::getenv("OPENKS_ALSA_DEVICE");
    return name != nullptr && name[0] != '\0' ? name : "default";
}

// ---- Data ranges, derived from the PCM at load time ---------------------------------------------

// Filled once by DriverEntry (before KsInitializeDriver publishes anything), read-only after.
KSDATARANGE_AUDIO gPcmRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    0,
    0,
    0,
    0,
    0,
};
KSDATARANGE_AUDIO gFloatRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    0,
    32,
    32,
    0,
    0,
};
PKSDATARANGE gRanges[2];
ULONG gRangeCount = 0;

// Opens the PCM for playback without blocking and reads its bounds into
// the ranges.  Returns an empty string, or why the device is unusable.
// libasound's own error printer, silenced while probing: a machine without
// sound hardware is normal here, and the one line DriverEntry prints says why.
void quietAlsaErrors(const char*, int, const char*, int, const char*, ...) {}

std::string probe(const std::string& name)
{
    snd_pcm_t* pcm = nullptr;
    snd_lib_error_set_handler(quietAlsaErrors);
    int err = snd_pcm_open(&pcm, name.c_str(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
    snd_lib_error_set_handler(nullptr);
    if (err < 0) {
        return "cannot open PCM '" + name + "' for playback: " + snd_strerror(err);
    }
    snd_pcm_hw_params_t* params = nullptr;
    std::string why;
    if (snd_pcm_hw_params_malloc(&params) < 0 || snd_pcm_hw_params_any(pcm, params) < 0) {
        why = "PCM '" + name + "' reports no hardware parameters";
    } else {
        unsigned minChannels = 0, maxChannels = 0, minRate = 0, maxRate = 0;
        (void)snd_pcm_hw_params_get_channels_min(params, &minChannels);
        (void)snd_pcm_hw_params_get_channels_max(params, &maxChannels);
        (void)snd_pcm_hw_params_get_rate_min(params, &minRate, nullptr);
        (void)snd_pcm_hw_params_get_rate_max(params, &maxRate, nullptr);
        maxChannels = maxChannels > 8 ? 8 : maxChannels;
        minRate = minRate < 8000 ? 8000 : minRate;
        maxRate = maxRate > 192000 ? 192000 : maxRate;
        ULONG minBits = 0, maxBits = 0;
        const struct {
            snd_pcm_format_t format;
            ULONG bits;
        } pcmFormats[] = {{SND_PCM_FORMAT_S16_LE, 16}, {SND_PCM_FORMAT_S24_3LE, 24}, {SND_PCM_FORMAT_S32_LE, 32}};
        for (const auto& f : pcmFormats) {
            if (snd_pcm_hw_params_test_format(pcm, params, f.format) == 0) {
                minBits = minBits == 0 ? f.bits : minBits;
                maxBits = f.bits;
            }
        }
        const bool floats = snd_pcm_hw_params_test_format(pcm, params, SND_PCM_FORMAT_FLOAT_LE) == 0;
        if (minChannels > maxChannels || minChannels > 8 || minRate > maxRate || (maxBits == 0 && !floats)) {
            why = "PCM '" + name + "' takes no format the driver offers (1-8 channels, 8-192 kHz, S16/S24_3/S32/FLOAT)";
        } else {
            // KSDATARANGE_AUDIO has no minimum channel count: a PCM needing
            // more than one channel refuses the smaller creates itself.
            gRangeCount = 0;
            if (maxBits != 0) {
                gPcmRange.MaximumChannels = maxChannels;
                gPcmRange.MinimumBitsPerSample = minBits;
                gPcmRange.MaximumBitsPerSample = maxBits;
                gPcmRange.MinimumSampleFrequency = minRate;
                gPcmRange.MaximumSampleFrequency = maxRate;
                gRanges[gRangeCount++] = &gPcmRange.DataRange;
            }
            if (floats) {
                gFloatRange.MaximumChannels = maxChannels;
                gFloatRange.MinimumSampleFrequency = minRate;
                gFloatRange.MaximumSampleFrequency = maxRate;
                gRanges[gRangeCount++] = &gFloatRange.DataRange;
            }
        }
    }
    if (params != nullptr) {
        snd_pcm_hw_params_free(params);
    }
    snd_pcm_close(pcm);
    return why;
}

// ---- The connection format ------------------------------------------------------------------------

struct AudioFormat {
    snd_pcm_format_t format = SND_PCM_FORMAT_UNKNOWN;
    unsigned channels = 0;
    unsigned rate = 0;
    ULONG blockAlign = 0;
};

bool parseFormat(const KSDATAFORMAT* format, AudioFormat* out)
{
    if (format == nullptr || format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX) ||
        !IsEqualGUID(format->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return false;
    }
    WAVEFORMATEX wfx;
    std::memcpy(&wfx, reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT), sizeof(wfx));
    bool isFloat = wfx.wFormatTag == WAVE_FORMAT_IEEE_FLOAT;
    if (wfx.wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        if (format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) || wfx.cbSize < 22) {
            return false;
        }
        WAVEFORMATEXTENSIBLE ext;
        std::memcpy(&ext, reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT), sizeof(ext));
        isFloat = IsEqualGUID(ext.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
        if (!isFloat && !IsEqualGUID(ext.SubFormat, KSDATAFORMAT_SUBTYPE_PCM)) {
            return false;
        }
    } else if (!isFloat && wfx.wFormatTag != WAVE_FORMAT_PCM) {
        return false;
    }
    if (isFloat) {
        out->format = wfx.wBitsPerSample == 32 ? SND_PCM_FORMAT_FLOAT_LE : SND_PCM_FORMAT_UNKNOWN;
    } else {
        out->format = wfx.wBitsPerSample == 16   ? SND_PCM_FORMAT_S16_LE
                      : wfx.wBitsPerSample == 24 ? SND_PCM_FORMAT_S24_3LE
                      : wfx.wBitsPerSample == 32 ? SND_PCM_FORMAT_S32_LE
                                                 : SND_PCM_FORMAT_UNKNOWN;
    }
    out->channels = wfx.nChannels;
    out->rate = wfx.nSamplesPerSec;
    out->blockAlign = wfx.nBlockAlign;
    return out->format != SND_PCM_FORMAT_UNKNOWN && out->channels != 0 &&
           out->blockAlign == out->channels * (wfx.wBitsPerSample / 8);
}

// ---- The pin record -------------------------------------------------------------------------------

struct AlsaPin {
    snd_pcm_t* pcm = nullptr;  // the writer thread's once the pin exists
    AudioFormat format;
    std::thread writer;

    std::mutex lock;  // guards everything below
    std::condition_variable wake;
    std::deque<PKSSTREAM_POINTER> queue;  // locked clones, in write order
    bool running = false;                 // RUN: the writer takes clones
    bool flush = false;                   // STOP: drop the PCM and every clone
    bool flushed = false;
    bool closing = false;
    OPENKS_ALSA_STATISTICS statistics{};
};

void freeAlsaPin(PVOID record)
{
    auto* r = static_cast<AlsaPin*>(record);
    if (r->pcm != nullptr) {
        snd_pcm_close(r->pcm);
    }
    delete r;
}

AlsaPin* recordOf(PKSPIN pin)
{
    return pin != nullptr ? static_cast<AlsaPin*>(pin->Context) : nullptr;
}

// Plays `bytes` at `data`; false on an error ALSA cannot recover from, or
// when a flush interrupts it.  Writer thread only.
bool play(AlsaPin* r, const UCHAR* data, ULONG bytes)
{
    snd_pcm_uframes_t frames = bytes / r->format.blockAlign;
    while (frames > 0) {
        {
            std::lock_guard lk(r->lock);
            if (r->flush || r->closing) {
                return true;  // STOP: what is left of the write is dropped
            }
        }
        const snd_pcm_sframes_t n = snd_pcm_writei(r->pcm, data, frames);
        if (n == -EAGAIN) {
            (void)snd_pcm_wait(r->pcm, kPollMilliseconds);
            continue;
        }
        if (n == -EPIPE || n == -ESTRPIPE || n == -EINTR) {
            if (snd_pcm_recover(r->pcm, static_cast<int>(n), 1) < 0) {
                return false;
            }
            std::lock_guard lk(r->lock);
            ++r->statistics.Underruns;
            continue;
        }
        if (n < 0) {
            return false;
        }
        data += static_cast<std::size_t>(n) * r->format.blockAlign;
        frames -= static_cast<snd_pcm_uframes_t>(n);
        std::lock_guard lk(r->lock);
        r->statistics.BytesWritten += static_cast<ULONGLONG>(n) * r->format.blockAlign;
    }
    return true;
}

void writerMain(AlsaPin* r)
{
    for (;;) {
        PKSSTREAM_POINTER clone = nullptr;
        bool flush = false;
        {
            std::unique_lock lk(r->lock);
            r->wake.wait(lk, [&] { return r->closing || r->flush || (r->running && !r->queue.empty()); });
            if (r->flush || r->closing) {
                flush = true;
            } else {
                clone = r->queue.front();
                r->queue.pop_front();
            }
        }
        if (flush) {
            std::deque<PKSSTREAM_POINTER> dropped;
            bool closing;
            {
                std::lock_guard lk(r->lock);
                dropped.swap(r->queue);
                closing = r->closing;
            }
            (void)snd_pcm_drop(r->pcm);
            (void)snd_pcm_prepare(r->pcm);
            for (PKSSTREAM_POINTER c : dropped) {
                KsStreamPointerDelete(c);  // completes the write: STOP dropped it
            }
            std::lock_guard lk(r->lock);
            r->flush = false;
            r->flushed = true;
            r->wake.notify_all();
            if (closing) {
                return;
            }
            continue;
        }
        if (!play(r, clone->OffsetIn.Data, clone->OffsetIn.Remaining)) {
            KsStreamPointerSetStatusCode(clone, STATUS_IO_DEVICE_ERROR);
            (void)snd_pcm_prepare(r->pcm);
            std::lock_guard lk(r->lock);
            ++r->statistics.Errors;
        }
        KsStreamPointerDelete(clone);  // the bytes are in the PCM: the write completes
    }
}

// Asks the writer to drop everything and waits until it has.
void flushWriter(AlsaPin* r, bool closing)
{
    std::unique_lock lk(r->lock);
    r->flush = true;
    r->flushed = false;
    r->closing = r->closing || closing;
    r->wake.notify_all();
    r->wake.wait(lk, [&] { return r->flushed; });
}

// ---- Pin dispatch ---------------------------------------------------------------------------------

NTSTATUS NTAPI alsaPinSetDataFormat(PKSPIN pin, PKSDATAFORMAT, PKSMULTIPLE_ITEM, const KSDATARANGE*,
                                    const KSATTRIBUTE_LIST*)
{
    AudioFormat format;
    return parseFormat(pin->ConnectionFormat, &format) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

NTSTATUS NTAPI alsaPinCreate(PKSPIN pin, PIRP)
{
    auto* r = new (std::nothrow) AlsaPin;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(pin->Bag, r, freeAlsaPin);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    if (!parseFormat(pin->ConnectionFormat, &r->format)) {
        return STATUS_NO_MATCH;
    }
    const std::string name = deviceName();
    int err = snd_pcm_open(&r->pcm, name.c_str(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
    if (err < 0) {
        r->pcm = nullptr;
        alsaLog("cannot open PCM '%s': %s", name.c_str(), snd_strerror(err));
        return err == -EBUSY ? STATUS_DEVICE_BUSY : STATUS_DEVICE_NOT_CONNECTED;
    }
    err = snd_pcm_set_params(r->pcm, r->format.format, SND_PCM_ACCESS_RW_INTERLEAVED, r->format.channels,
                             r->format.rate, 0, kLatencyMicroseconds);
    if (err < 0) {
        return STATUS_NO_MATCH;  // the bag closes the PCM
    }
    try {
        r->writer = std::thread(writerMain, r);
    } catch (...) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pin->Context = r;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI alsaPinClose(PKSPIN pin, PIRP)
{
    AlsaPin* r = recordOf(pin);
    flushWriter(r, true);
    r->writer.join();
    return STATUS_SUCCESS;  // the PCM closes with the pin's bag
}

NTSTATUS NTAPI alsaPinSetDeviceState(PKSPIN pin, KSSTATE to, KSSTATE)
{
    AlsaPin* r = recordOf(pin);
    if (to == KSSTATE_STOP) {
        flushWriter(r, false);
    }
    std::lock_guard lk(r->lock);
    r->running = to == KSSTATE_RUN;
    r->wake.notify_all();
    return STATUS_SUCCESS;
}

// Hands every write at the leading edge to the writer as a locked clone.
NTSTATUS NTAPI alsaPinProcess(PKSPIN pin)
{
    AlsaPin* r = recordOf(pin);
    for (;;) {
        PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (edge == nullptr) {
            return STATUS_PENDING;
        }
        PKSSTREAM_POINTER clone = nullptr;
        if (!NT_SUCCESS(KsStreamPointerClone(edge, nullptr, 0, &clone))) {
            KsStreamPointerUnlock(edge, FALSE);
            return STATUS_PENDING;  // no memory for a clone: retried at the next arrival
        }
        {
            std::lock_guard lk(r->lock);
            r->queue.push_back(clone);
            r->wake.notify_all();
        }
        if (!NT_SUCCESS(KsStreamPointerAdvance(edge))) {
            return STATUS_PENDING;  // no next write: the edge is unlocked at the end of the queue
        }
        KsStreamPointerUnlock(edge, FALSE);
    }
}

const KSPIN_DISPATCH kAlsaPinDispatch = {
    alsaPinCreate,
    alsaPinClose,
    alsaPinProcess,
    nullptr,  // Reset
    alsaPinSetDataFormat,
    alsaPinSetDeviceState,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- KSPROPSETID_OpenksAlsa -----------------------------------------------------------------------

NTSTATUS NTAPI getStatistics(PIRP irp, PKSPROPERTY, PVOID data)
{
    AlsaPin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    std::memcpy(data, &r->statistics, sizeof(r->statistics));
    irp->IoStatus.Information = sizeof(r->statistics);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kAlsaItems){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_ALSA_STATISTICS, getStatistics, sizeof(KSPROPERTY),
                           sizeof(OPENKS_ALSA_STATISTICS), nullptr, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kAlsaPinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksAlsa, SIZEOF_ARRAY(kAlsaItems), kAlsaItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kAlsaPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kAlsaPinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Descriptors ----------------------------------------------------------------------------------

const GUID kSpeakerCategory = {STATICGUIDOF(KSNODETYPE_SPEAKER)};

// Not const: DataRangesCount comes from the probe (set before KsInitializeDriver).
KSPIN_DESCRIPTOR_EX gAlsaPins[] = {
    {
        &kAlsaPinDispatch,
        &kAlsaPinAutomation,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            0,
            gRanges,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_SINK,
            &kSpeakerCategory,
            nullptr,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_FIXED_FORMAT,
        1,  // InstancesPossible: one stream on the PCM
        0,  // InstancesNecessary
        nullptr,
        nullptr,  // the runtime's default audio intersection
    },
};

const GUID kAlsaCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_RENDER)},
};

const GUID kAlsaFilterGuid = {STATICGUIDOF(OPENKS_ALSA_FILTER)};

DEFINE_KSFILTER_DESCRIPTOR(kAlsaFilter){
    nullptr,  // Dispatch: pin-centric
    nullptr,  // AutomationTable
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kAlsaFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(gAlsaPins),
    DEFINE_KSFILTER_CATEGORIES(kAlsaCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,  // ComponentId
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kAlsaFilters){&kAlsaFilter};

const KSDEVICE_DESCRIPTOR kAlsaDevice = {nullptr, SIZEOF_ARRAY(kAlsaFilters), kAlsaFilters, KSDEVICE_DESCRIPTOR_VERSION,
                                         0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    const std::string name = deviceName();
    const std::string why = probe(name);
    if (!why.empty()) {
        alsaLog("%s; the ALSA device is not published", why.c_str());
        return STATUS_DEVICE_NOT_CONNECTED;
    }
    gAlsaPins[0].PinDescriptor.DataRangesCount = gRangeCount;
    return KsInitializeDriver(driver, registryPath, &kAlsaDevice);
}
