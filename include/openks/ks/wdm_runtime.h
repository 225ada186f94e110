/* SPDX-License-Identifier: MIT */
/* The kernel runtime a WDM driver calls: IRQL, spin locks, dispatcher objects, timers and DPCs, threads, work items,
 * pool, MDLs, debug output. */
#pragma once

/*
 * The routines of wdm.h that are not the I/O manager, as a minidriver calls
 * them, emulated in user space:
 *
 *   KSPIN_LOCK lock;  KTIMER timer;  KDPC dpc;
 *   KeInitializeSpinLock(&lock);
 *   KeInitializeDpc(&dpc, FrameDpc, context);            // runs at DISPATCH_LEVEL
 *   KeInitializeTimerEx(&timer, NotificationTimer);
 *   LARGE_INTEGER due = {.QuadPart = -333333};           // 33.3 ms from now
 *   KeSetTimerEx(&timer, due, 33, &dpc);                 // then every 33 ms
 *   ...
 *   KIRQL old;
 *   KeAcquireSpinLock(&lock, &old);  ...  KeReleaseSpinLock(&lock, old);
 *   KeCancelTimer(&timer);  KeFlushQueuedDpcs();
 *
 * IRQL is emulated per thread: PASSIVE_LEVEL normally, DISPATCH_LEVEL while a
 * spin lock is held and inside DPC routines, APC_LEVEL while a fast mutex is
 * held.  Nothing is masked by it; it exists so that code checking
 * KeGetCurrentIrql() behaves as on Windows, and so that openks can report
 * (one line on stderr, never a crash) a blocking wait at DISPATCH_LEVEL.
 *
 * DPCs run one at a time on the DPC thread (one thread per process), so a
 * DPC routine never runs concurrently with itself nor with another DPC;
 * timers expire on a timer thread that runs no driver code.  Work items and
 * ExQueueWorkItem items run at PASSIVE_LEVEL on system worker threads.
 *
 * Layouts are openks's own (member names follow Windows where drivers see
 * them).  Every waitable object (KEVENT, KTIMER, KMUTEX, KSEMAPHORE, a thread
 * object) starts with a KEVENT, so KeWaitForSingleObject and
 * KeWaitForMultipleObjects take any of them.
 *
 * Included by <openks/ks/wdm.h>; valid C11 and C++20.  Threads: any thread
 * unless a comment says otherwise.
 */

#include <openks/ks/wdm.h>

OPENKS_BEGIN_C

/* ---- IRQL ---------------------------------------------------------------- */

#ifndef LOW_LEVEL
#define LOW_LEVEL 0
#endif
#ifndef CLOCK_LEVEL
#define CLOCK_LEVEL 13
#endif
#ifndef IPI_LEVEL
#define IPI_LEVEL 14
#endif
#ifndef POWER_LEVEL
#define POWER_LEVEL 14
#endif
#ifndef PROFILE_LEVEL
#define PROFILE_LEVEL 15
#endif
#ifndef HIGH_LEVEL
#define HIGH_LEVEL 15
#endif

/* The calling thread's emulated IRQL (PASSIVE_LEVEL on a fresh thread). */
KIRQL NTAPI KeGetCurrentIrql(VOID);
/* Raises the calling thread's IRQL to NewIrql and stores the previous one in
   *OldIrql.  A NewIrql below the current IRQL is a driver bug (Windows stops
   with IRQL_NOT_GREATER_OR_EQUAL): openks logs one line and sets it anyway. */
VOID NTAPI KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql);
/* Lowers the calling thread's IRQL to NewIrql (the value KeRaiseIrql stored).
   A NewIrql above the current IRQL is logged and set anyway. */
VOID NTAPI KeLowerIrql(KIRQL NewIrql);
/* KeRaiseIrql(DISPATCH_LEVEL, &old); returns old. */
KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID);

/* Critical regions disable normal kernel APCs on Windows; openks has no APCs,
   so these only count (per thread) and must pair. */
VOID NTAPI KeEnterCriticalRegion(VOID);
VOID NTAPI KeLeaveCriticalRegion(VOID);
/* TRUE while the calling thread is inside a critical region or guarded region. */
BOOLEAN NTAPI KeAreApcsDisabled(VOID);

