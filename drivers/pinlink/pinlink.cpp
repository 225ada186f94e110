// SPDX-License-Identifier: MIT
// The pinlink sample: pin A hands every written frame to pin B through a ring negotiated with IOCTL_KS_HANDSHAKE.

// Written only against the public DDI, as a third-party minidriver: one
// device, one filter, two pin-centric pins (pinlink_props.h).  Pin B owns a
// Ring and answers the PINLINK_PROTOCOL_DirectRing handshake with it and
// its function table; pin A's LINK property resolves the client's handle
// of a B, sends the handshake in kernel mode and from then on its Process
// pushes frames through the table, no IRP involved.  docs/handshake.md
// walks through it.
//
// Lifetimes:
// - the Ring is reference-counted: B holds one reference, each A linked to
//   it another, A's Process a third while it pushes; the last release frees
//   it, so neither side can see it dangle;
// - the Ring's `reader_` (B) and `writer_` (A) are the pins to wake; each
//   pin clears itself under the ring's lock in its Close, and wakes happen
//   under that lock (KsPinAttemptProcessing asynchronous: a worker runs
//   Process, never this thread), so a wake never reaches a closed pin;
// - A holds a reference to B's file object from LINK until it re-links or
//   closes.  The io layer sends B's IRP_MJ_CLOSE when the last reference
//   goes, and AVStream calls a pin's Close under the filter's control mutex:
//   A's Close must not drop that reference itself (B's Close would take the
//   same mutex on the same thread), so it hands it to the driver's release
//   thread, with a node allocated at LINK time.
//
// Locks: LinkPin::linking serialises A's LINK requests and is held across
// the handshake and the old link's release (B's handshake callback and
// Close never take it); LinkPin::lock guards A's link (ring, table, file);
// Ring::lock_ guards the ring's contents and pins.  Order: linking, lock,
// Ring::lock_.  Neither lock nor Ring::lock_ is held across
// KsSynchronousIoControlDevice or ObDereferenceObject.

#include <openks/driver.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <new>
#include <thread>
#include <utility>

#include "pinlink_props.h"

namespace {

// ---- The ring B owns --------------------------------------------------------------------------------

constexpr ULONG kRingBytes = PINLINK_RING_BYTES;
constexpr ULONG kMaxFrames = 256;

// Whole frames, in order: the bytes in a circular buffer, their lengths in a
// circular list.  Allocated once in B's Create; nothing allocates after.
class Ring {
public:
    explicit Ring(PKSPIN reader) : reader_(reader) {}

    void reference() { refs_.fetch_add(1, std::memory_order_relaxed); }
    void release()
    {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            delete this;
        }
    }

    // Stores one whole frame and wakes the reader.  STATUS_SUCCESS,
    // STATUS_DEVICE_BUSY (no room now: the writer is woken when there is),
    // STATUS_BUFFER_OVERFLOW (longer than the ring), STATUS_DEVICE_NOT_CONNECTED
    // (the reader closed).
    NTSTATUS push(const UCHAR* bytes, ULONG length)
    {
        if (length > kRingBytes) {
            return STATUS_BUFFER_OVERFLOW;
        }
        std::lock_guard lk(lock_);
        if (reader_ == nullptr) {
            return STATUS_DEVICE_NOT_CONNECTED;
        }
        if (kRingBytes - used_ < length || frameCount_ == kMaxFrames) {
            writerWaiting_ = true;
            return STATUS_DEVICE_BUSY;
        }
        const ULONG tail = (head_ + used_) % kRingBytes;
        const ULONG first = length < kRingBytes - tail ? length : kRingBytes - tail;
        std::memcpy(bytes_ + tail, bytes, first);
        std::memcpy(bytes_, bytes + first, length - first);
        used_ += length;
        frames_[(frameHead_ + frameCount_) % kMaxFrames] = length;
        ++frameCount_;
        KsPinAttemptProcessing(reader_, TRUE);
        return STATUS_SUCCESS;
    }

