/* SPDX-License-Identifier: MIT */
/* Property descriptions (BASICSUPPORT answers), value ranges and steppings, serialisation headers, and the General set.
 */
#pragma once

/*
 * A KSPROPERTY_TYPE_BASICSUPPORT request returns a KSPROPERTY_DESCRIPTION,
 * optionally followed by MembersListCount lists, each a
 * KSPROPERTY_MEMBERSHEADER and its members (ranges, stepped ranges or
 * values).  PropTypeSet names the value type: Set = KSPROPTYPESETID_General
 * and Id = a VT_* variant type (VT_I4 for a LONG, VT_UI4 for a ULONG ...).
 *
 *   BYTE buf[sizeof(KSPROPERTY_DESCRIPTION) + sizeof(KSPROPERTY_MEMBERSHEADER) + sizeof(KSPROPERTY_STEPPING_LONG)];
 *   // IOCTL_KS_PROPERTY with Flags = KSPROPERTY_TYPE_BASICSUPPORT, output = buf
 *   KSPROPERTY_DESCRIPTION* d = (KSPROPERTY_DESCRIPTION*)buf;
 *   KSPROPERTY_MEMBERSHEADER* m = (KSPROPERTY_MEMBERSHEADER*)(d + 1);
 *   if (m->MembersFlags == KSPROPERTY_MEMBER_STEPPEDRANGES) {
 *       KSPROPERTY_STEPPING_LONG* s = (KSPROPERTY_STEPPING_LONG*)(m + 1);
 *       // s->Bounds.SignedMinimum .. s->Bounds.SignedMaximum in steps of s->SteppingDelta
 *   }
 *
 * Valid C11 and C++20; layouts are the x64 Windows ones.
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* The property type set whose ids are VT_* variant types. */
#define STATIC_KSPROPTYPESETID_General 0x97e99ba0, 0xbdea, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPTYPESETID_General);
#define KSPROPTYPESETID_General KSPROPTYPESETID_General

#ifndef OPENKS_VARENUM_DEFINED
#define OPENKS_VARENUM_DEFINED
/* Variant types, used as KSPROPERTY_DESCRIPTION.PropTypeSet.Id. */
typedef unsigned short VARTYPE;
enum VARENUM {
    VT_EMPTY = 0,
    VT_NULL = 1,
    VT_I2 = 2,
    VT_I4 = 3,
    VT_R4 = 4,
    VT_R8 = 5,
    VT_CY = 6,
    VT_DATE = 7,
    VT_BSTR = 8,
    VT_DISPATCH = 9,
    VT_ERROR = 10,
    VT_BOOL = 11,
    VT_VARIANT = 12,
    VT_UNKNOWN = 13,
    VT_DECIMAL = 14,
    VT_I1 = 16,
    VT_UI1 = 17,
    VT_UI2 = 18,
    VT_UI4 = 19,
    VT_I8 = 20,
    VT_UI8 = 21,
    VT_INT = 22,
    VT_UINT = 23,
    VT_VOID = 24,
    VT_HRESULT = 25,
    VT_PTR = 26,
    VT_SAFEARRAY = 27,
    VT_CARRAY = 28,
    VT_USERDEFINED = 29,
    VT_LPSTR = 30,
    VT_LPWSTR = 31,
    VT_RECORD = 36,
    VT_INT_PTR = 37,
    VT_UINT_PTR = 38,
    VT_FILETIME = 64,
    VT_BLOB = 65,
    VT_STREAM = 66,
    VT_STORAGE = 67,
    VT_STREAMED_OBJECT = 68,
    VT_STORED_OBJECT = 69,
    VT_BLOB_OBJECT = 70,
    VT_CF = 71,
    VT_CLSID = 72,
    VT_VERSIONED_STREAM = 73,
    VT_BSTR_BLOB = 0xfff,
    VT_VECTOR = 0x1000,
    VT_ARRAY = 0x2000,
    VT_BYREF = 0x4000,
    VT_RESERVED = 0x8000,
    VT_ILLEGAL = 0xffff,
    VT_ILLEGALMASKED = 0xfff,
    VT_TYPEMASK = 0xfff
};
#endif

/* BASICSUPPORT answer; DescriptionSize covers this header and every members list after it. */
typedef struct {
    ULONG AccessFlags; /* KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET */
    ULONG DescriptionSize;
    KSIDENTIFIER PropTypeSet;
    ULONG MembersListCount;
    ULONG Reserved;
} KSPROPERTY_DESCRIPTION, *PKSPROPERTY_DESCRIPTION;

