// SPDX-License-Identifier: MIT
// IRPs: the pool, IoCallDriver, IoCompleteRequest (exactly once), IoCancelIrp and the cancel spin lock.
#include "io/irp.h"

#include <cstring>
#include <mutex>
#include <new>

#include "io/bugcheck.h"

namespace openks::io {

enum class IrpState : uint8_t {
    Free,        // in the pool
    Active,      // owned by its issuer or a driver; may be completed
    Completing,  // inside IoCompleteRequest
    Completed,   // done; pinned by an IoCancelIrp still touching it
};

// An IRP and the I/O manager's bookkeeping for it.  Blocks are never freed,
// so a stale IRP pointer still lands on a block whose state says Free.
struct IrpBlock {
    IRP irp;
    uint64_t magic;
    // The issuer's (or driver owner's) reference, plus one per IoCancelIrp in progress.
    std::atomic<uint32_t> refs;
    std::atomic<IrpState> state;
    bool driverOwned;     // from IoAllocateIrp
    bool fileReference;   // holds a reference on Tail.Overlay.OriginalFileObject
    bool eventReference;  // holds a reference on UserEvent (an event object)
    CompletionSink sink;
    // The issuer's key and the file's outstanding set: read by
    // OutstandingIrps::cancel on other threads, which scans every block.
    // `outstanding` is published (release) once the IRP is set up and
    // cleared before the block goes back to the pool.
    std::atomic<void*> userKey;
    std::atomic<OutstandingIrps*> outstanding;
    IrpBlock* next;  // pool free list
};
static_assert(offsetof(IrpBlock, irp) == 0, "an IRP pointer is its block's address");

namespace {

constexpr uint64_t kIrpMagic = 0x6f6b732d69727021ULL;
constexpr size_t kSlabSize = 16;
// Free IRPs an issuing thread keeps for itself before giving them to the
// shared list.
constexpr uint32_t kThreadCacheSize = 16;

// Slabs of blocks, never freed, linked so that OutstandingIrps::cancel and
// the statistics can visit every IRP there is.
struct Slab {
    IrpBlock blocks[kSlabSize];
    Slab* next;
};

// Free IRPs, LIFO so the hot ones stay in cache: first the calling thread's
// own cache (no lock, no atomic), then a shared list under a mutex.  Only a
// thread that allocates IRPs caches the ones it frees (a thread that only
// completes or cancels gives them back to the shared list, where the
// issuers find them).  Slabs are never returned to the system: the pool
// only grows to the peak number of IRPs in flight plus at most
// kThreadCacheSize per issuing thread.
class IrpPool {
public:
    IrpBlock* take();
    void give(IrpBlock* block);
    Slab* slabs() const { return slabs_.load(std::memory_order_acquire); }
    IrpPoolStats stats() const;

private:
    friend struct ThreadCache;
    IrpBlock* grow();

