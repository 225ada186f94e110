/* SPDX-License-Identifier: MIT */
/* Windows <wdm.h> for minidriver sources built against openks: kernel objects, KS types, the AVStream DDI. */
#pragma once

#ifndef _NTDDK_
#define _NTDDK_
#endif
#include <openks/ks.h>
#if __has_include(<openks/driver.h>)
#include <openks/driver.h>
#endif