/* KSPROPERTY_MEMBERSHEADER.MembersFlags */
#define KSPROPERTY_MEMBER_RANGES 0x00000001
#define KSPROPERTY_MEMBER_STEPPEDRANGES 0x00000002
#define KSPROPERTY_MEMBER_VALUES 0x00000003

/* KSPROPERTY_MEMBERSHEADER.Flags */
#define KSPROPERTY_MEMBER_FLAG_DEFAULT 0x00000001
#define KSPROPERTY_MEMBER_FLAG_BASICSUPPORT_MULTICHANNEL 0x00000002
#define KSPROPERTY_MEMBER_FLAG_BASICSUPPORT_UNIFORM 0x00000004

typedef struct {
    ULONG MembersFlags; /* KSPROPERTY_MEMBER_RANGES / STEPPEDRANGES / VALUES */
    ULONG MembersSize;  /* bytes of members after this header */
    ULONG MembersCount;
    ULONG Flags; /* KSPROPERTY_MEMBER_FLAG_* */
} KSPROPERTY_MEMBERSHEADER, *PKSPROPERTY_MEMBERSHEADER;

typedef union {
    struct {
        LONG SignedMinimum;
        LONG SignedMaximum;
    };
    struct {
        ULONG UnsignedMinimum;
        ULONG UnsignedMaximum;
    };
} KSPROPERTY_BOUNDS_LONG, *PKSPROPERTY_BOUNDS_LONG;

typedef union {
    struct {
        LONGLONG SignedMinimum;
        LONGLONG SignedMaximum;
    };
    struct {
        DWORDLONG UnsignedMinimum;
        DWORDLONG UnsignedMaximum;
    };
} KSPROPERTY_BOUNDS_LONGLONG, *PKSPROPERTY_BOUNDS_LONGLONG;

typedef struct {
    ULONG SteppingDelta;
    ULONG Reserved;
    KSPROPERTY_BOUNDS_LONG Bounds;
} KSPROPERTY_STEPPING_LONG, *PKSPROPERTY_STEPPING_LONG;

typedef struct {
    DWORDLONG SteppingDelta;
    KSPROPERTY_BOUNDS_LONGLONG Bounds;
} KSPROPERTY_STEPPING_LONGLONG, *PKSPROPERTY_STEPPING_LONGLONG;

/* KSPROPERTY_TYPE_SERIALIZESET / UNSERIALIZESET buffers: a packed header, then Count serialised properties. */
#pragma pack(push, 1)
typedef struct {
    GUID PropertySet;
    ULONG Count;
} KSPROPERTY_SERIALHDR, *PKSPROPERTY_SERIALHDR;
#pragma pack(pop)

typedef struct {
    KSIDENTIFIER PropTypeSet;
    ULONG Id;
    ULONG PropertyLength;
} KSPROPERTY_SERIAL, *PKSPROPERTY_SERIAL;

/* ---- KSPROPSETID_General ---------------------------------------------------- */

#define STATIC_KSPROPSETID_General 0x1464eda5, 0x6a8f, 0x11d1, 0x9a, 0xa7, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSPROPSETID_General);
#define KSPROPSETID_General KSPROPSETID_General

typedef enum { KSPROPERTY_GENERAL_COMPONENTID } KSPROPERTY_GENERAL;

/* KSPROPERTY_GENERAL_COMPONENTID value: who made the device. */
typedef struct {
    GUID Manufacturer;
    GUID Product;
    GUID Component;
    GUID Name;
    ULONG Version;
    ULONG Revision;
} KSCOMPONENTID, *PKSCOMPONENTID;

OPENKS_STATIC_ASSERT(sizeof(KSPROPERTY_DESCRIPTION) == 40, "KSPROPERTY_DESCRIPTION layout");
OPENKS_STATIC_ASSERT(sizeof(KSPROPERTY_MEMBERSHEADER) == 16, "KSPROPERTY_MEMBERSHEADER layout");
OPENKS_STATIC_ASSERT(sizeof(KSPROPERTY_STEPPING_LONG) == 16, "KSPROPERTY_STEPPING_LONG layout");
OPENKS_STATIC_ASSERT(sizeof(KSPROPERTY_STEPPING_LONGLONG) == 24, "KSPROPERTY_STEPPING_LONGLONG layout");
OPENKS_STATIC_ASSERT(sizeof(KSPROPERTY_SERIALHDR) == 20, "KSPROPERTY_SERIALHDR is packed");
OPENKS_STATIC_ASSERT(sizeof(KSCOMPONENTID) == 72, "KSCOMPONENTID layout");

OPENKS_END_C
