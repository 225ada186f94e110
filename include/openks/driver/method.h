/* SPDX-License-Identifier: MIT */
/* Method sets: the declarative tables a driver serves KSMETHOD requests from, and the KS method handlers. */
#pragma once

/*
 * A method set is a GUID plus a table of items; each item names a method
 * id, how its data buffer flows (KSMETHOD_TYPE_READ/WRITE/MODIFY/SOURCE),
 * the minimum sizes and the handler:
 *
 *   DEFINE_KSMETHOD_TABLE(MyMethods) {
 *       DEFINE_KSMETHOD_ITEM(MYMETHOD_RESET, KSMETHOD_TYPE_NONE, ResetHandler,
 *                            sizeof(KSMETHOD), 0, NULL),
 *   };
 *   DEFINE_KSMETHOD_SET_TABLE(MyMethodSets) {
 *       DEFINE_KSMETHOD_SET(&MYMETHODSETID, SIZEOF_ARRAY(MyMethods), MyMethods, 0, NULL),
 *   };
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/handler.h>

OPENKS_BEGIN_C

/* One method of a set. */
struct _KSMETHOD_ITEM {
    ULONG MethodId;
    union {
        PFNKSHANDLER MethodHandler;
        BOOLEAN MethodSupported;
    };
    ULONG MinMethod; /* minimum request size, >= sizeof(KSMETHOD) */
    ULONG MinData;   /* minimum data buffer size */
    PFNKSHANDLER SupportHandler;
    ULONG Flags; /* KSMETHOD_TYPE_* */
};

/* A fast-I/O method handler. */
struct _KSFASTMETHOD_ITEM {
    ULONG MethodId;
    union {
        PFNKSFASTHANDLER MethodHandler;
        BOOLEAN MethodSupported;
    };
};

/* A method set: its GUID and items. */
struct _KSMETHOD_SET {
    const GUID *Set;
    ULONG MethodsCount;
    const KSMETHOD_ITEM *MethodItem;
    ULONG FastIoCount;
    const KSFASTMETHOD_ITEM *FastIoTable;
};

/* `DEFINE_KSMETHOD_TABLE(name) { items... };` declares a constant item array. */
#define DEFINE_KSMETHOD_TABLE(tablename) const KSMETHOD_ITEM tablename[] =

/* One KSMETHOD_ITEM initializer.  Note the argument order: Flags comes second here but last in the struct. */
#define DEFINE_KSMETHOD_ITEM(MethodId, Flags, MethodHandler, MinMethod, MinData, SupportHandler)  \
    {                                                                                             \
        (ULONG)(MethodId), {(PFNKSHANDLER)(MethodHandler)}, (ULONG)(MinMethod), (ULONG)(MinData), \
            (PFNKSHANDLER)(SupportHandler), (ULONG)(Flags)                                        \
    }

/* One KSFASTMETHOD_ITEM initializer. */
#define DEFINE_KSFASTMETHOD_ITEM(MethodId, MethodHandler) \
    {                                                     \
        (ULONG)(MethodId),                                \
        {                                                 \
            (PFNKSFASTHANDLER)(MethodHandler)             \
        }                                                 \
    }

/* One KSMETHOD_SET initializer: Set is a `const GUID *`. */
#define DEFINE_KSMETHOD_SET(Set, MethodsCount, MethodItem, FastIoCount, FastIoTable)    \
    {                                                                                   \
        (Set), (ULONG)(MethodsCount), (MethodItem), (ULONG)(FastIoCount), (FastIoTable) \
    }

/* `DEFINE_KSMETHOD_SET_TABLE(name) { sets... };` declares a constant set array. */
#define DEFINE_KSMETHOD_SET_TABLE(tablename) const KSMETHOD_SET tablename[] =

/* While KsMethodHandler runs a handler, the IRP's driver context holds the matched set, item and method type. */
#define KSMETHOD_SET_IRP_STORAGE(Irp) (*(const KSMETHOD_SET **)&(Irp)->Tail.Overlay.DriverContext[0])
#define KSMETHOD_ITEM_IRP_STORAGE(Irp) (*(const KSMETHOD_ITEM **)&(Irp)->Tail.Overlay.DriverContext[3])
#define KSMETHOD_TYPE_IRP_STORAGE(Irp) (*(ULONG_PTR *)(&(Irp)->Tail.Overlay.DriverContext[2]))

/*
 * Serves an IOCTL_KS_METHOD IRP from MethodSetsCount sets: validates the
 * request, buffers the data as the item's KSMETHOD_TYPE_* says, and calls
 * the handler (or answers SETSUPPORT/BASICSUPPORT).  Sets
 * Irp->IoStatus.Information; does not complete the IRP.  Returns the
 * handler's status, STATUS_NOT_FOUND (unknown set or id),
 * STATUS_INVALID_BUFFER_SIZE or STATUS_BUFFER_TOO_SMALL.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsMethodHandler(PIRP Irp, ULONG MethodSetsCount, const KSMETHOD_SET *MethodSet);

/* KsMethodHandler with a driver buffer allocator and MethodItemSize-byte items.  Same statuses.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsMethodHandlerWithAllocator(PIRP Irp, ULONG MethodSetsCount, const KSMETHOD_SET *MethodSet,
                                            PFNKSALLOCATOR Allocator, ULONG MethodItemSize);

/*
 * Serves a method through the sets' fast-I/O tables, without an IRP.
 * Returns TRUE if served (status in IoStatus), FALSE to fall back to an IRP.
 * Any thread.
 */
BOOLEAN NTAPI KsFastMethodHandler(PFILE_OBJECT FileObject, PKSMETHOD Method, ULONG MethodLength, PVOID Data,
                                  ULONG DataLength, PIO_STATUS_BLOCK IoStatus, ULONG MethodSetsCount,
                                  const KSMETHOD_SET *MethodSet);

/* Calls Handler for the method request in Irp as KsMethodHandler would.  Returns its status.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsDispatchSpecificMethod(PIRP Irp, PFNKSHANDLER Handler);

OPENKS_END_C
