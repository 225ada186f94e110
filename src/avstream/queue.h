// SPDX-License-Identifier: MIT
// The pin queue: frames of queued stream requests, stream pointers, FIFO completion, cancellation, flush, reset and
// pin-centric processing.
#pragma once

/*
 * One PinQueue per standard-transport pin (the object model creates it
 * through Queue::create and routes the pin's stream IOCTLs to dispatch()).
 *
 * Model (ks-spec §10 "Queue and stream pointers", "Frame lifetime"):
 *
 *   requests (FIFO)   R1            R2                 R3
 *   frames            F1.0 F1.1     F2.0               F3.0 F3.1 F3.2
 *                          ^ trailing edge   ^ leading edge
 *
 *  - Each KSSTREAM_HEADER of a queued IRP is a Frame, linked in arrival
 *    order.  Stream pointers (leading edge, optional trailing edge, clones)
 *    sit on a frame or at the end of the queue ("no frame"); a pointer at
 *    the end moves onto the next frame that arrives.
 *  - A frame is released when no pointer is on it and it is retired: the
 *    leading edge (and the trailing edge, if the pin has one) has passed it,
 *    or it was cancelled.  An IRP completes when all its frames are released
 *    and every earlier IRP of the pin has completed (FIFO, always).
 *  - A frame under a locked pointer is never cancelled; its cancellation
 *    is settled when the last lock on it is dropped.
 *
 * Threads and locks: every member may be called from any thread.  One
 * mutex per queue guards all of the above; it is never held while calling
 * the minidriver (Process, Reset, cancel and timeout callbacks) or the I/O
 * manager (IoCompleteRequest).  Completions run in FIFO order on whichever
 * thread finds them ready, one thread at a time per queue (a completion
 * token), so a completion callback that submits again never recurses into
 * a completion of the same queue.  Completions a pin's own Process makes
 * (advancing past a frame) wait until Process returns: the I/O manager
 * closes a file on the thread that drops its last reference, and that must
 * not free the pin under its running Process.
 *
 * Lock order (outer first): the object model's locks (none held when it
 * calls in) -> a filter processor's mutex -> a queue's mutex -> the
 * Worker's mutex.  The cancel spin lock is released before a queue lock is
 * taken.  Waiting: the processing mutex (KsPinAcquireProcessingMutex, the
 * Reset dispatch) waits for a running Process; shutdown waits for a Process
 * on another thread; neither waits with a lock held.
 *
 * Allocation: request records, frames, header capture buffers (up to
 * kPooledCaptureBytes) and clone records (by context-size bucket) are
 * pooled per queue and reused, so a steady stream of requests allocates
 * nothing.  Larger header arrays and clone contexts allocate per use.
 */

#include "avstream/process.h"
#include "avstream/queue_lock.h"
#include "avstream/streaming.h"

#include <openks/driver.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace openks::avstream {

class PinQueue;
struct Request;

// One frame: one header of one queued request.
struct Frame {
    Request* request = nullptr;
    KSSTREAM_HEADER* header = nullptr;  // the captured (or kernel-mode in-place) header
    Frame* prev = nullptr;              // queue order, while linked
    Frame* next = nullptr;
    ULONG index = 0;        // position in its request
    ULONG refs = 0;         // stream pointers on this frame
    ULONG locks = 0;        // locked stream pointers on this frame
    ULONG inAdvanced = 0;   // furthest OffsetIn progress any pointer made (Count - Remaining)
    ULONG outAdvanced = 0;  // furthest OffsetOut progress
    bool linked = false;    // in the queue (not yet released)
    bool passedLeading = false;
    bool passedTrailing = false;
    bool cancelled = false;
};

// One queued READ_STREAM / WRITE_STREAM IRP.
struct Request {
    PIRP irp = nullptr;
    PinQueue* queue = nullptr;
    Request* prev = nullptr;  // FIFO, while queued
    Request* next = nullptr;
    Request* link = nullptr;  // completion list or free list

    Frame* frames = nullptr;  // frameCount frames (frameStorage or bigFrames)
    ULONG frameCount = 0;
    ULONG outstanding = 0;                  // frames not yet released
    std::unique_ptr<Frame[]> frameStorage;  // retained across reuse (<= kPooledFrames)
    ULONG frameCapacity = 0;
    std::unique_ptr<Frame[]> bigFrames;  // this request only (> kPooledFrames)

    std::unique_ptr<std::uint64_t[]> captureStorage;  // retained (kPooledCaptureBytes)
    std::unique_ptr<std::uint64_t[]> bigCapture;      // this request only
    ULONG headerBytes = 0;

