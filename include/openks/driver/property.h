/* SPDX-License-Identifier: MIT */
/* Property sets: the declarative tables a driver serves KSPROPERTY requests from, and the KS property handlers. */
#pragma once

/*
 * A property set is a GUID plus a table of items; each item names a property
 * id, the minimum request and value sizes, and the Get/Set handlers (a NULL
 * handler means that direction is not supported).  KS routes each
 * IOCTL_KS_PROPERTY by set then id, checks the sizes, and answers
 * BASICSUPPORT and SETSUPPORT itself from the table:
 *
 *   DEFINE_KSPROPERTY_TABLE(MyItems) {
 *       DEFINE_KSPROPERTY_ITEM(MYPROP_GAIN, GetGain, sizeof(KSPROPERTY), sizeof(LONG),
 *                              SetGain, NULL, 0, NULL, NULL, 0),
 *   };
 *   DEFINE_KSPROPERTY_SET_TABLE(MySets) {
 *       DEFINE_KSPROPERTY_SET(&MYPROPSETID, SIZEOF_ARRAY(MyItems), MyItems, 0, NULL),
 *   };
 *
 * AVStream drivers put the set table in a KSAUTOMATION_TABLE (automation.h);
 * KS 1.0 drivers call KsPropertyHandler from their IRP_MJ_DEVICE_CONTROL.
 * Valid C11 and C++20.
 */

#include <openks/driver/handler.h>

OPENKS_BEGIN_C

/* One list of member values, ranges or steppings answered by BASICSUPPORT. */
struct _KSPROPERTY_MEMBERSLIST {
    KSPROPERTY_MEMBERSHEADER MembersHeader;
    const VOID *Members; /* MembersHeader.MembersCount entries of MembersHeader.MembersSize bytes */
};

/* The type and value description BASICSUPPORT returns for a property. */
struct _KSPROPERTY_VALUES {
    KSIDENTIFIER PropTypeSet; /* e.g. {KSPROPTYPESETID_General, VT_I4, 0} */
    ULONG MembersListCount;
    const KSPROPERTY_MEMBERSLIST *MembersList;
};

/* One property of a set. */
struct _KSPROPERTY_ITEM {
    ULONG PropertyId;
    union {
        PFNKSHANDLER GetPropertyHandler; /* NULL: GET not supported */
        BOOLEAN GetSupported;
    };
    ULONG MinProperty; /* minimum request (input) size, >= sizeof(KSPROPERTY) */
    ULONG MinData;     /* minimum value size; 0 for variable-length values */
    union {
        PFNKSHANDLER SetPropertyHandler; /* NULL: SET not supported */
        BOOLEAN SetSupported;
    };
    const KSPROPERTY_VALUES *Values; /* NULL: BASICSUPPORT reports access flags only */
    ULONG RelationsCount;
    const KSPROPERTY *Relations;
    PFNKSHANDLER SupportHandler; /* serves BASICSUPPORT/DEFAULTVALUES itself when not NULL */
    ULONG SerializedSize;        /* 0: not serialized; 1: size unknown, query it */
};

/* A fast-I/O property handler pair. */
struct _KSFASTPROPERTY_ITEM {
    ULONG PropertyId;
    union {
        PFNKSFASTHANDLER GetPropertyHandler;
        BOOLEAN GetSupported;
    };
    union {
        PFNKSFASTHANDLER SetPropertyHandler;
        BOOLEAN SetSupported;
    };
    ULONG Reserved;
};

/* A property set: its GUID and items. */
struct _KSPROPERTY_SET {
    const GUID *Set;
    ULONG PropertiesCount;
    const KSPROPERTY_ITEM *PropertyItem;
    ULONG FastIoCount;
    const KSFASTPROPERTY_ITEM *FastIoTable;
};

/* `DEFINE_KSPROPERTY_TABLE(name) { items... };` declares a constant item array. */
#define DEFINE_KSPROPERTY_TABLE(tablename) const KSPROPERTY_ITEM tablename[] =

/*
 * One KSPROPERTY_ITEM initializer, arguments in member order.  Handlers may
 * have any pointer-compatible signature (they are cast to PFNKSHANDLER).
 */
#define DEFINE_KSPROPERTY_ITEM(PropertyId, GetHandler, MinProperty, MinData, SetHandler, Values, RelationsCount, \
                               Relations, SupportHandler, SerializedSize)                                        \
    {                                                                                                            \
        (ULONG)(PropertyId), {(PFNKSHANDLER)(GetHandler)}, (ULONG)(MinProperty), (ULONG)(MinData),               \
            {(PFNKSHANDLER)(SetHandler)}, (const KSPROPERTY_VALUES *)(Values), (ULONG)(RelationsCount),          \
            (const KSPROPERTY *)(Relations), (PFNKSHANDLER)(SupportHandler), (ULONG)(SerializedSize)             \
    }

/* One KSFASTPROPERTY_ITEM initializer. */
#define DEFINE_KSFASTPROPERTY_ITEM(PropertyId, GetHandler, SetHandler)                             \
    {                                                                                              \
        (ULONG)(PropertyId), {(PFNKSFASTHANDLER)(GetHandler)}, {(PFNKSFASTHANDLER)(SetHandler)}, 0 \
    }

/* One KSPROPERTY_SET initializer: Set is a `const GUID *` (e.g. &KSPROPSETID_Pin). */
#define DEFINE_KSPROPERTY_SET(Set, PropertiesCount, PropertyItem, FastIoCount, FastIoTable)  \
    {                                                                                        \
        (Set), (ULONG)(PropertiesCount), (PropertyItem), (ULONG)(FastIoCount), (FastIoTable) \
    }

