/* SPDX-License-Identifier: MIT */
/* What the bundled null driver publishes: its pins and its statistics property, for clients, tests and benchmarks. */
#pragma once

/*
 * The null driver is a render filter (categories KSCATEGORY_AUDIO and
 * KSCATEGORY_RENDER) whose pins consume every frame written to them as soon
 * as they may, discarding the data:
 *
 *   pin 0 (NULL_PIN_AUDIO)   IN, SINK: PCM 1-8 channels, 8-32 bits, 1-384 kHz, and
 *                            IEEE float 1-8 channels, 32 bits, 1-384 kHz
 *                            (KSDATAFORMAT_WAVEFORMATEX or WAVEFORMATEXTENSIBLE).
 *                            One instance at a time, like an exclusive-mode endpoint.
 *   pin 1 (NULL_PIN_STREAM)  IN, SINK: KSDATAFORMAT_TYPE_STREAM / SUBTYPE_NONE /
 *                            SPECIFIER_NONE (a 64-byte KSDATAFORMAT).  Any number of instances.
 *
 * Both pins consume only in KSSTATE_RUN (writes submitted while paused stay
 * pending until RUN, as a renderer's do) and complete each write request
 * once all its frames are consumed.  Each pin answers a private property
 * with what it has consumed:
 *
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_OpenksNull; p.Id = KSPROPERTY_OPENKS_NULL_STATISTICS; p.Flags = KSPROPERTY_TYPE_GET;
 *   OPENKS_NULL_STATISTICS stats;
 *   KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &p, sizeof p, &stats, sizeof stats, &n);
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#define NULL_PIN_AUDIO 0
#define NULL_PIN_STREAM 1

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_NULL_FILTER 0xa7ded1c2, 0x4096, 0x42a8, 0x91, 0x3c, 0x82, 0xc8, 0x08, 0x8c, 0x98, 0x84
DEFINE_GUIDEX(OPENKS_NULL_FILTER);

/* The null pins' private property set. */
#define STATIC_KSPROPSETID_OpenksNull 0x3d5810fe, 0x5477, 0x4aee, 0x99, 0x61, 0xe6, 0x4b, 0xc0, 0x8f, 0x82, 0xc5
DEFINE_GUIDEX(KSPROPSETID_OpenksNull);

/* GET, on a pin: OPENKS_NULL_STATISTICS. */
#define KSPROPERTY_OPENKS_NULL_STATISTICS 0

typedef struct {
    ULONGLONG Bytes;  /* DataUsed bytes consumed since the pin was created */
    ULONGLONG Frames; /* stream headers consumed */
} OPENKS_NULL_STATISTICS, *POPENKS_NULL_STATISTICS;
