/* SPDX-License-Identifier: MIT */
/* The registry calls KS clients make on device-interface keys: RegQueryValueEx and RegCloseKey. */
#pragma once

/*
 * openks has no registry.  The keys a client can open are the ones
 * SetupDiOpenDeviceInterfaceRegKey (<openks/client/setupapi.h>) returns for a
 * device interface; they hold the values KS clients read there:
 *
 *   "FriendlyName"  REG_SZ  the filter's display name (what PortAudio and
 *                           GStreamer show for a device)
 *   "CLSID"         REG_SZ  "{17CCA71B-ECD7-11D0-B908-00A0C9223196}", the
 *                           KS proxy, as every KS interface key has it
 *
 *   HKEY key = SetupDiOpenDeviceInterfaceRegKey(set, &itf, 0, KEY_QUERY_VALUE);
 *   WCHAR name[256];
 *   DWORD type = 0, size = sizeof(name);
 *   if (key != INVALID_HANDLE_VALUE &&
 *       RegQueryValueExW(key, L"FriendlyName", NULL, &type, (LPBYTE)name, &size) == ERROR_SUCCESS) { ... }
 *   RegCloseKey(key);
 *
 * Keys are read-only snapshots taken when opened.  Value names compare
 * case-insensitively (ASCII).  Any thread; a key must not be closed while
 * another thread uses it.  Valid C11 and C++20.
 */

#include <openks/ks/winerror.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

typedef struct HKEY__ *HKEY;
typedef HKEY *PHKEY;
typedef ACCESS_MASK REGSAM;
typedef LONG LSTATUS;

#define KEY_QUERY_VALUE 0x0001
#define KEY_SET_VALUE 0x0002
#define KEY_CREATE_SUB_KEY 0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY 0x0010
#define KEY_CREATE_LINK 0x0020
#define KEY_WOW64_64KEY 0x0100
#define KEY_WOW64_32KEY 0x0200
#define KEY_READ 0x00020019
#define KEY_WRITE 0x00020006
#define KEY_EXECUTE KEY_READ
#define KEY_ALL_ACCESS 0x000F003F

#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_MULTI_SZ 7
#define REG_QWORD 11

/*
 * Reads a value of an open key.  lpReserved must be NULL.  *lpType (if
 * given) receives its REG_* type.  With lpData NULL, *lpcbData receives the
 * size in bytes (strings: including the terminating NUL) and the call
 * succeeds; with a buffer that is too small, *lpcbData receives the size and
 * the call returns ERROR_MORE_DATA; otherwise the value is copied and
 * *lpcbData is its size.  ERROR_FILE_NOT_FOUND for a value the key does not
 * have, ERROR_INVALID_HANDLE for a key that is not open, and
 * ERROR_INVALID_PARAMETER when lpData is given without lpcbData.  The A form
 * returns strings in UTF-8.  Returns ERROR_SUCCESS (0) or the error; it
 * does not set the thread's last error.
 */
LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                                LPDWORD lpcbData);
LSTATUS WINAPI RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                                LPDWORD lpcbData);

/* Closes a key SetupDiOpenDeviceInterfaceRegKey opened.  ERROR_SUCCESS or ERROR_INVALID_HANDLE. */
LSTATUS WINAPI RegCloseKey(HKEY hKey);

#ifdef UNICODE
#define RegQueryValueEx RegQueryValueExW
#else
#define RegQueryValueEx RegQueryValueExA
#endif

OPENKS_END_C
