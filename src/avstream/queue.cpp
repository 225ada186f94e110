// SPDX-License-Identifier: MIT
// The pin queue core: frame list, frame release, FIFO completion, cancellation, flush, state changes and reset.

#include "avstream/queue.h"

#include "avstream/log.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace openks::avstream {

// --- QueueLock (queue_lock.h) ---------------------------------------------------

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "the futex word is the atomic itself");

void QueueLock::lockContended()
{
    // Critical sections are a few hundred instructions: spin a little
    // before sleeping (cheap on an idle core, short on a busy one).
    for (int spin = 0; spin < 32; ++spin) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
        std::uint32_t expected = 0;
        if (state_.load(std::memory_order_relaxed) == 0 &&
            state_.compare_exchange_strong(expected, 1, std::memory_order_acquire, std::memory_order_relaxed)) {
            return;
        }
    }
    // Mark the lock contended (2) so the holder's unlock wakes a sleeper;
    // whoever takes it this way keeps the mark (a sleeper may remain).
    while (state_.exchange(2, std::memory_order_acquire) != 0) {
        syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&state_), FUTEX_WAIT_PRIVATE, 2, nullptr, nullptr, 0);
    }
}

void QueueLock::wakeOne()
{
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

std::unique_ptr<Queue> Queue::create(PKSPIN pin, const KSPIN_DESCRIPTOR_EX* descriptor)
{
    if (pin == nullptr) {
        return nullptr;
    }
    if (descriptor == nullptr) {
        descriptor = pin->Descriptor;
    }
    return std::make_unique<QueueHandle>(new PinQueue(pin, descriptor));
}

PinQueue* PinQueue::fromQueue(Queue* queue)
{
    // Every Queue is a QueueHandle: Queue::create is the only factory.
    return queue != nullptr ? static_cast<QueueHandle*>(queue)->queue() : nullptr;
}

PinQueue* PinQueue::of(PKSPIN pin)
{
    return pin != nullptr ? fromQueue(pinQueue(pin)) : nullptr;
}

void PinQueue::release()
{
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete this;
    }
}

PinQueue::PinQueue(PKSPIN pin, const KSPIN_DESCRIPTOR_EX* descriptor)
    : pin_(pin),
      descriptor_(descriptor),
      flags_(descriptor != nullptr ? descriptor->Flags : 0),
      isIn_(pin->DataFlow != 0 ? pin->DataFlow == KSPIN_DATAFLOW_IN
                               : (descriptor != nullptr && descriptor->PinDescriptor.DataFlow == KSPIN_DATAFLOW_IN)),
      distinctTrailing_((flags_ & KSPIN_FLAG_DISTINCT_TRAILING_EDGE) != 0),
      process_(descriptor != nullptr && descriptor->Dispatch != nullptr ? descriptor->Dispatch->Process : nullptr),
      reset_(descriptor != nullptr && descriptor->Dispatch != nullptr ? descriptor->Dispatch->Reset : nullptr)
{
    initEdge(&leading_, PointerKind::kLeadingEdge);
    initEdge(&trailing_, PointerKind::kTrailingEdge);
    KsGateInitializeAnd(&gate_, nullptr);
    work_.run = &PinQueue::workThunk;
    work_.context = this;
}

// The last reference is gone: nobody is inside the queue.  shutdown() ran
// before (the object model's handle), so no Process runs and none will.
PinQueue::~PinQueue()
{
    Worker& worker = Worker::instance();
    worker.cancel(&work_);
    worker.cancelTimer(&leading_.timer);
    worker.cancelTimer(&trailing_.timer);
    for (StreamPointerRecord* c = clonesHead_; c != nullptr; c = c->nextClone) {
        worker.cancelTimer(&c->timer);
    }
    freeAllClones();
    if (filterProcessor_ != nullptr) {
        filterProcessor_->release();
    }
    leading_.magic = 0;
    trailing_.magic = 0;
    delete spare_.load(std::memory_order_acquire);
    while (freeRequests_ != nullptr) {
        Request* r = freeRequests_;
        freeRequests_ = r->link;
        delete r;
    }
}

bool PinQueue::idle() const
{
    std::lock_guard lk(mutex_);  // (const: no Hold; the caller owns the handle)
    return outstandingRequests_ == 0;
}

