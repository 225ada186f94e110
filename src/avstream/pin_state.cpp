// SPDX-License-Identifier: MIT
// The pin state machine: the one gate every KSSTATE change passes, one SetDeviceState step at a time.
#include <openks/driver.h>

#include "avstream/device.h"
#include "avstream/filter.h"
#include "avstream/log.h"
#include "avstream/pin.h"

namespace openks::avstream {

// Lock order for a transition (docs/threading.md, avstream section):
//   stateMutex_ (whole transition)  ->  filter control mutex (one step).
// The control mutex is held only around ClientState/SetDeviceState/
// DeviceState, as the DDI requires, and released before the queue hears of
// the step: Queue::onStateChanged may run the minidriver's Reset dispatch or
// complete IRPs, and neither may happen under the control mutex (a Reset
// dispatch may itself take it).  stateMutex_ keeps the steps of concurrent
// SET STATE requests from interleaving, so the queue always sees a
// consistent walk (STOP->ACQUIRE->PAUSE->...).

NTSTATUS Pin::setState(KSSTATE target)
{
    return walkTo(target, false);
}

KSSTATE Pin::state()
{
    std::lock_guard control(controlMutex());
    return block_.ks.DeviceState;
}

NTSTATUS Pin::walkTo(KSSTATE target, bool force)
{
    if (static_cast<ULONG>(target) > static_cast<ULONG>(KSSTATE_RUN)) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard transition(stateMutex_);
    // DeviceState is written only under stateMutex_, which we hold.
    KSSTATE current = block_.ks.DeviceState;
    if (current == target) {
        return STATUS_SUCCESS;  // redundant sets succeed without callbacks
    }
    if (!standardTransport()) {
        // No pipe section: the minidriver gets the raw change (RUN -> STOP in one call).
        NTSTATUS status = changeState(current, target, force);
        if (NT_SUCCESS(status)) {
            afterStateStep(current, target);
        }
        return status;
    }
    while (current != target) {
        const KSSTATE next = static_cast<KSSTATE>(current < target ? current + 1 : current - 1);
        NTSTATUS status = changeState(current, next, force);
        if (!NT_SUCCESS(status)) {
            return status;  // the pin stays in `current`, the last state reached
        }
        if (queue_ != nullptr) {
            queue_->onStateChanged(current, next);
        }
        afterStateStep(current, next);
        current = next;
    }
    return STATUS_SUCCESS;
}

NTSTATUS Pin::changeState(KSSTATE from, KSSTATE to, bool force)
{
    const KSPIN_DISPATCH* dispatch = block_.ks.Descriptor->Dispatch;
    std::lock_guard control(controlMutex());
    block_.ks.ClientState = to;
    NTSTATUS status = STATUS_SUCCESS;
    if (dispatch != nullptr && dispatch->SetDeviceState != nullptr) {
        status = dispatch->SetDeviceState(ks(), to, from);
    }
    if (status == STATUS_PENDING) {
        // The DDI forbids it; there is no later completion to wait for.
        logLine("%s: pin %u SetDeviceState returned STATUS_PENDING; treated as success", device()->name().c_str(),
                static_cast<unsigned>(block_.ks.Id));
        status = STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        if (!force) {
            block_.ks.ClientState = from;
            return status;
        }
        logLine("%s: pin %u SetDeviceState(%d -> %d) failed (0x%08x) while closing; continuing",
                device()->name().c_str(), static_cast<unsigned>(block_.ks.Id), static_cast<int>(from),
                static_cast<int>(to), static_cast<unsigned>(status));
    }
    block_.ks.DeviceState = to;
    clockStateChanged(to);
    return STATUS_SUCCESS;
}

}  // namespace openks::avstream
