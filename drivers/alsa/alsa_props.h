/* SPDX-License-Identifier: MIT */
/* What the bundled alsa driver publishes: its render filter backed by an ALSA PCM, and its statistics property. */
#pragma once

/*
 * The alsa driver is an audio render device (filter categories
 * KSCATEGORY_AUDIO and KSCATEGORY_RENDER) that plays into an ALSA PCM
 * through libasound:
 *
 *   pin 0 (ALSA_PIN_RENDER)  IN, SINK: KSDATARANGE_AUDIO ranges derived from
 *                            the PCM when the driver loads (PCM 16/24/32 bits
 *                            and IEEE float 32 bits as the PCM takes them,
 *                            its channel and rate bounds clamped to 1-8 and
 *                            8-192 kHz).  One instance at a time.
 *
 * The PCM is named by the environment variable OPENKS_ALSA_DEVICE
 * ("default" when unset).  If it cannot be opened for playback when the
 * driver loads, DriverEntry fails with STATUS_DEVICE_NOT_CONNECTED after a
 * line on stderr saying why, and the host publishes nothing for it.
 *
 * Streaming: the pin opens the PCM when it is created (a PCM that refuses
 * the format fails the create with STATUS_NO_MATCH, a busy one with
 * STATUS_DEVICE_BUSY).  In RUN, writes are handed in order to a driver
 * thread that plays them with snd_pcm_writei and completes each once its
 * bytes are in the PCM, so the device paces the client.  Underruns are
 * recovered (snd_pcm_recover) and counted.  A write that ALSA refuses
 * completes with STATUS_IO_DEVICE_ERROR.  PAUSE stops handing writes over
 * (the PCM plays out what it has); STOP drops what the PCM holds and
 * completes the writes the thread held (whatever it had written of them).
 *
 * The pin answers KSPROPSETID_OpenksAlsa / KSPROPERTY_OPENKS_ALSA_STATISTICS
 * (GET, OPENKS_ALSA_STATISTICS).  Valid C11 and C++20.
 */

#include <openks/ks.h>

#define ALSA_PIN_RENDER 0

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_ALSA_FILTER 0x121fa863, 0xe14e, 0x4f4b, 0x9c, 0xe4, 0xca, 0xf8, 0xd0, 0x15, 0x63, 0x54
DEFINE_GUIDEX(OPENKS_ALSA_FILTER);

/* The alsa pin's property set. */
#define STATIC_KSPROPSETID_OpenksAlsa 0xe175baf3, 0xe5d0, 0x4dfb, 0xad, 0xd2, 0x33, 0x3d, 0x69, 0xf8, 0x98, 0x41
DEFINE_GUIDEX(KSPROPSETID_OpenksAlsa);

/* GET, on the pin: OPENKS_ALSA_STATISTICS. */
#define KSPROPERTY_OPENKS_ALSA_STATISTICS 0

typedef struct {
    ULONGLONG BytesWritten; /* bytes the PCM accepted since the pin was created */
    ULONG Underruns;        /* underruns (and suspends) recovered */
    ULONG Errors;           /* writes completed with STATUS_IO_DEVICE_ERROR */
} OPENKS_ALSA_STATISTICS, *POPENKS_ALSA_STATISTICS;
