/* SPDX-License-Identifier: MIT */
/* KS IRP helpers: stream I/O to other KS objects, probing, cancelable queues, forwarding and reset values. */
#pragma once

/*
 * Functions a KS driver uses on requests it receives or sends: probe the
 * stream headers of a read/write IRP, park IRPs on a cancelable queue,
 * forward an IRP to another KS object, or issue stream I/O itself:
 *
 *   status = KsProbeStreamIrp(irp, KSPROBE_STREAMWRITE | KSPROBE_ALLOCATEMDL | KSPROBE_PROBEANDLOCK,
 *                             sizeof(KSSTREAM_HEADER));
 *   if (NT_SUCCESS(status)) {
 *       KsAddIrpToCancelableQueue(&queue, &queueLock, irp, KsListEntryTail, NULL);
 *       return STATUS_PENDING;
 *   }
 *
 * KsSynchronousIoControlDevice, which sends an IOCTL with a chosen
 * requestor mode, is declared with the I/O manager in <openks/ks/wdm.h>.
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* When KsStreamIo's completion routine runs (flags, combinable). */
typedef enum { KsInvokeOnSuccess = 1, KsInvokeOnError = 2, KsInvokeOnCancel = 4 } KSCOMPLETION_INVOCATION;

/* Which end of a queue to add to or take from. */
typedef enum { KsListEntryTail, KsListEntryHead } KSLIST_ENTRY_LOCATION;

/* What KsRemoveIrpFromCancelableQueue does with the IRP it finds. */
typedef enum {
    KsAcquireOnly,                   /* return the first acquirable IRP, leave it queued */
    KsAcquireAndRemove,              /* return it and remove it */
    KsAcquireOnlySingleItem,         /* like KsAcquireOnly, but only if it is at the given end */
    KsAcquireAndRemoveOnlySingleItem /* like KsAcquireAndRemove, same restriction */
} KSIRP_REMOVAL_OPERATION;

/* How KsForwardAndCatchIrp uses the IRP stack. */
typedef enum { KsStackCopyToNewLocation, KsStackReuseCurrentLocation, KsStackUseNewLocation } KSSTACK_USE;

/*
 * Decides, for each IRP KsMoveIrpsOnCancelableQueue visits, whether it
 * moves: STATUS_SUCCESS moves it, STATUS_NO_MATCH skips it, any other
 * status stops the walk.  Called with both queue locks held: must not block.
 */
typedef NTSTATUS (*PFNKSIRPLISTCALLBACK)(PIRP Irp, PVOID Context);

/* While an IRP sits on a KS cancelable queue, its driver context holds the queue's spin lock. */
#define KSQUEUE_SPINLOCK_IRP_STORAGE(Irp) (*(PKSPIN_LOCK *)&(Irp)->Tail.Overlay.DriverContext[1])

/*
 * Reads from a KS object: an IRP_MJ_READ of Length bytes into Buffer with
 * Key, on behalf of RequestorMode.  Event (may be NULL) is signalled and
 * *IoStatusBlock filled on completion.  Returns STATUS_PENDING or the final
 * status.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsReadFile(PFILE_OBJECT FileObject, PKEVENT Event, PVOID PortContext, PIO_STATUS_BLOCK IoStatusBlock,
                          PVOID Buffer, ULONG Length, ULONG Key, KPROCESSOR_MODE RequestorMode);

/* Writes to a KS object: the IRP_MJ_WRITE counterpart of KsReadFile.  Same statuses.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsWriteFile(PFILE_OBJECT FileObject, PKEVENT Event, PVOID PortContext, PIO_STATUS_BLOCK IoStatusBlock,
                           PVOID Buffer, ULONG Length, ULONG Key, KPROCESSOR_MODE RequestorMode);

/* Queries file information of a KS object (IRP_MJ_QUERY_INFORMATION, synchronous).  Returns its status.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsQueryInformationFile(PFILE_OBJECT FileObject, PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass);

/* Sets file information of a KS object (IRP_MJ_SET_INFORMATION, synchronous).  Returns its status.  PASSIVE_LEVEL. */
NTSTATUS NTAPI KsSetInformationFile(PFILE_OBJECT FileObject, PVOID FileInformation, ULONG Length,
                                    FILE_INFORMATION_CLASS FileInformationClass);

/*
 * Sends stream headers to a KS pin: IOCTL_KS_READ_STREAM (Flags has
 * KSSTREAM_READ) or IOCTL_KS_WRITE_STREAM (KSSTREAM_WRITE), Length bytes of
 * headers at StreamHeaders, on behalf of RequestorMode.  CompletionRoutine
 * (may be NULL) runs as CompletionInvocationFlags says; with
 * KSSTREAM_SYNCHRONOUS the call waits for completion.  Returns
 * STATUS_PENDING or the final status; STATUS_INSUFFICIENT_RESOURCES if no
 * IRP could be built.  PASSIVE_LEVEL (any thread for asynchronous calls).
 */
NTSTATUS NTAPI KsStreamIo(PFILE_OBJECT FileObject, PKEVENT Event, PVOID PortContext,
                          PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID CompletionContext,
                          KSCOMPLETION_INVOCATION CompletionInvocationFlags, PIO_STATUS_BLOCK IoStatusBlock,
                          PVOID StreamHeaders, ULONG Length, ULONG Flags, KPROCESSOR_MODE RequestorMode);