    NTSTATUS status = STATUS_SUCCESS;  // KsStreamPointerSetStatusCode
    ULONGLONG bytesConsumed = 0;       // writes: DataUsed of frames released unCancelled
    bool isRead = false;
    bool cancelled = false;
    bool inDispatch = false;        // dispatch() has not returned: it decides pending vs. synchronous
    bool cancelArmed = false;       // our cancel routine is set on the IRP
    bool cancelRoutineRan = false;  // IoCancelIrp called our routine (it has finished with this record)
};

enum class PointerKind : std::uint8_t { kLeadingEdge, kTrailingEdge, kClone };

// A stream pointer: the public KSSTREAM_POINTER first, so that a
// PKSSTREAM_POINTER handed to a minidriver converts back to its record.
struct StreamPointerRecord {
    KSSTREAM_POINTER pub;
    std::uint32_t magic;
    PointerKind kind;
    bool locked;
    bool cancelNotified;   // the CancelCallback for the current frame is delivered or queued
    bool deletePending;    // deleted while a callback delivery was using it
    std::uint32_t busy;    // callback deliveries in flight
    std::uint32_t bucket;  // clone pool bucket (kUnpooledBucket: freed on delete)
    PinQueue* queue;
    Frame* frame;  // nullptr: at the end of the queue
    StreamPointerRecord* prevClone;
    StreamPointerRecord* nextClone;
    StreamPointerRecord* link;  // notification list or free list
    PFNKSSTREAMPOINTER cancelCallback;
    PFNKSSTREAMPOINTER timeoutCallback;  // guarded by the Worker's mutex
    TimerEntry timer;
};

// The queue itself.  Reference counted: the object model owns a QueueHandle
// (below) holding one reference, and every entry point holds another for
// the duration of its call.  The I/O manager may send IRP_MJ_CLOSE, and so
// destroy the pin and its QueueHandle, from inside a completion this queue
// makes (the thread completing a pin's last IRP after its handle closed);
// the entry point on the stack keeps the queue alive until it returns.
class PinQueue final {
public:
    static constexpr ULONG kPooledFrames = 64;
    static constexpr ULONG kPooledCaptureBytes = 64 * 128;
    // The largest header array a user-mode request may carry when the pin
    // does not fix a header size (the probe's 4096-header cap times 1 KiB).
    static constexpr ULONG kMaxCaptureBytes = 4u << 20;

    // A queue with one reference (the caller's).
    PinQueue(PKSPIN pin, const KSPIN_DESCRIPTOR_EX* descriptor);
    PinQueue(const PinQueue&) = delete;
    PinQueue& operator=(const PinQueue&) = delete;

    void addRef() { refs_.fetch_add(1, std::memory_order_relaxed); }
    void release();  // the last release frees the queue

    // The pin is going away: no further call into its minidriver.  Waits for
    // a Process running on another thread; detaches from the filter's
    // processor.  Called once, by the QueueHandle's destructor.
    void shutdown();

    // The queue of a pin (via the object model's pinQueue), or nullptr.
    static PinQueue* of(PKSPIN pin);
    // The queue behind a Queue made by Queue::create.
    static PinQueue* fromQueue(Queue* queue);

    // --- Queue (streaming.h) --------------------------------------------
    NTSTATUS dispatch(PIRP irp);
    void onStateChanged(KSSTATE from, KSSTATE to);
    void cancelAll();
    bool idle() const;

    // --- Stream pointers (stream_pointer.cpp) -----------------------------
    PKSSTREAM_POINTER leadingEdge(KSSTREAM_POINTER_STATE state);
    PKSSTREAM_POINTER trailingEdge(KSSTREAM_POINTER_STATE state);
    NTSTATUS lock(StreamPointerRecord* p);
    void unlock(StreamPointerRecord* p, bool eject);
    NTSTATUS advance(StreamPointerRecord* p);
    NTSTATUS advanceOffsets(StreamPointerRecord* p, ULONG inUsed, ULONG outUsed, bool eject, bool unlockAfter);
    NTSTATUS clone(StreamPointerRecord* p, PFNKSSTREAMPOINTER cancelCallback, ULONG contextSize,
                   PKSSTREAM_POINTER* out);
    void remove(StreamPointerRecord* p);
    NTSTATUS setStatusCode(StreamPointerRecord* p, NTSTATUS status);
    PIRP irpOf(StreamPointerRecord* p, PBOOLEAN firstFrameInIrp, PBOOLEAN lastFrameInIrp);
    PKSSTREAM_POINTER firstClone();
    PKSSTREAM_POINTER nextClone(StreamPointerRecord* p);
    NTSTATUS availableBytes(PLONG inputDataBytes, PLONG outputBufferBytes);
    // KsStreamPointerScheduleTimeout / CancelTimeout: a queued timeout holds
    // a reference on the queue until it fired or was cancelled.
    void scheduleTimeout(StreamPointerRecord* p, PFNKSSTREAMPOINTER callback, ULONGLONG interval);
    void cancelTimeout(StreamPointerRecord* p);

