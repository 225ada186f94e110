/* SPDX-License-Identifier: MIT */
/* What the bundled tone driver publishes: its filter, its capture pin and the KSPROPSETID_OpenksTone properties. */
#pragma once

/*
 * The tone driver is an audio capture source (filter categories
 * KSCATEGORY_AUDIO and KSCATEGORY_CAPTURE) with one pin:
 *
 *   pin 0 (TONE_PIN_CAPTURE)  OUT, SINK, category PINNAME_CAPTURE: a sine tone as
 *                             PCM 16/24/32 bits or IEEE float 32 bits, 1-8 channels
 *                             (every channel the same), 8-192 kHz, created with a
 *                             KSDATAFORMAT_WAVEFORMATEX or _WAVEFORMATEXTENSIBLE.
 *                             One instance at a time.
 *
 * Reads are filled only in KSSTATE_RUN, each with the whole frames that fit
 * (DataUsed), stamped with PresentationTime = the first frame's index since
 * RUN (after STOP) in 100 ns units and Duration = the frames' span (both
 * exact, OptionsFlags TIMEVALID | DURATIONVALID).  A read too small for one
 * frame completes with STATUS_BUFFER_TOO_SMALL.
 *
 * The pin answers KSPROPSETID_OpenksTone (sent to the pin handle):
 *
 *   ULONG hz = 440;
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_OpenksTone; p.Id = KSPROPERTY_OPENKS_TONE_FREQUENCY; p.Flags = KSPROPERTY_TYPE_SET;
 *   KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &p, sizeof p, &hz, sizeof hz, &n);
 *
 * A value set while the pin streams takes effect at the next read and
 * restarts the sine at phase 0 (the timestamps stay continuous).  The
 * samples for given settings are exactly those of the tone core
 * (drivers/tone/core/sine.h) configured with frequency = FREQUENCY,
 * level = dbfsToLevel(LEVEL / 65536.0), the pin's rate, channels and format.
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#define TONE_PIN_CAPTURE 0

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_TONE_FILTER 0x2653f5ec, 0xc3b8, 0x4832, 0xa9, 0xc2, 0xd5, 0xbf, 0x80, 0x3f, 0x21, 0xcd
DEFINE_GUIDEX(OPENKS_TONE_FILTER);

/* The tone pin's property set. */
#define STATIC_KSPROPSETID_OpenksTone 0xc9487ba4, 0x8913, 0x4baf, 0xba, 0x9e, 0x48, 0xe0, 0x4d, 0x08, 0x51, 0xef
DEFINE_GUIDEX(KSPROPSETID_OpenksTone);

typedef enum {
    /*
     * ULONG, Hz; GET/SET.  1 up to the largest integer below half the pin's
     * sample rate (BASICSUPPORT answers that stepped range, delta 1);
     * outside it SET fails with STATUS_INVALID_PARAMETER.  Default 1000.
     */
    KSPROPERTY_OPENKS_TONE_FREQUENCY = 0,
    /*
     * LONG, the sine's peak in 1/65536 dBFS (the unit of
     * KSPROPERTY_AUDIO_VOLUMELEVEL); GET/SET.  -96 dB (-6291456) .. 0
     * (BASICSUPPORT: stepped range, delta 1); outside it SET fails with
     * STATUS_INVALID_PARAMETER.  Default -6 dB (-393216).
     */
    KSPROPERTY_OPENKS_TONE_LEVEL = 1,
    /*
     * ULONG, one of OPENKS_TONE_PACING_*; GET/SET at any time.  Other
     * values fail with STATUS_INVALID_PARAMETER.
     */
    KSPROPERTY_OPENKS_TONE_PACING = 2,
} KSPROPERTY_OPENKS_TONE;

/*
 * REALTIME (default): a read covering frames [n, n + k) completes no earlier
 * than (n + k) frames after RUN on a monotonic clock, as a sound card's
 * would.  FREERUNNING: reads complete as fast as they arrive (tests,
 * offline rendering).  Timestamps are the same in both modes.
 */
#define OPENKS_TONE_PACING_REALTIME 0
#define OPENKS_TONE_PACING_FREERUNNING 1

#define OPENKS_TONE_DEFAULT_FREQUENCY 1000
#define OPENKS_TONE_DEFAULT_LEVEL (-6 * 65536)
#define OPENKS_TONE_MIN_LEVEL (-96 * 65536)
