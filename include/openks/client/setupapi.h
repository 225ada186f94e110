/* SPDX-License-Identifier: MIT */
/* Finding KS devices the way Windows clients do: the SetupDi device-interface calls. */
#pragma once

/*
 * Every filter a driver publishes is a device interface: a path in one or
 * more categories (KSCATEGORY_AUDIO, KSCATEGORY_RENDER, KSCATEGORY_CAPTURE,
 * KSCATEGORY_VIDEO, ...).  A client lists the interfaces of one category,
 * asks for each one's path, and opens it with CreateFile:
 *
 *   HDEVINFO set = SetupDiGetClassDevsA(&KSCATEGORY_AUDIO, NULL, NULL,
 *                                       DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
 *   SP_DEVICE_INTERFACE_DATA itf = {sizeof(itf)};
 *   for (DWORD i = 0; SetupDiEnumDeviceInterfaces(set, NULL, &KSCATEGORY_AUDIO, i, &itf); ++i) {
 *       SP_DEVICE_INTERFACE_DATA render = {sizeof(render)};
 *       if (!SetupDiGetDeviceInterfaceAlias(set, &itf, &KSCATEGORY_RENDER, &render)) continue;
 *       DWORD size = 0;
 *       SetupDiGetDeviceInterfaceDetailA(set, &itf, NULL, 0, &size, NULL);   // ERROR_INSUFFICIENT_BUFFER
 *       PSP_DEVICE_INTERFACE_DETAIL_DATA_A detail = malloc(size);
 *       detail->cbSize = sizeof(*detail);                                   // 8 on x64
 *       SetupDiGetDeviceInterfaceDetailA(set, &itf, detail, size, NULL, NULL);
 *       HANDLE filter = CreateFileA(detail->DevicePath, ...);
 *   }
 *   SetupDiDestroyDeviceInfoList(set);
 *
 * A device information set is a snapshot taken by SetupDiGetClassDevs: the
 * devices that had an enabled interface of the requested category (or any
 * category with DIGCF_ALLCLASSES) at that moment, with all of their
 * interfaces.  Paths look like "\\?\openks#<device>#<instance>#{<category>}\<reference>".
 * Only what KS clients use is provided; structure layouts and cbSize values
 * are the x64 Windows ones.
 *
 * Threads: any thread; one set may be used from several threads at once
 * (it is read-only after creation) but must not be destroyed while in use.
 * Valid C11 and C++20.
 */

#include <openks/client/win32.h>
#include <openks/client/winreg.h>
#include <openks/ks/guid.h>
#include <openks/ks/winerror.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* A device information set (INVALID_HANDLE_VALUE when SetupDiGetClassDevs fails). */
typedef PVOID HDEVINFO;

#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif

/* One device of a set.  cbSize must be sizeof(SP_DEVINFO_DATA) (32). */
typedef struct _SP_DEVINFO_DATA {
    DWORD cbSize;
    GUID ClassGuid;
    DWORD DevInst;
    ULONG_PTR Reserved;
} SP_DEVINFO_DATA, *PSP_DEVINFO_DATA;

/* One device interface of a set.  cbSize must be sizeof(SP_DEVICE_INTERFACE_DATA) (32). */
typedef struct _SP_DEVICE_INTERFACE_DATA {
    DWORD cbSize;
    GUID InterfaceClassGuid;
    DWORD Flags; /* SPINT_* */
    ULONG_PTR Reserved;
} SP_DEVICE_INTERFACE_DATA, *PSP_DEVICE_INTERFACE_DATA;

/*
 * The path of a device interface, NUL-terminated.  cbSize must be
 * sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A / _W), which is 8 on x64 for
 * both; the buffer itself is as long as the required size says.
 */
typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_A {
    DWORD cbSize;
    char DevicePath[ANYSIZE_ARRAY]; /* char, as Windows' CHAR is (wintypes.h makes CHAR int8_t) */
} SP_DEVICE_INTERFACE_DETAIL_DATA_A, *PSP_DEVICE_INTERFACE_DETAIL_DATA_A;

typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_W {
    DWORD cbSize;
    WCHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_W, *PSP_DEVICE_INTERFACE_DETAIL_DATA_W;

OPENKS_STATIC_ASSERT(sizeof(SP_DEVINFO_DATA) == 32, "SP_DEVINFO_DATA is 32 bytes on x64");
OPENKS_STATIC_ASSERT(sizeof(SP_DEVICE_INTERFACE_DATA) == 32, "SP_DEVICE_INTERFACE_DATA is 32 bytes on x64");
OPENKS_STATIC_ASSERT(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A) == 8, "detail cbSize is 8 on x64");
OPENKS_STATIC_ASSERT(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W) == 8, "detail cbSize is 8 on x64");

/* SetupDiGetClassDevs flags. */
#define DIGCF_DEFAULT 0x00000001
#define DIGCF_PRESENT 0x00000002
#define DIGCF_ALLCLASSES 0x00000004
#define DIGCF_PROFILE 0x00000008
#define DIGCF_DEVICEINTERFACE 0x00000010
#define DIGCF_INTERFACEDEVICE DIGCF_DEVICEINTERFACE

/* SP_DEVICE_INTERFACE_DATA.Flags: every interface openks lists is active. */
#define SPINT_ACTIVE 0x00000001
#define SPINT_DEFAULT 0x00000002
#define SPINT_REMOVED 0x00000004

/* SetupDi errors (customer-bit Win32 codes, as setupapi.h defines them). */
#ifndef APPLICATION_ERROR_MASK
#define APPLICATION_ERROR_MASK 0x20000000
#endif
#ifndef ERROR_SEVERITY_ERROR
#define ERROR_SEVERITY_ERROR 0xC0000000
#endif
#define ERROR_NO_SUCH_DEVICE_INTERFACE (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x225)
#define ERROR_NO_SUCH_INTERFACE_DEVICE ERROR_NO_SUCH_DEVICE_INTERFACE
#define ERROR_INVALID_CLASS (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x206)

/*
 * Takes a snapshot of the devices that have an enabled interface of
 * *ClassGuid (every category with DIGCF_ALLCLASSES).  Flags must include
 * DIGCF_DEVICEINTERFACE (openks has no device setup classes); DIGCF_PRESENT
 * and DIGCF_PROFILE change nothing (every published interface is present).
 * Enumerator and hwndParent are ignored.  The first call in a
 * process starts the in-process host.
 *
 * Returns the set (possibly empty), or INVALID_HANDLE_VALUE with
 * ERROR_INVALID_PARAMETER (no DIGCF_DEVICEINTERFACE, a NULL ClassGuid
 * without DIGCF_ALLCLASSES) or
 * ERROR_NOT_ENOUGH_MEMORY.  Release it with SetupDiDestroyDeviceInfoList.
 */
HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID *ClassGuid, PCSTR Enumerator, HWND hwndParent, DWORD Flags);
HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID *ClassGuid, PCWSTR Enumerator, HWND hwndParent, DWORD Flags);

/*
 * Fills *DeviceInterfaceData with the MemberIndex-th (from 0) interface of
 * category *InterfaceClassGuid among the set's devices (only DeviceInfoData's
 * device when it is not NULL), in a stable order.  FALSE with
 * ERROR_NO_MORE_ITEMS past the last one; ERROR_INVALID_HANDLE for a bad
 * set; ERROR_INVALID_USER_BUFFER when cbSize is not
 * sizeof(SP_DEVICE_INTERFACE_DATA); ERROR_INVALID_PARAMETER for NULL
 * pointers.
 */
BOOL WINAPI SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                        const GUID *InterfaceClassGuid, DWORD MemberIndex,
                                        PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData);

