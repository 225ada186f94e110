/* SPDX-License-Identifier: MIT */
/* What the bundled testpattern driver publishes: its filter, its video capture pin and its pacing property. */
#pragma once

/*
 * The testpattern driver is a video capture source (filter categories
 * KSCATEGORY_VIDEO and KSCATEGORY_CAPTURE) with one pin:
 *
 *   pin 0 (TESTPATTERN_PIN_CAPTURE)  OUT, SINK, category PINNAME_CAPTURE:
 *       KS_DATARANGE_VIDEO ranges (KSDATAFORMAT_SPECIFIER_VIDEOINFO) for YUY2
 *       and RGB24 (BI_RGB, bottom-up) at 320x240, 640x480 and 1280x720, each
 *       at 15 to 30 frames per second (AvgTimePerFrame 333333 by default,
 *       MinFrameInterval 333333, MaxFrameInterval 666666), in that order.
 *       One instance at a time.  Created with a KS_DATAFORMAT_VIDEOINFOHEADER
 *       whose size, compression and bit count are one range's and whose
 *       AvgTimePerFrame lies in [333333, 666666].
 *
 * Frames are extended stream headers: KSSTREAM_HEADER + KS_FRAME_INFO
 * (StreamHeaderSize 128 on x64).  Each read gets one picture, painted by
 * the testpattern core (drivers/testpattern/core/pattern_painter.h) for
 * frame number N = KS_FRAME_INFO.PictureNumber, with DataUsed = biSizeImage,
 * PresentationTime = N x AvgTimePerFrame, Duration = AvgTimePerFrame
 * (TIMEVALID | DURATIONVALID | FRAMEINFO), dwFrameFlags KS_VIDEO_FLAG_FRAME
 * and DropCount = the pictures skipped so far.  Reads complete in the order
 * they were submitted.  A read smaller than biSizeImage completes with
 * STATUS_BUFFER_TOO_SMALL and takes no picture.
 *
 * Pacing (KSPROPERTY_OPENKS_TESTPATTERN_PACING):
 *   REALTIME (default): picture N is due at (N + 1) x AvgTimePerFrame after
 *     RUN (its end) on a monotonic clock; a read waits for the next due
 *     picture.  When no read was queued while pictures fell due, those
 *     pictures are dropped: the next read gets the latest due picture and
 *     DropCount grows by the pictures skipped.
 *   FREERUNNING: each read gets the next picture at once (N = 0, 1, 2, ...),
 *     nothing is dropped.
 * STOP restarts the picture count and the clock at 0.
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#define TESTPATTERN_PIN_CAPTURE 0

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_TESTPATTERN_FILTER 0xbc49a549, 0xebcc, 0x4111, 0xbe, 0xa6, 0xed, 0xbb, 0x63, 0x61, 0xd2, 0x73
DEFINE_GUIDEX(OPENKS_TESTPATTERN_FILTER);

/* The testpattern pin's property set. */
#define STATIC_KSPROPSETID_OpenksTestPattern \
    0x81c07edd, 0xab88, 0x45f4, 0xa2, 0xd1, 0x3e, 0x5f, 0xef, 0x9b, 0x0c, 0x40
DEFINE_GUIDEX(KSPROPSETID_OpenksTestPattern);

typedef enum {
    /* ULONG, one of OPENKS_TESTPATTERN_PACING_*; GET/SET at any time; other values: STATUS_INVALID_PARAMETER. */
    KSPROPERTY_OPENKS_TESTPATTERN_PACING = 0,
} KSPROPERTY_OPENKS_TESTPATTERN;

#define OPENKS_TESTPATTERN_PACING_REALTIME 0
#define OPENKS_TESTPATTERN_PACING_FREERUNNING 1

/* The frame intervals every range offers (100 ns units): 30 and 15 frames per second. */
#define OPENKS_TESTPATTERN_MIN_FRAME_INTERVAL 333333
#define OPENKS_TESTPATTERN_MAX_FRAME_INTERVAL 666666
