/* SPDX-License-Identifier: MIT */
/* ksuser: creating pins, clocks, allocators and topology nodes relative to a filter or pin handle (user mode). */
#pragma once

/*
 * A pin is a child object of its filter: it is created by opening the
 * object class string of pins ("{146F1A80-4791-11D0-A5D6-28DB04C10000}",
 * KSSTRING_Pin), a '\' and the binary create parameters relative to the
 * filter handle.  KsCreatePin builds that name from a KSPIN_CONNECT that is
 * immediately followed in memory by its KSDATAFORMAT (FormatSize bytes, then
 * an 8-byte aligned attribute list when the format has
 * KSDATAFORMAT_ATTRIBUTES) and issues the create:
 *
 *   struct { KSPIN_CONNECT connect; KSDATAFORMAT_WAVEFORMATEX format; } request = ...;
 *   HANDLE pin;
 *   DWORD error = KsCreatePin(filter, &request.connect, GENERIC_WRITE | GENERIC_READ, &pin);
 *   if (error == ERROR_NO_MATCH) ...      // 1169: the pin does not take this format
 *
 * These are the user-mode (ksuser.dll) functions: they return a Win32
 * error code (0 = ERROR_SUCCESS), the translation of the driver's NTSTATUS
 * (RtlNtStatusToDosError): ERROR_NO_MATCH (1169) for a format or
 * interface/medium the pin does not accept, ERROR_INVALID_PARAMETER (87) for
 * a malformed connect or format or a pin id out of range,
 * ERROR_NO_SYSTEM_RESOURCES (1450) when the pin's instance limit is
 * reached, ERROR_INVALID_HANDLE for a bad parent handle.  On failure
 * *ConnectionHandle (or *ClockHandle, ...) is INVALID_HANDLE_VALUE.  The
 * created handle is always overlapped and is requested as UserMode.
 *
 * A minidriver's source that includes <openks/driver.h> sees the kernel
 * KsCreatePin (NTSTATUS, KernelMode) instead: that header defines
 * KsCreatePin as a macro, and then this header does not declare it.
 * Define KS_NO_CREATE_FUNCTIONS to declare none of these, as with Windows'
 * ks.h.
 *
 * Threads: any thread, concurrently.  Valid C11 and C++20.
 */

#include <openks/ks.h>

OPENKS_BEGIN_C

#ifndef KS_NO_CREATE_FUNCTIONS

#ifndef KsCreatePin
/*
 * Creates a pin of factory Connect->PinId on FilterHandle with the format
 * that follows *Connect.  DesiredAccess: GENERIC_WRITE for a pin data
 * flows into (IOCTL_KS_WRITE_STREAM), GENERIC_READ for one data flows out
 * of (IOCTL_KS_READ_STREAM), or both.  ERROR_INVALID_PARAMETER also for a
 * NULL Connect or ConnectionHandle and for a FormatSize below
 * sizeof(KSDATAFORMAT).
 */
DWORD WINAPI KsCreatePin(HANDLE FilterHandle, PKSPIN_CONNECT Connect, ACCESS_MASK DesiredAccess,
                         PHANDLE ConnectionHandle);
#endif

#ifndef KsCreateClock
/* Creates a clock on a pin that implements one (KSSTRING_Clock + KSCLOCK_CREATE); drivers without one fail it. */
DWORD WINAPI KsCreateClock(HANDLE ConnectionHandle, PKSCLOCK_CREATE ClockCreate, PHANDLE ClockHandle);
#endif

#ifndef KsCreateAllocator
/* Creates an allocator on a pin (KSSTRING_Allocator + KSALLOCATOR_FRAMING); drivers without one fail it. */
DWORD WINAPI KsCreateAllocator(HANDLE ConnectionHandle, PKSALLOCATOR_FRAMING AllocatorFraming, PHANDLE AllocatorHandle);
#endif

#ifndef KsCreateTopologyNode
/* Opens a topology node of a filter (KSSTRING_TopologyNode + KSNODE_CREATE); drivers without node objects fail it. */
DWORD WINAPI KsCreateTopologyNode(HANDLE ParentHandle, PKSNODE_CREATE NodeCreate, ACCESS_MASK DesiredAccess,
                                  PHANDLE NodeHandle);
#endif

#endif /* KS_NO_CREATE_FUNCTIONS */

OPENKS_END_C