/*
 * Shorthands for the standard-set item macros: an item served by a Get
 * handler, a Set handler, or both, with no values, relations or support
 * handler.
 */
#define OPENKS_KSPROPERTY_ITEM_GET(PropertyId, Handler, MinProperty, MinData) \
    DEFINE_KSPROPERTY_ITEM(PropertyId, (Handler), MinProperty, MinData, NULL, NULL, 0, NULL, NULL, 0)
#define OPENKS_KSPROPERTY_ITEM_SET(PropertyId, Handler, MinProperty, MinData) \
    DEFINE_KSPROPERTY_ITEM(PropertyId, NULL, MinProperty, MinData, (Handler), NULL, 0, NULL, NULL, 0)
#define OPENKS_KSPROPERTY_ITEM_GETSET(PropertyId, GetHandler, SetHandler, MinProperty, MinData) \
    DEFINE_KSPROPERTY_ITEM(PropertyId, (GetHandler), MinProperty, MinData, (SetHandler), NULL, 0, NULL, NULL, 0)

/* `DEFINE_KSPROPERTY_SET_TABLE(name) { sets... };` declares a constant set array. */
#define DEFINE_KSPROPERTY_SET_TABLE(tablename) const KSPROPERTY_SET tablename[] =

/*
 * While KsPropertyHandler runs an item's handler, the IRP's driver context
 * holds the set and item it matched, and the attribute list of the request
 * (for KSPROPERTY_TYPE_SET on a pin with attributes).
 */
#define KSPROPERTY_SET_IRP_STORAGE(Irp) (*(const KSPROPERTY_SET **)&(Irp)->Tail.Overlay.DriverContext[0])
#define KSPROPERTY_ITEM_IRP_STORAGE(Irp) (*(const KSPROPERTY_ITEM **)&(Irp)->Tail.Overlay.DriverContext[3])
#define KSPROPERTY_ATTRIBUTES_IRP_STORAGE(Irp) (*(PKSATTRIBUTE_LIST *)&(Irp)->Tail.Overlay.DriverContext[2])

/*
 * Serves an IOCTL_KS_PROPERTY IRP from PropertySetsCount sets: validates the
 * KSPROPERTY request and buffers, finds the set and item, and calls its
 * handler (or answers SETSUPPORT/BASICSUPPORT/RELATIONS/SERIALIZE* from the
 * table).  Sets Irp->IoStatus.Information; does not complete the IRP.
 * Returns the handler's status, STATUS_NOT_FOUND (unknown set or id),
 * STATUS_INVALID_BUFFER_SIZE (request shorter than KSPROPERTY),
 * STATUS_INVALID_PARAMETER (request shorter than MinProperty),
 * STATUS_BUFFER_TOO_SMALL (value shorter than MinData),
 * STATUS_BUFFER_OVERFLOW (size query) or STATUS_INVALID_DEVICE_REQUEST.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPropertyHandler(PIRP Irp, ULONG PropertySetsCount, const KSPROPERTY_SET *PropertySet);

/*
 * KsPropertyHandler with a driver allocator for the system buffer and items
 * of PropertyItemSize bytes (>= sizeof(KSPROPERTY_ITEM); drivers append
 * their own fields).  Same statuses.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPropertyHandlerWithAllocator(PIRP Irp, ULONG PropertySetsCount, const KSPROPERTY_SET *PropertySet,
                                              PFNKSALLOCATOR Allocator, ULONG PropertyItemSize);

/*
 * Serves a property through the sets' fast-I/O tables, without an IRP.
 * Returns TRUE if a fast handler served it (status in IoStatus), FALSE if
 * the caller must send an IRP.  Any thread.
 */
BOOLEAN NTAPI KsFastPropertyHandler(PFILE_OBJECT FileObject, PKSPROPERTY Property, ULONG PropertyLength, PVOID Data,
                                    ULONG DataLength, PIO_STATUS_BLOCK IoStatus, ULONG PropertySetsCount,
                                    const KSPROPERTY_SET *PropertySet);

/*
 * Calls Handler for the property request in Irp, with the request and data
 * pointers KsPropertyHandler would pass (used by drivers that forward a
 * request to a specific handler).  Returns the handler's status.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsDispatchSpecificProperty(PIRP Irp, PFNKSHANDLER Handler);

/*
 * Answers a list query in the KSMULTIPLE_ITEM size protocol: DataItemsCount
 * items of DataItemSize bytes.  OutLength 0: STATUS_BUFFER_OVERFLOW with
 * Information = required size; sizeof(ULONG): Size only; sizeof(KSMULTIPLE_ITEM):
 * Size and Count; >= required: the full list (STATUS_SUCCESS); otherwise
 * STATUS_BUFFER_TOO_SMALL.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsHandleSizedListQuery(PIRP Irp, ULONG DataItemsCount, ULONG DataItemSize, const void *DataItems);

/*
 * Replays serialized properties stored under the registry value ParentKey\
 * RegistryPath onto FileObject (one KSPROPERTY_TYPE_UNSERIALIZESET per set).
 * Returns STATUS_SUCCESS or the first failing set's status.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsUnserializeObjectPropertiesFromRegistry(PFILE_OBJECT FileObject, HANDLE ParentKey,
                                                         PUNICODE_STRING RegistryPath);

OPENKS_END_C