/* ---- Spin locks ---------------------------------------------------------- */

/*
 * A KSPIN_LOCK (wintypes.h) is one word: 0 free, non-zero held.  The word is
 * the whole lock, so the Ks*CancelableQueue routines and these interoperate
 * on the same KSPIN_LOCK.  Not recursive: acquiring a lock the thread holds
 * deadlocks, as on Windows.  Waiters spin briefly, then yield the CPU (a user
 * thread holding a spin lock can be preempted).  Hold them for a few
 * instructions; never wait or call a driver with one held.
 */
VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock);
/* Raises to DISPATCH_LEVEL, takes the lock, stores the previous IRQL in *OldIrql. */
VOID NTAPI KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql);
/* Same, returning the previous IRQL. */
KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock);
/* Releases the lock and lowers the IRQL to NewIrql (what the acquire stored). */
VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
/* Take and release without touching the IRQL (caller already at DISPATCH_LEVEL, e.g. in a DPC). */
VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
/* One attempt without spinning; TRUE if taken.  IRQL unchanged. */
BOOLEAN NTAPI KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
/* For code that may run at PASSIVE or DISPATCH: raises only when below DISPATCH_LEVEL. */
KIRQL NTAPI KeAcquireSpinLockForDpc(PKSPIN_LOCK SpinLock);
VOID NTAPI KeReleaseSpinLockForDpc(PKSPIN_LOCK SpinLock, KIRQL OldIrql);
/* TRUE if the lock is free at the moment of the test (a hint only). */
BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock);

/* Queued spin locks: the handle lives on the acquiring thread's stack and
   remembers the lock and the previous IRQL.  openks takes the plain lock word
   (no MCS queue), so queued and ordinary acquires of one lock exclude each
   other. */
typedef struct _KSPIN_LOCK_QUEUE {
    struct _KSPIN_LOCK_QUEUE *volatile Next;
    PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
    KSPIN_LOCK_QUEUE LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

/* Raises to DISPATCH_LEVEL and takes SpinLock; LockHandle records both for the release. */
VOID NTAPI KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
/* Releases the lock LockHandle holds and restores its IRQL. */
VOID NTAPI KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
/* The AtDpcLevel forms leave the IRQL alone. */
VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- DPCs ---------------------------------------------------------------- */

typedef VOID(NTAPI KDEFERRED_ROUTINE)(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef enum _KDPC_IMPORTANCE { LowImportance = 0, MediumImportance = 1, HighImportance = 2 } KDPC_IMPORTANCE;

#define DPC_NORMAL 0
#define DPC_THREADED 1

/* A deferred procedure call.  Storage owned by the driver; the fields below
   DeferredRoutine belong to openks while the DPC is queued. */
struct _KDPC {
    UCHAR Type; /* DPC_NORMAL or DPC_THREADED */
    UCHAR Importance;
    volatile USHORT Number;
    LIST_ENTRY DpcListEntry; /* link in the DPC queue while queued */
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    volatile PVOID DpcData; /* non-NULL while queued */
};

/* Prepares a DPC: DeferredRoutine(Dpc, DeferredContext, arg1, arg2) will run
   at DISPATCH_LEVEL on the DPC thread each time the DPC is queued. */
VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext);
/* A threaded DPC: same queue and thread, but the routine runs at PASSIVE_LEVEL. */
VOID NTAPI KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext);
/*
 * Queues Dpc with the two arguments.  TRUE if queued; FALSE if it was already
 * queued (and not yet started: the pending call keeps its first arguments).
 * A DPC whose routine is running may be queued again: it runs once more
 * afterwards, never concurrently with itself.  Any IRQL, any thread.
 */
BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2);
/* Dequeues Dpc if it is queued and not yet started.  TRUE if it was queued.
   A routine already running is not waited for (see KeFlushQueuedDpcs). */
BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc);
/* Returns once every DPC queued before the call has run to completion.
   PASSIVE_LEVEL only: called from a DPC routine it logs and returns at once
   (it would wait for itself). */
VOID NTAPI KeFlushQueuedDpcs(VOID);
/* Accepted and ignored (one DPC thread; FIFO order). */
VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance);
VOID NTAPI KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number);

