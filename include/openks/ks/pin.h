/* SPDX-License-Identifier: MIT */
/* Pins: KSPIN_CONNECT (how a pin is created), interfaces, mediums, priorities, and the KSPROPSETID_Pin property set. */
#pragma once

/*
 * A filter exposes pin factories (ids 0..CTYPES-1).  A client queries them
 * through KSPROPSETID_Pin with a KSP_PIN (the property plus the pin id) and
 * creates a pin instance by opening "<KSSTRING_Pin>\" relative to the
 * filter with a KSPIN_CONNECT followed by the KSDATAFORMAT to use
 * (KsCreatePin does this).
 *
 *   KSPIN_CONNECT c = {0};
 *   c.Interface.Set = KSINTERFACESETID_Standard;
 *   c.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
 *   c.Medium.Set = KSMEDIUMSETID_Standard;
 *   c.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
 *   c.PinId = 0;
 *   c.Priority.PriorityClass = KSPRIORITY_NORMAL;
 *   c.Priority.PrioritySubClass = 1;
 *
 * Valid C11 and C++20; layouts are the x64 Windows ones (KSPIN_CONNECT is
 * 72 bytes, PinToHandle at 56).
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* ---- Priorities ------------------------------------------------------------- */

#define KSPRIORITY_LOW 0x00000001
#define KSPRIORITY_NORMAL 0x40000000
#define KSPRIORITY_HIGH 0x80000000
#define KSPRIORITY_EXCLUSIVE 0xFFFFFFFF

typedef struct {
    ULONG PriorityClass;    /* KSPRIORITY_* */
    ULONG PrioritySubClass; /* finer order within the class */
} KSPRIORITY, *PKSPRIORITY;

/* ---- Interfaces and mediums ------------------------------------------------- */

typedef KSIDENTIFIER KSPIN_INTERFACE, *PKSPIN_INTERFACE;
typedef KSIDENTIFIER KSPIN_MEDIUM, *PKSPIN_MEDIUM;

#define STATIC_KSINTERFACESETID_Standard 0x1a8766a0, 0x62ce, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSINTERFACESETID_Standard);
#define KSINTERFACESETID_Standard KSINTERFACESETID_Standard

typedef enum {
    KSINTERFACE_STANDARD_STREAMING,
    KSINTERFACE_STANDARD_LOOPED_STREAMING,
    KSINTERFACE_STANDARD_CONTROL
} KSINTERFACE_STANDARD;

#define STATIC_KSINTERFACESETID_FileIo 0x8c6f932c, 0xe771, 0x11d0, 0xb8, 0xff, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSINTERFACESETID_FileIo);
#define KSINTERFACESETID_FileIo KSINTERFACESETID_FileIo

typedef enum { KSINTERFACE_FILEIO_STREAMING } KSINTERFACE_FILEIO;

#define STATIC_KSINTERFACESETID_Media 0x3a13eb40, 0x30a7, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSINTERFACESETID_Media);
#define KSINTERFACESETID_Media KSINTERFACESETID_Media

typedef enum {
    KSINTERFACE_MEDIA_MUSIC,
    KSINTERFACE_MEDIA_WAVE_BUFFERED,
    KSINTERFACE_MEDIA_WAVE_QUEUED
} KSINTERFACE_MEDIA;

#define KSMEDIUM_TYPE_ANYINSTANCE 0

#define STATIC_KSMEDIUMSETID_Standard 0x4747b320, 0x62ce, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMEDIUMSETID_Standard);
#define KSMEDIUMSETID_Standard KSMEDIUMSETID_Standard

#define KSMEDIUM_STANDARD_DEVIO KSMEDIUM_TYPE_ANYINSTANCE

#define STATIC_KSMEDIUMSETID_MidiBus 0x05908040, 0x3246, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMEDIUMSETID_MidiBus);
#define KSMEDIUMSETID_MidiBus KSMEDIUMSETID_MidiBus
#define STATIC_KSMEDIUMSETID_VPBus 0xa18c15ec, 0xce43, 0x11d0, 0xab, 0xe7, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSMEDIUMSETID_VPBus);
#define KSMEDIUMSETID_VPBus KSMEDIUMSETID_VPBus

/* Static tables of interfaces and mediums, e.g. for a pin descriptor. */
#define DEFINE_KSPIN_INTERFACE_TABLE(tablename) const KSPIN_INTERFACE tablename[] =
#define DEFINE_KSPIN_INTERFACE_ITEM(guid, _interFace) \
    {                                                 \
        STATICGUIDOF(guid), (_interFace), 0           \
    }
#define DEFINE_KSPIN_MEDIUM_TABLE(tablename) const KSPIN_MEDIUM tablename[] =
#define DEFINE_KSPIN_MEDIUM_ITEM(guid, medium) DEFINE_KSPIN_INTERFACE_ITEM(guid, medium)

