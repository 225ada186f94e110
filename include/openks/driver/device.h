/* SPDX-License-Identifier: MIT */
/* KSDEVICE: the root AVStream object of a minidriver, its descriptor, PnP dispatch table and driver entry helpers. */
#pragma once

/*
 * A minidriver describes its device with a constant KSDEVICE_DESCRIPTOR
 * (the filters it exposes and optional PnP callbacks) and hands it to
 * KsInitializeDriver from DriverEntry; AVStream then creates a KSDEVICE for
 * each device instance and a filter factory for each filter descriptor:
 *
 *   static const KSDEVICE_DISPATCH DeviceDispatch = {MyAdd, MyStart};  // the rest NULL
 *   DEFINE_KSFILTER_DESCRIPTOR_TABLE(FilterDescriptors) { &MyFilterDescriptor };
 *   static const KSDEVICE_DESCRIPTOR DeviceDescriptor = {
 *       &DeviceDispatch, SIZEOF_ARRAY(FilterDescriptors), FilterDescriptors,
 *       KSDEVICE_DESCRIPTOR_VERSION};
 *
 *   NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry)
 *   {
 *       return KsInitializeDriver(driver, registry, &DeviceDescriptor);
 *   }
 *
 * Every dispatch callback is optional (NULL) and is called at PASSIVE_LEVEL
 * with the device mutex not held.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>
#include <openks/driver/object.h>

OPENKS_BEGIN_C

/* KSDEVICE_DISPATCH.Add: the device object exists; set up the driver's context.  Returns the add's status. */
typedef NTSTATUS (*PFNKSDEVICECREATE)(PKSDEVICE Device);
/* KSDEVICE_DISPATCH.Start: IRP_MN_START_DEVICE with its resources.  Returns the start's status (or STATUS_PENDING). */
typedef NTSTATUS (*PFNKSDEVICEPNPSTART)(PKSDEVICE Device, PIRP Irp, PCM_RESOURCE_LIST TranslatedResourceList,
                                        PCM_RESOURCE_LIST UntranslatedResourceList);
/* KSDEVICE_DISPATCH.PostStart: runs on a worker after a successful start.  Returns its status. */
typedef NTSTATUS (*PFNKSDEVICE)(PKSDEVICE Device);
/* QueryStop, QueryRemove, QueryInterface: a PnP IRP the driver may veto (any failure status). */
typedef NTSTATUS (*PFNKSDEVICEIRP)(PKSDEVICE Device, PIRP Irp);
/* CancelStop, Stop, CancelRemove, Remove, SurpriseRemoval: a PnP notification the driver cannot fail. */
typedef void (*PFNKSDEVICEIRPVOID)(PKSDEVICE Device, PIRP Irp);
/* KSDEVICE_DISPATCH.QueryCapabilities: adjust Capabilities.  Returns the query's status. */
typedef NTSTATUS (*PFNKSDEVICEQUERYCAPABILITIES)(PKSDEVICE Device, PIRP Irp, PDEVICE_CAPABILITIES Capabilities);
/* KSDEVICE_DISPATCH.QueryPower: may the device go from DeviceFrom to DeviceTo?  Failure vetoes. */
typedef NTSTATUS (*PFNKSDEVICEQUERYPOWER)(PKSDEVICE Device, PIRP Irp, DEVICE_POWER_STATE DeviceTo,
                                          DEVICE_POWER_STATE DeviceFrom, SYSTEM_POWER_STATE SystemTo,
                                          SYSTEM_POWER_STATE SystemFrom, POWER_ACTION Action);
/* KSDEVICE_DISPATCH.SetPower: the device power state changes from From to To. */
typedef void (*PFNKSDEVICESETPOWER)(PKSDEVICE Device, PIRP Irp, DEVICE_POWER_STATE To, DEVICE_POWER_STATE From);

/* The PnP and power callbacks of a device, in this order; each may be NULL. */
struct _KSDEVICE_DISPATCH {
    PFNKSDEVICECREATE Add;
    PFNKSDEVICEPNPSTART Start;
    PFNKSDEVICE PostStart;
    PFNKSDEVICEIRP QueryStop;
    PFNKSDEVICEIRPVOID CancelStop;
    PFNKSDEVICEIRPVOID Stop;
    PFNKSDEVICEIRP QueryRemove;
    PFNKSDEVICEIRPVOID CancelRemove;
    PFNKSDEVICEIRPVOID Remove;
    PFNKSDEVICEQUERYCAPABILITIES QueryCapabilities;
    PFNKSDEVICEIRPVOID SurpriseRemoval;
    PFNKSDEVICEQUERYPOWER QueryPower;
    PFNKSDEVICESETPOWER SetPower;
    PFNKSDEVICEIRP QueryInterface; /* only with Version >= KSDEVICE_DESCRIPTOR_VERSION */
};

/* KSDEVICE_DESCRIPTOR.Version: 0 (before version 0x100), or one of these. */
#define KSDEVICE_DESCRIPTOR_VERSION (0x100)   /* QueryInterface dispatch supported */
#define KSDEVICE_DESCRIPTOR_VERSION_2 (0x110) /* Flags member supported */
#define MIN_DEV_VER_FOR_QI (0x100)
#define MIN_DEV_VER_FOR_FLAGS (0x110)

/* KSDEVICE_DESCRIPTOR.Flags (read only when Version >= KSDEVICE_DESCRIPTOR_VERSION_2). */
#define KSDEVICE_FLAG_ENABLE_REMOTE_WAKEUP 0x00000001
#define KSDEVICE_FLAG_LOWPOWER_PASSTHROUGH 0x00000002
#define KSDEVICE_FLAG_ENABLE_QUERYINTERFACE 0x00000004