    std::mutex lock_;
    IrpBlock* free_ = nullptr;
    std::atomic<Slab*> slabs_{nullptr};
    std::atomic<size_t> created_{0};
};

IrpPool& pool()
{
    // Never destroyed: IRPs may complete while static destructors run.
    static IrpPool* instance = new IrpPool;
    return *instance;
}

// A thread's private free list.  Its blocks go to the shared list when the
// thread exits.
struct ThreadCache {
    IrpBlock* head = nullptr;
    uint32_t count = 0;
    bool issuer = false;  // this thread has taken an IRP from the pool
    bool gone = false;    // destroyed (thread exit): later frees go to the shared list
    ~ThreadCache()
    {
        issuer = false;
        gone = true;
        if (head == nullptr) return;
        IrpPool& p = pool();
        std::lock_guard lock(p.lock_);
        while (IrpBlock* block = head) {
            head = block->next;
            block->next = p.free_;
            p.free_ = block;
        }
        count = 0;
    }
};
thread_local ThreadCache tIrpCache;

IrpBlock* IrpPool::take()
{
    ThreadCache& cache = tIrpCache;
    if (IrpBlock* block = cache.head) {
        cache.head = block->next;
        --cache.count;
        return block;
    }
    cache.issuer = !cache.gone;
    {
        std::lock_guard lock(lock_);
        if (IrpBlock* block = free_) {
            free_ = block->next;
            return block;
        }
    }
    return grow();
}

IrpBlock* IrpPool::grow()
{
    auto* slab = new (std::nothrow) Slab;
    if (slab == nullptr) return nullptr;
    for (IrpBlock& block : slab->blocks) {
        block.magic = kIrpMagic;
        block.refs.store(0, std::memory_order_relaxed);
        block.state.store(IrpState::Free, std::memory_order_relaxed);
        block.userKey.store(nullptr, std::memory_order_relaxed);
        block.outstanding.store(nullptr, std::memory_order_relaxed);
        block.next = nullptr;
    }
    std::lock_guard lock(lock_);
    created_.fetch_add(kSlabSize, std::memory_order_relaxed);
    for (size_t i = 1; i < kSlabSize; ++i) {
        slab->blocks[i].next = free_;
        free_ = &slab->blocks[i];
    }
    slab->next = slabs_.load(std::memory_order_relaxed);
    slabs_.store(slab, std::memory_order_release);
    return &slab->blocks[0];
}

void IrpPool::give(IrpBlock* block)
{
    ThreadCache& cache = tIrpCache;
    if (cache.issuer && cache.count < kThreadCacheSize) {
        block->next = cache.head;
        cache.head = block;
        ++cache.count;
        return;
    }
    std::lock_guard lock(lock_);
    block->next = free_;
    free_ = block;
}

IrpPoolStats IrpPool::stats() const
{
    IrpPoolStats stats;
    for (Slab* slab = slabs(); slab != nullptr; slab = slab->next) {
        for (const IrpBlock& block : slab->blocks) {
            ++stats.created;
            if (block.state.load(std::memory_order_acquire) == IrpState::Free) ++stats.free;
        }
    }
    return stats;
}

// memset through a pointer the compiler cannot see through: glibc's
// vectorised memset instead of the `rep stos` GCC inlines for a block of
// this size, whose start-up cost was a tenth of a whole request.
void* (*volatile const gZero)(void*, int, size_t) = std::memset;

IrpBlock* blockOf(PIRP irp)
{
    auto* block = reinterpret_cast<IrpBlock*>(irp);
    if (block->magic != kIrpMagic) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "pointer is not an IRP from the openks I/O manager",
                 reinterpret_cast<ULONG_PTR>(irp));
    }
    return block;
}

PIRP allocate(CCHAR stackSize, bool driverOwned)
{
    if (stackSize < 1 || stackSize > OPENKS_IRP_STACK_SIZE) return nullptr;
    IrpBlock* block = pool().take();
    if (block == nullptr) return nullptr;
    PIRP irp = &block->irp;
    // Zero (as IoAllocateIrp does) the fixed part and the IRP's own stack
    // locations; locations beyond StackCount are never reachable through
    // this IRP.
    const size_t used = offsetof(IRP, Stack) + sizeof(IO_STACK_LOCATION) * static_cast<size_t>(stackSize);
    gZero(static_cast<void*>(irp), 0, used);
    irp->Type = IO_TYPE_IRP;
    irp->Size = sizeof(IRP);
    irp->StackCount = stackSize;
    irp->CurrentLocation = static_cast<CHAR>(stackSize + 1);
    irp->Tail.Overlay.CurrentStackLocation = &irp->Stack[static_cast<unsigned char>(stackSize)];
    irp->ThreadListEntry.Flink = irp->ThreadListEntry.Blink = &irp->ThreadListEntry;
    block->driverOwned = driverOwned;
    block->fileReference = false;
    block->eventReference = false;
    block->sink = CompletionSink{};
    block->userKey.store(nullptr, std::memory_order_relaxed);
    block->next = nullptr;
    // Release: a canceller that pins the block from now on sees it reset
    // (in particular `outstanding`, cleared before it went to the pool).
    block->refs.store(1, std::memory_order_release);
    block->state.store(IrpState::Active, std::memory_order_release);
    return irp;
}

