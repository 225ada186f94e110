// SPDX-License-Identifier: MIT
// The KS default clock (KsAllocateDefaultClock and friends): a 100 ns presentation time that advances only in RUN.

#include "avstream/ddi_support.h"
#include "ks/connect.h"

#include <cstring>
#include <mutex>
#include <new>

namespace {

// The time is accumulated_ while stopped/paused; in RUN it is accumulated_
// plus the interrupt time elapsed since runStart_.
struct DefaultClock {
    std::mutex mutex_;
    KSSTATE state_ = KSSTATE_STOP;
    LONGLONG accumulated_ = 0;
    ULONGLONG runStart_ = 0;

    LONGLONG timeLocked() const
    {
        if (state_ != KSSTATE_RUN) return accumulated_;
        return accumulated_ + static_cast<LONGLONG>(KeQueryInterruptTime() - runStart_);
    }
};

}  // namespace

extern "C" {

NTSTATUS NTAPI KsAllocateDefaultClock(PKSDEFAULTCLOCK* DefaultClock)
{
    if (DefaultClock == nullptr) return STATUS_INVALID_PARAMETER;
    auto* clock = new (std::nothrow) ::DefaultClock;
    *DefaultClock = clock;
    return clock == nullptr ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
}

// The timer and correlated-time callbacks are accepted and not used: the
// clock always follows KeQueryInterruptTime and sends no notifications (no
// clock objects are exposed yet, so nobody could register for one).
NTSTATUS NTAPI KsAllocateDefaultClockEx(PKSDEFAULTCLOCK* DefaultClock, PVOID Context, PFNKSSETTIMER SetTimer,
                                        PFNKSCANCELTIMER CancelTimer, PFNKSCORRELATEDTIME CorrelatedTime,
                                        const KSRESOLUTION* Resolution, ULONG Flags)
{
    (void)Context;
    (void)SetTimer;
    (void)CancelTimer;
    (void)CorrelatedTime;
    (void)Resolution;
    (void)Flags;
    return KsAllocateDefaultClock(DefaultClock);
}

void NTAPI KsFreeDefaultClock(PKSDEFAULTCLOCK DefaultClock) { delete static_cast<::DefaultClock*>(DefaultClock); }

// Clock objects (KSSTRING_Clock creates) are not exposed by openks yet.
NTSTATUS NTAPI KsCreateDefaultClock(PIRP Irp, PKSDEFAULTCLOCK DefaultClock)
{
    (void)Irp;
    (void)DefaultClock;
    openks::avstream::logNotImplemented("KsCreateDefaultClock");
    return STATUS_NOT_IMPLEMENTED;
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
    NTSTATUS status = openks::avstream::createParameters(
        Irp, static_cast<int>(openks::ks::KsObjectClass::kClock), &bytes, &length);
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
    auto* clock = static_cast<::DefaultClock*>(DefaultClock);
    if (clock == nullptr) return KSSTATE_STOP;
    std::lock_guard lock(clock->mutex_);
    return clock->state_;
}

void NTAPI KsSetDefaultClockState(PKSDEFAULTCLOCK DefaultClock, KSSTATE State)
{
    auto* clock = static_cast<::DefaultClock*>(DefaultClock);
    if (clock == nullptr) return;
    std::lock_guard lock(clock->mutex_);
    if (State == clock->state_) return;
    clock->accumulated_ = clock->timeLocked();
    clock->runStart_ = KeQueryInterruptTime();
    clock->state_ = State;
}

LONGLONG NTAPI KsGetDefaultClockTime(PKSDEFAULTCLOCK DefaultClock)
{
    auto* clock = static_cast<::DefaultClock*>(DefaultClock);
    if (clock == nullptr) return 0;
    std::lock_guard lock(clock->mutex_);
    return clock->timeLocked();
}

void NTAPI KsSetDefaultClockTime(PKSDEFAULTCLOCK DefaultClock, LONGLONG Time)
{
    auto* clock = static_cast<::DefaultClock*>(DefaultClock);
    if (clock == nullptr) return;
    std::lock_guard lock(clock->mutex_);
    clock->accumulated_ = Time;
    clock->runStart_ = KeQueryInterruptTime();
}

}  // extern "C"
