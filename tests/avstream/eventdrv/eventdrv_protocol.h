// SPDX-License-Identifier: MIT
// What tests and the event/clock test minidriver (openks_eventdrv) share: GUIDs, pin ids, its event and property sets.
#pragma once

// openks_eventdrv publishes one filter with three sink pins and a private
// event set (on the filter and on every pin) whose items exercise the KS
// event engine: default handlers, driver Add/Remove handlers with
// ExtraEntryData and event-specific data, and an AddHandler that refuses.
// Its private property set fires events and reads what the handlers saw.

#include <openks/ks.h>

#define STATIC_EVENTDRV_FILTER_GUID 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x10, 0x65, 0x76, 0x65, 0x6e, 0x74, 0x31
DEFINE_GUIDEX(EVENTDRV_FILTER_GUID);

// The private event set.
#define STATIC_KSEVENTSETID_OpenksEventTest 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x11, 0x65, 0x76, 0x73, 0x65, 0x74, 0x31
DEFINE_GUIDEX(KSEVENTSETID_OpenksEventTest);

// The private property set.
#define STATIC_KSPROPSETID_OpenksEventTest 0x6f6b7364, 0x7276, 0x4f31, 0x80, 0x12, 0x65, 0x76, 0x70, 0x72, 0x6f, 0x31
DEFINE_GUIDEX(KSPROPSETID_OpenksEventTest);

enum {
    EVENTDRV_PIN_CLOCK = 0,         // IN; KSPIN_FLAG_IMPLEMENT_CLOCK | GENERATE_EOS_EVENTS; AVStream's default clock
    EVENTDRV_PIN_NO_CLOCK = 1,      // IN; no clock
    EVENTDRV_PIN_DRIVER_CLOCK = 2,  // IN; KSPIN_DISPATCH.Clock with CorrelatedTime and Resolution
    EVENTDRV_PIN_COUNT = 3
};

enum {
    EVENTDRV_EVENT_PLAIN = 0,    // DataInput sizeof(KSEVENTDATA); NULL handlers (KsDefaultAddEventHandler)
    EVENTDRV_EVENT_HANDLED = 1,  // DataInput sizeof(EVENTDRV_EVENTDATA); Add/Remove handlers; ExtraEntryData 16
    EVENTDRV_EVENT_REFUSED = 2   // the AddHandler fails with STATUS_INVALID_DEVICE_STATE
};

// EVENTDRV_EVENT_HANDLED's event data: the AddHandler copies Cookie into the entry's extra data.
typedef struct {
    KSEVENTDATA EventData;
    ULONGLONG Cookie;
} EVENTDRV_EVENTDATA;

enum {
    EVENTDRV_PROPERTY_FIRE =
        0,  // filter SET: ULONG event id, KsFilterGenerateEvents + KsPinGenerateEvents on every pin
    EVENTDRV_PROPERTY_COUNTERS = 1,     // filter GET: EVENTDRV_COUNTERS (process-wide)
    EVENTDRV_PROPERTY_CLOCK_TIME = 2,   // pin SET: LONGLONG, KsPinSetPinClockTime
    EVENTDRV_PROPERTY_DRIVER_TIME = 3,  // filter SET: LONGLONG, the time pin 2's CorrelatedTime returns
    EVENTDRV_PROPERTY_MASTER_TIME = 4   // pin GET: LONGLONG, GetTime() of KsPinGetReferenceClockInterface
};

typedef struct {
    ULONG Adds;          // EVENTDRV_EVENT_HANDLED AddHandler calls
    ULONG Removes;       // EVENTDRV_EVENT_HANDLED RemoveHandler calls
    ULONG Fired;         // EVENTDRV_EVENT_HANDLED entries signalled whose extra data held their Cookie
    ULONG ExtraNotZero;  // AddHandler calls that found the extra data not zeroed
} EVENTDRV_COUNTERS;