// --- Requests and frames -----------------------------------------------------

Request* PinQueue::takeRequest()
{
    Request* r = spare_.exchange(nullptr, std::memory_order_acquire);
    if (r == nullptr) {
        std::lock_guard lk(mutex_);
        r = freeRequests_;
        if (r != nullptr) {
            freeRequests_ = r->link;
        }
    }
    if (r == nullptr) {
        r = new Request;  // grows the pool; steady state reuses
    }
    r->irp = nullptr;
    r->queue = this;
    r->prev = r->next = r->link = nullptr;
    r->frames = nullptr;
    r->frameCount = r->outstanding = 0;
    r->headerBytes = 0;
    r->status = STATUS_SUCCESS;
    r->bytesConsumed = 0;
    r->isRead = r->cancelled = r->inDispatch = r->cancelArmed = r->cancelRoutineRan = false;
    return r;
}

void PinQueue::recycleRequestLocked(Request* r)
{
    r->bigFrames.reset();
    r->bigCapture.reset();
    r->irp = nullptr;
    // Only recyclers (under mutex_) fill the spare slot, so a null slot stays
    // null until the store; takers only empty it.
    if (spare_.load(std::memory_order_relaxed) == nullptr) {
        r->link = nullptr;
        spare_.store(r, std::memory_order_release);
        return;
    }
    r->link = freeRequests_;
    freeRequests_ = r;
}

void PinQueue::appendLocked(Request* r)
{
    for (ULONG i = 0; i < r->frameCount; ++i) {
        Frame* f = &r->frames[i];
        f->prev = tail_;
        f->next = nullptr;
        if (tail_ != nullptr) {
            tail_->next = f;
        } else {
            head_ = f;
        }
        tail_ = f;
        f->linked = true;
    }
    r->outstanding = r->frameCount;
    Frame* first = &r->frames[0];
    // Pointers at the end of the queue now sit on the first new frame.
    if (leading_.frame == nullptr) {
        attach(&leading_, first);
    }
    if (distinctTrailing_ && trailing_.frame == nullptr) {
        attach(&trailing_, first);
    }
    if (clonesAtEnd_ != 0) {
        for (StreamPointerRecord* c = clonesHead_; c != nullptr; c = c->nextClone) {
            if (c->frame == nullptr) {
                attach(c, first);
            }
        }
    }
    r->prev = fifoTail_;
    r->next = nullptr;
    if (fifoTail_ != nullptr) {
        fifoTail_->next = r;
    } else {
        fifoHead_ = r;
    }
    fifoTail_ = r;
    ++outstandingRequests_;
}

Frame* PinQueue::nextLiveFrame(Frame* frame) const
{
    Frame* f = frame != nullptr ? frame->next : nullptr;
    while (f != nullptr && f->cancelled) {
        f = f->next;
    }
    return f;
}

bool PinQueue::retired(const Frame* f) const
{
    return f->cancelled || (f->passedLeading && (!distinctTrailing_ || f->passedTrailing));
}

void PinQueue::loadOffsets(StreamPointerRecord* p)
{
    KSSTREAM_POINTER& pub = p->pub;
    Frame* f = p->frame;
    if (f == nullptr) {
        pub.StreamHeader = nullptr;
        pub.OffsetIn = KSSTREAM_POINTER_OFFSET{};
        pub.OffsetOut = KSSTREAM_POINTER_OFFSET{};
        return;
    }
    KSSTREAM_HEADER* h = f->header;
    pub.StreamHeader = h;
    // The side data does not flow through stays empty: an IN pin's frame is
    // data to consume (Count = DataUsed), an OUT pin's frame is a buffer to
    // fill (Count = FrameExtent).
    if (isIn_) {
        pub.OffsetIn.Data = static_cast<PUCHAR>(h->Data);
        pub.OffsetIn.Count = h->DataUsed;
        pub.OffsetIn.Remaining = h->DataUsed;
        pub.OffsetOut = KSSTREAM_POINTER_OFFSET{};
    } else {
        pub.OffsetOut.Data = static_cast<PUCHAR>(h->Data);
        pub.OffsetOut.Count = h->FrameExtent;
        pub.OffsetOut.Remaining = h->FrameExtent;
        pub.OffsetIn = KSSTREAM_POINTER_OFFSET{};
    }
}