    // --- Processing (process.cpp) -----------------------------------------
    void attemptProcessing(bool asynchronous);
    void acquireProcessingMutex();
    void releaseProcessingMutex();
    PKSGATE andGate() { return &gate_; }
    void attachGate(PKSGATE gate, bool orGate);
    PKSGATE attachedGate(bool* orGate) const;

    // Filter-centric helpers (FilterProcessorImpl).
    bool participates() const;  // at or above the minimum processing state
    bool hasData() const;       // a frame at the leading edge
    ULONG flags() const { return flags_; }
    void beginProcessPin(PKSPROCESSPIN processPin);
    void endProcessPin(PKSPROCESSPIN processPin);
    // Completes what is ready (after a filter Process returned).
    void flushCompletions();

    PKSPIN pin() const { return pin_; }
    // The filter-centric processor this pin feeds (it holds a reference on
    // it), or nullptr.  Called by the processor's pinAdded / pinRemoved.
    void setFilterProcessor(FilterProcessorImpl* processor);

private:
    // Keeps the queue alive for the scope of an entry point.  Inside the
    // pin's own Process (a DDI call on this thread) the processing loop's
    // caller already holds a reference for the whole loop, so no count is
    // taken: stream-pointer calls from Process are the hot path.
    class Hold {
    public:
        explicit Hold(PinQueue* queue) : queue_(processingOwnerOnThisThread() == queue ? nullptr : queue)
        {
            if (queue_ != nullptr) {
                queue_->addRef();
            }
        }
        ~Hold()
        {
            if (queue_ != nullptr) {
                queue_->release();
            }
        }
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        PinQueue* queue_;
    };

    ~PinQueue();

    // stream_io.cpp
    NTSTATUS dispatchReset(PIRP irp);
    NTSTATUS dispatchStream(PIRP irp, bool isRead);
    NTSTATUS gateStatusLocked(bool isRead) const;
    NTSTATUS captureHeaders(Request* r, PIRP irp, bool isRead);
    NTSTATUS finishDispatch(Request* r);
    NTSTATUS finishDispatchLocked(std::unique_lock<QueueLock>& lk, Request* r);
    static NTSTATUS completeNow(PIRP irp, NTSTATUS status);

    // queue.cpp: frames, requests, completion
    Request* takeRequest();
    void recycleRequestLocked(Request* r);
    void appendLocked(Request* r);
    Frame* nextLiveFrame(Frame* frame) const;
    void attach(StreamPointerRecord* p, Frame* frame);
    void detach(StreamPointerRecord* p);
    Frame* moveToNext(StreamPointerRecord* p);  // returns the frame it left
    void setLocked(StreamPointerRecord* p, bool locked);
    void afterPointerLeft(Frame* frame);
    void maybeRelease(Frame* frame);
    bool retired(const Frame* frame) const;
    void cancelRequestLocked(Request* r);
    void settleCancelledFrame(Frame* frame);
    void flushLocked();
    bool collectLocked();
    bool tryDisarmLocked(Request* r);
    void afterUnlock();
    void runCompletions();
    void deliverCancelCallbacks();
    void signalEndOfStream(const Request* r);
    NTSTATUS completeRequest(Request* r);
    void callReset();
    static void cancelRoutine(PDEVICE_OBJECT device, PIRP irp);
    void onIrpCancelled(Request* r);

    // stream_pointer.cpp: records
    PKSSTREAM_POINTER edge(StreamPointerRecord* p, KSSTREAM_POINTER_STATE state);
    void initEdge(StreamPointerRecord* p, PointerKind kind);
    StreamPointerRecord* allocCloneLocked(ULONG contextSize);
    void freeCloneLocked(StreamPointerRecord* p);
    void loadOffsets(StreamPointerRecord* p);
    void freeAllClones();

