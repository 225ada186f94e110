/* SPDX-License-Identifier: MIT */
/* The kernel runtime from C, as a minidriver written in C uses it: Interlocked, spin locks, ASSERT/KdPrint without DBG,
 * ntstrsafe. */
#include <ntddk.h>
#include <ntstrsafe.h>

#include "io/wdm_runtime_c.h"

#define CHECK(condition)                   \
    do {                                   \
        if (!(condition)) return __LINE__; \
    } while (0)

static volatile LONG gCount;
static volatile LONG64 gWide;
static PVOID volatile gSlot;

int openks_test_wdm_runtime_c(void)
{
    gCount = 5;
    CHECK(InterlockedIncrement(&gCount) == 6);
    CHECK(InterlockedDecrement(&gCount) == 5);
    CHECK(InterlockedExchange(&gCount, 9) == 5 && gCount == 9);
    CHECK(InterlockedCompareExchange(&gCount, 1, 8) == 9 && gCount == 9);
    CHECK(InterlockedCompareExchange(&gCount, 1, 9) == 9 && gCount == 1);
    CHECK(InterlockedExchangeAdd(&gCount, 10) == 1 && gCount == 11);
    CHECK(InterlockedOr(&gCount, 0x100) == 11 && gCount == 0x10b);
    CHECK(InterlockedAnd(&gCount, 0x0f) == 0x10b && gCount == 0x0b);
    gWide = 0x100000000LL;
    CHECK(InterlockedIncrement64(&gWide) == 0x100000001LL);
    CHECK(InterlockedExchangeAdd64(&gWide, -1) == 0x100000001LL && gWide == 0x100000000LL);
    CHECK(InterlockedCompareExchangePointer(&gSlot, (PVOID)&gCount, NULL) == NULL && gSlot == (PVOID)&gCount);
    CHECK(InterlockedExchangePointer(&gSlot, NULL) == (PVOID)&gCount && gSlot == NULL);

    /* Without DBG, assertions and KdPrint compile to nothing: ASSERT(0) must not stop. */
    ASSERT(0);
    NT_ASSERT(gCount == 12345);
    KdPrint(("never printed %d\n", 1));
    CHECK(NT_VERIFY(gCount == 0x0b));
    CHECK(!NT_VERIFY(gCount == 0));

    KSPIN_LOCK lock;
    KIRQL old;
    KeInitializeSpinLock(&lock);
    KeAcquireSpinLock(&lock, &old);
    CHECK(old == PASSIVE_LEVEL && KeGetCurrentIrql() == DISPATCH_LEVEL);
    CHECK(!KeTryToAcquireSpinLockAtDpcLevel(&lock));
    KeReleaseSpinLock(&lock, old);
    CHECK(KeGetCurrentIrql() == PASSIVE_LEVEL);
    KLOCK_QUEUE_HANDLE handle;
    KeAcquireInStackQueuedSpinLock(&lock, &handle);
    CHECK(KeGetCurrentIrql() == DISPATCH_LEVEL);
    KeReleaseInStackQueuedSpinLock(&handle);
    CHECK(KeGetCurrentIrql() == PASSIVE_LEVEL);

    char text[16];
    CHECK(RtlStringCbPrintfA(text, sizeof text, "%s-%lu", "pin", (ULONG)7) == STATUS_SUCCESS);
    CHECK(text[0] == 'p' && text[3] == '-' && text[4] == '7' && text[5] == 0);
    size_t length = 0;
    CHECK(RtlStringCbLengthA(text, sizeof text, &length) == STATUS_SUCCESS && length == 5);

    PVOID block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, 0x74736554u);
    CHECK(block != NULL);
    PMDL mdl = IoAllocateMdl(block, 32, FALSE, FALSE, NULL);
    CHECK(mdl != NULL);
    MmBuildMdlForNonPagedPool(mdl);
    CHECK(MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority) == block);
    CHECK(MmGetMdlByteCount(mdl) == 32 && MmGetMdlVirtualAddress(mdl) == block);
    IoFreeMdl(mdl);
    ExFreePoolWithTag(block, 0x74736554u);
    return 0;
}
