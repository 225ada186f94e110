/* SPDX-License-Identifier: MIT */
/* Event notification: KSEVENTDATA (how a client is signalled) and the event-request helper structures. */
#pragma once

/*
 * IOCTL_KS_ENABLE_EVENT takes a KSEVENT (which event, KSEVENT_TYPE_ENABLE or
 * ONESHOT) as input and a KSEVENTDATA as output buffer: NotificationType
 * says how to signal (KSEVENTF_EVENT_HANDLE: set EventHandle.Event;
 * KSEVENTF_SEMAPHORE_HANDLE: release SemaphoreHandle.Semaphore by
 * Adjustment).  The same KSEVENTDATA is later the input of
 * IOCTL_KS_DISABLE_EVENT.  Kernel clients may also ask for a KEVENT object,
 * a DPC or a work item (the *_OBJECT, DPC and WORKITEM forms).
 *
 *   KSEVENT ev = {0};
 *   ev.Set = KSEVENTSETID_Connection;
 *   ev.Id = KSEVENT_CONNECTION_ENDOFSTREAM;
 *   ev.Flags = KSEVENT_TYPE_ENABLE;
 *   KSEVENTDATA data = {0};
 *   data.NotificationType = KSEVENTF_EVENT_HANDLE;
 *   data.EventHandle.Event = hEvent;
 *   // DeviceIoControl(pin, IOCTL_KS_ENABLE_EVENT, &ev, sizeof ev, &data, sizeof data, ...)
 *
 * The kernel-mode members are declared unconditionally (Windows shows them
 * only to _NTDDK_ builds); the layout is the same either way.  Valid C11 and
 * C++20.
 */

#include <openks/ks/identifier.h>
#include <openks/ks/wdm.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* An opaque KS worker (KsRegisterWorker). */
typedef PVOID PKSWORKER;

typedef struct {
    ULONG NotificationType; /* KSEVENTF_* */
    union {
        struct {
            HANDLE Event;
            ULONG_PTR Reserved[2];
        } EventHandle;
        struct {
            HANDLE Semaphore;
            ULONG Reserved;
            LONG Adjustment;
        } SemaphoreHandle;
        /* Kernel-mode forms (Windows: _NTDDK_ only). */
        struct {
            PVOID Event; /* PKEVENT */
            KPRIORITY Increment;
            ULONG_PTR Reserved;
        } EventObject;
        struct {
            PVOID Semaphore; /* PKSEMAPHORE */
            KPRIORITY Increment;
            LONG Adjustment;
        } SemaphoreObject;
        struct {
            PKDPC Dpc;
            ULONG ReferenceCount;
            ULONG_PTR Reserved;
        } Dpc;
        struct {
            PWORK_QUEUE_ITEM WorkQueueItem;
            WORK_QUEUE_TYPE WorkQueueType;
            ULONG_PTR Reserved;
        } WorkItem;
        struct {
            PWORK_QUEUE_ITEM WorkQueueItem;
            PKSWORKER KsWorkerObject;
            ULONG_PTR Reserved;
        } KsWorkItem;
        struct {
            PVOID Unused;
            LONG_PTR Alignment[2];
        } Alignment;
    };
} KSEVENTDATA, *PKSEVENTDATA;

/* KSEVENTDATA.NotificationType */
#define KSEVENTF_EVENT_HANDLE 0x00000001
#define KSEVENTF_SEMAPHORE_HANDLE 0x00000002
#define KSEVENTF_EVENT_OBJECT 0x00000004
#define KSEVENTF_SEMAPHORE_OBJECT 0x00000008
#define KSEVENTF_DPC 0x00000010
#define KSEVENTF_WORKITEM 0x00000020
#define KSEVENTF_KSWORKITEM 0x00000080

/* KSEVENT_TYPE_QUERYBUFFER request: fetch data a KSEVENT_TYPE_ENABLEBUFFERED event collected. */
typedef struct {
    KSEVENT Event;
    PKSEVENTDATA EventData;
    PVOID Reserved;
} KSQUERYBUFFER, *PKSQUERYBUFFER;

/* Enables an event on another object, named by handle or by pointer. */
typedef struct {
    ULONG Size;
    ULONG Flags; /* KSRELATIVEEVENT_FLAG_* */
    union {
        HANDLE ObjectHandle;
        PVOID ObjectPointer;
    };
    PVOID Reserved;
    KSEVENT Event;
    KSEVENTDATA EventData;
} KSRELATIVEEVENT;

#define KSRELATIVEEVENT_FLAG_HANDLE 0x00000001
#define KSRELATIVEEVENT_FLAG_POINTER 0x00000002

/* Clock events: a one-time mark, or a repeating interval from TimeBase. */
typedef struct {
    KSEVENTDATA EventData;
    LONGLONG MarkTime;
} KSEVENT_TIME_MARK, *PKSEVENT_TIME_MARK;

typedef struct {
    KSEVENTDATA EventData;
    LONGLONG TimeBase;
    LONGLONG Interval;
} KSEVENT_TIME_INTERVAL, *PKSEVENT_TIME_INTERVAL;

typedef struct {
    LONGLONG TimeBase;
    LONGLONG Interval;
} KSINTERVAL, *PKSINTERVAL;

OPENKS_STATIC_ASSERT(sizeof(KSEVENTDATA) == 32, "KSEVENTDATA layout");
OPENKS_STATIC_ASSERT(sizeof(KSRELATIVEEVENT) == 80, "KSRELATIVEEVENT layout");

OPENKS_END_C
