/* SPDX-License-Identifier: MIT */
/* Allocators: a pin's allocator dispatch, the kernel frame-allocator table, and the KS default allocator. */
#pragma once

/*
 * Frames for a pin connection come from an allocator.  An AVStream pin may
 * implement one (KSPIN_DISPATCH.Allocator); a KS 1.0 driver serves
 * allocator create requests with the default allocator:
 *
 *   static const KSALLOCATOR_DISPATCH AllocatorDispatch = {
 *       MyInitializeAllocator, MyDeleteAllocator, MyAllocateFrame, MyFreeFrame};
 *
 *   // KS 1.0: IRP_MJ_CREATE of KSSTRING_Allocator
 *   status = KsCreateDefaultAllocator(irp);
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>
#include <openks/driver/method.h>
#include <openks/driver/property.h>

OPENKS_BEGIN_C

/* KSALLOCATOR_DISPATCH.InitializeAllocator: set up for AllocatorFraming; *Context receives the allocator's context. */
typedef NTSTATUS (*PFNKSPININITIALIZEALLOCATOR)(PKSPIN Pin, PKSALLOCATOR_FRAMING AllocatorFraming, PVOID *Context);

/* Allocate one frame; returns it, or NULL when none is available.  Any thread. */
typedef PVOID (*PFNKSDEFAULTALLOCATE)(PVOID Context);
/* Free one frame.  Any thread. */
typedef void (*PFNKSDEFAULTFREE)(PVOID Context, PVOID Buffer);
/* Set up an allocator for AllocatorFraming; *Context receives its context.  Returns its status. */
typedef NTSTATUS (*PFNKSINITIALIZEALLOCATOR)(PVOID InitialContext, PKSALLOCATOR_FRAMING AllocatorFraming,
                                             PVOID *Context);
/* Tear down an allocator. */
typedef void (*PFNKSDELETEALLOCATOR)(PVOID Context);

/* The allocator callbacks of an allocator-implementing pin, all required. */
struct _KSALLOCATOR_DISPATCH {
    PFNKSPININITIALIZEALLOCATOR InitializeAllocator;
    PFNKSDELETEALLOCATOR DeleteAllocator;
    PFNKSDEFAULTALLOCATE Allocate;
    PFNKSDEFAULTFREE Free;
};

/* Fast frame allocation through an allocator's file object (KSSTREAMALLOCATOR_FUNCTIONTABLE).  Any thread. */
typedef NTSTATUS (*PFNALLOCATOR_ALLOCATEFRAME)(PFILE_OBJECT FileObject, PVOID *Frame);
typedef void (*PFNALLOCATOR_FREEFRAME)(PFILE_OBJECT FileObject, PVOID Frame);

/* What KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE returns (kernel-mode clients only). */
struct _KSSTREAMALLOCATOR_FUNCTIONTABLE {
    PFNALLOCATOR_ALLOCATEFRAME AllocateFrame;
    PFNALLOCATOR_FREEFRAME FreeFrame;
};

/*
 * Serves an allocator create IRP with the default allocator (frames from
 * pool, framing from the create request).  Returns STATUS_SUCCESS,
 * STATUS_INSUFFICIENT_RESOURCES or the validation failure; does not
 * complete the IRP.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCreateDefaultAllocator(PIRP Irp);

/*
 * KsCreateDefaultAllocator with the driver's frame callbacks (each may be
 * NULL: the default) and InitializeContext for InitializeAllocator.  Same
 * statuses.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCreateDefaultAllocatorEx(PIRP Irp, PVOID InitializeContext, PFNKSDEFAULTALLOCATE DefaultAllocate,
                                          PFNKSDEFAULTFREE DefaultFree, PFNKSINITIALIZEALLOCATOR InitializeAllocator,
                                          PFNKSDELETEALLOCATOR DeleteAllocator);

/*
 * Opens an allocator on the pin ConnectionHandle (a create of
 * KSSTRING_Allocator with AllocatorFraming), as a KernelMode request;
 * *AllocatorHandle receives it.  Returns the create's NTSTATUS.
 * PASSIVE_LEVEL.
 *
 * The exported KsCreateAllocator is ksuser's (a Win32 error code, in
 * <openks/client.h>); minidriver source calling KsCreateAllocator gets this
 * kernel form through the macro, as with KsCreatePin.
 */
