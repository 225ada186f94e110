/* SPDX-License-Identifier: MIT */
/* Stream properties of a pin: time formats, presentation time, quality, degradation, rates, and stream I/O methods. */
#pragma once

/*
 * KSPROPSETID_Stream covers a running stream: the master clock handle
 * (KSPROPERTY_STREAM_MASTERCLOCK), the time format (a KSTIME_FORMAT_* GUID),
 * the current presentation time (a KSTIME), frame timing and rates.
 * KSPROPSETID_StreamInterface reports the extended stream header size,
 * KSPROPSETID_Quality carries quality reports and errors, and
 * KSDEGRADESETID_Standard names degradation strategies.
 *
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_Stream;
 *   p.Id = KSPROPERTY_STREAM_MASTERCLOCK;
 *   p.Flags = KSPROPERTY_TYPE_SET;
 *   HANDLE clock = hClock;  // from KsCreateClock
 *   // DeviceIoControl(pin, IOCTL_KS_PROPERTY, &p, sizeof p, &clock, sizeof clock, ...)
 *
 * KSTIME and KSSTREAM_HEADER live in <openks/ks/stream_header.h>.  Valid C11
 * and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/pin.h>
#include <openks/ks/stream_header.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* ---- Time formats --------------------------------------------------------------- */

#define STATIC_KSTIME_FORMAT_NONE 0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSTIME_FORMAT_NONE);
#define KSTIME_FORMAT_NONE KSTIME_FORMAT_NONE
#define STATIC_KSTIME_FORMAT_FRAME 0x7b785570, 0x8c82, 0x11cf, 0xbc, 0x0c, 0x00, 0xaa, 0x00, 0xac, 0x74, 0xf6
OPENKS_DEFINE_GUIDEX(KSTIME_FORMAT_FRAME);
#define KSTIME_FORMAT_FRAME KSTIME_FORMAT_FRAME
#define STATIC_KSTIME_FORMAT_BYTE 0x7b785571, 0x8c82, 0x11cf, 0xbc, 0x0c, 0x00, 0xaa, 0x00, 0xac, 0x74, 0xf6
OPENKS_DEFINE_GUIDEX(KSTIME_FORMAT_BYTE);
#define KSTIME_FORMAT_BYTE KSTIME_FORMAT_BYTE
#define STATIC_KSTIME_FORMAT_SAMPLE 0x7b785572, 0x8c82, 0x11cf, 0xbc, 0x0c, 0x00, 0xaa, 0x00, 0xac, 0x74, 0xf6
OPENKS_DEFINE_GUIDEX(KSTIME_FORMAT_SAMPLE);
#define KSTIME_FORMAT_SAMPLE KSTIME_FORMAT_SAMPLE
#define STATIC_KSTIME_FORMAT_FIELD 0x7b785573, 0x8c82, 0x11cf, 0xbc, 0x0c, 0x00, 0xaa, 0x00, 0xac, 0x74, 0xf6
OPENKS_DEFINE_GUIDEX(KSTIME_FORMAT_FIELD);
#define KSTIME_FORMAT_FIELD KSTIME_FORMAT_FIELD
#define STATIC_KSTIME_FORMAT_MEDIA_TIME 0x7b785574, 0x8c82, 0x11cf, 0xbc, 0x0c, 0x00, 0xaa, 0x00, 0xac, 0x74, 0xf6
OPENKS_DEFINE_GUIDEX(KSTIME_FORMAT_MEDIA_TIME);
#define KSTIME_FORMAT_MEDIA_TIME KSTIME_FORMAT_MEDIA_TIME

/* ---- KSPROPSETID_Stream ------------------------------------------------------------ */

#define STATIC_KSPROPSETID_Stream 0x65aaba60, 0x98ae, 0x11cf, 0xa1, 0x0d, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Stream);
#define KSPROPSETID_Stream KSPROPSETID_Stream

typedef enum {
    KSPROPERTY_STREAM_ALLOCATOR,
    KSPROPERTY_STREAM_QUALITY,
    KSPROPERTY_STREAM_DEGRADATION,
    KSPROPERTY_STREAM_MASTERCLOCK,
    KSPROPERTY_STREAM_TIMEFORMAT,
    KSPROPERTY_STREAM_PRESENTATIONTIME,
    KSPROPERTY_STREAM_PRESENTATIONEXTENT,
    KSPROPERTY_STREAM_FRAMETIME,
    KSPROPERTY_STREAM_RATECAPABILITY,
    KSPROPERTY_STREAM_RATE,
    KSPROPERTY_STREAM_PIPE_ID
} KSPROPERTY_STREAM;