/*
 * What a device is made of.  On x64 Flags (newer WDKs) sits in what was tail
 * padding, so the size stays 32 and descriptors without it are unchanged.
 */
struct _KSDEVICE_DESCRIPTOR {
    const KSDEVICE_DISPATCH *Dispatch; /* may be NULL */
    ULONG FilterDescriptorsCount;
    const KSFILTER_DESCRIPTOR *const *FilterDescriptors;
    ULONG Version;
    ULONG Flags;
};

/* The AVStream device.  AVStream owns it; the driver may use Context and Bag. */
struct _KSDEVICE {
    const KSDEVICE_DESCRIPTOR *Descriptor;
    KSOBJECT_BAG Bag;
    PVOID Context; /* the driver's; AVStream never touches it */
    PDEVICE_OBJECT FunctionalDeviceObject;
    PDEVICE_OBJECT PhysicalDeviceObject;
    PDEVICE_OBJECT NextDeviceObject;
    BOOLEAN Started;
    SYSTEM_POWER_STATE SystemPowerState;
    DEVICE_POWER_STATE DevicePowerState;
};

/*
 * Wires a driver object to AVStream: fills its major functions, unload and
 * AddDevice, and keeps Descriptor (which must outlive the driver) for every
 * device AVStream creates.  Call from DriverEntry.  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsInitializeDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPathName,
                                  const KSDEVICE_DESCRIPTOR *Descriptor);

/*
 * The AddDevice routine KsInitializeDriver installs: creates the functional
 * device for PhysicalDeviceObject with the descriptor given to
 * KsInitializeDriver.  Returns KsCreateDevice's status.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject);

/*
 * Creates a functional device object for PhysicalDeviceObject with
 * ExtensionSize bytes of device extension for the driver (0 for the
 * default) and a KSDEVICE described by Descriptor (NULL: no filters, no
 * dispatch); *Device receives it when Device is not NULL.  Calls the Add
 * dispatch.  Returns STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES, or the
 * Add dispatch's failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCreateDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject,
                              const KSDEVICE_DESCRIPTOR *Descriptor, ULONG ExtensionSize, PKSDEVICE *Device);

/*
 * Makes an existing functional device object an AVStream device (for drivers
 * that create their own FDO).  Its device extension must start with a
 * KSDEVICE_HEADER slot.  Returns STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES
 * or the Add dispatch's failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsInitializeDevice(PDEVICE_OBJECT FunctionalDeviceObject, PDEVICE_OBJECT PhysicalDeviceObject,
                                  PDEVICE_OBJECT NextDeviceObject, const KSDEVICE_DESCRIPTOR *Descriptor);

/* Undoes KsInitializeDevice / KsCreateDevice for a device the driver removes itself.  PASSIVE_LEVEL. */
void NTAPI KsTerminateDevice(PDEVICE_OBJECT DeviceObject);

/* The KSDEVICE of an AVStream functional device object.  Any thread. */
PKSDEVICE NTAPI KsGetDeviceForDeviceObject(PDEVICE_OBJECT FunctionalDeviceObject);

/*
 * Takes the device mutex, which serialises creation and destruction of the
 * device's filter factories, filters and pins and guards the object tree.
 * Not recursive.  PASSIVE_LEVEL.
 */
void NTAPI KsAcquireDevice(PKSDEVICE Device);

/* Releases the device mutex.  PASSIVE_LEVEL. */
void NTAPI KsReleaseDevice(PKSDEVICE Device);

/*
 * Registers the DMA adapter AVStream uses to build scatter/gather mappings
 * for pins with KSPIN_FLAG_GENERATE_MAPPINGS: at most MaxMappingsByteCount
 * bytes per mapping, MappingTableStride bytes per mapping entry (>=
 * sizeof(KSMAPPING)).  PASSIVE_LEVEL.
 */
void NTAPI KsDeviceRegisterAdapterObject(PKSDEVICE Device, PADAPTER_OBJECT AdapterObject, ULONG MaxMappingsByteCount,
                                         ULONG MappingTableStride);

/* Reads Length bytes at Offset of the bus configuration space DataType into Buffer.  Returns the bytes read.
 * PASSIVE_LEVEL. */
ULONG NTAPI KsDeviceGetBusData(PKSDEVICE Device, ULONG DataType, PVOID Buffer, ULONG Offset, ULONG Length);

/* Writes Length bytes of Buffer at Offset of the bus configuration space DataType.  Returns the bytes written.
 * PASSIVE_LEVEL. */
ULONG NTAPI KsDeviceSetBusData(PKSDEVICE Device, ULONG DataType, PVOID Buffer, ULONG Offset, ULONG Length);

/* The device's first filter factory, or NULL.  Caller holds the device mutex. */
static inline PKSFILTERFACTORY KsDeviceGetFirstChildFilterFactory(PKSDEVICE Device)
{
    return (PKSFILTERFACTORY)KsGetFirstChild((PVOID)Device);
}

/* KsRegisterAggregatedClientUnknown for a device. */
static inline PUNKNOWN KsDeviceRegisterAggregatedClientUnknown(PKSDEVICE Device, PUNKNOWN ClientUnknown)
{
    return KsRegisterAggregatedClientUnknown((PVOID)Device, ClientUnknown);
}

/* KsGetOuterUnknown for a device. */
static inline PUNKNOWN KsDeviceGetOuterUnknown(PKSDEVICE Device)
{
    return KsGetOuterUnknown((PVOID)Device);
}

OPENKS_END_C
