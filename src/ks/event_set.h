// SPDX-License-Identifier: MIT
// The event engine's request side: IOCTL_KS_ENABLE_EVENT / DISABLE_EVENT parsed and checked against automation tables.
#pragma once

/*
 * A KS client enables an event by sending IOCTL_KS_ENABLE_EVENT with a
 * KSEVENT (Set, Id, Flags) as input and a KSEVENTDATA (how to notify it) as
 * output, and disables it with IOCTL_KS_DISABLE_EVENT whose *input* is that
 * same KSEVENTDATA (pinquery, clients.md §5).  This layer answers what the
 * tables alone can answer and hands a validated enable request to the
 * object that keeps the event list (avstream/events.h):
 *
 *   NTSTATUS s = handleEnableEvent(irp, AutomationView{tables, 2}, enableOnMyList, myList);
 *
 * IOCTL_KS_ENABLE_EVENT rules (Information is always 0, as KsEnableEvent documents):
 *   - InputBufferLength < sizeof(KSEVENT) (24): STATUS_INVALID_BUFFER_SIZE;
 *     null input, or null output with a non-zero length: STATUS_INVALID_PARAMETER.
 *   - TOPOLOGY: the input must hold a KSE_NODE (32 bytes), else STATUS_BUFFER_TOO_SMALL.
 *   - KSEVENT_TYPE_SETSUPPORT: GUID_NULL -> the GUID array of every event set
 *     (answerVariable protocol, ksproxy sends this; Information = the size);
 *     a concrete set -> STATUS_SUCCESS or STATUS_PROPSET_NOT_FOUND.
 *   - Unknown set: STATUS_PROPSET_NOT_FOUND; unknown id: STATUS_NOT_FOUND.
 *   - KSEVENT_TYPE_BASICSUPPORT: the item's SupportHandler if present, else
 *     STATUS_SUCCESS (the event exists).
 *   - KSEVENT_TYPE_ENABLE / ONESHOT: output shorter than the item's DataInput
 *     or than a KSEVENTDATA (32): STATUS_BUFFER_TOO_SMALL.  Otherwise the
 *     enabler runs with the set and item (KSEVENT_SET_IRP_STORAGE and
 *     KSEVENT_ITEM_IRP_STORAGE hold them) and its status is the answer; with
 *     no enabler, STATUS_NOT_IMPLEMENTED.
 *   - KSEVENT_TYPE_ENABLEBUFFERED / QUERYBUFFER on a supported event:
 *     STATUS_NOT_SUPPORTED (openks keeps no event data; documented choice).
 *   - Any other Flags: STATUS_INVALID_PARAMETER.
 *
 * IOCTL_KS_DISABLE_EVENT (readDisableEvent): the input is the KSEVENTDATA
 * that enabled the event, matched by its address (never read).
 * InputBufferLength 0 means every event of the requesting file object.
 * 1..31 bytes: STATUS_INVALID_BUFFER_SIZE (a longer buffer, such as the
 * whole KSEVENT_TIME_MARK, is fine); a null input with a length:
 * STATUS_INVALID_PARAMETER.
 *
 * Handlers see aligned buffers and KSEVENT_ITEM_IRP_STORAGE as for properties.
 * Threads: the thread dispatching the request; no lock is held across handlers.
 */

#include "ks/property_set.h"

namespace openks::ks {

// A validated enable request, handed to the enabler.
struct EventEnableRequest {
    KSEVENT event{};  // as the caller sent it (Flags has the type)
    const KSEVENT_SET* set = nullptr;
    const KSEVENT_ITEM* item = nullptr;
    KSEVENTDATA* data = nullptr;  // the caller's output buffer (its address identifies the event)
    ULONG dataLength = 0;         // >= max(item->DataInput, sizeof(KSEVENTDATA))
    bool oneShot = false;         // KSEVENT_TYPE_ONESHOT
};

// Enables one validated request (allocates the entry, runs the AddHandler).
using EventEnabler = NTSTATUS (*)(PIRP irp, const EventEnableRequest& request, void* context);

// Serves one IOCTL_KS_ENABLE_EVENT IRP; never completes the IRP.
[[nodiscard]] NTSTATUS handleEnableEvent(PIRP irp, const AutomationView& automation, EventEnabler enabler = nullptr,
                                         void* context = nullptr);

// Reads an IOCTL_KS_DISABLE_EVENT request: *data = the KSEVENTDATA address it
// names, or nullptr for "every event of this file object".  Information 0.
[[nodiscard]] NTSTATUS readDisableEvent(PIRP irp, const KSEVENTDATA** data);

// Serves an IOCTL_KS_DISABLE_EVENT IRP for an object that never enables
// events: disable-all succeeds, a named KSEVENTDATA is STATUS_UNSUCCESSFUL.
[[nodiscard]] NTSTATUS handleDisableEvent(PIRP irp);

}  // namespace openks::ks
