// SPDX-License-Identifier: MIT
// KS workers (KsRegisterWorker and friends): one thread per worker runs queued WORK_QUEUE_ITEMs in order.

#include <openks/driver.h>

#include <condition_variable>
#include <mutex>
#include <new>
#include <thread>

namespace {

// A worker owns one thread.  Queued items are linked through their own
// WORK_QUEUE_ITEM::List (no allocation per item); an item is queued at most
// once at a time.  The counted variant keeps a count of pending requests for
// its single item (KsIncrementCountedWorker / KsDecrementCountedWorker).
struct Worker {
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    LIST_ENTRY queue_{};
    bool stopping_ = false;
    bool running_ = false;  // an item's routine is running
    PWORK_QUEUE_ITEM countedItem_ = nullptr;
    ULONG count_ = 0;
    std::thread thread_;

    Worker() { queue_.Flink = queue_.Blink = &queue_; }

    bool isQueued(PWORK_QUEUE_ITEM item)
    {
        for (PLIST_ENTRY e = queue_.Flink; e != &queue_; e = e->Flink)
            if (e == &item->List) return true;
        return false;
    }

    void enqueue(PWORK_QUEUE_ITEM item)
    {
        item->List.Flink = &queue_;
        item->List.Blink = queue_.Blink;
        queue_.Blink->Flink = &item->List;
        queue_.Blink = &item->List;
        wake_.notify_one();
    }

    void run()
    {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stopping_ || queue_.Flink != &queue_; });
            if (queue_.Flink == &queue_) return;  // stopping and drained
            PLIST_ENTRY e = queue_.Flink;
            queue_.Flink = e->Flink;
            e->Flink->Blink = &queue_;
            e->Flink = e->Blink = nullptr;
            auto* item = reinterpret_cast<PWORK_QUEUE_ITEM>(e);
            running_ = true;
            lock.unlock();
            // Never call driver code with the lock held.
            if (item->WorkerRoutine != nullptr) item->WorkerRoutine(item->Parameter);
            lock.lock();
            running_ = false;
            idle_.notify_all();
        }
    }
};

NTSTATUS registerWorker(PWORK_QUEUE_ITEM counted, PKSWORKER* out)
{
    if (out == nullptr) return STATUS_INVALID_PARAMETER;
    *out = nullptr;
    auto* worker = new (std::nothrow) Worker;
    if (worker == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    worker->countedItem_ = counted;
    try {
        worker->thread_ = std::thread([worker] { worker->run(); });
    } catch (...) {
        delete worker;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *out = worker;
    return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

// The queue type only picks a thread priority on Windows; every openks worker
// is an ordinary thread.  Critical/Delayed/HyperCritical are accepted,
// anything else is STATUS_INVALID_PARAMETER as on Windows.
NTSTATUS NTAPI KsRegisterWorker(WORK_QUEUE_TYPE WorkQueueType, PKSWORKER* Worker)
{
    if (WorkQueueType != CriticalWorkQueue && WorkQueueType != DelayedWorkQueue &&
        WorkQueueType != HyperCriticalWorkQueue)
        return STATUS_INVALID_PARAMETER;
    return registerWorker(nullptr, Worker);
}

NTSTATUS NTAPI KsRegisterCountedWorker(WORK_QUEUE_TYPE WorkQueueType, PWORK_QUEUE_ITEM CountedWorkItem,
                                       PKSWORKER* Worker)
{
    if (CountedWorkItem == nullptr) return STATUS_INVALID_PARAMETER;
    if (WorkQueueType != CriticalWorkQueue && WorkQueueType != DelayedWorkQueue &&
        WorkQueueType != HyperCriticalWorkQueue)
        return STATUS_INVALID_PARAMETER;
    return registerWorker(CountedWorkItem, Worker);
}

// Waits until every queued item has run, then stops the thread.  Must not be
// called from the worker's own thread (that would wait for itself).
void NTAPI KsUnregisterWorker(PKSWORKER Worker)
{
    auto* worker = static_cast<::Worker*>(Worker);
    if (worker == nullptr) return;
    {
        std::lock_guard lock(worker->mutex_);
        worker->stopping_ = true;
        worker->wake_.notify_all();
    }
    if (worker->thread_.joinable()) {
        if (worker->thread_.get_id() == std::this_thread::get_id())
            worker->thread_.detach();  // misuse: leak rather than deadlock
        else
            worker->thread_.join();
    }
    delete worker;
}

// Queues WorkItem on Worker.  An item already queued (not yet started) is not
// queued again.  STATUS_SUCCESS; STATUS_INVALID_PARAMETER for NULL arguments
// or a worker being unregistered.
NTSTATUS NTAPI KsQueueWorkItem(PKSWORKER Worker, PWORK_QUEUE_ITEM WorkItem)
{
    auto* worker = static_cast<::Worker*>(Worker);
    if (worker == nullptr || WorkItem == nullptr) return STATUS_INVALID_PARAMETER;
    std::lock_guard lock(worker->mutex_);
    if (worker->stopping_) return STATUS_INVALID_PARAMETER;
    if (!worker->isQueued(WorkItem)) worker->enqueue(WorkItem);
    return STATUS_SUCCESS;
}

// Counted workers: the count is the number of requests outstanding.  The
// counted item is queued when the count goes 0 -> 1; its routine calls
// KsDecrementCountedWorker after each unit of work and loops while the result
// is non-zero.  Both return the new count (0 for a non-counted worker).
ULONG NTAPI KsIncrementCountedWorker(PKSWORKER Worker)
{
    auto* worker = static_cast<::Worker*>(Worker);
    if (worker == nullptr || worker->countedItem_ == nullptr) return 0;
    std::lock_guard lock(worker->mutex_);
    ULONG count = ++worker->count_;
    if (count == 1 && !worker->stopping_ && !worker->isQueued(worker->countedItem_))
        worker->enqueue(worker->countedItem_);
    return count;
}

ULONG NTAPI KsDecrementCountedWorker(PKSWORKER Worker)
{
    auto* worker = static_cast<::Worker*>(Worker);
    if (worker == nullptr || worker->countedItem_ == nullptr) return 0;
    std::lock_guard lock(worker->mutex_);
    if (worker->count_ > 0) --worker->count_;
    return worker->count_;
}

}  // extern "C"
