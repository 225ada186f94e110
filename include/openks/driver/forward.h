/* SPDX-License-Identifier: MIT */
/* Forward declarations of the AVStream DDI types, so that every driver header can name the others. */
#pragma once

/*
 * The AVStream objects point at one another (a pin dispatch table names a
 * clock dispatch table, a filter callback receives process pins, every
 * object carries a bag), so their names are declared here once and defined
 * in the header of their concept:
 *
 *   device.h          KSDEVICE, KSDEVICE_DESCRIPTOR, KSDEVICE_DISPATCH
 *   filter_factory.h  KSFILTERFACTORY
 *   filter.h          KSFILTER, KSFILTER_DESCRIPTOR, KSFILTER_DISPATCH
 *   pin.h             KSPIN, KSPIN_DESCRIPTOR_EX, KSPIN_DISPATCH
 *   ...
 *
 * The opaque handles are typedefs of PVOID, exactly as in ks.h:
 *
 *   KSOBJECT_BAG bag = device->Bag;      // a PVOID the framework owns
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

OPENKS_BEGIN_C

/* AVStream objects and descriptors. */
typedef struct _KSDEVICE_DESCRIPTOR KSDEVICE_DESCRIPTOR, *PKSDEVICE_DESCRIPTOR;
typedef struct _KSDEVICE_DISPATCH KSDEVICE_DISPATCH, *PKSDEVICE_DISPATCH;
typedef struct _KSDEVICE KSDEVICE, *PKSDEVICE;
typedef struct _KSFILTERFACTORY KSFILTERFACTORY, *PKSFILTERFACTORY;
typedef struct _KSFILTER_DESCRIPTOR KSFILTER_DESCRIPTOR, *PKSFILTER_DESCRIPTOR;
typedef struct _KSFILTER_DISPATCH KSFILTER_DISPATCH, *PKSFILTER_DISPATCH;
typedef struct _KSFILTER KSFILTER, *PKSFILTER;
typedef struct _KSPIN_DESCRIPTOR_EX KSPIN_DESCRIPTOR_EX, *PKSPIN_DESCRIPTOR_EX;
typedef struct _KSPIN_DISPATCH KSPIN_DISPATCH, *PKSPIN_DISPATCH;
typedef struct _KSCLOCK_DISPATCH KSCLOCK_DISPATCH, *PKSCLOCK_DISPATCH;
typedef struct _KSALLOCATOR_DISPATCH KSALLOCATOR_DISPATCH, *PKSALLOCATOR_DISPATCH;
typedef struct _KSPIN KSPIN, *PKSPIN;
typedef struct _KSNODE_DESCRIPTOR KSNODE_DESCRIPTOR, *PKSNODE_DESCRIPTOR;
typedef struct _KSSTREAM_POINTER_OFFSET KSSTREAM_POINTER_OFFSET, *PKSSTREAM_POINTER_OFFSET;
typedef struct _KSSTREAM_POINTER KSSTREAM_POINTER, *PKSSTREAM_POINTER;
typedef struct _KSMAPPING KSMAPPING, *PKSMAPPING;
typedef struct _KSPROCESSPIN KSPROCESSPIN, *PKSPROCESSPIN;
typedef struct _KSPROCESSPIN_INDEXENTRY KSPROCESSPIN_INDEXENTRY, *PKSPROCESSPIN_INDEXENTRY;
typedef struct _KSGATE KSGATE, *PKSGATE;
typedef struct _KSATTRIBUTE_LIST KSATTRIBUTE_LIST, *PKSATTRIBUTE_LIST;

/* Automation: property, method and event sets and their items. */
typedef struct _KSAUTOMATION_TABLE KSAUTOMATION_TABLE, *PKSAUTOMATION_TABLE;
typedef struct _KSPROPERTY_MEMBERSLIST KSPROPERTY_MEMBERSLIST, *PKSPROPERTY_MEMBERSLIST;
typedef struct _KSPROPERTY_VALUES KSPROPERTY_VALUES, *PKSPROPERTY_VALUES;
typedef struct _KSPROPERTY_ITEM KSPROPERTY_ITEM, *PKSPROPERTY_ITEM;
typedef struct _KSFASTPROPERTY_ITEM KSFASTPROPERTY_ITEM, *PKSFASTPROPERTY_ITEM;
typedef struct _KSPROPERTY_SET KSPROPERTY_SET, *PKSPROPERTY_SET;
typedef struct _KSMETHOD_ITEM KSMETHOD_ITEM, *PKSMETHOD_ITEM;
typedef struct _KSFASTMETHOD_ITEM KSFASTMETHOD_ITEM, *PKSFASTMETHOD_ITEM;
typedef struct _KSMETHOD_SET KSMETHOD_SET, *PKSMETHOD_SET;
typedef struct _KSEVENT_ITEM KSEVENT_ITEM, *PKSEVENT_ITEM;
typedef struct _KSEVENT_SET KSEVENT_SET, *PKSEVENT_SET;
typedef struct _KSEVENT_ENTRY KSEVENT_ENTRY, *PKSEVENT_ENTRY;
/* Only pointed to: KS keeps DPC and buffered-event bookkeeping private. */
typedef struct _KSDPC_ITEM KSDPC_ITEM, *PKSDPC_ITEM;
typedef struct _KSBUFFER_ITEM KSBUFFER_ITEM, *PKSBUFFER_ITEM;

/* The KS 1.0 object model: create items, dispatch tables. */
typedef struct _KSOBJECT_CREATE_ITEM KSOBJECT_CREATE_ITEM, *PKSOBJECT_CREATE_ITEM;
typedef struct _KSOBJECT_CREATE KSOBJECT_CREATE, *PKSOBJECT_CREATE;
typedef struct _KSDISPATCH_TABLE KSDISPATCH_TABLE, *PKSDISPATCH_TABLE;

/* Function tables exchanged through kernel-only properties. */
typedef struct _KSCLOCK_FUNCTIONTABLE KSCLOCK_FUNCTIONTABLE, *PKSCLOCK_FUNCTIONTABLE;
typedef struct _KSSTREAMALLOCATOR_FUNCTIONTABLE KSSTREAMALLOCATOR_FUNCTIONTABLE, *PKSSTREAMALLOCATOR_FUNCTIONTABLE;

/* COM interfaces a minidriver may be handed (defined in com.h). */
typedef struct IKsControl IKsControl, *PIKSCONTROL;
typedef struct IKsReferenceClock IKsReferenceClock, *PIKSREFERENCECLOCK;
typedef struct IKsDeviceFunctions IKsDeviceFunctions, *PIKSDEVICEFUNCTIONS;

/*
 * Opaque handles.  Each is a PVOID owned by the framework; a driver only
 * passes it back.
 */
typedef PVOID KSOBJECT_BAG;    /* an object's bag of owned allocations (object.h) */
typedef PVOID KSDEVICE_HEADER; /* KS 1.0 device header (object_header.h) */
typedef PVOID KSOBJECT_HEADER; /* KS 1.0 file-object header (object_header.h) */
typedef PVOID PKSDEFAULTCLOCK; /* a default clock (clock.h) */
typedef PVOID PKSWORKER;       /* a KS worker (worker.h) */

OPENKS_END_C
