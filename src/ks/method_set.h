// SPDX-License-Identifier: MIT
// The method engine: IOCTL_KS_METHOD over the same automation tables as properties.
#pragma once

/*
 * A KS method is a call on an object: a KSMETHOD (Set, Id, Flags) in the
 * input buffer and the method's data in the output buffer.  handleMethod()
 * finds the item with the same table rules as handleProperty() (later tables
 * override earlier ones) and calls its MethodHandler:
 *
 *   const KSAUTOMATION_TABLE* tables[] = {&kFilterFrameworkTable, descriptor->AutomationTable};
 *   NTSTATUS s = handleMethod(irp, AutomationView{tables, 2});
 *
 * Request rules (ks-spec §2.2, §9):
 *   - InputBufferLength < sizeof(KSMETHOD) (24): STATUS_INVALID_BUFFER_SIZE;
 *     null input, or null output with a non-zero length: STATUS_INVALID_PARAMETER.
 *   - Flags without TOPOLOGY: KSMETHOD_TYPE_SETSUPPORT, KSMETHOD_TYPE_BASICSUPPORT,
 *     or an invocation (KSMETHOD_TYPE_NONE/READ(SEND)/WRITE/MODIFY/SOURCE);
 *     anything else STATUS_INVALID_PARAMETER.
 *   - TOPOLOGY: the input must hold a KSM_NODE (32 bytes), else STATUS_BUFFER_TOO_SMALL.
 *   - SETSUPPORT: as for properties (GUID_NULL -> GUID array, else presence).
 *   - Unknown set: STATUS_PROPSET_NOT_FOUND; unknown id: STATUS_NOT_FOUND.
 *   - Input shorter than MinMethod: STATUS_BUFFER_TOO_SMALL.
 *   - BASICSUPPORT: the SupportHandler if present; else the item's
 *     KSMETHOD_TYPE_* flags as a ULONG (OutputBufferLength >= 4; 0 ->
 *     STATUS_BUFFER_OVERFLOW with Information 4; 1..3 -> STATUS_BUFFER_TOO_SMALL).
 *   - Invocation: no MethodHandler -> STATUS_INVALID_DEVICE_REQUEST; output
 *     shorter than MinData -> STATUS_BUFFER_TOO_SMALL with Information = MinData;
 *     otherwise the handler's status.  A method may pend (STATUS_PENDING)
 *     when its buffers were not bounced (see property_set.h).
 *
 * Handlers see 8-byte-aligned Request/Data, SystemBuffer = Data during the
 * call, and KSMETHOD_SET_IRP_STORAGE / KSMETHOD_ITEM_IRP_STORAGE /
 * KSMETHOD_TYPE_IRP_STORAGE set, exactly as for properties.  Windows
 * copies READ/WRITE/MODIFY data through a system buffer; openks passes the
 * caller's buffer for every type (no copy semantics differ in one address space).
 *
 * Threads: the thread dispatching the request; no lock is held across handlers.
 */

#include "ks/property_set.h"

namespace openks::ks {

// Serves one IOCTL_KS_METHOD IRP; Information set; never completes the IRP.
[[nodiscard]] NTSTATUS handleMethod(PIRP irp, const AutomationView& automation);

}  // namespace openks::ks
