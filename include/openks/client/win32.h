/* SPDX-License-Identifier: MIT */
/* The kernel32 calls KS clients make (files, device I/O control, OVERLAPPED, events, waits, last error), on openks. */
#pragma once

/*
 * A Windows KS client opens a filter with CreateFile, sends properties and
 * stream requests with DeviceIoControl, and waits for overlapped requests
 * with events, GetOverlappedResult and WaitForMultipleObjects.  openks
 * provides those calls with their Windows names, signatures and documented
 * behaviour, so client source compiles and behaves unchanged:
 *
 *   HANDLE filter = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
 *                               FILE_FLAG_OVERLAPPED, NULL);
 *   OVERLAPPED ov = {0};
 *   ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
 *   if (!DeviceIoControl(pin, IOCTL_KS_WRITE_STREAM, NULL, 0, &header, header.Size, NULL, &ov)
 *       && GetLastError() != ERROR_IO_PENDING) {
 *       ... failed ...
 *   }
 *   WaitForSingleObject(ov.hEvent, INFINITE);     // or GetOverlappedResult(pin, &ov, &n, TRUE)
 *
 * Handles.  Every handle these calls return (files, pins, events) lives in
 * the process's handle table: CloseHandle closes any of them, and a handle
 * value is never a pointer.  A bad, closed or NULL handle makes a call fail
 * with ERROR_INVALID_HANDLE; it never crashes.
 *
 * Synchronous and overlapped handles.  A handle opened without
 * FILE_FLAG_OVERLAPPED is synchronous: a request that the driver pends is
 * waited for inside the call, as on Windows.  Pin handles (KsCreatePin) are
 * always overlapped.  On an overlapped handle a request that pends makes
 * DeviceIoControl return FALSE with ERROR_IO_PENDING; its OVERLAPPED must
 * stay valid until it completes.  OVERLAPPED.Internal and InternalHigh are
 * the request's IO_STATUS_BLOCK (final NTSTATUS and byte count), written
 * before hEvent is set.  A request issued without an event signals the file
 * handle itself, so the handle can be waited on.
 *
 * Errors.  Calls that fail set the calling thread's last error
 * (GetLastError) to the Win32 code Windows reports: the NTSTATUS a driver
 * completed with is translated by RtlNtStatusToDosError (<openks/ks/status.h>).
 *
 * Threads: every function may be called from any thread, concurrently;
 * GetLastError/SetLastError are per thread.  Valid C11 and C++20.
 */

#include <openks/ks/ntstatus.h>
#include <openks/ks/winerror.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* ---- Types ------------------------------------------------------------------- */

