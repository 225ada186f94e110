// SPDX-License-Identifier: MIT
// The contract between the AVStream object model (device/filter/pin) and the streaming engine (queue, processing).
#pragma once

// Two parts of src/avstream meet here:
//  - the object model (filter.cpp, pin.cpp, ...) creates pins and filters,
//    walks states and routes IRPs;
//  - the streaming engine (queue.cpp, stream_pointer.cpp, process.cpp, ...)
//    owns each standard-transport pin's frame queue, the stream pointers,
//    processing (pin-centric and filter-centric) and stream-request
//    completion.
// The object model calls only what is declared here; the engine reaches the
// object model only through the public DDI (KsPinGetParentFilter,
// KsFilterGetFirstChildPin, KsPinGetNextSiblingPin, ...) and the two
// accessors at the bottom.
//
// Threads: every member may be called from any thread.  No member is called
// with an object-model lock held, and no member calls the minidriver while
// holding an engine lock, except Process (under the processing mutex, as the
// DDI documents) and Reset/SetDeviceState-side callbacks named below.

#include <openks/driver.h>

#include <memory>

namespace openks::avstream {

// One standard-transport pin's queue of frames (one frame per stream header).
class Queue {
public:
    // Creates the queue of a pin on the standard transport (the object model
    // does not create one for KSPIN_FLAG_DO_NOT_USE_STANDARD_TRANSPORT pins).
    // The pin starts in KSSTATE_STOP and KSRESET_END.
    static std::unique_ptr<Queue> create(PKSPIN pin, const KSPIN_DESCRIPTOR_EX* descriptor);
    virtual ~Queue() = default;

    // Serves IOCTL_KS_WRITE_STREAM, IOCTL_KS_READ_STREAM and
    // IOCTL_KS_RESET_STATE sent to this pin: the state/reset gate, the header
    // probe (and capture for UserMode requestors), queuing, processing
    // triggers, completion.  Completes the IRP itself (now or later) and
    // returns the status it completed with, or STATUS_PENDING.
    virtual NTSTATUS dispatch(PIRP irp) = 0;

    // Called after the minidriver's SetDeviceState accepted one step
    // (from -> to), or after a raw change for non-standard pins.  Entering
    // the minimum processing state with frames queued triggers processing;
    // reaching KSSTATE_STOP flushes the queue (the pin's Reset dispatch runs,
    // every released IRP completes with STATUS_CANCELLED, unfilled reads with
    // DataUsed 0).
    virtual void onStateChanged(KSSTATE from, KSSTATE to) = 0;

    // IRP_MJ_CLEANUP of the pin (its last handle closed): cancels every queued
    // request.  Frames held by the minidriver's clones complete when it
    // deletes them.
    virtual void cancelAll() = 0;

    // True when no stream request is outstanding on this pin.
    virtual bool idle() const = 0;
};

// Filter-centric processing for a filter whose KSFILTER_DISPATCH.Process is
// set: builds the KSPROCESSPIN_INDEXENTRY array and calls Process when every
// frame-requiring pin has data, every pin type has its necessary instances
// and the filter's AND gate is open.
class FilterProcessor {
public:
    static std::unique_ptr<FilterProcessor> create(PKSFILTER filter);
    virtual ~FilterProcessor() = default;
    // A pin instance of this filter was created / is being closed.
    virtual void pinAdded(PKSPIN pin) = 0;
    virtual void pinRemoved(PKSPIN pin) = 0;
};

// Implemented by the object model, used by the engine.
// The queue of a pin, or nullptr when it has none.
Queue* pinQueue(PKSPIN pin);
// The filter-centric processor of a filter, or nullptr for pin-centric filters.
FilterProcessor* filterProcessor(PKSFILTER filter);
// The AND gate of a pin-centric filter (KsFilterGetAndGate), or nullptr for a non-filter.
PKSGATE filterIdleAndGate(PKSFILTER filter);

}  // namespace openks::avstream
