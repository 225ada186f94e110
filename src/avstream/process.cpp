// SPDX-License-Identifier: MIT
// Processing: the worker thread, pin-centric triggers and the Process loop, filter-centric processing, processing mutexes.

#include "avstream/process.h"

#include "avstream/log.h"
#include "avstream/queue.h"

#include <algorithm>
#include <array>
#include <chrono>

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

void Worker::post(WorkItem* item)
{
    std::lock_guard lk(mutex_);
    if (item->queued) {
        return;
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
}

void Worker::cancel(WorkItem* item)
{
    std::unique_lock lk(mutex_);
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

void Worker::cancelTimer(TimerEntry* timer)
{
    std::unique_lock lk(mutex_);
    if (timer->queued) {
        (timer->prev != nullptr ? timer->prev->next : timers_) = timer->next;
        if (timer->next != nullptr) {
            timer->next->prev = timer->prev;
        }
        timer->prev = timer->next = nullptr;
        timer->queued = false;
        return;
    }
    if (!onWorkerThread()) {
        idle_.wait(lk, [&] { return firing_ != timer; });
    }
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
    return process_ != nullptr && state_ >= minimumProcessingState() &&
           KsGateGetStateUnsafe(const_cast<PKSGATE>(&gate_)) != FALSE;
}

FilterProcessorImpl* PinQueue::filterProcessor() const
{
    return filterProcessor_.load();
}

// One processing trigger.  The caller holds mutex_ and, after unlocking,
// passes the result to runProcessing().  A trigger that cannot run now is
// either remembered (the token or the processing mutex is taken: "again")
// or dropped (no Process dispatch, below the minimum processing state, or
// the AND gate closed: the documented conditions under which AVStream does
// not process; a state change or KsPinAttemptProcessing restarts it).
PinQueue::ProcessAction PinQueue::claimProcessingLocked(bool asynchronous)
{
    if (process_ == nullptr) {
        if (filterProcessor() == nullptr) {
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
        Worker::instance().post(&work_);
        return ProcessAction::kNone;
    }
    processingActive_ = true;
    processAgain_ = false;
    return ProcessAction::kInline;
}

void PinQueue::runProcessing(ProcessAction action)
{
    switch (action) {
    case ProcessAction::kNone:
        return;
    case ProcessAction::kInline:
        runProcessLoop();
        return;
    case ProcessAction::kFilter:
    case ProcessAction::kFilterAsync:
        if (FilterProcessorImpl* processor = filterProcessor()) {
            processor->attempt(action == ProcessAction::kFilterAsync);
        }
        return;
    }
}

// Runs Process while there is reason to: a trigger arrived during the call
// ("again"), or it returned STATUS_SUCCESS ("call me again") and a frame is
// at the leading edge.  STATUS_SUCCESS with nothing queued stops the loop so
// that a Process that returns success without consuming cannot spin; any
// other status stops until the next trigger (item 62).
void PinQueue::runProcessLoop()
{
    for (;;) {
        NTSTATUS status;
        {
            CallbackScope scope;
            ProcessingMark mark(this);
            status = process_(pin_);
        }
        std::lock_guard lk(mutex_);
        const bool again = processAgain_;
        processAgain_ = false;
        if (!eligibleLocked() || !(again || (status == STATUS_SUCCESS && leading_.frame != nullptr))) {
            processingActive_ = false;
            cv_.notify_all();
            return;
        }
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
}

void PinQueue::attemptProcessing(bool asynchronous)
{
    ProcessAction action;
    {
        std::lock_guard lk(mutex_);
        action = claimProcessingLocked(asynchronous);
    }
    runProcessing(action);
}

void PinQueue::acquireProcessingMutex()
{
    if (tlsProcessing == this) {
        // The processing mutex is not recursive; Windows would deadlock here.
        logLine("KsPinAcquireProcessingMutex called from the pin's own Process dispatch: ignored");
        return;
    }
    std::unique_lock lk(mutex_);
    ++mutexWaiters_;
    cv_.wait(lk, [this] { return !processingActive_ && !mutexHeld_; });
    --mutexWaiters_;
    mutexHeld_ = true;
}

void PinQueue::releaseProcessingMutex()
{
    if (tlsProcessing == this) {
        return;  // pairs with the ignored acquire above
    }
    std::lock_guard lk(mutex_);
    if (!mutexHeld_) {
        return;
    }
    mutexHeld_ = false;
    cv_.notify_all();
    if (processAgain_ && eligibleLocked()) {
        // A trigger arrived while the mutex was held: run it, but not inside
        // the releasing driver's call stack.
        Worker::instance().post(&work_);
    }
}

void PinQueue::attachGate(PKSGATE gate, bool orGate)
{
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
    return std::make_unique<FilterProcessorImpl>(filter);
}

FilterProcessorImpl* FilterProcessorImpl::of(PKSFILTER filter)
{
    if (filter == nullptr) {
        return nullptr;
    }
    // Every FilterProcessor is a FilterProcessorImpl: create() is the only factory.
    return static_cast<FilterProcessorImpl*>(filterProcessor(filter));
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

FilterProcessorImpl::~FilterProcessorImpl()
{
    Worker::instance().cancel(&work_);
    std::unique_lock lk(mutex_);
    cv_.wait(lk, [this] { return !active_; });
    for (auto& entry : entries_) {
        if (entry->queue != nullptr) {
            entry->queue->setFilterProcessor(nullptr);
        }
        entry->magic = 0;
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
        count = std::max<std::size_t>(count, std::size_t(entry->pin->Id) + 1);
    }
    byId_.assign(count, {});
    for (const auto& entry : entries_) {
        byId_[entry->pin->Id].push_back(&entry->processPin);
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
    auto entry = std::make_unique<PinEntry>();
    entry->processPin = KSPROCESSPIN{};
    entry->processPin.Pin = pin;
    entry->magic = kProcessPinMagic;
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
    acquireMutex();
    {
        std::lock_guard lk(mutex_);
        auto it = std::find_if(entries_.begin(), entries_.end(), [pin](const auto& e) { return e->pin == pin; });
        if (it != entries_.end()) {
            if ((*it)->queue != nullptr) {
                (*it)->queue->setFilterProcessor(nullptr);
            }
            (*it)->magic = 0;
            entries_.erase(it);
            rebuildIndexLocked();
        }
    }
    releaseMutex();
}

void FilterProcessorImpl::queueDestroyed(PinQueue* queue)
{
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
            const bool active =
                queue != nullptr ? queue->participates() : entry->pin->DeviceState >= KSSTATE_PAUSE;
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
        if (entry->queue != nullptr && entry->queue->participates()) {
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
    for (auto& entry : entries_) {
        if (entry->queue != nullptr) {
            entry->queue->endProcessPin(&entry->processPin);
        }
    }
}

bool FilterProcessorImpl::claimLocked(bool asynchronous)
{
    if (process_ == nullptr) {
        return false;
    }
    if (active_ || mutexHeld_) {
        again_ = true;
        return false;
    }
    if (asynchronous || CallbackScope::active()) {
        Worker::instance().post(&work_);
        return false;
    }
    active_ = true;
    again_ = false;
    return true;
}

void FilterProcessorImpl::attempt(bool asynchronous)
{
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
            ran = true;
        }
        std::lock_guard lk(mutex_);
        const bool again = again_;
        again_ = false;
        if (!(again || (ran && status == STATUS_SUCCESS))) {
            active_ = false;
            cv_.notify_all();
            return;
        }
    }
}

void FilterProcessorImpl::workThunk(WorkItem* item)
{
    static_cast<FilterProcessorImpl*>(item->context)->attempt(false);
}

void FilterProcessorImpl::acquireMutex()
{
    if (tlsProcessing == this) {
        logLine("KsFilterAcquireProcessingMutex called from the filter's own Process dispatch: ignored");
        return;
    }
    std::unique_lock lk(mutex_);
    cv_.wait(lk, [this] { return !active_ && !mutexHeld_; });
    mutexHeld_ = true;
}

void FilterProcessorImpl::releaseMutex()
{
    if (tlsProcessing == this) {
        return;
    }
    std::lock_guard lk(mutex_);
    if (!mutexHeld_) {
        return;
    }
    mutexHeld_ = false;
    cv_.notify_all();
    if (again_ && process_ != nullptr) {
        Worker::instance().post(&work_);
    }
}

void FilterProcessorImpl::reset()
{
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
