/* SPDX-License-Identifier: MIT */
/* GUID, the Windows ways of naming one (DEFINE_GUID, DEFINE_GUIDSTRUCT, STATIC_*), and comparison. */
#pragma once

/*
 * Every KS set, category and format is a GUID.  A named GUID is an lvalue of
 * type `const GUID`, as on Windows, so all of these work:
 *
 *   const GUID& set = KSPROPSETID_Pin;
 *   if (IsEqualGUID(&prop->Set, &KSPROPSETID_Pin)) ...
 *   static const KSPIN_INTERFACE std_if = {STATICGUIDOF(KSINTERFACESETID_Standard), 0, 0};
 *
 * A driver or client defines its own GUIDs the Windows way:
 *
 *   #define STATIC_MYPROPSETID 0x1234abcdL, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa
 *   DEFINE_GUIDSTRUCT("1234abcd-1111-2222-3344-5566778899aa", MYPROPSETID);
 *   #define MYPROPSETID DEFINE_GUIDNAMED(MYPROPSETID)
 *   // or: DEFINE_GUID(MYPROPSETID, 0x1234abcdL, 0x1111, ...);
 *
 * Named GUIDs are weak definitions in every translation unit that sees them,
 * so INITGUID is accepted but not needed.  Valid C11 and C++20.
 */

#include <openks/ks/wintypes.h>
#include <string.h>

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID;
#endif

typedef GUID *PGUID;
typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
typedef const GUID *PCGUID;
typedef GUID IID;
typedef IID *LPIID;
typedef GUID CLSID;
typedef CLSID *LPCLSID;
#ifdef __cplusplus
typedef const GUID &REFGUID;
typedef const IID &REFIID;
typedef const CLSID &REFCLSID;
#else
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
#endif

#define OPENKS_WEAK __attribute__((weak))
#ifdef __cplusplus
#define OPENKS_GUID_STORAGE extern "C"
#else
#define OPENKS_GUID_STORAGE
#endif

/*
 * DEFINE_GUID(name, l, w1, w2, b1..b8): a named GUID with external (C)
 * linkage.  Weak, so the same definition may appear in many objects.
 */
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                                    \
    OPENKS_EXTERN_C OPENKS_WEAK const GUID name;                                                       \
    OPENKS_GUID_STORAGE OPENKS_WEAK const GUID name = {(ULONG)(l), (USHORT)(w1), (USHORT)(w2),            \
                                                   {(UCHAR)(b1), (UCHAR)(b2), (UCHAR)(b3), (UCHAR)(b4), \
                                                    (UCHAR)(b5), (UCHAR)(b6), (UCHAR)(b7), (UCHAR)(b8)}}

/* Helper so a STATIC_ macro (a comma list) can feed DEFINE_GUID. */
#define OPENKS_DEFINE_GUID_EX(name, ...) DEFINE_GUID(name, __VA_ARGS__)

/*
 * DEFINE_GUIDSTRUCT("xxxxxxxx-....", name) pairs with
 * `#define name DEFINE_GUIDNAMED(name)`.  As with MinGW, the GUID value comes
 * from the matching STATIC_name macro, which must be defined first.
 */
/* What openks's own headers use: immune to a client redefining DEFINE_GUIDEX. */
#define OPENKS_DEFINE_GUIDEX(name) OPENKS_DEFINE_GUID_EX(name, STATIC_##name)

/* Client code (PortAudio, for one) defines some of these itself; keep theirs. */
#ifndef DEFINE_GUIDSTRUCT
#define DEFINE_GUIDSTRUCT(guid_string, name) OPENKS_DEFINE_GUID_EX(name##_OPENKS_GUID, STATIC_##name)
#endif
#ifndef DEFINE_GUIDNAMED
#define DEFINE_GUIDNAMED(name) name##_OPENKS_GUID
#endif
#ifndef STATICGUIDOF
#define STATICGUIDOF(guid) STATIC_##guid
#endif
#ifndef DEFINE_GUIDEX
#define DEFINE_GUIDEX(name) OPENKS_DEFINE_GUID_EX(name, STATIC_##name)
#endif

#define DEFINE_OLEGUID(name, l, w1, w2) DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)

static inline BOOL IsEqualGUID_openks(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}

#ifdef __cplusplus
inline bool IsEqualGUID(const GUID &a, const GUID &b)
{
    return memcmp(&a, &b, sizeof(GUID)) == 0;
}
inline bool IsEqualGUID(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}
inline bool IsEqualGUID(const GUID &a, const GUID *b)
{
    return memcmp(&a, b, sizeof(GUID)) == 0;
}
inline bool IsEqualGUID(const GUID *a, const GUID &b)
{
    return memcmp(a, &b, sizeof(GUID)) == 0;
}
inline bool IsEqualIID(const GUID &a, const GUID &b)
{
    return IsEqualGUID(a, b);
}
inline bool IsEqualCLSID(const GUID &a, const GUID &b)
{
    return IsEqualGUID(a, b);
}
inline bool operator==(const GUID &a, const GUID &b)
{
    return IsEqualGUID(a, b);
}
inline bool operator!=(const GUID &a, const GUID &b)
{
    return !IsEqualGUID(a, b);
}
#else
#define IsEqualGUID(a, b) IsEqualGUID_openks((a), (b))
#define IsEqualIID(a, b) IsEqualGUID_openks((a), (b))
#define IsEqualCLSID(a, b) IsEqualGUID_openks((a), (b))
#endif

/* The null GUID, also the KS wildcard. */
#define STATIC_GUID_NULL 0x00000000L, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
OPENKS_DEFINE_GUID_EX(GUID_NULL, STATIC_GUID_NULL);
