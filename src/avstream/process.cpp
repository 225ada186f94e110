// SPDX-License-Identifier: MIT
// Processing: the worker thread, pin-centric triggers and the Process loop, filter-centric processing, processing
// mutexes.

#include "avstream/process.h"

#include "avstream/log.h"
#include "avstream/queue.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

namespace openks::avstream {
namespace {

thread_local int tlsCallbackDepth = 0;
// The pin queue or filter processor whose Process runs on this thread: a
// processing-mutex call from inside its own Process would deadlock.
thread_local const void* tlsProcessing = nullptr;

class ProcessingMark {
public:
    explicit ProcessingMark(const void* owner) : outer_(tlsProcessing) { tlsProcessing = owner; }
    ~ProcessingMark() { tlsProcessing = outer_; }
    ProcessingMark(const ProcessingMark&) = delete;
    ProcessingMark& operator=(const ProcessingMark&) = delete;

private:
    const void* outer_;
};

std::uint64_t nowNs()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

constexpr std::uint32_t kProcessPinMagic = 0x4b535050;  // "KSPP"

}  // namespace

const void* processingOwnerOnThisThread()
{
    return tlsProcessing;
}

// --- CallbackScope -----------------------------------------------------------------

CallbackScope::CallbackScope()
{
    ++tlsCallbackDepth;
}

CallbackScope::~CallbackScope()
{
    --tlsCallbackDepth;
}

bool CallbackScope::active()
{
    return tlsCallbackDepth > 0;
}

// --- Worker ------------------------------------------------------------------------

Worker& Worker::instance()
{
    // Never destroyed: drivers may post or time out until process exit.
    static Worker* worker = new Worker;
    return *worker;
}

bool Worker::onWorkerThread() const
{
    return started_ && std::this_thread::get_id() == threadId_;
}

void Worker::ensureStartedLocked()
{
    if (started_) {
        return;
    }
    std::thread thread(&Worker::threadMain, this);
    threadId_ = thread.get_id();
    started_ = true;
    thread.detach();
}

bool Worker::post(WorkItem* item)
{
    std::lock_guard lk(mutex_);
    if (item->queued) {
        return false;
    }
    item->queued = true;
    item->next = nullptr;
    if (tail_ != nullptr) {
        tail_->next = item;
    } else {
        head_ = item;
    }
    tail_ = item;
    ensureStartedLocked();
    wake_.notify_one();
    return true;
}

bool Worker::cancel(WorkItem* item)
{
    std::unique_lock lk(mutex_);
    const bool wasQueued = item->queued;
    if (item->queued) {
        WorkItem* prev = nullptr;
        for (WorkItem* i = head_; i != nullptr; prev = i, i = i->next) {
            if (i == item) {
                (prev != nullptr ? prev->next : head_) = i->next;
                if (tail_ == i) {
                    tail_ = prev;
                }
                break;
            }
        }
        item->queued = false;
        item->next = nullptr;
    }
    if (!onWorkerThread()) {
        idle_.wait(lk, [&] { return running_ != item; });
    }
    return wasQueued;
}

void Worker::scheduleTimer(TimerEntry* timer, std::uint64_t interval100ns)
{
    std::lock_guard lk(mutex_);
    if (timer->queued) {
        (timer->prev != nullptr ? timer->prev->next : timers_) = timer->next;
        if (timer->next != nullptr) {
            timer->next->prev = timer->prev;
        }
    }
    const std::uint64_t interval = std::min<std::uint64_t>(interval100ns, UINT64_MAX / 200);
    timer->deadlineNs = nowNs() + interval * 100;
    TimerEntry* prev = nullptr;
    TimerEntry* at = timers_;
    while (at != nullptr && at->deadlineNs <= timer->deadlineNs) {
        prev = at;
        at = at->next;
    }
    timer->prev = prev;
    timer->next = at;
    (prev != nullptr ? prev->next : timers_) = timer;
    if (at != nullptr) {
        at->prev = timer;
    }
    timer->queued = true;
    ensureStartedLocked();
    wake_.notify_one();
}

bool Worker::cancelTimer(TimerEntry* timer)
{
    std::unique_lock lk(mutex_);
    if (timer->queued) {
        (timer->prev != nullptr ? timer->prev->next : timers_) = timer->next;
        if (timer->next != nullptr) {
            timer->next->prev = timer->prev;
        }
        timer->prev = timer->next = nullptr;
        timer->queued = false;
        return true;
    }
    if (!onWorkerThread()) {
        idle_.wait(lk, [&] { return firing_ != timer; });
    }
    return false;
}

void Worker::threadMain()
{
    std::unique_lock lk(mutex_);
    for (;;) {
        if (timers_ != nullptr && timers_->deadlineNs <= nowNs()) {
            TimerEntry* timer = timers_;
            timers_ = timer->next;
            if (timers_ != nullptr) {
                timers_->prev = nullptr;
            }
            timer->prev = timer->next = nullptr;
            timer->queued = false;
            firing_ = timer;
            lk.unlock();
            timer->fire(timer);  // the owner may free `timer` from inside
            lk.lock();
            firing_ = nullptr;
            idle_.notify_all();
            continue;
        }
        if (head_ != nullptr) {
            WorkItem* item = head_;
            head_ = item->next;
            if (head_ == nullptr) {
                tail_ = nullptr;
            }
            item->next = nullptr;
            item->queued = false;
            running_ = item;
            lk.unlock();
            item->run(item);
            lk.lock();
            running_ = nullptr;
            idle_.notify_all();
            continue;
        }
        if (timers_ != nullptr) {
            const auto deadline = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(timers_->deadlineNs));
            wake_.wait_until(lk, deadline);
        } else {
            wake_.wait(lk);
        }
    }
}

