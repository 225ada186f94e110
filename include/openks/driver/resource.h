/* SPDX-License-Identifier: MIT */
/* Driver resources: loading a resource from a module image, and finding a device's resource module. */
#pragma once

/*
 * Some drivers keep data (strings, default settings) as resources of their
 * module image and look them up by name or id:
 *
 *   PVOID data; ULONG size;
 *   status = KsLoadResource(imageBase, PagedPool, MAKEINTRESOURCE(101), (ULONG)RT_RCDATA, &data, &size);
 *   ...
 *   ExFreePool(data);
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* A resource id used as a name, and the standard resource types. */
#ifndef MAKEINTRESOURCE
#define MAKEINTRESOURCE(r) ((ULONG_PTR)(USHORT)(r))
#endif
#ifndef RT_STRING
#define RT_STRING MAKEINTRESOURCE(6)
#define RT_RCDATA MAKEINTRESOURCE(10)
#endif

/*
 * Copies resource ResourceName (a MAKEINTRESOURCE id or a PWSTR name) of
 * type ResourceType from the module at ImageBase into a new PoolType
 * allocation; *Resource receives it (free with ExFreePool) and *ResourceSize
 * (may be NULL) its size.  Returns STATUS_SUCCESS,
 * STATUS_RESOURCE_DATA_NOT_FOUND / STATUS_RESOURCE_TYPE_NOT_FOUND /
 * STATUS_RESOURCE_NAME_NOT_FOUND, or STATUS_INSUFFICIENT_RESOURCES.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsLoadResource(PVOID ImageBase, POOL_TYPE PoolType, ULONG_PTR ResourceName, ULONG ResourceType,
                              PVOID *Resource, PULONG ResourceSize);

/*
 * Reads the module image name (ImageName, freed with RtlFreeUnicodeString)
 * and the resource id or name (*ResourceId, *ValueType says which) stored
 * under the registry key RegKey.  Returns STATUS_SUCCESS or the registry
 * failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsGetImageNameAndResourceId(HANDLE RegKey, PUNICODE_STRING ImageName, PULONG_PTR ResourceId,
                                           PULONG ValueType);

/*
 * Looks up ModuleName in the device's module registry section and returns
 * its image name and resource id as KsGetImageNameAndResourceId does.
 * Returns STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND or the registry
 * failure.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsMapModuleName(PDEVICE_OBJECT PhysicalDeviceObject, PUNICODE_STRING ModuleName,
                               PUNICODE_STRING ImageName, PULONG_PTR ResourceId, PULONG ValueType);

OPENKS_END_C
