// SPDX-License-Identifier: MIT
// Processing machinery: the host worker thread (deferred processing, stream-pointer timeouts) and the filter-centric processor.
#pragma once

/*
 * Who runs a Process dispatch, and when (ks-spec §10, checklist items
 * 60-62):
 *
 *  - Pin-centric processing lives in PinQueue (queue.h): a trigger that finds
 *    the pin's processing token free runs Process inline on the triggering
 *    thread; a trigger that finds it busy sets an "again" flag that the
 *    running loop honours, so Process never runs twice at once or
 *    recursively and no trigger is lost.
 *  - Asynchronous triggers (KsPinAttemptProcessing(pin, TRUE), a processing
 *    mutex released with a trigger pending, a trigger raised from inside a
 *    driver callback) run on the host Worker below.
 *  - Filter-centric processing (KSFILTER_DISPATCH.Process) is FilterProcessorImpl.
 *
 * The Worker is one thread per process.  It also fires stream-pointer
 * timeouts (KsStreamPointerScheduleTimeout).  Work items and timers are
 * intrusive records owned by their users, so posting never allocates.
 *
 * Pin-centric triggers (KSPIN_DISPATCH.Process): a frame arriving when no
 * frame is at or ahead of the leading edge, with the pin at or above its
 * minimum processing state (PAUSE; RUN with PROCESS_IN_RUN_STATE_ONLY);
 * entering that state with frames queued; KsPinAttemptProcessing.  Never
 * while the pin's AND gate (KsPinGetAndGate; starts open) is closed, and
 * never while the processing mutex is held: such a trigger runs when the
 * mutex is released.  Process returning STATUS_SUCCESS is called again
 * while a frame is at the leading edge (not on an empty queue, so a
 * Process that returns success without consuming cannot spin); any other
 * status waits for the next trigger (item 62).
 *
 * KSPIN_DESCRIPTOR_EX.Flags:
 *   DO_NOT_INITIATE_PROCESSING            arrivals never trigger; state changes and attempts do
 *   INITIATE_PROCESSING_ON_EVERY_ARRIVAL  every arriving request triggers (one trigger per IRP,
 *                                         whatever its header count)
 *   PROCESS_IN_RUN_STATE_ONLY             minimum processing state RUN
 *   FRAMES_NOT_REQUIRED_FOR_PROCESSING,
 *   SOME_FRAMES_REQUIRED_FOR_PROCESSING   filter-centric readiness (FilterProcessorImpl)
 *   DISTINCT_TRAILING_EDGE                the queue has a trailing edge (queue.h)
 *   ENFORCE_FIFO                          always on: every pin completes in arrival order
 *   GENERATE_EOS_EVENTS                   accepted; openks has no connection events yet
 *   GENERATE_MAPPINGS                     accepted; no scatter/gather mappings exist (no DMA):
 *                                         drivers use the offsets' Data pointers
 *   ASYNCHRONOUS_PROCESSING, DISPATCH_LEVEL_PROCESSING, CRITICAL_PROCESSING,
 *   HYPERCRITICAL_PROCESSING              accepted; no effect (no IRQLs, one worker)
 *   PROCESS_IF_ANY_IN_RUN_STATE           accepted; treated as the default rule
 */

#include "avstream/streaming.h"

#include <openks/driver.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace openks::avstream {

class PinQueue;

// A unit of deferred work.  Owned by its user (a pin queue or filter
// processor); the Worker only links it.  `run` is called on the worker
// thread without any engine lock held.
struct WorkItem {
    void (*run)(WorkItem* item) = nullptr;
    void* context = nullptr;  // the owner
    WorkItem* next = nullptr;
    bool queued = false;  // guarded by the Worker's mutex
};

// A one-shot timer.  Owned by its user (a stream-pointer record).  `fire`
// runs on the worker thread without any engine lock held.
struct TimerEntry {
    void (*fire)(TimerEntry* entry) = nullptr;
    TimerEntry* prev = nullptr;
    TimerEntry* next = nullptr;
    std::uint64_t deadlineNs = 0;  // steady clock
    bool queued = false;           // guarded by the Worker's mutex
};

// The host's worker thread.  Started on first use; lives until process exit.
// Lock order: a queue or processor lock may be held while calling post()
// (the Worker's mutex is a leaf); cancel() and cancelTimer() may wait and
// must be called with no engine lock held.
class Worker {
public:
    static Worker& instance();

    // Queues `item` unless it is already queued; true if this call queued
    // it (owners keep a reference on themselves per queued item).  Any thread.
    bool post(WorkItem* item);
    // Unqueues `item` (true if it was queued); if it is running on another
    // thread, waits until it returns.  Does not wait on the worker thread.
    bool cancel(WorkItem* item);

    // Arms `timer` (it must not be queued) to fire `interval100ns` (100 ns
    // units) from now.
    void scheduleTimer(TimerEntry* timer, std::uint64_t interval100ns);
    // Disarms `timer`; true if it was queued (it will not fire).  If it is
    // firing on another thread, waits until its callback returns (so the
    // owner may free it after this call).
    bool cancelTimer(TimerEntry* timer);

    bool onWorkerThread() const;

private:
    Worker() = default;
    void ensureStartedLocked();
    void threadMain();

    std::mutex mutex_;
    std::condition_variable wake_;  // new work or an earlier timer
    std::condition_variable idle_;  // an item or timer callback returned
    WorkItem* head_ = nullptr;
    WorkItem* tail_ = nullptr;
    WorkItem* running_ = nullptr;
    TimerEntry* timers_ = nullptr;  // sorted by deadline
    TimerEntry* firing_ = nullptr;
    bool started_ = false;
    std::thread::id threadId_;
};

