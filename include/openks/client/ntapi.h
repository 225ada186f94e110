/* SPDX-License-Identifier: MIT */
/* The native (ntdll) calls some KS clients use instead of kernel32: NtCreateFile, NtDeviceIoControlFile, waits,
 * NtClose. */
#pragma once

/*
 * Some clients skip kernel32 and talk to the I/O manager directly: they
 * open devices and create pins with NtCreateFile, send requests with
 * NtDeviceIoControlFile and wait on the file handle when a request pends.
 * These calls return the NTSTATUS itself and fill an IO_STATUS_BLOCK:
 *
 *   IO_STATUS_BLOCK iosb;
 *   NTSTATUS s = NtDeviceIoControlFile(pin, NULL, NULL, NULL, &iosb, IOCTL_KS_WRITE_STREAM,
 *                                      NULL, 0, &header, header.Size);
 *   if (s == STATUS_PENDING) NtWaitForSingleObject(pin, FALSE, NULL);   // the handle is signalled
 *   s = iosb.Status;
 *
 * The kernel32 calls of <openks/client/win32.h> are built on the same
 * requests: an OVERLAPPED's Internal/InternalHigh are the IO_STATUS_BLOCK.
 * No APCs exist in openks: ApcRoutine must be NULL and Alertable is ignored.
 *
 * Threads: any thread, concurrently.  Valid C11 and C++20.
 */

#include <openks/ks/ntstatus.h>
#include <openks/ks/wdm.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* What NtCreateFile opens: ObjectName, relative to RootDirectory when that is not
   NULL (OBJECT_ATTRIBUTES comes from <openks/ks/wdm_runtime.h>).  Attributes
   (OBJ_*) are ignored: names always compare case-insensitively. */

OPENKS_STATIC_ASSERT(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES is 48 bytes on x64");

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

#ifndef OBJ_INHERIT
#define OBJ_INHERIT 0x00000002
#endif
#ifndef OBJ_CASE_INSENSITIVE
#define OBJ_CASE_INSENSITIVE 0x00000040
#endif
#ifndef OBJ_KERNEL_HANDLE
#define OBJ_KERNEL_HANDLE 0x00000200
#endif

/* NtCreateFile CreateDisposition. */
#ifndef FILE_SUPERSEDE
#define FILE_SUPERSEDE 0x00000000
#define FILE_OPEN 0x00000001
#define FILE_CREATE 0x00000002
#define FILE_OPEN_IF 0x00000003
#define FILE_OVERWRITE 0x00000004
#define FILE_OVERWRITE_IF 0x00000005
#endif

/* NtCreateFile CreateOptions (only the synchronous-I/O bits mean anything here). */
#ifndef FILE_SYNCHRONOUS_IO_ALERT
#define FILE_DIRECTORY_FILE 0x00000001
#define FILE_WRITE_THROUGH 0x00000002
#define FILE_SEQUENTIAL_ONLY 0x00000004
#define FILE_NO_INTERMEDIATE_BUFFERING 0x00000008
#define FILE_SYNCHRONOUS_IO_ALERT 0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020
#define FILE_NON_DIRECTORY_FILE 0x00000040
#endif

/* IO_STATUS_BLOCK.Information after a successful open. */
#ifndef FILE_OPENED
#define FILE_SUPERSEDED 0x00000000
#define FILE_OPENED 0x00000001
#define FILE_CREATED 0x00000002
#endif

/*
 * Opens a device (RootDirectory NULL; ObjectName is a device interface path,
 * "\??\openks#..." or "\\?\openks#...") or creates a child object relative
 * to RootDirectory (ObjectName is an object class string, '\' and binary
 * create parameters: how KsCreatePin works).  The handle is synchronous
 * when CreateOptions has FILE_SYNCHRONOUS_IO_ALERT or _NONALERT, overlapped
 * otherwise.  CreateDisposition must be FILE_OPEN or FILE_OPEN_IF.  The
 * other arguments are ignored.  Returns the driver's create status
 * (STATUS_SUCCESS, IoStatusBlock->Information = FILE_OPENED), or
 * STATUS_OBJECT_NAME_NOT_FOUND, STATUS_INVALID_HANDLE (bad RootDirectory),
 * STATUS_INVALID_PARAMETER (NULL pointers, a bad disposition), and
 * *FileHandle is then NULL.  The request is UserMode.
 */
NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                            ULONG EaLength);

/*
 * Issues an I/O control request.  Returns the status the driver returned:
 * STATUS_PENDING when it will complete later (IoStatusBlock is written at
 * completion, then Event, or FileHandle itself when Event is NULL, is
 * signalled; on a synchronous handle the call waits instead and returns the
 * final status).  A status returned at once is also in *IoStatusBlock and
 * Event (or the handle) is signalled as well.  STATUS_INVALID_HANDLE for a
 * bad FileHandle or Event (nothing is issued, nothing is written),
 * STATUS_INVALID_PARAMETER for a NULL IoStatusBlock or a non-NULL
 * ApcRoutine, STATUS_ACCESS_DENIED for a stream request the handle lacks
 * the access for.  Buffers and lengths reach the driver unvalidated.
 */
NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                     PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength);

/* Closes any handle.  STATUS_SUCCESS or STATUS_INVALID_HANDLE. */
NTSTATUS NTAPI NtClose(HANDLE Handle);

/*
 * Waits for an event or file handle.  Timeout NULL waits forever; a
 * negative value is relative, in 100 ns units (0 polls); a positive one is
 * an absolute system time.  STATUS_SUCCESS (STATUS_WAIT_0), STATUS_TIMEOUT,
 * STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH (not waitable).
 */
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout);

/*
 * Waits for any (WaitAny: STATUS_WAIT_0 + the lowest signalled index) or all
 * (WaitAll: STATUS_WAIT_0) of Count (1..MAXIMUM_WAIT_OBJECTS) handles.
 * Timeout as NtWaitForSingleObject.  STATUS_INVALID_PARAMETER for a bad
 * count or NULL Handles, STATUS_INVALID_HANDLE for a bad handle.
 */
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, HANDLE Handles[], WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout);

OPENKS_END_C
