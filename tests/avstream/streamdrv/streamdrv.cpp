// SPDX-License-Identifier: MIT
// openks_streamdrv: the streaming-engine test minidriver, written only against <openks/driver.h>: pin-centric sinks and sources of every processing flavour, and a filter-centric transform.
#include <openks/driver.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <thread>

#include "streamdrv_protocol.h"

namespace {

// ---- Per-filter and per-pin records ---------------------------------------------------

// STREAMDRV_FILTER_GUID's record: how many of its pins are open.
struct FilterRecord {
    std::mutex lock;
    std::condition_variable closed;
    ULONG openPins = 0;
};

// The driver thread of a pin (THREAD and PARK modes): deletes the clones
// handed to it.  Shared with the thread, because deleting a pin's last held
// frame after the client closed the pin's handle makes the pin close on
// this very thread, and the pin's record goes with it.
struct Completer {
    std::mutex lock;
    std::condition_variable wake;
    std::deque<PKSSTREAM_POINTER> handoff;
    bool stopping = false;
    std::thread thread;
};

void completerMain(std::shared_ptr<Completer> c)
{
    for (;;) {
        PKSSTREAM_POINTER clone;
        {
            std::unique_lock lk(c->lock);
            c->wake.wait(lk, [&] { return c->stopping || !c->handoff.empty(); });
            if (c->handoff.empty()) {
                return;
            }
            clone = c->handoff.front();
            c->handoff.pop_front();
        }
        KsStreamPointerDelete(clone);  // completes the frame's IRP on this thread (and may close the pin)
    }
}

struct PinRecord {
    PKSPIN pin = nullptr;
    FilterRecord* filter = nullptr;
    bool source = false;   // data flows out: the pin fills reads
    std::mutex lock;       // guards everything below
    STREAMDRV_COUNTERS counters{};
    ULONG mode = STREAMDRV_MODE_CONSUME;
    ULONGLONG frameNumber = 0;           // next source frame
    std::deque<PKSSTREAM_POINTER> held;  // HOLD: clones kept until RELEASE
    std::deque<PKSSTREAM_POINTER> parked;  // PARK: uncancellable clones kept until RELEASE_PARKED
    std::shared_ptr<Completer> completer = std::make_shared<Completer>();
};

void freePinRecord(PVOID record)
{
    delete static_cast<PinRecord*>(record);
}

PinRecord* recordOf(PKSPIN pin)
{
    return pin != nullptr ? static_cast<PinRecord*>(pin->Context) : nullptr;
}

// A clone's context holds its pin record, so the cancel callback finds it.
PinRecord* recordOfClone(PKSSTREAM_POINTER clone)
{
    return *static_cast<PinRecord**>(clone->Context);
}

// Removes `clone` from the record's lists; true if it was there (the caller
// now owns it and deletes it).  Exactly one of cancel callback, driver
// thread, RELEASE and Reset deletes each clone.
bool takeClone(PinRecord* r, PKSSTREAM_POINTER clone)
{
    {
        std::lock_guard lk(r->lock);
        auto it = std::find(r->held.begin(), r->held.end(), clone);
        if (it != r->held.end()) {
            r->held.erase(it);
            --r->counters.ClonesHeld;
            return true;
        }
    }
    std::lock_guard lk(r->completer->lock);
    auto it = std::find(r->completer->handoff.begin(), r->completer->handoff.end(), clone);
    if (it != r->completer->handoff.end()) {
        r->completer->handoff.erase(it);
        return true;
    }
    return false;
}

void NTAPI onCloneCancelled(PKSSTREAM_POINTER clone)
{
    PinRecord* r = recordOfClone(clone);
    if (takeClone(r, clone)) {
        KsStreamPointerDelete(clone);
    }
}

void handOff(PinRecord* r, PKSSTREAM_POINTER clone)
{
    Completer& c = *r->completer;
    std::lock_guard lk(c.lock);
    c.handoff.push_back(clone);
    if (!c.thread.joinable()) {
        c.thread = std::thread(completerMain, r->completer);
    }
    c.wake.notify_all();
}

// Deletes clones the driver holds (Reset, close, RELEASE): the oldest held
// ones, `limit` of them (0: all, including those waiting for the driver thread).
void dropClones(PinRecord* r, size_t limit)
{
    for (size_t n = 0; limit == 0 || n < limit; ++n) {
        PKSSTREAM_POINTER clone = nullptr;
        {
            std::lock_guard lk(r->lock);
            if (!r->held.empty()) {
                clone = r->held.front();
                r->held.pop_front();
                --r->counters.ClonesHeld;
            }
        }
        if (clone == nullptr && limit == 0) {
            std::lock_guard lk(r->completer->lock);
            if (!r->completer->handoff.empty()) {
                clone = r->completer->handoff.front();
                r->completer->handoff.pop_front();
            }
        }
        if (clone == nullptr) {
            return;
        }
        KsStreamPointerDelete(clone);
    }
}

// Keeps the frame under `edge` with a clone, per the pin's mode.
void keepFrame(PinRecord* r, PKSSTREAM_POINTER edge, ULONG mode)
{
    PKSSTREAM_POINTER clone = nullptr;
    const PFNKSSTREAMPOINTER onCancel = mode == STREAMDRV_MODE_PARK ? nullptr : onCloneCancelled;
    if (KsStreamPointerClone(edge, onCancel, sizeof(PinRecord*), &clone) != STATUS_SUCCESS) {
        return;
    }
    *static_cast<PinRecord**>(clone->Context) = r;
    KsStreamPointerUnlock(clone, FALSE);  // unlocked: cancellable (if it has a callback)
    if (mode == STREAMDRV_MODE_THREAD) {
        handOff(r, clone);
        return;
    }
    std::lock_guard lk(r->lock);
    ++r->counters.ClonesHeld;
    (mode == STREAMDRV_MODE_PARK ? r->parked : r->held).push_back(clone);
}

void fillFrame(PinRecord* r, PKSSTREAM_POINTER edge)
{
    PKSSTREAM_HEADER h = edge->StreamHeader;
    const ULONGLONG n = r->frameNumber++;
    auto* data = edge->OffsetOut.Data;
    const ULONG bytes = edge->OffsetOut.Remaining;
    for (ULONG i = 0; i < bytes; ++i) {
        data[i] = static_cast<UCHAR>((n + i) & 0xFF);
    }
    h->DataUsed = bytes;
    h->TypeSpecificFlags = static_cast<ULONG>(n);
    h->PresentationTime.Time = static_cast<LONGLONG>(n) * STREAMDRV_FRAME_DURATION;
    h->PresentationTime.Numerator = 1;
    h->PresentationTime.Denominator = 1;
    h->Duration = STREAMDRV_FRAME_DURATION;
    h->OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
    if (h->Size >= sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO)) {
        auto* info = reinterpret_cast<PKS_FRAME_INFO>(h + 1);
        info->ExtendedHeaderSize = sizeof(KS_FRAME_INFO);
        info->dwFrameFlags = KS_VIDEO_FLAG_FRAME;
        info->PictureNumber = static_cast<LONGLONG>(n);
        info->DropCount = 0;
        h->OptionsFlags |= KSSTREAM_HEADER_OPTIONSF_FRAMEINFO;
    }
    std::lock_guard lk(r->lock);
    ++r->counters.FramesDone;
    r->counters.BytesDone += bytes;
}

