/* SPDX-License-Identifier: MIT */
/* Object bags: allocations an AVStream object owns and frees when it is destroyed. */
#pragma once

/*
 * Every AVStream object (KSDEVICE, KSFILTERFACTORY, KSFILTER, KSPIN) has a
 * Bag.  Memory added to it is freed with the object, so a driver that
 * edits its own descriptor copy never leaks it:
 *
 *   // Make the filter's descriptor writable (copy-on-first-edit, kept in Filter->Bag).
 *   NTSTATUS status = KsEdit(filter, &filter->Descriptor, 'xxxx');
 *   ...
 *   void *ctx = ExAllocatePoolWithTag(NonPagedPool, 64, 'xxxx');
 *   KsAddItemToObjectBag(pin->Bag, ctx, NULL);   // freed with the pin
 *   KsDiscard(pin, ctx);                          // or freed now
 *
 * An item may sit in several bags; it is freed when it leaves the last one.
 * Bag operations take the device mutex: PASSIVE_LEVEL only.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* Frees one bag item (NULL in KsAddItemToObjectBag means ExFreePool). */
typedef void (*PFNKSFREE)(PVOID Data);

/*
 * Adds Item to ObjectBag; Free (or ExFreePool when NULL) frees it when it
 * leaves its last bag.  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAddItemToObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, PFNKSFREE Free);

/*
 * Removes Item from ObjectBag; with Free TRUE it is freed if no other bag
 * holds it.  Returns the number of bags still holding it (0 if it was not
 * in ObjectBag).  PASSIVE_LEVEL.
 */
ULONG NTAPI KsRemoveItemFromObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, BOOLEAN Free);

/* Creates an empty bag tied to Device.  Returns STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsAllocateObjectBag(PKSDEVICE Device, KSOBJECT_BAG *ObjectBag);

/* Frees a bag from KsAllocateObjectBag and every item no other bag holds.  PASSIVE_LEVEL. */
void NTAPI KsFreeObjectBag(KSOBJECT_BAG ObjectBag);

/*
 * Adds every item of ObjectBagSource to ObjectBagDestination (the items are
 * then shared).  Returns STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCopyObjectBagItems(KSOBJECT_BAG ObjectBagDestination, KSOBJECT_BAG ObjectBagSource);

/*
 * The engine of KsEdit: makes *PointerToPointerToItem point at a copy of
 * NewSize bytes that ObjectBag owns (the first OldSize bytes copied, the
 * rest zeroed), unless it already points at such an item of at least
 * NewSize bytes.  The old item is removed from the bag (and freed if the bag
 * owned it).  Returns STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES (the
 * pointer is unchanged).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI _KsEdit(KSOBJECT_BAG ObjectBag, PVOID *PointerToPointerToItem, ULONG NewSize, ULONG OldSize, ULONG Tag);

/* Makes *PointerToPointer a bag-owned, writable copy of the object it points at (same size). */
#define KsEdit(Object, PointerToPointer, Tag)                                                \
    _KsEdit((Object)->Bag, (PVOID *)(PointerToPointer), (ULONG)sizeof(**(PointerToPointer)), \
            (ULONG)sizeof(**(PointerToPointer)), (ULONG)(Tag))

/* KsEdit that also resizes: NewSize bytes, the first OldSize copied. */
#define KsEditSized(Object, PointerToPointer, NewSize, OldSize, Tag) \
    _KsEdit((Object)->Bag, (PVOID *)(PointerToPointer), (ULONG)(NewSize), (ULONG)(OldSize), (ULONG)(Tag))

/* Removes Pointer from Object's bag and frees it (if no other bag holds it). */
#define KsDiscard(Object, Pointer) KsRemoveItemFromObjectBag((Object)->Bag, (PVOID)(Pointer), TRUE)

OPENKS_END_C