void PinQueue::attach(StreamPointerRecord* p, Frame* frame)
{
    p->frame = frame;
    p->cancelNotified = false;
    if (frame != nullptr) {
        ++frame->refs;
        if (p->locked) {
            ++frame->locks;
        }
        if (p->kind == PointerKind::kClone) {
            --clonesAtEnd_;
        }
    }
    loadOffsets(p);
}

void PinQueue::detach(StreamPointerRecord* p)
{
    Frame* f = p->frame;
    if (f == nullptr) {
        return;
    }
    --f->refs;
    if (p->locked) {
        --f->locks;
        p->locked = false;
    }
    if (p->kind == PointerKind::kLeadingEdge) {
        f->passedLeading = true;
    } else if (p->kind == PointerKind::kTrailingEdge) {
        f->passedTrailing = true;
    } else {
        ++clonesAtEnd_;
    }
    p->frame = nullptr;
    loadOffsets(p);
}

Frame* PinQueue::moveToNext(StreamPointerRecord* p)
{
    Frame* old = p->frame;
    if (old == nullptr) {
        return nullptr;  // at the end already: stays there until a frame arrives
    }
    Frame* next = nextLiveFrame(old);
    if (next == nullptr) {
        detach(p);  // to the end of the queue
        return old;
    }
    // detach() then attach() without loading the empty offsets in between.
    --old->refs;
    if (p->locked) {
        --old->locks;
        p->locked = false;
    }
    if (p->kind == PointerKind::kLeadingEdge) {
        old->passedLeading = true;
    } else if (p->kind == PointerKind::kTrailingEdge) {
        old->passedTrailing = true;
    } else {
        ++clonesAtEnd_;  // attach() takes it back
    }
    attach(p, next);
    return old;
}

void PinQueue::setLocked(StreamPointerRecord* p, bool locked)
{
    if (p->locked == locked || p->frame == nullptr) {
        return;
    }
    p->locked = locked;
    if (locked) {
        ++p->frame->locks;
    } else {
        --p->frame->locks;
    }
}

// A pointer left `frame` (moved, unlocked or was deleted): a cancelled frame
// whose last lock is gone gets its cancellation settled; any frame may now be
// free to release.
void PinQueue::afterPointerLeft(Frame* frame)
{
    if (frame == nullptr || !frame->linked) {
        return;
    }
    if (frame->cancelled && frame->locks == 0) {
        settleCancelledFrame(frame);
    } else {
        maybeRelease(frame);
    }
}

void PinQueue::maybeRelease(Frame* f)
{
    if (!f->linked || f->refs != 0 || !retired(f)) {
        return;
    }
    // Unlink.
    if (f->prev != nullptr) {
        f->prev->next = f->next;
    } else {
        head_ = f->next;
    }
    if (f->next != nullptr) {
        f->next->prev = f->prev;
    } else {
        tail_ = f->prev;
    }
    f->prev = f->next = nullptr;
    f->linked = false;

    Request* r = f->request;
    if (!f->cancelled) {
        KSSTREAM_HEADER* h = f->header;
        if (r->isRead) {
            // The minidriver moved OffsetOut but did not report the bytes:
            // report what it produced (documented in stream_io.h).
            if (h->DataUsed == 0 && f->outAdvanced != 0) {
                h->DataUsed = std::min(f->outAdvanced, h->FrameExtent);
            }
        } else {
            r->bytesConsumed += h->DataUsed;
        }
    }
    --r->outstanding;
}

// --- Cancellation --------------------------------------------------------------

void PinQueue::cancelRequestLocked(Request* r)
{
    if (r->cancelled || r->outstanding == 0) {
        return;  // a fully released request keeps its status (it only waits for FIFO order)
    }
    r->cancelled = true;
    for (ULONG i = 0; i < r->frameCount; ++i) {
        Frame* f = &r->frames[i];
        if (!f->linked || f->cancelled) {
            continue;
        }
        f->cancelled = true;
        if (f->locks == 0) {
            settleCancelledFrame(f);
        }
        // else: a locked pointer holds it; settled when the last lock goes.
    }
}

