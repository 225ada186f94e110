/* SPDX-License-Identifier: MIT */
/* The Interlocked family: atomic read-modify-write on LONG, LONG64 and pointers, as inline functions for C and C++. */
#pragma once

/*
 * Every operation is a full barrier (sequentially consistent), as the x64
 * Windows intrinsics are:
 *
 *   static volatile LONG refs = 1;
 *   if (InterlockedDecrement(&refs) == 0) Free();
 *   PVOID old = InterlockedCompareExchangePointer(&slot, mine, NULL);   // old == NULL: installed
 *
 * Increment, Decrement and Add return the new value; Exchange,
 * CompareExchange, ExchangeAdd, Or, And and Xor return the previous one.
 * Destinations must be naturally aligned.  Any thread, any IRQL.  Included by
 * <openks/ks/wdm_runtime.h>; valid C11 and C++20.
 */

#include <openks/ks/wintypes.h>

#define OPENKS_ATOMIC_ORDER __ATOMIC_SEQ_CST

static inline LONG InterlockedIncrement(LONG volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedDecrement(LONG volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedExchange(LONG volatile *Target, LONG Value)
{
    return __atomic_exchange_n(Target, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedCompareExchange(LONG volatile *Destination, LONG ExChange, LONG Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, ExChange, 0, OPENKS_ATOMIC_ORDER, OPENKS_ATOMIC_ORDER);
    return Comparand; /* the value found: equal to Comparand exactly when the exchange happened */
}

static inline LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_fetch_add(Addend, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_add_fetch(Addend, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedOr(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_or(Destination, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedAnd(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_and(Destination, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG InterlockedXor(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_xor(Destination, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedIncrement64(LONG64 volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedDecrement64(LONG64 volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value)
{
    return __atomic_exchange_n(Target, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 ExChange, LONG64 Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, ExChange, 0, OPENKS_ATOMIC_ORDER, OPENKS_ATOMIC_ORDER);
    return Comparand;
}

static inline LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    return __atomic_fetch_add(Addend, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    return __atomic_add_fetch(Addend, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedOr64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_or(Destination, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedAnd64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_and(Destination, Value, OPENKS_ATOMIC_ORDER);
}

static inline LONG64 InterlockedXor64(LONG64 volatile *Destination, LONG64 Value)
{
    return __atomic_fetch_xor(Destination, Value, OPENKS_ATOMIC_ORDER);
}

static inline PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    return __atomic_exchange_n(Target, Value, OPENKS_ATOMIC_ORDER);
}

static inline PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID ExChange, PVOID Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, ExChange, 0, OPENKS_ATOMIC_ORDER, OPENKS_ATOMIC_ORDER);
    return Comparand;
}

/* The underscore intrinsic names some sources call directly. */
#define _InterlockedIncrement InterlockedIncrement
#define _InterlockedDecrement InterlockedDecrement
#define _InterlockedExchange InterlockedExchange
#define _InterlockedCompareExchange InterlockedCompareExchange
#define _InterlockedExchangeAdd InterlockedExchangeAdd
#define _InterlockedOr InterlockedOr
#define _InterlockedAnd InterlockedAnd
#define _InterlockedXor InterlockedXor
#define _InterlockedIncrement64 InterlockedIncrement64
#define _InterlockedDecrement64 InterlockedDecrement64
#define _InterlockedExchange64 InterlockedExchange64
#define _InterlockedCompareExchange64 InterlockedCompareExchange64
#define _InterlockedExchangeAdd64 InterlockedExchangeAdd64
#define _InterlockedExchangePointer InterlockedExchangePointer
#define _InterlockedCompareExchangePointer InterlockedCompareExchangePointer