/* ---- Timers -------------------------------------------------------------- */

typedef enum _TIMER_TYPE { NotificationTimer = 0, SynchronizationTimer = 1 } TIMER_TYPE;

/* A kernel timer.  Header is its dispatcher state: signalled when it expires
   (a notification timer stays signalled until set again; a synchronization
   timer releases one waiter and resets).  The other members belong to openks
   while the timer is set. */
struct _KTIMER {
    KEVENT Header;
    ULARGE_INTEGER DueTime;    /* next expiry, monotonic 100 ns (KeQueryInterruptTime), while set */
    LIST_ENTRY TimerListEntry; /* Flink is non-NULL while set */
    PKDPC Dpc;
    ULONG Processor;
    LONG Period; /* milliseconds; 0 = one-shot */
};

/* KeInitializeTimerEx(Timer, NotificationTimer). */
VOID NTAPI KeInitializeTimer(PKTIMER Timer);
/* Prepares an unset, unsignalled timer of the given type. */
VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type);
/* KeSetTimerEx(Timer, DueTime, 0, Dpc). */
BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
/*
 * Sets the timer: it expires at DueTime (negative: relative, in 100 ns units;
 * positive: absolute system time as KeQuerySystemTime; 0 expires at once),
 * then every Period milliseconds if Period > 0.  Setting clears the signal
 * state.  At each expiry the Header is signalled and Dpc (if not NULL) is
 * queued with SystemArgument1/2 = the low/high 32 bits of the system time
 * (an expiry that finds the DPC still queued is coalesced with it).  A
 * periodic timer that falls a whole period behind skips the missed periods.
 * Returns TRUE if the timer was already set (it is reset).  Period < 0 is
 * treated as 0.  Any IRQL.
 */
BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc);
/* Unsets the timer.  TRUE if it was set.  The signal state is unchanged; a
   DPC the timer already queued still runs (KeFlushQueuedDpcs waits for it):
   once KeCancelTimer returns, the timer queues nothing more. */
BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer);
/* TRUE if the timer is signalled. */
BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer);

/* ---- Mutexes, semaphores, fast mutexes ----------------------------------- */

/*
 * A kernel mutex: waitable (KeWaitForSingleObject acquires it), recursive for
 * its owner thread (each wait must be paired with a KeReleaseMutex), signalled
 * while unowned.  Waiting for a mutex at DISPATCH_LEVEL is a driver bug.
 */
typedef struct _KMUTANT {
    KEVENT Header;
    LIST_ENTRY MutantListEntry; /* unused */
    struct _KTHREAD *volatile OwnerThread;
    LONG RecursionCount; /* acquisitions by OwnerThread not yet released */
    BOOLEAN Abandoned;
    UCHAR ApcDisable;
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

/* Prepares an unowned (signalled) mutex.  Level is ignored. */
VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level);
/* Releases one acquisition by the calling thread and returns the mutex's
   previous state (as KeReadStateMutex).  The last release makes it signalled
   and wakes one waiter.  A release by a thread that does not own it (Windows
   raises STATUS_MUTANT_NOT_OWNED) is logged and changes nothing.  Wait is ignored. */
LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait);
/* 1 if unowned, else 1 - RecursionCount (0 or negative). */
LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex);
#define KeWaitForMutexObject KeWaitForSingleObject

/* A counting semaphore: signalled while Count > 0; each satisfied wait takes one. */
typedef struct _KSEMAPHORE {
    KEVENT Header;
    LONG Limit;
    volatile LONG Count;
    KSPIN_LOCK Lock; /* guards Count against the header state */
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

/* Prepares a semaphore with Count (0..Limit) units and a maximum of Limit (> 0). */
VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit);
/* Adds Adjustment (> 0) units and returns the previous count.  Going above
   Limit (Windows raises STATUS_SEMAPHORE_LIMIT_EXCEEDED) is logged and changes
   nothing.  Increment and Wait are ignored. */
LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment, BOOLEAN Wait);
/* The current count. */
LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore);

/* An executive fast mutex: not recursive, not waitable; holding it raises the
   thread to APC_LEVEL. */