// Settles a cancelled frame that no locked pointer holds: unlocked edges on
// it move on (checklist item 59), unlocked clones with a CancelCallback are
// owed that callback, and the frame is released once nothing is on it.
void PinQueue::settleCancelledFrame(Frame* f)
{
    if (leading_.frame == f && !leading_.locked) {
        moveToNext(&leading_);
    }
    if (distinctTrailing_ && trailing_.frame == f && !trailing_.locked) {
        moveToNext(&trailing_);
    }
    for (StreamPointerRecord* c = clonesHead_; c != nullptr; c = c->nextClone) {
        if (c->frame == f && !c->locked && !c->cancelNotified && c->cancelCallback != nullptr) {
            c->cancelNotified = true;
            ++c->busy;
            c->link = nullptr;
            if (notifyTail_ != nullptr) {
                notifyTail_->link = c;
            } else {
                notifyHead_ = c;
            }
            notifyTail_ = c;
        }
    }
    maybeRelease(f);
}

void PinQueue::flushLocked()
{
    for (Request* r = fifoHead_; r != nullptr; r = r->next) {
        cancelRequestLocked(r);
    }
}

void PinQueue::cancelRoutine(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    IoReleaseCancelSpinLock(irp->CancelIrql);
    auto* r = static_cast<Request*>(irp->Tail.Overlay.DriverContext[0]);
    r->queue->onIrpCancelled(r);
}

void PinQueue::onIrpCancelled(Request* r)
{
    Hold hold(this);
    {
        std::lock_guard lk(mutex_);
        r->cancelRoutineRan = true;
        cancelRequestLocked(r);
        collectLocked();
    }
    afterUnlock();
}

void PinQueue::cancelAll()
{
    Hold hold(this);
    {
        std::lock_guard lk(mutex_);
        flushLocked();
        collectLocked();
    }
    afterUnlock();
}

// --- Completion ----------------------------------------------------------------

// Takes our cancel routine back before completing.  False when IoCancelIrp
// has taken it and our routine has not run yet: the routine still uses the
// record, so completion waits for it (the routine collects again).
bool PinQueue::tryDisarmLocked(Request* r)
{
    if (!r->cancelArmed) {
        return true;
    }
    if (IoSetCancelRoutine(r->irp, nullptr) == nullptr && !r->cancelRoutineRan) {
        return false;
    }
    r->cancelArmed = false;
    return true;
}

// Moves every request at the FIFO head that has no frame left into the
// completion list.  Returns whether there is anything for afterUnlock().
bool PinQueue::collectLocked()
{
    while (fifoHead_ != nullptr) {
        Request* r = fifoHead_;
        if (r->outstanding != 0 || r->inDispatch || !tryDisarmLocked(r)) {
            break;
        }
        fifoHead_ = r->next;
        if (fifoHead_ != nullptr) {
            fifoHead_->prev = nullptr;
        } else {
            fifoTail_ = nullptr;
        }
        r->next = r->prev = nullptr;
        r->link = nullptr;
        if (completionTail_ != nullptr) {
            completionTail_->link = r;
        } else {
            completionHead_ = r;
        }
        completionTail_ = r;
    }
    return notifyHead_ != nullptr || (completionHead_ != nullptr && !completing_);
}

void PinQueue::afterUnlock()
{
    deliverCancelCallbacks();
    runCompletions();
}

void PinQueue::deliverCancelCallbacks()
{
    for (;;) {
        StreamPointerRecord* c;
        {
            std::lock_guard lk(mutex_);
            c = notifyHead_;
            if (c == nullptr) {
                return;
            }
            notifyHead_ = c->link;
            if (notifyHead_ == nullptr) {
                notifyTail_ = nullptr;
            }
            c->link = nullptr;
            if (c->deletePending) {
                // Deleted before its turn: nothing to tell the driver.
                if (--c->busy == 0) {
                    freeCloneLocked(c);
                }
                continue;
            }
        }
        {
            CallbackScope scope;
            c->cancelCallback(&c->pub);
        }
        bool more;
        {
            std::lock_guard lk(mutex_);
            if (--c->busy == 0 && c->deletePending) {
                freeCloneLocked(c);
            }
            more = collectLocked();
        }
        (void)more;
    }
}

