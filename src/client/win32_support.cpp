// SPDX-License-Identifier: MIT
// The per-thread last error and the small conversions the Win32-style calls share.
#include "client/win32_support.h"

#include <sched.h>
#include <time.h>

namespace openks::client {
namespace {

thread_local DWORD tLastError = ERROR_SUCCESS;

int64_t monotonicNanoseconds() noexcept
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

}  // namespace

DWORD lastError() noexcept
{
    return tLastError;
}

void setLastError(DWORD error) noexcept
{
    tLastError = error;
}

BOOL failWithError(DWORD error) noexcept
{
    tLastError = error;
    return FALSE;
}

BOOL failWithStatus(NTSTATUS status) noexcept
{
    tLastError = RtlNtStatusToDosError(status);
    return FALSE;
}

const LARGE_INTEGER* waitTimeout(DWORD milliseconds, LARGE_INTEGER* storage) noexcept
{
    if (milliseconds == INFINITE) return nullptr;
    storage->QuadPart = -static_cast<LONGLONG>(milliseconds) * 10000;
    return storage;
}

std::u16string_view terminated(const char16_t* text) noexcept
{
    if (text == nullptr) return {};
    size_t length = 0;
    while (text[length] != 0)
        ++length;
    return {text, length};
}

}  // namespace openks::client

using namespace openks::client;

extern "C" {

DWORD WINAPI GetLastError(void)
{
    return lastError();
}

void WINAPI SetLastError(DWORD dwErrCode)
{
    setLastError(dwErrCode);
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
    if (dwMilliseconds == 0) {
        sched_yield();
        return;
    }
    timespec delay{};
    delay.tv_sec = dwMilliseconds / 1000;
    delay.tv_nsec = static_cast<long>(dwMilliseconds % 1000) * 1000000;
    while (nanosleep(&delay, &delay) != 0) {
    }
}

ULONGLONG WINAPI GetTickCount64(void)
{
    return static_cast<ULONGLONG>(monotonicNanoseconds() / 1000000);
}

DWORD WINAPI GetTickCount(void)
{
    return static_cast<DWORD>(GetTickCount64());
}

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER* lpPerformanceCount)
{
    if (lpPerformanceCount == nullptr) return failWithError(ERROR_INVALID_PARAMETER);
    lpPerformanceCount->QuadPart = monotonicNanoseconds() / 100;
    return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER* lpFrequency)
{
    if (lpFrequency == nullptr) return failWithError(ERROR_INVALID_PARAMETER);
    lpFrequency->QuadPart = 10000000;  // 100 ns ticks, as Windows reports on most machines
    return TRUE;
}

}  // extern "C"