/*
 * The state of one overlapped request (32 bytes, the x64 Windows layout).
 * Internal is the NTSTATUS (STATUS_PENDING until completion) and
 * InternalHigh the byte count: together they are the request's
 * IO_STATUS_BLOCK.  Offset/OffsetHigh/Pointer are not used by device I/O
 * control.  hEvent, if not NULL, is set when the request completes, also
 * when it completes at once.
 */
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    union {
        struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *POVERLAPPED, *LPOVERLAPPED;

OPENKS_STATIC_ASSERT(sizeof(OVERLAPPED) == 32, "OVERLAPPED is 32 bytes on x64");

/* Accepted and ignored: openks has no security descriptors and no handle inheritance. */
typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

#ifndef OPENKS_HWND_DEFINED
#define OPENKS_HWND_DEFINED
/* A window; only ever passed as NULL (SetupDiGetClassDevs' hwndParent). */
typedef struct HWND__ *HWND;
#endif

/* ---- Constants --------------------------------------------------------------- */

#ifndef GENERIC_READ
#define GENERIC_READ 0x80000000
#endif
#ifndef GENERIC_WRITE
#define GENERIC_WRITE 0x40000000
#endif
#ifndef GENERIC_EXECUTE
#define GENERIC_EXECUTE 0x20000000
#endif
#ifndef GENERIC_ALL
#define GENERIC_ALL 0x10000000
#endif

/* Share modes: accepted and ignored (a filter is never exclusive; pin instance counts are). */
#define FILE_SHARE_READ 0x00000001
#define FILE_SHARE_WRITE 0x00000002
#define FILE_SHARE_DELETE 0x00000004

/* Creation dispositions (a device is only ever opened, whichever is given). */
#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5

#define FILE_ATTRIBUTE_READONLY 0x00000001
#define FILE_ATTRIBUTE_HIDDEN 0x00000002
#define FILE_ATTRIBUTE_SYSTEM 0x00000004
#define FILE_ATTRIBUTE_ARCHIVE 0x00000020
#define FILE_ATTRIBUTE_DEVICE 0x00000040
#define FILE_ATTRIBUTE_NORMAL 0x00000080

#define FILE_FLAG_WRITE_THROUGH 0x80000000
#define FILE_FLAG_OVERLAPPED 0x40000000
#define FILE_FLAG_NO_BUFFERING 0x20000000
#define FILE_FLAG_RANDOM_ACCESS 0x10000000
#define FILE_FLAG_SEQUENTIAL_SCAN 0x08000000

/* Wait results. */
#define WAIT_OBJECT_0 0x00000000
#define WAIT_ABANDONED 0x00000080
#define WAIT_ABANDONED_0 0x00000080
#define WAIT_IO_COMPLETION 0x000000C0
#define WAIT_TIMEOUT 258
#define WAIT_FAILED ((DWORD)0xFFFFFFFF)
#define INFINITE 0xFFFFFFFF
#ifndef MAXIMUM_WAIT_OBJECTS
#define MAXIMUM_WAIT_OBJECTS 64
#endif

/* True once the request an OVERLAPPED describes has completed (Internal is no longer STATUS_PENDING). */
#define HasOverlappedIoCompleted(lpOverlapped) (((DWORD)(lpOverlapped)->Internal) != (DWORD)STATUS_PENDING)

/* ---- Files and device I/O control ------------------------------------------- */

/*
 * CreateFileA / CreateFileW: opens a device interface path as enumerated
 * (SetupDiGetDeviceInterfaceDetail, "\\?\openks#..."; matched
 * case-insensitively).  dwDesiredAccess is GENERIC_READ and/or
 * GENERIC_WRITE (a WRITE_STREAM needs write access, a READ_STREAM read
 * access); dwShareMode, lpSecurityAttributes, hTemplateFile and the
 * attribute bits are ignored; dwCreationDisposition must be one of
 * CREATE_NEW..TRUNCATE_EXISTING and changes nothing (a device is only ever
 * opened; clients pass OPEN_EXISTING).  FILE_FLAG_OVERLAPPED makes an overlapped handle (see the
 * top of this file).  The first call in a process starts the in-process
 * host, which loads the bundled drivers and those on OPENKS_DRIVER_PATH.
 *
 * Returns the handle, or INVALID_HANDLE_VALUE with the last error set:
 * ERROR_FILE_NOT_FOUND (no such device), ERROR_PATH_NOT_FOUND (empty path),
 * ERROR_INVALID_PARAMETER (NULL path, bad disposition),
 * ERROR_ACCESS_DENIED, or the translation of the driver's create status.
 */
HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);

/*
 * Closes any handle (file, pin, event).  Closing the last handle of a file
 * or pin cancels its outstanding requests (they complete with
 * STATUS_CANCELLED / ERROR_OPERATION_ABORTED) and tells the driver.
 * FALSE + ERROR_INVALID_HANDLE for a bad or already closed handle.
 */
BOOL WINAPI CloseHandle(HANDLE hObject);