    // process.cpp
    enum class ProcessAction { kNone, kInline, kFilter, kFilterAsync };
    ProcessAction claimProcessingLocked(bool asynchronous);
    void runProcessing(ProcessAction action);
    // `dispatching`: the request whose dispatch triggered the loop; the
    // loop then finishes that dispatch (finishDispatchLocked) under the lock
    // it ends with and returns its status.
    NTSTATUS runProcessLoop(Request* dispatching);
    bool eligibleLocked() const;
    static void workThunk(WorkItem* item);
    void postWorkLocked();
    // The processor with a reference for the caller (release it), or nullptr.
    FilterProcessorImpl* takeFilterProcessor();
    KSSTATE minimumProcessingState() const;

    PKSPIN pin_;
    const KSPIN_DESCRIPTOR_EX* descriptor_;
    ULONG flags_;
    bool isIn_;              // data flows into the pin: writes, OffsetIn
    bool distinctTrailing_;  // KSPIN_FLAG_DISTINCT_TRAILING_EDGE
    PFNKSPIN process_;       // KSPIN_DISPATCH.Process (nullptr: none, or filter-centric)
    PFNKSPINVOID reset_;     // KSPIN_DISPATCH.Reset

    mutable QueueLock mutex_;
    std::condition_variable_any cv_;  // processing token / mutex released

    KSSTATE state_ = KSSTATE_STOP;
    KSRESET resetState_ = KSRESET_END;

    Frame* head_ = nullptr;  // oldest linked frame
    Frame* tail_ = nullptr;
    Request* fifoHead_ = nullptr;
    Request* fifoTail_ = nullptr;
    Request* completionHead_ = nullptr;  // popped from the FIFO, to complete in order
    Request* completionTail_ = nullptr;
    bool completing_ = false;  // the completion token
    Request* freeRequests_ = nullptr;
    // One recycled request, taken without the lock (the steady state of a
    // pin with one request at a time).  Filled only under mutex_.
    std::atomic<Request*> spare_{nullptr};
    ULONG outstandingRequests_ = 0;  // queued + being completed

    StreamPointerRecord leading_{};
    StreamPointerRecord trailing_{};
    StreamPointerRecord* clonesHead_ = nullptr;
    StreamPointerRecord* clonesTail_ = nullptr;
    ULONG clonesAtEnd_ = 0;
    StreamPointerRecord* notifyHead_ = nullptr;  // clones owed a CancelCallback
    StreamPointerRecord* notifyTail_ = nullptr;
    static constexpr std::uint32_t kCloneBuckets = 4;
    static constexpr std::uint32_t kUnpooledBucket = kCloneBuckets;
    StreamPointerRecord* freeClones_[kCloneBuckets] = {};

    // Pin-centric processing: the token, the "again" flag and the mutex.
    bool processingActive_ = false;
    std::thread::id processingOwner_;  // the thread running the Process loop
    ULONG nestedHolds_ = 0;            // processing mutex taken on the loop's own thread between Process calls
    bool processAgain_ = false;
    bool mutexHeld_ = false;
    ULONG mutexWaiters_ = 0;
    ULONG shutdownWaiters_ = 0;  // shutdown() waiting for a Process on another thread
    WorkItem work_;
    KSGATE gate_{};
    PKSGATE attachedGate_ = nullptr;
    bool attachedIsOr_ = false;
    // Set by the filter's processor (pinAdded) when the filter is
    // filter-centric; a counted reference.  Guarded by mutex_.
    FilterProcessorImpl* filterProcessor_ = nullptr;
    std::atomic<int> refs_{1};
    bool shutdown_ = false;  // the pin is gone: never call its minidriver again
};

// What the object model owns (Queue::create): one reference on a PinQueue,
// and its shutdown when the pin goes.
class QueueHandle final : public Queue {
public:
    explicit QueueHandle(PinQueue* queue) : queue_(queue) {}
    ~QueueHandle() override
    {
        queue_->shutdown();
        queue_->release();
    }
    NTSTATUS dispatch(PIRP irp) override { return queue_->dispatch(irp); }
    void onStateChanged(KSSTATE from, KSSTATE to) override { queue_->onStateChanged(from, to); }
    void cancelAll() override { queue_->cancelAll(); }
    bool idle() const override { return queue_->idle(); }
    PinQueue* queue() const { return queue_; }

private:
    PinQueue* queue_;
};

// Converts a PKSSTREAM_POINTER handed out by a queue back to its record;
// nullptr for null, deleted or foreign pointers.
StreamPointerRecord* streamPointerRecord(PKSSTREAM_POINTER pointer);

}  // namespace openks::avstream