/* ---- Creating a pin ----------------------------------------------------------- */

/* Followed, in the create request, by the KSDATAFORMAT (FormatSize bytes). */
typedef struct {
    KSPIN_INTERFACE Interface;
    KSPIN_MEDIUM Medium;
    ULONG PinId;
    HANDLE PinToHandle; /* a sink pin to connect to, or NULL */
    KSPRIORITY Priority;
} KSPIN_CONNECT, *PKSPIN_CONNECT;

/* ---- KSPROPSETID_Pin ---------------------------------------------------------- */

#define STATIC_KSPROPSETID_Pin 0x8c134960, 0x51ad, 0x11cf, 0x87, 0x8a, 0x94, 0xf8, 0x01, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Pin);
#define KSPROPSETID_Pin KSPROPSETID_Pin

typedef enum {
    KSPROPERTY_PIN_CINSTANCES,
    KSPROPERTY_PIN_CTYPES,
    KSPROPERTY_PIN_DATAFLOW,
    KSPROPERTY_PIN_DATARANGES,
    KSPROPERTY_PIN_DATAINTERSECTION,
    KSPROPERTY_PIN_INTERFACES,
    KSPROPERTY_PIN_MEDIUMS,
    KSPROPERTY_PIN_COMMUNICATION,
    KSPROPERTY_PIN_GLOBALCINSTANCES,
    KSPROPERTY_PIN_NECESSARYINSTANCES,
    KSPROPERTY_PIN_PHYSICALCONNECTION,
    KSPROPERTY_PIN_CATEGORY,
    KSPROPERTY_PIN_NAME,
    KSPROPERTY_PIN_CONSTRAINEDDATARANGES,
    KSPROPERTY_PIN_PROPOSEDATAFORMAT,
    KSPROPERTY_PIN_PROPOSEDATAFORMAT2,
    KSPROPERTY_PIN_MODEDATAFORMATS
} KSPROPERTY_PIN;

/* KSP_PIN.Flags */
#define KSPROPERTY_PIN_FLAGS_ATTRIBUTE_RANGE_AWARE 0x00000001
#define KSPROPERTY_PIN_FLAGS_MASK 0x00000001

/* A pin-factory property request: the property, then the pin id. */
typedef struct {
    KSPROPERTY Property;
    ULONG PinId;
    union {
        ULONG Reserved;
        ULONG Flags;
    };
} KSP_PIN, *PKSP_PIN;

typedef struct {
    KSEVENT Event;
    ULONG PinId;
    ULONG Reserved;
} KSE_PIN, *PKSE_PIN;

#define KSINSTANCE_INDETERMINATE ((ULONG)-1)

/* KSPROPERTY_PIN_CINSTANCES / GLOBALCINSTANCES value. */
typedef struct {
    ULONG PossibleCount; /* KSINSTANCE_INDETERMINATE for no limit */
    ULONG CurrentCount;
} KSPIN_CINSTANCES, *PKSPIN_CINSTANCES;

typedef enum {
    KSPIN_DATAFLOW_IN = 1, /* data flows into the filter through this pin (render) */
    KSPIN_DATAFLOW_OUT     /* data flows out of the filter (capture) */
} KSPIN_DATAFLOW,
    *PKSPIN_DATAFLOW;

typedef enum {
    KSPIN_COMMUNICATION_NONE,
    KSPIN_COMMUNICATION_SINK,   /* instances can be created on this pin */
    KSPIN_COMMUNICATION_SOURCE, /* the pin connects to another pin's sink */
    KSPIN_COMMUNICATION_BOTH,
    KSPIN_COMMUNICATION_BRIDGE /* no instances: a boundary to hardware or another filter */
} KSPIN_COMMUNICATION,
    *PKSPIN_COMMUNICATION;

/* KSPROPERTY_PIN_PHYSICALCONNECTION value: the symbolic link of the filter and pin this bridge pin is wired to. */
typedef struct {
    ULONG Size; /* bytes of this structure including the whole name */
    ULONG Pin;
    WCHAR SymbolicLinkName[1];
} KSPIN_PHYSICALCONNECTION, *PKSPIN_PHYSICALCONNECTION;

OPENKS_STATIC_ASSERT(sizeof(KSPIN_CONNECT) == 72, "KSPIN_CONNECT layout");
OPENKS_STATIC_ASSERT(sizeof(KSP_PIN) == 32, "KSP_PIN layout");
OPENKS_STATIC_ASSERT(sizeof(KSPIN_PHYSICALCONNECTION) == 12, "KSPIN_PHYSICALCONNECTION layout");

OPENKS_END_C
