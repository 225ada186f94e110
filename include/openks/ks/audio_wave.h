/* SPDX-License-Identifier: MIT */
/* Wave, wavetable, MIDI/music, looped-streaming, cyclic, sysaudio, GFX, echo-cancellation and DRM audio property sets.
 */
#pragma once

/*
 * These sets come from the Windows audio stack beyond plain PCM streaming:
 * the legacy wave/wavetable synthesiser interfaces, MIDI and DirectMusic
 * formats, looped-streaming position events (KSINTERFACE_STANDARD_LOOPED_STREAMING
 * pins), the system audio device (sysaudio) and global effects (GFX).
 *
 *   KSEVENT e = {0};
 *   e.Set = KSEVENTSETID_LoopedStreaming;
 *   e.Id = KSEVENT_LOOPEDSTREAMING_POSITION;
 *   e.Flags = KSEVENT_TYPE_ENABLE;
 *   LOOPEDSTREAMING_POSITION_EVENT_DATA d = {0};
 *   d.KsEventData.NotificationType = KSEVENTF_EVENT_HANDLE;
 *   d.KsEventData.EventHandle.Event = hEvent;
 *   d.Position = bufferBytes / 2;
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/dataformat.h>
#include <openks/ks/event.h>
#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* ---- Wave ---------------------------------------------------------------------------------- */

#define STATIC_KSPROPSETID_Wave_Queued 0x16a15b10, 0x16f0, 0x11d0, 0xa1, 0x95, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Wave_Queued);
#define KSPROPSETID_Wave_Queued KSPROPSETID_Wave_Queued
#define STATIC_KSPROPSETID_Wave 0x924e54b0, 0x630f, 0x11cf, 0xad, 0xa7, 0x08, 0x00, 0x3e, 0x30, 0x49, 0x4a
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Wave);
#define KSPROPSETID_Wave KSPROPSETID_Wave

typedef enum {
    KSPROPERTY_WAVE_COMPATIBLE_CAPABILITIES,
    KSPROPERTY_WAVE_INPUT_CAPABILITIES,
    KSPROPERTY_WAVE_OUTPUT_CAPABILITIES,
    KSPROPERTY_WAVE_BUFFER,
    KSPROPERTY_WAVE_FREQUENCY,
    KSPROPERTY_WAVE_VOLUME,
    KSPROPERTY_WAVE_PAN
} KSPROPERTY_WAVE;

typedef struct {
    ULONG ulDeviceType; /* KSWAVE_COMPATCAPS_* */
} KSWAVE_COMPATCAPS, *PKSWAVE_COMPATCAPS;

#define KSWAVE_COMPATCAPS_INPUT 0x00000000
#define KSWAVE_COMPATCAPS_OUTPUT 0x00000001

typedef struct {
    ULONG MaximumChannelsPerConnection;
    ULONG MinimumBitsPerSample;
    ULONG MaximumBitsPerSample;
    ULONG MinimumSampleFrequency;
    ULONG MaximumSampleFrequency;
    ULONG TotalConnections;
    ULONG ActiveConnections;
} KSWAVE_INPUT_CAPABILITIES, *PKSWAVE_INPUT_CAPABILITIES;

typedef struct {
    ULONG MaximumChannelsPerConnection;
    ULONG MinimumBitsPerSample;
    ULONG MaximumBitsPerSample;
    ULONG MinimumSampleFrequency;
    ULONG MaximumSampleFrequency;
    ULONG TotalConnections;
    ULONG StaticConnections;
    ULONG StreamingConnections;
    ULONG ActiveConnections;
    ULONG ActiveStaticConnections;
    ULONG ActiveStreamingConnections;
    ULONG Total3DConnections;
    ULONG Static3DConnections;
    ULONG Streaming3DConnections;
    ULONG Active3DConnections;
    ULONG ActiveStatic3DConnections;
    ULONG ActiveStreaming3DConnections;
    ULONG TotalSampleMemory;
    ULONG FreeSampleMemory;
    ULONG LargestFreeContiguousSampleMemory;
} KSWAVE_OUTPUT_CAPABILITIES, *PKSWAVE_OUTPUT_CAPABILITIES;

typedef struct {
    LONG LeftAttenuation;
    LONG RightAttenuation;
} KSWAVE_VOLUME, *PKSWAVE_VOLUME;

#define KSWAVE_BUFFER_ATTRIBUTEF_LOOPING 0x00000001
#define KSWAVE_BUFFER_ATTRIBUTEF_STATIC 0x00000002

