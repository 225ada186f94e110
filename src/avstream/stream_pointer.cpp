// SPDX-License-Identifier: MIT
// Stream pointers: the leading and trailing edges, clones, locking, advancing, timeouts, and the KsStreamPointer* DDI.

#include "avstream/queue.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace openks::avstream {
namespace {

constexpr std::uint32_t kLiveMagic = 0x4b535054;  // "KSPT"
constexpr std::uint32_t kDeadMagic = 0x64656164;

// Clone context buckets: a clone record is allocated with room for the
// bucket's context bytes after it and reused for any request that fits.
constexpr ULONG kBucketContext[] = {0, 64, 256, 1024};

std::uint32_t bucketFor(ULONG contextSize)
{
    for (std::uint32_t b = 0; b < std::size(kBucketContext); ++b) {
        if (contextSize <= kBucketContext[b]) {
            return b;
        }
    }
    return static_cast<std::uint32_t>(std::size(kBucketContext));
}

constexpr std::size_t kRecordSpan = (sizeof(StreamPointerRecord) + 15) & ~std::size_t(15);

void timeoutThunk(TimerEntry* entry)
{
    auto* record = reinterpret_cast<StreamPointerRecord*>(reinterpret_cast<char*>(entry) -
                                                          offsetof(StreamPointerRecord, timer));
    PinQueue* queue = record->queue;  // the callback may delete the record
    PFNKSSTREAMPOINTER callback = record->timeoutCallback;
    if (callback != nullptr) {
        CallbackScope scope;
        callback(&record->pub);
    }
    queue->release();  // the reference scheduleTimeout took
}

}  // namespace

static_assert(std::is_standard_layout_v<StreamPointerRecord>,
              "PKSSTREAM_POINTER converts back to its record through the first member");
static_assert(offsetof(StreamPointerRecord, pub) == 0);
static_assert(std::size(kBucketContext) == 4, "PinQueue::kCloneBuckets");

StreamPointerRecord* streamPointerRecord(PKSSTREAM_POINTER pointer)
{
    if (pointer == nullptr) {
        return nullptr;
    }
    auto* record = reinterpret_cast<StreamPointerRecord*>(pointer);
    if (record->magic != kLiveMagic || record->queue == nullptr) {
        return nullptr;
    }
    return record;
}

void PinQueue::initEdge(StreamPointerRecord* p, PointerKind kind)
{
    std::memset(static_cast<void*>(p), 0, sizeof(*p));
    p->magic = kLiveMagic;
    p->kind = kind;
    p->queue = this;
    p->pub.Context = nullptr;  // edges carry no context (item 57)
    p->pub.Pin = pin_;
    p->pub.Offset = isIn_ ? &p->pub.OffsetIn : &p->pub.OffsetOut;
    p->timer.fire = &timeoutThunk;
}

StreamPointerRecord* PinQueue::allocCloneLocked(ULONG contextSize)
{
    const std::uint32_t bucket = bucketFor(contextSize);
    StreamPointerRecord* p = nullptr;
    if (bucket < kCloneBuckets && freeClones_[bucket] != nullptr) {
        p = freeClones_[bucket];
        freeClones_[bucket] = p->link;
    } else {
        const std::size_t context = bucket < kCloneBuckets ? kBucketContext[bucket] : contextSize;
        void* memory = ::operator new(kRecordSpan + context, std::nothrow);
        if (memory == nullptr) {
            return nullptr;
        }
        p = static_cast<StreamPointerRecord*>(memory);
    }
    std::memset(static_cast<void*>(p), 0, sizeof(*p));
    p->magic = kLiveMagic;
    p->kind = PointerKind::kClone;
    p->bucket = bucket;
    p->queue = this;
    p->pub.Pin = pin_;
    p->pub.Offset = isIn_ ? &p->pub.OffsetIn : &p->pub.OffsetOut;
    p->timer.fire = &timeoutThunk;
    if (contextSize != 0) {
        void* context = reinterpret_cast<char*>(p) + kRecordSpan;
        std::memset(context, 0, contextSize);
        p->pub.Context = context;
    }
    return p;
}

