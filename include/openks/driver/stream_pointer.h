/* SPDX-License-Identifier: MIT */
/* KSSTREAM_POINTER: a driver's cursor into the frames queued on a pin, and the functions that move it. */
#pragma once

/*
 * Every standard-transport pin queues frames (one per KSSTREAM_HEADER of
 * each read or write IRP).  A stream pointer sits on one frame; while it is
 * locked the driver may touch the frame's data through OffsetIn (input
 * pins) or OffsetOut (output pins), and the frame cannot be cancelled.  The
 * frame's IRP completes when every pointer has left it:
 *
 *   NTSTATUS PinProcess(PKSPIN pin)
 *   {
 *       PKSSTREAM_POINTER sp = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
 *       if (sp == NULL) return STATUS_PENDING;            // no frame queued
 *       ULONG n = sp->OffsetOut.Remaining;
 *       Fill(sp->OffsetOut.Data, n);
 *       sp->StreamHeader->DataUsed = n;
 *       KsStreamPointerAdvanceOffsetsAndUnlock(sp, 0, n, TRUE);   // frame done
 *       return STATUS_SUCCESS;
 *   }
 *
 * The leading (and optional trailing) edge pointers belong to the queue;
 * clones belong to the driver until KsStreamPointerDelete.  Stream pointer
 * functions are called from Process or with the processing mutex held,
 * unless a comment says otherwise.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* The lock state asked of an edge pointer. */
typedef enum { KSSTREAM_POINTER_STATE_UNLOCKED = 0, KSSTREAM_POINTER_STATE_LOCKED } KSSTREAM_POINTER_STATE;

/* One scatter/gather mapping of a frame (KSPIN_FLAG_GENERATE_MAPPINGS). */
struct _KSMAPPING {
    PHYSICAL_ADDRESS PhysicalAddress;
    ULONG ByteCount;
    ULONG Alignment;
};

/* Where a pointer is within its frame, in bytes (or mappings). */
struct _KSSTREAM_POINTER_OFFSET {
    union {
        PUCHAR Data;         /* the byte at the pointer */
        PKSMAPPING Mappings; /* the mapping at the pointer (GENERATE_MAPPINGS pins) */
    };
    ULONG Count;     /* bytes (or mappings) in the frame; fixed while the pointer stays on it */
    ULONG Remaining; /* bytes (or mappings) at and after the pointer */
};

/* A stream pointer.  Offset points at OffsetIn for an input pin, OffsetOut for an output pin. */
struct _KSSTREAM_POINTER {
    PVOID Context; /* a clone's ContextSize bytes, else NULL */
    PKSPIN Pin;
    PKSSTREAM_HEADER StreamHeader; /* the current frame's header; NULL when unlocked */
    PKSSTREAM_POINTER_OFFSET Offset;
    KSSTREAM_POINTER_OFFSET OffsetIn;
    KSSTREAM_POINTER_OFFSET OffsetOut;
};

/* A stream pointer notification: a clone's frame is being cancelled, or a scheduled timeout expired. */
typedef void (*PFNKSSTREAMPOINTER)(PKSSTREAM_POINTER StreamPointer);

/*
 * The queue's leading edge.  UNLOCKED: always returned (it may have no
 * frame).  LOCKED: NULL if no frame is at the edge or the pin has no queue,
 * else the edge locked on its frame.  Any thread holding the processing
 * mutex.
 */
PKSSTREAM_POINTER NTAPI KsPinGetLeadingEdgeStreamPointer(PKSPIN Pin, KSSTREAM_POINTER_STATE State);

/* The trailing edge (KSPIN_FLAG_DISTINCT_TRAILING_EDGE pins; else NULL), with the same State rules. */
PKSSTREAM_POINTER NTAPI KsPinGetTrailingEdgeStreamPointer(PKSPIN Pin, KSSTREAM_POINTER_STATE State);

/*
 * The status with which the IRP owning the pointer's frame completes (unless
 * a later call changes it).  Returns STATUS_SUCCESS, or
 * STATUS_DEVICE_NOT_READY if the pointer has no frame.
 */
NTSTATUS NTAPI KsStreamPointerSetStatusCode(PKSSTREAM_POINTER StreamPointer, NTSTATUS Status);

