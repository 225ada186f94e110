// SPDX-License-Identifier: MIT
// Memory descriptor lists: allocation, IRP chaining and the (flag-only) build, lock and map steps.
#include <cstdlib>

#include <openks/ks/wdm.h>

namespace {

constexpr ULONG_PTR kPageMask = PAGE_SIZE - 1;

size_t pagesSpanned(ULONG_PTR address, size_t length)
{
    return ((address & kPageMask) + length + kPageMask) >> PAGE_SHIFT;
}

size_t mdlBytes(ULONG_PTR address, size_t length)
{
    return sizeof(MDL) + pagesSpanned(address, length) * sizeof(PFN_NUMBER);
}

}  // namespace

extern "C" {

SIZE_T NTAPI MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
    return mdlBytes(reinterpret_cast<ULONG_PTR>(Base), Length);
}

PMDL NTAPI IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN /*ChargeQuota*/, PIRP Irp)
{
    if (Length == 0 || Length > 0xFFFFFFFFu - kPageMask) return nullptr;
    auto address = reinterpret_cast<ULONG_PTR>(VirtualAddress);
    size_t bytes = mdlBytes(address, Length);
    auto* mdl = static_cast<PMDL>(std::calloc(1, bytes));  // the page-frame array stays zero
    if (mdl == nullptr) return nullptr;
    mdl->Next = nullptr;
    mdl->Size = static_cast<CSHORT>(bytes > 0x7fff ? 0x7fff : bytes);  // saturates for buffers above ~16 MB
    mdl->MdlFlags = MDL_ALLOCATED_FIXED_SIZE;
    mdl->Process = nullptr;
    mdl->MappedSystemVa = nullptr;
    mdl->StartVa = reinterpret_cast<PVOID>(address & ~kPageMask);
    mdl->ByteOffset = static_cast<ULONG>(address & kPageMask);
    mdl->ByteCount = Length;
    if (Irp != nullptr) {
        if (!SecondaryBuffer || Irp->MdlAddress == nullptr) {
            Irp->MdlAddress = mdl;
        } else {
            PMDL last = Irp->MdlAddress;
            while (last->Next != nullptr)
                last = last->Next;
            last->Next = mdl;
        }
    }
    return mdl;
}

VOID NTAPI IoFreeMdl(PMDL Mdl)
{
    std::free(Mdl);
}

VOID NTAPI MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    if (MemoryDescriptorList == nullptr) return;
    MemoryDescriptorList->MappedSystemVa = MmGetMdlVirtualAddress(MemoryDescriptorList);
    MemoryDescriptorList->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

VOID NTAPI MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE /*AccessMode*/, LOCK_OPERATION /*Operation*/)
{
    if (MemoryDescriptorList != nullptr) MemoryDescriptorList->MdlFlags |= MDL_PAGES_LOCKED;
}

VOID NTAPI MmUnlockPages(PMDL MemoryDescriptorList)
{
    if (MemoryDescriptorList != nullptr)
        MemoryDescriptorList->MdlFlags &= static_cast<CSHORT>(~(MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA));
}

PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList, KPROCESSOR_MODE /*AccessMode*/, ULONG /*CacheType*/,
                                         PVOID /*RequestedAddress*/, ULONG /*BugCheckOnFailure*/, ULONG /*Priority*/)
{
    if (MemoryDescriptorList == nullptr) return nullptr;
    PVOID address = MmGetMdlVirtualAddress(MemoryDescriptorList);
    MemoryDescriptorList->MappedSystemVa = address;
    MemoryDescriptorList->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    return address;
}

VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList)
{
    if (MemoryDescriptorList != nullptr && MemoryDescriptorList->MappedSystemVa == BaseAddress)
        MemoryDescriptorList->MdlFlags &= static_cast<CSHORT>(~MDL_MAPPED_TO_SYSTEM_VA);
}

}  // extern "C"