/*
 * Sends an I/O control request to the driver behind hDevice.  KS requests
 * are METHOD_NEITHER: the driver gets the caller's buffers as they are and
 * validates them itself.
 *
 * Without lpOverlapped the call returns when the request has completed,
 * also on an overlapped handle (kernel32 then waits for the file handle).
 * With lpOverlapped: Internal is set to STATUS_PENDING, and
 *  - completion at once: TRUE (success) or FALSE (failure), hEvent is set
 *    all the same;
 *  - the driver pends: on an overlapped handle FALSE + ERROR_IO_PENDING,
 *    completion later sets Internal/InternalHigh and then hEvent (or the
 *    file handle when hEvent is NULL); on a synchronous handle the call
 *    waits for completion first.
 * *lpBytesReturned (may be NULL with an OVERLAPPED) receives the byte count
 * on success and on warning statuses (ERROR_MORE_DATA: a size query's
 * required size); 0 on pending and on errors.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED (a stream request on a
 * handle without the access its code needs), ERROR_INVALID_PARAMETER
 * (NULL lpBytesReturned without lpOverlapped), and any translated driver
 * status (ERROR_MORE_DATA, ERROR_NOT_FOUND, ERROR_SET_NOT_FOUND, ...).
 */
BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize,
                            LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned,
                            LPOVERLAPPED lpOverlapped);

/*
 * The result of an overlapped request.  While it is pending: with bWait
 * FALSE, FALSE + ERROR_IO_INCOMPLETE; with bWait TRUE, waits for hEvent
 * (or for hFile when hEvent is NULL) until it has completed.  Then TRUE for
 * a success status, FALSE with the translated status otherwise;
 * *lpNumberOfBytesTransferred receives InternalHigh on success and on
 * warning statuses.  ERROR_INVALID_PARAMETER for a NULL lpOverlapped or
 * lpNumberOfBytesTransferred.
 */
BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                BOOL bWait);

/*
 * As GetOverlappedResult, waiting at most dwMilliseconds (INFINITE: no
 * limit; 0: no wait, ERROR_IO_INCOMPLETE).  A wait that runs out fails
 * with WAIT_TIMEOUT (258) as its last error, as Windows does.  bAlertable
 * is ignored (openks has no APCs).
 */
BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                  DWORD dwMilliseconds, BOOL bAlertable);

/*
 * CancelIoEx cancels the outstanding requests of hFile issued with
 * lpOverlapped, or all of hFile's outstanding requests when lpOverlapped is
 * NULL.  Returns when cancellation has been requested, not when the
 * requests have completed: wait for them as usual (they complete with
 * ERROR_OPERATION_ABORTED unless they completed first).  FALSE +
 * ERROR_NOT_FOUND when no request matched, ERROR_INVALID_HANDLE for a bad
 * handle.  CancelIo(hFile) is CancelIoEx(hFile, NULL) (Windows limits it to
 * the calling thread's requests; openks does not track issuing threads)
 * and, unlike CancelIoEx, succeeds when nothing is outstanding.
 */
BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);
BOOL WINAPI CancelIo(HANDLE hFile);

/* ---- Events and waits -------------------------------------------------------- */

/*
 * Creates an event: manual-reset (stays set until ResetEvent) or auto-reset
 * (a satisfied wait resets it), initially set or not.  The name and the
 * security attributes are ignored: every call creates a new, unnamed event.
 * NULL + ERROR_NOT_ENOUGH_MEMORY when out of memory.
 */
HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                           LPCSTR lpName);
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                           LPCWSTR lpName);

/* Set / reset an event.  FALSE + ERROR_INVALID_HANDLE for a handle that is not an event. */
BOOL WINAPI SetEvent(HANDLE hEvent);
BOOL WINAPI ResetEvent(HANDLE hEvent);

/*
 * Waits until hHandle is signalled or dwMilliseconds pass (INFINITE: no
 * limit; 0: poll).  Events and file/pin handles are waitable (a file handle
 * is signalled by the completion of a request issued on it without an
 * event).  A satisfied wait on an auto-reset event resets it.  Returns
 * WAIT_OBJECT_0, WAIT_TIMEOUT, or WAIT_FAILED with ERROR_INVALID_HANDLE.
 */
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);

