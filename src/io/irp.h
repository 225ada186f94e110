// SPDX-License-Identifier: MIT
// The IRP pool, the issuer's completion sink, and per-file lists of outstanding IRPs.
#pragma once

#include <openks/ks/wdm.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace openks::io {

// How the issuer of a request learns that it completed, after UserIosb has
// been written and UserEvent (or the file's Event) signalled.  Called exactly
// once per request, on the completing thread, whether the driver completed
// it inside the dispatch or later; it must not block and must not allocate
// if the path is to stay allocation-free.  `userKey` is what the issuer
// passed (the client's OVERLAPPED pointer, a ksd request id).
//
//   void onDone(void* connection, void* key, NTSTATUS status, ULONG_PTR information);
//   CompletionSink sink{onDone, connection};
struct CompletionSink {
    void (*complete)(void* context, void* userKey, NTSTATUS status, ULONG_PTR information) = nullptr;
    void* context = nullptr;
};

class OutstandingIrps;
struct IrpBlock;

// Takes an IRP from the pool (no allocation once the pool has warmed up)
// with `stackSize` (1..OPENKS_IRP_STACK_SIZE) stack locations, all zero, the
// current location above the last one, as IoAllocateIrp.  The IRP is owned
// by the caller until it is passed to IoCallDriver; IoCompleteRequest
// returns it to the pool after the issuer has been notified.  Null if
// `stackSize` is out of range or memory runs out.  Any thread.
PIRP allocateRequestIrp(CCHAR stackSize);

// Gives back an IRP from allocateRequestIrp that was never sent.
void freeRequestIrp(PIRP irp);

// Issuer bookkeeping, set before the IRP is sent:
// - the sink and key reported at completion;
// - `fileReference`: the IRP holds a reference on
//   Tail.Overlay.OriginalFileObject that completion drops (after notifying);
// - `eventReference`: the IRP holds a reference on UserEvent, an event
//   object (ExEventObjectType), that completion drops after signalling it;
// - `outstanding`: the list the IRP is on until completion begins (linked
//   here; CancelIoEx and handle close find it there).
void setIrpIssuer(PIRP irp, CompletionSink sink, void* userKey);
void setIrpFileReference(PIRP irp, bool fileReference);
void setIrpEventReference(PIRP irp, bool eventReference);
void trackIrp(PIRP irp, OutstandingIrps* outstanding);

// Pool statistics for tests: IRPs ever created and IRPs currently free.
struct IrpPoolStats {
    size_t created = 0;
    size_t free = 0;
};
IrpPoolStats irpPoolStats();

// The IRPs outstanding on one file object, findable by the issuer's key.
// The set is implicit: trackIrp marks an IRP as belonging to it (one store,
// no lock, on every request's path) and completion clears the mark; cancel()
// and size() walk the IRP pool.
//
// Threads: all members may be called from any thread.
class OutstandingIrps {
public:
    OutstandingIrps() = default;
    OutstandingIrps(const OutstandingIrps&) = delete;
    OutstandingIrps& operator=(const OutstandingIrps&) = delete;

    // CancelIoEx: IoCancelIrp on every outstanding IRP issued with `userKey`
    // (or on all of them when `all`).  Each IRP is pinned while it is being
    // cancelled, so a concurrent completion cannot recycle it under us.
    // Returns whether any IRP matched.  No lock is held while IoCancelIrp runs.
    bool cancel(void* userKey, bool all);

    // IRPs currently marked as outstanding here (a snapshot).
    size_t size() const;

private:
    char unused_ = 0;  // gives every set its own address
};

}  // namespace openks::io
