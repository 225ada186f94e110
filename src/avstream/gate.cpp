// SPDX-License-Identifier: MIT
// The processing gates AVStream owns: each pin's and filter's AND gate, and the gates a pin is attached to.

#include "avstream/process.h"
#include "avstream/queue.h"

// The KsGate* operations themselves are inline in <openks/driver/gate.h>;
// these are the objects' gates they operate on.  A pin's AND gate starts
// open (Count 1); processing of the pin runs only while it is open.

PKSGATE KsPinGetAndGate(PKSPIN Pin)
{
    openks::avstream::PinQueue* queue = openks::avstream::PinQueue::of(Pin);
    return queue != nullptr ? queue->andGate() : nullptr;  // no queue: nothing to gate
}

PKSGATE KsFilterGetAndGate(PKSFILTER Filter)
{
    // Every filter has an AND gate; a pin-centric filter's gates nothing.
    openks::avstream::FilterProcessorImpl* processor = openks::avstream::FilterProcessorImpl::of(Filter);
    return processor != nullptr ? processor->gate() : openks::avstream::filterIdleAndGate(Filter);
}

// Filter-centric processing: the pin's frame availability stops being a
// plain input of the filter's readiness and counts through AndGate (the
// gate must be open and the pin must have frames); NULL detaches.
void KsPinAttachAndGate(PKSPIN Pin, PKSGATE AndGate)
{
    if (openks::avstream::PinQueue* queue = openks::avstream::PinQueue::of(Pin)) {
        queue->attachGate(AndGate, false);
    }
}

// Filter-centric processing: the pins attached to the same OrGate are
// satisfied when any one of them has frames; NULL detaches.
void KsPinAttachOrGate(PKSPIN Pin, PKSGATE OrGate)
{
    if (openks::avstream::PinQueue* queue = openks::avstream::PinQueue::of(Pin)) {
        queue->attachGate(OrGate, true);
    }
}
