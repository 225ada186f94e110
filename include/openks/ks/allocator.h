/* SPDX-License-Identifier: MIT */
/* Allocator framing (frames and sizes a pin wants) and the stream allocator property, method and event sets. */
#pragma once

/*
 * A pin states its buffer needs through KSPROPERTY_CONNECTION_ALLOCATORFRAMING
 * (one KSALLOCATOR_FRAMING) or ALLOCATORFRAMING_EX (a KSALLOCATOR_FRAMING_EX
 * with CountItems framing items, each a memory type and frame-size ranges).
 * Clients read Frames as the number of requests to keep in flight and
 * FrameSize (or FramingItem[0].FramingRange.Range.MinFrameSize) as the
 * smallest useful buffer.
 *
 *   KSALLOCATOR_FRAMING f;
 *   // GET KSPROPSETID_Connection / KSPROPERTY_CONNECTION_ALLOCATORFRAMING into &f
 *   ULONG inFlight = f.Frames ? f.Frames : 1;
 *
 *   // A driver's static framing: 4 frames of 4096 bytes, 8-byte aligned.
 *   DECLARE_SIMPLE_FRAMING_EX(MyFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
 *                             KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 4, FILE_QUAD_ALIGNMENT, 4096, 4096);
 *
 * PoolType is a ULONG here for every build (Windows' kernel build types it
 * POOL_TYPE; the layout is the same).  Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* KSALLOCATOR_FRAMING.RequirementsFlags */
#define KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER 0x00000001
#define KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY 0x00000002
#define KSALLOCATOR_REQUIREMENTF_FRAME_INTEGRITY 0x00000004
#define KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE 0x00000008
#define KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY 0x80000000

/* KSALLOCATOR_FRAMING.OptionsFlags */
#define KSALLOCATOR_OPTIONF_COMPATIBLE 0x00000001
#define KSALLOCATOR_OPTIONF_SYSTEM_MEMORY 0x00000002
#define KSALLOCATOR_OPTIONF_VALID 0x00000003

/* KS_FRAMING_ITEM.Flags and KSALLOCATOR_FRAMING_EX.PinFlags */
#define KSALLOCATOR_FLAG_PARTIAL_READ_SUPPORT 0x00000010
#define KSALLOCATOR_FLAG_DEVICE_SPECIFIC 0x00000020
#define KSALLOCATOR_FLAG_CAN_ALLOCATE 0x00000040
#define KSALLOCATOR_FLAG_INSIST_ON_FRAMESIZE_RATIO 0x00000080
#define KSALLOCATOR_FLAG_NO_FRAME_INTEGRITY 0x00000100
#define KSALLOCATOR_FLAG_MULTIPLE_OUTPUT 0x00000200
#define KSALLOCATOR_FLAG_CYCLE 0x00000400
#define KSALLOCATOR_FLAG_ALLOCATOR_EXISTS 0x00000800
#define KSALLOCATOR_FLAG_INDEPENDENT_RANGES 0x00001000
#define KSALLOCATOR_FLAG_ATTENTION_STEPPING 0x00002000

/* File alignments (FileAlignment is a mask: alignment - 1). */
#ifndef FILE_BYTE_ALIGNMENT
#define FILE_BYTE_ALIGNMENT 0x00000000
#define FILE_WORD_ALIGNMENT 0x00000001
#define FILE_LONG_ALIGNMENT 0x00000003
#define FILE_QUAD_ALIGNMENT 0x00000007
#define FILE_OCTA_ALIGNMENT 0x0000000f
#define FILE_32_BYTE_ALIGNMENT 0x0000001f
#define FILE_64_BYTE_ALIGNMENT 0x0000003f
#define FILE_128_BYTE_ALIGNMENT 0x0000007f
#define FILE_256_BYTE_ALIGNMENT 0x000000ff
#define FILE_512_BYTE_ALIGNMENT 0x000001ff
#endif

