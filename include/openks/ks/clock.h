/* SPDX-License-Identifier: MIT */
/* Clocks: the KSPROPSETID_Clock property set, clock creation, correlated time and the clock events. */
#pragma once

/*
 * A clock object is created relative to a pin ("<KSSTRING_Clock>\" plus a
 * KSCLOCK_CREATE; KsCreateClock does this) and answers KSPROPSETID_Clock.
 * Times are LONGLONG in 100 ns units.  KSEVENTSETID_Clock fires at a mark
 * (KSEVENT_TIME_MARK) or every interval (KSEVENT_TIME_INTERVAL).
 *
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_Clock;
 *   p.Id = KSPROPERTY_CLOCK_TIME;
 *   p.Flags = KSPROPERTY_TYPE_GET;
 *   LONGLONG now;  // 100 ns units
 *   // DeviceIoControl(clock, IOCTL_KS_PROPERTY, &p, sizeof p, &now, sizeof now, ...)
 *
 * KSPROPERTY_CLOCK_FUNCTIONTABLE (kernel-mode only on Windows) is declared
 * unconditionally.  Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#define STATIC_KSPROPSETID_Clock 0xdf12a4c0, 0xac17, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Clock);
#define KSPROPSETID_Clock KSPROPSETID_Clock

/* 100 ns units per second. */
#define NANOSECONDS 10000000
/* Converts a performance-counter value (LARGE_INTEGER) at Frequency into 100 ns units without overflow. */
#define KSCONVERT_PERFORMANCE_TIME(Frequency, PerformanceTime)                                \
    ((((ULONGLONG)(ULONG)(PerformanceTime).HighPart * NANOSECONDS / (Frequency)) << 32) +     \
     ((((((ULONGLONG)(ULONG)(PerformanceTime).HighPart * NANOSECONDS) % (Frequency)) << 32) + \
       ((ULONGLONG)(PerformanceTime).LowPart * NANOSECONDS)) /                                \
      (Frequency)))

/* Create parameters of a clock object. */
typedef struct {
    ULONG CreateFlags;
} KSCLOCK_CREATE, *PKSCLOCK_CREATE;

/* A clock time and the system time it was sampled at. */
typedef struct {
    LONGLONG Time;
    LONGLONG SystemTime;
} KSCORRELATED_TIME, *PKSCORRELATED_TIME;

typedef struct {
    LONGLONG Granularity;
    LONGLONG Error;
} KSRESOLUTION, *PKSRESOLUTION;

typedef enum {
    KSPROPERTY_CLOCK_TIME,                   /* LONGLONG */
    KSPROPERTY_CLOCK_PHYSICALTIME,           /* LONGLONG */
    KSPROPERTY_CLOCK_CORRELATEDTIME,         /* KSCORRELATED_TIME */
    KSPROPERTY_CLOCK_CORRELATEDPHYSICALTIME, /* KSCORRELATED_TIME */
    KSPROPERTY_CLOCK_RESOLUTION,             /* KSRESOLUTION */
    KSPROPERTY_CLOCK_STATE,                  /* KSSTATE */
    KSPROPERTY_CLOCK_FUNCTIONTABLE           /* KSCLOCK_FUNCTIONTABLE (kernel clients) */
} KSPROPERTY_CLOCK;

#define STATIC_KSEVENTSETID_Clock 0x364d8e20, 0x62c7, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSEVENTSETID_Clock);
#define KSEVENTSETID_Clock KSEVENTSETID_Clock

typedef enum {
    KSEVENT_CLOCK_INTERVAL_MARK, /* KSEVENT_TIME_INTERVAL */
    KSEVENT_CLOCK_POSITION_MARK  /* KSEVENT_TIME_MARK */
} KSEVENT_CLOCK_POSITION;

OPENKS_END_C