void release(IrpBlock* block)
{
    if (block->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    block->state.store(IrpState::Free, std::memory_order_release);
    pool().give(block);
}

// Pins an IRP that may be completing concurrently; fails once it is back in the pool.
bool tryPin(IrpBlock* block)
{
    uint32_t refs = block->refs.load(std::memory_order_acquire);
    do {
        if (refs == 0) return false;
    } while (!block->refs.compare_exchange_weak(refs, refs + 1, std::memory_order_acq_rel));
    return true;
}

[[noreturn]] void multipleCompletion(PIRP irp, IrpState state)
{
    bugCheck(MULTIPLE_IRP_COMPLETE_REQUESTS,
             "IoCompleteRequest was called for an IRP that is not active (completed twice, or never allocated)",
             reinterpret_cast<ULONG_PTR>(irp), static_cast<ULONG_PTR>(state));
}

void enterCompletion(IrpBlock* block)
{
    IrpState expected = IrpState::Active;
    if (!block->state.compare_exchange_strong(expected, IrpState::Completing, std::memory_order_acq_rel)) {
        multipleCompletion(&block->irp, expected);
    }
}

bool shouldInvoke(PIRP irp, const IO_STACK_LOCATION& location)
{
    if (location.CompletionRoutine == nullptr) return false;
    NTSTATUS status = irp->IoStatus.Status;
    if (NT_SUCCESS(status) && (location.Control & SL_INVOKE_ON_SUCCESS)) return true;
    if (!NT_SUCCESS(status) && (location.Control & SL_INVOKE_ON_ERROR)) return true;
    return __atomic_load_n(&irp->Cancel, __ATOMIC_ACQUIRE) && (location.Control & SL_INVOKE_ON_CANCEL);
}

// The I/O manager's part of completion, once every stack location is done:
// write-backs first, then the signals, then the IRP goes back.
void finishRequest(IrpBlock* block)
{
    PIRP irp = &block->irp;
    // Off the file's outstanding set: CancelIoEx and handle close no longer find it.
    block->outstanding.store(nullptr, std::memory_order_relaxed);
    NTSTATUS status = irp->IoStatus.Status;
    ULONG_PTR information = irp->IoStatus.Information;
    if (irp->Flags & IRP_BUFFERED_IO) {
        void* system = irp->AssociatedIrp.SystemBuffer;
        if ((irp->Flags & IRP_INPUT_OPERATION) && !NT_ERROR(status) && system != nullptr &&
            irp->UserBuffer != nullptr && information != 0) {
            std::memcpy(irp->UserBuffer, system, information);
        }
        if ((irp->Flags & IRP_DEALLOCATE_BUFFER) && system != nullptr) {
            ExFreePool(system);
            irp->AssociatedIrp.SystemBuffer = nullptr;
        }
    }

    PFILE_OBJECT file = irp->Tail.Overlay.OriginalFileObject;
    bool dropFile = block->fileReference && file != nullptr;
    PKEVENT event = irp->UserEvent != nullptr ? irp->UserEvent : (file != nullptr ? &file->Event : nullptr);
    PKEVENT dropEvent = block->eventReference ? irp->UserEvent : nullptr;
    CompletionSink sink = block->sink;
    void* userKey = block->userKey;

    if (PIO_STATUS_BLOCK iosb = irp->UserIosb) {
        iosb->Information = information;
        // Status last: a client polling it (HasOverlappedIoCompleted) then sees Information too.
        __atomic_store_n(&iosb->Status, status, __ATOMIC_RELEASE);
    }
    if (event != nullptr) KeSetEvent(event, IO_NO_INCREMENT, FALSE);
    if (sink.complete != nullptr) sink.complete(sink.context, userKey, status, information);

    block->state.store(IrpState::Completed, std::memory_order_release);
    release(block);
    if (dropEvent != nullptr) ObfDereferenceObject(dropEvent);
    // Last: dropping the file's last reference sends IRP_MJ_CLOSE, which
    // must come after every request on the file has completed.
    if (dropFile) ObfDereferenceObject(file);
}

// The cancel spin lock.  Not recursive: a thread that takes it twice, or
// releases it without holding it, stops the process.
std::mutex gCancelLock;
thread_local char tCancelMarker;
std::atomic<const char*> gCancelOwner{nullptr};

}  // namespace

