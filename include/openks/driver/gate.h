/* SPDX-License-Identifier: MIT */
/* KSGATE: the counting AND/OR gates that decide when AVStream may call a Process dispatch. */
#pragma once

/*
 * A gate is open while its Count is positive.  Gates chain: when a gate
 * opens (Count goes 0 -> 1) it turns on one input of NextGate, and when it
 * closes (1 -> 0) it turns that input off.
 *
 * An AND gate starts at Count 1 (open, no inputs); each "off" input
 * subtracts one, so it is open only while every input is on.  An OR gate
 * starts at 0; each "on" input adds one, so it is open while any input is
 * on.  AVStream processes a pin (or filter) only while its AND gate is
 * open; a driver holds processing off by adding an off input:
 *
 *   PKSGATE gate = KsPinGetAndGate(pin);
 *   KsGateAddOffInputToAnd(gate);        // processing now held off
 *   ...                                   // hardware becomes ready
 *   KsGateTurnInputOn(gate);             // one input on again
 *   KsPinAttemptProcessing(pin, TRUE);
 *
 * All gate functions are inline and lock-free (atomic operations on Count),
 * callable from any thread.  KsGateGetStateUnsafe reads the state without
 * synchronising with concurrent changes.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

struct _KSGATE {
    LONG Count;       /* > 0: open */
    PKSGATE NextGate; /* the gate this one is an input of, or NULL */
};

/* Turns one input of Gate on: Count + 1; if the gate opened, turns its NextGate input on, and so on down the chain. */
static inline void KsGateTurnInputOn(PKSGATE Gate)
{
    while (Gate != NULL && __atomic_add_fetch(&Gate->Count, 1, __ATOMIC_SEQ_CST) == 1) {
        Gate = Gate->NextGate;
    }
}

/* Turns one input of Gate off: Count - 1; if the gate closed, turns its NextGate input off, and so on. */
static inline void KsGateTurnInputOff(PKSGATE Gate)
{
    while (Gate != NULL && __atomic_sub_fetch(&Gate->Count, 1, __ATOMIC_SEQ_CST) == 0) {
        Gate = Gate->NextGate;
    }
}

/* TRUE if Gate is open at this instant (it may change at once). */
static inline BOOLEAN KsGateGetStateUnsafe(PKSGATE Gate)
{
    return (BOOLEAN)(__atomic_load_n(&Gate->Count, __ATOMIC_RELAXED) > 0);
}

/*
 * If Gate is exactly at its threshold (Count 1), atomically closes it
 * (Count 0), turns its NextGate input off and returns TRUE; otherwise
 * changes nothing and returns FALSE.  Lets one of several racing threads
 * claim the work a gate guards.
 */
static inline BOOLEAN KsGateCaptureThreshold(PKSGATE Gate)
{
    LONG expected = 1;
    if (__atomic_compare_exchange_n(&Gate->Count, &expected, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        KsGateTurnInputOff(Gate->NextGate);
        return TRUE;
    }
    return FALSE;
}

/*
 * Sets Gate to InitialCount and links it to NextGate.  If the new gate is
 * open and StateToPropagate is TRUE, turns a NextGate input on; if it is
 * closed and StateToPropagate is FALSE, turns a NextGate input off.  Call
 * before the gate is shared.
 */
static inline void KsGateInitialize(PKSGATE Gate, LONG InitialCount, PKSGATE NextGate, BOOLEAN StateToPropagate)
{
    Gate->Count = InitialCount;
    Gate->NextGate = NextGate;
    if (NextGate != NULL) {
        if (InitialCount > 0) {
            if (StateToPropagate) {
                KsGateTurnInputOn(NextGate);
            }
        } else if (!StateToPropagate) {
            KsGateTurnInputOff(NextGate);
        }
    }
}

/* Initializes an open AND gate with no inputs, feeding (and turning on an input of) NextOrGate. */
static inline void KsGateInitializeAnd(PKSGATE AndGate, PKSGATE NextOrGate)
{
    KsGateInitialize(AndGate, 1, NextOrGate, TRUE);
}

/* Initializes a closed OR gate with no inputs, feeding (and turning off an input of) NextAndGate. */
static inline void KsGateInitializeOr(PKSGATE OrGate, PKSGATE NextAndGate)
{
    KsGateInitialize(OrGate, 0, NextAndGate, FALSE);
}

/* Adds an input that is on to an AND gate (no change: on inputs do not count). */
static inline void KsGateAddOnInputToAnd(PKSGATE AndGate)
{
    (void)AndGate;
}

/* Adds an input that is off to an AND gate (closes it). */
static inline void KsGateAddOffInputToAnd(PKSGATE AndGate)
{
    KsGateTurnInputOff(AndGate);
}

/* Removes an input that is on from an AND gate (no change). */
static inline void KsGateRemoveOnInputFromAnd(PKSGATE AndGate)
{
    (void)AndGate;
}

/* Removes an input that is off from an AND gate. */
static inline void KsGateRemoveOffInputFromAnd(PKSGATE AndGate)
{
    KsGateTurnInputOn(AndGate);
}

/* Adds an input that is on to an OR gate (opens it). */
static inline void KsGateAddOnInputToOr(PKSGATE OrGate)
{
    KsGateTurnInputOn(OrGate);
}

/* Adds an input that is off to an OR gate (no change: off inputs do not count). */
static inline void KsGateAddOffInputToOr(PKSGATE OrGate)
{
    (void)OrGate;
}

/* Removes an input that is on from an OR gate. */
static inline void KsGateRemoveOnInputFromOr(PKSGATE OrGate)
{
    KsGateTurnInputOff(OrGate);
}

/* Removes an input that is off from an OR gate (no change). */
static inline void KsGateRemoveOffInputFromOr(PKSGATE OrGate)
{
    (void)OrGate;
}

/* Retires an AND gate: removes it, in its current state, from the inputs of its next (OR) gate. */
static inline void KsGateTerminateAnd(PKSGATE AndGate)
{
    if (KsGateGetStateUnsafe(AndGate)) {
        KsGateRemoveOnInputFromOr(AndGate->NextGate);
    } else {
        KsGateRemoveOffInputFromOr(AndGate->NextGate);
    }
}

/* Retires an OR gate: removes it, in its current state, from the inputs of its next (AND) gate. */
static inline void KsGateTerminateOr(PKSGATE OrGate)
{
    if (KsGateGetStateUnsafe(OrGate)) {
        KsGateRemoveOnInputFromAnd(OrGate->NextGate);
    } else {
        KsGateRemoveOffInputFromAnd(OrGate->NextGate);
    }
}

OPENKS_END_C
