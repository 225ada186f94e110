// SPDX-License-Identifier: MIT
// What tests and the streaming test minidriver (openks_streamdrv) share: its GUIDs, pin ids, behaviours and private property set.
#pragma once

// openks_streamdrv publishes two filters:
//
//  - STREAMDRV_FILTER_GUID, pin-centric, with one pin factory per processing
//    flavour (below).  Sink pins consume what is written (hashing every byte
//    in order); source pins fill reads with a counter pattern and stamp
//    PresentationTime/Duration/OptionsFlags (and KS_FRAME_INFO on the video
//    pin).
//  - STREAMDRV_TRANSFORM_GUID, filter-centric: an IN pin and an OUT pin; its
//    Process copies input bytes to output frames, adding 1 to each byte.
//
// A private property set (on pins, and on the transform filter) reads
// counters and changes a pin's behaviour:
//
//   STREAMDRV_COUNTERS c{};
//   session.property(pin, KSPROPSETID_OpenksStream, STREAMDRV_PROPERTY_COUNTERS, KSPROPERTY_TYPE_GET, &c, sizeof c);
//
// Data patterns: a source pin's n-th frame (from 0, counted per pin) has
// byte i = (n + i) & 0xFF, TypeSpecificFlags = n, PresentationTime.Time =
// n * STREAMDRV_FRAME_DURATION (1/1), Duration = STREAMDRV_FRAME_DURATION,
// OptionsFlags TIMEVALID | DURATIONVALID (| FRAMEINFO on the video pin,
// whose KS_FRAME_INFO has PictureNumber = n, DropCount = 0,
// ExtendedHeaderSize = sizeof(KS_FRAME_INFO), dwFrameFlags = KS_VIDEO_FLAG_FRAME).

#include <openks/ks.h>

#define STATIC_STREAMDRV_FILTER_GUID 0x6f6b7364, 0x7374, 0x4d31, 0x80, 0x00, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d
DEFINE_GUIDEX(STREAMDRV_FILTER_GUID);

#define STATIC_STREAMDRV_TRANSFORM_GUID 0x6f6b7364, 0x7374, 0x4d31, 0x80, 0x01, 0x74, 0x72, 0x61, 0x6e, 0x73, 0x66
DEFINE_GUIDEX(STREAMDRV_TRANSFORM_GUID);

#define STATIC_KSPROPSETID_OpenksStream 0x6f6b7364, 0x7374, 0x4d31, 0x80, 0x02, 0x70, 0x72, 0x6f, 0x70, 0x73, 0x32
DEFINE_GUIDEX(KSPROPSETID_OpenksStream);

// Pin factories of STREAMDRV_FILTER_GUID.
enum {
    STREAMDRV_PIN_RENDER = 0,         // IN sink, audio PCM; default flags
    STREAMDRV_PIN_CAPTURE = 1,        // OUT, audio PCM; default flags
    STREAMDRV_PIN_VIDEO = 2,          // OUT, video; StreamHeaderSize = 56 + sizeof(KS_FRAME_INFO)
    STREAMDRV_PIN_RUN_ONLY = 3,       // IN sink; KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY
    STREAMDRV_PIN_EVERY_ARRIVAL = 4,  // IN sink; KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL
    STREAMDRV_PIN_NO_INITIATE = 5,    // IN sink; KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING
    STREAMDRV_PIN_TRAILING = 6,       // IN sink; KSPIN_FLAG_DISTINCT_TRAILING_EDGE
    STREAMDRV_PIN_COUNT = 7
};

// Pin factories of STREAMDRV_TRANSFORM_GUID.
enum {
    STREAMDRV_TRANSFORM_IN = 0,
    STREAMDRV_TRANSFORM_OUT = 1,
    STREAMDRV_TRANSFORM_PIN_COUNT = 2
};

// 10 ms in 100 ns units.
#define STREAMDRV_FRAME_DURATION 100000

// What a pin's Process does with the frames at its leading edge.
enum {
    STREAMDRV_MODE_CONSUME = 0,  // consume (sink) or fill (source) every frame, inside Process (default)
    STREAMDRV_MODE_IGNORE = 1,   // touch nothing and return STATUS_PENDING (frames stay queued)
    STREAMDRV_MODE_HOLD = 2,     // consume/fill, but keep each frame with a clone until RELEASE
    STREAMDRV_MODE_THREAD = 3,   // consume/fill; a driver thread deletes the clones (completes from another thread)
    STREAMDRV_MODE_PARK = 4,     // consume/fill; keep each frame with a clone that has no cancel callback, until
                                 //   the filter's RELEASE_PARKED hands them to the pin's driver thread
};

enum {
    STREAMDRV_PROPERTY_MODE = 0,      // pin SET ULONG: STREAMDRV_MODE_*
    STREAMDRV_PROPERTY_COUNTERS = 1,  // pin or transform-filter GET: STREAMDRV_COUNTERS
    STREAMDRV_PROPERTY_RELEASE = 2,   // pin SET ULONG n: delete the n oldest held clones (0: all); on
                                      //   the trailing-edge pin, advance the trailing edge n frames (0: all)
    STREAMDRV_PROPERTY_ATTEMPT = 3,   // pin SET ULONG: KsPinAttemptProcessing(pin, value != 0)
    STREAMDRV_PROPERTY_GATE = 4,      // pin SET ULONG: 0 adds an off input to the pin's AND gate, 1 turns it on
    STREAMDRV_PROPERTY_RELEASE_PARKED = 5,  // STREAMDRV_FILTER_GUID filter SET ULONG (ignored): every pin's driver
                                            //   thread deletes that pin's parked clones
    STREAMDRV_PROPERTY_OPEN_PINS = 6,       // STREAMDRV_FILTER_GUID filter GET ULONG: pins not yet closed, after
                                            //   waiting (up to 10 s) for the count to reach 0
};

typedef struct {
    ULONG ProcessCalls;
    ULONG ResetCalls;
    ULONG FramesDone;      // frames consumed (sinks) or filled (sources)
    ULONG ClonesHeld;      // clones the driver holds now
    ULONGLONG BytesDone;   // bytes consumed or produced
    ULONGLONG Hash;        // FNV-1a 64 of every byte consumed, in order (sinks)
    ULONG LastResetState;  // KSPIN.ResetState seen by the last Reset dispatch
    ULONG Reserved;
} STREAMDRV_COUNTERS;

// FNV-1a 64: the hash a sink keeps of its byte stream.
#define STREAMDRV_FNV_OFFSET 0xcbf29ce484222325ULL
#define STREAMDRV_FNV_PRIME 0x100000001b3ULL

static inline ULONGLONG streamdrvHash(ULONGLONG hash, const void* data, ULONG bytes)
{
    const UCHAR* p = (const UCHAR*)data;
    for (ULONG i = 0; i < bytes; ++i) {
        hash = (hash ^ p[i]) * STREAMDRV_FNV_PRIME;
    }
    return hash;
}