PIRP allocateRequestIrp(CCHAR stackSize)
{
    return allocate(stackSize, false);
}

void freeRequestIrp(PIRP irp)
{
    if (irp == nullptr) return;
    IrpBlock* block = blockOf(irp);
    if (block->state.load(std::memory_order_acquire) != IrpState::Active) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "freeing an IRP that is not active",
                 reinterpret_cast<ULONG_PTR>(irp));
    }
    block->outstanding.store(nullptr, std::memory_order_relaxed);
    block->state.store(IrpState::Completed, std::memory_order_release);
    release(block);
}

void setIrpIssuer(PIRP irp, CompletionSink sink, void* userKey)
{
    IrpBlock* block = blockOf(irp);
    block->sink = sink;
    block->userKey.store(userKey, std::memory_order_relaxed);
}

void setIrpFileReference(PIRP irp, bool fileReference)
{
    blockOf(irp)->fileReference = fileReference;
}

void setIrpEventReference(PIRP irp, bool eventReference)
{
    blockOf(irp)->eventReference = eventReference;
}

void trackIrp(PIRP irp, OutstandingIrps* outstanding)
{
    // Release: a canceller that sees `outstanding` also sees the IRP set up.
    blockOf(irp)->outstanding.store(outstanding, std::memory_order_release);
}

IrpPoolStats irpPoolStats()
{
    return pool().stats();
}

bool OutstandingIrps::cancel(void* userKey, bool all)
{
    // Every IRP block there is, once: tracking costs the hot path one store
    // (trackIrp) instead of a locked list, and cancelling (rare) walks the
    // pool.  An IRP issued on this file after the walk passed its block is
    // not cancelled, as it would not have been on a list snapshot either.
    bool found = false;
    for (Slab* slab = pool().slabs(); slab != nullptr; slab = slab->next) {
        for (IrpBlock& block : slab->blocks) {
            if (block.outstanding.load(std::memory_order_relaxed) != this) continue;
            // Pinned, the IRP cannot go back to the pool (and be reused)
            // while IoCancelIrp, which calls driver code, touches it.
            if (!tryPin(&block)) continue;
            if (block.outstanding.load(std::memory_order_acquire) == this &&
                (all || block.userKey.load(std::memory_order_relaxed) == userKey)) {
                found = true;
                IoCancelIrp(&block.irp);
            }
            release(&block);
        }
    }
    return found;
}

size_t OutstandingIrps::size() const
{
    size_t count = 0;
    for (Slab* slab = pool().slabs(); slab != nullptr; slab = slab->next) {
        for (const IrpBlock& block : slab->blocks) {
            if (block.outstanding.load(std::memory_order_acquire) == this) ++count;
        }
    }
    return count;
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN /*ChargeQuota*/)
{
    return allocate(StackSize, true);
}

VOID NTAPI IoFreeIrp(PIRP Irp)
{
    if (Irp == nullptr) return;
    IrpBlock* block = blockOf(Irp);
    IrpState state = block->state.load(std::memory_order_acquire);
    if (!block->driverOwned || state != IrpState::Active) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION,
                 "IoFreeIrp of an IRP that IoAllocateIrp did not return, or that is in flight or already freed",
                 reinterpret_cast<ULONG_PTR>(Irp), static_cast<ULONG_PTR>(state));
    }
    block->state.store(IrpState::Completed, std::memory_order_release);
    release(block);
}

NTSTATUS NTAPI IoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    if (Irp->CurrentLocation <= 1) {
        bugCheck(NO_MORE_IRP_STACK_LOCATIONS, "IoCallDriver: the IRP has no stack location left",
                 reinterpret_cast<ULONG_PTR>(Irp));
    }
    --Irp->CurrentLocation;
    PIO_STACK_LOCATION location = --Irp->Tail.Overlay.CurrentStackLocation;
    location->DeviceObject = DeviceObject;
    PDRIVER_DISPATCH dispatch = nullptr;
    if (DeviceObject != nullptr && DeviceObject->DriverObject != nullptr &&
        location->MajorFunction <= IRP_MJ_MAXIMUM_FUNCTION) {
        dispatch = DeviceObject->DriverObject->MajorFunction[location->MajorFunction];
    }
    if (dispatch == nullptr) {
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    return dispatch(DeviceObject, Irp);
}

