/* SPDX-License-Identifier: MIT */
/* Translating an NTSTATUS into the Win32 error and HRESULT a Windows user-mode caller sees, and naming both. */
#pragma once

/*
 * A KS request completes with an NTSTATUS.  A Windows application never sees
 * that value: DeviceIoControl reports the Win32 error the NT status maps to
 * (RtlNtStatusToDosError), and ksproxy's KsSynchronousDeviceControl turns
 * that error into an HRESULT.  openks's user-mode API does the same, so a
 * client sees exactly the numbers it would see on Windows:
 *
 *   NTSTATUS s = STATUS_BUFFER_OVERFLOW;          // a size query's answer
 *   ULONG err = RtlNtStatusToDosError(s);         // 234, ERROR_MORE_DATA
 *   HRESULT hr = openks_HresultFromNtStatus(s);   // 0x800700EA
 *   printf("%s -> %s\n", openks_NtStatusName(s), openks_Win32ErrorName(err));
 *
 * The mapping is Windows' own table; ks-spec §11 lists the pairs KS clients
 * depend on.  Every function here is pure (no state, no locks, no
 * allocation) and may be called from any thread.  Valid C11 and C++20.
 */

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/*
 * RtlNtStatusToDosError: the Win32 error code Windows reports for Status.
 *
 * STATUS_SUCCESS gives 0 (ERROR_SUCCESS).  Other success and informational
 * codes map as Windows maps them, which is not always 0: STATUS_PENDING gives
 * ERROR_IO_PENDING (997), STATUS_MORE_ENTRIES ERROR_MORE_DATA (234),
 * STATUS_TIMEOUT ERROR_TIMEOUT (1460).  Customer codes (bit 29 set) come back
 * unchanged; 0xDxxxxxxx is read as 0xCxxxxxxx; a Win32 error wrapped as an
 * NTSTATUS (0xC007xxxx) or an HRESULT (0x8007xxxx) gives back xxxx.  A status
 * with no mapping gives ERROR_MR_MID_NOT_FOUND (317), as on Windows.
 * Unlike Windows, no per-thread "last status" is recorded.
 */
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status);

/*
 * openks_HresultFromNtStatus: the HRESULT ksproxy's KsSynchronousDeviceControl
 * returns for a request that completed with Status.
 *
 * S_OK (0) for every NT_SUCCESS status (including STATUS_MORE_ENTRIES and
 * STATUS_PENDING, which the caller has waited on); otherwise
 * HRESULT_FROM_WIN32(RtlNtStatusToDosError(Status)), e.g. 0x800700EA for
 * STATUS_BUFFER_OVERFLOW and 0x8007007A for STATUS_BUFFER_TOO_SMALL.
 */
HRESULT openks_HresultFromNtStatus(NTSTATUS Status);

/*
 * openks_NtStatusName: the symbolic name of Status ("STATUS_BUFFER_OVERFLOW")
 * for traces and tools.  A status without a name is written as hex text
 * ("0xC0001234") into a per-thread buffer that stays valid until the calling
 * thread's next call with an unnamed status.  Never returns NULL.
 */
const char* openks_NtStatusName(NTSTATUS Status);

/*
 * openks_Win32ErrorName: the symbolic name of a Win32 error code
 * ("ERROR_MORE_DATA").  An error without a name is written in decimal
 * ("4321") into a per-thread buffer, valid until the calling thread's next
 * call with an unnamed code.  Never returns NULL.
 */
const char* openks_Win32ErrorName(ULONG Error);

OPENKS_END_C
