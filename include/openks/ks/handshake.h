/* SPDX-License-Identifier: MIT */
/* KSHANDSHAKE: the request and answer of IOCTL_KS_HANDSHAKE, a kernel-mode negotiation between two pins. */
#pragma once

/*
 * Two AVStream pins agree on a private interface by exchanging KSHANDSHAKE
 * structures: ProtocolId names the protocol (each driver defines its own
 * GUID), Argument1/Argument2 carry protocol-defined values such as
 * interface pointers.  Unconnected pins receive IOCTL_KS_HANDSHAKE (input
 * and output exactly one KSHANDSHAKE each, kernel-mode requestors only);
 * connected pins use KsPinHandshake.
 *
 *   KSHANDSHAKE in = {0}, out = {0};
 *   in.ProtocolId = MY_PROTOCOL_GUID;
 *   in.Argument1 = myInterface;
 *   // KsSynchronousIoControlDevice(pinFile, KernelMode, IOCTL_KS_HANDSHAKE,
 *   //                              &in, sizeof in, &out, sizeof out, &bytes);
 *
 * Windows declares this only for kernel (_NTDDK_) builds; openks declares
 * it for every build.  Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

typedef struct {
    GUID ProtocolId;
    PVOID Argument1;
    PVOID Argument2;
} KSHANDSHAKE, *PKSHANDSHAKE;

OPENKS_STATIC_ASSERT(sizeof(KSHANDSHAKE) == 32 && OPENKS_ALIGNOF(KSHANDSHAKE) == 8, "KSHANDSHAKE layout");

OPENKS_END_C