typedef struct {
    ULONG Attributes; /* KSWAVE_BUFFER_ATTRIBUTEF_* */
    ULONG BufferSize;
    PVOID BufferAddress;
} KSWAVE_BUFFER, *PKSWAVE_BUFFER;

/* ---- Wavetable synthesis -------------------------------------------------------------------- */

#define STATIC_KSMETHODSETID_Wavetable 0xdcef31eb, 0xd907, 0x11d0, 0x95, 0x83, 0x00, 0xc0, 0x4f, 0xb9, 0x25, 0xd3
OPENKS_DEFINE_GUIDEX(KSMETHODSETID_Wavetable);
#define KSMETHODSETID_Wavetable KSMETHODSETID_Wavetable

typedef enum {
    KSMETHOD_WAVETABLE_WAVE_ALLOC,
    KSMETHOD_WAVETABLE_WAVE_FREE,
    KSMETHOD_WAVETABLE_WAVE_FIND,
    KSMETHOD_WAVETABLE_WAVE_WRITE
} KSMETHOD_WAVETABLE;

typedef struct {
    KSIDENTIFIER Identifier;
    ULONG Size;
    WINBOOL Looped;
    ULONG LoopPoint;
    WINBOOL InROM;
    KSDATAFORMAT Format;
} KSWAVETABLE_WAVE_DESC, *PKSWAVETABLE_WAVE_DESC;

#define STATIC_KSPROPSETID_WaveTable 0x8539e660, 0x62e9, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_WaveTable);
#define KSPROPSETID_WaveTable KSPROPSETID_WaveTable

typedef enum {
    KSPROPERTY_WAVETABLE_LOAD_SAMPLE,
    KSPROPERTY_WAVETABLE_UNLOAD_SAMPLE,
    KSPROPERTY_WAVETABLE_MEMORY,
    KSPROPERTY_WAVETABLE_VERSION
} KSPROPERTY_WAVETABLE;

/* ---- Music and MIDI -------------------------------------------------------------------------- */

#define STATIC_KSMUSIC_TECHNOLOGY_PORT 0x86c92e60, 0x62e8, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMUSIC_TECHNOLOGY_PORT);
#define KSMUSIC_TECHNOLOGY_PORT KSMUSIC_TECHNOLOGY_PORT
#define STATIC_KSMUSIC_TECHNOLOGY_SQSYNTH 0x0ecf4380, 0x62e9, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMUSIC_TECHNOLOGY_SQSYNTH);
#define KSMUSIC_TECHNOLOGY_SQSYNTH KSMUSIC_TECHNOLOGY_SQSYNTH
#define STATIC_KSMUSIC_TECHNOLOGY_FMSYNTH 0x252c5c80, 0x62e9, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMUSIC_TECHNOLOGY_FMSYNTH);
#define KSMUSIC_TECHNOLOGY_FMSYNTH KSMUSIC_TECHNOLOGY_FMSYNTH
#define STATIC_KSMUSIC_TECHNOLOGY_WAVETABLE 0x394ec7c0, 0x62e9, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMUSIC_TECHNOLOGY_WAVETABLE);
#define KSMUSIC_TECHNOLOGY_WAVETABLE KSMUSIC_TECHNOLOGY_WAVETABLE
#define STATIC_KSMUSIC_TECHNOLOGY_SWSYNTH 0x37407736, 0x3620, 0x11d1, 0x85, 0xd3, 0x00, 0x00, 0xf8, 0x75, 0x43, 0x80
OPENKS_DEFINE_GUIDEX(KSMUSIC_TECHNOLOGY_SWSYNTH);
#define KSMUSIC_TECHNOLOGY_SWSYNTH KSMUSIC_TECHNOLOGY_SWSYNTH

typedef struct {
    KSDATARANGE DataRange;
    GUID Technology; /* KSMUSIC_TECHNOLOGY_* */
    ULONG Channels;
    ULONG Notes;
    ULONG ChannelMask;
} KSDATARANGE_MUSIC, *PKSDATARANGE_MUSIC;

