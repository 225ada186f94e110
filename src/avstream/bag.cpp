// SPDX-License-Identifier: MIT
// Object bags (KsAddItemToObjectBag, _KsEdit, ...) and KsMergeAutomationTables, which allocates into one.
#include "avstream/bag.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <unordered_map>
#include <utility>

namespace openks::avstream {

namespace {

constexpr ULONG kBagTag = 0x4762734b;  // 'KsbG'

// How many bags hold each item, process-wide.  The mutex is a leaf: free
// callbacks run after it is released.
struct ItemRecord {
    ULONG bags = 0;
    PFNKSFREE free = nullptr;
    size_t size = 0;
};

struct Registry {
    std::mutex mutex;
    std::unordered_map<void*, ItemRecord> items;
};

Registry& registry()
{
    static Registry* instance = new Registry;  // outlives every bag, also at exit
    return *instance;
}

void freeItem(void* item, PFNKSFREE free)
{
    if (free != nullptr) {
        free(item);
    } else {
        ExFreePool(item);
    }
}

}  // namespace

Bag::~Bag()
{
    clear();
}

NTSTATUS Bag::add(void* item, PFNKSFREE free, size_t size)
{
    if (item == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::scoped_lock lock(mutex_, registry().mutex);
    if (std::find(items_.begin(), items_.end(), item) != items_.end()) {
        return STATUS_SUCCESS;
    }
    try {
        items_.push_back(item);
        ItemRecord& record = registry().items[item];
        if (record.bags == 0) {
            record.free = free;
            record.size = size;
        } else if (size != 0) {
            record.size = size;
        }
        ++record.bags;
    } catch (const std::bad_alloc&) {
        if (!items_.empty() && items_.back() == item) {
            items_.pop_back();
        }
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

ULONG Bag::remove(void* item, bool free)
{
    PFNKSFREE freeFunction = nullptr;
    bool release = false;
    ULONG remaining = 0;
    {
        std::scoped_lock lock(mutex_, registry().mutex);
        auto it = std::find(items_.begin(), items_.end(), item);
        if (it == items_.end()) {
            return 0;
        }
        items_.erase(it);
        auto record = registry().items.find(item);
        if (record != registry().items.end()) {
            remaining = --record->second.bags;
            if (remaining == 0) {
                freeFunction = record->second.free;
                registry().items.erase(record);
                release = free;
            }
        }
    }
    if (release) {
        freeItem(item, freeFunction);
    }
    return remaining;
}

NTSTATUS Bag::copyFrom(Bag& source)
{
    if (&source == this) {
        return STATUS_SUCCESS;
    }
    std::vector<void*> items;
    {
        std::lock_guard lock(source.mutex_);
        items = source.items_;
    }
    for (void* item : items) {
        NTSTATUS status = add(item, nullptr, 0);  // the registry keeps the first free routine
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

void Bag::clear()
{
    std::vector<std::pair<void*, PFNKSFREE>> toFree;
    {
        std::scoped_lock lock(mutex_, registry().mutex);
        // Newest first, so later items that point into earlier ones go first.
        for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
            auto record = registry().items.find(*it);
            if (record == registry().items.end()) {
                continue;
            }
            if (--record->second.bags == 0) {
                toFree.emplace_back(*it, record->second.free);
                registry().items.erase(record);
            }
        }
        items_.clear();
    }
    for (auto& [item, free] : toFree) {
        freeItem(item, free);
    }
}

void* Bag::allocate(size_t size)
{
    void* memory = ExAllocatePoolWithTag(NonPagedPool, size == 0 ? 1 : size, kBagTag);
    if (memory == nullptr) {
        return nullptr;
    }
    std::memset(memory, 0, size);
    if (!NT_SUCCESS(add(memory, nullptr, size))) {
        ExFreePool(memory);
        return nullptr;
    }
    return memory;
}

bool Bag::holds(const void* item, size_t* size)
{
    std::scoped_lock lock(mutex_, registry().mutex);
    void* key = const_cast<void*>(item);
    if (std::find(items_.begin(), items_.end(), key) == items_.end()) {
        return false;
    }
    if (size != nullptr) {
        auto record = registry().items.find(key);
        *size = record == registry().items.end() ? 0 : record->second.size;
    }
    return true;
}

namespace {

// Merging automation tables: the three kinds of set share one shape (a GUID,
// a count and an item array whose items start with their ULONG id), so one
// routine merges all three.  `A` wins over `B` for the same set and id.
struct SetView {
    const GUID* set;
    ULONG count;
    const uint8_t* items;
    ULONG fastIoCount;
    const void* fastIo;
};

template <class Set>
SetView viewOf(const Set& s);

template <>
SetView viewOf(const KSPROPERTY_SET& s)
{
    return {s.Set, s.PropertiesCount, reinterpret_cast<const uint8_t*>(s.PropertyItem), s.FastIoCount, s.FastIoTable};
}
template <>
SetView viewOf(const KSMETHOD_SET& s)
{
    return {s.Set, s.MethodsCount, reinterpret_cast<const uint8_t*>(s.MethodItem), s.FastIoCount, s.FastIoTable};
}
template <>
SetView viewOf(const KSEVENT_SET& s)
{
    return {s.Set, s.EventsCount, reinterpret_cast<const uint8_t*>(s.EventItem), 0, nullptr};
}

void store(KSPROPERTY_SET& s, const SetView& v)
{
    s.Set = v.set;
    s.PropertiesCount = v.count;
    s.PropertyItem = reinterpret_cast<const KSPROPERTY_ITEM*>(v.items);
    s.FastIoCount = v.fastIoCount;
    s.FastIoTable = static_cast<const KSFASTPROPERTY_ITEM*>(v.fastIo);
}
void store(KSMETHOD_SET& s, const SetView& v)
{
    s.Set = v.set;
    s.MethodsCount = v.count;
    s.MethodItem = reinterpret_cast<const KSMETHOD_ITEM*>(v.items);
    s.FastIoCount = v.fastIoCount;
    s.FastIoTable = static_cast<const KSFASTMETHOD_ITEM*>(v.fastIo);
}
void store(KSEVENT_SET& s, const SetView& v)
{
    s.Set = v.set;
    s.EventsCount = v.count;
    s.EventItem = reinterpret_cast<const KSEVENT_ITEM*>(v.items);
}

ULONG itemId(const uint8_t* item)
{
    ULONG id;
    std::memcpy(&id, item, sizeof(id));
    return id;
}

bool sameGuid(const GUID* a, const GUID* b)
{
    if (a == nullptr || b == nullptr) {
        return a == b;
    }
    return IsEqualGUID(*a, *b);
}

// One merged set before it is laid out: its items as (pointer, size) pairs.
struct MergedSet {
    SetView head;
    std::vector<std::pair<const uint8_t*, ULONG>> items;
};

template <class Set>
std::vector<MergedSet> mergeSets(const Set* setsA, ULONG countA, ULONG sizeA, const Set* setsB, ULONG countB,
                                 ULONG sizeB)
{
    std::vector<MergedSet> merged;
    auto addFrom = [&](const Set* sets, ULONG count, ULONG itemSize) {
        for (ULONG s = 0; s < count; ++s) {
            SetView view = viewOf(sets[s]);
            auto target = std::find_if(merged.begin(), merged.end(),
                                       [&](const MergedSet& m) { return sameGuid(m.head.set, view.set); });
            if (target == merged.end()) {
                merged.push_back(MergedSet{view, {}});
                target = merged.end() - 1;
            } else if (target->head.fastIo == nullptr) {
                target->head.fastIo = view.fastIo;
                target->head.fastIoCount = view.fastIoCount;
            }
            for (ULONG i = 0; i < view.count; ++i) {
                const uint8_t* item = view.items + static_cast<size_t>(i) * itemSize;
                bool present = std::any_of(target->items.begin(), target->items.end(), [&](const auto& existing) {
                    return itemId(existing.first) == itemId(item);
                });
                if (!present) {
                    target->items.emplace_back(item, itemSize);
                }
            }
        }
    };
    addFrom(setsA, countA, sizeA);
    addFrom(setsB, countB, sizeB);
    return merged;
}

size_t alignUp(size_t value)
{
    return (value + 7) & ~size_t{7};
}

template <class Set>
size_t layoutSize(const std::vector<MergedSet>& sets, ULONG itemSize)
{
    size_t bytes = alignUp(sets.size() * sizeof(Set));
    for (const MergedSet& s : sets) {
        bytes += alignUp(s.items.size() * itemSize);
    }
    return bytes;
}

template <class Set>
const Set* layOut(uint8_t*& cursor, const std::vector<MergedSet>& sets, ULONG itemSize)
{
    if (sets.empty()) {
        return nullptr;
    }
    auto* out = reinterpret_cast<Set*>(cursor);
    cursor += alignUp(sets.size() * sizeof(Set));
    for (size_t s = 0; s < sets.size(); ++s) {
        SetView view = sets[s].head;
        view.count = static_cast<ULONG>(sets[s].items.size());
        view.items = cursor;
        for (const auto& [item, size] : sets[s].items) {
            std::memcpy(cursor, item, std::min(size, itemSize));
            cursor += itemSize;
        }
        cursor = reinterpret_cast<uint8_t*>(alignUp(reinterpret_cast<uintptr_t>(cursor)));
        store(out[s], view);
    }
    return out;
}

}  // namespace

}  // namespace openks::avstream

using openks::avstream::Bag;

extern "C" {

NTSTATUS NTAPI KsAddItemToObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, PFNKSFREE Free)
{
    if (ObjectBag == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return Bag::fromHandle(ObjectBag)->add(Item, Free);
}

ULONG NTAPI KsRemoveItemFromObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, BOOLEAN Free)
{
    if (ObjectBag == nullptr) {
        return 0;
    }
    return Bag::fromHandle(ObjectBag)->remove(Item, Free != FALSE);
}

NTSTATUS NTAPI KsAllocateObjectBag(PKSDEVICE Device, KSOBJECT_BAG* ObjectBag)
{
    (void)Device;  // bags are not tied to a device's lifetime here
    if (ObjectBag == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    auto* bag = new (std::nothrow) Bag;
    if (bag == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *ObjectBag = bag->handle();
    return STATUS_SUCCESS;
}

void NTAPI KsFreeObjectBag(KSOBJECT_BAG ObjectBag)
{
    delete Bag::fromHandle(ObjectBag);
}

NTSTATUS NTAPI KsCopyObjectBagItems(KSOBJECT_BAG ObjectBagDestination, KSOBJECT_BAG ObjectBagSource)
{
    if (ObjectBagDestination == nullptr || ObjectBagSource == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return Bag::fromHandle(ObjectBagDestination)->copyFrom(*Bag::fromHandle(ObjectBagSource));
}

NTSTATUS NTAPI _KsEdit(KSOBJECT_BAG ObjectBag, PVOID* PointerToPointerToItem, ULONG NewSize, ULONG OldSize, ULONG Tag)
{
    (void)Tag;
    if (ObjectBag == nullptr || PointerToPointerToItem == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    Bag* bag = Bag::fromHandle(ObjectBag);
    void* old = *PointerToPointerToItem;
    size_t heldSize = 0;
    if (old != nullptr && bag->holds(old, &heldSize) && heldSize >= NewSize) {
        return STATUS_SUCCESS;  // already a bag-owned copy that is big enough
    }
    void* copy = bag->allocate(NewSize);
    if (copy == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (old != nullptr) {
        std::memcpy(copy, old, std::min(OldSize, NewSize));
    }
    *PointerToPointerToItem = copy;
    if (old != nullptr) {
        bag->remove(old, true);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsMergeAutomationTables(PKSAUTOMATION_TABLE* AutomationTableAB, PKSAUTOMATION_TABLE AutomationTableA,
                                       PKSAUTOMATION_TABLE AutomationTableB, KSOBJECT_BAG Bag)
{
    using namespace openks::avstream;
    if (AutomationTableAB == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    static const KSAUTOMATION_TABLE kEmpty{};
    const KSAUTOMATION_TABLE& a = AutomationTableA != nullptr ? *AutomationTableA : kEmpty;
    const KSAUTOMATION_TABLE& b = AutomationTableB != nullptr ? *AutomationTableB : kEmpty;
    auto itemSize = [](ULONG x, ULONG y, size_t minimum) {
        return static_cast<ULONG>(std::max<size_t>({x, y, minimum}));
    };
    const ULONG propertySize = itemSize(a.PropertyItemSize, b.PropertyItemSize, sizeof(KSPROPERTY_ITEM));
    const ULONG methodSize = itemSize(a.MethodItemSize, b.MethodItemSize, sizeof(KSMETHOD_ITEM));
    const ULONG eventSize = itemSize(a.EventItemSize, b.EventItemSize, sizeof(KSEVENT_ITEM));

    std::vector<MergedSet> properties, methods, events;
    try {
        properties = mergeSets(a.PropertySets, a.PropertySetsCount, a.PropertyItemSize, b.PropertySets,
                               b.PropertySetsCount, b.PropertyItemSize);
        methods = mergeSets(a.MethodSets, a.MethodSetsCount, a.MethodItemSize, b.MethodSets, b.MethodSetsCount,
                            b.MethodItemSize);
        events =
            mergeSets(a.EventSets, a.EventSetsCount, a.EventItemSize, b.EventSets, b.EventSetsCount, b.EventItemSize);
    } catch (const std::bad_alloc&) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    const size_t bytes = alignUp(sizeof(KSAUTOMATION_TABLE)) + layoutSize<KSPROPERTY_SET>(properties, propertySize) +
                         layoutSize<KSMETHOD_SET>(methods, methodSize) + layoutSize<KSEVENT_SET>(events, eventSize);
    auto* block = static_cast<uint8_t*>(ExAllocatePoolWithTag(NonPagedPool, bytes, 0x624d734b /* 'KsMb' */));
    if (block == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    std::memset(block, 0, bytes);
    auto* table = reinterpret_cast<KSAUTOMATION_TABLE*>(block);
    uint8_t* cursor = block + alignUp(sizeof(KSAUTOMATION_TABLE));
    table->PropertySetsCount = static_cast<ULONG>(properties.size());
    table->PropertyItemSize = propertySize;
    table->PropertySets = layOut<KSPROPERTY_SET>(cursor, properties, propertySize);
    table->MethodSetsCount = static_cast<ULONG>(methods.size());
    table->MethodItemSize = methodSize;
    table->MethodSets = layOut<KSMETHOD_SET>(cursor, methods, methodSize);
    table->EventSetsCount = static_cast<ULONG>(events.size());
    table->EventItemSize = eventSize;
    table->EventSets = layOut<KSEVENT_SET>(cursor, events, eventSize);

    if (Bag != nullptr) {
        NTSTATUS status = ::openks::avstream::Bag::fromHandle(Bag)->add(block, nullptr, bytes);
        if (!NT_SUCCESS(status)) {
            ExFreePool(block);
            return status;
        }
    }
    *AutomationTableAB = table;
    return STATUS_SUCCESS;
}

}  // extern "C"
