/* SPDX-License-Identifier: MIT */
/* ksproxy's helpers: KsSynchronousDeviceControl (a device control that never pends, with an HRESULT) and
 * KsOpenDefaultDevice. */
#pragma once

/*
 * KsSynchronousDeviceControl sends one I/O control request and waits for
 * it, whatever the driver does: it issues the request overlapped with a
 * private event, waits if the driver pends it, and reports the outcome as
 * an HRESULT.  This is how ksproxy and most KS clients read and write
 * properties:
 *
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_Pin; p.Id = KSPROPERTY_PIN_DATARANGES; p.Flags = KSPROPERTY_TYPE_GET;
 *   ULONG size = 0;
 *   HRESULT hr = KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &p, sizeof p, NULL, 0, &size);
 *   if (hr == HRESULT_FROM_WIN32(ERROR_MORE_DATA)) { ... allocate size bytes, ask again ... }
 *
 * Threads: any thread, concurrently.  Valid C11 and C++20.
 */

#include <openks/ks.h>

OPENKS_BEGIN_C

/*
 * Returns S_OK when the request completes with any success status
 * (STATUS_MORE_ENTRIES included), otherwise HRESULT_FROM_WIN32 of the Win32
 * translation of the final NTSTATUS: 0x800700EA (ERROR_MORE_DATA) for a
 * size query answered with STATUS_BUFFER_OVERFLOW, 0x8007007A
 * (ERROR_INSUFFICIENT_BUFFER), 0x80070490 (ERROR_NOT_FOUND, unknown
 * property id), 0x80070492 (ERROR_SET_NOT_FOUND, unknown property set),
 * 0x80070006 (ERROR_INVALID_HANDLE) for a bad handle.
 *
 * *BytesReturned (may be NULL) receives the final byte count on success
 * and on warning statuses: after a zero-length query of a variable-size
 * property it is the size the answer needs.  It is 0 after an error.
 */
HRESULT WINAPI KsSynchronousDeviceControl(HANDLE Handle, ULONG IoControl, PVOID InBuffer, ULONG InLength,
                                          PVOID OutBuffer, ULONG OutLength, PULONG BytesReturned);

/*
 * Opens the first device interface of Category (in the order
 * SetupDiEnumDeviceInterfaces gives) with Access, overlapped.  S_OK and
 * *DeviceHandle, or HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) when the
 * category has no device, or the HRESULT of the open's failure; on failure
 * *DeviceHandle is INVALID_HANDLE_VALUE.
 */
HRESULT WINAPI KsOpenDefaultDevice(REFGUID Category, ACCESS_MASK Access, PHANDLE DeviceHandle);

OPENKS_END_C