#define STATIC_KSDATAFORMAT_TYPE_MUSIC 0xe725d360, 0x62cc, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_TYPE_MUSIC);
#define KSDATAFORMAT_TYPE_MUSIC KSDATAFORMAT_TYPE_MUSIC
#define STATIC_KSDATAFORMAT_TYPE_MIDI 0x7364696d, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_TYPE_MIDI);
#define KSDATAFORMAT_TYPE_MIDI KSDATAFORMAT_TYPE_MIDI
#define STATIC_KSDATAFORMAT_SUBTYPE_MIDI 0x1d262760, 0xe957, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_MIDI);
#define KSDATAFORMAT_SUBTYPE_MIDI KSDATAFORMAT_SUBTYPE_MIDI
#define STATIC_KSDATAFORMAT_SUBTYPE_MIDI_BUS 0x2ca15fa0, 0x6cfe, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_MIDI_BUS);
#define KSDATAFORMAT_SUBTYPE_MIDI_BUS KSDATAFORMAT_SUBTYPE_MIDI_BUS
#define STATIC_KSDATAFORMAT_SUBTYPE_RIFFMIDI 0x4995daf0, 0x9ee6, 0x11d0, 0xa4, 0x0e, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_RIFFMIDI);
#define KSDATAFORMAT_SUBTYPE_RIFFMIDI KSDATAFORMAT_SUBTYPE_RIFFMIDI

/* One MIDI event in a KSDATAFORMAT_SUBTYPE_MIDI stream; ByteCount bytes follow, padded to 4. */
typedef struct {
    ULONG TimeDeltaMs;
    ULONG ByteCount;
} KSMUSICFORMAT, *PKSMUSICFORMAT;

/* ---- Cyclic and linear positions ---------------------------------------------------------------- */

#define STATIC_KSEVENTSETID_Cyclic 0x142c1ac0, 0x072a, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSEVENTSETID_Cyclic);
#define KSEVENTSETID_Cyclic KSEVENTSETID_Cyclic

typedef enum { KSEVENT_CYCLIC_TIME_INTERVAL } KSEVENT_CYCLIC_TIME;

#define STATIC_KSPROPSETID_Cyclic 0x3ffeaea0, 0x2bee, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Cyclic);
#define KSPROPSETID_Cyclic KSPROPSETID_Cyclic

typedef enum { KSPROPERTY_CYCLIC_POSITION } KSPROPERTY_CYCLIC;

#define STATIC_KSPROPSETID_Linear 0x5a2ffe80, 0x16b9, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Linear);
#define KSPROPSETID_Linear KSPROPSETID_Linear

typedef enum { KSPROPERTY_LINEAR_POSITION } KSPROPERTY_LINEAR;

/* ---- Looped streaming --------------------------------------------------------------------------- */

#define STATIC_KSEVENTSETID_LoopedStreaming 0x4682b940, 0xc6ef, 0x11d0, 0x96, 0xd8, 0x00, 0xaa, 0x00, 0x51, 0xe5, 0x1d
OPENKS_DEFINE_GUIDEX(KSEVENTSETID_LoopedStreaming);
#define KSEVENTSETID_LoopedStreaming KSEVENTSETID_LoopedStreaming

typedef enum { KSEVENT_LOOPEDSTREAMING_POSITION } KSEVENT_LOOPEDSTREAMING;

typedef struct {
    KSEVENTDATA KsEventData;
    DWORDLONG Position; /* byte offset in the looped buffer */
} LOOPEDSTREAMING_POSITION_EVENT_DATA, *PLOOPEDSTREAMING_POSITION_EVENT_DATA;

/* ---- System audio device ------------------------------------------------------------------------ */

#define STATIC_KSPROPSETID_Sysaudio 0xcbe3faa0, 0xcc75, 0x11d0, 0xb4, 0x65, 0x00, 0x00, 0x1a, 0x18, 0x18, 0xe6
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Sysaudio);
#define KSPROPSETID_Sysaudio KSPROPSETID_Sysaudio

typedef enum {
    KSPROPERTY_SYSAUDIO_DEVICE_COUNT = 1,
    KSPROPERTY_SYSAUDIO_DEVICE_FRIENDLY_NAME = 2,
    KSPROPERTY_SYSAUDIO_DEVICE_INSTANCE = 3,
    KSPROPERTY_SYSAUDIO_DEVICE_INTERFACE_NAME = 4,
    KSPROPERTY_SYSAUDIO_SELECT_GRAPH = 5,
    KSPROPERTY_SYSAUDIO_CREATE_VIRTUAL_SOURCE = 6,
    KSPROPERTY_SYSAUDIO_DEVICE_DEFAULT = 7,
    KSPROPERTY_SYSAUDIO_INSTANCE_INFO = 14,
    KSPROPERTY_SYSAUDIO_COMPONENT_ID = 16
} KSPROPERTY_SYSAUDIO;

