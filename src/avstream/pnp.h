// SPDX-License-Identifier: MIT
// The PnP minor function codes the host and the KS device layer use (Windows values), when wdm.h does not name them.
#pragma once

#include <openks/ks/wdm.h>

#ifndef IRP_MN_START_DEVICE
#define IRP_MN_START_DEVICE 0x00
#endif
#ifndef IRP_MN_QUERY_REMOVE_DEVICE
#define IRP_MN_QUERY_REMOVE_DEVICE 0x01
#endif
#ifndef IRP_MN_REMOVE_DEVICE
#define IRP_MN_REMOVE_DEVICE 0x02
#endif
#ifndef IRP_MN_CANCEL_REMOVE_DEVICE
#define IRP_MN_CANCEL_REMOVE_DEVICE 0x03
#endif
#ifndef IRP_MN_STOP_DEVICE
#define IRP_MN_STOP_DEVICE 0x04
#endif
#ifndef IRP_MN_QUERY_STOP_DEVICE
#define IRP_MN_QUERY_STOP_DEVICE 0x05
#endif
#ifndef IRP_MN_CANCEL_STOP_DEVICE
#define IRP_MN_CANCEL_STOP_DEVICE 0x06
#endif
#ifndef IRP_MN_SURPRISE_REMOVAL
#define IRP_MN_SURPRISE_REMOVAL 0x17
#endif