    // Copies up to `room` bytes of the oldest frame into `out`; *frameEnd
    // says whether that finished the frame.  Returns the bytes copied (0:
    // the ring is empty).  Reader only (B's Process).
    ULONG pop(UCHAR* out, ULONG room, bool* frameEnd)
    {
        std::lock_guard lk(lock_);
        *frameEnd = false;
        if (frameCount_ == 0 || room == 0) {
            return 0;
        }
        ULONG& front = frames_[frameHead_];
        const ULONG n = front < room ? front : room;
        const ULONG first = n < kRingBytes - head_ ? n : kRingBytes - head_;
        std::memcpy(out, bytes_ + head_, first);
        std::memcpy(out + first, bytes_, n - first);
        head_ = (head_ + n) % kRingBytes;
        used_ -= n;
        front -= n;
        if (front == 0) {
            frameHead_ = (frameHead_ + 1) % kMaxFrames;
            --frameCount_;
            *frameEnd = true;
        }
        if (writerWaiting_ && writer_ != nullptr) {
            writerWaiting_ = false;
            KsPinAttemptProcessing(writer_, TRUE);
        }
        return n;
    }

    // Attaches the one writer the ring serves (woken when room appears):
    // STATUS_SHARING_VIOLATION if another is attached.  NULL detaches
    // `expected` (and nobody else).  Set by A on link, cleared on unlink or close.
    NTSTATUS setWriter(PKSPIN writer, PKSPIN expected)
    {
        std::lock_guard lk(lock_);
        if (writer == nullptr) {
            if (writer_ == expected) {
                writer_ = nullptr;
                writerWaiting_ = false;
            }
            return STATUS_SUCCESS;
        }
        if (writer_ != nullptr && writer_ != writer) {
            return STATUS_SHARING_VIOLATION;
        }
        writer_ = writer;
        return STATUS_SUCCESS;
    }

    // B is closing: no more wakes, pushes fail.
    void detachReader()
    {
        std::lock_guard lk(lock_);
        reader_ = nullptr;
    }

private:
    ~Ring() = default;

    std::atomic<ULONG> refs_{1};
    std::mutex lock_;
    PKSPIN reader_;
    PKSPIN writer_ = nullptr;
    bool writerWaiting_ = false;
    ULONG head_ = 0;
    ULONG used_ = 0;
    ULONG frameHead_ = 0;
    ULONG frameCount_ = 0;
    ULONG frames_[kMaxFrames] = {};
    UCHAR bytes_[kRingBytes];
};

// The function table B hands out with its ring (KSHANDSHAKE.Argument2).
// Every entry takes the ring (KSHANDSHAKE.Argument1); the holder of a
// handshake answer owns one reference and gives it back with Dereference.
struct PinlinkRingInterface {
    NTSTATUS (*Push)(PVOID ring, const void* bytes, ULONG length);
    NTSTATUS (*SetWriter)(PVOID ring, PKSPIN writer, PKSPIN expected);
    void (*Reference)(PVOID ring);
    void (*Dereference)(PVOID ring);
};

const PinlinkRingInterface kRingInterface = {
    [](PVOID ring, const void* bytes, ULONG length) {
        return static_cast<Ring*>(ring)->push(static_cast<const UCHAR*>(bytes), length);
    },
    [](PVOID ring, PKSPIN writer, PKSPIN expected) { return static_cast<Ring*>(ring)->setWriter(writer, expected); },
    [](PVOID ring) { static_cast<Ring*>(ring)->reference(); },
    [](PVOID ring) { static_cast<Ring*>(ring)->release(); },
};

// ---- Pin B: the ring's reader -----------------------------------------------------------------------

