/* SPDX-License-Identifier: MIT */
/* What the bundled gain driver publishes: its transform filter, its pins and its volume node. */
#pragma once

/*
 * The gain driver is a filter-centric audio transform (filter categories
 * KSCATEGORY_AUDIO and KSCATEGORY_DATATRANSFORM):
 *
 *   pin 0 (GAIN_PIN_IN)   IN, BOTH:  PCM 16/24/32 bits or IEEE float 32 bits,
 *                         1-8 channels, 8-192 kHz (WAVEFORMATEX or _EXTENSIBLE).
 *   pin 1 (GAIN_PIN_OUT)  OUT, BOTH: the same ranges; created with the same
 *                         sample format as an existing IN pin (rate, channels,
 *                         container size, PCM or float), and the IN pin with
 *                         the OUT pin's; otherwise STATUS_NO_MATCH.
 *   One instance of each; both are needed before data moves.
 *
 *   node 0 (GAIN_NODE_VOLUME)  KSNODETYPE_VOLUME; topology: filter pin 0 ->
 *                              node 0 (input 1) -> node 0 (output 0) -> filter pin 1.
 *
 * Each write on the IN pin is scaled (drivers/gain/core/gain.h: rounded,
 * saturated; float unclamped) into the reads on the OUT pin: an OUT frame
 * ends where its IN frame ends (or when it is full), and takes the IN
 * frame's PresentationTime, Duration and TIMEVALID/DURATIONVALID.  A
 * trailing partial sample frame of a write is dropped.
 *
 * The volume answers KSPROPSETID_Audio on the filter handle, as a node
 * property (KSNODEPROPERTY_AUDIO_CHANNEL with KSPROPERTY_TYPE_TOPOLOGY and
 * NodeId GAIN_NODE_VOLUME) or as a filter property (the same request
 * without the TOPOLOGY flag):
 *   KSPROPERTY_AUDIO_VOLUMELEVEL  LONG, 1/65536 dB, GET/SET per channel
 *                                 (Channel 0-7, or -1 = every channel; GET of
 *                                 -1 answers channel 0).  -96 dB .. 0 dB, a
 *                                 stepped range (delta 1) in BASICSUPPORT;
 *                                 outside it SET fails with
 *                                 STATUS_INVALID_PARAMETER.  Default 0 dB.
 *   KSPROPERTY_AUDIO_MUTE         BOOL (ULONG), GET/SET (Channel ignored).
 *
 *   KSNODEPROPERTY_AUDIO_CHANNEL v = {0};
 *   v.NodeProperty.Property.Set = KSPROPSETID_Audio;
 *   v.NodeProperty.Property.Id = KSPROPERTY_AUDIO_VOLUMELEVEL;
 *   v.NodeProperty.Property.Flags = KSPROPERTY_TYPE_SET | KSPROPERTY_TYPE_TOPOLOGY;
 *   v.NodeProperty.NodeId = GAIN_NODE_VOLUME;
 *   v.Channel = -1;
 *   LONG level = -6 * 65536;
 *   KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &v, sizeof v, &level, sizeof level, &n);
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#define GAIN_PIN_IN 0
#define GAIN_PIN_OUT 1
#define GAIN_NODE_VOLUME 0

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_GAIN_FILTER 0xa1983c3c, 0xc962, 0x44af, 0xa6, 0x35, 0x32, 0xad, 0x63, 0x3e, 0xcf, 0xd0
DEFINE_GUIDEX(OPENKS_GAIN_FILTER);

#define OPENKS_GAIN_MIN_LEVEL (-96 * 65536)
#define OPENKS_GAIN_MAX_LEVEL 0