/*
 * Waits for any (bWaitAll FALSE) or all (TRUE) of nCount handles
 * (1..MAXIMUM_WAIT_OBJECTS).  Any: WAIT_OBJECT_0 + the lowest index that is
 * signalled.  All: WAIT_OBJECT_0 once all are signalled at the same time.
 * WAIT_TIMEOUT when dwMilliseconds pass; WAIT_FAILED with
 * ERROR_INVALID_PARAMETER (nCount 0 or > 64, NULL lpHandles) or
 * ERROR_INVALID_HANDLE (any handle not waitable).
 */
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds);

/* The same with bAlertable, which is ignored: openks queues no APCs, so WAIT_IO_COMPLETION never happens. */
DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable);
DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds,
                                      BOOL bAlertable);

/* ---- Thread state and time --------------------------------------------------- */

/* The calling thread's last error (0 in a new thread). */
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);

/* Suspends the calling thread for at least dwMilliseconds (0: yields). */
void WINAPI Sleep(DWORD dwMilliseconds);

/* Milliseconds of a monotonic clock (wraps after 49.7 days) / without wrap. */
DWORD WINAPI GetTickCount(void);
ULONGLONG WINAPI GetTickCount64(void);

/* A monotonic counter and its frequency (counts per second); both always succeed. */
BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);

/* ---- Modules ----------------------------------------------------------------- */

/*
 * Clients that load ksuser.dll at run time (PortAudio, wsaudio, kssample):
 *
 *   HMODULE ksuser = LoadLibraryA("ksuser.dll");
 *   KSCREATEPIN* create = (KSCREATEPIN*)GetProcAddress(ksuser, "KsCreatePin");
 *
 * The DLLs whose functions openks provides load as pseudo modules:
 * ksuser.dll, ksproxy.ax, kernel32.dll, kernelbase.dll, setupapi.dll and
 * ntdll.dll (matched case-insensitively, with or without a directory or
 * extension).  Any other name fails with ERROR_MOD_NOT_FOUND (126): openks
 * loads no Windows DLLs.  GetProcAddress finds the functions of that DLL
 * that openks implements, by name (ordinals are not supported), else NULL
 * with ERROR_PROC_NOT_FOUND (127).  FreeLibrary succeeds for a module
 * LoadLibrary returned.
 */
typedef struct HINSTANCE__ *HINSTANCE;
typedef HINSTANCE HMODULE;
typedef INT_PTR(WINAPI *FARPROC)();

HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName);
HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName);
FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
BOOL WINAPI FreeLibrary(HMODULE hLibModule);

/* ---- Generic-text names ------------------------------------------------------ */

/*
 * TEXT() and the LP[C]TSTR types follow UNICODE: char strings without it
 * (the default), UTF-16 (u"") with it.  (TCHAR itself is char in
 * <openks/ks/wintypes.h> either way.)
 */
#ifdef UNICODE
#ifndef TEXT
#define OPENKS_TEXT_(quote) u##quote
#define TEXT(quote) OPENKS_TEXT_(quote)
#endif
typedef WCHAR *LPTSTR, *PTSTR;
typedef const WCHAR *LPCTSTR, *PCTSTR;
#else
#ifndef TEXT
#define TEXT(quote) quote
#endif
typedef char *LPTSTR, *PTSTR;
typedef const char *LPCTSTR, *PCTSTR;
#endif

#ifdef UNICODE
#define CreateFile CreateFileW
#define CreateEvent CreateEventW
#define LoadLibrary LoadLibraryW
#else
#define CreateFile CreateFileA
#define CreateEvent CreateEventA
#define LoadLibrary LoadLibraryA
#endif

OPENKS_END_C
