// SPDX-License-Identifier: MIT
// kernel32's event and wait calls on the transport: CreateEvent, SetEvent, ResetEvent, WaitFor*Object(s).
#include <openks/client/win32.h>
#include <openks/ks/status.h>

#include "client/transport.h"
#include "client/win32_support.h"

using namespace openks::client;

namespace {

HANDLE createEvent(BOOL manualReset, BOOL initialState)
{
    HANDLE handle = nullptr;
    NTSTATUS status = transport().createEvent(manualReset != FALSE, initialState != FALSE, &handle);
    if (!NT_SUCCESS(status)) {
        failWithError(status == STATUS_INSUFFICIENT_RESOURCES ? ERROR_NOT_ENOUGH_MEMORY
                                                              : RtlNtStatusToDosError(status));
        return nullptr;
    }
    return handle;
}

DWORD waitResult(NTSTATUS status)
{
    if (status == STATUS_TIMEOUT) return WAIT_TIMEOUT;
    if (status >= STATUS_WAIT_0 && status < STATUS_WAIT_0 + MAXIMUM_WAIT_OBJECTS) {
        return WAIT_OBJECT_0 + static_cast<DWORD>(status - STATUS_WAIT_0);
    }
    // A handle that is not waitable is an invalid handle to kernel32.
    failWithError(status == STATUS_OBJECT_TYPE_MISMATCH ? ERROR_INVALID_HANDLE : RtlNtStatusToDosError(status));
    return WAIT_FAILED;
}

}  // namespace

extern "C" {

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES /*lpEventAttributes*/, BOOL bManualReset, BOOL bInitialState,
                           LPCSTR /*lpName*/)
{
    return createEvent(bManualReset, bInitialState);
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES /*lpEventAttributes*/, BOOL bManualReset, BOOL bInitialState,
                           LPCWSTR /*lpName*/)
{
    return createEvent(bManualReset, bInitialState);
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
    NTSTATUS status = transport().setEvent(hEvent);
    return NT_SUCCESS(status) ? TRUE : failWithStatus(status);
}

BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    NTSTATUS status = transport().resetEvent(hEvent);
    return NT_SUCCESS(status) ? TRUE : failWithStatus(status);
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE* lpHandles, BOOL bWaitAll, DWORD dwMilliseconds,
                                      BOOL /*bAlertable*/)
{
    if (lpHandles == nullptr || nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS) {
        failWithError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    LARGE_INTEGER storage;
    return waitResult(transport().wait(lpHandles, nCount, bWaitAll != FALSE, waitTimeout(dwMilliseconds, &storage)));
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE* lpHandles, BOOL bWaitAll, DWORD dwMilliseconds)
{
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, FALSE);
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL /*bAlertable*/)
{
    LARGE_INTEGER storage;
    return waitResult(transport().wait(&hHandle, 1, false, waitTimeout(dwMilliseconds, &storage)));
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
}

}  // extern "C"