NTSTATUS NTAPI pinBHandshake(PKSPIN pin, PKSHANDSHAKE in, PKSHANDSHAKE out)
{
    if (!IsEqualGUID(in->ProtocolId, PINLINK_PROTOCOL_DirectRing)) {
        return STATUS_INVALID_DEVICE_REQUEST;  // ks-spec §2.6: unknown protocols are refused
    }
    auto* ring = static_cast<Ring*>(pin->Context);
    ring->reference();  // the requestor's, given back through the table
    out->ProtocolId = in->ProtocolId;
    out->Argument1 = ring;
    out->Argument2 = const_cast<PinlinkRingInterface*>(&kRingInterface);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinBCreate(PKSPIN pin, PIRP)
{
    auto* ring = new (std::nothrow) Ring(pin);
    if (ring == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pin->Context = ring;
    KsPinRegisterHandshakeCallback(pin, pinBHandshake);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinBClose(PKSPIN pin, PIRP)
{
    KsPinRegisterHandshakeCallback(pin, nullptr);
    auto* ring = static_cast<Ring*>(pin->Context);
    ring->detachReader();
    ring->release();
    pin->Context = nullptr;
    return STATUS_SUCCESS;
}

// Fills the reads at the leading edge from the ring: a read completes at
// the end of a written frame or when it is full.
NTSTATUS NTAPI pinBProcess(PKSPIN pin)
{
    auto* ring = static_cast<Ring*>(pin->Context);
    for (;;) {
        PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (edge == nullptr) {
            return STATUS_PENDING;
        }
        bool frameEnd = false;
        const ULONG room = edge->OffsetOut.Remaining;
        const ULONG n = ring->pop(edge->OffsetOut.Data, room, &frameEnd);
        if (n == 0 && room != 0) {
            KsStreamPointerUnlock(edge, FALSE);  // nothing written yet: a push wakes us
            return STATUS_PENDING;
        }
        edge->StreamHeader->DataUsed += n;
        const BOOLEAN eject = frameEnd || n == room ? TRUE : FALSE;
        if (!NT_SUCCESS(KsStreamPointerAdvanceOffsets(edge, 0, n, eject))) {
            return STATUS_PENDING;
        }
        KsStreamPointerUnlock(edge, FALSE);
    }
}

// ---- Pin A: the writer ------------------------------------------------------------------------------

// A's file reference to its B, allocated at LINK so that releasing it never allocates.
struct DeferredRelease {
    DeferredRelease* next = nullptr;
    PFILE_OBJECT file = nullptr;
};

void releaseNow(DeferredRelease* d)
{
    ObDereferenceObject(d->file);
    delete d;
}

// Drops file references on a thread of its own (see the top of the file).
// KsRegisterWorker / KsQueueWorkItem would be the DDI way, but the runtime
// does not export them yet, so the driver keeps one thread, started on
// first use and never stopped (driver modules stay loaded; the object is
// never destroyed, so exit does not tear down a condition variable it waits on).
class Releaser {
public:
    static Releaser& instance()
    {
        static Releaser* releaser = new Releaser;
        return *releaser;
    }

    void post(DeferredRelease* d)
    {
        std::lock_guard lk(lock_);
        d->next = head_;
        head_ = d;
        ready_.notify_one();
    }

private:
    Releaser() { std::thread([this] { run(); }).detach(); }

    [[noreturn]] void run()
    {
        for (;;) {
            DeferredRelease* batch;
            {
                std::unique_lock lk(lock_);
                ready_.wait(lk, [this] { return head_ != nullptr; });
                batch = std::exchange(head_, nullptr);
            }
            while (batch != nullptr) {
                releaseNow(std::exchange(batch, batch->next));
            }
        }
    }

    std::mutex lock_;
    std::condition_variable ready_;
    DeferredRelease* head_ = nullptr;
};

// A's link to a B.  All null when unlinked.
struct Link {
    PVOID ring = nullptr;
    const PinlinkRingInterface* table = nullptr;
    DeferredRelease* file = nullptr;  // holds the file reference
};

struct LinkPin {
    std::mutex linking;  // serialises LINK requests (held across the handshake; nothing it calls takes it)
    std::mutex lock;     // guards link and last
    Link link;
    PINLINK_HANDSHAKE_RESULT last = {STATUS_SUCCESS, 0};
};

LinkPin* linkPinOf(PKSPIN pin)
{
    return pin != nullptr ? static_cast<LinkPin*>(pin->Context) : nullptr;
}

// Gives up a link's ring and file references, and detaches `pin` as the
// ring's writer unless `stillWriting` is that ring (a re-link to the same
// B).  `closing`: from A's Close, under the filter's control mutex, so the
// file goes to the release thread.
void dropLink(PKSPIN pin, const Link& link, bool closing, PVOID stillWriting = nullptr)
{
    if (link.ring != nullptr) {
        if (link.ring != stillWriting) {
            (void)link.table->SetWriter(link.ring, nullptr, pin);
        }
        link.table->Dereference(link.ring);
    }
    if (link.file == nullptr) {
        return;
    }
    if (closing) {
        Releaser::instance().post(link.file);
    } else {
        releaseNow(link.file);
    }
}

// Sends IOCTL_KS_HANDSHAKE (kernel mode) with `protocol` to the file object
// the client's `target` handle names.  On success *file holds a reference
// to it (the caller releases it) and *out the answer.
NTSTATUS handshakeWith(LinkPin* r, HANDLE target, const GUID& protocol, PKSPIN self, PFILE_OBJECT* file,
                       KSHANDSHAKE* out)
{
    *file = nullptr;
    PVOID object = nullptr;
    NTSTATUS status = ObReferenceObjectByHandle(target, 0, *IoFileObjectType, KernelMode, &object, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KSHANDSHAKE in = {};
    in.ProtocolId = protocol;
    in.Argument1 = self;
    *out = KSHANDSHAKE{};
    ULONG bytes = 0;
    status = KsSynchronousIoControlDevice(static_cast<PFILE_OBJECT>(object), KernelMode, IOCTL_KS_HANDSHAKE, &in,
                                          sizeof(in), out, sizeof(*out), &bytes);
    {
        std::lock_guard lk(r->lock);
        r->last = {status, bytes};
    }
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(object);
        return status;
    }
    *file = static_cast<PFILE_OBJECT>(object);
    return status;
}

NTSTATUS NTAPI pinALink(PIRP irp, PKSPROPERTY, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    LinkPin* r = linkPinOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    HANDLE target = *static_cast<const HANDLE*>(data);
    std::lock_guard linking(r->linking);
    Link fresh;
    if (target != nullptr) {
        fresh.file = new (std::nothrow) DeferredRelease{};
        if (fresh.file == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        KSHANDSHAKE out;
        NTSTATUS status = handshakeWith(r, target, PINLINK_PROTOCOL_DirectRing, pin, &fresh.file->file, &out);
        if (!NT_SUCCESS(status)) {
            delete fresh.file;
            return status;
        }
        // Only our own B answers this protocol with our own table; anything else is not a pin B.
        if (out.Argument1 == nullptr || out.Argument2 != &kRingInterface) {
            releaseNow(fresh.file);
            return STATUS_INVALID_DEVICE_REQUEST;
        }
        fresh.ring = out.Argument1;
        fresh.table = &kRingInterface;
        // Before A's Process can see the ring: a B serving another A must never get this A's frames.
        status = fresh.table->SetWriter(fresh.ring, pin, nullptr);
        if (!NT_SUCCESS(status)) {
            dropLink(pin, fresh, false, fresh.ring);  // the other A stays attached
            return status;                          // STATUS_SHARING_VIOLATION
        }
    }
    Link old;
    {
        std::lock_guard lk(r->lock);
        old = r->link;
        r->link = fresh;
    }
    dropLink(pin, old, false, fresh.ring);
    if (fresh.ring != nullptr) {
        KsPinAttemptProcessing(pin, TRUE);  // frames written before the link move now
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinAHandshakeTest(PIRP irp, PKSPROPERTY, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    LinkPin* r = linkPinOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PINLINK_HANDSHAKE_TEST request;
    std::memcpy(&request, data, sizeof(request));
    PFILE_OBJECT file = nullptr;
    KSHANDSHAKE out;
    const NTSTATUS status = handshakeWith(r, request.Target, request.ProtocolId, pin, &file, &out);
    if (NT_SUCCESS(status)) {
        // A B's answer carries a ring reference: this test keeps nothing.
        if (IsEqualGUID(request.ProtocolId, PINLINK_PROTOCOL_DirectRing) && out.Argument2 == &kRingInterface &&
            out.Argument1 != nullptr) {
            kRingInterface.Dereference(out.Argument1);
        }
        ObDereferenceObject(file);
    }
    return status;
}

NTSTATUS NTAPI pinALastHandshake(PIRP irp, PKSPROPERTY, PVOID data)
{
    LinkPin* r = linkPinOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    std::memcpy(data, &r->last, sizeof(r->last));
    irp->IoStatus.Information = sizeof(r->last);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinACreate(PKSPIN pin, PIRP)
{
    auto* r = new (std::nothrow) LinkPin;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pin->Context = r;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI pinAClose(PKSPIN pin, PIRP)
{
    auto* r = linkPinOf(pin);
    Link old;
    {
        std::lock_guard lk(r->lock);
        old = r->link;
        r->link = Link{};
    }
    dropLink(pin, old, true);
    delete r;
    pin->Context = nullptr;
    return STATUS_SUCCESS;
}

// Pushes each written frame whole into the linked ring; waits (STATUS_PENDING)
// while unlinked or while the ring is full.
NTSTATUS NTAPI pinAProcess(PKSPIN pin)
{
    LinkPin* r = linkPinOf(pin);
    for (;;) {
        PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (edge == nullptr) {
            return STATUS_PENDING;
        }
        Link link;
        {
            std::lock_guard lk(r->lock);
            link = r->link;
            if (link.ring != nullptr) {
                link.table->Reference(link.ring);  // kept while pushing, whatever a re-link does
            }
        }
        if (link.ring == nullptr) {
            KsStreamPointerUnlock(edge, FALSE);  // LINK restarts processing
            return STATUS_PENDING;
        }
        const ULONG length = edge->OffsetIn.Remaining;
        const NTSTATUS status = length == 0 ? STATUS_SUCCESS : link.table->Push(link.ring, edge->OffsetIn.Data, length);
        link.table->Dereference(link.ring);
        if (status == STATUS_DEVICE_BUSY) {
            KsStreamPointerUnlock(edge, FALSE);  // the reader wakes us when it makes room
            return STATUS_PENDING;
        }
        if (!NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
            KsStreamPointerSetStatusCode(edge, status);
        }
        if (!NT_SUCCESS(KsStreamPointerAdvanceOffsets(edge, length, 0, TRUE))) {
            return STATUS_PENDING;
        }
        KsStreamPointerUnlock(edge, FALSE);
    }
}

// ---- Descriptors ------------------------------------------------------------------------------------

DEFINE_KSPROPERTY_TABLE(kPinAProperties){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_PINLINK_LINK, nullptr, sizeof(KSPROPERTY), sizeof(HANDLE), pinALink, nullptr, 0,
                           nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_PINLINK_HANDSHAKE_TEST, nullptr, sizeof(KSPROPERTY),
                           sizeof(PINLINK_HANDSHAKE_TEST), pinAHandshakeTest, nullptr, 0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_PINLINK_LAST_HANDSHAKE, pinALastHandshake, sizeof(KSPROPERTY),
                           sizeof(PINLINK_HANDSHAKE_RESULT), nullptr, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kPinAPropertySets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksPinlink, SIZEOF_ARRAY(kPinAProperties), kPinAProperties, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kPinAAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kPinAPropertySets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

const KSPIN_DISPATCH kPinADispatch = {
    pinACreate, pinAClose, pinAProcess, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
};

const KSPIN_DISPATCH kPinBDispatch = {
    pinBCreate, pinBClose, pinBProcess, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
};

const KSDATARANGE kStreamRange = {
    {sizeof(KSDATARANGE),
     0,
     0,
     0,
     {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
     {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
     {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}},
};

const PKSDATARANGE kStreamRanges[] = {
    const_cast<PKSDATARANGE>(&kStreamRange),
};

const KSPIN_DESCRIPTOR_EX kPins[] = {
    {
        &kPinADispatch,
        &kPinAAutomation,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kStreamRanges),
            kStreamRanges,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_SINK,
            nullptr,
            nullptr,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
        KSINSTANCE_INDETERMINATE,
        0,
        nullptr,
        nullptr,  // the default intersection serves SPECIFIER_NONE ranges
    },
    {
        &kPinBDispatch,
        nullptr,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kStreamRanges),
            kStreamRanges,
            KSPIN_DATAFLOW_OUT,
            KSPIN_COMMUNICATION_SINK,
            nullptr,
            nullptr,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
        KSINSTANCE_INDETERMINATE,  // a closed B lingers while an A still references it
        0,
        nullptr,
        nullptr,
    },
};

const GUID kCategories[] = {
    {STATICGUIDOF(KSCATEGORY_DATATRANSFORM)},
};

const GUID kFilterGuid = {STATICGUIDOF(OPENKS_PINLINK_FILTER)};

DEFINE_KSFILTER_DESCRIPTOR(kFilter){
    nullptr,  // pin-centric
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
