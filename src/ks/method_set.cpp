// SPDX-License-Identifier: MIT
// The method engine (IOCTL_KS_METHOD over automation tables) and the KS 1.0 method DDI.
#include "ks/method_set.h"

#include <cstring>

namespace openks::ks {

NTSTATUS handleMethod(PIRP irp, const AutomationView& automation)
{
    detail::RequestBuffers buffers;
    KSIDENTIFIER method;
    NTSTATUS status = detail::readIdentifierRequest(irp, &buffers, &method);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    const ULONG type = method.Flags & ~ULONG(KSMETHOD_TYPE_TOPOLOGY);
    const bool setSupport = type == KSMETHOD_TYPE_SETSUPPORT;
    const bool basicSupport = type == KSMETHOD_TYPE_BASICSUPPORT;
    if (!setSupport && !basicSupport && type > KSMETHOD_TYPE_SOURCE) {
        return STATUS_INVALID_PARAMETER;
    }
    if ((method.Flags & KSMETHOD_TYPE_TOPOLOGY) != 0 && buffers.inputLength < sizeof(KSM_NODE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (setSupport) {
        return answerSetSupport<KSMETHOD_SET>(irp, automation, method.Set, buffers.output, buffers.outputLength);
    }

    const AutomationMatch<KSMETHOD_SET> match = findAutomationItem<KSMETHOD_SET>(automation, method.Set, method.Id);
    if (match.item == nullptr) {
        return hasAutomationSet<KSMETHOD_SET>(automation, method.Set) ? STATUS_NOT_FOUND : STATUS_PROPSET_NOT_FOUND;
    }
    const KSMETHOD_ITEM& item = *match.item;
    if (buffers.inputLength < item.MinMethod) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    KSMETHOD_SET_IRP_STORAGE(irp) = match.set;
    KSMETHOD_ITEM_IRP_STORAGE(irp) = match.item;
    // KSMETHOD_TYPE_IRP_STORAGE's slot, written as a PVOID: the macro's
    // ULONG_PTR lvalue type-puns the slot (-Wstrict-aliasing at -O2).
    irp->Tail.Overlay.DriverContext[2] = reinterpret_cast<PVOID>(ULONG_PTR(item.Flags));

    if (basicSupport) {
        if (item.SupportHandler != nullptr) {
            return detail::callItemHandler(irp, item.SupportHandler, buffers);
        }
        if (buffers.outputLength == 0) {
            irp->IoStatus.Information = sizeof(ULONG);
            return STATUS_BUFFER_OVERFLOW;
        }
        if (buffers.outputLength < sizeof(ULONG)) {
            irp->IoStatus.Information = sizeof(ULONG);
            return STATUS_BUFFER_TOO_SMALL;
        }
        const ULONG flags = item.Flags;
        std::memcpy(buffers.output, &flags, sizeof(flags));
        irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_SUCCESS;
    }

    if (item.MethodHandler == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (buffers.outputLength < item.MinData) {
        irp->IoStatus.Information = item.MinData;
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = detail::callItemHandler(irp, item.MethodHandler, buffers);
    if (status != STATUS_PENDING && NT_ERROR(status) && status != STATUS_BUFFER_TOO_SMALL) {
        irp->IoStatus.Information = 0;
    }
    return status;
}

}  // namespace openks::ks

using openks::ks::AutomationView;

extern "C" {

// One table over the caller's set array (items of sizeof(KSMETHOD_ITEM)).
NTSTATUS NTAPI KsMethodHandler(PIRP Irp, ULONG MethodSetsCount, const KSMETHOD_SET* MethodSet)
{
    KSAUTOMATION_TABLE table{};
    table.MethodSetsCount = MethodSet == nullptr ? 0 : MethodSetsCount;
    table.MethodItemSize = sizeof(KSMETHOD_ITEM);
    table.MethodSets = MethodSet;
    const KSAUTOMATION_TABLE* tables[] = {&table};
    return openks::ks::handleMethod(Irp, AutomationView{tables, 1});
}

// The allocator is not called (see KsPropertyHandlerWithAllocator);
// otherwise identical to KsMethodHandler with the given item size.
NTSTATUS NTAPI KsMethodHandlerWithAllocator(PIRP Irp, ULONG MethodSetsCount, const KSMETHOD_SET* MethodSet,
                                            PFNKSALLOCATOR Allocator, ULONG MethodItemSize)
{
    (void)Allocator;
    KSAUTOMATION_TABLE table{};
    table.MethodSetsCount = MethodSet == nullptr ? 0 : MethodSetsCount;
    table.MethodItemSize = MethodItemSize == 0 ? ULONG(sizeof(KSMETHOD_ITEM)) : MethodItemSize;
    table.MethodSets = MethodSet;
    const KSAUTOMATION_TABLE* tables[] = {&table};
    return openks::ks::handleMethod(Irp, AutomationView{tables, 1});
}

// Calls Handler with the buffers handleMethod() would pass, without a lookup.
NTSTATUS NTAPI KsDispatchSpecificMethod(PIRP Irp, PFNKSHANDLER Handler)
{
    openks::ks::detail::RequestBuffers buffers;
    KSIDENTIFIER method;
    const NTSTATUS status = openks::ks::detail::readIdentifierRequest(Irp, &buffers, &method);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Handler == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return openks::ks::detail::callItemHandler(Irp, Handler, buffers);
}

// openks has no fast I/O path: always FALSE, so the request arrives as an IRP.
BOOLEAN NTAPI KsFastMethodHandler(PFILE_OBJECT FileObject, PKSMETHOD Method, ULONG MethodLength, PVOID Data,
                                  ULONG DataLength, PIO_STATUS_BLOCK IoStatus, ULONG MethodSetsCount,
                                  const KSMETHOD_SET* MethodSet)
{
    (void)FileObject;
    (void)Method;
    (void)MethodLength;
    (void)Data;
    (void)DataLength;
    (void)IoStatus;
    (void)MethodSetsCount;
    (void)MethodSet;
    return FALSE;
}

}  // extern "C"
