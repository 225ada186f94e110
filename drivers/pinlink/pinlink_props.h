/* SPDX-License-Identifier: MIT */
/* What the bundled pinlink driver publishes: a sink and a source pin joined by a private IOCTL_KS_HANDSHAKE protocol. */
#pragma once

/*
 * The pinlink driver shows how two AVStream pins agree on a private
 * interface with IOCTL_KS_HANDSHAKE and then move data without IRPs
 * (docs/handshake.md walks through it).  One filter, category
 * KSCATEGORY_DATATRANSFORM (it transforms nothing, but it is neither a
 * capture nor a render endpoint), reference GUID OPENKS_PINLINK_FILTER:
 *
 *   pin 0 (PINLINK_PIN_A)  IN, SINK:  clients write frames to it.
 *   pin 1 (PINLINK_PIN_B)  OUT, SINK: clients read frames from it.
 *   Both take KSDATAFORMAT_TYPE_STREAM / SUBTYPE_NONE / SPECIFIER_NONE (a
 *   bare 64-byte KSDATAFORMAT), any number of instances, and process in
 *   KSSTATE_RUN only.
 *
 * Pin A's properties (KSPROPSETID_OpenksPinlink):
 *   KSPROPERTY_PINLINK_LINK            SET, value HANDLE: the client's handle
 *       of a pin-B instance (NULL unlinks).  A references the handle's file
 *       object and sends it IOCTL_KS_HANDSHAKE (kernel mode) with protocol
 *       PINLINK_PROTOCOL_DirectRing; B answers with its ring and the ring's
 *       function table.  Statuses: STATUS_SUCCESS, STATUS_INVALID_HANDLE,
 *       STATUS_OBJECT_TYPE_MISMATCH, or the handshake's refusal
 *       (STATUS_INVALID_DEVICE_REQUEST when the target is not a pin B);
 *       STATUS_SHARING_VIOLATION when that B already serves another A.
 *       Frames written to A before a link wait for it.
 *   KSPROPERTY_PINLINK_HANDSHAKE_TEST  SET, value PINLINK_HANDSHAKE_TEST: one
 *       kernel-mode handshake with any protocol on any handle, changing no
 *       link; the request's status is the handshake's status.
 *   KSPROPERTY_PINLINK_LAST_HANDSHAKE  GET, value PINLINK_HANDSHAKE_RESULT:
 *       the status and the Information (bytes returned) of the last
 *       handshake this pin A sent (LINK or HANDSHAKE_TEST).
 *
 * Data: every frame written to a linked A is copied whole into B's ring
 * (64 KiB; longer frames complete with STATUS_BUFFER_OVERFLOW, empty
 * frames are consumed and produce nothing).  B fills its reads from the
 * ring in order: a read completes at the end of a written frame or when
 * it is full, whichever comes first, so one written frame fills one read
 * sized at least as large as the frame.  When the ring is full A's writes
 * wait.  A holds a reference on its B's file object until it re-links,
 * unlinks or closes, so closing B's handle cancels B's reads but B stays
 * until A lets go: A's frames fill the ring, then wait for a new link.
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#define PINLINK_PIN_A 0
#define PINLINK_PIN_B 1

/* The largest frame the ring carries. */
#define PINLINK_RING_BYTES 65536

/* The filter's reference GUID (the last part of its device paths). */
#define STATIC_OPENKS_PINLINK_FILTER 0x97c2f25f, 0x429c, 0x4a62, 0xbe, 0xba, 0xf1, 0x89, 0x30, 0x4e, 0x34, 0x9a
DEFINE_GUIDEX(OPENKS_PINLINK_FILTER);

#define STATIC_KSPROPSETID_OpenksPinlink 0xb2b5e20a, 0xe6d6, 0x49c1, 0xb6, 0x82, 0x4c, 0x10, 0xce, 0x6f, 0xdc, 0xec
DEFINE_GUIDEX(KSPROPSETID_OpenksPinlink);

/* The handshake protocol pin B answers: Argument1 = its ring, Argument2 = the ring's function table. */
#define STATIC_PINLINK_PROTOCOL_DirectRing 0xdc7ec608, 0x54e3, 0x4c96, 0xa7, 0xb8, 0xd8, 0x65, 0xfa, 0xf1, 0x01, 0x6a
DEFINE_GUIDEX(PINLINK_PROTOCOL_DirectRing);

typedef enum {
    KSPROPERTY_PINLINK_LINK = 0,
    KSPROPERTY_PINLINK_HANDSHAKE_TEST = 1,
    KSPROPERTY_PINLINK_LAST_HANDSHAKE = 2,
} KSPROPERTY_PINLINK;

typedef struct {
    HANDLE Target;   /* a pin handle as the client sees it */
    GUID ProtocolId; /* the KSHANDSHAKE.ProtocolId to send */
} PINLINK_HANDSHAKE_TEST;

typedef struct {
    NTSTATUS Status;    /* what IOCTL_KS_HANDSHAKE returned */
    ULONG Information;  /* its byte count: sizeof(KSHANDSHAKE) on success */
} PINLINK_HANDSHAKE_RESULT;
