/* SPDX-License-Identifier: MIT */
/* <windows.h> for KS client source built on Linux: the Windows base types, error codes and kernel32 calls. */
#pragma once

/*
 * With -I<prefix>/include/openks/compat (pkg-config openks adds it),
 * Windows source that starts with `#include <windows.h>` compiles
 * unchanged: it gets the base types, ERROR_* and HRESULT macros, GUIDs and
 * the kernel32 calls openks implements (<openks/client/win32.h>).  KS
 * declarations come with <ks.h>, <ksmedia.h> and <ksproxy.h> as on Windows;
 * SetupDi with <setupapi.h>.  Valid C11 and C++20.
 */

#include <openks/client/win32.h>
#include <openks/client/winreg.h>
#include <openks/ks/guid.h>
#include <openks/ks/ntstatus.h>
#include <openks/ks/status.h>
#include <openks/ks/winerror.h>
#include <openks/ks/wintypes.h>