// Marks the current thread as being inside a call into driver or client
// code made by the engine (Process, Reset, a cancel or timeout callback,
// IoCompleteRequest).  A processing trigger raised under such a scope is
// deferred to the Worker instead of nesting a Process call into foreign
// code that may hold its own locks.
class CallbackScope {
public:
    CallbackScope();
    ~CallbackScope();
    CallbackScope(const CallbackScope&) = delete;
    CallbackScope& operator=(const CallbackScope&) = delete;
    static bool active();
};

// The pin queue or filter processor whose Process dispatch is running on
// this thread (innermost), or nullptr.
const void* processingOwnerOnThisThread();

// Filter-centric processing of one filter (see streaming.h).  Also owns the
// filter's processing mutex and AND gate.  Reference counted like PinQueue:
// the object model owns a FilterProcessorHandle; every entry point and every
// pin queue attached to it holds a reference, so a filter closed from
// inside a completion its own Process loop made stays valid until the loop
// returns.
class FilterProcessorImpl final {
public:
    explicit FilterProcessorImpl(PKSFILTER filter);  // one reference (the caller's)
    FilterProcessorImpl(const FilterProcessorImpl&) = delete;
    FilterProcessorImpl& operator=(const FilterProcessorImpl&) = delete;

    void addRef() { refs_.fetch_add(1, std::memory_order_relaxed); }
    void release();
    // The filter is going away: no further Process call; pins detached.
    void shutdown();

    void pinAdded(PKSPIN pin);
    void pinRemoved(PKSPIN pin);
    // pinAdded with the pin's queue given (nullptr: a pin without one).
    void addPin(PKSPIN pin, PinQueue* queue);

    // A processing trigger (frame arrival, state change, KsFilterAttemptProcessing,
    // KsPinAttemptProcessing on one of its pins).  Any thread, no engine lock held.
    void attempt(bool asynchronous);
    void acquireMutex();
    void releaseMutex();
    PKSGATE gate() { return &gate_; }
    // Calls KSFILTER_DISPATCH.Reset (if any) under the processing mutex.
    void reset();
    // KsProcessPinUpdate: settles what the driver consumed on `processPin`
    // and refreshes it.  Called from inside Process.
    static BOOLEAN updateProcessPin(PKSPROCESSPIN processPin);
    // A pin queue of this filter is being destroyed.
    void queueDestroyed(PinQueue* queue);

    static FilterProcessorImpl* of(PKSFILTER filter);

private:
    struct PinEntry {
        KSPROCESSPIN processPin;  // first: PKSPROCESSPIN <-> PinEntry
        std::uint32_t magic;
        bool removed;     // pinRemoved arrived while the Process loop was on this thread
        PKSPIN pin;
        PinQueue* queue;  // nullptr: no queue (or it was destroyed first)
    };
    class Hold {
    public:
        explicit Hold(FilterProcessorImpl* p) : p_(p) { p_->addRef(); }
        ~Hold() { p_->release(); }
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        FilterProcessorImpl* p_;
    };

    ~FilterProcessorImpl();
    static void workThunk(WorkItem* item);
    void postWorkLocked();
    bool claimLocked(bool asynchronous);
    // This thread runs the Process loop (inside Process or between calls).
    bool onLoopThreadLocked() const;
    void runLoop();
    bool readyToProcess() const;
    void prepare();
    void finish();
    void purgeRemoved();
    void rebuildIndexLocked();
    const KSPIN_DESCRIPTOR_EX* pinDescriptor(ULONG id) const;

    PKSFILTER filter_;
    PFNKSFILTERPROCESS process_ = nullptr;
    KSGATE gate_{};
    std::atomic<int> refs_{1};

    std::mutex mutex_;
    std::condition_variable cv_;
    bool active_ = false;     // the processing token: a Process loop is running
    std::thread::id activeOwner_;  // the thread running it
    ULONG nestedHolds_ = 0;   // processing mutex taken on the loop's own thread between Process calls
    bool again_ = false;      // a trigger arrived while the token was taken
    bool mutexHeld_ = false;  // the driver holds the processing mutex
    bool shutdown_ = false;   // the filter is gone
    bool purge_ = false;      // some entries are marked removed
    WorkItem work_;

    // Pin bookkeeping; changed only with the processing mutex held, so a
    // running Process sees a stable array.
    std::vector<std::unique_ptr<PinEntry>> entries_;
    std::vector<std::vector<PKSPROCESSPIN>> byId_;
    std::vector<KSPROCESSPIN_INDEXENTRY> index_;
};

// What the object model owns (FilterProcessor::create).
class FilterProcessorHandle final : public FilterProcessor {
public:
    explicit FilterProcessorHandle(FilterProcessorImpl* processor) : processor_(processor) {}
    ~FilterProcessorHandle() override
    {
        processor_->shutdown();
        processor_->release();
    }
    void pinAdded(PKSPIN pin) override { processor_->pinAdded(pin); }
    void pinRemoved(PKSPIN pin) override { processor_->pinRemoved(pin); }
    FilterProcessorImpl* processor() const { return processor_; }

private:
    FilterProcessorImpl* processor_;
};

// The processing mutex of a filter that has no FilterProcessor (pin-centric
// filters): one of a fixed set of striped mutexes keyed by the filter.
void acquireStripedFilterMutex(PKSFILTER filter);
void releaseStripedFilterMutex(PKSFILTER filter);

}  // namespace openks::avstream
