/* SPDX-License-Identifier: MIT */
/* KSFILTERFACTORY: the AVStream object that publishes one filter type and creates its filter instances. */
#pragma once

/*
 * AVStream creates one filter factory for each filter descriptor of the
 * device descriptor; a driver may add more at run time.  The factory
 * registers a device interface for each category of its descriptor and
 * creates a KSFILTER each time a client opens that interface:
 *
 *   PKSFILTERFACTORY factory;
 *   NTSTATUS status = KsCreateFilterFactory(device->FunctionalDeviceObject, &MyFilterDescriptor,
 *                                           L"MyFilter", NULL, 0, NULL, NULL, &factory);
 *   ...
 *   KsDeleteFilterFactory(factory);
 *
 * Creating or deleting a factory requires the device mutex
 * (KsAcquireDevice), PASSIVE_LEVEL.  Valid C11 and C++20.
 */

#include <openks/driver/device.h>
#include <openks/driver/object.h>
#include <openks/driver/object_header.h>

OPENKS_BEGIN_C

/* A filter factory.  AVStream owns it; the driver may use Context and Bag. */
struct _KSFILTERFACTORY {
    const KSFILTER_DESCRIPTOR *FilterDescriptor;
    KSOBJECT_BAG Bag;
    PVOID Context; /* the driver's */
};

/* A callback about a filter factory; returns its status. */
typedef NTSTATUS (*PFNKSFILTERFACTORYVOID)(PKSFILTERFACTORY FilterFactory);
/* The device the factory belongs to enters device power State (sleep and wake callbacks). */
typedef void (*PFNKSFILTERFACTORYPOWER)(PKSFILTERFACTORY FilterFactory, DEVICE_POWER_STATE State);

/*
 * Creates a filter factory on DeviceObject (an AVStream FDO) for Descriptor,
 * which must outlive the factory.  RefString (NULL: the descriptor's
 * ReferenceGuid as a string, or a default) names the create item clients
 * open; SecurityDescriptor and CreateItemFlags (KSCREATE_ITEM_*) apply to
 * it.  SleepCallback/WakeCallback may be NULL.  The device interfaces are
 * registered and enabled.  *FilterFactory receives the factory when not
 * NULL.  Returns STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES,
 * STATUS_OBJECT_NAME_COLLISION (RefString in use) or
 * STATUS_INVALID_PARAMETER (bad descriptor).  Device mutex held; PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCreateFilterFactory(PDEVICE_OBJECT DeviceObject, const KSFILTER_DESCRIPTOR *Descriptor,
                                     PWSTR RefString, PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG CreateItemFlags,
                                     PFNKSFILTERFACTORYPOWER SleepCallback, PFNKSFILTERFACTORYPOWER WakeCallback,
                                     PKSFILTERFACTORY *FilterFactory);

/*
 * Refreshes the cached pin and medium data (the FilterData registry value)
 * of the factory's interfaces from FilterDescriptor (NULL: the factory's
 * own).  Returns STATUS_SUCCESS or a registry failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsFilterFactoryUpdateCacheData(PKSFILTERFACTORY FilterFactory,
                                              const KSFILTER_DESCRIPTOR *FilterDescriptor);

/*
 * Adds another create item (reference string) under which clients can open
 * the factory's filter.  Returns STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES
 * or STATUS_OBJECT_NAME_COLLISION.  Device mutex held; PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsFilterFactoryAddCreateItem(PKSFILTERFACTORY FilterFactory, PWSTR RefString,
                                            PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG CreateItemFlags);

/*
 * Enables (NewState TRUE) or disables every device interface of the
 * factory, so clients can or cannot find and open it.  Returns
 * STATUS_SUCCESS or the first IoSetDeviceInterfaceState failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsFilterFactorySetDeviceClassesState(PKSFILTERFACTORY FilterFactory, BOOLEAN NewState);

/* The symbolic link of the factory's first device interface (owned by the factory), or NULL.  Any thread. */
PUNICODE_STRING NTAPI KsFilterFactoryGetSymbolicLink(PKSFILTERFACTORY FilterFactory);

/* The device that owns the factory. */
static inline PKSDEVICE KsFilterFactoryGetParentDevice(PKSFILTERFACTORY FilterFactory)
{
    return (PKSDEVICE)KsGetParent((PVOID)FilterFactory);
}

/* The factory's first filter instance, or NULL.  Caller holds the device mutex. */
static inline PKSFILTER KsFilterFactoryGetFirstChildFilter(PKSFILTERFACTORY FilterFactory)
{
    return (PKSFILTER)KsGetFirstChild((PVOID)FilterFactory);
}

/* The device's next filter factory, or NULL.  Caller holds the device mutex. */
static inline PKSFILTERFACTORY KsFilterFactoryGetNextSiblingFilterFactory(PKSFILTERFACTORY FilterFactory)
{
    return (PKSFILTERFACTORY)KsGetNextSibling((PVOID)FilterFactory);
}

/* The device the factory belongs to. */
static inline PKSDEVICE KsFilterFactoryGetDevice(PKSFILTERFACTORY FilterFactory)
{
    return KsGetDevice((PVOID)FilterFactory);
}

/* KsRegisterAggregatedClientUnknown for a filter factory. */
static inline PUNKNOWN KsFilterFactoryRegisterAggregatedClientUnknown(PKSFILTERFACTORY FilterFactory,
                                                                      PUNKNOWN ClientUnknown)
{
    return KsRegisterAggregatedClientUnknown((PVOID)FilterFactory, ClientUnknown);
}

/* KsGetOuterUnknown for a filter factory. */
static inline PUNKNOWN KsFilterFactoryGetOuterUnknown(PKSFILTERFACTORY FilterFactory)
{
    return KsGetOuterUnknown((PVOID)FilterFactory);
}

/*
 * Deletes a filter factory by freeing its create items (the context of each
 * is the factory).  Relies on the AVStream contract that the functional
 * device object's extension starts with the device's KSDEVICE_HEADER.
 * Returns KsFreeObjectCreateItemsByContext's status.  Device mutex held;
 * PASSIVE_LEVEL.
 */
#define KsDeleteFilterFactory(FilterFactory)                                                                          \
    KsFreeObjectCreateItemsByContext(                                                                                 \
        *(KSDEVICE_HEADER *)(KsFilterFactoryGetParentDevice(FilterFactory)->FunctionalDeviceObject->DeviceExtension), \
        (PVOID)(FilterFactory))

OPENKS_END_C