typedef struct {
    KSPROPERTY Property;
    GUID PinCategory;
    GUID PinName;
} SYSAUDIO_CREATE_VIRTUAL_SOURCE, *PSYSAUDIO_CREATE_VIRTUAL_SOURCE;

typedef struct {
    KSPROPERTY Property;
    ULONG PinId;
    ULONG NodeId;
    ULONG Flags;
    ULONG Reserved;
} SYSAUDIO_SELECT_GRAPH, *PSYSAUDIO_SELECT_GRAPH;

typedef struct {
    KSPROPERTY Property;
    ULONG Flags;
    ULONG DeviceNumber;
} SYSAUDIO_INSTANCE_INFO, *PSYSAUDIO_INSTANCE_INFO;

#define SYSAUDIO_FLAGS_DONT_COMBINE_PINS 0x00000001

#define STATIC_KSPROPSETID_Sysaudio_Pin 0xa3a53220, 0xc6e4, 0x11d0, 0xb4, 0x65, 0x00, 0x00, 0x1a, 0x18, 0x18, 0xe6
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Sysaudio_Pin);
#define KSPROPSETID_Sysaudio_Pin KSPROPSETID_Sysaudio_Pin

typedef enum { KSPROPERTY_SYSAUDIO_ATTACH_VIRTUAL_SOURCE = 1 } KSPROPERTY_SYSAUDIO_PIN;

typedef struct {
    KSPROPERTY Property;
    ULONG MixerPinId;
    ULONG Reserved;
} SYSAUDIO_ATTACH_VIRTUAL_SOURCE, *PSYSAUDIO_ATTACH_VIRTUAL_SOURCE;

/* ---- Global effects --------------------------------------------------------------------------------- */

#define STATIC_KSPROPSETID_AudioGfx 0x79a9312e, 0x59ae, 0x43b0, 0xa3, 0x50, 0x8b, 0x05, 0x28, 0x4c, 0xab, 0x24
OPENKS_DEFINE_GUIDEX(KSPROPSETID_AudioGfx);
#define KSPROPSETID_AudioGfx KSPROPSETID_AudioGfx

typedef enum {
    KSPROPERTY_AUDIOGFX_RENDERTARGETDEVICEID,
    KSPROPERTY_AUDIOGFX_CAPTURETARGETDEVICEID
} KSPROPERTY_AUDIOGFX;

/* ---- Acoustic echo cancellation ----------------------------------------------------------------------- */

#define STATIC_KSPROPSETID_Acoustic_Echo_Cancel \
    0xd7a4af8b, 0x3dc1, 0x4902, 0x91, 0xea, 0x8a, 0x15, 0xc9, 0x0e, 0x05, 0xb2
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Acoustic_Echo_Cancel);
#define KSPROPSETID_Acoustic_Echo_Cancel KSPROPSETID_Acoustic_Echo_Cancel

typedef enum { KSPROPERTY_AEC_NOISE_FILL_ENABLE = 0, KSPROPERTY_AEC_STATUS, KSPROPERTY_AEC_MODE } KSPROPERTY_AEC;

#define AEC_STATUS_FD_HISTORY_UNINITIALIZED 0x0
#define AEC_STATUS_FD_HISTORY_CONTINUOUSLY_CONVERGED 0x1
#define AEC_STATUS_FD_HISTORY_PREVIOUSLY_DIVERGED 0x2
#define AEC_STATUS_FD_CURRENTLY_CONVERGED 0x8

#define AEC_MODE_PASS_THROUGH 0x0
#define AEC_MODE_HALF_DUPLEX 0x1
#define AEC_MODE_FULL_DUPLEX 0x2

/* ---- Protected content -------------------------------------------------------------------------------- */

#define STATIC_KSPROPSETID_DrmAudioStream 0x2f2c8ddd, 0x4198, 0x4fac, 0xba, 0x29, 0x61, 0xbb, 0x05, 0xb7, 0xde, 0x06
OPENKS_DEFINE_GUIDEX(KSPROPSETID_DrmAudioStream);
#define KSPROPSETID_DrmAudioStream KSPROPSETID_DrmAudioStream

typedef enum { KSPROPERTY_DRMAUDIOSTREAM_CONTENTID } KSPROPERTY_DRMAUDIOSTREAM;

OPENKS_END_C
