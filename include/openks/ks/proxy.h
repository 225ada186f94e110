/* SPDX-License-Identifier: MIT */
/* The KS proxy's identifiers: IIDs of the IKs* interfaces, CLSID_Proxy, and the allocator/pipe enums of ksproxy.h. */
#pragma once

/*
 * User-mode KS clients on Windows reach a filter either directly
 * (DeviceIoControl) or through the KS proxy (ksproxy.ax), whose COM
 * interfaces are named by the IIDs below: IKsControl (KsProperty,
 * KsMethod, KsEvent), IKsPropertySet, IKsObject, IKsPin, IKsTopology.  The
 * interface declarations belong to the client API (<openks/client.h>);
 * this header holds the identifiers and plain types.
 *
 *   if (IsEqualGUID(&riid, &IID_IKsControl)) { ... }
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/allocator.h>
#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#define STATIC_IID_IKsObject 0x423c13a2, 0x2070, 0x11d0, 0x9e, 0xf7, 0x00, 0xaa, 0x00, 0xa2, 0x16, 0xa1
OPENKS_DEFINE_GUIDEX(IID_IKsObject);
#define IID_IKsObject IID_IKsObject
#define STATIC_IID_IKsPinEx 0x7bb38260, 0xd19c, 0x11d2, 0xb3, 0x8a, 0x00, 0xa0, 0xc9, 0x5e, 0xc2, 0x2e
OPENKS_DEFINE_GUIDEX(IID_IKsPinEx);
#define IID_IKsPinEx IID_IKsPinEx
#define STATIC_IID_IKsPin 0xb61178d1, 0xa2d9, 0x11cf, 0x9e, 0x53, 0x00, 0xaa, 0x00, 0xa2, 0x16, 0xa1
OPENKS_DEFINE_GUIDEX(IID_IKsPin);
#define IID_IKsPin IID_IKsPin
#define STATIC_IID_IKsPinPipe 0xe539cd90, 0xa8b4, 0x11d1, 0x81, 0x89, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(IID_IKsPinPipe);
#define IID_IKsPinPipe IID_IKsPinPipe
#define STATIC_IID_IKsDataTypeHandler 0x5ffbaa02, 0x49a3, 0x11d0, 0x9f, 0x36, 0x00, 0xaa, 0x00, 0xa2, 0x16, 0xa1
OPENKS_DEFINE_GUIDEX(IID_IKsDataTypeHandler);
#define IID_IKsDataTypeHandler IID_IKsDataTypeHandler
#define STATIC_IID_IKsDataTypeCompletion 0x827d1a0e, 0x0f73, 0x11d2, 0xb2, 0x7a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsDataTypeCompletion);
#define IID_IKsDataTypeCompletion IID_IKsDataTypeCompletion
#define STATIC_IID_IKsInterfaceHandler 0xd3abc7e0, 0x9a61, 0x11d0, 0xa4, 0x0d, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsInterfaceHandler);
#define IID_IKsInterfaceHandler IID_IKsInterfaceHandler
#define STATIC_IID_IKsClockPropertySet 0x5c5cbd84, 0xe755, 0x11d0, 0xac, 0x18, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsClockPropertySet);
#define IID_IKsClockPropertySet IID_IKsClockPropertySet
#define STATIC_IID_IKsAllocator 0x8da64899, 0xc0d9, 0x11d0, 0x84, 0x13, 0x00, 0x00, 0xf8, 0x22, 0xfe, 0x8a
OPENKS_DEFINE_GUIDEX(IID_IKsAllocator);
#define IID_IKsAllocator IID_IKsAllocator
#define STATIC_IID_IKsAllocatorEx 0x091bb63a, 0x603f, 0x11d1, 0xb0, 0x67, 0x00, 0xa0, 0xc9, 0x06, 0x28, 0x02
OPENKS_DEFINE_GUIDEX(IID_IKsAllocatorEx);
#define IID_IKsAllocatorEx IID_IKsAllocatorEx
#define STATIC_IID_IKsPropertySet 0x31efac30, 0x515c, 0x11d0, 0xa9, 0xaa, 0x00, 0xaa, 0x00, 0x61, 0xbe, 0x93
OPENKS_DEFINE_GUIDEX(IID_IKsPropertySet);
#define IID_IKsPropertySet IID_IKsPropertySet
#define STATIC_IID_IKsTopology 0x28f54683, 0x06fd, 0x11d2, 0xb2, 0x7a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsTopology);
#define IID_IKsTopology IID_IKsTopology
#define STATIC_IID_IKsControl 0x28f54685, 0x06fd, 0x11d2, 0xb2, 0x7a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsControl);
#define IID_IKsControl IID_IKsControl
#define STATIC_IID_IKsAggregateControl 0x7f40eac0, 0x3947, 0x11d2, 0x87, 0x4e, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsAggregateControl);
#define IID_IKsAggregateControl IID_IKsAggregateControl
#define STATIC_CLSID_Proxy 0x17cca71b, 0xecd7, 0x11d0, 0xb9, 0x08, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(CLSID_Proxy);
#define CLSID_Proxy CLSID_Proxy
#define STATIC_CLSID_KsIBasicAudioInterfaceHandler \
    0xb9f8ac3e, 0x0f71, 0x11d2, 0xb7, 0x2c, 0x00, 0xc0, 0x4f, 0xb6, 0xbd, 0x3d
OPENKS_DEFINE_GUIDEX(CLSID_KsIBasicAudioInterfaceHandler);
#define CLSID_KsIBasicAudioInterfaceHandler CLSID_KsIBasicAudioInterfaceHandler
/* The quality forwarder's IID is the quality-manager category. */
#define STATIC_IID_IKsQualityForwarder 0x97ebaacb, 0x95bd, 0x11d0, 0xa3, 0xea, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsQualityForwarder);
#define IID_IKsQualityForwarder IID_IKsQualityForwarder

