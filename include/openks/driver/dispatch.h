/* SPDX-License-Identifier: MIT */
/* The KS driver dispatch routines: major-function routing, default PnP/power handling and fast-I/O stubs. */
#pragma once

/*
 * A KS 1.0 driver points its major functions at KS, which routes each
 * request to the dispatch table of the object it targets (object_header.h):
 *
 *   NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry)
 *   {
 *       driver->MajorFunction[IRP_MJ_PNP] = KsDefaultDispatchPnp;
 *       driver->MajorFunction[IRP_MJ_POWER] = KsDefaultDispatchPower;
 *       KsSetMajorFunctionHandler(driver, IRP_MJ_CREATE);
 *       KsSetMajorFunctionHandler(driver, IRP_MJ_CLOSE);
 *       KsSetMajorFunctionHandler(driver, IRP_MJ_DEVICE_CONTROL);
 *       driver->DriverUnload = KsNullDriverUnload;
 *       ...
 *   }
 *
 * AVStream drivers get all of this from KsInitializeDriver.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* Serves IRP_MJ_QUERY_SECURITY from the object's create item security.  Completes the IRP; returns its status. */
NTSTATUS NTAPI KsDispatchQuerySecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* Serves IRP_MJ_SET_SECURITY.  Completes the IRP; returns its status. */
NTSTATUS NTAPI KsDispatchSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* A DriverUnload that does nothing. */
void NTAPI KsNullDriverUnload(PDRIVER_OBJECT DriverObject);

/*
 * Points DriverObject->MajorFunction[MajorFunction] at KS routing (the
 * object's dispatch table, or create item routing for IRP_MJ_CREATE);
 * with KSDISPATCH_FASTIO set, installs the fast I/O entry points instead.
 * Returns STATUS_SUCCESS or STATUS_INVALID_PARAMETER (unsupported major
 * function).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsSetMajorFunctionHandler(PDRIVER_OBJECT DriverObject, ULONG MajorFunction);

/* Completes Irp with STATUS_INVALID_DEVICE_REQUEST and returns it. */
NTSTATUS NTAPI KsDispatchInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/*
 * The device-control handler for objects without one: answers the KS
 * IOCTLs with the documented "not supported" statuses
 * (STATUS_PROPSET_NOT_FOUND, STATUS_INVALID_DEVICE_REQUEST...).  Completes
 * the IRP; returns its status.
 */
NTSTATUS NTAPI KsDefaultDeviceIoCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/*
 * Routes Irp to the dispatch table of the object it targets (or to create
 * item routing for a create).  Returns that routine's status.
 */
NTSTATUS NTAPI KsDispatchIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* A fast-I/O device control that always declines (FALSE: use the IRP path). */
BOOLEAN NTAPI KsDispatchFastIoDeviceControlFailure(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                                                   ULONG InputBufferLength, PVOID OutputBuffer,
                                                   ULONG OutputBufferLength, ULONG IoControlCode,
                                                   PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject);

/* A fast-I/O read (or write) that always declines. */
BOOLEAN NTAPI KsDispatchFastReadFailure(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
                                        ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus,
                                        PDEVICE_OBJECT DeviceObject);
#define KsDispatchFastWriteFailure KsDispatchFastReadFailure

/*
 * The default IRP_MJ_PNP handler: forwards to the PnP object recorded in
 * the device header and tears the header down on removal.  Returns the
 * lower driver's status.
 */
NTSTATUS NTAPI KsDefaultDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* The default IRP_MJ_POWER handler: calls the object's power dispatch, then forwards down.  Returns the status. */
NTSTATUS NTAPI KsDefaultDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* Forwards an IRP to the PnP object recorded in the device header.  Returns the lower driver's status. */
NTSTATUS NTAPI KsDefaultForwardIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/*
 * In a dispatch routine: if pIrp comes from user mode, fails it with
 * STATUS_INVALID_DEVICE_REQUEST (completing it when CompleteRequest is
 * TRUE) and returns that status from the enclosing function.
 */
#define DENY_USERMODE_ACCESS(pIrp, CompleteRequest)                      \
    if ((pIrp)->RequestorMode != KernelMode) {                           \
        (pIrp)->IoStatus.Information = 0;                                \
        (pIrp)->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;         \
        if (CompleteRequest) IoCompleteRequest((pIrp), IO_NO_INCREMENT); \
        return STATUS_INVALID_DEVICE_REQUEST;                            \
    }

OPENKS_END_C
