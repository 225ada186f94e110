/* SPDX-License-Identifier: MIT */
/* Object class names: the GUIDs and strings naming filter, pin, clock, allocator and node objects at create. */
#pragma once

/*
 * A KS child object is opened relative to its parent with the file name
 * "<class string>\<binary create parameters>": a pin with KSSTRING_Pin and a
 * KSPIN_CONNECT + KSDATAFORMAT, a clock with KSSTRING_Clock and a
 * KSCLOCK_CREATE, an allocator with KSSTRING_Allocator and a
 * KSALLOCATOR_FRAMING, a topology node with KSSTRING_TopologyNode and a
 * KSNODE_CREATE.  The strings are UTF-16 (char16_t) literals, as WCHAR is.
 *
 *   const WCHAR* cls = KSSTRING_Pin;           // u"{146F1A80-4791-11D0-A5D6-28DB04C10000}"
 *   size_t chars = sizeof(KSSTRING_Pin) / sizeof(WCHAR) - 1;  // 38
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#define STATIC_KSNAME_Filter 0x9b365890, 0x165f, 0x11d0, 0xa1, 0x95, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSNAME_Filter);
#define KSNAME_Filter KSNAME_Filter
#define KSSTRING_Filter u"{9B365890-165F-11D0-A195-0020AFD156E4}"

#define STATIC_KSNAME_Pin 0x146f1a80, 0x4791, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSNAME_Pin);
#define KSNAME_Pin KSNAME_Pin
#define KSSTRING_Pin u"{146F1A80-4791-11D0-A5D6-28DB04C10000}"

#define STATIC_KSNAME_Clock 0x53172480, 0x4791, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSNAME_Clock);
#define KSNAME_Clock KSNAME_Clock
#define KSSTRING_Clock u"{53172480-4791-11D0-A5D6-28DB04C10000}"

#define STATIC_KSNAME_Allocator 0x642f5d00, 0x4791, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSNAME_Allocator);
#define KSNAME_Allocator KSNAME_Allocator
#define KSSTRING_Allocator u"{642F5D00-4791-11D0-A5D6-28DB04C10000}"
#define KSSTRING_AllocatorEx u"{091BB63B-603F-11D1-B067-00A0C9062802}"

#define STATIC_KSNAME_TopologyNode 0x0621061a, 0xee75, 0x11d0, 0xb9, 0x15, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSNAME_TopologyNode);
#define KSNAME_TopologyNode KSNAME_TopologyNode
#define KSSTRING_TopologyNode u"{0621061A-EE75-11D0-B915-00A0C9223196}"

OPENKS_END_C
