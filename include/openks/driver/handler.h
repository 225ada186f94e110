/* SPDX-License-Identifier: MIT */
/* The handler callback types shared by property, method and event items. */
#pragma once

/*
 * A property, method or event item names the driver function that serves
 * it.  Every item handler has the PFNKSHANDLER shape; the request and data
 * pointers are already probed and, for a property, Data is the output buffer
 * of a GET or the input of a SET:
 *
 *   static NTSTATUS GetCount(PIRP irp, PKSIDENTIFIER request, PVOID data)
 *   {
 *       *(PULONG)data = 2;
 *       irp->IoStatus.Information = sizeof(ULONG);
 *       return STATUS_SUCCESS;
 *   }
 *
 * Drivers usually declare handlers with the narrower pointer types
 * (PKSPROPERTY, PULONG...); the DEFINE_* item macros cast them.
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/*
 * Serves one property, method or event support request.  Irp is the request
 * (its IoStatus.Information is set by the handler to the bytes returned);
 * Request is the KSPROPERTY/KSMETHOD/KSEVENT header (or a larger structure
 * that starts with one); Data is the data buffer.  Returns the request's
 * status.  Called at PASSIVE_LEVEL on the thread dispatching the request.
 */
typedef NTSTATUS (*PFNKSHANDLER)(PIRP Irp, PKSIDENTIFIER Request, PVOID Data);

/*
 * The fast-I/O form of a handler: serves the request synchronously without
 * an IRP.  Returns TRUE if it handled the request (status in IoStatus), FALSE
 * to have it sent again as an IRP.  Any thread.
 */
typedef BOOLEAN (*PFNKSFASTHANDLER)(PFILE_OBJECT FileObject, PKSIDENTIFIER Request, ULONG RequestLength, PVOID Data,
                                    ULONG DataLength, PIO_STATUS_BLOCK IoStatus);

/*
 * Allocates the system buffer of a property, method or event request itself
 * (KsPropertyHandlerWithAllocator and friends): BufferSize bytes,
 * InputOperation TRUE when the buffer is copied back to the caller.  Stores
 * the buffer in Irp->AssociatedIrp.SystemBuffer; returns STATUS_SUCCESS or
 * STATUS_INSUFFICIENT_RESOURCES.  PASSIVE_LEVEL.
 */
typedef NTSTATUS (*PFNKSALLOCATOR)(PIRP Irp, ULONG BufferSize, BOOLEAN InputOperation);

/*
 * A context-carrying dispatch routine (KsSetPowerDispatch): Context is the
 * value registered with it.  Returns the IRP's status.
 */
typedef NTSTATUS (*PFNKSCONTEXT_DISPATCH)(PVOID Context, PIRP Irp);

OPENKS_END_C