/*
 * The path of an interface, with the size-query protocol: with a NULL
 * DeviceInterfaceDetailData and size 0, or a buffer that is too small,
 * FALSE + ERROR_INSUFFICIENT_BUFFER and *RequiredSize (if not NULL) = the
 * bytes needed (offsetof(DevicePath) + the path with its NUL).  With a
 * large enough buffer whose cbSize is sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A
 * / _W) (8), TRUE and the path.  DeviceInfoData, if not NULL (cbSize =
 * sizeof(SP_DEVINFO_DATA)), receives the interface's device.  Errors:
 * ERROR_INVALID_HANDLE, ERROR_INVALID_USER_BUFFER (a wrong cbSize, a
 * non-NULL buffer smaller than cbSize plus one character, a NULL buffer
 * with a nonzero size), ERROR_INVALID_PARAMETER (a NULL DeviceInterfaceData
 * or one that is not from this set).
 */
BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
                                             DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
                                             PSP_DEVINFO_DATA DeviceInfoData);
BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
                                             DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
                                             PSP_DEVINFO_DATA DeviceInfoData);

/*
 * The same device interface in another category: the interface of the
 * same device and reference string whose category is
 * *AliasInterfaceClassGuid (e.g. the KSCATEGORY_RENDER alias of a
 * KSCATEGORY_AUDIO interface).  FALSE + ERROR_NO_SUCH_DEVICE_INTERFACE when
 * the device has no such alias; ERROR_INVALID_HANDLE,
 * ERROR_INVALID_USER_BUFFER and ERROR_INVALID_PARAMETER as above.
 */
BOOL WINAPI SetupDiGetDeviceInterfaceAlias(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                           const GUID *AliasInterfaceClassGuid,
                                           PSP_DEVICE_INTERFACE_DATA AliasDeviceInterfaceData);

/* Releases a set.  FALSE + ERROR_INVALID_HANDLE for a bad or already destroyed set. */
BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet);

/*
 * Opens the registry key of a device interface (<openks/client/winreg.h>
 * lists its values: "FriendlyName", "CLSID").  Reserved must be 0;
 * samDesired may ask for KEY_READ/KEY_QUERY_VALUE only (write access ->
 * ERROR_ACCESS_DENIED: the keys are read-only).  Returns the key (close it
 * with RegCloseKey), or INVALID_HANDLE_VALUE with ERROR_INVALID_HANDLE,
 * ERROR_INVALID_USER_BUFFER or ERROR_INVALID_PARAMETER as the calls above.
 */
HKEY WINAPI SetupDiOpenDeviceInterfaceRegKey(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             DWORD Reserved, REGSAM samDesired);

/* SetupDiGetDeviceRegistryProperty properties openks answers (REG_SZ, the device's friendly name). */
#define SPDRP_DEVICEDESC 0x00000000
#define SPDRP_FRIENDLYNAME 0x0000000C

/*
 * A property of a device of the set (DeviceInfoData from
 * SetupDiGetDeviceInterfaceDetail).  SPDRP_FRIENDLYNAME and
 * SPDRP_DEVICEDESC are the device's display name (REG_SZ; the A form in
 * UTF-8); any other property -> FALSE + ERROR_INVALID_DATA (the device does
 * not have it).  A buffer too small (or NULL with size 0) -> FALSE +
 * ERROR_INSUFFICIENT_BUFFER with *RequiredSize (bytes, NUL included).
 */
BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
                                              PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
                                              DWORD PropertyBufferSize, PDWORD RequiredSize);
BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
                                              PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
                                              DWORD PropertyBufferSize, PDWORD RequiredSize);

#ifdef UNICODE
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyW
#define SetupDiGetClassDevs SetupDiGetClassDevsW
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailW
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_W SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_W PSP_DEVICE_INTERFACE_DETAIL_DATA;
#else
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyA
#define SetupDiGetClassDevs SetupDiGetClassDevsA
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailA
typedef SP_DEVICE_INTERFACE_DETAIL_DATA_A SP_DEVICE_INTERFACE_DETAIL_DATA;
typedef PSP_DEVICE_INTERFACE_DETAIL_DATA_A PSP_DEVICE_INTERFACE_DETAIL_DATA;
#endif

OPENKS_END_C
