// SPDX-License-Identifier: MIT
// What tests and the object-model test minidriver (openks_testdrv) share: its GUIDs, pin ids and private property set.
#pragma once

// openks_testdrv publishes one filter (categories AUDIO, RENDER, CAPTURE)
// with four pin factories and a private property set through which a test
// reads what the minidriver saw and makes it fail on purpose:
//
//   TESTDRV_STATE_LOG log{};
//   session.property(filter, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_STATE_LOG, KSPROPERTY_TYPE_GET,
//                    &log, sizeof(log));
//
// Every record is per filter instance (the filter's Context).

#include <openks/ks.h>

// The filter's ReferenceGuid (its create name is this as "{...}" text).
#define STATIC_TESTDRV_FILTER_GUID 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x00, 0x74, 0x65, 0x73, 0x74, 0x64, 0x31
DEFINE_GUIDEX(TESTDRV_FILTER_GUID);

// The private property set (filter and pin automation tables).
#define STATIC_KSPROPSETID_OpenksTest 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x01, 0x70, 0x72, 0x6f, 0x70, 0x73, 0x31
DEFINE_GUIDEX(KSPROPSETID_OpenksTest);

// The one handshake protocol the test pins understand.
#define STATIC_TESTDRV_HANDSHAKE_PROTOCOL 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x02, 0x68, 0x61, 0x6e, 0x64, 0x73, 0x68
DEFINE_GUIDEX(TESTDRV_HANDSHAKE_PROTOCOL);

// Pin 3's category: a GUID with no display name ("Pin 3").
#define STATIC_TESTDRV_PIN3_CATEGORY 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x03, 0x63, 0x61, 0x74, 0x33, 0x00, 0x00
DEFINE_GUIDEX(TESTDRV_PIN3_CATEGORY);

enum {
    TESTDRV_PIN_RENDER = 0,     // IN, SINK; PCM 16..32 bits, 8..192 kHz, 1..8 channels; 8 instances
    TESTDRV_PIN_CAPTURE = 1,    // OUT, SINK; PCM or IEEE float; lists its interfaces and mediums
    TESTDRV_PIN_EXCLUSIVE = 2,  // IN, SINK; one instance; KSPIN_FLAG_FIXED_FORMAT; no name, no category
    TESTDRV_PIN_RAW = 3,        // IN, SINK; KSPIN_FLAG_DO_NOT_USE_STANDARD_TRANSPORT; STREAM/NONE/NONE range
    TESTDRV_PIN_COUNT = 4
};

#define TESTDRV_RENDER_INSTANCES 8
#define TESTDRV_NODE_COUNT 2  // 0 = DAC, 1 = volume
#define TESTDRV_CONNECTION_COUNT 3

enum {
    TESTDRV_PROPERTY_STATE_LOG = 0,        // filter GET: TESTDRV_STATE_LOG
    TESTDRV_PROPERTY_CLEAR_LOG = 1,        // filter SET: ULONG (ignored); empties the log
    TESTDRV_PROPERTY_FAIL_STATE = 2,       // filter SET: TESTDRV_FAIL
    TESTDRV_PROPERTY_COUNTERS = 3,         // filter GET: TESTDRV_COUNTERS
    TESTDRV_PROPERTY_FAIL_PIN_CREATE = 4,  // filter SET: NTSTATUS the next pin Create returns (0: none)
    TESTDRV_PROPERTY_HANDSHAKE = 5,        // pin SET: ULONG 1 registers the handshake callback, 0 clears it
    TESTDRV_PROPERTY_HEADER_SIZE = 6,      // pin SET: ULONG, the new KSPIN.StreamHeaderSize
    TESTDRV_PROPERTY_PIN_STATES = 7        // pin GET: TESTDRV_PIN_STATES
};

// One SetDeviceState call the minidriver saw.
typedef struct {
    ULONG PinId;
    ULONG To;           // KSSTATE
    ULONG From;         // KSSTATE
    ULONG ClientState;  // KSPIN.ClientState during the call (AVStream sets it to To first)
} TESTDRV_STATE_STEP;

#define TESTDRV_MAX_STEPS 64

typedef struct {
    ULONG Count;  // steps recorded (the first TESTDRV_MAX_STEPS are kept)
    ULONG Reserved;
    TESTDRV_STATE_STEP Steps[TESTDRV_MAX_STEPS];
} TESTDRV_STATE_LOG;

// After Skip more successful SetDeviceState calls, the next one fails with
// Status (and is still logged).  Status 0 disarms.
typedef struct {
    NTSTATUS Status;
    ULONG Skip;
} TESTDRV_FAIL;

// The pin's KSPIN.ClientState and DeviceState, read under the control mutex.
typedef struct {
    ULONG ClientState;
    ULONG DeviceState;
} TESTDRV_PIN_STATES;

typedef struct {
    ULONG PinCreates;      // Create dispatches that succeeded
    ULONG PinCloses;       // Close dispatches
    ULONG SetDataFormats;  // SetDataFormat dispatches (creation and DATAFORMAT SET)
    ULONG Handshakes;      // handshake callback calls
} TESTDRV_COUNTERS;
