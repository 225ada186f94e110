/* SPDX-License-Identifier: MIT */
/* The KS 1.0 object model: create items, device and object headers, and per-object dispatch tables. */
#pragma once

/*
 * Before AVStream, a KS driver routed creates itself: its device header
 * lists create items (an object class string such as KSSTRING_Filter and
 * the create routine for it); each object it creates gets an object header
 * with a dispatch table and its own create items for children (pins,
 * clocks, allocators).  AVStream builds on the same machinery:
 *
 *   static const WCHAR FilterName[] = u"MyFilter";
 *   DEFINE_KSCREATE_DISPATCH_TABLE(CreateItems) {
 *       DEFINE_KSCREATE_ITEM(FilterCreate, FilterName, NULL),
 *   };
 *   status = KsAllocateDeviceHeader(&header, SIZEOF_ARRAY(CreateItems), CreateItems);
 *   // the functional device's extension starts with `header`
 *
 * The functional device object's DeviceExtension must begin with its
 * KSDEVICE_HEADER: KS finds the header there (and KsDeleteFilterFactory
 * relies on it).  Valid C11 and C++20.
 */

#include <openks/driver/handler.h>

OPENKS_BEGIN_C

/* One create item: the object class a create names, and who serves it. */
struct _KSOBJECT_CREATE_ITEM {
    PDRIVER_DISPATCH Create;
    PVOID Context;              /* the create routine's (stored in the created object's header) */
    UNICODE_STRING ObjectClass; /* e.g. KSSTRING_Pin; empty with KSCREATE_ITEM_WILDCARD */
    PSECURITY_DESCRIPTOR SecurityDescriptor;
    ULONG Flags; /* KSCREATE_ITEM_* */
};

/* Frees a create item that KsAllocateObjectCreateItem copied, when it is removed. */
typedef void (*PFNKSITEMFREECALLBACK)(PKSOBJECT_CREATE_ITEM CreateItem);

/* KSOBJECT_CREATE_ITEM.Flags */
#define KSCREATE_ITEM_SECURITYCHANGED 0x00000001
#define KSCREATE_ITEM_WILDCARD 0x00000002
#define KSCREATE_ITEM_NOPARAMETERS 0x00000004
#define KSCREATE_ITEM_FREEONSTOP 0x00000008

/* `DEFINE_KSCREATE_DISPATCH_TABLE(name) { items... };` declares a create item array. */
#define DEFINE_KSCREATE_DISPATCH_TABLE(tablename) KSOBJECT_CREATE_ITEM tablename[] =

/* One create item for the object class TypeName (a WCHAR array or wide literal). */
#define DEFINE_KSCREATE_ITEM(DispatchCreate, TypeName, Context) \
    DEFINE_KSCREATE_ITEMEX(DispatchCreate, TypeName, Context, 0)

/* One create item with KSCREATE_ITEM_* Flags. */
#define DEFINE_KSCREATE_ITEMEX(DispatchCreate, TypeName, Context, Flags)                                             \
    {                                                                                                                \
        (DispatchCreate), (PVOID)(Context),                                                                          \
            {(USHORT)(sizeof(TypeName) - sizeof(UNICODE_NULL)), (USHORT)sizeof(TypeName), (PWCHAR)(TypeName)}, NULL, \
            (ULONG)(Flags)                                                                                           \
    }

/* A create item with no object class (matches a create that names none). */
#define DEFINE_KSCREATE_ITEMNULL(DispatchCreate, Context)         \
    {                                                             \
        (DispatchCreate), (PVOID)(Context), {0, 0, NULL}, NULL, 0 \
    }

/* While a create routine runs, the IRP's driver context holds the create item that matched. */
#define KSCREATE_ITEM_IRP_STORAGE(Irp) (*(PKSOBJECT_CREATE_ITEM *)&(Irp)->Tail.Overlay.DriverContext[0])

/* A list of create items. */
struct _KSOBJECT_CREATE {
    ULONG CreateItemsCount;
    PKSOBJECT_CREATE_ITEM CreateItemsList;
};

/* How KsDispatchIrp routes the requests of one object; unsupported entries are KsDispatchInvalidDeviceRequest
   (and KsDispatchFastIoDeviceControlFailure / KsDispatchFastReadFailure / KsDispatchFastWriteFailure). */
struct _KSDISPATCH_TABLE {
    PDRIVER_DISPATCH DeviceIoControl;
    PDRIVER_DISPATCH Read;
    PDRIVER_DISPATCH Write;
    PDRIVER_DISPATCH Flush;
    PDRIVER_DISPATCH Close;
    PDRIVER_DISPATCH QuerySecurity;
    PDRIVER_DISPATCH SetSecurity;
    PFAST_IO_DEVICE_CONTROL FastDeviceIoControl;
    PFAST_IO_READ FastRead;
    PFAST_IO_WRITE FastWrite;
};

/* Declares and initializes a constant KSDISPATCH_TABLE. */
#define DEFINE_KSDISPATCH_TABLE(tablename, DeviceIoControl, Read, Write, Flush, Close, QuerySecurity, SetSecurity, \
                                FastDeviceIoControl, FastRead, FastWrite)                                          \
    const KSDISPATCH_TABLE tablename = {(DeviceIoControl), (Read),          (Write),       (Flush),                \
                                        (Close),           (QuerySecurity), (SetSecurity), (FastDeviceIoControl),  \
                                        (FastRead),        (FastWrite)}

/* Set in KsSetMajorFunctionHandler's MajorFunction to also install the fast I/O entry points. */
#define KSDISPATCH_FASTIO 0x80000000

