// SPDX-License-Identifier: MIT
// The event engine's request side (IOCTL_KS_ENABLE_EVENT / DISABLE_EVENT parsing and support queries).
#include "ks/event_set.h"

namespace openks::ks {

NTSTATUS handleEnableEvent(PIRP irp, const AutomationView& automation, EventEnabler enabler, void* context)
{
    detail::RequestBuffers buffers;
    KSIDENTIFIER event;
    const NTSTATUS status = detail::readIdentifierRequest(irp, &buffers, &event);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    const ULONG type = event.Flags & ~ULONG(KSEVENT_TYPE_TOPOLOGY);
    switch (type) {
        case KSEVENT_TYPE_ENABLE:
        case KSEVENT_TYPE_ONESHOT:
        case KSEVENT_TYPE_ENABLEBUFFERED:
        case KSEVENT_TYPE_SETSUPPORT:
        case KSEVENT_TYPE_BASICSUPPORT:
        case KSEVENT_TYPE_QUERYBUFFER:
            break;
        default:
            return STATUS_INVALID_PARAMETER;
    }
    if ((event.Flags & KSEVENT_TYPE_TOPOLOGY) != 0 && buffers.inputLength < sizeof(KSE_NODE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (type == KSEVENT_TYPE_SETSUPPORT) {
        return answerSetSupport<KSEVENT_SET>(irp, automation, event.Set, buffers.output, buffers.outputLength);
    }

    const AutomationMatch<KSEVENT_SET> match = findAutomationItem<KSEVENT_SET>(automation, event.Set, event.Id);
    if (match.item == nullptr) {
        return hasAutomationSet<KSEVENT_SET>(automation, event.Set) ? STATUS_NOT_FOUND : STATUS_PROPSET_NOT_FOUND;
    }
    const KSEVENT_ITEM& item = *match.item;
    KSEVENT_SET_IRP_STORAGE(irp) = match.set;
    KSEVENT_ITEM_IRP_STORAGE(irp) = match.item;

    if (type == KSEVENT_TYPE_BASICSUPPORT) {
        if (item.SupportHandler != nullptr) {
            return detail::callItemHandler(irp, item.SupportHandler, buffers);
        }
        return STATUS_SUCCESS;
    }
    if (type == KSEVENT_TYPE_ENABLEBUFFERED || type == KSEVENT_TYPE_QUERYBUFFER) {
        return STATUS_NOT_SUPPORTED;
    }
    if (buffers.outputLength < item.DataInput || buffers.outputLength < sizeof(KSEVENTDATA)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (enabler == nullptr) {
        return STATUS_NOT_IMPLEMENTED;
    }
    EventEnableRequest request;
    request.event = event;
    request.set = match.set;
    request.item = match.item;
    request.data = static_cast<KSEVENTDATA*>(buffers.output);
    request.dataLength = buffers.outputLength;
    request.oneShot = type == KSEVENT_TYPE_ONESHOT;
    const NTSTATUS enabled = enabler(irp, request, context);
    irp->IoStatus.Information = 0;
    return enabled;
}

NTSTATUS readDisableEvent(PIRP irp, const KSEVENTDATA** data)
{
    irp->IoStatus.Information = 0;
    *data = nullptr;
    const IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(irp);
    const ULONG length = stack->Parameters.DeviceIoControl.InputBufferLength;
    if (length == 0) {
        return STATUS_SUCCESS;
    }
    // The enabling buffer may be longer (KSEVENT_TIME_MARK...): only its address matters.
    if (length < sizeof(KSEVENTDATA)) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    if (stack->Parameters.DeviceIoControl.Type3InputBuffer == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *data = static_cast<const KSEVENTDATA*>(stack->Parameters.DeviceIoControl.Type3InputBuffer);
    return STATUS_SUCCESS;
}

NTSTATUS handleDisableEvent(PIRP irp)
{
    const KSEVENTDATA* data = nullptr;
    const NTSTATUS status = readDisableEvent(irp, &data);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return data == nullptr ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

}  // namespace openks::ks
