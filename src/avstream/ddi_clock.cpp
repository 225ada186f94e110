// SPDX-License-Identifier: MIT
// The KS default clock (KsAllocateDefaultClock and friends): a 100 ns presentation time that advances only in RUN.

#include "avstream/clock.h"
#include "avstream/ddi_support.h"
#include "ks/connect.h"

#include <cstring>
#include <new>

using openks::avstream::ClockSource;

namespace {

ClockSource* sourceOf(PKSDEFAULTCLOCK clock)
{
    return static_cast<ClockSource*>(clock);
}

}  // namespace

extern "C" {

// A default clock is a ClockSource (avstream/clock.h): presentation time in
// 100 ns units that advances only in KSSTATE_RUN.
NTSTATUS NTAPI KsAllocateDefaultClock(PKSDEFAULTCLOCK* DefaultClock)
{
    if (DefaultClock == nullptr) return STATUS_INVALID_PARAMETER;
    auto* clock = new (std::nothrow) ClockSource;
    *DefaultClock = clock;
    return clock == nullptr ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
}

// CorrelatedTime (when given) becomes the clock's time source and
// Resolution its resolution.  SetTimer/CancelTimer are accepted and not
// called: openks has no KTIMER/KDPC; mark events run on the clock's own
// timer thread.  Flags must be 0 (STATUS_INVALID_PARAMETER otherwise).
NTSTATUS NTAPI KsAllocateDefaultClockEx(PKSDEFAULTCLOCK* DefaultClock, PVOID Context, PFNKSSETTIMER SetTimer,
                                        PFNKSCANCELTIMER CancelTimer, PFNKSCORRELATEDTIME CorrelatedTime,
                                        const KSRESOLUTION* Resolution, ULONG Flags)
{
    (void)SetTimer;
    (void)CancelTimer;
    if (DefaultClock == nullptr || Flags != 0) return STATUS_INVALID_PARAMETER;
    const NTSTATUS status = KsAllocateDefaultClock(DefaultClock);
    if (NT_SUCCESS(status) && (CorrelatedTime != nullptr || Resolution != nullptr)) {
        sourceOf(*DefaultClock)->setDriverTime(Context, CorrelatedTime, Resolution);
    }
    return status;
}

// Every clock object made from it must be closed first.
void NTAPI KsFreeDefaultClock(PKSDEFAULTCLOCK DefaultClock)
{
    delete sourceOf(DefaultClock);
}

// Makes the create IRP's file object a clock object on DefaultClock
// (KSPROPSETID_Clock, the clock events; requests reach it through the
// AVStream dispatch / KsDispatchIrp).  STATUS_SUCCESS, the
// KsValidateClockCreateRequest status, STATUS_INVALID_PARAMETER (no file
// object, or one already owned by another object), STATUS_INSUFFICIENT_RESOURCES.
NTSTATUS NTAPI KsCreateDefaultClock(PIRP Irp, PKSDEFAULTCLOCK DefaultClock)
{
    if (Irp == nullptr || DefaultClock == nullptr) return STATUS_INVALID_PARAMETER;
    PKSCLOCK_CREATE create = nullptr;
    NTSTATUS status = KsValidateClockCreateRequest(Irp, &create);
    if (!NT_SUCCESS(status)) return status;
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    if (file == nullptr || file->FsContext != nullptr) return STATUS_INVALID_PARAMETER;
    return openks::avstream::ClockFile::create(file, sourceOf(DefaultClock));
}

// Validates the KSCLOCK_CREATE of a clock create IRP (CreateFlags must be 0).
// STATUS_SUCCESS with *ClockCreate valid while the file object lives,
// STATUS_INVALID_PARAMETER, STATUS_INVALID_BUFFER_SIZE, STATUS_INSUFFICIENT_RESOURCES.
NTSTATUS NTAPI KsValidateClockCreateRequest(PIRP Irp, PKSCLOCK_CREATE* ClockCreate)
{
    if (ClockCreate == nullptr) return STATUS_INVALID_PARAMETER;
    *ClockCreate = nullptr;
    const std::byte* bytes = nullptr;
    size_t length = 0;
    NTSTATUS status =
        openks::avstream::createParameters(Irp, static_cast<int>(openks::ks::KsObjectClass::kClock), &bytes, &length);
    if (!NT_SUCCESS(status)) return status;
    if (length < sizeof(KSCLOCK_CREATE)) return STATUS_INVALID_BUFFER_SIZE;
    KSCLOCK_CREATE create;
    std::memcpy(&create, bytes, sizeof create);
    if (create.CreateFlags != 0) return STATUS_INVALID_PARAMETER;
    const void* copy =
        openks::avstream::stashCreateParameters(IoGetCurrentIrpStackLocation(Irp)->FileObject, bytes, sizeof create);
    if (copy == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    *ClockCreate = static_cast<PKSCLOCK_CREATE>(const_cast<void*>(copy));
    return STATUS_SUCCESS;
}

KSSTATE NTAPI KsGetDefaultClockState(PKSDEFAULTCLOCK DefaultClock)
{
    return DefaultClock == nullptr ? KSSTATE_STOP : sourceOf(DefaultClock)->state();
}

void NTAPI KsSetDefaultClockState(PKSDEFAULTCLOCK DefaultClock, KSSTATE State)
{
    if (DefaultClock != nullptr) sourceOf(DefaultClock)->setState(State);
}

LONGLONG NTAPI KsGetDefaultClockTime(PKSDEFAULTCLOCK DefaultClock)
{
    return DefaultClock == nullptr ? 0 : sourceOf(DefaultClock)->time();
}

void NTAPI KsSetDefaultClockTime(PKSDEFAULTCLOCK DefaultClock, LONGLONG Time)
{
    if (DefaultClock != nullptr) sourceOf(DefaultClock)->setTime(Time);
}

}  // extern "C"