typedef struct {
    union {
        ULONG OptionsFlags;      /* KSALLOCATOR_OPTIONF_* (allocator side) */
        ULONG RequirementsFlags; /* KSALLOCATOR_REQUIREMENTF_* (pin side) */
    };
    ULONG PoolType; /* POOL_TYPE */
    ULONG Frames;   /* frames the pin wants in flight */
    ULONG FrameSize;
    ULONG FileAlignment; /* FILE_*_ALIGNMENT */
    ULONG Reserved;
} KSALLOCATOR_FRAMING, *PKSALLOCATOR_FRAMING;

typedef struct {
    ULONG MinFrameSize;
    ULONG MaxFrameSize;
    ULONG Stepping;
} KS_FRAMING_RANGE, *PKS_FRAMING_RANGE;

typedef struct {
    KS_FRAMING_RANGE Range;
    ULONG InPlaceWeight;
    ULONG NotInPlaceWeight;
} KS_FRAMING_RANGE_WEIGHTED, *PKS_FRAMING_RANGE_WEIGHTED;

typedef struct {
    ULONG RatioNumerator;
    ULONG RatioDenominator;
    ULONG RatioConstantMargin;
} KS_COMPRESSION, *PKS_COMPRESSION;

typedef struct {
    GUID MemoryType; /* KSMEMORY_TYPE_* */
    GUID BusType;
    ULONG MemoryFlags;
    ULONG BusFlags;
    ULONG Flags; /* KSALLOCATOR_FLAG_* */
    ULONG Frames;
    ULONG FileAlignment;
    ULONG MemoryTypeWeight;
    KS_FRAMING_RANGE PhysicalRange;
    KS_FRAMING_RANGE_WEIGHTED FramingRange;
} KS_FRAMING_ITEM, *PKS_FRAMING_ITEM;

/* Variable length: CountItems items, the first declared here. */
typedef struct {
    ULONG CountItems;
    ULONG PinFlags;
    KS_COMPRESSION OutputCompression;
    ULONG PinWeight;
    KS_FRAMING_ITEM FramingItem[1];
} KSALLOCATOR_FRAMING_EX, *PKSALLOCATOR_FRAMING_EX;

/* Memory types of KS_FRAMING_ITEM.MemoryType (the wildcards are GUID_NULL). */
#define STATIC_KSMEMORY_TYPE_WILDCARD 0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_WILDCARD);
#define KSMEMORY_TYPE_WILDCARD KSMEMORY_TYPE_WILDCARD
#define STATIC_KSMEMORY_TYPE_DONT_CARE 0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_DONT_CARE);
#define KSMEMORY_TYPE_DONT_CARE KSMEMORY_TYPE_DONT_CARE
#define STATIC_KS_TYPE_DONT_CARE 0x00000000, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KS_TYPE_DONT_CARE);
#define KS_TYPE_DONT_CARE KS_TYPE_DONT_CARE
#define STATIC_KSMEMORY_TYPE_SYSTEM 0x091bb638, 0x603f, 0x11d1, 0xb0, 0x67, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_SYSTEM);
#define KSMEMORY_TYPE_SYSTEM KSMEMORY_TYPE_SYSTEM
#define STATIC_KSMEMORY_TYPE_USER 0x8cb0fc28, 0x7893, 0x11d1, 0xb0, 0x69, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_USER);
#define KSMEMORY_TYPE_USER KSMEMORY_TYPE_USER
#define STATIC_KSMEMORY_TYPE_KERNEL_PAGED 0xd833f8f8, 0x7894, 0x11d1, 0xb0, 0x69, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_KERNEL_PAGED);
#define KSMEMORY_TYPE_KERNEL_PAGED KSMEMORY_TYPE_KERNEL_PAGED
#define STATIC_KSMEMORY_TYPE_KERNEL_NONPAGED 0x4a6d5fc4, 0x7895, 0x11d1, 0xb0, 0x69, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_KERNEL_NONPAGED);
#define KSMEMORY_TYPE_KERNEL_NONPAGED KSMEMORY_TYPE_KERNEL_NONPAGED
#define STATIC_KSMEMORY_TYPE_DEVICE_UNKNOWN 0x091bb639, 0x603f, 0x11d1, 0xb0, 0x67, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(KSMEMORY_TYPE_DEVICE_UNKNOWN);
#define KSMEMORY_TYPE_DEVICE_UNKNOWN KSMEMORY_TYPE_DEVICE_UNKNOWN

