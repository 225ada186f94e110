/* SPDX-License-Identifier: MIT */
/* Pin states and resets (KSSTATE, KSRESET) and the connection property and event sets of a pin instance. */
#pragma once

/*
 * A pin moves through STOP -> ACQUIRE -> PAUSE -> RUN (and back) under
 * KSPROPERTY_CONNECTION_STATE; data moves only in RUN, and PAUSE is where a
 * client primes buffers.  IOCTL_KS_RESET_STATE takes a KSRESET: BEGIN
 * cancels queued I/O and fails new I/O with STATUS_DEVICE_NOT_READY until
 * END.
 *
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_Connection;
 *   p.Id = KSPROPERTY_CONNECTION_STATE;
 *   p.Flags = KSPROPERTY_TYPE_SET;
 *   KSSTATE s = KSSTATE_RUN;
 *   // DeviceIoControl(pin, IOCTL_KS_PROPERTY, &p, sizeof p, &s, sizeof s, ...)
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

typedef enum { KSRESET_BEGIN, KSRESET_END } KSRESET;

typedef enum { KSSTATE_STOP, KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN } KSSTATE, *PKSSTATE;

#define STATIC_KSPROPSETID_Connection 0x1d58c920, 0xac9b, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Connection);
#define KSPROPSETID_Connection KSPROPSETID_Connection

typedef enum {
    KSPROPERTY_CONNECTION_STATE,               /* KSSTATE */
    KSPROPERTY_CONNECTION_PRIORITY,            /* KSPRIORITY */
    KSPROPERTY_CONNECTION_DATAFORMAT,          /* KSDATAFORMAT (FormatSize bytes) */
    KSPROPERTY_CONNECTION_ALLOCATORFRAMING,    /* KSALLOCATOR_FRAMING */
    KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT,   /* KSDATAFORMAT */
    KSPROPERTY_CONNECTION_ACQUIREORDERING,     /* BOOL */
    KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX, /* KSALLOCATOR_FRAMING_EX */
    KSPROPERTY_CONNECTION_STARTAT              /* KSRELATIVEEVENT */
} KSPROPERTY_CONNECTION;

#define STATIC_KSEVENTSETID_Connection 0x7f4bcbe0, 0x9ea5, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSEVENTSETID_Connection);
#define KSEVENTSETID_Connection KSEVENTSETID_Connection

typedef enum {
    KSEVENT_CONNECTION_POSITIONUPDATE,
    KSEVENT_CONNECTION_DATADISCONTINUITY,
    KSEVENT_CONNECTION_TIMEDISCONTINUITY,
    KSEVENT_CONNECTION_PRIORITY,
    KSEVENT_CONNECTION_ENDOFSTREAM
} KSEVENT_CONNECTION;

/* Memory transport: a client sets KSPROPERTY_MEMORY_TRANSPORT (a BOOL) to choose system memory. */
#define STATIC_KSPROPSETID_MemoryTransport 0x0a3d1c5d, 0x5243, 0x4819, 0x9e, 0xd0, 0xae, 0xe8, 0x04, 0x4c, 0xee, 0x2b
OPENKS_DEFINE_GUIDEX(KSPROPSETID_MemoryTransport);
#define KSPROPSETID_MemoryTransport KSPROPSETID_MemoryTransport

enum { KSPROPERTY_MEMORY_TRANSPORT = 1 };

OPENKS_STATIC_ASSERT(sizeof(KSSTATE) == 4 && sizeof(KSRESET) == 4, "KS enums are 4 bytes");

OPENKS_END_C
