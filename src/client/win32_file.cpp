// SPDX-License-Identifier: MIT
// kernel32's file calls on the transport: CreateFile, CloseHandle, DeviceIoControl, GetOverlappedResult, CancelIo(Ex).
#include <openks/client/win32.h>
#include <openks/ks/status.h>

#include <sched.h>

#include <string>

#include "client/transport.h"
#include "client/win32_support.h"
#include "io/strings.h"

using namespace openks::client;

namespace {

HANDLE openPath(std::u16string_view path, DWORD access, DWORD disposition, DWORD flags)
{
    if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) {
        failWithError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (path.empty()) {
        failWithError(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    HANDLE handle = nullptr;
    NTSTATUS status = transport().createFile(path, access, (flags & FILE_FLAG_OVERLAPPED) == 0, &handle);
    if (!NT_SUCCESS(status)) {
        failWithStatus(status);
        return INVALID_HANDLE_VALUE;
    }
    return handle;
}

// The end of a request that has completed: kernel32's view of its status.
BOOL finish(NTSTATUS status, ULONG_PTR information, LPDWORD bytes)
{
    if (NT_ERROR(status)) {
        if (bytes != nullptr) *bytes = 0;
        return failWithStatus(status);
    }
    if (bytes != nullptr) *bytes = static_cast<DWORD>(information);
    if (NT_WARNING(status)) return failWithStatus(status);
    return TRUE;
}

// OVERLAPPED.hEvent with its low bit set means "do not queue to a completion
// port" on Windows; the event is the value without that bit.
HANDLE overlappedEvent(const OVERLAPPED* overlapped)
{
    return reinterpret_cast<HANDLE>(reinterpret_cast<ULONG_PTR>(overlapped->hEvent) & ~ULONG_PTR{1});
}

NTSTATUS loadStatus(const OVERLAPPED* overlapped)
{
    auto* iosb = reinterpret_cast<const IO_STATUS_BLOCK*>(overlapped);
    return __atomic_load_n(&iosb->Status, __ATOMIC_ACQUIRE);
}

}  // namespace

extern "C" {

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD /*dwShareMode*/,
                          LPSECURITY_ATTRIBUTES /*lpSecurityAttributes*/, DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE /*hTemplateFile*/)
{
    if (lpFileName == nullptr) {
        failWithError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    return openPath(openks::io::widen(lpFileName), dwDesiredAccess, dwCreationDisposition, dwFlagsAndAttributes);
}

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD /*dwShareMode*/,
                          LPSECURITY_ATTRIBUTES /*lpSecurityAttributes*/, DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE /*hTemplateFile*/)
{
    if (lpFileName == nullptr) {
        failWithError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    return openPath(terminated(lpFileName), dwDesiredAccess, dwCreationDisposition, dwFlagsAndAttributes);
}

BOOL WINAPI CloseHandle(HANDLE hObject)
{
    NTSTATUS status = transport().close(hObject);
    return NT_SUCCESS(status) ? TRUE : failWithStatus(status);
}

BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize,
                            LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned,
                            LPOVERLAPPED lpOverlapped)
{
    IoRequest request;
    request.file = hDevice;
    request.code = dwIoControlCode;
    request.input = lpInBuffer;
    request.inputLength = nInBufferSize;
    request.output = lpOutBuffer;
    request.outputLength = nOutBufferSize;

    if (lpOverlapped == nullptr) {
        // kernel32 waits for the request itself (on the file handle); the
        // transport does it with a private wait so concurrent requests on
        // the same handle cannot steal each other's completion.
        if (lpBytesReturned == nullptr) return failWithError(ERROR_INVALID_PARAMETER);
        request.wait = true;
        IO_STATUS_BLOCK iosb{};
        bool issued = false;
        NTSTATUS status = transport().deviceIoControl(request, &iosb, &issued);
        if (!issued) {
            *lpBytesReturned = 0;
            return failWithStatus(status);
        }
        return finish(status, iosb.Information, lpBytesReturned);
    }

    lpOverlapped->Internal = static_cast<ULONG_PTR>(STATUS_PENDING);
    lpOverlapped->InternalHigh = 0;
    request.event = overlappedEvent(lpOverlapped);
    request.key = lpOverlapped;
    auto* iosb = reinterpret_cast<PIO_STATUS_BLOCK>(lpOverlapped);
    bool issued = false;
    NTSTATUS status = transport().deviceIoControl(request, iosb, &issued);
    if (status == STATUS_PENDING) {
        if (lpBytesReturned != nullptr) *lpBytesReturned = 0;
        return failWithError(ERROR_IO_PENDING);
    }
    if (!issued) {
        // Refused before it was issued: nothing was written or signalled.
        if (lpBytesReturned != nullptr) *lpBytesReturned = 0;
        return failWithStatus(status);
    }
    return finish(status, lpOverlapped->InternalHigh, lpBytesReturned);
}

BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                  DWORD dwMilliseconds, BOOL /*bAlertable*/)
{
    if (lpOverlapped == nullptr || lpNumberOfBytesTransferred == nullptr) {
        return failWithError(ERROR_INVALID_PARAMETER);
    }
    NTSTATUS status = loadStatus(lpOverlapped);
    if (status == STATUS_PENDING) {
        if (dwMilliseconds == 0) return failWithError(ERROR_IO_INCOMPLETE);
        HANDLE event = overlappedEvent(lpOverlapped);
        HANDLE waitOn = event != nullptr ? event : hFile;
        uint64_t deadline = dwMilliseconds == INFINITE ? 0 : GetTickCount64() + dwMilliseconds;
        for (;;) {
            DWORD remaining = INFINITE;
            if (dwMilliseconds != INFINITE) {
                uint64_t now = GetTickCount64();
                remaining = now >= deadline ? 0 : static_cast<DWORD>(deadline - now);
            }
            LARGE_INTEGER storage;
            NTSTATUS waited = transport().wait(&waitOn, 1, false, waitTimeout(remaining, &storage));
            status = loadStatus(lpOverlapped);
            if (status != STATUS_PENDING) break;
            if (waited == STATUS_TIMEOUT) return failWithError(WAIT_TIMEOUT);
            if (!NT_SUCCESS(waited)) return failWithStatus(waited);
            // Signalled by another request sharing the event or handle: ours is still running.
            sched_yield();
        }
    }
    return finish(status, lpOverlapped->InternalHigh, lpNumberOfBytesTransferred);
}

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
    return GetOverlappedResultEx(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait ? INFINITE : 0, FALSE);
}

BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
    bool found = false;
    NTSTATUS status = transport().cancel(hFile, lpOverlapped, lpOverlapped == nullptr, &found);
    if (!NT_SUCCESS(status)) return failWithStatus(status);
    return found ? TRUE : failWithError(ERROR_NOT_FOUND);
}

BOOL WINAPI CancelIo(HANDLE hFile)
{
    bool found = false;
    NTSTATUS status = transport().cancel(hFile, nullptr, true, &found);
    // CancelIo succeeds with nothing to cancel, unlike CancelIoEx.
    return NT_SUCCESS(status) ? TRUE : failWithStatus(status);
}

}  // extern "C"
