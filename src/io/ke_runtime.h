// SPDX-License-Identifier: MIT
// Internals shared by the kernel runtime files: per-thread IRQL, driver-bug reports, dispatcher object kinds.
#pragma once

#include <openks/ks/wdm.h>

#include <cstdint>

namespace openks::io {

// The calling thread's emulated IRQL (PASSIVE_LEVEL on a fresh thread).
KIRQL currentIrql();
void setCurrentIrql(KIRQL irql);

// Reports a driver bug that Windows would stop on (a blocking wait at
// DISPATCH_LEVEL, releasing a mutex not owned...): one line on stderr, for the
// first 32 reports of the process; every report is counted.  Any thread.
void reportDriverBug(const char* what);
// How many reports were made (tests).
uint64_t driverBugReports();

// The kinds of dispatcher object, stored in the leading KEVENT's Reserved
// member (0 = plain event).  A waiter consults it for what a satisfied wait
// does beyond consuming the header's signal.
enum DispatcherKind : LONG {
    kKindEvent = 0,
    kKindTimer = 0x544d5254,      // 'TRMT'
    kKindMutex = 0x5854554d,      // 'MUTX'
    kKindSemaphore = 0x414d4553,  // 'SEMA'
    kKindThread = 0x44524854,     // 'THRD'
};

inline LONG dispatcherKind(const void* object)
{
    return static_cast<const KEVENT*>(object)->Reserved;
}

// Mutex and semaphore steps of a wait (ke_sync.cpp).  A wait on a mutex the
// caller owns succeeds without touching the header.
bool mutexOwnedByCaller(PKMUTEX mutex);
void mutexRecurse(PKMUTEX mutex);
// After the header's signal was consumed by a wait.
void mutexAcquired(PKMUTEX mutex);
void semaphoreAcquired(PKSEMAPHORE semaphore);

// The DPC thread is running a DPC routine on this thread.
bool onDpcThread();

}  // namespace openks::io
