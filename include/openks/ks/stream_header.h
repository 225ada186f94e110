/* SPDX-License-Identifier: MIT */
/* KSSTREAM_HEADER: one frame of a stream request, and its option flags. */
#pragma once

/*
 * IOCTL_KS_WRITE_STREAM and IOCTL_KS_READ_STREAM carry an array of these in
 * the METHOD_NEITHER output buffer.  Each header describes one buffer (Data,
 * FrameExtent) and how much of it holds data (DataUsed).  A header may be
 * extended (Size = 56 + extension, e.g. KS_FRAME_INFO for video); headers
 * follow one another Size bytes apart.
 *
 *   KSSTREAM_HEADER h = {0};
 *   h.Size = sizeof(h);
 *   h.PresentationTime.Numerator = h.PresentationTime.Denominator = 1;
 *   h.Data = buffer; h.FrameExtent = h.DataUsed = bytes;   // a write
 */

#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

typedef struct {
    LONGLONG Time; /* in Numerator/Denominator units of 100 ns */
    ULONG Numerator;
    ULONG Denominator;
} KSTIME, *PKSTIME;

typedef struct {
    ULONG Size;
    ULONG TypeSpecificFlags;
    KSTIME PresentationTime;
    LONGLONG Duration;
    ULONG FrameExtent;
    ULONG DataUsed;
    PVOID Data;
    ULONG OptionsFlags;
    ULONG Reserved; /* Win64 only */
} KSSTREAM_HEADER, *PKSSTREAM_HEADER;

#define KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT 0x00000001
#define KSSTREAM_HEADER_OPTIONSF_PREROLL 0x00000002
#define KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY 0x00000004
#define KSSTREAM_HEADER_OPTIONSF_TYPECHANGED 0x00000008
#define KSSTREAM_HEADER_OPTIONSF_TIMEVALID 0x00000010
#define KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY 0x00000040
#define KSSTREAM_HEADER_OPTIONSF_FLUSHONPAUSE 0x00000080
#define KSSTREAM_HEADER_OPTIONSF_DURATIONVALID 0x00000100
#define KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM 0x00000200
#define KSSTREAM_HEADER_OPTIONSF_BUFFEREDTRANSFER 0x00000400
#define KSSTREAM_HEADER_OPTIONSF_VRAM_DATA_TRANSFER 0x00000800
#define KSSTREAM_HEADER_OPTIONSF_METADATA 0x00001000
#define KSSTREAM_HEADER_OPTIONSF_ENDOFPHOTOSEQUENCE 0x00002000
#define KSSTREAM_HEADER_OPTIONSF_FRAMEINFO 0x00004000
#define KSSTREAM_HEADER_OPTIONSF_PERSIST_SAMPLE 0x00008000
#define KSSTREAM_HEADER_OPTIONSF_SAMPLE_PERSISTED 0x00010000
#define KSSTREAM_HEADER_TRACK_COMPLETION_NUMBERS 0x00020000
#define KSSTREAM_HEADER_OPTIONSF_SECUREBUFFERTRANSFER 0x00040000
#define KSSTREAM_HEADER_OPTIONSF_LOOPEDDATA 0x80000000

OPENKS_STATIC_ASSERT(sizeof(KSTIME) == 16, "KSTIME layout");
OPENKS_STATIC_ASSERT(sizeof(KSSTREAM_HEADER) == 56 && OPENKS_ALIGNOF(KSSTREAM_HEADER) == 8,
                     "KSSTREAM_HEADER layout (x64)");

OPENKS_END_C