void consumeFrame(PinRecord* r, PKSSTREAM_POINTER edge)
{
    const ULONG bytes = edge->OffsetIn.Remaining;
    std::lock_guard lk(r->lock);
    r->counters.Hash = streamdrvHash(r->counters.Hash, edge->OffsetIn.Data, bytes);
    ++r->counters.FramesDone;
    r->counters.BytesDone += bytes;
}

// ---- Pin dispatch -----------------------------------------------------------------

NTSTATUS NTAPI pinCreate(PKSPIN pin, PIRP)
{
    auto* r = new (std::nothrow) PinRecord;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(pin->Bag, r, freePinRecord);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    r->pin = pin;
    r->source = pin->DataFlow == KSPIN_DATAFLOW_OUT;
    r->counters.Hash = STREAMDRV_FNV_OFFSET;
    // The pin's Context starts as its filter's (the filter's record).
    r->filter = static_cast<FilterRecord*>(pin->Context);
    if (r->filter != nullptr) {
        std::lock_guard lk(r->filter->lock);
        ++r->filter->openPins;
    }
    pin->Context = r;
    if (pin->Id == STREAMDRV_PIN_VIDEO) {
        pin->StreamHeaderSize = sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinClose(PKSPIN pin, PIRP)
{
    PinRecord* r = recordOf(pin);
    Completer& c = *r->completer;
    {
        std::lock_guard lk(c.lock);
        c.stopping = true;
        c.wake.notify_all();
    }
    if (c.thread.joinable()) {
        if (c.thread.get_id() == std::this_thread::get_id()) {
            c.thread.detach();  // closing on the driver thread itself: it ends on its own
        } else {
            c.thread.join();
        }
    }
    dropClones(r, 0);
    if (r->filter != nullptr) {
        std::lock_guard lk(r->filter->lock);
        --r->filter->openPins;
        r->filter->closed.notify_all();
    }
    return STATUS_SUCCESS;  // the record goes with the pin's bag
}

NTSTATUS NTAPI pinProcess(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    ULONG mode;
    {
        std::lock_guard lk(r->lock);
        ++r->counters.ProcessCalls;
        mode = r->mode;
    }
    if (mode == STREAMDRV_MODE_IGNORE) {
        return STATUS_PENDING;
    }
    while (PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED)) {
        if (r->source) {
            fillFrame(r, edge);
        } else {
            consumeFrame(r, edge);
        }
        if (mode == STREAMDRV_MODE_HOLD || mode == STREAMDRV_MODE_THREAD || mode == STREAMDRV_MODE_PARK) {
            keepFrame(r, edge, mode);
        }
        // Used up: the edge moves to the next frame (and is left unlocked).
        KsStreamPointerAdvanceOffsetsAndUnlock(edge, r->source ? 0 : edge->OffsetIn.Remaining,
                                               r->source ? edge->OffsetOut.Remaining : 0, FALSE);
    }
    return STATUS_PENDING;
}

void NTAPI pinReset(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    {
        std::lock_guard lk(r->lock);
        ++r->counters.ResetCalls;
        r->counters.LastResetState = pin->ResetState;
    }
    dropClones(r, 0);  // a flush: let go of every frame we hold
}

const KSPIN_DISPATCH kPinDispatch = {pinCreate, pinClose, pinProcess, pinReset, nullptr, nullptr,
                                     nullptr,   nullptr,  nullptr,    nullptr};

// ---- Pin properties ---------------------------------------------------------------

NTSTATUS NTAPI setMode(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    PinRecord* r = recordOf(KsGetPinFromIrp(irp));
    const ULONG mode = *static_cast<const ULONG*>(value);
    if (r == nullptr || mode > STREAMDRV_MODE_PARK) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    r->mode = mode;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getPinCounters(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    PinRecord* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    std::memcpy(value, &r->counters, sizeof(STREAMDRV_COUNTERS));
    irp->IoStatus.Information = sizeof(STREAMDRV_COUNTERS);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setRelease(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    PinRecord* r = recordOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    const ULONG count = *static_cast<const ULONG*>(value);
    if (pin->Id == STREAMDRV_PIN_TRAILING) {
        // The trailing edge retires the frames the leading edge has passed.
        PKSSTREAM_POINTER trailing = KsPinGetTrailingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_UNLOCKED);
        for (ULONG n = 0; trailing != nullptr && (count == 0 || n < count); ++n) {
            if (KsStreamPointerLock(trailing) != STATUS_SUCCESS) {
                break;
            }
            KsStreamPointerUnlock(trailing, TRUE);
        }
        return STATUS_SUCCESS;
    }
    dropClones(r, count);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setAttempt(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    KsPinAttemptProcessing(KsGetPinFromIrp(irp), *static_cast<const ULONG*>(value) != 0 ? TRUE : FALSE);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setGate(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    PKSGATE gate = KsPinGetAndGate(KsGetPinFromIrp(irp));
    if (gate == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (*static_cast<const ULONG*>(value) != 0) {
        KsGateTurnInputOn(gate);
    } else {
        KsGateAddOffInputToAnd(gate);
    }
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kPinItems){
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_MODE, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setMode, nullptr, 0,
                           nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_COUNTERS, getPinCounters, sizeof(KSPROPERTY),
                           sizeof(STREAMDRV_COUNTERS), nullptr, nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_RELEASE, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setRelease,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_ATTEMPT, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setAttempt,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_GATE, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setGate, nullptr, 0,
                           nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kPinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksStream, SIZEOF_ARRAY(kPinItems), kPinItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kPinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Data ranges ------------------------------------------------------------------

const KSDATARANGE_AUDIO kAudioRange = {
    {{sizeof(KSDATARANGE_AUDIO), 0, 0, 0, {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)}, {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    2,      // MaximumChannels
    16,     // MinimumBitsPerSample
    16,     // MaximumBitsPerSample
    48000,  // MinimumSampleFrequency
    48000,  // MaximumSampleFrequency
};

const KSDATARANGE kVideoRange = {{sizeof(KSDATARANGE), 0, 0, 0, {STATICGUIDOF(KSDATAFORMAT_TYPE_VIDEO)},
                                  {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_YUY2)},
                                  {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};

const KSDATARANGE kByteRange = {{sizeof(KSDATARANGE), 0, 0, 0, {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                                 {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                                 {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};

const PKSDATARANGE kAudioRanges[] = {const_cast<PKSDATARANGE>(&kAudioRange.DataRange)};
const PKSDATARANGE kVideoRanges[] = {const_cast<PKSDATARANGE>(&kVideoRange)};
const PKSDATARANGE kByteRanges[] = {const_cast<PKSDATARANGE>(&kByteRange)};

const GUID kSpeaker = {STATICGUIDOF(KSNODETYPE_SPEAKER)};
const GUID kCapture = {STATICGUIDOF(PINNAME_CAPTURE)};

#define STREAMDRV_SINK(ranges, flags)                                                                          \
    {&kPinDispatch,                                                                                            \
     &kPinAutomation,                                                                                          \
     {DEFINE_KSPIN_DEFAULT_INTERFACES, DEFINE_KSPIN_DEFAULT_MEDIUMS, SIZEOF_ARRAY(ranges), ranges,             \
      KSPIN_DATAFLOW_IN, KSPIN_COMMUNICATION_SINK, &kSpeaker, nullptr, {0}},                                   \
     (flags),                                                                                                  \
     KSINSTANCE_INDETERMINATE,                                                                                 \
     0,                                                                                                        \
     nullptr,                                                                                                  \
     nullptr}

#define STREAMDRV_SOURCE(ranges, flags)                                                                        \
    {&kPinDispatch,                                                                                            \
     &kPinAutomation,                                                                                          \
     {DEFINE_KSPIN_DEFAULT_INTERFACES, DEFINE_KSPIN_DEFAULT_MEDIUMS, SIZEOF_ARRAY(ranges), ranges,             \
      KSPIN_DATAFLOW_OUT, KSPIN_COMMUNICATION_SINK, &kCapture, nullptr, {0}},                                  \
     (flags),                                                                                                  \
     KSINSTANCE_INDETERMINATE,                                                                                 \
     0,                                                                                                        \
     nullptr,                                                                                                  \
     nullptr}

const KSPIN_DESCRIPTOR_EX kPins[STREAMDRV_PIN_COUNT] = {
    STREAMDRV_SINK(kAudioRanges, 0),
    STREAMDRV_SOURCE(kAudioRanges, 0),
    STREAMDRV_SOURCE(kVideoRanges, 0),
    STREAMDRV_SINK(kAudioRanges, KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY),
    STREAMDRV_SINK(kAudioRanges, KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL),
    STREAMDRV_SINK(kAudioRanges, KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING),
    STREAMDRV_SINK(kAudioRanges, KSPIN_FLAG_DISTINCT_TRAILING_EDGE),
};

// ---- STREAMDRV_FILTER_GUID's filter dispatch and properties ---------------------------

void freeFilterRecord(PVOID record)
{
    delete static_cast<FilterRecord*>(record);
}

NTSTATUS NTAPI filterCreate(PKSFILTER filter, PIRP)
{
    auto* r = new (std::nothrow) FilterRecord;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(filter->Bag, r, freeFilterRecord);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    filter->Context = r;
    return STATUS_SUCCESS;
}

// No Process: the filter is pin-centric.
const KSFILTER_DISPATCH kFilterDispatch = {filterCreate, nullptr, nullptr, nullptr};

NTSTATUS NTAPI setReleaseParked(PIRP irp, PKSIDENTIFIER, PVOID)
{
    PKSFILTER filter = KsGetFilterFromIrp(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    KsFilterAcquireControl(filter);  // the pin lists hold still
    for (ULONG id = 0; id < STREAMDRV_PIN_COUNT; ++id) {
        for (PKSPIN pin = KsFilterGetFirstChildPin(filter, id); pin != nullptr; pin = KsPinGetNextSiblingPin(pin)) {
            PinRecord* r = recordOf(pin);
            std::deque<PKSSTREAM_POINTER> parked;
            {
                std::lock_guard lk(r->lock);
                parked.swap(r->parked);
                r->counters.ClonesHeld -= static_cast<ULONG>(parked.size());
            }
            for (PKSSTREAM_POINTER clone : parked) {
                handOff(r, clone);
            }
        }
    }
    KsFilterReleaseControl(filter);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getOpenPins(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    PKSFILTER filter = KsGetFilterFromIrp(irp);
    auto* r = filter != nullptr ? static_cast<FilterRecord*>(filter->Context) : nullptr;
    if (r == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::unique_lock lk(r->lock);
    r->closed.wait_for(lk, std::chrono::seconds(10), [&] { return r->openPins == 0; });
    *static_cast<ULONG*>(value) = r->openPins;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kFilterItems){
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_RELEASE_PARKED, nullptr, sizeof(KSPROPERTY), sizeof(ULONG),
                           setReleaseParked, nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_OPEN_PINS, getOpenPins, sizeof(KSPROPERTY), sizeof(ULONG), nullptr,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kFilterSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksStream, SIZEOF_ARRAY(kFilterItems), kFilterItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kFilterAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kFilterSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

const GUID kCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_RENDER)},
    {STATICGUIDOF(KSCATEGORY_CAPTURE)},
};

const GUID kFilterGuid = {STATICGUIDOF(STREAMDRV_FILTER_GUID)};

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

// ---- The filter-centric transform -----------------------------------------------------

struct TransformRecord {
    std::mutex lock;
    STREAMDRV_COUNTERS counters{};
};

void freeTransformRecord(PVOID record)
{
    delete static_cast<TransformRecord*>(record);
}

NTSTATUS NTAPI transformCreate(PKSFILTER filter, PIRP)
{
    auto* r = new (std::nothrow) TransformRecord;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(filter->Bag, r, freeTransformRecord);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    r->counters.Hash = STREAMDRV_FNV_OFFSET;
    filter->Context = r;
    return STATUS_SUCCESS;
}

// Copies input to output adding 1 to every byte; an output frame ends where
// its input frame ends.
NTSTATUS NTAPI transformProcess(PKSFILTER filter, PKSPROCESSPIN_INDEXENTRY index)
{
    auto* r = static_cast<TransformRecord*>(filter->Context);
    {
        std::lock_guard lk(r->lock);
        ++r->counters.ProcessCalls;
    }
    if (index[STREAMDRV_TRANSFORM_IN].Count == 0 || index[STREAMDRV_TRANSFORM_OUT].Count == 0) {
        return STATUS_PENDING;
    }
    PKSPROCESSPIN in = index[STREAMDRV_TRANSFORM_IN].Pins[0];
    PKSPROCESSPIN out = index[STREAMDRV_TRANSFORM_OUT].Pins[0];
    if (in->StreamPointer == nullptr || out->StreamPointer == nullptr) {
        return STATUS_PENDING;
    }
    const ULONG n = std::min(in->BytesAvailable, out->BytesAvailable);
    const auto* src = static_cast<const UCHAR*>(in->Data);
    auto* dst = static_cast<UCHAR*>(out->Data);
    for (ULONG i = 0; i < n; ++i) {
        dst[i] = static_cast<UCHAR>(src[i] + 1);
    }
    in->BytesUsed = n;
    out->BytesUsed = n;
    out->Terminate = n == in->BytesAvailable ? TRUE : FALSE;
    {
        std::lock_guard lk(r->lock);
        r->counters.Hash = streamdrvHash(r->counters.Hash, src, n);
        r->counters.BytesDone += n;
        if (out->Terminate || n == out->BytesAvailable) {
            ++r->counters.FramesDone;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI transformReset(PKSFILTER filter)
{
    auto* r = static_cast<TransformRecord*>(filter->Context);
    std::lock_guard lk(r->lock);
    ++r->counters.ResetCalls;
    return STATUS_SUCCESS;
}

const KSFILTER_DISPATCH kTransformDispatch = {transformCreate, nullptr, transformProcess, transformReset};

NTSTATUS NTAPI getTransformCounters(PIRP irp, PKSIDENTIFIER, PVOID value)
{
    PKSFILTER filter = KsGetFilterFromIrp(irp);
    auto* r = filter != nullptr ? static_cast<TransformRecord*>(filter->Context) : nullptr;
    if (r == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lk(r->lock);
    std::memcpy(value, &r->counters, sizeof(STREAMDRV_COUNTERS));
    irp->IoStatus.Information = sizeof(STREAMDRV_COUNTERS);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kTransformItems){
    DEFINE_KSPROPERTY_ITEM(STREAMDRV_PROPERTY_COUNTERS, getTransformCounters, sizeof(KSPROPERTY),
                           sizeof(STREAMDRV_COUNTERS), nullptr, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kTransformSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksStream, SIZEOF_ARRAY(kTransformItems), kTransformItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kTransformAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kTransformSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// Transform pins have no Process of their own: the filter processes.
const KSPIN_DISPATCH kTransformPinDispatch = {nullptr, nullptr, nullptr, nullptr, nullptr,
                                              nullptr, nullptr, nullptr, nullptr, nullptr};

const KSPIN_DESCRIPTOR_EX kTransformPins[STREAMDRV_TRANSFORM_PIN_COUNT] = {
    {&kTransformPinDispatch,
     nullptr,
     {DEFINE_KSPIN_DEFAULT_INTERFACES, DEFINE_KSPIN_DEFAULT_MEDIUMS, SIZEOF_ARRAY(kByteRanges), kByteRanges,
      KSPIN_DATAFLOW_IN, KSPIN_COMMUNICATION_SINK, nullptr, nullptr, {0}},
     0,
     1,
     1,
     nullptr,
     nullptr},
    {&kTransformPinDispatch,
     nullptr,
     {DEFINE_KSPIN_DEFAULT_INTERFACES, DEFINE_KSPIN_DEFAULT_MEDIUMS, SIZEOF_ARRAY(kByteRanges), kByteRanges,
      KSPIN_DATAFLOW_OUT, KSPIN_COMMUNICATION_SINK, nullptr, nullptr, {0}},
     0,
     1,
     1,
     nullptr,
     nullptr},
};

const GUID kTransformCategories[] = {
    {STATICGUIDOF(KSCATEGORY_DATATRANSFORM)},
};

const GUID kTransformGuid = {STATICGUIDOF(STREAMDRV_TRANSFORM_GUID)};

DEFINE_KSFILTER_DESCRIPTOR(kTransform){
    &kTransformDispatch,
    &kTransformAutomation,
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kTransformGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kTransformPins),
    DEFINE_KSFILTER_CATEGORIES(kTransformCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kFilters){&kFilter, &kTransform};

const KSDEVICE_DESCRIPTOR kDevice = {nullptr, SIZEOF_ARRAY(kFilters), kFilters, KSDEVICE_DESCRIPTOR_VERSION, 0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kDevice);
}