typedef struct {
    HANDLE QualityManager;
    PVOID Context;
} KSQUALITY_MANAGER, *PKSQUALITY_MANAGER;

typedef struct {
    LONGLONG Duration;
    ULONG FrameFlags; /* KSFRAMETIME_VARIABLESIZE */
    ULONG Reserved;
} KSFRAMETIME, *PKSFRAMETIME;

#define KSFRAMETIME_VARIABLESIZE 0x00000001

typedef struct {
    LONGLONG PresentationStart;
    LONGLONG Duration;
    KSPIN_INTERFACE Interface;
    LONG Rate;   /* 1000 = normal speed */
    ULONG Flags; /* KSRATE_* */
} KSRATE, *PKSRATE;

#define KSRATE_NOPRESENTATIONSTART 0x00000001
#define KSRATE_NOPRESENTATIONDURATION 0x00000002

typedef struct {
    KSPROPERTY Property;
    KSRATE Rate;
} KSRATE_CAPABILITY, *PKSRATE_CAPABILITY;

/* ---- KSPROPSETID_StreamInterface ------------------------------------------------------ */

#define STATIC_KSPROPSETID_StreamInterface 0x1fdd8ee1, 0x9cd3, 0x11d0, 0x82, 0xaa, 0x00, 0x00, 0xf8, 0x22, 0xfe, 0x8a
OPENKS_DEFINE_GUIDEX(KSPROPSETID_StreamInterface);
#define KSPROPSETID_StreamInterface KSPROPSETID_StreamInterface

typedef enum {
    KSPROPERTY_STREAMINTERFACE_HEADERSIZE /* ULONG: extra bytes after each KSSTREAM_HEADER */
} KSPROPERTY_STREAMINTERFACE;

/* ---- KSMETHODSETID_StreamIo -------------------------------------------------------------- */

#define STATIC_KSMETHODSETID_StreamIo 0x65d003ca, 0x1523, 0x11d2, 0xb2, 0x7a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSMETHODSETID_StreamIo);
#define KSMETHODSETID_StreamIo KSMETHODSETID_StreamIo

typedef enum { KSMETHOD_STREAMIO_READ, KSMETHOD_STREAMIO_WRITE } KSMETHOD_STREAMIO;

/* ---- Quality and errors ------------------------------------------------------------------ */

#define STATIC_KSPROPSETID_Quality 0xd16ad380, 0xac1a, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Quality);
#define KSPROPSETID_Quality KSPROPSETID_Quality

typedef enum {
    KSPROPERTY_QUALITY_REPORT, /* KSQUALITY */
    KSPROPERTY_QUALITY_ERROR   /* KSERROR */
} KSPROPERTY_QUALITY;

typedef struct {
    PVOID Context;
    ULONG Proportion; /* 1000 = keeping up */
    LONGLONG DeltaTime;
} KSQUALITY, *PKSQUALITY;

typedef struct {
    PVOID Context;
    ULONG Status;
} KSERROR, *PKSERROR;

/* ---- Degradation strategies --------------------------------------------------------------- */

typedef KSIDENTIFIER KSDEGRADE, *PKSDEGRADE;

#define STATIC_KSDEGRADESETID_Standard 0x9f564180, 0x704c, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSDEGRADESETID_Standard);
#define KSDEGRADESETID_Standard KSDEGRADESETID_Standard

typedef enum {
    KSDEGRADE_STANDARD_SAMPLE,
    KSDEGRADE_STANDARD_QUALITY,
    KSDEGRADE_STANDARD_COMPUTATION,
    KSDEGRADE_STANDARD_SKIP
} KSDEGRADE_STANDARD;

OPENKS_STATIC_ASSERT(sizeof(KSRATE) == 48, "KSRATE layout");
OPENKS_STATIC_ASSERT(sizeof(KSRATE_CAPABILITY) == 72, "KSRATE_CAPABILITY layout");
OPENKS_STATIC_ASSERT(sizeof(KSQUALITY) == 24, "KSQUALITY layout");

OPENKS_END_C
