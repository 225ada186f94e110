// SPDX-License-Identifier: MIT
// The event engine's support queries: IOCTL_KS_ENABLE_EVENT / DISABLE_EVENT over automation tables.
#pragma once

/*
 * A KS client enables an event by sending IOCTL_KS_ENABLE_EVENT with a
 * KSEVENT (Set, Id, Flags) as input and a KSEVENTDATA (how to notify it) as
 * output.  This engine answers what can be answered from the tables alone:
 *
 *   NTSTATUS s = handleEnableEvent(irp, AutomationView{tables, 2});
 *
 * IOCTL_KS_ENABLE_EVENT rules:
 *   - InputBufferLength < sizeof(KSEVENT) (24): STATUS_INVALID_BUFFER_SIZE;
 *     null input, or null output with a non-zero length: STATUS_INVALID_PARAMETER.
 *   - TOPOLOGY: the input must hold a KSE_NODE (32 bytes), else STATUS_BUFFER_TOO_SMALL.
 *   - KSEVENT_TYPE_SETSUPPORT: GUID_NULL -> the GUID array of every event set
 *     (answerVariable protocol, ksproxy sends this); a concrete set ->
 *     STATUS_SUCCESS or STATUS_PROPSET_NOT_FOUND.
 *   - Unknown set: STATUS_PROPSET_NOT_FOUND; unknown id: STATUS_NOT_FOUND.
 *   - Input shorter than sizeof(KSEVENT) + the item's ExtraEntryData is not
 *     checked here (that is enable-time data).
 *   - KSEVENT_TYPE_BASICSUPPORT: the item's SupportHandler if present, else
 *     STATUS_SUCCESS with Information 0 (the event exists).
 *   - KSEVENT_TYPE_ENABLE / ONESHOT / ENABLEBUFFERED on a supported event:
 *     output shorter than the item's DataInput (the KSEVENTDATA it needs) ->
 *     STATUS_BUFFER_TOO_SMALL with Information = DataInput; otherwise
 *     STATUS_NOT_IMPLEMENTED.  Enabling events (the KSEVENT_ENTRY lists,
 *     notification by event object, semaphore, DPC or work item, AddHandler)
 *     is not implemented yet; this is the one place it will go.
 *   - KSEVENT_TYPE_QUERYBUFFER: STATUS_NOT_IMPLEMENTED for a supported event.
 *   - Any other Flags: STATUS_INVALID_PARAMETER.
 *
 * IOCTL_KS_DISABLE_EVENT (handleDisableEvent): the input is the KSEVENTDATA
 * that enabled the event.  InputBufferLength 0 disables every event of the
 * file object: nothing is enabled, so STATUS_SUCCESS.  A complete
 * KSEVENTDATA names an event that was never enabled: STATUS_UNSUCCESSFUL
 * (what KsDisableEvent reports for an unknown entry).  Any other length:
 * STATUS_INVALID_BUFFER_SIZE; a null input with a length: STATUS_INVALID_PARAMETER.
 *
 * Handlers see aligned buffers and KSEVENT_ITEM_IRP_STORAGE as for properties.
 * Threads: the thread dispatching the request; no lock is held across handlers.
 */

#include "ks/property_set.h"

namespace openks::ks {

// Serves one IOCTL_KS_ENABLE_EVENT IRP; Information set; never completes the IRP.
[[nodiscard]] NTSTATUS handleEnableEvent(PIRP irp, const AutomationView& automation);

// Serves one IOCTL_KS_DISABLE_EVENT IRP (nothing is ever enabled yet).
[[nodiscard]] NTSTATUS handleDisableEvent(PIRP irp);

}  // namespace openks::ks
