// SPDX-License-Identifier: MIT
// KEVENT waits beyond KeWaitForSingleObject: multi-object waits, event objects with handles, waitable handles.
#pragma once

#include <openks/ks/wdm.h>

#include <chrono>
#include <cstdint>

#include "io/object.h"
#include "io/requestor.h"

namespace openks::io {

// KEVENTs are futex-based.  KeSetEvent makes a system call only when a
// thread is blocked on the event; waits spin on nothing and block in the
// kernel.  Each wait takes a timeout with the Windows conventions: null =
// forever, negative = relative 100 ns units, 0 = poll, positive = absolute
// system time (KeQuerySystemTime units).
//
//   PKEVENT events[2] = {&done, &file->Event};
//   NTSTATUS s = waitForMultiple(events, 2, false, nullptr);   // STATUS_WAIT_0 + index
//
// Threads: any thread may wait or signal; an event must outlive its waits.

// A relative timeout for the wait functions (negative 100 ns units).
LARGE_INTEGER relativeTimeout(std::chrono::nanoseconds duration);

// Waits for one event; a synchronization event is consumed.
// STATUS_SUCCESS or STATUS_TIMEOUT; STATUS_INVALID_PARAMETER for a null event.
[[nodiscard]] NTSTATUS waitForEvent(PKEVENT event, const LARGE_INTEGER* timeout);

// Waits for `count` (1..MAXIMUM_WAIT_OBJECTS) events.  Wait-any returns
// STATUS_WAIT_0 + the lowest signalled index (consuming it if it is a
// synchronization event); wait-all returns STATUS_WAIT_0 once every event
// is signalled at the same time (consuming the synchronization ones).
// STATUS_TIMEOUT; STATUS_INVALID_PARAMETER for a bad count or a null entry.
[[nodiscard]] NTSTATUS waitForMultiple(PKEVENT const* events, ULONG count, bool waitAll, const LARGE_INTEGER* timeout);

// How many futex wake system calls KeSetEvent has made (tests prove that
// signalling an event nobody waits on makes none).
uint64_t eventWakeSyscalls();

// An event object (ExEventObjectType, body = KEVENT) with one reference for
// the caller.  STATUS_INSUFFICIENT_RESOURCES.  Any thread.
[[nodiscard]] NTSTATUS createEventObject(EVENT_TYPE type, bool initialState, ObjectRef<KEVENT>* event);

// Creates an event object and a handle to it (EVENT_ALL_ACCESS) in
// `requestor.handles`.  Statuses as createEventObject and HandleTable::insert.
[[nodiscard]] NTSTATUS createEvent(const Requestor& requestor, EVENT_TYPE type, bool initialState, HANDLE* handle);

// Resolves a handle that can be waited on: an event (its KEVENT) or a file
// (its FILE_OBJECT::Event, signalled by requests issued without an event).
// The handle needs SYNCHRONIZE for a UserMode requestor.  `object` keeps the
// KEVENT alive.  STATUS_INVALID_HANDLE, STATUS_ACCESS_DENIED,
// STATUS_OBJECT_TYPE_MISMATCH (neither an event nor a file).
[[nodiscard]] NTSTATUS referenceWaitable(const Requestor& requestor, HANDLE handle, ObjectRef<void>* object,
                                         PKEVENT* event);

}  // namespace openks::io
