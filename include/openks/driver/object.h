/* SPDX-License-Identifier: MIT */
/* The AVStream object hierarchy (device, filter factory, filter, pin): navigation, control mutex, aggregation. */
#pragma once

/*
 * Every AVStream object is one of four types and sits in one tree:
 *
 *   KSDEVICE -> KSFILTERFACTORY -> KSFILTER -> KSPIN
 *
 * The functions here take any of them as a PVOID; the typed wrappers in
 * device.h, filter_factory.h, filter.h and pin.h (KsPinGetParentFilter,
 * KsFilterGetDevice...) call them.  Each object has a control mutex that
 * serialises its property, method and state handling:
 *
 *   KsFilterAcquireControl(filter);
 *   for (PKSPIN p = KsFilterGetFirstChildPin(filter, 0); p; p = KsPinGetNextSiblingPin(p)) ...
 *   KsFilterReleaseControl(filter);
 *
 * Navigating the tree requires holding the device mutex (KsAcquireDevice)
 * or the control mutex of the parent.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* The type of an AVStream object. */
typedef enum { KsObjectTypeDevice, KsObjectTypeFilterFactory, KsObjectTypeFilter, KsObjectTypePin } KSOBJECTTYPE;

/* The type of the object an IRP targets (by its file object).  The IRP must target an AVStream object.  Any thread. */
KSOBJECTTYPE NTAPI KsGetObjectTypeFromIrp(PIRP Irp);

/* The AVStream object (filter or pin) behind a file object, or NULL if it has none.  Any thread. */
PVOID NTAPI KsGetObjectFromFileObject(PFILE_OBJECT FileObject);

/* The type of the AVStream object behind a file object.  Any thread. */
KSOBJECTTYPE NTAPI KsGetObjectTypeFromFileObject(PFILE_OBJECT FileObject);

/* The parent of an object (NULL for a device).  Caller holds the device mutex or the parent's control mutex. */
PVOID NTAPI KsGetParent(PVOID Object);

/* The first child of an object, or NULL.  For a filter use KsFilterGetFirstChildPin.  Same locking as KsGetParent. */
PVOID NTAPI KsGetFirstChild(PVOID Object);

/* The next object with the same parent (and, for pins, the same pin id), or NULL.  Same locking as KsGetParent. */
PVOID NTAPI KsGetNextSibling(PVOID Object);

/* The device an object belongs to.  Any thread. */
PKSDEVICE NTAPI KsGetDevice(PVOID Object);

/*
 * The topology node id a property, method or event IRP addresses
 * (KSPROPERTY_TYPE_TOPOLOGY requests carry a KSP_NODE), or KSFILTER_NODE
 * when it addresses the object itself.  Only valid inside an automation
 * handler.  PASSIVE_LEVEL.
 */
ULONG NTAPI KsGetNodeIdFromIrp(PIRP Irp);

/*
 * Takes the object's control mutex (held by AVStream while it calls the
 * object's property/method handlers and dispatch callbacks other than
 * Process).  Not recursive: a handler already holds it.  PASSIVE_LEVEL.
 */
void NTAPI KsAcquireControl(PVOID Object);

/* Releases the control mutex taken with KsAcquireControl.  PASSIVE_LEVEL. */
void NTAPI KsReleaseControl(PVOID Object);

/*
 * Makes ClientUnknown the outer unknown of the object's COM identity, so
 * interfaces the driver implements are reachable through the object.
 * Returns the object's inner unknown (owned by the object).  PASSIVE_LEVEL.
 */
PUNKNOWN NTAPI KsRegisterAggregatedClientUnknown(PVOID Object, PUNKNOWN ClientUnknown);

/* The object's outer unknown (the registered client unknown, or the object's own).  Not referenced.  Any thread. */
PUNKNOWN NTAPI KsGetOuterUnknown(PVOID Object);

OPENKS_END_C
