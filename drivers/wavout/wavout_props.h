/* SPDX-License-Identifier: MIT */
/* What the bundled wavout driver publishes: its filter, its render pin and the KSPROPSETID_OpenksWavout properties. */
#pragma once

/*
 * The wavout driver is an audio render sink (filter categories
 * KSCATEGORY_AUDIO and KSCATEGORY_RENDER) that writes what it plays to a
 * WAV file:
 *
 *   pin 0 (WAVOUT_PIN_RENDER)  IN, SINK: PCM 16/24/32 bits or IEEE float 32 bits,
 *                              1-8 channels, 8-192 kHz, created with a
 *                              KSDATAFORMAT_WAVEFORMATEX or _WAVEFORMATEXTENSIBLE.
 *                              One instance at a time.
 *
 * File lifetime: the file is created (truncated) when the pin first enters
 * KSSTATE_RUN after STOP, and finalised (RIFF sizes patched, closed) when
 * the pin returns to STOP or is closed (a file under the default name that
 * received no audio is then removed).  Its `fmt ` chunk is the pin's
 * WAVEFORMATEX(TENSIBLE) (16 bytes for plain PCM), its `data` chunk the
 * bytes of every write, in order; the sizes are also patched every second
 * of audio, so a file cut short by a crash reads back up to that point.  A
 * file that cannot be created fails the transition to RUN with the reason
 * (STATUS_OBJECT_PATH_NOT_FOUND, STATUS_ACCESS_DENIED, ...); a write the
 * file refuses completes with the file's error.
 *
 * Writes are consumed only in RUN (writes queued in PAUSE wait, as a
 * renderer's do).  The pin answers:
 *
 *   KSPROPSETID_Audio / KSPROPERTY_AUDIO_POSITION (GET, KSAUDIO_POSITION):
 *     PlayOffset = bytes written to the file since STOP; WriteOffset =
 *     PlayOffset + bytes queued in writes not yet consumed.  After STOP
 *     both read 0 until a write is queued (what PortAudio checks).
 *   KSPROPSETID_OpenksWavout (below).
 *
 *   static const WCHAR name[] = u"/tmp/out.wav";
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_OpenksWavout; p.Id = KSPROPERTY_OPENKS_WAVOUT_FILENAME; p.Flags = KSPROPERTY_TYPE_SET;
 *   KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &p, sizeof p, (PVOID)name, sizeof name, &n);
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#define WAVOUT_PIN_RENDER 0

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_WAVOUT_FILTER 0x848dc83f, 0x0548, 0x4253, 0x99, 0x08, 0xd1, 0xa2, 0x76, 0x46, 0xeb, 0x31
DEFINE_GUIDEX(OPENKS_WAVOUT_FILTER);

/* The wavout pin's property set. */
#define STATIC_KSPROPSETID_OpenksWavout 0xb6558d8a, 0x3332, 0x4fd8, 0xaf, 0x4b, 0xdb, 0xdd, 0x35, 0xef, 0xd4, 0x83
DEFINE_GUIDEX(KSPROPSETID_OpenksWavout);

typedef enum {
    /*
     * WCHAR string (UTF-16, NUL-terminated), the file's path; GET/SET.
     * GET: the size protocol of variable properties (0 bytes ->
     * STATUS_BUFFER_OVERFLOW with the size; too short ->
     * STATUS_BUFFER_TOO_SMALL).  SET: any non-empty string; it takes effect
     * at the next file creation (the next RUN after STOP); while a file is
     * open (from RUN until STOP) SET fails with STATUS_INVALID_DEVICE_STATE;
     * an empty, unterminated or ill-formed UTF-16 string fails with
     * STATUS_INVALID_PARAMETER.  Default, one per pin created:
     * $XDG_RUNTIME_DIR/openks-wavout-<pid>-<n>.wav, or
     * /tmp/openks-wavout-<pid>-<n>.wav when XDG_RUNTIME_DIR is unset or
     * not absolute (<n> counts the wavout pins this process has created,
     * from 1).
     */
    KSPROPERTY_OPENKS_WAVOUT_FILENAME = 0,
    /* ULONG, one of OPENKS_WAVOUT_PACING_*; GET/SET at any time; other values: STATUS_INVALID_PARAMETER. */
    KSPROPERTY_OPENKS_WAVOUT_PACING = 1,
} KSPROPERTY_OPENKS_WAVOUT;

/*
 * REALTIME (default): a write covering stream bytes [b, b + k) is consumed
 * no earlier than (b + k) / nAvgBytesPerSec after RUN on a monotonic clock
 * (the pace of a sound card).  FREERUNNING: writes are consumed as fast as
 * they arrive.
 */
#define OPENKS_WAVOUT_PACING_REALTIME 0
#define OPENKS_WAVOUT_PACING_FREERUNNING 1