/* IKsPropertySet::QuerySupported answers. */
#define KSPROPERTY_SUPPORT_GET 1
#define KSPROPERTY_SUPPORT_SET 2

typedef enum { KsAllocatorMode_User, KsAllocatorMode_Kernel } KSALLOCATORMODE;

typedef enum { FramingProp_Uninitialized, FramingProp_None, FramingProp_Old, FramingProp_Ex } FRAMING_PROP;
typedef FRAMING_PROP *PFRAMING_PROP;

typedef enum {
    Framing_Cache_Update,
    Framing_Cache_ReadLast,
    Framing_Cache_ReadOrig,
    Framing_Cache_Write
} FRAMING_CACHE_OPS;

typedef struct {
    LONGLONG MinTotalNominator;
    LONGLONG MaxTotalNominator;
    LONGLONG TotalDenominator;
} OPTIMAL_WEIGHT_TOTALS;

#define AllocatorStrategy_DontCare 0
#define AllocatorStrategy_MinimizeNumberOfFrames 0x00000001
#define AllocatorStrategy_MinimizeFrameSize 0x00000002
#define AllocatorStrategy_MinimizeNumberOfAllocators 0x00000004
#define AllocatorStrategy_MaximizeSpeed 0x00000008

#define PipeFactor_None 0
#define PipeFactor_UserModeUpstream 0x00000001
#define PipeFactor_UserModeDownstream 0x00000002
#define PipeFactor_MemoryTypes 0x00000004
#define PipeFactor_Flags 0x00000008
#define PipeFactor_PhysicalRanges 0x00000010
#define PipeFactor_OptimalRanges 0x00000020
#define PipeFactor_FixedCompression 0x00000040
#define PipeFactor_UnknownCompression 0x00000080
#define PipeFactor_Buffers 0x00000100
#define PipeFactor_Align 0x00000200
#define PipeFactor_PhysicalEnd 0x00000400
#define PipeFactor_LogicalEnd 0x00000800

typedef enum {
    PipeState_DontCare,
    PipeState_RangeNotFixed,
    PipeState_RangeFixed,
    PipeState_CompressionUnknown,
    PipeState_Finalized
} PIPE_STATE;

typedef struct _PIPE_DIMENSIONS {
    KS_COMPRESSION AllocatorPin;
    KS_COMPRESSION MaxExpansionPin;
    KS_COMPRESSION EndPin;
} PIPE_DIMENSIONS, *PPIPE_DIMENSIONS;

typedef enum {
    Pipe_Allocator_None,
    Pipe_Allocator_FirstPin,
    Pipe_Allocator_LastPin,
    Pipe_Allocator_MiddlePin
} PIPE_ALLOCATOR_PLACE;
typedef PIPE_ALLOCATOR_PLACE *PPIPE_ALLOCATOR_PLACE;

typedef enum {
    KS_MemoryTypeDontCare = 0,
    KS_MemoryTypeKernelPaged,
    KS_MemoryTypeKernelNonPaged,
    KS_MemoryTypeDeviceHostMapped,
    KS_MemoryTypeDeviceSpecific,
    KS_MemoryTypeUser,
    KS_MemoryTypeAnyHost
} KS_LogicalMemoryType;
typedef KS_LogicalMemoryType *PKS_LogicalMemoryType;

typedef struct _PIPE_TERMINATION {
    ULONG Flags;
    ULONG OutsideFactors;
    ULONG Weigth; /* sic, as in Windows */
    KS_FRAMING_RANGE PhysicalRange;
    KS_FRAMING_RANGE_WEIGHTED OptimalRange;
    KS_COMPRESSION Compression;
} PIPE_TERMINATION;

OPENKS_END_C