/* Whether an object header forwards to its target device (KsSetTargetState). */
typedef enum { KSTARGET_STATE_DISABLED, KSTARGET_STATE_ENABLED } KSTARGET_STATE;

/* Takes a reference on the bus (parent) device of a device header's PnP object.  Returns its status.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsReferenceBusObject(KSDEVICE_HEADER Header);

/* Drops the reference KsReferenceBusObject took.  PASSIVE_LEVEL. */
void NTAPI KsDereferenceBusObject(KSDEVICE_HEADER Header);

/* Takes the device header's security lock (shared, or Exclusive).  PASSIVE_LEVEL. */
void NTAPI KsAcquireDeviceSecurityLock(KSDEVICE_HEADER Header, BOOLEAN Exclusive);

/* Releases the security lock.  PASSIVE_LEVEL. */
void NTAPI KsReleaseDeviceSecurityLock(KSDEVICE_HEADER Header);

/* Records the PnP device object (next lower in the stack) and base (functional) object of a device header. */
void NTAPI KsSetDevicePnpAndBaseObject(KSDEVICE_HEADER Header, PDEVICE_OBJECT PnpDeviceObject,
                                       PDEVICE_OBJECT BaseObject);

/* The PnP device object recorded in a device header.  Any thread. */
PDEVICE_OBJECT NTAPI KsQueryDevicePnpObject(KSDEVICE_HEADER Header);

/* The access granted to the file object an object header belongs to.  Any thread. */
ACCESS_MASK NTAPI KsQueryObjectAccessMask(KSOBJECT_HEADER Header);

/*
 * Recomputes the device's StackSize from the target devices of its objects
 * (plus one unless ReuseStackLocation).  PASSIVE_LEVEL.
 */
void NTAPI KsRecalculateStackDepth(KSDEVICE_HEADER Header, BOOLEAN ReuseStackLocation);

/* Enables or disables forwarding to the object's target device.  Any thread. */
void NTAPI KsSetTargetState(KSOBJECT_HEADER Header, KSTARGET_STATE TargetState);

/* Sets the device the object's requests are forwarded to (NULL: none).  PASSIVE_LEVEL. */
void NTAPI KsSetTargetDeviceObject(KSOBJECT_HEADER Header, PDEVICE_OBJECT TargetDevice);

/* Registers the routine (and its context) called for power IRPs on the object.  PASSIVE_LEVEL. */
void NTAPI KsSetPowerDispatch(KSOBJECT_HEADER Header, PFNKSCONTEXT_DISPATCH PowerDispatch, PVOID PowerContext);

/* The create item the object was created through.  Any thread. */
PKSOBJECT_CREATE_ITEM NTAPI KsQueryObjectCreateItem(KSOBJECT_HEADER Header);

/*
 * Allocates a device header with ItemsCount create items copied from
 * ItemsList (may be NULL: slots to add later).  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAllocateDeviceHeader(KSDEVICE_HEADER *Header, ULONG ItemsCount, PKSOBJECT_CREATE_ITEM ItemsList);

/* Frees a device header and the create items it copied.  PASSIVE_LEVEL. */
void NTAPI KsFreeDeviceHeader(KSDEVICE_HEADER Header);

/*
 * Allocates the object header of the object a create IRP is creating, with
 * its child create items and dispatch Table, and stores it as the file
 * object's FsContext.  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAllocateObjectHeader(KSOBJECT_HEADER *Header, ULONG ItemsCount, PKSOBJECT_CREATE_ITEM ItemsList,
                                      PIRP Irp, const KSDISPATCH_TABLE *Table);

/* Frees an object header (on close).  PASSIVE_LEVEL. */
void NTAPI KsFreeObjectHeader(KSOBJECT_HEADER Header);

/*
 * Fills a free create item slot of a device header.  Returns
 * STATUS_SUCCESS or STATUS_ALLOTTED_SPACE_EXCEEDED (no free slot).
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAddObjectCreateItemToDeviceHeader(KSDEVICE_HEADER Header, PDRIVER_DISPATCH Create, PVOID Context,
                                                   PWSTR ObjectClass, PSECURITY_DESCRIPTOR SecurityDescriptor);

/* Fills a free create item slot of an object header.  Same statuses.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsAddObjectCreateItemToObjectHeader(KSOBJECT_HEADER Header, PDRIVER_DISPATCH Create, PVOID Context,
                                                   PWSTR ObjectClass, PSECURITY_DESCRIPTOR SecurityDescriptor);

/*
 * Adds CreateItem to a device header: copied when AllocateEntry is TRUE
 * (ItemFreeCallback, may be NULL, runs when it is removed), else the
 * caller's storage is used.  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAllocateObjectCreateItem(KSDEVICE_HEADER Header, PKSOBJECT_CREATE_ITEM CreateItem,
                                          BOOLEAN AllocateEntry, PFNKSITEMFREECALLBACK ItemFreeCallback);

/* Removes the create item whose object class is CreateItem.  Returns STATUS_SUCCESS or STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS NTAPI KsFreeObjectCreateItem(KSDEVICE_HEADER Header, PUNICODE_STRING CreateItem);

/* Removes every create item whose Context is Context.  Returns STATUS_SUCCESS or STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS NTAPI KsFreeObjectCreateItemsByContext(KSDEVICE_HEADER Header, PVOID Context);

/*
 * Builds the default security descriptor for a KS object from
 * ParentSecurity (may be NULL); *DefaultSecurity is freed with ExFreePool.
 * Returns STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCreateDefaultSecurity(PSECURITY_DESCRIPTOR ParentSecurity, PSECURITY_DESCRIPTOR *DefaultSecurity);

OPENKS_END_C
