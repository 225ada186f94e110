// SPDX-License-Identifier: MIT
// Device control requests, KsSynchronousIoControlDevice and ObReferenceObjectByHandle.
#include "io/request.h"

#include "io/event.h"
#include "io/file.h"
#include "io/handle_table.h"
#include "io/object.h"

namespace openks::io {
namespace {

// IOCTL access bits (CTL_CODE bits 15:14).
constexpr ULONG kFileReadAccess = 0x1;
constexpr ULONG kFileWriteAccess = 0x2;

// Builds and sends the IRP.  Takes over the caller's reference on `file`,
// which the IRP holds until its completion has notified the issuer.
NTSTATUS issue(const Requestor& requestor, PFILE_OBJECT file, ULONG code, PVOID input, ULONG inputLength, PVOID output,
               ULONG outputLength, PIO_STATUS_BLOCK iosb, PKEVENT event, CompletionSink sink, PVOID userKey,
               bool referenceEvent, bool* issued)
{
    IO_STATUS_BLOCK localIosb;
    KEVENT localEvent;
    bool holdEvent = referenceEvent && event != nullptr;  // never our local event
    bool synchronous = (file->Flags & FO_SYNCHRONOUS_IO) != 0;
    if (synchronous) {
        if (iosb == nullptr) iosb = &localIosb;
        if (event == nullptr) {
            KeInitializeEvent(&localEvent, NotificationEvent, FALSE);
            event = &localEvent;
        }
    }
    PIRP irp = allocateRequestIrp(OPENKS_IRP_STACK_SIZE);
    if (irp == nullptr) {
        ObfDereferenceObject(file);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (issued != nullptr) *issued = true;
    KeClearEvent(event != nullptr ? event : &file->Event);

    irp->RequestorMode = requestor.mode;
    irp->UserIosb = iosb;
    irp->UserEvent = event;
    irp->UserBuffer = output;
    irp->Tail.Overlay.OriginalFileObject = file;
    PIO_STACK_LOCATION location = IoGetNextIrpStackLocation(irp);
    location->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    location->FileObject = file;
    location->Parameters.DeviceIoControl.OutputBufferLength = outputLength;
    location->Parameters.DeviceIoControl.InputBufferLength = inputLength;
    location->Parameters.DeviceIoControl.IoControlCode = code;
    location->Parameters.DeviceIoControl.Type3InputBuffer = input;
    setIrpIssuer(irp, sink, userKey);
    setIrpFileReference(irp, true);
    if (holdEvent) {
        ObfReferenceObject(event);
        setIrpEventReference(irp, true);
    }
    trackIrp(irp, fileOutstandingIrps(file));
    PDEVICE_OBJECT target = fileTargetDevice(file);

    // From here the file may go away with the IRP's completion: do not touch it.
    NTSTATUS status;
    {
        RequestorScope scope(requestor);
        status = IoCallDriver(target, irp);
    }
    if (synchronous && status == STATUS_PENDING) {
        (void)waitForEvent(event, nullptr);
        status = __atomic_load_n(&iosb->Status, __ATOMIC_ACQUIRE);
    }
    return status;
}

}  // namespace

bool ioctlAccessGranted(ULONG code, ACCESS_MASK granted)
{
    ULONG required = (code >> 14) & 3;
    if ((required & kFileReadAccess) && !(granted & FILE_READ_DATA)) return false;
    if ((required & kFileWriteAccess) && !(granted & FILE_WRITE_DATA)) return false;
    return true;
}

NTSTATUS deviceIoControl(const Requestor& requestor, HANDLE handle, ULONG code, PVOID input, ULONG inputLength,
                         PVOID output, ULONG outputLength, PIO_STATUS_BLOCK iosb, PKEVENT event, CompletionSink sink,
                         PVOID userKey, bool referenceEvent, bool* issued)
{
    if (issued != nullptr) *issued = false;
    if (requestor.handles == nullptr) return STATUS_INVALID_HANDLE;
    void* object;
    ACCESS_MASK granted;
    NTSTATUS status = requestor.handles->reference(handle, 0, *IoFileObjectType, requestor.mode, &object, &granted);
    if (status == STATUS_OBJECT_TYPE_MISMATCH) return STATUS_INVALID_HANDLE;  // not a file
    if (!NT_SUCCESS(status)) return status;
    if (requestor.mode != KernelMode && !ioctlAccessGranted(code, granted)) {
        ObfDereferenceObject(object);
        return STATUS_ACCESS_DENIED;
    }
    return issue(requestor, static_cast<PFILE_OBJECT>(object), code, input, inputLength, output, outputLength, iosb,
                 event, sink, userKey, referenceEvent, issued);
}

NTSTATUS deviceIoControl(const Requestor& requestor, PFILE_OBJECT file, ULONG code, PVOID input, ULONG inputLength,
                         PVOID output, ULONG outputLength, PIO_STATUS_BLOCK iosb, PKEVENT event, CompletionSink sink,
                         PVOID userKey, bool referenceEvent, bool* issued)
{
    if (issued != nullptr) *issued = false;
    if (file == nullptr) return STATUS_INVALID_PARAMETER;
    if (requestor.mode != KernelMode && !ioctlAccessGranted(code, fileGrantedAccess(file))) {
        return STATUS_ACCESS_DENIED;
    }
    ObfReferenceObject(file);
    return issue(requestor, file, code, input, inputLength, output, outputLength, iosb, event, sink, userKey,
                 referenceEvent, issued);
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

NTSTATUS NTAPI KsSynchronousIoControlDevice(PFILE_OBJECT FileObject, KPROCESSOR_MODE RequestorMode, ULONG IoControl,
                                            PVOID InBuffer, ULONG InSize, PVOID OutBuffer, ULONG OutSize,
                                            PULONG BytesReturned)
{
    if (BytesReturned != nullptr) *BytesReturned = 0;
    if (FileObject == nullptr) return STATUS_INVALID_PARAMETER;
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IO_STATUS_BLOCK iosb{};
    // Handles named inside the request still resolve in the table of the
    // request this call is nested in (if any): only the mode changes.
    Requestor requestor{currentRequestor().handles, RequestorMode};
    NTSTATUS status = deviceIoControl(requestor, FileObject, IoControl, InBuffer, InSize, OutBuffer, OutSize, &iosb,
                                      &done, CompletionSink{}, nullptr);
    if (status == STATUS_PENDING) {
        (void)waitForEvent(&done, nullptr);
        status = iosb.Status;
    }
    // The event is set once the IRP completed; a request refused before an
    // IRP existed has no Information.
    if (BytesReturned != nullptr && KeReadStateEvent(&done)) *BytesReturned = static_cast<ULONG>(iosb.Information);
    return status;
}

NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                         KPROCESSOR_MODE AccessMode, PVOID* Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation)
{
    if (Object == nullptr) return STATUS_INVALID_PARAMETER;
    *Object = nullptr;
    Requestor requestor = currentRequestor();
    ACCESS_MASK granted = 0;
    NTSTATUS status = requestor.handles->reference(Handle, DesiredAccess, ObjectType, AccessMode, Object, &granted);
    if (NT_SUCCESS(status) && HandleInformation != nullptr) {
        HandleInformation->HandleAttributes = 0;
        HandleInformation->GrantedAccess = granted;
    }
    return status;
}

}  // extern "C"