// --- PinQueue: pin-centric processing ---------------------------------------------

KSSTATE PinQueue::minimumProcessingState() const
{
    return (flags_ & KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY) != 0 ? KSSTATE_RUN : KSSTATE_PAUSE;
}

bool PinQueue::eligibleLocked() const
{
    return process_ != nullptr && !shutdown_ && state_ >= minimumProcessingState() &&
           KsGateGetStateUnsafe(const_cast<PKSGATE>(&gate_)) != FALSE;
}

FilterProcessorImpl* PinQueue::takeFilterProcessor()
{
    std::lock_guard lk(mutex_);
    if (filterProcessor_ != nullptr) {
        filterProcessor_->addRef();
    }
    return filterProcessor_;
}

void PinQueue::setFilterProcessor(FilterProcessorImpl* processor)
{
    if (processor != nullptr) {
        processor->addRef();
    }
    FilterProcessorImpl* drop;
    {
        std::lock_guard lk(mutex_);
        if (shutdown_) {
            drop = processor;  // a queue whose pin is gone feeds no processor
        } else {
            drop = std::exchange(filterProcessor_, processor);
        }
    }
    if (drop != nullptr) {
        drop->release();
    }
}

// One processing trigger.  The caller holds mutex_ and, after unlocking,
// passes the result to runProcessing().  A trigger that cannot run now is
// either remembered (the token or the processing mutex is taken: "again")
// or dropped (no Process dispatch, below the minimum processing state, or
// the AND gate closed: the documented conditions under which AVStream does
// not process; a state change or KsPinAttemptProcessing restarts it).
PinQueue::ProcessAction PinQueue::claimProcessingLocked(bool asynchronous)
{
    if (shutdown_) {
        return ProcessAction::kNone;
    }
    if (process_ == nullptr) {
        if (filterProcessor_ == nullptr) {
            return ProcessAction::kNone;
        }
        return asynchronous ? ProcessAction::kFilterAsync : ProcessAction::kFilter;
    }
    if (!eligibleLocked()) {
        return ProcessAction::kNone;
    }
    if (processingActive_ || mutexHeld_) {
        processAgain_ = true;
        return ProcessAction::kNone;
    }
    if (asynchronous || CallbackScope::active()) {
        postWorkLocked();
        return ProcessAction::kNone;
    }
    processingActive_ = true;
    processingOwner_ = std::this_thread::get_id();
    processAgain_ = false;
    return ProcessAction::kInline;
}