void PinQueue::freeCloneLocked(StreamPointerRecord* p)
{
    p->magic = kDeadMagic;
    if (p->bucket < kCloneBuckets) {
        p->link = freeClones_[p->bucket];
        freeClones_[p->bucket] = p;
    } else {
        ::operator delete(static_cast<void*>(p));
    }
}

void PinQueue::freeAllClones()
{
    // Clones the minidriver never deleted die with the queue.
    std::lock_guard lk(mutex_);
    while (clonesHead_ != nullptr) {
        StreamPointerRecord* c = clonesHead_;
        clonesHead_ = c->nextClone;
        c->magic = kDeadMagic;
        ::operator delete(static_cast<void*>(c));
    }
    clonesTail_ = nullptr;
    for (StreamPointerRecord*& head : freeClones_) {
        while (head != nullptr) {
            StreamPointerRecord* c = head;
            head = c->link;
            ::operator delete(static_cast<void*>(c));
        }
    }
}

// --- Edges ---------------------------------------------------------------------

PKSSTREAM_POINTER PinQueue::edge(StreamPointerRecord* p, KSSTREAM_POINTER_STATE state)
{
    Hold hold(this);
    {
        std::lock_guard lk(mutex_);
        if (state == KSSTREAM_POINTER_STATE_LOCKED) {
            // Locked: only on a frame that may be locked (item 51).
            if (p->frame == nullptr || (p->frame->cancelled && !p->locked)) {
                return nullptr;
            }
            setLocked(p, true);
            return &p->pub;
        }
        // Unlocked: always returned, with or without a frame (item 51).
        if (!p->locked) {
            return &p->pub;
        }
        Frame* f = p->frame;
        setLocked(p, false);
        afterPointerLeft(f);
        if (!collectLocked()) {
            return &p->pub;
        }
    }
    afterUnlock();
    return &p->pub;
}

PKSSTREAM_POINTER PinQueue::leadingEdge(KSSTREAM_POINTER_STATE state)
{
    return edge(&leading_, state);
}

PKSSTREAM_POINTER PinQueue::trailingEdge(KSSTREAM_POINTER_STATE state)
{
    return distinctTrailing_ ? edge(&trailing_, state) : nullptr;
}

// --- Pointer operations -----------------------------------------------------------

NTSTATUS PinQueue::lock(StreamPointerRecord* p)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    if (p->locked) {
        return STATUS_SUCCESS;
    }
    if (p->frame == nullptr || p->frame->cancelled) {
        return STATUS_DEVICE_NOT_READY;
    }
    setLocked(p, true);
    return STATUS_SUCCESS;
}

void PinQueue::unlock(StreamPointerRecord* p, bool eject)
{
    Hold hold(this);
    {
        std::lock_guard lk(mutex_);
        if (!p->locked) {
            return;  // unlocking an unlocked pointer changes nothing
        }
        Frame* f = p->frame;
        setLocked(p, false);
        if (eject) {
            moveToNext(p);
        }
        afterPointerLeft(f);
        if (!collectLocked()) {
            return;
        }
    }
    afterUnlock();
}

NTSTATUS PinQueue::advance(StreamPointerRecord* p)
{
    Hold hold(this);
    NTSTATUS status = STATUS_SUCCESS;
    {
        std::lock_guard lk(mutex_);
        const bool wasLocked = p->locked;
        Frame* left = moveToNext(p);
        if (wasLocked) {
            // Re-lock on the new frame; none means the pointer was on the
            // last frame (item 52) and now waits, unlocked, at the end.
            if (p->frame != nullptr) {
                setLocked(p, true);
            } else {
                status = STATUS_DEVICE_NOT_READY;
            }
        }
        afterPointerLeft(left);
        if (!collectLocked()) {
            return status;
        }
    }
    afterUnlock();
    return status;
}

