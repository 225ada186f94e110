// SPDX-License-Identifier: MIT
// System threads (waitable thread objects), thread identity, ZwClose, ObReferenceObjectByPointer, delays and ticks.
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>

#include "io/handle_table.h"
#include "io/ke_runtime.h"
#include "io/object.h"

// The body of a thread object.  Header is signalled when the thread ends.
struct _KTHREAD {
    KEVENT Header;
    NTSTATUS ExitStatus;
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    ULONG_PTR ThreadId;
};

namespace openks::io {
namespace {

// The calling thread's object when PsCreateSystemThread started it.
thread_local PKTHREAD tSystemThread = nullptr;
// Identity of any other thread: a zeroed KEVENT-shaped token whose kind is
// not kKindThread, so that PsIsSystemThread can tell the two apart.
thread_local KEVENT tThreadToken{};
std::atomic<ULONG_PTR> gNextThreadId{4};

constexpr ACCESS_MASK kThreadAllAccess = THREAD_ALL_ACCESS;

void threadDelete(void* /*body*/) {}

_OBJECT_TYPE gThreadType = {
    "Thread",
    nullptr,
    threadDelete,
    STANDARD_RIGHTS_READ | 0x0048,
    STANDARD_RIGHTS_WRITE | 0x0037,
    STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
    kThreadAllAccess,
};

// Signals the thread object and drops the running thread's reference, also
// when PsTerminateSystemThread unwinds the thread (pthread_exit runs it).
struct ThreadExit {
    PKTHREAD thread;
    ~ThreadExit()
    {
        tSystemThread = nullptr;
        KeSetEvent(&thread->Header, 0, FALSE);
        ObfDereferenceObject(thread);
    }
};

void* threadMain(void* argument)
{
    auto* thread = static_cast<PKTHREAD>(argument);
    tSystemThread = thread;
    ThreadExit exit{thread};
    thread->StartRoutine(thread->StartContext);
    return nullptr;
}

int64_t monotonicNanoseconds()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

}  // namespace
}  // namespace openks::io

using namespace openks::io;

extern "C" {

static POBJECT_TYPE gThreadTypeName = &gThreadType;
POBJECT_TYPE* PsThreadType = &gThreadTypeName;

PKTHREAD NTAPI KeGetCurrentThread(VOID)
{
    if (tSystemThread != nullptr) return tSystemThread;
    return reinterpret_cast<PKTHREAD>(&tThreadToken);
}

PETHREAD NTAPI PsGetCurrentThread(VOID)
{
    return KeGetCurrentThread();
}

BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread)
{
    return Thread != nullptr && dispatcherKind(Thread) == kKindThread ? TRUE : FALSE;
}

NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess, POBJECT_ATTRIBUTES /*ObjectAttributes*/,
                                    HANDLE /*ProcessHandle*/, PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext)
{
    if (ThreadHandle == nullptr || StartRoutine == nullptr) return STATUS_INVALID_PARAMETER;
    *ThreadHandle = nullptr;
    void* body;
    NTSTATUS status = createObject(&gThreadType, sizeof(_KTHREAD), &body);
    if (!NT_SUCCESS(status)) return status;
    ObjectRef<_KTHREAD> thread = ObjectRef<_KTHREAD>::adopt(static_cast<PKTHREAD>(body));
    KeInitializeEvent(&thread->Header, NotificationEvent, FALSE);
    thread->Header.Reserved = kKindThread;
    thread->ExitStatus = STATUS_SUCCESS;
    thread->StartRoutine = StartRoutine;
    thread->StartContext = StartContext;
    thread->ThreadId = gNextThreadId.fetch_add(4, std::memory_order_relaxed);

    Requestor requestor = currentRequestor();
    HANDLE handle;
    status = requestor.handles->insert(thread.get(), DesiredAccess, &handle);
    if (!NT_SUCCESS(status)) return status;

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    ObfReferenceObject(thread.get());  // the running thread's reference, dropped by ThreadExit
    pthread_t id;
    int error = pthread_create(&id, &attributes, threadMain, thread.get());
    pthread_attr_destroy(&attributes);
    if (error != 0) {
        ObfDereferenceObject(thread.get());
        (void)requestor.handles->close(handle);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (ClientId != nullptr) {
        ClientId->UniqueProcess = reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(getpid()));
        ClientId->UniqueThread = reinterpret_cast<HANDLE>(thread->ThreadId);
    }
    *ThreadHandle = handle;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PKTHREAD thread = tSystemThread;
    if (thread == nullptr) return STATUS_INVALID_PARAMETER;
    thread->ExitStatus = ExitStatus;
    pthread_exit(nullptr);
}

NTSTATUS NTAPI ZwClose(HANDLE Handle)
{
    return currentRequestor().handles->close(Handle);
}

NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK /*DesiredAccess*/, POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE /*AccessMode*/)
{
    if (Object == nullptr) return STATUS_INVALID_PARAMETER;
    if (ObjectType != nullptr && objectType(Object) != ObjectType) return STATUS_OBJECT_TYPE_MISMATCH;
    ObfReferenceObject(Object);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE /*WaitMode*/, BOOLEAN /*Alertable*/, PLARGE_INTEGER Interval)
{
    if (Interval == nullptr) return STATUS_INVALID_PARAMETER;
    LONGLONG value = Interval->QuadPart;
    if (value != 0 && currentIrql() >= DISPATCH_LEVEL)
        reportDriverBug("KeDelayExecutionThread with a nonzero interval at DISPATCH_LEVEL");
    int64_t relative100ns;
    if (value <= 0) {
        relative100ns = value == LLONG_MIN ? LLONG_MAX : -value;
    } else {
        LARGE_INTEGER now;
        KeQuerySystemTime(&now);
        relative100ns = value > now.QuadPart ? value - now.QuadPart : 0;
    }
    if (relative100ns == 0) {
        sched_yield();
        return STATUS_SUCCESS;
    }
    constexpr int64_t kMaxSeconds = INT32_MAX;
    int64_t seconds = relative100ns / 10000000;
    timespec delay{static_cast<time_t>(seconds > kMaxSeconds ? kMaxSeconds : seconds),
                   static_cast<long>((relative100ns % 10000000) * 100)};
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
    return STATUS_SUCCESS;
}

VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds)
{
    int64_t until = monotonicNanoseconds() + int64_t{MicroSeconds} * 1000;
    while (monotonicNanoseconds() < until)
        __builtin_ia32_pause();
}

ULONG NTAPI KeQueryTimeIncrement(VOID)
{
    return 156250;
}

VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount)
{
    if (TickCount != nullptr)
        TickCount->QuadPart = static_cast<LONGLONG>(KeQueryInterruptTime() / KeQueryTimeIncrement());
}

ULONGLONG NTAPI KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp)
{
    ULONGLONG now = KeQueryInterruptTime();
    if (QpcTimeStamp != nullptr) *QpcTimeStamp = now;  // both count 100 ns of CLOCK_MONOTONIC
    return now;
}

}  // extern "C"
