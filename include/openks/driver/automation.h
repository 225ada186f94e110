/* SPDX-License-Identifier: MIT */
/* Automation tables: the property, method and event sets an AVStream object (filter, pin, node) serves. */
#pragma once

/*
 * Each filter, pin and topology node descriptor may point at one automation
 * table.  AVStream merges it with the framework's own sets (a driver item
 * with the same set and id replaces the framework's) and serves every
 * property, method and event request of that object from the result:
 *
 *   DEFINE_KSAUTOMATION_TABLE(PinAutomation) {
 *       DEFINE_KSAUTOMATION_PROPERTIES(PinPropertySets),
 *       DEFINE_KSAUTOMATION_METHODS_NULL,
 *       DEFINE_KSAUTOMATION_EVENTS(PinEventSets)
 *   };
 *
 * The item sizes let a driver extend items with fields of its own; a table
 * built with these macros uses the plain item sizes.  Valid C11 and C++20.
 */

#include <openks/driver/event.h>
#include <openks/driver/method.h>
#include <openks/driver/property.h>

OPENKS_BEGIN_C

/* The sets an object serves.  x64 has no trailing Alignment member. */
struct _KSAUTOMATION_TABLE {
    ULONG PropertySetsCount;
    ULONG PropertyItemSize; /* >= sizeof(KSPROPERTY_ITEM) */
    const KSPROPERTY_SET *PropertySets;
    ULONG MethodSetsCount;
    ULONG MethodItemSize; /* >= sizeof(KSMETHOD_ITEM) */
    const KSMETHOD_SET *MethodSets;
    ULONG EventSetsCount;
    ULONG EventItemSize; /* >= sizeof(KSEVENT_ITEM) */
    const KSEVENT_SET *EventSets;
};

/* `DEFINE_KSAUTOMATION_TABLE(name) { properties, methods, events };` declares a constant table. */
#define DEFINE_KSAUTOMATION_TABLE(table) const KSAUTOMATION_TABLE table =

/* The three members of each group: count, item size, set array. */
#define DEFINE_KSAUTOMATION_PROPERTIES(table) (ULONG) SIZEOF_ARRAY(table), (ULONG)sizeof(KSPROPERTY_ITEM), (table)
#define DEFINE_KSAUTOMATION_METHODS(table) (ULONG) SIZEOF_ARRAY(table), (ULONG)sizeof(KSMETHOD_ITEM), (table)
#define DEFINE_KSAUTOMATION_EVENTS(table) (ULONG) SIZEOF_ARRAY(table), (ULONG)sizeof(KSEVENT_ITEM), (table)
#define DEFINE_KSAUTOMATION_PROPERTIES_NULL 0, (ULONG)sizeof(KSPROPERTY_ITEM), NULL
#define DEFINE_KSAUTOMATION_METHODS_NULL 0, (ULONG)sizeof(KSMETHOD_ITEM), NULL
#define DEFINE_KSAUTOMATION_EVENTS_NULL 0, (ULONG)sizeof(KSEVENT_ITEM), NULL

/*
 * Builds the union of tables A and B into *AutomationTableAB: for a set in
 * both, the items are merged and A's item wins for an id in both.  Either
 * input may be NULL.  The result (one allocation) is added to Bag when Bag
 * is not NULL, else the caller frees it with ExFreePool.  Returns
 * STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsMergeAutomationTables(PKSAUTOMATION_TABLE *AutomationTableAB, PKSAUTOMATION_TABLE AutomationTableA,
                                       PKSAUTOMATION_TABLE AutomationTableB, KSOBJECT_BAG Bag);

OPENKS_END_C
