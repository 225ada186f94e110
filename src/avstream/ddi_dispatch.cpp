// SPDX-License-Identifier: MIT
// KS DDI dispatch helpers: IRP forwarding, default completions, fast-I/O failures and the KS 1.0 file I/O calls.

#include "avstream/ddi_support.h"

namespace {

// KsForwardAndCatchIrp's completion routine: hands the IRP back to the
// forwarder instead of letting it complete further up.
NTSTATUS NTAPI catchCompletion(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
    (void)device;
    (void)irp;
    KeSetEvent(static_cast<PRKEVENT>(context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

bool hasNextLocation(PIRP irp) { return irp->CurrentLocation > 1; }

NTSTATUS completeWith(PIRP irp, NTSTATUS status)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

}  // namespace

extern "C" {

// Sends Irp to the device of FileObject with FileObject in its stack
// location (the current location reused or copied to the next).  Returns what
// IoCallDriver returns; an IRP with no next stack location is completed with
// STATUS_INVALID_DEVICE_REQUEST.
NTSTATUS NTAPI KsForwardIrp(PIRP Irp, PFILE_OBJECT FileObject, BOOLEAN ReuseStackLocation)
{
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    PDEVICE_OBJECT target = FileObject != nullptr ? IoGetRelatedDeviceObject(FileObject) : nullptr;
    if (target == nullptr) return completeWith(Irp, STATUS_INVALID_PARAMETER);
    if (!hasNextLocation(Irp)) return completeWith(Irp, STATUS_INVALID_DEVICE_REQUEST);
    if (ReuseStackLocation)
        IoSkipCurrentIrpStackLocation(Irp);
    else
        IoCopyCurrentIrpStackLocationToNext(Irp);
    IoGetNextIrpStackLocation(Irp)->FileObject = FileObject;
    return IoCallDriver(target, Irp);
}

// Sends Irp to DeviceObject (with FileObject, when given, in its stack
// location) and waits until that driver completes it; the IRP comes back to
// the caller, not completed.  Returns the IRP's final status;
// STATUS_INVALID_DEVICE_REQUEST (not sent) when there is no next stack
// location.  PASSIVE_LEVEL: blocks.
NTSTATUS NTAPI KsForwardAndCatchIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp, PFILE_OBJECT FileObject,
                                    KSSTACK_USE StackUse)
{
    (void)StackUse;  // openks always forwards into the next location (a reused location cannot be caught)
    if (DeviceObject == nullptr || Irp == nullptr) return STATUS_INVALID_PARAMETER;
    if (!hasNextLocation(Irp)) return STATUS_INVALID_DEVICE_REQUEST;
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    if (FileObject != nullptr) IoGetNextIrpStackLocation(Irp)->FileObject = FileObject;
    IoSetCompletionRoutine(Irp, catchCompletion, &done, TRUE, TRUE, TRUE);
    NTSTATUS status = IoCallDriver(DeviceObject, Irp);
    if (status == STATUS_PENDING) {
        (void)KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
        status = Irp->IoStatus.Status;
    }
    return status;
}

// openks objects carry no security descriptors: queries and sets succeed
// with nothing transferred (Information 0).
NTSTATUS NTAPI KsDispatchQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    return completeWith(Irp, STATUS_SUCCESS);
}

NTSTATUS NTAPI KsDispatchSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    return completeWith(Irp, STATUS_SUCCESS);
}

// Completes a device control nobody serves: STATUS_PROPSET_NOT_FOUND for
// property, method and enable-event requests (ks-spec §9), otherwise
// STATUS_INVALID_DEVICE_REQUEST.  Returns the status it completed with.
NTSTATUS NTAPI KsDefaultDeviceIoCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    if (Irp == nullptr) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp != nullptr && sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
        if (code == IOCTL_KS_PROPERTY || code == IOCTL_KS_METHOD || code == IOCTL_KS_ENABLE_EVENT)
            status = STATUS_PROPSET_NOT_FOUND;
    }
    return completeWith(Irp, status);
}

// Fast I/O is never taken: the request goes the IRP way.
BOOLEAN NTAPI KsDispatchFastIoDeviceControlFailure(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                                                   ULONG InputBufferLength, PVOID OutputBuffer,
                                                   ULONG OutputBufferLength, ULONG IoControlCode,
                                                   PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    (void)FileObject;
    (void)Wait;
    (void)InputBuffer;
    (void)InputBufferLength;
    (void)OutputBuffer;
    (void)OutputBufferLength;
    (void)IoControlCode;
    (void)IoStatus;
    (void)DeviceObject;
    return FALSE;
}

BOOLEAN NTAPI KsDispatchFastReadFailure(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
                                        ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus,
                                        PDEVICE_OBJECT DeviceObject)
{
    (void)FileObject;
    (void)FileOffset;
    (void)Length;
    (void)Wait;
    (void)LockKey;
    (void)Buffer;
    (void)IoStatus;
    (void)DeviceObject;
    return FALSE;
}

// KS objects have no read/write/file-information paths in openks (streams use
// IOCTL_KS_READ_STREAM / WRITE_STREAM): these are STATUS_NOT_SUPPORTED.
NTSTATUS NTAPI KsReadFile(PFILE_OBJECT FileObject, PKEVENT Event, PVOID PortContext, PIO_STATUS_BLOCK IoStatusBlock,
                          PVOID Buffer, ULONG Length, ULONG Key, KPROCESSOR_MODE RequestorMode)
{
    (void)FileObject;
    (void)Event;
    (void)PortContext;
    (void)IoStatusBlock;
    (void)Buffer;
    (void)Length;
    (void)Key;
    (void)RequestorMode;
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS NTAPI KsWriteFile(PFILE_OBJECT FileObject, PKEVENT Event, PVOID PortContext, PIO_STATUS_BLOCK IoStatusBlock,
                           PVOID Buffer, ULONG Length, ULONG Key, KPROCESSOR_MODE RequestorMode)
{
    (void)FileObject;
    (void)Event;
    (void)PortContext;
    (void)IoStatusBlock;
    (void)Buffer;
    (void)Length;
    (void)Key;
    (void)RequestorMode;
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS NTAPI KsQueryInformationFile(PFILE_OBJECT FileObject, PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass)
{
    (void)FileObject;
    (void)FileInformation;
    (void)Length;
    (void)FileInformationClass;
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS NTAPI KsSetInformationFile(PFILE_OBJECT FileObject, PVOID FileInformation, ULONG Length,
                                    FILE_INFORMATION_CLASS FileInformationClass)
{
    (void)FileObject;
    (void)FileInformation;
    (void)Length;
    (void)FileInformationClass;
    return STATUS_NOT_SUPPORTED;
}

// Kernel-mode stream IRPs on another driver's pin are not issued yet.
NTSTATUS NTAPI KsStreamIo(PFILE_OBJECT FileObject, PKEVENT Event, PVOID PortContext,
                          PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID CompletionContext,
                          KSCOMPLETION_INVOCATION CompletionInvocationFlags, PIO_STATUS_BLOCK IoStatusBlock,
                          PVOID StreamHeaders, ULONG Length, ULONG Flags, KPROCESSOR_MODE RequestorMode)
{
    (void)FileObject;
    (void)Event;
    (void)PortContext;
    (void)CompletionRoutine;
    (void)CompletionContext;
    (void)CompletionInvocationFlags;
    (void)IoStatusBlock;
    (void)StreamHeaders;
    (void)Length;
    (void)Flags;
    (void)RequestorMode;
    openks::avstream::logNotImplemented("KsStreamIo");
    return STATUS_NOT_IMPLEMENTED;
}

}  // extern "C"