void PinQueue::runProcessing(ProcessAction action)
{
    switch (action) {
        case ProcessAction::kNone:
            return;
        case ProcessAction::kInline:
            (void)runProcessLoop(nullptr);
            return;
        case ProcessAction::kFilter:
        case ProcessAction::kFilterAsync:
            if (FilterProcessorImpl* processor = takeFilterProcessor()) {
                processor->attempt(action == ProcessAction::kFilterAsync);
                processor->release();
            }
            return;
    }
}

// Runs Process while there is reason to: a trigger arrived during the call
// ("again"), or it returned STATUS_SUCCESS ("call me again") and a frame is
// at the leading edge.  STATUS_SUCCESS with nothing queued stops the loop so
// that a Process that returns success without consuming cannot spin; any
// other status stops until the next trigger (item 62).
NTSTATUS PinQueue::runProcessLoop(Request* dispatching)
{
    for (;;) {
        NTSTATUS status;
        {
            CallbackScope scope;
            ProcessingMark mark(this);
            status = process_(pin_);
        }
        std::unique_lock lk(mutex_);
        if (notifyHead_ != nullptr || (completionHead_ != nullptr && !completing_)) {
            // What Process released, completed now that it has returned
            // (this may close the pin, on this thread: see runCompletions).
            lk.unlock();
            afterUnlock();
            lk.lock();
        }
        const bool again = processAgain_;
        processAgain_ = false;
        if (!eligibleLocked() || !(again || (status == STATUS_SUCCESS && leading_.frame != nullptr))) {
            processingActive_ = false;
            processingOwner_ = std::thread::id();
            if (mutexWaiters_ != 0 || shutdownWaiters_ != 0) {
                cv_.notify_all();
            }
            if (dispatching != nullptr) {
                return finishDispatchLocked(lk, dispatching);
            }
            return STATUS_SUCCESS;
        }
    }
}

void PinQueue::postWorkLocked()
{
    if (Worker::instance().post(&work_)) {
        addRef();  // the queued item's reference, dropped when it ran or was cancelled
    }
}

void PinQueue::workThunk(WorkItem* item)
{
    auto* queue = static_cast<PinQueue*>(item->context);
    ProcessAction action;
    {
        std::lock_guard lk(queue->mutex_);
        action = queue->claimProcessingLocked(false);
    }
    queue->runProcessing(action);
    queue->release();  // the reference postWorkLocked took
}

void PinQueue::attemptProcessing(bool asynchronous)
{
    Hold hold(this);
    ProcessAction action;
    {
        std::lock_guard lk(mutex_);
        action = claimProcessingLocked(asynchronous);
    }
    runProcessing(action);
}

void PinQueue::acquireProcessingMutex()
{
    Hold hold(this);
    if (tlsProcessing == this) {
        // The processing mutex is not recursive; Windows would deadlock here.
        logLine("KsPinAcquireProcessingMutex called from the pin's own Process dispatch: ignored");
        return;
    }
    std::unique_lock lk(mutex_);
    if (processingActive_ && processingOwner_ == std::this_thread::get_id()) {
        // Between two Process calls of this thread's loop (a completion it
        // made closed the pin): no Process runs, so this thread may go on.
        ++nestedHolds_;
        return;
    }
    ++mutexWaiters_;
    cv_.wait(lk, [this] { return !processingActive_ && !mutexHeld_; });
    --mutexWaiters_;
    mutexHeld_ = true;
}

void PinQueue::releaseProcessingMutex()
{
    Hold hold(this);
    if (tlsProcessing == this) {
        return;  // pairs with the ignored acquire above
    }
    std::lock_guard lk(mutex_);
    if (nestedHolds_ != 0 && processingActive_ && processingOwner_ == std::this_thread::get_id()) {
        --nestedHolds_;
        return;
    }
    if (!mutexHeld_) {
        return;
    }
    mutexHeld_ = false;
    cv_.notify_all();
    if (processAgain_ && eligibleLocked()) {
        // A trigger arrived while the mutex was held: run it, but not inside
        // the releasing driver's call stack.
        postWorkLocked();
    }
}

