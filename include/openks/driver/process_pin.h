/* SPDX-License-Identifier: MIT */
/* KSPROCESSPIN: what a filter-centric Process dispatch sees of each pin. */
#pragma once

/*
 * A filter-centric filter's Process receives, per pin type, the process
 * pins of its instances.  Each describes the frame at the pin's leading
 * edge; the driver consumes or fills Data, reports BytesUsed, and AVStream
 * advances the pins afterwards:
 *
 *   NTSTATUS FilterProcess(PKSFILTER filter, PKSPROCESSPIN_INDEXENTRY index)
 *   {
 *       PKSPROCESSPIN in = index[0].Pins[0];
 *       PKSPROCESSPIN out = index[1].Pins[0];
 *       ULONG n = min(in->BytesAvailable, out->BytesAvailable);
 *       memcpy(out->Data, in->Data, n);
 *       in->BytesUsed = out->BytesUsed = n;
 *       return STATUS_SUCCESS;
 *   }
 *
 * Process pins belong to AVStream and are valid only inside Process.
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* One pin instance as a filter-centric Process sees it. */
struct _KSPROCESSPIN {
    PKSPIN Pin;
    PKSSTREAM_POINTER StreamPointer; /* the pin's leading edge, locked */
    PKSPROCESSPIN InPlaceCounterpart;
    PKSPROCESSPIN DelegateBranch;
    PKSPROCESSPIN CopySource;
    PVOID Data;           /* the data (input) or space (output) at the leading edge */
    ULONG BytesAvailable; /* bytes at Data */
    ULONG BytesUsed;      /* set by Process: bytes consumed or produced */
    ULONG Flags;
    BOOLEAN Terminate; /* set by Process: finish the current frame now */
};

/* The process pins of one pin type (index by pin id in the array Process receives). */
struct _KSPROCESSPIN_INDEXENTRY {
    PKSPROCESSPIN *Pins;
    ULONG Count;
};

/*
 * Brings ProcessPin up to date with its pin's queue (after the driver moved
 * the pin's stream pointer inside Process).  Returns TRUE if Data and
 * BytesAvailable now describe a frame.  Inside Process only.
 */
BOOLEAN NTAPI KsProcessPinUpdate(PKSPROCESSPIN ProcessPin);

OPENKS_END_C
