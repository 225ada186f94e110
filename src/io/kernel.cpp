// SPDX-License-Identifier: MIT
// Executive pool (ExAllocatePool*), kernel clocks and KeBugCheckEx.
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "io/bugcheck.h"

namespace {

// 100 ns intervals between 1601-01-01 and 1970-01-01.
constexpr LONGLONG kEpochDifference = 116444736000000000LL;

LONGLONG clock100ns(clockid_t clock)
{
    timespec now{};
    clock_gettime(clock, &now);
    return LONGLONG{now.tv_sec} * 10000000 + now.tv_nsec / 100;
}

const char* bugCheckName(ULONG code)
{
    switch (code) {
        case 0x18:
            return "REFERENCE_BY_POINTER";
        case NO_MORE_IRP_STACK_LOCATIONS:
            return "NO_MORE_IRP_STACK_LOCATIONS";
        case MULTIPLE_IRP_COMPLETE_REQUESTS:
            return "MULTIPLE_IRP_COMPLETE_REQUESTS";
        case DRIVER_VERIFIER_DETECTED_VIOLATION:
            return "DRIVER_VERIFIER_DETECTED_VIOLATION";
        default:
            return "BUGCHECK";
    }
}

}  // namespace

namespace openks::io {

void bugCheck(ULONG code, const char* reason, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4)
{
    std::fprintf(stderr, "openks: %s\n", reason);
    KeBugCheckEx(code, p1, p2, p3, p4);
}

}  // namespace openks::io

extern "C" {

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    std::fprintf(stderr,
                 "openks: *** STOP: KeBugCheckEx 0x%08X %s (0x%llx, 0x%llx, 0x%llx, 0x%llx): a kernel-mode "
                 "invariant was broken; stopping the process\n",
                 static_cast<unsigned>(BugCheckCode), bugCheckName(BugCheckCode), static_cast<unsigned long long>(P1),
                 static_cast<unsigned long long>(P2), static_cast<unsigned long long>(P3),
                 static_cast<unsigned long long>(P4));
    std::fflush(stderr);
    std::abort();
}

PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE /*PoolType*/, SIZE_T NumberOfBytes, ULONG /*Tag*/)
{
    // glibc malloc is 16-byte aligned, as Windows pool blocks are.
    return std::malloc(NumberOfBytes == 0 ? 1 : NumberOfBytes);
}

PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, 0);
}

VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG /*Tag*/)
{
    std::free(P);
}

VOID NTAPI ExFreePool(PVOID P)
{
    std::free(P);
}

VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    if (CurrentTime != nullptr) CurrentTime->QuadPart = clock100ns(CLOCK_REALTIME) + kEpochDifference;
}

ULONGLONG NTAPI KeQueryInterruptTime(VOID)
{
    return static_cast<ULONGLONG>(clock100ns(CLOCK_MONOTONIC));
}

LARGE_INTEGER NTAPI KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    // A 10 MHz counter, as current Windows reports.
    if (PerformanceFrequency != nullptr) PerformanceFrequency->QuadPart = 10000000;
    LARGE_INTEGER counter;
    counter.QuadPart = clock100ns(CLOCK_MONOTONIC);
    return counter;
}

}  // extern "C"

namespace {

constexpr POOL_FLAGS kPoolTypeFlags = POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED;
// Required flags openks honours (USE_QUOTA is accepted and ignored).
constexpr POOL_FLAGS kKnownRequiredFlags = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_CACHE_ALIGNED |
                                           POOL_FLAG_RAISE_ON_FAILURE | kPoolTypeFlags;
constexpr size_t kCacheLine = 64;

}  // namespace

extern "C" {

PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    POOL_FLAGS required = Flags & 0xffffffffULL;
    POOL_FLAGS poolType = Flags & kPoolTypeFlags;
    if (Tag == 0 || (required & ~kKnownRequiredFlags) != 0 || poolType == 0 || (poolType & (poolType - 1)) != 0)
        return nullptr;
    size_t size = NumberOfBytes == 0 ? 1 : NumberOfBytes;
    void* block;
    if (Flags & POOL_FLAG_CACHE_ALIGNED) {
        if (size > SIZE_MAX - kCacheLine) return nullptr;
        block = std::aligned_alloc(kCacheLine, (size + kCacheLine - 1) / kCacheLine * kCacheLine);
    } else {
        block = std::malloc(size);
    }
    if (block == nullptr) {
        if (Flags & POOL_FLAG_RAISE_ON_FAILURE) {
            std::fprintf(stderr,
                         "openks: ExAllocatePool2 failed with POOL_FLAG_RAISE_ON_FAILURE (no exceptions here)\n");
            KeBugCheckEx(0x41, static_cast<ULONG_PTR>(NumberOfBytes), Tag, 0, 0);
        }
        return nullptr;
    }
    if ((Flags & POOL_FLAG_UNINITIALIZED) == 0) std::memset(block, 0, size);
    return block;
}

PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    PVOID block = ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
    if (block != nullptr) std::memset(block, 0, NumberOfBytes == 0 ? 1 : NumberOfBytes);
    return block;
}

PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

}  // extern "C"