typedef struct _FAST_MUTEX {
    volatile LONG Count; /* 1 free, 0 owned, < 0 owned with waiters */
    struct _KTHREAD *volatile Owner;
    ULONG Contention;
    KEVENT Event;
    ULONG OldIrql;
} FAST_MUTEX, *PFAST_MUTEX;

VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex);
/* Blocks until the mutex is free, takes it and raises to APC_LEVEL.  Taking
   it again on the owning thread deadlocks, as on Windows. */
VOID NTAPI ExAcquireFastMutex(PFAST_MUTEX FastMutex);
/* Releases it and restores the IRQL the acquire saw.  Owner thread only. */
VOID NTAPI ExReleaseFastMutex(PFAST_MUTEX FastMutex);
/* Takes the mutex if free (raising to APC_LEVEL); FALSE without waiting otherwise. */
BOOLEAN NTAPI ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex);
/* The Unsafe forms leave the IRQL alone (caller is at APC_LEVEL or in a critical region). */
VOID NTAPI ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex);
VOID NTAPI ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex);

/* ---- Threads ------------------------------------------------------------- */

typedef VOID(NTAPI KSTART_ROUTINE)(PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

#ifndef OPENKS_OBJECT_ATTRIBUTES_DEFINED
#define OPENKS_OBJECT_ATTRIBUTES_DEFINED
/* What an object is created or opened as.  Kernel-side, only Attributes is read. */
typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length; /* sizeof(OBJECT_ATTRIBUTES) */
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes; /* OBJ_* */
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
#endif

#ifndef InitializeObjectAttributes
#define InitializeObjectAttributes(p, n, a, r, s) \
    do {                                          \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);  \
        (p)->RootDirectory = (r);                 \
        (p)->Attributes = (a);                    \
        (p)->ObjectName = (n);                    \
        (p)->SecurityDescriptor = (s);            \
        (p)->SecurityQualityOfService = NULL;     \
    } while (0)
#endif
#ifndef OBJ_KERNEL_HANDLE
#define OBJ_KERNEL_HANDLE 0x00000200
#endif
#ifndef THREAD_ALL_ACCESS
#define THREAD_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)
#endif

/* Thread objects (the body behind a PKTHREAD/PETHREAD): waitable, signalled
   when the thread has terminated. */
OPENKS_EXTERN_C POBJECT_TYPE *PsThreadType;

/*
 * Starts a system thread running StartRoutine(StartContext) at PASSIVE_LEVEL
 * and returns a handle to its thread object (DesiredAccess granted).  The
 * handle lives where every driver-made handle does: in the table
 * ObReferenceObjectByHandle and ZwClose use on the calling thread (the system
 * table outside any request dispatch), whatever OBJ_KERNEL_HANDLE says; so
 * reference it and close it in the same context, as drivers do:
 *
 *   HANDLE h;  PKTHREAD thread;
 *   PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine, ctx);
 *   ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType, KernelMode, (PVOID*)&thread, NULL);
 *   ZwClose(h);
 *   ...  KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
 *   ObDereferenceObject(thread);
 *
 * ProcessHandle is ignored (the host process).  ClientId, if not NULL,
 * receives the process id and the thread's id.  STATUS_INVALID_PARAMETER
 * (NULL ThreadHandle or StartRoutine), STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                    HANDLE ProcessHandle, PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext);
/* Ends the calling system thread (never returns when it succeeds; C++
   destructors on its stack run).  STATUS_INVALID_PARAMETER when the caller is
   not a thread PsCreateSystemThread started. */
NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus);
/* The calling thread's identity: its thread object for a system thread, else
   a per-thread token (not an object: do not wait on it or reference it). */
PKTHREAD NTAPI KeGetCurrentThread(VOID);
PETHREAD NTAPI PsGetCurrentThread(VOID);
/* TRUE if Thread (from KeGetCurrentThread) is a thread PsCreateSystemThread started. */
BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread);

/* Closes a handle in the calling thread's table (see PsCreateSystemThread).
   STATUS_INVALID_HANDLE for an unknown or closed handle. */
NTSTATUS NTAPI ZwClose(HANDLE Handle);
/* Adds a reference to an object the caller already holds.  STATUS_OBJECT_TYPE_MISMATCH
   if ObjectType is not NULL and is not the object's type.  Access is not checked. */
NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE AccessMode);

/* ---- Time ---------------------------------------------------------------- */

/*
 * Sleeps for Interval (negative: relative 100 ns units; positive: absolute
 * system time).  STATUS_SUCCESS.  A nonzero interval at DISPATCH_LEVEL is a
 * driver bug: logged, then slept anyway.  WaitMode and Alertable are ignored.
 */
NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval);
/* Busy-waits MicroSeconds (any IRQL; keep it short). */
VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds);
/* The number of clock ticks (KeQueryTimeIncrement units) since an arbitrary start. */
VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount);
/* The clock tick in 100 ns units: 156250 (15.625 ms), Windows's default. */
ULONG NTAPI KeQueryTimeIncrement(VOID);
typedef ULONG64 *PULONG64;

/* KeQueryInterruptTime (wdm.h) to full precision; *QpcTimeStamp (if not NULL)
   receives the matching KeQueryPerformanceCounter value. */
ULONGLONG NTAPI KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp);

/* ---- Work items ---------------------------------------------------------- */

typedef VOID(NTAPI IO_WORKITEM_ROUTINE)(PDEVICE_OBJECT DeviceObject, PVOID Context);
typedef IO_WORKITEM_ROUTINE *PIO_WORKITEM_ROUTINE;

/*
 * An I/O work item for DeviceObject (a device of the I/O manager), or NULL
 * for a NULL device or when memory runs out.  The device is referenced while the item is queued, so it
 * outlives the routine.  Free with IoFreeWorkItem once it is not queued.
 */
PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject);
/* Frees a work item.  Freeing one still queued is logged and leaks it instead. */
VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem);
/* Runs WorkerRoutine(DeviceObject, Context) at PASSIVE_LEVEL on a system
   worker thread.  Queuing an item again before its routine has started is a
   driver bug: logged and ignored.  QueueType is accepted and ignored. */
VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                           PVOID Context);
/* The size of an IO_WORKITEM, for IoInitializeWorkItem on driver storage
   (IoObject: a device or driver object of the I/O manager); such an item is
   queued with IoQueueWorkItem and released with IoUninitializeWorkItem. */
ULONG NTAPI IoSizeofWorkItem(VOID);
VOID NTAPI IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem);
VOID NTAPI IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem);
/* Runs WorkItem->WorkerRoutine(WorkItem->Parameter) at PASSIVE_LEVEL on a
   system worker thread (ExInitializeWorkItem fills the item). */
VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType);

/* ---- Pool ---------------------------------------------------------------- */

typedef ULONG64 POOL_FLAGS;

/* Low 32 bits are required flags (unknown ones fail the allocation); high 32 bits optional. */
#define POOL_FLAG_REQUIRED_START 0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_SESSION 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ULL
#define POOL_FLAG_RESERVED1 0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
#define POOL_FLAG_RESERVED2 0x0000000000000200ULL
#define POOL_FLAG_RESERVED3 0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END 0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START 0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL 0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END 0x8000000000000000ULL

/*
 * Allocates NumberOfBytes zeroed bytes (uninitialised with
 * POOL_FLAG_UNINITIALIZED), 16-byte aligned, 64-byte aligned with
 * POOL_FLAG_CACHE_ALIGNED.  Exactly one of POOL_FLAG_NON_PAGED,
 * POOL_FLAG_NON_PAGED_EXECUTE and POOL_FLAG_PAGED must be given.  NULL when
 * memory runs out, for Tag 0, for no or several pool types, or for a required
 * flag openks does not know (SESSION, RESERVED*, bits above PAGED).
 * POOL_FLAG_RAISE_ON_FAILURE cannot raise in openks: it stops the process on
 * failure instead.  Free with ExFreePool/ExFreePoolWithTag.
 */
PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);
/* ExAllocatePoolWithTag, zeroed / not zeroed. */
PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);

/* ---- MDLs ---------------------------------------------------------------- */

typedef SHORT CSHORT;
typedef ULONG_PTR PFN_NUMBER, *PPFN_NUMBER;

#ifndef PAGE_SIZE
#define PAGE_SIZE 0x1000
#endif
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif

/*
 * A memory descriptor list: a virtual buffer (StartVa, page aligned, plus
 * ByteOffset, ByteCount bytes).  In openks every address is already a system
 * address and nothing is paged, so building, locking and mapping only set
 * flags; the page-frame array that follows the MDL is zero.
 */
struct _MDL {
    struct _MDL *Next;
    CSHORT Size; /* bytes: the MDL and its page-frame array (saturates at 0x7fff, ~16 MB buffers) */
    CSHORT MdlFlags;
    PEPROCESS Process;
    PVOID MappedSystemVa;
    PVOID StartVa;
    ULONG ByteCount;
    ULONG ByteOffset;
};

#define MDL_MAPPED_TO_SYSTEM_VA 0x0001
#define MDL_PAGES_LOCKED 0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_ALLOCATED_FIXED_SIZE 0x0008
#define MDL_PARTIAL 0x0010
#define MDL_IO_SPACE 0x0800
#define MDL_MAPPING_CAN_FAIL 0x2000

typedef enum _LOCK_OPERATION { IoReadAccess = 0, IoWriteAccess = 1, IoModifyAccess = 2 } LOCK_OPERATION;
typedef enum _MM_PAGE_PRIORITY { LowPagePriority = 0, NormalPagePriority = 16, HighPagePriority = 32 } MM_PAGE_PRIORITY;
#define MdlMappingNoWrite 0x80000000
#define MdlMappingNoExecute 0x40000000

/*
 * Allocates an MDL describing Length bytes at VirtualAddress (not yet built:
 * call MmBuildMdlForNonPagedPool or MmProbeAndLockPages).  With Irp, the MDL
 * becomes Irp->MdlAddress (SecondaryBuffer FALSE) or is appended to that
 * chain (TRUE); whoever allocated it frees it.  NULL for Length 0 or above
 * 4 GB - 1 page, or when memory runs out.  ChargeQuota is ignored.
 */
PMDL NTAPI IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota, PIRP Irp);
/* Frees an MDL from IoAllocateMdl (not the buffer it describes). */
VOID NTAPI IoFreeMdl(PMDL Mdl);
/* Marks the MDL as describing nonpaged memory and sets MappedSystemVa. */
VOID NTAPI MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList);
/* Marks the pages locked (nothing is paged in openks).  Never raises. */
VOID NTAPI MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode, LOCK_OPERATION Operation);
VOID NTAPI MmUnlockPages(PMDL MemoryDescriptorList);
/* The buffer's address: MappedSystemVa once built, else StartVa + ByteOffset. */
PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode, ULONG CacheType,
                                         PVOID RequestedAddress, ULONG BugCheckOnFailure, ULONG Priority);
VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList);
/* The size an MDL for Length bytes at Base needs (with its page-frame array). */
SIZE_T NTAPI MmSizeOfMdl(PVOID Base, SIZE_T Length);

/* The described buffer's virtual address. */
static inline PVOID MmGetMdlVirtualAddress(const MDL *Mdl)
{
    return (PVOID)((PCHAR)Mdl->StartVa + Mdl->ByteOffset);
}

static inline ULONG MmGetMdlByteCount(const MDL *Mdl)
{
    return Mdl->ByteCount;
}

static inline ULONG MmGetMdlByteOffset(const MDL *Mdl)
{
    return Mdl->ByteOffset;
}

static inline PPFN_NUMBER MmGetMdlPfnArray(PMDL Mdl)
{
    return (PPFN_NUMBER)(Mdl + 1);
}

/* The buffer's system address (never NULL for a valid MDL in openks). */
static inline PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
    if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) return Mdl->MappedSystemVa;
    return MmMapLockedPagesSpecifyCache(Mdl, KernelMode, 1, NULL, FALSE, Priority);
}

/* ---- Debug output and assertions ----------------------------------------- */

#define DPFLTR_ERROR_LEVEL 0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL 2
#define DPFLTR_INFO_LEVEL 3
#define DPFLTR_MASK 0x80000000

/* The component ids a third-party driver uses (the full Windows list is longer). */
typedef enum _DPFLTR_TYPE {
    DPFLTR_SYSTEM_ID = 0,
    DPFLTR_IHVDRIVER_ID = 77,
    DPFLTR_IHVVIDEO_ID = 78,
    DPFLTR_IHVAUDIO_ID = 79,
    DPFLTR_IHVNETWORK_ID = 80,
    DPFLTR_IHVSTREAMING_ID = 81,
    DPFLTR_IHVBUS_ID = 82,
    DPFLTR_DEFAULT_ID = 101
} DPFLTR_TYPE;

