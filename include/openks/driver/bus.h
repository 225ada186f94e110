/* SPDX-License-Identifier: MIT */
/* The KS bus interfaces: how a bus driver tells its KS children their reference string and mediums. */
#pragma once

/*
 * A bus driver that enumerates KS devices answers IRP_MN_QUERY_INTERFACE
 * for two interfaces: REFERENCE_BUS_INTERFACE (BUS_INTERFACE_REFERENCE: the
 * reference string the child registers its filter under, and references
 * on the child's device object) and GUID_BUS_INTERFACE_MEDIUMS
 * (BUS_INTERFACE_MEDIUMS: the mediums of the child's pins):
 *
 *   BUS_INTERFACE_REFERENCE ref = {{sizeof(ref), BUS_INTERFACE_REFERENCE_VERSION, ctx,
 *                                   RefIface, DerefIface},
 *                                  RefDevice, DerefDevice, QueryReferenceString};
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* Take or drop a reference on the child's device object. */
typedef void (*PFNREFERENCEDEVICEOBJECT)(PVOID Context);
typedef void (*PFNDEREFERENCEDEVICEOBJECT)(PVOID Context);
/*
 * Return the child's reference string in *String (allocated from paged
 * pool; the caller frees it with ExFreePool).  Returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
typedef NTSTATUS (*PFNQUERYREFERENCESTRING)(PVOID Context, PWCHAR *String);
/*
 * Return the child's pin mediums: *MediumsCount entries at *MediumList
 * (allocated from paged pool; the caller frees it).  Returns STATUS_SUCCESS
 * or STATUS_INSUFFICIENT_RESOURCES.
 */
typedef NTSTATUS (*PFNQUERYMEDIUMSLIST)(PVOID Context, ULONG *MediumsCount, PKSPIN_MEDIUM *MediumList);

#define BUS_INTERFACE_REFERENCE_VERSION 0x100

/* The reference-string bus interface. */
typedef struct _BUS_INTERFACE_REFERENCE {
    INTERFACE Interface;
    PFNREFERENCEDEVICEOBJECT ReferenceDeviceObject;
    PFNDEREFERENCEDEVICEOBJECT DereferenceDeviceObject;
    PFNQUERYREFERENCESTRING QueryReferenceString;
} BUS_INTERFACE_REFERENCE, *PBUS_INTERFACE_REFERENCE;

/* The reference-string interface's id is the standard medium set's GUID. */
#define STATIC_REFERENCE_BUS_INTERFACE STATIC_KSMEDIUMSETID_Standard
#define REFERENCE_BUS_INTERFACE KSMEDIUMSETID_Standard

/* The mediums bus interface. */
typedef struct _BUS_INTERFACE_MEDIUMS {
    INTERFACE Interface;
    PFNQUERYMEDIUMSLIST QueryMediumsList;
} BUS_INTERFACE_MEDIUMS, *PBUS_INTERFACE_MEDIUMS;

#define STATIC_GUID_BUS_INTERFACE_MEDIUMS 0x4EC35C3EL, 0x201B, 0x11D2, 0x87, 0x45, 0x00, 0xA0, 0xC9, 0x22, 0x31, 0x96
DEFINE_GUIDSTRUCT("4EC35C3E-201B-11D2-8745-00A0C9223196", GUID_BUS_INTERFACE_MEDIUMS);
#define GUID_BUS_INTERFACE_MEDIUMS DEFINE_GUIDNAMED(GUID_BUS_INTERFACE_MEDIUMS)

OPENKS_END_C