/*
 * A one-item KSALLOCATOR_FRAMING_EX constant.  MemoryType is a STATIC_ GUID
 * list (STATICGUIDOF(KSMEMORY_TYPE_...)); the physical range is "any size",
 * the framing range [MinFrameSize, MaxFrameSize] in steps of 1.
 */
#define DECLARE_SIMPLE_FRAMING_EX(FramingExName, MemoryType, Flags, Frames, Alignment, MinFrameSize, MaxFrameSize) \
    const KSALLOCATOR_FRAMING_EX FramingExName = {1,                                                               \
                                                  0,                                                               \
                                                  {1, 1, 0},                                                       \
                                                  0,                                                               \
                                                  {{{MemoryType},                                                  \
                                                    {STATIC_KS_TYPE_DONT_CARE},                                    \
                                                    0,                                                             \
                                                    0,                                                             \
                                                    (Flags),                                                       \
                                                    (Frames),                                                      \
                                                    (Alignment),                                                   \
                                                    0,                                                             \
                                                    {0, (ULONG)-1, 1},                                             \
                                                    {{(MinFrameSize), (MaxFrameSize), 1}, 0, 0}}}}

/* Statement macros filling framing pieces through a pointer. */
#define SetDefaultKsCompression(KsCompressionPointer)    \
    {                                                    \
        (KsCompressionPointer)->RatioNumerator = 1;      \
        (KsCompressionPointer)->RatioDenominator = 1;    \
        (KsCompressionPointer)->RatioConstantMargin = 0; \
    }

#define SetDontCareKsFramingRange(KsFramingRangePointer)   \
    {                                                      \
        (KsFramingRangePointer)->MinFrameSize = 0;         \
        (KsFramingRangePointer)->MaxFrameSize = (ULONG)-1; \
        (KsFramingRangePointer)->Stepping = 1;             \
    }

#define SetKsFramingRange(KsFramingRangePointer, P_MinFrameSize, P_MaxFrameSize) \
    {                                                                            \
        (KsFramingRangePointer)->MinFrameSize = (P_MinFrameSize);                \
        (KsFramingRangePointer)->MaxFrameSize = (P_MaxFrameSize);                \
        (KsFramingRangePointer)->Stepping = 1;                                   \
    }

#define SetKsFramingRangeWeighted(KsFramingRangeWeightedPointer, P_MinFrameSize, P_MaxFrameSize) \
    {                                                                                            \
        KS_FRAMING_RANGE *OpenksRange_ = &(KsFramingRangeWeightedPointer)->Range;                \
        SetKsFramingRange(OpenksRange_, P_MinFrameSize, P_MaxFrameSize);                         \
        (KsFramingRangeWeightedPointer)->InPlaceWeight = 0;                                      \
        (KsFramingRangeWeightedPointer)->NotInPlaceWeight = 0;                                   \
    }

