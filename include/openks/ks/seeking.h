/* SPDX-License-Identifier: MIT */
/* The media-seeking property set (KSPROPSETID_MediaSeeking): positions, durations and time-format conversion. */
#pragma once

/*
 * Filters that can reposition a stream (file readers, demultiplexers) answer
 * KSPROPSETID_MediaSeeking.  Positions are in the stream's time format
 * (KSPROPERTY_MEDIASEEKING_TIMEFORMAT, one of the KSTIME_FORMAT_* GUIDs).
 *
 *   KSPROPERTY_POSITIONS pos = {0};
 *   pos.Current = 10000000;  // 1 s in KSTIME_FORMAT_MEDIA_TIME (100 ns units)
 *   pos.CurrentFlags = KS_SEEKING_AbsolutePositioning;
 *   pos.StopFlags = KS_SEEKING_NoPositioning;
 *   // SET KSPROPERTY_MEDIASEEKING_POSITIONS with &pos as the value
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#define STATIC_KSPROPSETID_MediaSeeking 0xee904f0c, 0xd09b, 0x11d0, 0xab, 0xe9, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSPROPSETID_MediaSeeking);
#define KSPROPSETID_MediaSeeking KSPROPSETID_MediaSeeking

typedef enum {
    KSPROPERTY_MEDIASEEKING_CAPABILITIES,
    KSPROPERTY_MEDIASEEKING_FORMATS,
    KSPROPERTY_MEDIASEEKING_TIMEFORMAT,
    KSPROPERTY_MEDIASEEKING_POSITION,
    KSPROPERTY_MEDIASEEKING_STOPPOSITION,
    KSPROPERTY_MEDIASEEKING_POSITIONS,
    KSPROPERTY_MEDIASEEKING_DURATION,
    KSPROPERTY_MEDIASEEKING_AVAILABLE,
    KSPROPERTY_MEDIASEEKING_PREROLL,
    KSPROPERTY_MEDIASEEKING_CONVERTTIMEFORMAT
} KSPROPERTY_MEDIASEEKING;

typedef enum {
    KS_SEEKING_NoPositioning,
    KS_SEEKING_AbsolutePositioning,
    KS_SEEKING_RelativePositioning,
    KS_SEEKING_IncrementalPositioning,
    KS_SEEKING_PositioningBitsMask = 0x3,
    KS_SEEKING_SeekToKeyFrame,
    KS_SEEKING_ReturnTime = 0x8
} KS_SEEKING_FLAGS;

typedef enum {
    KS_SEEKING_CanSeekAbsolute = 0x1,
    KS_SEEKING_CanSeekForwards = 0x2,
    KS_SEEKING_CanSeekBackwards = 0x4,
    KS_SEEKING_CanGetCurrentPos = 0x8,
    KS_SEEKING_CanGetStopPos = 0x10,
    KS_SEEKING_CanGetDuration = 0x20,
    KS_SEEKING_CanPlayBackwards = 0x40
} KS_SEEKING_CAPABILITIES;

typedef struct {
    LONGLONG Current;
    LONGLONG Stop;
    KS_SEEKING_FLAGS CurrentFlags;
    KS_SEEKING_FLAGS StopFlags;
} KSPROPERTY_POSITIONS, *PKSPROPERTY_POSITIONS;

typedef struct {
    LONGLONG Earliest;
    LONGLONG Latest;
} KSPROPERTY_MEDIAAVAILABLE, *PKSPROPERTY_MEDIAAVAILABLE;

/* KSPROPERTY_MEDIASEEKING_CONVERTTIMEFORMAT request: convert Time from SourceFormat to TargetFormat. */
typedef struct {
    KSPROPERTY Property;
    GUID SourceFormat;
    GUID TargetFormat;
    LONGLONG Time;
} KSP_TIMEFORMAT, *PKSP_TIMEFORMAT;

OPENKS_END_C