void PinQueue::shutdown()
{
    Hold hold(this);
    FilterProcessorImpl* processor;
    {
        std::lock_guard lk(mutex_);
        shutdown_ = true;
        processor = std::exchange(filterProcessor_, nullptr);
    }
    if (processor != nullptr) {
        processor->queueDestroyed(this);
        processor->release();
    }
    if (Worker::instance().cancel(&work_)) {
        release();  // the queued item's reference (the Hold keeps us)
    }
    std::unique_lock lk(mutex_);
    if (tlsProcessing != this && !(processingActive_ && processingOwner_ == std::this_thread::get_id())) {
        // A Process running on another thread still uses the pin.
        ++shutdownWaiters_;
        cv_.wait(lk, [this] { return !processingActive_; });
        --shutdownWaiters_;
    }
    if (outstandingRequests_ != 0) {
        // The object model closes a pin only after its IRPs completed (the
        // I/O manager holds the file object until then).
        logLine("pin queue shut down with %u stream requests outstanding", outstandingRequests_);
    }
}

void PinQueue::attachGate(PKSGATE gate, bool orGate)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    attachedGate_ = gate;
    attachedIsOr_ = orGate;
}

PKSGATE PinQueue::attachedGate(bool* orGate) const
{
    std::lock_guard lk(mutex_);
    *orGate = attachedIsOr_;
    return attachedGate_;
}

bool PinQueue::participates() const
{
    std::lock_guard lk(mutex_);
    return state_ >= minimumProcessingState();
}

bool PinQueue::hasData() const
{
    std::lock_guard lk(mutex_);
    return leading_.frame != nullptr;
}

void PinQueue::beginProcessPin(PKSPROCESSPIN pp)
{
    Hold hold(this);
    std::lock_guard lk(mutex_);
    pp->InPlaceCounterpart = nullptr;
    pp->DelegateBranch = nullptr;
    pp->CopySource = nullptr;
    pp->BytesUsed = 0;
    pp->Terminate = FALSE;
    Frame* f = leading_.frame;
    if (f == nullptr || (f->cancelled && !leading_.locked)) {
        pp->StreamPointer = nullptr;
        pp->Data = nullptr;
        pp->BytesAvailable = 0;
        pp->Flags = 0;
        return;
    }
    setLocked(&leading_, true);
    const KSSTREAM_POINTER_OFFSET& offset = isIn_ ? leading_.pub.OffsetIn : leading_.pub.OffsetOut;
    pp->StreamPointer = &leading_.pub;
    pp->Data = offset.Data;
    pp->BytesAvailable = offset.Remaining;
    pp->Flags = isIn_ ? f->header->OptionsFlags : 0;
}

void PinQueue::endProcessPin(PKSPROCESSPIN pp)
{
    if (pp->StreamPointer == nullptr) {
        return;
    }
    Hold hold(this);
    StreamPointerRecord* edge = &leading_;
    bool locked;
    {
        std::lock_guard lk(mutex_);
        locked = edge->locked;
    }
    if (!locked) {
        return;  // the minidriver moved the edge itself
    }
    const ULONG used = std::min(pp->BytesUsed, pp->BytesAvailable);
    (void)advanceOffsets(edge, isIn_ ? used : 0, isIn_ ? 0 : used, pp->Terminate != FALSE, true);
    pp->StreamPointer = nullptr;
    pp->Data = nullptr;
    pp->BytesAvailable = 0;
    pp->BytesUsed = 0;
}

// --- FilterProcessorImpl -------------------------------------------------------------

std::unique_ptr<FilterProcessor> FilterProcessor::create(PKSFILTER filter)
{
    if (filter == nullptr) {
        return nullptr;
    }
    return std::make_unique<FilterProcessorHandle>(new FilterProcessorImpl(filter));
}

FilterProcessorImpl* FilterProcessorImpl::of(PKSFILTER filter)
{
    if (filter == nullptr) {
        return nullptr;
    }
    // Every FilterProcessor is a FilterProcessorHandle: create() is the only factory.
    FilterProcessor* handle = filterProcessor(filter);
    return handle != nullptr ? static_cast<FilterProcessorHandle*>(handle)->processor() : nullptr;
}

