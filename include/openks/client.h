/* SPDX-License-Identifier: MIT */
/* The openks application API: the Win32/ksuser/ksproxy calls KS clients make, and (in C++) a modern API over them. */
#pragma once

/*
 * One include gives a KS client everything it uses on Windows: the KS
 * types (<openks/ks.h>), the kernel32 file/event/wait calls, SetupDi
 * enumeration, the native Nt* calls, ksuser's KsCreatePin and ksproxy's
 * KsSynchronousDeviceControl.  C++ code also gets the openks:: API
 * (Device, Filter, Pin, Request, Result); define OPENKS_NO_CXX_API to leave
 * it out.
 *
 *   #include <openks/client.h>
 *
 *   HANDLE filter = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
 *                               FILE_FLAG_OVERLAPPED, NULL);
 *   KSPROPERTY p = {0};
 *   p.Set = KSPROPSETID_Pin; p.Id = KSPROPERTY_PIN_CTYPES; p.Flags = KSPROPERTY_TYPE_GET;
 *   ULONG pins = 0, n = 0;
 *   HRESULT hr = KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &p, sizeof p, &pins, sizeof pins, &n);
 *
 * With no daemon in the picture, the first call that needs a device starts
 * the in-process host, which loads the bundled drivers and every driver in
 * the directories of OPENKS_DRIVER_PATH.  Link with libopenks.so
 * (pkg-config openks).  The C part is valid C11.
 */

#include <openks/client/ksproxy.h>
#include <openks/client/ksuser.h>
#include <openks/client/ntapi.h>
#include <openks/client/setupapi.h>
#include <openks/client/win32.h>
#include <openks/ks.h>

#if defined(__cplusplus) && !defined(OPENKS_NO_CXX_API)
#include <openks/client/device.h>
#include <openks/client/filter.h>
#include <openks/client/object.h>
#include <openks/client/pin.h>
#include <openks/client/request.h>
#include <openks/client/result.h>
#endif