// KSPIN_FLAG_GENERATE_EOS_EVENTS: once a write whose frames include one
// flagged KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM has been consumed, AVStream
// signals KSEVENT_CONNECTION_ENDOFSTREAM on the pin, right before the write
// completes.
void PinQueue::signalEndOfStream(const Request* r)
{
    for (ULONG i = 0; i < r->frameCount; ++i) {
        const KSSTREAM_HEADER* h = r->frames[i].header;
        if (h != nullptr && (h->OptionsFlags & KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0) {
            KsPinGenerateEvents(pin_, &KSEVENTSETID_Connection, KSEVENT_CONNECTION_ENDOFSTREAM, 0, nullptr, nullptr,
                                nullptr);
            return;
        }
    }
}

NTSTATUS PinQueue::completeRequest(Request* r)
{
    PIRP irp = r->irp;
    const NTSTATUS status = r->cancelled ? STATUS_CANCELLED : r->status;
    irp->IoStatus.Status = status;
    // Reads: the header bytes, which makes the I/O manager copy the updated
    // (captured) headers back before it signals (ks-spec §2.4, item 19).
    // Writes: the bytes the pin consumed (item 20).
    irp->IoStatus.Information = r->isRead ? r->headerBytes : static_cast<ULONG_PTR>(r->bytesConsumed);
    if ((flags_ & KSPIN_FLAG_GENERATE_EOS_EVENTS) != 0 && !r->isRead && NT_SUCCESS(status)) {
        signalEndOfStream(r);
    }
    CallbackScope scope;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

void PinQueue::flushCompletions()
{
    Hold hold(this);
    afterUnlock();
}

// Completes the completion list in order.  One thread at a time holds the
// completion token; others leave their requests to it.
void PinQueue::runCompletions()
{
    Request* done = nullptr;
    for (;;) {
        Request* r;
        {
            std::lock_guard lk(mutex_);
            if (done != nullptr) {
                recycleRequestLocked(done);
                --outstandingRequests_;
                done = nullptr;
            } else if (completing_) {
                return;
            } else {
                const void* owner = processingOwnerOnThisThread();
                if (owner != nullptr && (owner == this || owner == filterProcessor_)) {
                    // Inside this pin's (or its filter's) Process: completing
                    // now could close the pin under the running Process (the
                    // I/O manager closes a file on the thread that drops its
                    // last reference).  The processing loop completes them
                    // as soon as Process returns.
                    return;
                }
                completing_ = true;
            }
            r = completionHead_;
            if (r == nullptr) {
                completing_ = false;
                return;
            }
            completionHead_ = r->link;
            if (completionHead_ == nullptr) {
                completionTail_ = nullptr;
            }
        }
        completeRequest(r);
        done = r;
    }
}

// --- State and reset -------------------------------------------------------------

void PinQueue::callReset()
{
    {
        std::lock_guard lk(mutex_);
        if (shutdown_) {
            return;
        }
    }
    if (reset_ != nullptr) {
        acquireProcessingMutex();
        {
            CallbackScope scope;
            reset_(pin_);
        }
        releaseProcessingMutex();
    }
    if (process_ == nullptr) {
        if (FilterProcessorImpl* processor = takeFilterProcessor()) {
            processor->reset();
            processor->release();
        }
    }
}

void PinQueue::onStateChanged(KSSTATE from, KSSTATE to)
{
    Hold hold(this);
    const KSSTATE minimum = minimumProcessingState();
    ProcessAction action = ProcessAction::kNone;
    const bool stop = to == KSSTATE_STOP;
    {
        std::lock_guard lk(mutex_);
        state_ = to;
        if (stop) {
            flushLocked();
            collectLocked();
        } else if (from < minimum && to >= minimum) {
            // Entering the minimum processing state with frames queued
            // triggers processing (ks-spec §10 (a), item 61); a
            // filter-centric filter re-evaluates on any such change.
            if (process_ == nullptr || leading_.frame != nullptr) {
                action = claimProcessingLocked(false);
            }
        }
    }
    if (stop) {
        deliverCancelCallbacks();
        callReset();  // a flush calls the Reset dispatch (item 26)
        runCompletions();
        return;
    }
    runProcessing(action);
}

}  // namespace openks::avstream