NTSTATUS NTAPI openks_KsCreateAllocatorKernel(HANDLE ConnectionHandle, PKSALLOCATOR_FRAMING AllocatorFraming,
                                              PHANDLE AllocatorHandle);
#define KsCreateAllocator openks_KsCreateAllocatorKernel

/*
 * Validates the KSALLOCATOR_FRAMING of an allocator create IRP; *AllocatorFraming
 * points into the IRP.  Returns STATUS_SUCCESS, STATUS_INVALID_BUFFER_SIZE
 * or STATUS_INVALID_PARAMETER (unsupported flags or sizes).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsValidateAllocatorCreateRequest(PIRP Irp, PKSALLOCATOR_FRAMING *AllocatorFraming);

/*
 * Checks a KSALLOCATOR_FRAMING_EX of BufferSize bytes (CountItems items)
 * against the pin's PinFraming.  Returns STATUS_SUCCESS,
 * STATUS_INVALID_BUFFER_SIZE or STATUS_INVALID_PARAMETER.  Any thread.
 */
NTSTATUS NTAPI KsValidateAllocatorFramingEx(PKSALLOCATOR_FRAMING_EX Framing, ULONG BufferSize,
                                            const KSALLOCATOR_FRAMING_EX *PinFraming);

/* ---- The KSPROPSETID_StreamAllocator and KSMETHODSETID_StreamAllocator items ---- */

#define DEFINE_KSPROPERTY_ITEM_STREAMALLOCATOR_FUNCTIONTABLE(Handler)                               \
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE, (Handler), sizeof(KSPROPERTY), \
                           sizeof(KSSTREAMALLOCATOR_FUNCTIONTABLE), NULL, NULL, 0, NULL, NULL, 0)
#define DEFINE_KSPROPERTY_ITEM_STREAMALLOCATOR_STATUS(Handler)                               \
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_STREAMALLOCATOR_STATUS, (Handler), sizeof(KSPROPERTY), \
                           sizeof(KSSTREAMALLOCATOR_STATUS), NULL, NULL, 0, NULL, NULL, 0)

/* The allocator property table: STATUS then FUNCTIONTABLE. */
#define DEFINE_KSPROPERTY_ALLOCATORSET(AllocatorSet, PropFunctionTable, PropStatus) \
    DEFINE_KSPROPERTY_TABLE(AllocatorSet)                                           \
    {                                                                               \
        DEFINE_KSPROPERTY_ITEM_STREAMALLOCATOR_STATUS(PropStatus),                  \
            DEFINE_KSPROPERTY_ITEM_STREAMALLOCATOR_FUNCTIONTABLE(PropFunctionTable) \
    }

/* ALLOC writes a frame pointer to the caller; FREE reads one from it. */
#define DEFINE_KSMETHOD_ITEM_STREAMALLOCATOR_ALLOC(Handler)                                                \
    DEFINE_KSMETHOD_ITEM(KSMETHOD_STREAMALLOCATOR_ALLOC, KSMETHOD_TYPE_WRITE, (Handler), sizeof(KSMETHOD), \
                         sizeof(PVOID), NULL)
#define DEFINE_KSMETHOD_ITEM_STREAMALLOCATOR_FREE(Handler)                                               \
    DEFINE_KSMETHOD_ITEM(KSMETHOD_STREAMALLOCATOR_FREE, KSMETHOD_TYPE_READ, (Handler), sizeof(KSMETHOD), \
                         sizeof(PVOID), NULL)

/* The allocator method table: ALLOC then FREE. */
#define DEFINE_KSMETHOD_ALLOCATORSET(AllocatorSet, MethodAlloc, MethodFree)                                            \
    DEFINE_KSMETHOD_TABLE(AllocatorSet)                                                                                \
    {                                                                                                                  \
        DEFINE_KSMETHOD_ITEM_STREAMALLOCATOR_ALLOC(MethodAlloc), DEFINE_KSMETHOD_ITEM_STREAMALLOCATOR_FREE(MethodFree) \
    }

OPENKS_END_C