FilterProcessorImpl::FilterProcessorImpl(PKSFILTER filter) : filter_(filter)
{
    const KSFILTER_DESCRIPTOR* descriptor = filter->Descriptor;
    if (descriptor != nullptr && descriptor->Dispatch != nullptr) {
        process_ = descriptor->Dispatch->Process;
    }
    KsGateInitializeAnd(&gate_, nullptr);
    work_.run = &FilterProcessorImpl::workThunk;
    work_.context = this;
    std::lock_guard lk(mutex_);
    rebuildIndexLocked();
}

void FilterProcessorImpl::release()
{
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete this;
    }
}

// The last reference is gone: no loop runs, no queue points here.
FilterProcessorImpl::~FilterProcessorImpl()
{
    Worker::instance().cancel(&work_);
}

void FilterProcessorImpl::shutdown()
{
    Hold hold(this);
    if (Worker::instance().cancel(&work_)) {
        release();  // the queued item's reference
    }
    std::vector<PinQueue*> queues;
    {
        std::unique_lock lk(mutex_);
        shutdown_ = true;
        if (!onLoopThreadLocked()) {
            cv_.wait(lk, [this] { return !active_; });  // a Process on another thread still uses the filter
        }
        for (auto& entry : entries_) {
            if (entry->queue != nullptr) {
                queues.push_back(entry->queue);
                entry->queue = nullptr;
            }
            entry->magic = 0;
        }
    }
    for (PinQueue* queue : queues) {
        queue->setFilterProcessor(nullptr);
    }
}

const KSPIN_DESCRIPTOR_EX* FilterProcessorImpl::pinDescriptor(ULONG id) const
{
    const KSFILTER_DESCRIPTOR* d = filter_->Descriptor;
    if (d == nullptr || id >= d->PinDescriptorsCount || d->PinDescriptors == nullptr) {
        return nullptr;
    }
    const ULONG stride = d->PinDescriptorSize != 0 ? d->PinDescriptorSize : sizeof(KSPIN_DESCRIPTOR_EX);
    return reinterpret_cast<const KSPIN_DESCRIPTOR_EX*>(reinterpret_cast<const char*>(d->PinDescriptors) +
                                                        std::size_t(id) * stride);
}

void FilterProcessorImpl::rebuildIndexLocked()
{
    const KSFILTER_DESCRIPTOR* d = filter_->Descriptor;
    std::size_t count = d != nullptr ? d->PinDescriptorsCount : 0;
    for (const auto& entry : entries_) {
        if (!entry->removed) {
            count = std::max<std::size_t>(count, std::size_t(entry->pin->Id) + 1);
        }
    }
    byId_.assign(count, {});
    for (const auto& entry : entries_) {
        if (!entry->removed) {
            byId_[entry->pin->Id].push_back(&entry->processPin);
        }
    }
    index_.assign(count, KSPROCESSPIN_INDEXENTRY{});
    for (std::size_t id = 0; id < count; ++id) {
        index_[id].Pins = byId_[id].empty() ? nullptr : byId_[id].data();
        index_[id].Count = static_cast<ULONG>(byId_[id].size());
    }
}

void FilterProcessorImpl::pinAdded(PKSPIN pin)
{
    addPin(pin, PinQueue::of(pin));
}

void FilterProcessorImpl::addPin(PKSPIN pin, PinQueue* queue)
{
    if (pin == nullptr) {
        return;
    }
    Hold hold(this);
    auto entry = std::make_unique<PinEntry>();
    entry->processPin = KSPROCESSPIN{};
    entry->processPin.Pin = pin;
    entry->magic = kProcessPinMagic;
    entry->removed = false;
    entry->pin = pin;
    entry->queue = queue;
    acquireMutex();  // a running Process keeps a stable array
    {
        std::lock_guard lk(mutex_);
        entries_.push_back(std::move(entry));
        rebuildIndexLocked();
    }
    releaseMutex();
    if (queue != nullptr) {
        queue->setFilterProcessor(this);
    }
}

