// SPDX-License-Identifier: MIT
// Object bags: the allocations an AVStream object owns, shared between bags by reference count.
#pragma once

#include <openks/driver.h>

#include <cstddef>
#include <mutex>
#include <vector>

namespace openks::avstream {

// A KSOBJECT_BAG is a pointer to one of these.  Every AVStream object owns
// one (KSDEVICE::Bag, KSFILTER::Bag, ...) and KsAllocateObjectBag makes free
// ones.  An item may sit in several bags; a process-wide registry counts
// the bags holding it and frees it (with its PFNKSFREE, or ExFreePool) when
// it leaves the last one.
//
//   Bag bag;
//   void* p = bag.allocate(64);      // zeroed, owned by the bag
//   bag.remove(p, true);             // freed now
//
// Threads: every member may be called from any thread.  Free callbacks
// (driver code) run with no lock held.
class Bag {
public:
    Bag() = default;
    // Frees every item no other bag holds.
    ~Bag();
    Bag(const Bag&) = delete;
    Bag& operator=(const Bag&) = delete;

    static Bag* fromHandle(KSOBJECT_BAG handle) { return static_cast<Bag*>(handle); }
    KSOBJECT_BAG handle() { return this; }

    // Adds `item` (freed by `free`, or ExFreePool when null, once no bag holds
    // it; `size` is remembered for _KsEdit, 0 = unknown).  Adding an item the
    // bag already holds succeeds and changes nothing.
    [[nodiscard]] NTSTATUS add(void* item, PFNKSFREE free, size_t size = 0);
    // Removes `item`; with `free` it is freed when no other bag holds it.
    // Returns how many bags still hold it (0 when this bag did not).
    ULONG remove(void* item, bool free);
    // Adds every item of `source` to this bag.
    [[nodiscard]] NTSTATUS copyFrom(Bag& source);
    // Removes (and frees, when no other bag holds them) every item.
    void clear();

    // Zeroed memory (8-byte aligned) that this bag owns, or nullptr.
    void* allocate(size_t size);
    // True if this bag holds `item`; `size` gets the remembered size.
    bool holds(const void* item, size_t* size = nullptr);

private:
    std::mutex mutex_;  // leaf: guards items_ only
    std::vector<void*> items_;
};

}  // namespace openks::avstream
