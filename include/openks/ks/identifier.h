/* SPDX-License-Identifier: MIT */
/* KSIDENTIFIER (set GUID + id + flags) and its roles: KSPROPERTY, KSMETHOD, KSEVENT, with the node-addressed forms. */
#pragma once

/*
 * Every KS request names what it is about with a KSIDENTIFIER: the GUID of
 * a property, method or event set, an item id within the set and flags that
 * say what to do (KSPROPERTY_TYPE_GET, KSMETHOD_TYPE_SEND, KSEVENT_TYPE_ENABLE,
 * ...).  The same 24-byte layout is also used for pin interfaces, mediums
 * and degradation strategies.  KSP_NODE/KSM_NODE/KSE_NODE add a topology
 * node id for requests that carry KS*_TYPE_TOPOLOGY.
 *
 *   KSPROPERTY prop;
 *   prop.Set = KSPROPSETID_Pin;
 *   prop.Id = KSPROPERTY_PIN_CTYPES;
 *   prop.Flags = KSPROPERTY_TYPE_GET;
 *   // DeviceIoControl(filter, IOCTL_KS_PROPERTY, &prop, sizeof prop, &count, sizeof count, ...)
 *
 * Variable-length answers (data ranges, interface lists, connections) start
 * with a KSMULTIPLE_ITEM: the total size in bytes, then the item count.
 * Valid C11 and C++20; layouts are the x64 Windows ones.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

typedef struct {
    union {
        struct {
            GUID Set;
            ULONG Id;
            ULONG Flags;
        };
        LONGLONG Alignment; /* makes the identifier 8-byte aligned */
    };
} KSIDENTIFIER, *PKSIDENTIFIER;

typedef KSIDENTIFIER KSPROPERTY, *PKSPROPERTY, KSMETHOD, *PKSMETHOD, KSEVENT, *PKSEVENT;

/* KSMETHOD.Flags */
#define KSMETHOD_TYPE_NONE 0x00000000
#define KSMETHOD_TYPE_READ 0x00000001
#define KSMETHOD_TYPE_WRITE 0x00000002
#define KSMETHOD_TYPE_MODIFY 0x00000003
#define KSMETHOD_TYPE_SOURCE 0x00000004
#define KSMETHOD_TYPE_SEND 0x00000001
#define KSMETHOD_TYPE_SETSUPPORT 0x00000100
#define KSMETHOD_TYPE_BASICSUPPORT 0x00000200
#define KSMETHOD_TYPE_TOPOLOGY 0x10000000

/* KSPROPERTY.Flags */
#define KSPROPERTY_TYPE_GET 0x00000001
#define KSPROPERTY_TYPE_SET 0x00000002
#define KSPROPERTY_TYPE_SETSUPPORT 0x00000100
#define KSPROPERTY_TYPE_BASICSUPPORT 0x00000200
#define KSPROPERTY_TYPE_RELATIONS 0x00000400
#define KSPROPERTY_TYPE_SERIALIZESET 0x00000800
#define KSPROPERTY_TYPE_UNSERIALIZESET 0x00001000
#define KSPROPERTY_TYPE_SERIALIZERAW 0x00002000
#define KSPROPERTY_TYPE_UNSERIALIZERAW 0x00004000
#define KSPROPERTY_TYPE_SERIALIZESIZE 0x00008000
#define KSPROPERTY_TYPE_DEFAULTVALUES 0x00010000
#define KSPROPERTY_TYPE_TOPOLOGY 0x10000000
#define KSPROPERTY_TYPE_HIGHPRIORITY 0x08000000
#define KSPROPERTY_TYPE_FSFILTERSCOPE 0x40000000
#define KSPROPERTY_TYPE_COPYPAYLOAD 0x80000000

/* KSEVENT.Flags */
#define KSEVENT_TYPE_ENABLE 0x00000001
#define KSEVENT_TYPE_ONESHOT 0x00000002
#define KSEVENT_TYPE_ENABLEBUFFERED 0x00000004
#define KSEVENT_TYPE_SETSUPPORT 0x00000100
#define KSEVENT_TYPE_BASICSUPPORT 0x00000200
#define KSEVENT_TYPE_QUERYBUFFER 0x00000400
#define KSEVENT_TYPE_TOPOLOGY 0x10000000

/* Requests addressed to one topology node (Flags include KS*_TYPE_TOPOLOGY). */
typedef struct {
    KSPROPERTY Property;
    ULONG NodeId;
    ULONG Reserved;
} KSP_NODE, *PKSP_NODE;

typedef struct {
    KSMETHOD Method;
    ULONG NodeId;
    ULONG Reserved;
} KSM_NODE, *PKSM_NODE;

typedef struct {
    KSEVENT Event;
    ULONG NodeId;
    ULONG Reserved;
} KSE_NODE, *PKSE_NODE;

/* Header of a variable-length list: Size counts this header too. */
typedef struct {
    ULONG Size;
    ULONG Count;
} KSMULTIPLE_ITEM, *PKSMULTIPLE_ITEM;

OPENKS_STATIC_ASSERT(sizeof(KSIDENTIFIER) == 24 && OPENKS_ALIGNOF(KSIDENTIFIER) == 8, "KSIDENTIFIER layout");
OPENKS_STATIC_ASSERT(sizeof(KSP_NODE) == 32, "KSP_NODE layout");
OPENKS_STATIC_ASSERT(sizeof(KSMULTIPLE_ITEM) == 8, "KSMULTIPLE_ITEM layout");

OPENKS_END_C