void FilterProcessorImpl::pinRemoved(PKSPIN pin)
{
    Hold hold(this);
    PinQueue* queue = nullptr;
    acquireMutex();
    {
        std::lock_guard lk(mutex_);
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [pin](const auto& e) { return e->pin == pin && !e->removed; });
        if (it != entries_.end()) {
            queue = std::exchange((*it)->queue, nullptr);
            (*it)->magic = 0;
            if (onLoopThreadLocked()) {
                // Closed from inside our own loop (a completion it made):
                // the loop may be walking entries_, so purge after it.
                (*it)->removed = true;
                purge_ = true;
            } else {
                entries_.erase(it);
            }
            rebuildIndexLocked();
        }
    }
    releaseMutex();
    if (queue != nullptr) {
        queue->setFilterProcessor(nullptr);
    }
}

void FilterProcessorImpl::purgeRemoved()
{
    std::lock_guard lk(mutex_);
    if (!purge_) {
        return;
    }
    purge_ = false;
    std::erase_if(entries_, [](const auto& e) { return e->removed; });
    rebuildIndexLocked();
}

void FilterProcessorImpl::queueDestroyed(PinQueue* queue)
{
    Hold hold(this);
    acquireMutex();
    {
        std::lock_guard lk(mutex_);
        for (auto& entry : entries_) {
            if (entry->queue == queue) {
                entry->queue = nullptr;
            }
        }
    }
    releaseMutex();
}

// The conditions of filter-centric processing (ks-spec §10; WDK
// "Filter-Centric Processing"):
//  - the filter has a Process dispatch and its AND gate is open;
//  - for every pin id, at least InstancesNecessary instances participate
//    (are at or above their minimum processing state), and at least one
//    pin participates;
//  - every participating pin that requires frames has a frame at its
//    leading edge: FRAMES_NOT_REQUIRED_FOR_PROCESSING pins need none;
//    SOME_FRAMES_REQUIRED_FOR_PROCESSING pins need one among the
//    participating instances of their id; pins attached to an OR gate
//    (KsPinAttachOrGate) need one among the pins sharing that gate; a pin
//    attached to an AND gate (KsPinAttachAndGate) also needs that gate open.
bool FilterProcessorImpl::readyToProcess() const
{
    if (process_ == nullptr || KsGateGetStateUnsafe(const_cast<PKSGATE>(&gate_)) == FALSE) {
        return false;
    }
    bool any = false;
    for (std::size_t id = 0; id < byId_.size(); ++id) {
        ULONG participating = 0;
        bool someRequired = false;
        bool someHaveData = false;
        for (PKSPROCESSPIN pp : byId_[id]) {
            const auto* entry = reinterpret_cast<const PinEntry*>(pp);
            PinQueue* queue = entry->queue;
            const bool active = queue != nullptr ? queue->participates() : entry->pin->DeviceState >= KSSTATE_PAUSE;
            if (!active) {
                continue;
            }
            ++participating;
            if (queue == nullptr) {
                continue;
            }
            const ULONG flags = queue->flags();
            if ((flags & KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING) != 0) {
                continue;
            }
            bool isOr = false;
            PKSGATE attached = queue->attachedGate(&isOr);
            if (attached != nullptr && isOr) {
                bool groupHasData = false;
                for (const auto& other : entries_) {
                    bool otherOr = false;
                    if (other->queue != nullptr && other->queue->attachedGate(&otherOr) == attached && otherOr &&
                        other->queue->hasData()) {
                        groupHasData = true;
                        break;
                    }
                }
                if (!groupHasData) {
                    return false;
                }
                continue;
            }
            if (attached != nullptr && KsGateGetStateUnsafe(attached) == FALSE) {
                return false;
            }
            const bool hasData = queue->hasData();
            if ((flags & KSPIN_FLAG_SOME_FRAMES_REQUIRED_FOR_PROCESSING) != 0) {
                someRequired = true;
                someHaveData = someHaveData || hasData;
            } else if (!hasData) {
                return false;
            }
        }
        const KSPIN_DESCRIPTOR_EX* descriptor = pinDescriptor(static_cast<ULONG>(id));
        const ULONG necessary = descriptor != nullptr ? descriptor->InstancesNecessary : 0;
        if (participating < necessary || (someRequired && !someHaveData)) {
            return false;
        }
        any = any || participating != 0;
    }
    return any;
}