NTSTATUS PinQueue::advanceOffsets(StreamPointerRecord* p, ULONG inUsed, ULONG outUsed, bool eject,
                                  bool unlockAfter)
{
    Hold hold(this);
    NTSTATUS status = STATUS_SUCCESS;
    {
        std::lock_guard lk(mutex_);
        if (!p->locked || p->frame == nullptr) {
            return STATUS_DEVICE_NOT_READY;  // item 53
        }
        Frame* f = p->frame;
        KSSTREAM_POINTER_OFFSET& in = p->pub.OffsetIn;
        KSSTREAM_POINTER_OFFSET& out = p->pub.OffsetOut;
        inUsed = std::min(inUsed, in.Remaining);
        outUsed = std::min(outUsed, out.Remaining);
        in.Data += inUsed;
        in.Remaining -= inUsed;
        out.Data += outUsed;
        out.Remaining -= outUsed;
        f->inAdvanced = std::max(f->inAdvanced, in.Count - in.Remaining);
        f->outAdvanced = std::max(f->outAdvanced, out.Count - out.Remaining);
        const ULONG remaining = isIn_ ? in.Remaining : out.Remaining;
        Frame* left = nullptr;
        if (remaining == 0 || eject) {
            // The frame is used up (item 54) or ejected: on to the next one.
            left = moveToNext(p);
            if (!unlockAfter) {
                if (p->frame != nullptr) {
                    setLocked(p, true);
                } else {
                    status = STATUS_DEVICE_NOT_READY;
                }
            }
        } else if (unlockAfter) {
            setLocked(p, false);
            left = f;
        }
        afterPointerLeft(left);
        if (!collectLocked()) {
            return status;
        }
    }
    afterUnlock();
    return status;
}

NTSTATUS PinQueue::clone(StreamPointerRecord* p, PFNKSSTREAMPOINTER cancelCallback, ULONG contextSize,
                         PKSSTREAM_POINTER* out)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    StreamPointerRecord* c = allocCloneLocked(contextSize);
    if (c == nullptr) {
        *out = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    c->cancelCallback = cancelCallback;
    c->prevClone = clonesTail_;
    c->nextClone = nullptr;
    if (clonesTail_ != nullptr) {
        clonesTail_->nextClone = c;
    } else {
        clonesHead_ = c;
    }
    clonesTail_ = c;
    ++clonesAtEnd_;  // attach() below moves it onto the frame
    c->locked = p->locked && p->frame != nullptr;
    attach(c, p->frame);
    // Same position as the original, not the start of the frame.
    c->pub.OffsetIn = p->pub.OffsetIn;
    c->pub.OffsetOut = p->pub.OffsetOut;
    // A clone made on an already cancelled frame is told at once it unlocks.
    c->cancelNotified = p->frame != nullptr && p->frame->cancelled;
    *out = &c->pub;
    return STATUS_SUCCESS;
}

void PinQueue::remove(StreamPointerRecord* p)
{
    if (p->kind != PointerKind::kClone) {
        return;  // edges live as long as the queue
    }
    Hold hold(this);
    cancelTimeout(p);
    {
        std::lock_guard lk(mutex_);
        if (p->magic != kLiveMagic) {
            return;
        }
        Frame* f = p->frame;
        if (f != nullptr) {
            --f->refs;
            if (p->locked) {
                --f->locks;
            }
            p->frame = nullptr;
        } else {
            --clonesAtEnd_;
        }
        p->locked = false;
        if (p->prevClone != nullptr) {
            p->prevClone->nextClone = p->nextClone;
        } else {
            clonesHead_ = p->nextClone;
        }
        if (p->nextClone != nullptr) {
            p->nextClone->prevClone = p->prevClone;
        } else {
            clonesTail_ = p->prevClone;
        }
        p->prevClone = p->nextClone = nullptr;
        if (p->busy != 0) {
            p->deletePending = true;  // the callback delivery frees it
            p->magic = kDeadMagic;
        } else {
            freeCloneLocked(p);
        }
        afterPointerLeft(f);
        if (!collectLocked()) {
            return;
        }
    }
    afterUnlock();
}

NTSTATUS PinQueue::setStatusCode(StreamPointerRecord* p, NTSTATUS status)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    if (p->frame == nullptr) {
        return STATUS_DEVICE_NOT_READY;
    }
    p->frame->request->status = status;  // item 58
    return STATUS_SUCCESS;
}

