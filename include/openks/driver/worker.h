/* SPDX-License-Identifier: MIT */
/* KS workers: serialised work items on a system work queue, optionally counted. */
#pragma once

/*
 * A KS worker runs WORK_QUEUE_ITEMs on a system work queue one at a time,
 * so a driver can defer work from any thread without the items overlapping.
 * A counted worker runs one item repeatedly, once per
 * KsIncrementCountedWorker, and the item loops until
 * KsDecrementCountedWorker reaches zero:
 *
 *   PKSWORKER worker;
 *   WORK_QUEUE_ITEM item;
 *   item.WorkerRoutine = Work; item.Parameter = ctx;     // the routine runs Work(ctx)
 *   KsRegisterCountedWorker(DelayedWorkQueue, &item, &worker);
 *   KsIncrementCountedWorker(worker);                      // from any thread
 *   ...
 *   static void Work(PVOID ctx) { do { ... } while (KsDecrementCountedWorker(worker)); }
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/*
 * Creates a worker on WorkQueueType.  Returns STATUS_SUCCESS,
 * STATUS_INSUFFICIENT_RESOURCES or STATUS_INVALID_PARAMETER (unknown
 * queue).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsRegisterWorker(WORK_QUEUE_TYPE WorkQueueType, PKSWORKER *Worker);

/* Creates a counted worker that runs CountedWorkItem (the caller's, kept until unregistered).  Same statuses. */
NTSTATUS NTAPI KsRegisterCountedWorker(WORK_QUEUE_TYPE WorkQueueType, PWORK_QUEUE_ITEM CountedWorkItem,
                                       PKSWORKER *Worker);

/* Waits for the worker's running and queued items to finish, then frees it.  PASSIVE_LEVEL; not from its own item. */
void NTAPI KsUnregisterWorker(PKSWORKER Worker);

/*
 * Queues WorkItem on a (non-counted) worker; items run one at a time in
 * order.  Returns STATUS_SUCCESS or STATUS_INVALID_DEVICE_REQUEST (counted
 * worker).  Any thread.
 */
NTSTATUS NTAPI KsQueueWorkItem(PKSWORKER Worker, PWORK_QUEUE_ITEM WorkItem);

/* Adds one run to a counted worker, queueing its item if it is idle.  Returns the new count.  Any thread. */
ULONG NTAPI KsIncrementCountedWorker(PKSWORKER Worker);

/* Called by the counted item when one run is done.  Returns the runs still owed (loop while nonzero).  Any thread. */
ULONG NTAPI KsDecrementCountedWorker(PKSWORKER Worker);

OPENKS_END_C
