// SPDX-License-Identifier: MIT
// Handle tables: per-client maps from HANDLE values to referenced objects with granted access.
#pragma once

#include <openks/ks/wdm.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "io/requestor.h"

namespace openks::io {

// One table per client process (the in-process transport has one user table,
// processHandleTable()) or per ksd connection, plus the system table for
// kernel handles.  A handle is valid only in the table that issued it.
//
// Handle values are nonzero multiples of 4 below 2^31 and carry a 9-bit
// generation, so a closed handle stays invalid until its slot has been
// reused 512 times (slots are reused oldest-first).
//
//   HandleTable table(UserMode);
//   HANDLE h;
//   NTSTATUS s = table.insert(event, EVENT_ALL_ACCESS, &h);   // table holds a reference
//   void* object;
//   s = table.reference(h, SYNCHRONIZE, ExEventObjectType, UserMode, &object, nullptr);
//   ObDereferenceObject(object);
//   s = table.close(h);
//
// Threads: every member may be called from any thread concurrently, except
// the destructor.  reference() takes no lock (it is on every request's path):
// it pins the slot with an atomic reader count; insert() and close()
// serialise on a per-table mutex that is never held while calling out.
class HandleTable {
public:
    static constexpr uint32_t kMaxHandles = (1u << 20) - 1;

    explicit HandleTable(KPROCESSOR_MODE mode = UserMode);
    // Closes every handle still open (each last close sends IRP_MJ_CLEANUP
    // for files).  No other thread may use the table any more.
    ~HandleTable();
    HandleTable(const HandleTable&) = delete;
    HandleTable& operator=(const HandleTable&) = delete;

    // The mode requests through this table carry.
    KPROCESSOR_MODE mode() const { return mode_; }
    Requestor requestor() { return Requestor{this, mode_}; }

    // Adds a handle to `object` (any object body) with `grantedAccess`
    // (GENERIC_* bits are mapped through the object's type).  The table takes
    // a reference and a handle count of its own.  STATUS_INSUFFICIENT_RESOURCES
    // when the table is full, STATUS_INVALID_PARAMETER for null arguments.
    [[nodiscard]] NTSTATUS insert(void* object, ACCESS_MASK grantedAccess, HANDLE* handle);

    // Resolves `handle` and adds a reference to its object for the caller.
    // STATUS_INVALID_HANDLE: null, malformed, unknown or closed handle.
    // STATUS_OBJECT_TYPE_MISMATCH: `type` is non-null and differs.
    // STATUS_ACCESS_DENIED: `accessMode` is UserMode and the handle lacks
    // `desiredAccess` (GENERIC_* mapped).  `grantedAccess` may be null.
    [[nodiscard]] NTSTATUS reference(HANDLE handle, ACCESS_MASK desiredAccess, POBJECT_TYPE type,
                                     KPROCESSOR_MODE accessMode, void** object, ACCESS_MASK* grantedAccess) const;

    // Closes `handle`: the last handle of an object runs its close procedure
    // (files: IRP_MJ_CLEANUP, then every outstanding IRP is cancelled) on this
    // thread, then the table's reference goes.  STATUS_INVALID_HANDLE as reference().
    [[nodiscard]] NTSTATUS close(HANDLE handle);

    // Closes every open handle.
    void closeAll();

    // Open handles.
    size_t count() const { return count_.load(std::memory_order_relaxed); }

private:
    struct Entry;
    struct Chunk;

    Entry* entryFor(uint32_t index) const;

    KPROCESSOR_MODE mode_;
    std::atomic<Chunk*>* chunks_;  // kChunkCount slots, filled as the table grows, freed at destruction
    std::mutex mutex_;             // insert/close bookkeeping: free list and growth
    uint32_t nextUnused_ = 1;      // index 0 is never a handle
    uint32_t freeHead_ = 0;        // oldest freed index, 0 = none
    uint32_t freeTail_ = 0;
    std::atomic<size_t> count_{0};
};

}  // namespace openks::io
