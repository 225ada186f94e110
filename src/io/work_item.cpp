// SPDX-License-Identifier: MIT
// System worker threads: ExQueueWorkItem and the I/O work items (IoAllocateWorkItem, IoQueueWorkItem).
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <new>
#include <thread>

#include "io/ke_runtime.h"

struct _IO_WORKITEM {
    WORK_QUEUE_ITEM Item;
    PVOID IoObject;  // the device (or driver) object, referenced while queued
    PIO_WORKITEM_ROUTINE Routine;
    PVOID Context;
    std::atomic<bool> Queued;
};

namespace openks::io {
namespace {

// Items run at PASSIVE_LEVEL on a pool of system threads that grows (up to
// kMaxThreads) whenever more items wait than threads are idle, so an item
// that blocks on a later item does not deadlock the queue.  Threads stay for
// the life of the process.  Items are linked through their own List entry.
class SystemWorkers {
public:
    static SystemWorkers& instance()
    {
        static SystemWorkers* workers = new SystemWorkers;  // never destroyed: threads may outlive statics
        return *workers;
    }

    void queue(PWORK_QUEUE_ITEM item)
    {
        std::lock_guard lock(mutex_);
        InsertTailList(&queue_, &item->List);
        ++queued_;
        if (queued_ > idle_ && threads_ < kMaxThreads) {
            ++threads_;
            std::thread([this] { run(); }).detach();
        } else {
            wake_.notify_one();
        }
    }

private:
    static constexpr unsigned kMaxThreads = 16;

    SystemWorkers() { InitializeListHead(&queue_); }

    void run()
    {
        std::unique_lock lock(mutex_);
        for (;;) {
            ++idle_;
            wake_.wait(lock, [this] { return !IsListEmpty(&queue_); });
            --idle_;
            auto* item = CONTAINING_RECORD(RemoveHeadList(&queue_), WORK_QUEUE_ITEM, List);
            --queued_;
            item->List.Flink = item->List.Blink = nullptr;
            PWORKER_THREAD_ROUTINE routine = item->WorkerRoutine;
            PVOID parameter = item->Parameter;
            lock.unlock();
            // The routine may free or requeue its item: it is not touched after.
            setCurrentIrql(PASSIVE_LEVEL);
            if (routine != nullptr) routine(parameter);
            if (currentIrql() != PASSIVE_LEVEL) {
                reportDriverBug("a work item routine returned above PASSIVE_LEVEL");
                setCurrentIrql(PASSIVE_LEVEL);
            }
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    LIST_ENTRY queue_;
    unsigned threads_ = 0;
    unsigned idle_ = 0;
    unsigned queued_ = 0;
};

VOID NTAPI runIoWorkItem(PVOID parameter)
{
    auto* item = static_cast<PIO_WORKITEM>(parameter);
    PVOID object = item->IoObject;
    PIO_WORKITEM_ROUTINE routine = item->Routine;
    PVOID context = item->Context;
    item->Queued.store(false, std::memory_order_release);  // the routine may queue or free it again
    routine(static_cast<PDEVICE_OBJECT>(object), context);
    ObfDereferenceObject(object);
}

}  // namespace
}  // namespace openks::io

using namespace openks::io;

extern "C" {

VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE /*QueueType*/)
{
    if (WorkItem == nullptr) return;
    SystemWorkers::instance().queue(WorkItem);
}

ULONG NTAPI IoSizeofWorkItem(VOID)
{
    return sizeof(_IO_WORKITEM);
}

VOID NTAPI IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem)
{
    if (IoWorkItem == nullptr) return;
    auto* item = new (IoWorkItem) _IO_WORKITEM;
    item->Item.List.Flink = item->Item.List.Blink = nullptr;
    item->Item.WorkerRoutine = runIoWorkItem;
    item->Item.Parameter = item;
    item->IoObject = IoObject;
    item->Routine = nullptr;
    item->Context = nullptr;
    item->Queued.store(false, std::memory_order_relaxed);
}

VOID NTAPI IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem)
{
    if (IoWorkItem != nullptr) IoWorkItem->~_IO_WORKITEM();
}

PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    if (DeviceObject == nullptr) return nullptr;
    void* storage = ::operator new(sizeof(_IO_WORKITEM), std::nothrow);
    if (storage == nullptr) return nullptr;
    auto* item = static_cast<PIO_WORKITEM>(storage);
    IoInitializeWorkItem(DeviceObject, item);
    return item;
}

VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    if (IoWorkItem == nullptr) return;
    if (IoWorkItem->Queued.load(std::memory_order_acquire)) {
        reportDriverBug("IoFreeWorkItem on a queued work item (leaked instead)");
        return;
    }
    IoUninitializeWorkItem(IoWorkItem);
    ::operator delete(IoWorkItem);
}

VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                           PVOID Context)
{
    if (IoWorkItem == nullptr || WorkerRoutine == nullptr) return;
    if (IoWorkItem->Queued.exchange(true, std::memory_order_acq_rel)) {
        reportDriverBug("IoQueueWorkItem on a work item already queued (ignored)");
        return;
    }
    IoWorkItem->Routine = WorkerRoutine;
    IoWorkItem->Context = Context;
    ObfReferenceObject(IoWorkItem->IoObject);
    ExQueueWorkItem(&IoWorkItem->Item, QueueType);
}

}  // extern "C"
