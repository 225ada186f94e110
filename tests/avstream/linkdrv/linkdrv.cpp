// SPDX-License-Identifier: MIT
// openks_linkdrv: the pin-connection test minidriver, written only against <openks/driver.h>: a producing source pin
// and a checking sink pin, connected with KSPIN_CONNECT.PinToHandle.
#include <openks/driver.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <new>

#include "linkdrv_protocol.h"

namespace {

// The client unknown each pin aggregates: answers LINKDRV_IID_PRIVATE (and
// IUnknown) with itself; freed with its last reference.
struct PrivateUnknown final : IUnknown {
    explicit PrivateUnknown(PKSPIN owner) : owner(owner) {}
    NTSTATUS QueryInterface(REFIID iid, PVOID* out) override
    {
        if (IsEqualGUID(iid, LINKDRV_IID_PRIVATE) || IsEqualGUID(iid, IID_IUnknown)) {
            AddRef();
            *out = this;
            return STATUS_SUCCESS;
        }
        *out = nullptr;
        return STATUS_NOINTERFACE;
    }
    ULONG AddRef() override { return ++refs; }
    ULONG Release() override
    {
        const ULONG left = --refs;
        if (left == 0) {
            delete this;
        }
        return left;
    }
    PKSPIN owner;
    std::atomic<ULONG> refs{1};
};

struct PinRecord {
    PKSPIN pin = nullptr;
    std::mutex lock;
    std::condition_variable consumed;
    LINKDRV_STATS stats{};
    ULONGLONG limit = 0;   // source: frames it may produce in all
    bool hold = false;     // sink: stop consuming
    LONG queuedBytes = 0;  // sink, while holding: input bytes waiting in its queue
};

PinRecord* recordOf(PKSPIN pin)
{
    return static_cast<PinRecord*>(pin->Context);
}

void NTAPI freeRecord(PVOID record)
{
    delete static_cast<PinRecord*>(record);
}

UCHAR payloadByte(ULONGLONG index, ULONG offset)
{
    return static_cast<UCHAR>(index * 31 + offset);
}

// ---- Handshake ------------------------------------------------------------------------

NTSTATUS NTAPI onHandshake(PKSPIN pin, PKSHANDSHAKE in, PKSHANDSHAKE out)
{
    if (!IsEqualGUID(in->ProtocolId, LINKDRV_HANDSHAKE_PROTOCOL)) {
        return STATUS_INVALID_DEVICE_REQUEST;  // the callback contract for an unknown protocol
    }
    out->ProtocolId = in->ProtocolId;
    out->Argument1 = pin;
    out->Argument2 = LINKDRV_HANDSHAKE_COOKIE;
    return STATUS_SUCCESS;
}

// ---- Pin dispatch ---------------------------------------------------------------------

NTSTATUS NTAPI pinCreate(PKSPIN pin, PIRP irp)
{
    (void)irp;
    auto* r = new (std::nothrow) PinRecord;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    r->pin = pin;
    NTSTATUS status = KsAddItemToObjectBag(pin->Bag, r, freeRecord);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    pin->Context = r;
    KsPinRegisterHandshakeCallback(pin, onHandshake);
    auto* inner = new (std::nothrow) PrivateUnknown(pin);
    if (inner == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    (void)KsPinRegisterAggregatedClientUnknown(pin, inner);  // AVStream keeps its own reference
    inner->Release();
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinConnect(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    std::lock_guard lk(r->lock);
    ++r->stats.Connects;
    return STATUS_SUCCESS;
}

void NTAPI pinDisconnect(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    std::lock_guard lk(r->lock);
    ++r->stats.Disconnects;
}

void NTAPI pinReset(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    std::lock_guard lk(r->lock);
    ++r->stats.Resets;
}

NTSTATUS NTAPI sourceProcess(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    for (;;) {
        ULONGLONG index;
        {
            std::lock_guard lk(r->lock);
            if (r->stats.Produced >= r->limit) {
                return STATUS_PENDING;  // LIMIT set again calls KsPinAttemptProcessing
            }
            index = r->stats.Produced;
        }
        PKSSTREAM_POINTER p = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (p == nullptr) {
            return STATUS_PENDING;  // no empty frame: the next arrival triggers processing
        }
        const ULONG size = p->OffsetOut.Remaining < LINKDRV_FRAME_SIZE ? p->OffsetOut.Remaining : LINKDRV_FRAME_SIZE;
        if (size < sizeof(LINKDRV_FRAME)) {
            KsStreamPointerUnlock(p, TRUE);  // too small to carry a frame: given back empty
            continue;
        }
        UCHAR* data = p->OffsetOut.Data;
        LINKDRV_FRAME head{index, LINKDRV_MAGIC, 0};
        std::memcpy(data, &head, sizeof head);
        for (ULONG i = sizeof head; i < size; ++i) {
            data[i] = payloadByte(index, i);
        }
        p->StreamHeader->PresentationTime.Time = static_cast<LONGLONG>(index);
        p->StreamHeader->OptionsFlags |= KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
        {
            std::lock_guard lk(r->lock);
            ++r->stats.Produced;
        }
        KsStreamPointerAdvanceOffsetsAndUnlock(p, 0, size, TRUE);
    }
}

NTSTATUS NTAPI sinkProcess(PKSPIN pin)
{
    PinRecord* r = recordOf(pin);
    for (;;) {
        {
            std::lock_guard lk(r->lock);
            if (r->hold) {
                // Every arrival lands here (INITIATE_PROCESSING_ON_EVERY_ARRIVAL):
                // WAIT_QUEUED learns how much is waiting.
                LONG in = 0;
                (void)KsPinGetAvailableByteCount(pin, &in, nullptr);
                r->queuedBytes = in;
                r->consumed.notify_all();
                return STATUS_PENDING;
            }
        }
        PKSSTREAM_POINTER p = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (p == nullptr) {
            return STATUS_PENDING;
        }
        const ULONG size = p->OffsetIn.Remaining;
        const UCHAR* data = p->OffsetIn.Data;
        LINKDRV_FRAME head{};
        bool dataOk = size == LINKDRV_FRAME_SIZE;
        if (size >= sizeof head) {
            std::memcpy(&head, data, sizeof head);
        }
        dataOk = dataOk && head.Magic == LINKDRV_MAGIC;
        for (ULONG i = sizeof head; dataOk && i < size; ++i) {
            dataOk = data[i] == payloadByte(head.Index, i);
        }
        dataOk = dataOk && (p->StreamHeader->OptionsFlags & KSSTREAM_HEADER_OPTIONSF_TIMEVALID) != 0 &&
                 p->StreamHeader->PresentationTime.Time == static_cast<LONGLONG>(head.Index);
        {
            std::lock_guard lk(r->lock);
            if (!dataOk) {
                ++r->stats.DataErrors;
            }
            if (head.Index != r->stats.NextExpected) {
                ++r->stats.OrderErrors;
            }
            r->stats.NextExpected = head.Index + 1;
            ++r->stats.Consumed;
        }
        r->consumed.notify_all();
        KsStreamPointerAdvanceOffsetsAndUnlock(p, size, 0, TRUE);
    }
}

const KSPIN_DISPATCH kSourceDispatch = {pinCreate, nullptr,    sourceProcess, pinReset, nullptr,
                                        nullptr,   pinConnect, pinDisconnect, nullptr,  nullptr};
const KSPIN_DISPATCH kSinkDispatch = {pinCreate, nullptr,    sinkProcess,   pinReset, nullptr,
                                      nullptr,   pinConnect, pinDisconnect, nullptr,  nullptr};

// ---- Properties -----------------------------------------------------------------------

NTSTATUS NTAPI getStats(PIRP irp, PKSPROPERTY property, PVOID data)
{
    (void)property;
    PinRecord* r = recordOf(KsGetPinFromIrp(irp));
    std::lock_guard lk(r->lock);
    std::memcpy(data, &r->stats, sizeof r->stats);
    irp->IoStatus.Information = sizeof(LINKDRV_STATS);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setLimit(PIRP irp, PKSPROPERTY property, PVOID data)
{
    (void)property;
    PKSPIN pin = KsGetPinFromIrp(irp);
    PinRecord* r = recordOf(pin);
    {
        std::lock_guard lk(r->lock);
        r->limit = *static_cast<const ULONG*>(data);
    }
    KsPinAttemptProcessing(pin, TRUE);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setHold(PIRP irp, PKSPROPERTY property, PVOID data)
{
    (void)property;
    PKSPIN pin = KsGetPinFromIrp(irp);
    PinRecord* r = recordOf(pin);
    bool resume;
    {
        std::lock_guard lk(r->lock);
        r->hold = *static_cast<const ULONG*>(data) != 0;
        resume = !r->hold;
    }
    if (resume) {
        KsPinAttemptProcessing(pin, TRUE);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setWaitConsumed(PIRP irp, PKSPROPERTY property, PVOID data)
{
    (void)property;
    PinRecord* r = recordOf(KsGetPinFromIrp(irp));
    const ULONG target = *static_cast<const ULONG*>(data);
    std::unique_lock lk(r->lock);
    const bool reached =
        r->consumed.wait_for(lk, std::chrono::seconds(20), [&] { return r->stats.Consumed >= target; });
    return reached ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

NTSTATUS NTAPI setWaitQueued(PIRP irp, PKSPROPERTY property, PVOID data)
{
    (void)property;
    PinRecord* r = recordOf(KsGetPinFromIrp(irp));
    const LONG target = static_cast<LONG>(*static_cast<const ULONG*>(data) * LINKDRV_FRAME_SIZE);
    std::unique_lock lk(r->lock);
    const bool reached =
        r->consumed.wait_for(lk, std::chrono::seconds(20), [&] { return r->hold && r->queuedBytes >= target; });
    return reached ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

NTSTATUS NTAPI getPeer(PIRP irp, PKSPROPERTY property, PVOID data)
{
    (void)property;
    PKSPIN pin = KsGetPinFromIrp(irp);
    LINKDRV_PEER peer{};
    KSHANDSHAKE in{};
    KSHANDSHAKE out{};
    in.ProtocolId = LINKDRV_HANDSHAKE_PROTOCOL;
    peer.HandshakeStatus = KsPinHandshake(pin, &in, &out);
    peer.HandshakeCookieOk = out.Argument2 == LINKDRV_HANDSHAKE_COOKIE ? 1 : 0;
    peer.AnswerIsPeer = out.Argument1 != nullptr && out.Argument1 != pin ? 1 : 0;
    KSHANDSHAKE unknown{};
    unknown.ProtocolId = KSPROPSETID_OpenksLink;  // a GUID no pin answers as a protocol
    KSHANDSHAKE ignored{};
    peer.UnknownHandshake = KsPinHandshake(pin, &unknown, &ignored);
    PFILE_OBJECT file = KsPinGetConnectedPinFileObject(pin);
    peer.HasConnectedFile = file != nullptr ? 1 : 0;
    peer.HasConnectedDevice = KsPinGetConnectedPinDeviceObject(pin) != nullptr ? 1 : 0;
    peer.ConnectedFileIsPeer = file != nullptr && KsGetPinFromFileObject(file) == out.Argument1 ? 1 : 0;
    peer.ConnectionIsExternal = pin->ConnectionIsExternal ? 1 : 0;

    PVOID itf = nullptr;
    peer.ControlStatus = KsPinGetConnectedPinInterface(pin, &IID_IKsControl, &itf);
    peer.ControlPropertyStatus = STATUS_UNSUCCESSFUL;
    if (NT_SUCCESS(peer.ControlStatus)) {
        auto* control = static_cast<IKsControl*>(itf);
        KSPROPERTY request{};
        request.Set = KSPROPSETID_OpenksLink;
        request.Id = LINKDRV_PROPERTY_STATS;
        request.Flags = KSPROPERTY_TYPE_GET;
        LINKDRV_STATS stats{};
        ULONG returned = 0;
        peer.ControlPropertyStatus = control->KsProperty(&request, sizeof request, &stats, sizeof stats, &returned);
        if (returned != sizeof stats) {
            peer.ControlPropertyStatus = STATUS_UNSUCCESSFUL;
        }
        control->Release();
    }
    const GUID nobody = LINKDRV_HANDSHAKE_PROTOCOL;  // not an interface anyone implements
    itf = nullptr;
    peer.NoInterfaceStatus = KsPinGetConnectedPinInterface(pin, &nobody, &itf);
    if (itf != nullptr) {
        static_cast<PUNKNOWN>(itf)->Release();
    }
    itf = nullptr;
    peer.FilterControlStatus = KsPinGetConnectedFilterInterface(pin, &IID_IKsControl, &itf);
    if (itf != nullptr) {
        static_cast<PUNKNOWN>(itf)->Release();
    }
    itf = nullptr;
    peer.PrivateStatus = KsPinGetConnectedPinInterface(pin, &LINKDRV_IID_PRIVATE, &itf);
    if (itf != nullptr) {
        auto* found = static_cast<PrivateUnknown*>(static_cast<PUNKNOWN>(itf));
        peer.PrivateIsPeers = found->owner != pin && found->owner == out.Argument1 ? 1 : 0;
        found->Release();
    }
    std::memcpy(data, &peer, sizeof peer);
    irp->IoStatus.Information = sizeof(LINKDRV_PEER);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kPinItems){
    DEFINE_KSPROPERTY_ITEM(LINKDRV_PROPERTY_STATS, getStats, sizeof(KSPROPERTY), sizeof(LINKDRV_STATS), nullptr,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(LINKDRV_PROPERTY_LIMIT, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setLimit, nullptr, 0,
                           nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(LINKDRV_PROPERTY_WAIT_CONSUMED, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setWaitConsumed,
                           nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(LINKDRV_PROPERTY_PEER, getPeer, sizeof(KSPROPERTY), sizeof(LINKDRV_PEER), nullptr, nullptr,
                           0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(LINKDRV_PROPERTY_HOLD, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setHold, nullptr, 0,
                           nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(LINKDRV_PROPERTY_WAIT_QUEUED, nullptr, sizeof(KSPROPERTY), sizeof(ULONG), setWaitQueued,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kPinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksLink, SIZEOF_ARRAY(kPinItems), kPinItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kPinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Descriptors ----------------------------------------------------------------------

const KSDATARANGE kStreamRange = {{sizeof(KSDATARANGE),
                                   0,
                                   LINKDRV_FRAME_SIZE,
                                   0,
                                   {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                                   {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                                   {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};
const PKSDATARANGE kRanges[] = {const_cast<PKSDATARANGE>(&kStreamRange)};

DECLARE_SIMPLE_FRAMING_EX(kSourceFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED), 0, LINKDRV_FRAMES, 0,
                          LINKDRV_FRAME_SIZE, LINKDRV_FRAME_SIZE);

const KSPIN_DESCRIPTOR_EX kPins[LINKDRV_PIN_COUNT] = {
    {&kSourceDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kRanges),
      kRanges,
      KSPIN_DATAFLOW_OUT,
      KSPIN_COMMUNICATION_BOTH,
      nullptr,
      nullptr,
      {0}},
     KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
     KSINSTANCE_INDETERMINATE,
     0,
     &kSourceFraming,
     nullptr},
    {&kSinkDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kRanges),
      kRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SINK,
      nullptr,
      nullptr,
      {0}},
     KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL | KSPIN_FLAG_GENERATE_EOS_EVENTS,
     KSINSTANCE_INDETERMINATE,
     0,
     nullptr,
     nullptr},
    {&kSinkDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kRanges),
      kRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SOURCE,
      nullptr,
      nullptr,
      {0}},
     KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL,
     KSINSTANCE_INDETERMINATE,
     0,
     nullptr,
     nullptr},
    {&kSourceDispatch,
     &kPinAutomation,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kRanges),
      kRanges,
      KSPIN_DATAFLOW_OUT,
      KSPIN_COMMUNICATION_SINK,
      nullptr,
      nullptr,
      {0}},
     KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
     KSINSTANCE_INDETERMINATE,
     0,
     &kSourceFraming,
     nullptr},
};

const GUID kCategories[] = {{STATICGUIDOF(KSCATEGORY_DATATRANSFORM)}};
const GUID kFilterGuid = {STATICGUIDOF(LINKDRV_FILTER_GUID)};

DEFINE_KSFILTER_DESCRIPTOR(kFilter){
    nullptr,
    nullptr,
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