void FilterProcessorImpl::prepare()
{
    for (auto& entry : entries_) {
        KSPROCESSPIN& pp = entry->processPin;
        if (!entry->removed && entry->queue != nullptr && entry->queue->participates()) {
            entry->queue->beginProcessPin(&pp);
        } else {
            pp.StreamPointer = nullptr;
            pp.Data = nullptr;
            pp.BytesAvailable = 0;
            pp.BytesUsed = 0;
            pp.Flags = 0;
            pp.Terminate = FALSE;
        }
    }
}

// After Process: each pin's edge advances by BytesUsed; Terminate ejects the
// frame even if it was not used up (WDK KSPROCESSPIN).
void FilterProcessorImpl::finish()
{
    // By index: a completion made here may open or close pins (entries are
    // only appended or marked removed while the loop runs).
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        PinEntry* entry = entries_[i].get();
        if (PinQueue* queue = entry->queue) {  // (a pin closed meanwhile has none)
            queue->endProcessPin(&entry->processPin);
        }
    }
}

bool FilterProcessorImpl::claimLocked(bool asynchronous)
{
    if (process_ == nullptr || shutdown_) {
        return false;
    }
    if (active_ || mutexHeld_) {
        again_ = true;
        return false;
    }
    if (asynchronous || CallbackScope::active()) {
        postWorkLocked();
        return false;
    }
    active_ = true;
    activeOwner_ = std::this_thread::get_id();
    again_ = false;
    return true;
}

bool FilterProcessorImpl::onLoopThreadLocked() const
{
    return tlsProcessing == this || (active_ && activeOwner_ == std::this_thread::get_id());
}

void FilterProcessorImpl::attempt(bool asynchronous)
{
    Hold hold(this);
    {
        std::lock_guard lk(mutex_);
        if (!claimLocked(asynchronous)) {
            return;
        }
    }
    runLoop();
}

// Same loop as the pin-centric one; any status but STATUS_SUCCESS stops
// until the next trigger (filter Process errors count as STATUS_PENDING).
void FilterProcessorImpl::runLoop()
{
    for (;;) {
        bool ran = false;
        NTSTATUS status = STATUS_PENDING;
        if (readyToProcess()) {
            prepare();
            {
                CallbackScope scope;
                ProcessingMark mark(this);
                status = process_(filter_, index_.empty() ? nullptr : index_.data());
            }
            finish();
            // Completions the pins deferred while Process ran (they may
            // close pins, on this thread: purgeRemoved drops them after).
            for (std::size_t i = 0; i < entries_.size(); ++i) {
                if (PinQueue* queue = entries_[i]->queue) {
                    queue->flushCompletions();
                }
            }
            purgeRemoved();
            ran = true;
        }
        std::lock_guard lk(mutex_);
        const bool again = again_;
        again_ = false;
        if (shutdown_ || !(again || (ran && status == STATUS_SUCCESS))) {
            active_ = false;
            activeOwner_ = std::thread::id();
            cv_.notify_all();
            return;
        }
    }
}

void FilterProcessorImpl::postWorkLocked()
{
    if (Worker::instance().post(&work_)) {
        addRef();  // the queued item's reference
    }
}

void FilterProcessorImpl::workThunk(WorkItem* item)
{
    auto* processor = static_cast<FilterProcessorImpl*>(item->context);
    processor->attempt(false);
    processor->release();  // the reference postWorkLocked took
}

void FilterProcessorImpl::acquireMutex()
{
    Hold hold(this);
    if (tlsProcessing == this) {
        logLine("KsFilterAcquireProcessingMutex called from the filter's own Process dispatch: ignored");
        return;
    }
    std::unique_lock lk(mutex_);
    if (active_ && activeOwner_ == std::this_thread::get_id()) {
        ++nestedHolds_;  // between Process calls of this thread's loop
        return;
    }
    cv_.wait(lk, [this] { return !active_ && !mutexHeld_; });
    mutexHeld_ = true;
}

void FilterProcessorImpl::releaseMutex()
{
    Hold hold(this);
    if (tlsProcessing == this) {
        return;
    }
    std::lock_guard lk(mutex_);
    if (nestedHolds_ != 0 && active_ && activeOwner_ == std::this_thread::get_id()) {
        --nestedHolds_;
        return;
    }
    if (!mutexHeld_) {
        return;
    }
    mutexHeld_ = false;
    cv_.notify_all();
    if (again_ && process_ != nullptr && !shutdown_) {
        postWorkLocked();
    }
}