/*
 * Writes formatted text to stderr (one write per call, so lines from several
 * threads do not interleave).  The format is the kernel's: besides the C
 * conversions, %wZ / %Z take a PUNICODE_STRING, %ws / %ls / %S a PCWSTR
 * (UTF-16, written as UTF-8), %I64d / %I64u / %I64x a 64-bit integer, %Id /
 * %Iu a pointer-sized one.  Returns STATUS_SUCCESS.
 */
ULONG DbgPrint(PCSTR Format, ...);
/*
 * DbgPrint filtered by Level: 0..31 is a severity (DPFLTR_ERROR_LEVEL ...
 * DPFLTR_INFO_LEVEL), above 31 a mask of them.  What prints is set by the
 * environment variable OPENKS_DBGPRINT_LEVEL (the highest severity shown,
 * default DPFLTR_INFO_LEVEL: everything standard prints; -1 silences).
 * ComponentId is accepted for every component.
 */
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
/*
 * A breakpoint.  With a debugger attached (ptrace) it raises SIGTRAP; with
 * none it logs one line and returns (Windows without a kernel debugger would
 * stop the system).
 */
VOID NTAPI DbgBreakPoint(VOID);
/* Reports a failed assertion (from ASSERT/NT_ASSERT): one line naming the
   expression, file and line, then stops the process (SIGTRAP instead when a
   debugger is attached, so that it can continue). */
VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage);

/* NT_VERIFY's value (the expression's truth), reporting a false one in DBG builds. */
static inline BOOLEAN openks_Verify(BOOLEAN ok, const char *expression, const char *file, ULONG line)
{
    if (!ok) RtlAssert((PVOID)expression, (PVOID)file, line, NULL);
    return ok;
}

static inline BOOLEAN openks_Verified(BOOLEAN ok)
{
    return ok;
}

/* Assertions and KdPrint are active only when DBG is defined non-zero, as in a
   Windows checked build; otherwise they compile to nothing (NT_VERIFY still
   evaluates its expression). */
#if defined(DBG) && DBG
#ifndef ASSERT
#define ASSERT(exp) ((exp) ? (void)0 : RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, NULL))
#endif
#ifndef ASSERTMSG
#define ASSERTMSG(msg, exp) ((exp) ? (void)0 : RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, (PSTR)(msg)))
#endif
#ifndef NT_ASSERT
#define NT_ASSERT(exp) ASSERT(exp)
#endif
#ifndef NT_ASSERTMSG
#define NT_ASSERTMSG(msg, exp) ASSERTMSG(msg, exp)
#endif
#ifndef NT_VERIFY
#define NT_VERIFY(exp) openks_Verify((exp) ? TRUE : FALSE, #exp, __FILE__, __LINE__)
#endif
#ifndef KdPrint
#define KdPrint(args) DbgPrint args
#endif
#ifndef KdPrintEx
#define KdPrintEx(args) DbgPrintEx args
#endif
#ifndef KdBreakPoint
#define KdBreakPoint() DbgBreakPoint()
#endif
#else
#ifndef ASSERT
#define ASSERT(exp) ((void)0)
#endif
#ifndef ASSERTMSG
#define ASSERTMSG(msg, exp) ((void)0)
#endif
#ifndef NT_ASSERT
#define NT_ASSERT(exp) ((void)0)
#endif
#ifndef NT_ASSERTMSG
#define NT_ASSERTMSG(msg, exp) ((void)0)
#endif
#ifndef NT_VERIFY
#define NT_VERIFY(exp) openks_Verified((exp) ? TRUE : FALSE)
#endif
#ifndef KdPrint
#define KdPrint(args) ((void)0)
#endif
#ifndef KdPrintEx
#define KdPrintEx(args) ((void)0)
#endif
#ifndef KdBreakPoint
#define KdBreakPoint() ((void)0)
#endif
#endif

OPENKS_END_C

#include <openks/ks/interlocked.h>