/* Locks the pointer on its frame.  Returns STATUS_SUCCESS or STATUS_DEVICE_NOT_READY (no frame, or cancelled). */
NTSTATUS NTAPI KsStreamPointerLock(PKSSTREAM_POINTER StreamPointer);

/* Unlocks the pointer; with Eject TRUE it also leaves its frame (advances to the next). */
void NTAPI KsStreamPointerUnlock(PKSSTREAM_POINTER StreamPointer, BOOLEAN Eject);

/*
 * Moves a locked pointer InUsed bytes in OffsetIn and OutUsed in OffsetOut
 * (never beyond Remaining), leaves the frame if Remaining reaches 0 or
 * Eject is TRUE, then unlocks.
 */
void NTAPI KsStreamPointerAdvanceOffsetsAndUnlock(PKSSTREAM_POINTER StreamPointer, ULONG InUsed, ULONG OutUsed,
                                                  BOOLEAN Eject);

/* Deletes a clone (edge pointers cannot be deleted), releasing its frame. */
void NTAPI KsStreamPointerDelete(PKSSTREAM_POINTER StreamPointer);

/*
 * Clones a pointer: the clone sits on the same frame in the same lock
 * state and holds the frame.  ContextSize bytes (zeroed) follow the clone;
 * Context points at them.  CancelCallback (may be NULL) runs if the clone's
 * frame is cancelled.  Returns STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS NTAPI KsStreamPointerClone(PKSSTREAM_POINTER StreamPointer, PFNKSSTREAMPOINTER CancelCallback,
                                    ULONG ContextSize, PKSSTREAM_POINTER *CloneStreamPointer);

/*
 * Moves a locked pointer InUsed/OutUsed bytes; if Remaining reaches 0 or
 * Eject is TRUE, moves to the next frame and locks it.  Returns
 * STATUS_SUCCESS, or STATUS_DEVICE_NOT_READY if the pointer was unlocked or
 * no next frame could be locked.
 */
NTSTATUS NTAPI KsStreamPointerAdvanceOffsets(PKSSTREAM_POINTER StreamPointer, ULONG InUsed, ULONG OutUsed,
                                             BOOLEAN Eject);

/*
 * Moves the pointer to the next frame.  Locked: re-locks there and returns
 * STATUS_DEVICE_NOT_READY if that fails (no next frame).  Unlocked: always
 * STATUS_SUCCESS.
 */
NTSTATUS NTAPI KsStreamPointerAdvance(PKSSTREAM_POINTER StreamPointer);

/* The MDL of the pointer's frame, or NULL (unlocked or no MDL). */
PMDL NTAPI KsStreamPointerGetMdl(PKSSTREAM_POINTER StreamPointer);

/*
 * The IRP owning the pointer's frame, or NULL if unlocked or the frame came
 * from KsPinSubmitFrame.  *FirstFrameInIrp and *LastFrameInIrp (either may be
 * NULL) tell whether the frame is the IRP's first/last.
 */
PIRP NTAPI KsStreamPointerGetIrp(PKSSTREAM_POINTER StreamPointer, PBOOLEAN FirstFrameInIrp, PBOOLEAN LastFrameInIrp);

/*
 * Calls Callback with the pointer (an unlocked clone) after Interval (100 ns
 * units) unless cancelled first.  Replaces a pending timeout.
 */
void NTAPI KsStreamPointerScheduleTimeout(PKSSTREAM_POINTER StreamPointer, PFNKSSTREAMPOINTER Callback,
                                          ULONGLONG Interval);

/* Cancels the pointer's pending timeout, if any. */
void NTAPI KsStreamPointerCancelTimeout(PKSSTREAM_POINTER StreamPointer);

/* The pin's oldest clone, or NULL. */
PKSSTREAM_POINTER NTAPI KsPinGetFirstCloneStreamPointer(PKSPIN Pin);

/* The next clone of the same pin after StreamPointer, or NULL. */
PKSSTREAM_POINTER NTAPI KsStreamPointerGetNextClone(PKSSTREAM_POINTER StreamPointer);

OPENKS_END_C