void FilterProcessorImpl::reset()
{
    Hold hold(this);
    const KSFILTER_DESCRIPTOR* d = filter_->Descriptor;
    PFNKSFILTERVOID reset = d != nullptr && d->Dispatch != nullptr ? d->Dispatch->Reset : nullptr;
    if (reset == nullptr) {
        return;
    }
    acquireMutex();
    {
        CallbackScope scope;
        (void)reset(filter_);
    }
    releaseMutex();
}

BOOLEAN FilterProcessorImpl::updateProcessPin(PKSPROCESSPIN processPin)
{
    if (processPin == nullptr) {
        return FALSE;
    }
    auto* entry = reinterpret_cast<PinEntry*>(processPin);
    if (entry->magic != kProcessPinMagic || entry->queue == nullptr || !entry->queue->participates()) {
        return FALSE;  // no queue, or the pin is below its processing state (no pipe in STOP)
    }
    entry->queue->endProcessPin(processPin);
    entry->queue->beginProcessPin(processPin);
    return processPin->StreamPointer != nullptr ||
                   (entry->queue->flags() & KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING) != 0
               ? TRUE
               : FALSE;
}

// --- Striped processing mutexes for filters without a FilterProcessor -------------------

namespace {

struct Stripe {
    std::mutex mutex;
    std::condition_variable cv;
    bool held = false;
};

Stripe& stripeFor(PKSFILTER filter)
{
    static std::array<Stripe, 64> stripes;
    const auto key = reinterpret_cast<std::uintptr_t>(filter);
    return stripes[(key >> 4) % stripes.size()];
}

}  // namespace

void acquireStripedFilterMutex(PKSFILTER filter)
{
    Stripe& s = stripeFor(filter);
    std::unique_lock lk(s.mutex);
    s.cv.wait(lk, [&] { return !s.held; });
    s.held = true;
}

void releaseStripedFilterMutex(PKSFILTER filter)
{
    Stripe& s = stripeFor(filter);
    std::lock_guard lk(s.mutex);
    s.held = false;
    s.cv.notify_all();
}

}  // namespace openks::avstream

// --- The DDI (C linkage, declared in <openks/driver.h>) ---------------------------------

using openks::avstream::FilterProcessorImpl;
using openks::avstream::PinQueue;

void KsPinAttemptProcessing(PKSPIN Pin, BOOLEAN Asynchronous)
{
    if (PinQueue* queue = PinQueue::of(Pin)) {
        queue->attemptProcessing(Asynchronous != FALSE);
    }
}

void KsPinAcquireProcessingMutex(PKSPIN Pin)
{
    if (PinQueue* queue = PinQueue::of(Pin)) {
        queue->acquireProcessingMutex();
    }
}

void KsPinReleaseProcessingMutex(PKSPIN Pin)
{
    if (PinQueue* queue = PinQueue::of(Pin)) {
        queue->releaseProcessingMutex();
    }
}

void KsFilterAttemptProcessing(PKSFILTER Filter, BOOLEAN Asynchronous)
{
    if (FilterProcessorImpl* processor = FilterProcessorImpl::of(Filter)) {
        processor->attempt(Asynchronous != FALSE);
    }
}

void KsFilterAcquireProcessingMutex(PKSFILTER Filter)
{
    if (Filter == nullptr) {
        return;
    }
    if (FilterProcessorImpl* processor = FilterProcessorImpl::of(Filter)) {
        processor->acquireMutex();
    } else {
        openks::avstream::acquireStripedFilterMutex(Filter);
    }
}

void KsFilterReleaseProcessingMutex(PKSFILTER Filter)
{
    if (Filter == nullptr) {
        return;
    }
    if (FilterProcessorImpl* processor = FilterProcessorImpl::of(Filter)) {
        processor->releaseMutex();
    } else {
        openks::avstream::releaseStripedFilterMutex(Filter);
    }
}

BOOLEAN KsProcessPinUpdate(PKSPROCESSPIN ProcessPin)
{
    return FilterProcessorImpl::updateProcessPin(ProcessPin);
}
