/* SPDX-License-Identifier: MIT */
/* Clocks: a pin's clock dispatch, the kernel clock function table, and the KS default clock. */
#pragma once

/*
 * A pin that sets KSPIN_FLAG_IMPLEMENT_CLOCK exposes a clock object that
 * other filters can use as their reference clock.  Its KSCLOCK_DISPATCH
 * (in KSPIN_DISPATCH.Clock) may supply timer and correlated-time callbacks;
 * otherwise AVStream drives the clock from KsPinSetPinClockTime:
 *
 *   static LONGLONG FASTCALL MyCorrelatedTime(PKSPIN pin, PLONGLONG systemTime);
 *   static const KSCLOCK_DISPATCH ClockDispatch = {NULL, NULL, MyCorrelatedTime, NULL};
 *
 * KS 1.0 drivers build a clock from a default clock instead
 * (KsAllocateDefaultClock + KsCreateDefaultClock).  Times are in 100 ns
 * units.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>
#include <openks/driver/property.h>

OPENKS_BEGIN_C

/* KSCLOCK_DISPATCH.SetTimer: arm Timer to run Dpc at DueTime (KeSetTimer semantics).  TRUE if it was already armed. */
typedef BOOLEAN (*PFNKSPINSETTIMER)(PKSPIN Pin, PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
/* KSCLOCK_DISPATCH.CancelTimer: disarm Timer.  TRUE if it was armed. */
typedef BOOLEAN (*PFNKSPINCANCELTIMER)(PKSPIN Pin, PKTIMER Timer);
/* KSCLOCK_DISPATCH.CorrelatedTime: the clock's time, with the system time at that instant in *SystemTime. */
typedef LONGLONG(FASTCALL *PFNKSPINCORRELATEDTIME)(PKSPIN Pin, PLONGLONG SystemTime);
/* KSCLOCK_DISPATCH.Resolution: fill in the clock's granularity and error. */
typedef void (*PFNKSPINRESOLUTION)(PKSPIN Pin, PKSRESOLUTION Resolution);

/* The clock callbacks of a clock-implementing pin; each may be NULL. */
struct _KSCLOCK_DISPATCH {
    PFNKSPINSETTIMER SetTimer;
    PFNKSPINCANCELTIMER CancelTimer;
    PFNKSPINCORRELATEDTIME CorrelatedTime;
    PFNKSPINRESOLUTION Resolution;
};

/* Fast clock reads through a clock's file object; any thread, must not block. */
typedef LONGLONG(FASTCALL *PFNKSCLOCK_GETTIME)(PFILE_OBJECT FileObject);
typedef LONGLONG(FASTCALL *PFNKSCLOCK_CORRELATEDTIME)(PFILE_OBJECT FileObject, PLONGLONG SystemTime);

/* What KSPROPERTY_CLOCK_FUNCTIONTABLE returns (kernel-mode clients only). */
struct _KSCLOCK_FUNCTIONTABLE {
    PFNKSCLOCK_GETTIME GetTime;
    PFNKSCLOCK_GETTIME GetPhysicalTime;
    PFNKSCLOCK_CORRELATEDTIME GetCorrelatedTime;
    PFNKSCLOCK_CORRELATEDTIME GetCorrelatedPhysicalTime;
};

/* Timer and correlated-time callbacks of a default clock (KsAllocateDefaultClockEx); Context is the driver's. */
typedef BOOLEAN (*PFNKSSETTIMER)(PVOID Context, PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
typedef BOOLEAN (*PFNKSCANCELTIMER)(PVOID Context, PKTIMER Timer);
typedef LONGLONG(FASTCALL *PFNKSCORRELATEDTIME)(PVOID Context, PLONGLONG SystemTime);

/*
 * Allocates a default clock (stopped, time 0) driven by the system timer.
 * Returns STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAllocateDefaultClock(PKSDEFAULTCLOCK *DefaultClock);

/*
 * KsAllocateDefaultClock with the driver's timer and correlated-time
 * callbacks (each may be NULL: the system ones), Context for them, the
 * clock's Resolution (NULL: the default) and Flags (0).  Same statuses.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAllocateDefaultClockEx(PKSDEFAULTCLOCK *DefaultClock, PVOID Context, PFNKSSETTIMER SetTimer,
                                        PFNKSCANCELTIMER CancelTimer, PFNKSCORRELATEDTIME CorrelatedTime,
                                        const KSRESOLUTION *Resolution, ULONG Flags);

/* Frees a default clock once no clock object uses it.  PASSIVE_LEVEL. */
void NTAPI KsFreeDefaultClock(PKSDEFAULTCLOCK DefaultClock);

/*
 * Serves a clock create IRP with a clock object backed by DefaultClock
 * (property, event and fast-I/O handling included).  Returns STATUS_SUCCESS,
 * STATUS_INSUFFICIENT_RESOURCES or the create validation failure; does not
 * complete the IRP.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCreateDefaultClock(PIRP Irp, PKSDEFAULTCLOCK DefaultClock);

/*
 * Opens a clock on the pin ConnectionHandle (a create of KSSTRING_Clock
 * with ClockCreate), as a KernelMode request; *ClockHandle receives it.
 * Returns the create's NTSTATUS.  PASSIVE_LEVEL.
 *
 * The exported KsCreateClock is ksuser's (a Win32 error code, in
 * <openks/client.h>); minidriver source calling KsCreateClock gets this
 * kernel form through the macro, as with KsCreatePin.
 */
NTSTATUS NTAPI openks_KsCreateClockKernel(HANDLE ConnectionHandle, PKSCLOCK_CREATE ClockCreate, PHANDLE ClockHandle);
#define KsCreateClock openks_KsCreateClockKernel

/*
 * Validates the KSCLOCK_CREATE of a clock create IRP; *ClockCreate points
 * into the IRP.  Returns STATUS_SUCCESS, STATUS_INVALID_BUFFER_SIZE or
 * STATUS_INVALID_PARAMETER (nonzero CreateFlags).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsValidateClockCreateRequest(PIRP Irp, PKSCLOCK_CREATE *ClockCreate);

/* The state of a default clock.  Any thread. */
KSSTATE NTAPI KsGetDefaultClockState(PKSDEFAULTCLOCK DefaultClock);

/* Sets the state of a default clock (it runs only in KSSTATE_RUN).  Any thread. */
void NTAPI KsSetDefaultClockState(PKSDEFAULTCLOCK DefaultClock, KSSTATE State);

/* The time of a default clock.  Any thread. */
LONGLONG NTAPI KsGetDefaultClockTime(PKSDEFAULTCLOCK DefaultClock);

/* Sets the time of a default clock (a running clock continues from it).  Any thread. */
void NTAPI KsSetDefaultClockTime(PKSDEFAULTCLOCK DefaultClock, LONGLONG Time);

/* ---- The KSPROPSETID_Clock items -------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_CLOCK_TIME(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_TIME, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_CLOCK_PHYSICALTIME(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_PHYSICALTIME, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_CLOCK_CORRELATEDTIME(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_CORRELATEDTIME, Handler, sizeof(KSPROPERTY), sizeof(KSCORRELATED_TIME))
#define DEFINE_KSPROPERTY_ITEM_CLOCK_CORRELATEDPHYSICALTIME(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_CORRELATEDPHYSICALTIME, Handler, sizeof(KSPROPERTY), \
                               sizeof(KSCORRELATED_TIME))
#define DEFINE_KSPROPERTY_ITEM_CLOCK_RESOLUTION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_RESOLUTION, Handler, sizeof(KSPROPERTY), sizeof(KSRESOLUTION))
#define DEFINE_KSPROPERTY_ITEM_CLOCK_STATE(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_STATE, Handler, sizeof(KSPROPERTY), sizeof(KSSTATE))
#define DEFINE_KSPROPERTY_ITEM_CLOCK_FUNCTIONTABLE(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CLOCK_FUNCTIONTABLE, Handler, sizeof(KSPROPERTY), \
                               sizeof(KSCLOCK_FUNCTIONTABLE))

/* The standard clock property table, one Get handler per item. */
#define DEFINE_KSPROPERTY_CLOCKSET(ClockSet, PropTime, PropPhysicalTime, PropCorrelatedTime,                        \
                                   PropCorrelatedPhysicalTime, PropResolution, PropState, PropFunctionTable)        \
    DEFINE_KSPROPERTY_TABLE(ClockSet)                                                                               \
    {                                                                                                               \
        DEFINE_KSPROPERTY_ITEM_CLOCK_TIME(PropTime), DEFINE_KSPROPERTY_ITEM_CLOCK_PHYSICALTIME(PropPhysicalTime),   \
            DEFINE_KSPROPERTY_ITEM_CLOCK_CORRELATEDTIME(PropCorrelatedTime),                                        \
            DEFINE_KSPROPERTY_ITEM_CLOCK_CORRELATEDPHYSICALTIME(PropCorrelatedPhysicalTime),                        \
            DEFINE_KSPROPERTY_ITEM_CLOCK_RESOLUTION(PropResolution), DEFINE_KSPROPERTY_ITEM_CLOCK_STATE(PropState), \
            DEFINE_KSPROPERTY_ITEM_CLOCK_FUNCTIONTABLE(PropFunctionTable)                                           \
    }

OPENKS_END_C