#define INITIALIZE_SIMPLE_FRAMING_EX(FramingExPointer, P_MemoryType, P_Flags, P_Frames, P_Alignment, P_MinFrameSize, \
                                     P_MaxFrameSize)                                                                 \
    {                                                                                                                \
        KS_COMPRESSION *OpenksCompression_ = &(FramingExPointer)->OutputCompression;                                 \
        KS_FRAMING_RANGE *OpenksPhysical_ = &(FramingExPointer)->FramingItem[0].PhysicalRange;                       \
        KS_FRAMING_RANGE_WEIGHTED *OpenksFraming_ = &(FramingExPointer)->FramingItem[0].FramingRange;                \
        (FramingExPointer)->CountItems = 1;                                                                          \
        (FramingExPointer)->PinFlags = 0;                                                                            \
        SetDefaultKsCompression(OpenksCompression_);                                                                 \
        (FramingExPointer)->PinWeight = 0;                                                                           \
        (FramingExPointer)->FramingItem[0].MemoryType = (P_MemoryType);                                              \
        (FramingExPointer)->FramingItem[0].BusType = KS_TYPE_DONT_CARE;                                              \
        (FramingExPointer)->FramingItem[0].MemoryFlags = 0;                                                          \
        (FramingExPointer)->FramingItem[0].BusFlags = 0;                                                             \
        (FramingExPointer)->FramingItem[0].Flags = (P_Flags);                                                        \
        (FramingExPointer)->FramingItem[0].Frames = (P_Frames);                                                      \
        (FramingExPointer)->FramingItem[0].FileAlignment = (P_Alignment);                                            \
        (FramingExPointer)->FramingItem[0].MemoryTypeWeight = 0;                                                     \
        SetDontCareKsFramingRange(OpenksPhysical_);                                                                  \
        SetKsFramingRangeWeighted(OpenksFraming_, P_MinFrameSize, P_MaxFrameSize);                                   \
    }

/* ---- Stream allocator sets ------------------------------------------------------ */

#define STATIC_KSEVENTSETID_StreamAllocator 0x75d95571, 0x073c, 0x11d0, 0xa1, 0x61, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSEVENTSETID_StreamAllocator);
#define KSEVENTSETID_StreamAllocator KSEVENTSETID_StreamAllocator

typedef enum { KSEVENT_STREAMALLOCATOR_INTERNAL_FREEFRAME, KSEVENT_STREAMALLOCATOR_FREEFRAME } KSEVENT_STREAMALLOCATOR;

#define STATIC_KSMETHODSETID_StreamAllocator 0xcf6e4341, 0xec87, 0x11cf, 0xa1, 0x30, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSMETHODSETID_StreamAllocator);
#define KSMETHODSETID_StreamAllocator KSMETHODSETID_StreamAllocator

typedef enum { KSMETHOD_STREAMALLOCATOR_ALLOC, KSMETHOD_STREAMALLOCATOR_FREE } KSMETHOD_STREAMALLOCATOR;

#define STATIC_KSPROPSETID_StreamAllocator 0xcf6e4342, 0xec87, 0x11cf, 0xa1, 0x30, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSPROPSETID_StreamAllocator);
#define KSPROPSETID_StreamAllocator KSPROPSETID_StreamAllocator

/* Kernel-mode only on Windows (_NTDDK_); declared for every build here. */
typedef enum { KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE, KSPROPERTY_STREAMALLOCATOR_STATUS } KSPROPERTY_STREAMALLOCATOR;

typedef struct {
    KSALLOCATOR_FRAMING Framing;
    ULONG AllocatedFrames;
    ULONG Reserved;
} KSSTREAMALLOCATOR_STATUS, *PKSSTREAMALLOCATOR_STATUS;

typedef struct {
    KSALLOCATOR_FRAMING_EX Framing;
    ULONG AllocatedFrames;
    ULONG Reserved;
} KSSTREAMALLOCATOR_STATUS_EX, *PKSSTREAMALLOCATOR_STATUS_EX;

OPENKS_STATIC_ASSERT(sizeof(KSALLOCATOR_FRAMING) == 24, "KSALLOCATOR_FRAMING layout");
OPENKS_STATIC_ASSERT(sizeof(KSALLOCATOR_FRAMING_EX) == 112, "KSALLOCATOR_FRAMING_EX layout");

OPENKS_END_C