PIRP PinQueue::irpOf(StreamPointerRecord* p, PBOOLEAN firstFrameInIrp, PBOOLEAN lastFrameInIrp)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    PIRP irp = nullptr;
    BOOLEAN first = FALSE;
    BOOLEAN last = FALSE;
    if (p->locked && p->frame != nullptr) {
        const Frame* f = p->frame;
        irp = f->request->irp;
        first = f->index == 0 ? TRUE : FALSE;
        last = f->index + 1 == f->request->frameCount ? TRUE : FALSE;
    }
    if (firstFrameInIrp != nullptr) {
        *firstFrameInIrp = first;
    }
    if (lastFrameInIrp != nullptr) {
        *lastFrameInIrp = last;
    }
    return irp;
}

PKSSTREAM_POINTER PinQueue::firstClone()
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    return clonesHead_ != nullptr ? &clonesHead_->pub : nullptr;
}

PKSSTREAM_POINTER PinQueue::nextClone(StreamPointerRecord* p)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    if (p->kind != PointerKind::kClone || p->nextClone == nullptr) {
        return nullptr;
    }
    return &p->nextClone->pub;
}

void PinQueue::scheduleTimeout(StreamPointerRecord* p, PFNKSSTREAMPOINTER callback, ULONGLONG interval)
{
    Hold hold(this);
    cancelTimeout(p);  // a new timeout replaces the old one
    p->timeoutCallback = callback;
    addRef();  // the queued timer's reference, dropped when it fired or was cancelled
    Worker::instance().scheduleTimer(&p->timer, interval);
}

void PinQueue::cancelTimeout(StreamPointerRecord* p)
{
    Hold hold(this);
    if (Worker::instance().cancelTimer(&p->timer)) {
        release();
    }
}

NTSTATUS PinQueue::availableBytes(PLONG inputDataBytes, PLONG outputBufferBytes)
{
    Hold hold(this);
    ULONGLONG in = 0;
    ULONGLONG out = 0;
    {
        std::lock_guard lk(mutex_);
        for (Frame* f = leading_.frame; f != nullptr; f = nextLiveFrame(f)) {
            if (f == leading_.frame) {
                in += leading_.pub.OffsetIn.Remaining;
                out += leading_.pub.OffsetOut.Remaining;
            } else if (isIn_) {
                in += f->header->DataUsed;
            } else {
                out += f->header->FrameExtent;
            }
        }
    }
    constexpr ULONGLONG kMax = 0x7fffffff;
    if (inputDataBytes != nullptr) {
        *inputDataBytes = static_cast<LONG>(std::min(in, kMax));
    }
    if (outputBufferBytes != nullptr) {
        *outputBufferBytes = static_cast<LONG>(std::min(out, kMax));
    }
    return STATUS_SUCCESS;
}

}  // namespace openks::avstream

// --- The DDI (C linkage, declared in <openks/driver.h>) -----------------------------

using openks::avstream::PinQueue;
using openks::avstream::streamPointerRecord;
using openks::avstream::StreamPointerRecord;

PKSSTREAM_POINTER KsPinGetLeadingEdgeStreamPointer(PKSPIN Pin, KSSTREAM_POINTER_STATE State)
{
    PinQueue* queue = PinQueue::of(Pin);
    return queue != nullptr ? queue->leadingEdge(State) : nullptr;
}

PKSSTREAM_POINTER KsPinGetTrailingEdgeStreamPointer(PKSPIN Pin, KSSTREAM_POINTER_STATE State)
{
    PinQueue* queue = PinQueue::of(Pin);
    return queue != nullptr ? queue->trailingEdge(State) : nullptr;
}

NTSTATUS KsStreamPointerSetStatusCode(PKSSTREAM_POINTER StreamPointer, NTSTATUS Status)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    return p != nullptr ? p->queue->setStatusCode(p, Status) : STATUS_INVALID_PARAMETER;
}

NTSTATUS KsStreamPointerLock(PKSSTREAM_POINTER StreamPointer)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    return p != nullptr ? p->queue->lock(p) : STATUS_INVALID_PARAMETER;
}