/*
 * Validates (for a user-mode requestor) and captures the stream headers of
 * a read/write stream IRP per ProbeFlags (KSPROBE_*); HeaderSize is the
 * exact header size expected, or 0 to accept any valid size.  With
 * KSPROBE_ALLOCATEMDL/PROBEANDLOCK it also builds and locks the data MDLs.
 * Returns STATUS_SUCCESS, STATUS_INVALID_BUFFER_SIZE (bad header sizes,
 * lengths or DataUsed), STATUS_INVALID_PARAMETER (format change not
 * allowed), STATUS_ACCESS_VIOLATION (unreadable buffer) or
 * STATUS_INSUFFICIENT_RESOURCES.  ks-spec §4.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsProbeStreamIrp(PIRP Irp, ULONG ProbeFlags, ULONG HeaderSize);

/*
 * Copies the extra data that follows each stream header (headers larger
 * than KSSTREAM_HEADER) into one system buffer of ExtraSize bytes per
 * header; *ExtraBuffer receives it (the caller frees it with ExFreePool).
 * Returns STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES or
 * STATUS_INVALID_BUFFER_SIZE.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAllocateExtraData(PIRP Irp, ULONG ExtraSize, PVOID *ExtraBuffer);

/*
 * The default cancel routine of KS cancelable queues: removes the IRP from
 * its queue and completes it with STATUS_CANCELLED.  Called by the I/O
 * manager with the cancel spin lock held.
 */
void NTAPI KsCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* Cancels every IRP on QueueHead (protected by SpinLock).  Any thread; must not hold SpinLock. */
void NTAPI KsCancelIo(PLIST_ENTRY QueueHead, PKSPIN_LOCK SpinLock);

/*
 * Puts an IRP acquired with KsAcquireOnly back under cancel protection with
 * DriverCancel (NULL: KsCancelRoutine); if it was cancelled meanwhile, the
 * cancel routine runs now.  Any thread.
 */
void NTAPI KsReleaseIrpOnCancelableQueue(PIRP Irp, PDRIVER_CANCEL DriverCancel);

/*
 * Takes the first IRP from the ListLocation end of QueueHead that is not
 * being cancelled, as RemovalOperation says, and returns it (no longer
 * cancelable), or NULL.  Any thread.
 */
PIRP NTAPI KsRemoveIrpFromCancelableQueue(PLIST_ENTRY QueueHead, PKSPIN_LOCK SpinLock,
                                          KSLIST_ENTRY_LOCATION ListLocation, KSIRP_REMOVAL_OPERATION RemovalOperation);

/*
 * Moves the IRPs of SourceList that ListCallback accepts to
 * DestinationList, walking from the ListLocation end.  Returns
 * STATUS_SUCCESS or the status that stopped the walk.  Any thread.
 */
NTSTATUS NTAPI KsMoveIrpsOnCancelableQueue(PLIST_ENTRY SourceList, PKSPIN_LOCK SourceLock, PLIST_ENTRY DestinationList,
                                           PKSPIN_LOCK DestinationLock, KSLIST_ENTRY_LOCATION ListLocation,
                                           PFNKSIRPLISTCALLBACK ListCallback, PVOID Context);

/* Removes an IRP acquired with KsAcquireOnly from its queue (it stays non-cancelable).  Any thread. */
void NTAPI KsRemoveSpecificIrpFromCancelableQueue(PIRP Irp);

/*
 * Adds Irp at the ListLocation end of QueueHead under cancel protection
 * with DriverCancel (NULL: KsCancelRoutine).  If the IRP was already
 * cancelled, the cancel routine runs at once.  Any thread.
 */
void NTAPI KsAddIrpToCancelableQueue(PLIST_ENTRY QueueHead, PKSPIN_LOCK SpinLock, PIRP Irp,
                                     KSLIST_ENTRY_LOCATION ListLocation, PDRIVER_CANCEL DriverCancel);

/*
 * Reads the KSRESET of an IOCTL_KS_RESET_STATE IRP into *ResetValue.
 * Returns STATUS_SUCCESS, STATUS_INVALID_PARAMETER (input shorter than
 * KSRESET or a value other than BEGIN/END) or the probe failure.
 * ks-spec §2.5.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsAcquireResetValue(PIRP Irp, KSRESET *ResetValue);

/*
 * Sends Irp on to the device of FileObject (the IRP's file object becomes
 * FileObject), reusing the current stack location when ReuseStackLocation
 * is TRUE.  Returns IoCallDriver's status, or completes the IRP with
 * STATUS_INVALID_DEVICE_REQUEST if the stack is too short.  Any thread.
 */
NTSTATUS NTAPI KsForwardIrp(PIRP Irp, PFILE_OBJECT FileObject, BOOLEAN ReuseStackLocation);

/*
 * Sends Irp to DeviceObject/FileObject and waits for it to come back without
 * completing it, so the caller keeps ownership.  Returns the IRP's final
 * status.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsForwardAndCatchIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp, PFILE_OBJECT FileObject,
                                    KSSTACK_USE StackUse);

/*
 * Completes an IRP that a KS object's handler left STATUS_PENDING (or
 * finishes a close), honouring the object's dispatch rules.  Any thread.
 */
void NTAPI KsCompletePendingRequest(PIRP Irp);

OPENKS_END_C
