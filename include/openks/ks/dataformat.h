/* SPDX-License-Identifier: MIT */
/* KSDATAFORMAT and KSDATARANGE: the header every stream format and format range starts with, and their attributes. */
#pragma once

/*
 * A data format names a stream's type with three GUIDs (major format, sub
 * format, and the specifier that says which structure follows the header)
 * and FormatSize, the size of the header plus that structure.  A data range
 * has the same header and describes a set of formats a pin accepts; the
 * wildcard GUIDs match anything.  Pins list their ranges under
 * KSPROPERTY_PIN_DATARANGES (each range 8-byte aligned in the list), and a
 * pin is created with one concrete format after its KSPIN_CONNECT.
 *
 *   KSDATAFORMAT_WAVEFORMATEX f = {0};         // <openks/ks/audio_format.h>
 *   f.DataFormat.FormatSize = sizeof f;         // 82: 64 + WAVEFORMATEX
 *   f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
 *   f.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
 *   f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
 *
 * When Flags has KSDATAFORMAT_ATTRIBUTES, a KSMULTIPLE_ITEM list of
 * KSATTRIBUTEs follows the format, 8-byte aligned.  Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* KSDATAFORMAT.Flags */
#define KSDATAFORMAT_BIT_TEMPORAL_COMPRESSION 0
#define KSDATAFORMAT_TEMPORAL_COMPRESSION (1 << KSDATAFORMAT_BIT_TEMPORAL_COMPRESSION)
#define KSDATAFORMAT_BIT_ATTRIBUTES 1
#define KSDATAFORMAT_ATTRIBUTES (1 << KSDATAFORMAT_BIT_ATTRIBUTES)

/* KSDATARANGE.Flags */
#define KSDATARANGE_BIT_ATTRIBUTES 1
#define KSDATARANGE_ATTRIBUTES (1 << KSDATARANGE_BIT_ATTRIBUTES)
#define KSDATARANGE_BIT_REQUIRED_ATTRIBUTES 2
#define KSDATARANGE_REQUIRED_ATTRIBUTES (1 << KSDATARANGE_BIT_REQUIRED_ATTRIBUTES)

typedef union {
    struct {
        ULONG FormatSize; /* bytes of this header and the specifier structure after it */
        ULONG Flags;      /* KSDATAFORMAT_* / KSDATARANGE_* */
        ULONG SampleSize; /* bytes per sample, 0 if variable */
        ULONG Reserved;
        GUID MajorFormat;
        GUID SubFormat;
        GUID Specifier;
    };
    LONGLONG Alignment; /* makes formats 8-byte aligned */
} KSDATAFORMAT, *PKSDATAFORMAT, KSDATARANGE, *PKSDATARANGE;

#define KSATTRIBUTE_REQUIRED 0x00000001

typedef struct {
    ULONG Size;
    ULONG Flags; /* KSATTRIBUTE_REQUIRED */
    GUID Attribute;
} KSATTRIBUTE, *PKSATTRIBUTE;

/* A property request that carries a list after the KSPROPERTY (e.g. data ranges to intersect). */
typedef struct {
    KSPROPERTY Property;
    KSMULTIPLE_ITEM MultipleItem;
} KSMULTIPLE_DATA_PROP, *PKSMULTIPLE_DATA_PROP;

/* Wildcards (all GUID_NULL) and the generic format GUIDs. */
#define STATIC_KSDATAFORMAT_TYPE_WILDCARD 0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
DEFINE_GUIDEX(KSDATAFORMAT_TYPE_WILDCARD);
#define KSDATAFORMAT_TYPE_WILDCARD KSDATAFORMAT_TYPE_WILDCARD
#define STATIC_KSDATAFORMAT_SUBTYPE_WILDCARD 0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_WILDCARD);
#define KSDATAFORMAT_SUBTYPE_WILDCARD KSDATAFORMAT_SUBTYPE_WILDCARD
#define STATIC_KSDATAFORMAT_SPECIFIER_WILDCARD \
    0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_WILDCARD);
#define KSDATAFORMAT_SPECIFIER_WILDCARD KSDATAFORMAT_SPECIFIER_WILDCARD
#define STATIC_KSDATAFORMAT_TYPE_STREAM 0xe436eb83, 0x524f, 0x11ce, 0x9f, 0x53, 0x00, 0x20, 0xaf, 0x0b, 0xa7, 0x70
DEFINE_GUIDEX(KSDATAFORMAT_TYPE_STREAM);
#define KSDATAFORMAT_TYPE_STREAM KSDATAFORMAT_TYPE_STREAM
#define STATIC_KSDATAFORMAT_SUBTYPE_NONE 0xe436eb8e, 0x524f, 0x11ce, 0x9f, 0x53, 0x00, 0x20, 0xaf, 0x0b, 0xa7, 0x70
DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_NONE);
#define KSDATAFORMAT_SUBTYPE_NONE KSDATAFORMAT_SUBTYPE_NONE
#define STATIC_KSDATAFORMAT_SPECIFIER_NONE 0x0f6417d6, 0xc318, 0x11d0, 0xa4, 0x3f, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_NONE);
#define KSDATAFORMAT_SPECIFIER_NONE KSDATAFORMAT_SPECIFIER_NONE
#define STATIC_KSDATAFORMAT_SPECIFIER_FILENAME \
    0xaa797b40, 0xe974, 0x11cf, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_FILENAME);
#define KSDATAFORMAT_SPECIFIER_FILENAME KSDATAFORMAT_SPECIFIER_FILENAME
#define STATIC_KSDATAFORMAT_SPECIFIER_FILEHANDLE \
    0x65e8773c, 0x8f56, 0x11d0, 0xa3, 0xb9, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_FILEHANDLE);
#define KSDATAFORMAT_SPECIFIER_FILEHANDLE KSDATAFORMAT_SPECIFIER_FILEHANDLE
#define STATIC_KSDATAFORMAT_TYPE_TEXT 0x73747874, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
DEFINE_GUIDEX(KSDATAFORMAT_TYPE_TEXT);
#define KSDATAFORMAT_TYPE_TEXT KSDATAFORMAT_TYPE_TEXT

OPENKS_STATIC_ASSERT(sizeof(KSDATAFORMAT) == 64 && OPENKS_ALIGNOF(KSDATAFORMAT) == 8, "KSDATAFORMAT layout");
OPENKS_STATIC_ASSERT(sizeof(KSATTRIBUTE) == 24, "KSATTRIBUTE layout");

OPENKS_END_C
