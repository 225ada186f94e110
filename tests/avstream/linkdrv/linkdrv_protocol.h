// SPDX-License-Identifier: MIT
// What tests and the connection test minidriver (openks_linkdrv) share: its GUIDs, pin ids, frame layout and private
// property set.
#pragma once

// openks_linkdrv publishes one filter with a producing pin and a consuming
// pin, made to be connected to each other with KSPIN_CONNECT.PinToHandle
// (the source pin of one filter instance names the sink pin of another, or
// the same one).  Every frame the source fills starts with a LINKDRV_FRAME;
// the sink checks the sequence and the payload of every frame it receives.
//
//   KSPIN_CONNECT c = standardConnect(LINKDRV_PIN_SOURCE);
//   c.PinToHandle = sinkPin;                      // a LINKDRV_PIN_SINK instance
//   session.createPin(filterA, c, &format, &sourcePin);

#include <openks/ks.h>

#define STATIC_LINKDRV_FILTER_GUID 0x6f6b7364, 0x6c6e, 0x4b31, 0x80, 0x00, 0x6c, 0x69, 0x6e, 0x6b, 0x64, 0x31
DEFINE_GUIDEX(LINKDRV_FILTER_GUID);

// The pins' private property set.
#define STATIC_KSPROPSETID_OpenksLink 0x6f6b7364, 0x6c6e, 0x4b31, 0x80, 0x01, 0x70, 0x72, 0x6f, 0x70, 0x73, 0x31
DEFINE_GUIDEX(KSPROPSETID_OpenksLink);

// The handshake protocol both pins answer (Argument1 = the answering
// KSPIN, Argument2 = LINKDRV_HANDSHAKE_COOKIE).
#define STATIC_LINKDRV_HANDSHAKE_PROTOCOL 0x6f6b7364, 0x6c6e, 0x4b31, 0x80, 0x02, 0x68, 0x61, 0x6e, 0x64, 0x73, 0x68
DEFINE_GUIDEX(LINKDRV_HANDSHAKE_PROTOCOL);
#define LINKDRV_HANDSHAKE_COOKIE ((PVOID)(ULONG_PTR)0x6c696e6bu)

// A private interface each pin aggregates onto itself at creation
// (KsPinRegisterAggregatedClientUnknown), found through
// KsPinGetConnectedPinInterface from the other side.
#define STATIC_LINKDRV_IID_PRIVATE 0x6f6b7364, 0x6c6e, 0x4b31, 0x80, 0x03, 0x70, 0x72, 0x69, 0x76, 0x61, 0x74
DEFINE_GUIDEX(LINKDRV_IID_PRIVATE);

enum {
    LINKDRV_PIN_SOURCE = 0,     // OUT, BOTH; fills frames (in RUN only) up to its limit
    LINKDRV_PIN_SINK = 1,       // IN, SINK; checks and consumes frames; Connect/Disconnect counted;
                                // processes on every arrival; KSPIN_FLAG_GENERATE_EOS_EVENTS
    LINKDRV_PIN_SOURCE_IN = 2,  // IN, SOURCE; checks and consumes what the sink it is connected to produces
    LINKDRV_PIN_SINK_OUT = 3,   // OUT, SINK; fills frames (in RUN only) up to its limit; Connect/Disconnect counted
    LINKDRV_PIN_COUNT = 4
};

#define LINKDRV_FRAMES 8        // KSALLOCATOR_FRAMING_EX Frames of the source pin
#define LINKDRV_FRAME_SIZE 256  // its frame size (min = max)

// The start of every produced frame; the rest of the frame is payload bytes
// (UCHAR)(Index * 31 + offset).
typedef struct {
    ULONGLONG Index;
    ULONG Magic;  // LINKDRV_MAGIC
    ULONG Reserved;
} LINKDRV_FRAME;
#define LINKDRV_MAGIC 0x4b4e494cu

enum {
    LINKDRV_PROPERTY_STATS = 0,          // pin GET: LINKDRV_STATS
    LINKDRV_PROPERTY_LIMIT = 1,          // pin SET: ULONG, frames the source may produce in all (starts at 0)
    LINKDRV_PROPERTY_WAIT_CONSUMED = 2,  // pin SET: ULONG n; returns once the sink consumed n frames in all
                                         // (STATUS_SUCCESS) or after 20 s (STATUS_TIMEOUT)
    LINKDRV_PROPERTY_PEER = 3,           // pin GET: LINKDRV_PEER, what the pin learns of its connection
    LINKDRV_PROPERTY_HOLD = 4,           // pin SET: ULONG 1 = the sink stops consuming (frames pile up), 0 = resume
    LINKDRV_PROPERTY_WAIT_QUEUED = 5     // pin SET: ULONG n; returns once a holding sink has n frames of data
                                         // queued (STATUS_SUCCESS) or after 20 s (STATUS_TIMEOUT)
};

typedef struct {
    ULONGLONG Produced;      // frames the source filled
    ULONGLONG Consumed;      // frames the sink took
    ULONGLONG OrderErrors;   // frames whose Index was not the one expected
    ULONGLONG DataErrors;    // frames whose size, magic or payload was wrong
    ULONGLONG NextExpected;  // the Index the sink expects next
    ULONG Connects;          // the sink's Connect dispatch calls
    ULONG Disconnects;       // the sink's Disconnect dispatch calls
    ULONG Resets;            // Reset dispatch calls
    ULONG Reserved;
} LINKDRV_STATS;

typedef struct {
    NTSTATUS HandshakeStatus;        // KsPinHandshake(pin, LINKDRV_HANDSHAKE_PROTOCOL)
    NTSTATUS UnknownHandshake;       // KsPinHandshake with a protocol nobody knows
    ULONG HandshakeCookieOk;         // Out.Argument2 == LINKDRV_HANDSHAKE_COOKIE
    ULONG AnswerIsPeer;              // Out.Argument1 is a KSPIN other than this one
    ULONG HasConnectedFile;          // KsPinGetConnectedPinFileObject != NULL
    ULONG HasConnectedDevice;        // KsPinGetConnectedPinDeviceObject != NULL
    ULONG ConnectedFileIsPeer;       // KsGetPinFromFileObject(that file) == Out.Argument1
    ULONG ConnectionIsExternal;      // KSPIN.ConnectionIsExternal
    NTSTATUS ControlStatus;          // KsPinGetConnectedPinInterface(pin, IID_IKsControl)
    NTSTATUS ControlPropertyStatus;  // that interface's KsProperty(LINKDRV_PROPERTY_STATS GET) on the peer
    NTSTATUS NoInterfaceStatus;      // KsPinGetConnectedPinInterface with an IID nobody implements
    NTSTATUS FilterControlStatus;    // KsPinGetConnectedFilterInterface(pin, IID_IKsControl)
    NTSTATUS PrivateStatus;          // KsPinGetConnectedPinInterface(pin, LINKDRV_IID_PRIVATE)
    ULONG PrivateIsPeers;            // the interface found is the one the peer aggregated
} LINKDRV_PEER;