VOID NTAPI IoCompleteRequest(PIRP Irp, CCHAR /*PriorityBoost*/)
{
    if (Irp == nullptr) return;
    IrpBlock* block = blockOf(Irp);
    enterCompletion(block);
    if (Irp->CurrentLocation > Irp->StackCount + 1) multipleCompletion(Irp, IrpState::Completed);
    if (Irp->IoStatus.Status == STATUS_PENDING) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "IoCompleteRequest with IoStatus.Status == STATUS_PENDING",
                 reinterpret_cast<ULONG_PTR>(Irp));
    }

    // Pop the stack locations the drivers used, innermost first, running each
    // completion routine its caller registered in that location.
    while (Irp->CurrentLocation <= Irp->StackCount) {
        PIO_STACK_LOCATION location = Irp->Tail.Overlay.CurrentStackLocation;
        ++Irp->CurrentLocation;
        ++Irp->Tail.Overlay.CurrentStackLocation;
        Irp->PendingReturned = (location->Control & SL_PENDING_RETURNED) ? TRUE : FALSE;
        bool invoke = shouldInvoke(Irp, *location);
        PIO_COMPLETION_ROUTINE routine = location->CompletionRoutine;
        PVOID context = location->Context;
        location->Control = 0;
        location->CompletionRoutine = nullptr;
        location->Context = nullptr;
        if (invoke) {
            // The routine receives the device of the driver that registered
            // it (the location above), or NULL for the top-level issuer.
            bool top = Irp->CurrentLocation == Irp->StackCount + 1;
            PDEVICE_OBJECT device = top ? nullptr : Irp->Tail.Overlay.CurrentStackLocation->DeviceObject;
            // The routine may take the IRP back (STATUS_MORE_PROCESSING_REQUIRED)
            // and complete it again, even before returning.
            block->state.store(IrpState::Active, std::memory_order_release);
            if (routine(device, Irp, context) == STATUS_MORE_PROCESSING_REQUIRED) return;
            enterCompletion(block);
        } else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
            IoMarkIrpPending(Irp);
        }
    }
    finishRequest(block);
}

VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql)
{
    if (gCancelOwner.load(std::memory_order_relaxed) == &tCancelMarker) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "IoAcquireCancelSpinLock: this thread already holds it");
    }
    gCancelLock.lock();
    gCancelOwner.store(&tCancelMarker, std::memory_order_relaxed);
    if (Irql != nullptr) *Irql = PASSIVE_LEVEL;
}

VOID NTAPI IoReleaseCancelSpinLock(KIRQL /*Irql*/)
{
    if (gCancelOwner.load(std::memory_order_relaxed) != &tCancelMarker) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "IoReleaseCancelSpinLock: this thread does not hold it");
    }
    gCancelOwner.store(nullptr, std::memory_order_relaxed);
    gCancelLock.unlock();
}

BOOLEAN NTAPI IoCancelIrp(PIRP Irp)
{
    if (Irp == nullptr) return FALSE;
    IrpBlock* block = blockOf(Irp);
    // Pinned for the whole call: a completion racing with us cannot put the
    // IRP back in the pool (and someone else reuse it) while we touch it.
    if (!tryPin(block)) return FALSE;
    KIRQL irql;
    IoAcquireCancelSpinLock(&irql);
    __atomic_store_n(&Irp->Cancel, TRUE, __ATOMIC_RELEASE);
    PDRIVER_CANCEL routine = IoSetCancelRoutine(Irp, nullptr);
    if (routine != nullptr) {
        // Taking the routine made us the IRP's owner until the routine
        // completes it: the stack cannot move under us.
        Irp->CancelIrql = irql;
        PDEVICE_OBJECT device =
            Irp->CurrentLocation <= Irp->StackCount ? IoGetCurrentIrpStackLocation(Irp)->DeviceObject : nullptr;
        routine(device, Irp);  // releases the cancel spin lock
    } else {
        IoReleaseCancelSpinLock(irql);
    }
    release(block);
    return routine != nullptr ? TRUE : FALSE;
}

}  // extern "C"