void KsStreamPointerUnlock(PKSSTREAM_POINTER StreamPointer, BOOLEAN Eject)
{
    if (StreamPointerRecord* p = streamPointerRecord(StreamPointer)) {
        p->queue->unlock(p, Eject != FALSE);
    }
}

void KsStreamPointerAdvanceOffsetsAndUnlock(PKSSTREAM_POINTER StreamPointer, ULONG InUsed, ULONG OutUsed,
                                            BOOLEAN Eject)
{
    if (StreamPointerRecord* p = streamPointerRecord(StreamPointer)) {
        (void)p->queue->advanceOffsets(p, InUsed, OutUsed, Eject != FALSE, true);
    }
}

void KsStreamPointerDelete(PKSSTREAM_POINTER StreamPointer)
{
    if (StreamPointerRecord* p = streamPointerRecord(StreamPointer)) {
        p->queue->remove(p);
    }
}

NTSTATUS KsStreamPointerClone(PKSSTREAM_POINTER StreamPointer, PFNKSSTREAMPOINTER CancelCallback, ULONG ContextSize,
                              PKSSTREAM_POINTER* CloneStreamPointer)
{
    if (CloneStreamPointer == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    if (p == nullptr) {
        *CloneStreamPointer = nullptr;
        return STATUS_INVALID_PARAMETER;
    }
    return p->queue->clone(p, CancelCallback, ContextSize, CloneStreamPointer);
}

NTSTATUS KsStreamPointerAdvanceOffsets(PKSSTREAM_POINTER StreamPointer, ULONG InUsed, ULONG OutUsed, BOOLEAN Eject)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    return p != nullptr ? p->queue->advanceOffsets(p, InUsed, OutUsed, Eject != FALSE, false)
                        : STATUS_INVALID_PARAMETER;
}

NTSTATUS KsStreamPointerAdvance(PKSSTREAM_POINTER StreamPointer)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    return p != nullptr ? p->queue->advance(p) : STATUS_INVALID_PARAMETER;
}

PMDL KsStreamPointerGetMdl(PKSSTREAM_POINTER StreamPointer)
{
    // openks builds no MDLs: data buffers are plain user-space memory that
    // StreamHeader->Data (and the offsets) address directly.
    (void)StreamPointer;
    return nullptr;
}

PIRP KsStreamPointerGetIrp(PKSSTREAM_POINTER StreamPointer, PBOOLEAN FirstFrameInIrp, PBOOLEAN LastFrameInIrp)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    if (p == nullptr) {
        if (FirstFrameInIrp != nullptr) {
            *FirstFrameInIrp = FALSE;
        }
        if (LastFrameInIrp != nullptr) {
            *LastFrameInIrp = FALSE;
        }
        return nullptr;
    }
    return p->queue->irpOf(p, FirstFrameInIrp, LastFrameInIrp);
}

void KsStreamPointerScheduleTimeout(PKSSTREAM_POINTER StreamPointer, PFNKSSTREAMPOINTER Callback, ULONGLONG Interval)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    if (p == nullptr || Callback == nullptr) {
        return;
    }
    p->queue->scheduleTimeout(p, Callback, Interval);
}

void KsStreamPointerCancelTimeout(PKSSTREAM_POINTER StreamPointer)
{
    if (StreamPointerRecord* p = streamPointerRecord(StreamPointer)) {
        p->queue->cancelTimeout(p);
    }
}

PKSSTREAM_POINTER KsPinGetFirstCloneStreamPointer(PKSPIN Pin)
{
    PinQueue* queue = PinQueue::of(Pin);
    return queue != nullptr ? queue->firstClone() : nullptr;
}

PKSSTREAM_POINTER KsStreamPointerGetNextClone(PKSSTREAM_POINTER StreamPointer)
{
    StreamPointerRecord* p = streamPointerRecord(StreamPointer);
    return p != nullptr ? p->queue->nextClone(p) : nullptr;
}

NTSTATUS KsPinGetAvailableByteCount(PKSPIN Pin, PLONG InputDataBytes, PLONG OutputBufferBytes)
{
    PinQueue* queue = PinQueue::of(Pin);
    if (queue == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;  // the pin has no queue
    }
    return queue->availableBytes(InputDataBytes, OutputBufferBytes);
}
