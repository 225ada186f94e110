// SPDX-License-Identifier: MIT
// Handle tables: lock-free lookup by slot reader counts, generation-checked handle values.
#include "io/handle_table.h"

#include <new>
#include <thread>

#include "io/object.h"

namespace openks::io {
namespace {

constexpr uint32_t kChunkShift = 10;
constexpr uint32_t kChunkSize = 1u << kChunkShift;
constexpr uint32_t kChunkCount = (HandleTable::kMaxHandles + 1) / kChunkSize;

// Handle value: bits 1:0 zero, 21:2 slot index (nonzero), 30:22 generation.
constexpr uintptr_t kIndexMask = HandleTable::kMaxHandles;
constexpr unsigned kGenerationShift = 22;
constexpr uint64_t kGenerationMask = 0x1ff;

// Slot state: bits 63:32 generation, bit 31 in use, bits 30:0 readers
// currently pinning the slot inside reference().
constexpr uint64_t kInUse = 1ull << 31;
constexpr uint64_t kReaderMask = kInUse - 1;

uint64_t generationOf(uint64_t state)
{
    return state >> 32;
}

bool decode(HANDLE handle, uint32_t* index, uint64_t* generation)
{
    auto value = reinterpret_cast<uintptr_t>(handle);
    if (value == 0 || (value & 3) != 0 || value >= (uintptr_t{1} << 31)) return false;
    *index = static_cast<uint32_t>((value >> 2) & kIndexMask);
    *generation = (value >> kGenerationShift) & kGenerationMask;
    return *index != 0;
}

HANDLE encode(uint32_t index, uint64_t generation)
{
    uintptr_t value = (uintptr_t{index} << 2) | ((generation & kGenerationMask) << kGenerationShift);
    return reinterpret_cast<HANDLE>(value);
}

void pause()
{
    std::this_thread::yield();
}

}  // namespace

struct HandleTable::Entry {
    std::atomic<uint64_t> state{0};
    // Written by insert() before the in-use bit is published; read by pinned
    // readers; cleared by close() once the readers have drained.
    void* object = nullptr;
    ACCESS_MASK granted = 0;
    uint32_t nextFree = 0;  // guarded by mutex_
};

struct HandleTable::Chunk {
    Entry entries[kChunkSize];
};

HandleTable::HandleTable(KPROCESSOR_MODE mode) : mode_(mode), chunks_(new std::atomic<Chunk*>[kChunkCount])
{
    for (uint32_t i = 0; i < kChunkCount; ++i)
        chunks_[i].store(nullptr, std::memory_order_relaxed);
}

HandleTable::~HandleTable()
{
    closeAll();
    for (uint32_t i = 0; i < kChunkCount; ++i)
        delete chunks_[i].load(std::memory_order_acquire);
    delete[] chunks_;
}

HandleTable::Entry* HandleTable::entryFor(uint32_t index) const
{
    Chunk* chunk = chunks_[index >> kChunkShift].load(std::memory_order_acquire);
    return chunk == nullptr ? nullptr : &chunk->entries[index & (kChunkSize - 1)];
}

NTSTATUS HandleTable::insert(void* object, ACCESS_MASK grantedAccess, HANDLE* handle)
{
    if (object == nullptr || handle == nullptr) return STATUS_INVALID_PARAMETER;
    *handle = nullptr;
    ACCESS_MASK granted = mapGenericAccess(objectType(object), grantedAccess);

    std::lock_guard lock(mutex_);
    uint32_t index;
    Entry* entry;
    if (freeHead_ != 0) {
        index = freeHead_;
        entry = entryFor(index);
        freeHead_ = entry->nextFree;
        if (freeHead_ == 0) freeTail_ = 0;
    } else if (nextUnused_ <= kMaxHandles) {
        index = nextUnused_;
        auto& slot = chunks_[index >> kChunkShift];
        if (slot.load(std::memory_order_relaxed) == nullptr) {
            auto* chunk = new (std::nothrow) Chunk;
            if (chunk == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
            slot.store(chunk, std::memory_order_release);
        }
        ++nextUnused_;
        entry = entryFor(index);
    } else {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ObfReferenceObject(object);
    objectAddHandle(object);
    entry->object = object;
    entry->granted = granted;
    entry->nextFree = 0;
    uint64_t generation = generationOf(entry->state.load(std::memory_order_relaxed));
    entry->state.store((generation << 32) | kInUse, std::memory_order_release);
    count_.fetch_add(1, std::memory_order_relaxed);
    *handle = encode(index, generation);
    return STATUS_SUCCESS;
}

NTSTATUS HandleTable::reference(HANDLE handle, ACCESS_MASK desiredAccess, POBJECT_TYPE type, KPROCESSOR_MODE accessMode,
                                void** object, ACCESS_MASK* grantedAccess) const
{
    if (object == nullptr) return STATUS_INVALID_PARAMETER;
    *object = nullptr;
    uint32_t index;
    uint64_t generation;
    if (!decode(handle, &index, &generation)) return STATUS_INVALID_HANDLE;
    Entry* entry = entryFor(index);
    if (entry == nullptr) return STATUS_INVALID_HANDLE;

    // Pin the slot: while our reader count is in the state word, close()
    // cannot take the object (and its reference) away.
    uint64_t state = entry->state.load(std::memory_order_acquire);
    for (;;) {
        if ((state & kInUse) == 0 || (generationOf(state) & kGenerationMask) != generation) {
            return STATUS_INVALID_HANDLE;
        }
        if ((state & kReaderMask) == kReaderMask) {
            pause();
            state = entry->state.load(std::memory_order_acquire);
            continue;
        }
        if (entry->state.compare_exchange_weak(state, state + 1, std::memory_order_acquire,
                                               std::memory_order_acquire)) {
            break;
        }
    }

    void* found = entry->object;
    ACCESS_MASK granted = entry->granted;
    NTSTATUS status = STATUS_SUCCESS;
    POBJECT_TYPE foundType = objectType(found);
    if (type != nullptr && foundType != type) {
        status = STATUS_OBJECT_TYPE_MISMATCH;
    } else if (accessMode != KernelMode && (desiredAccess & ~MAXIMUM_ALLOWED) != 0) {
        ACCESS_MASK desired = mapGenericAccess(foundType, desiredAccess & ~MAXIMUM_ALLOWED);
        if ((granted & desired) != desired) status = STATUS_ACCESS_DENIED;
    }
    if (NT_SUCCESS(status)) ObfReferenceObject(found);
    entry->state.fetch_sub(1, std::memory_order_release);

    if (!NT_SUCCESS(status)) return status;
    *object = found;
    if (grantedAccess != nullptr) *grantedAccess = granted;
    return STATUS_SUCCESS;
}

NTSTATUS HandleTable::close(HANDLE handle)
{
    uint32_t index;
    uint64_t generation;
    if (!decode(handle, &index, &generation)) return STATUS_INVALID_HANDLE;
    Entry* entry = entryFor(index);
    if (entry == nullptr) return STATUS_INVALID_HANDLE;

    uint64_t state = entry->state.load(std::memory_order_acquire);
    for (;;) {
        if ((state & kInUse) == 0 || (generationOf(state) & kGenerationMask) != generation) {
            return STATUS_INVALID_HANDLE;
        }
        if (entry->state.compare_exchange_weak(state, state & ~kInUse, std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
            break;
        }
    }
    // No new reader can pin the slot now; wait out the ones inside reference().
    while ((entry->state.load(std::memory_order_acquire) & kReaderMask) != 0)
        pause();

    void* object = entry->object;
    {
        std::lock_guard lock(mutex_);
        entry->object = nullptr;
        entry->granted = 0;
        entry->state.store((generationOf(state) + 1) << 32, std::memory_order_release);
        entry->nextFree = 0;
        if (freeTail_ != 0) {
            entryFor(freeTail_)->nextFree = index;
        } else {
            freeHead_ = index;
        }
        freeTail_ = index;
        count_.fetch_sub(1, std::memory_order_relaxed);
    }
    objectRemoveHandle(object, Requestor{this, mode_});
    ObfDereferenceObject(object);
    return STATUS_SUCCESS;
}

void HandleTable::closeAll()
{
    uint32_t end;
    {
        std::lock_guard lock(mutex_);
        end = nextUnused_;
    }
    for (uint32_t index = 1; index < end; ++index) {
        Entry* entry = entryFor(index);
        if (entry == nullptr) continue;
        uint64_t state = entry->state.load(std::memory_order_acquire);
        if ((state & kInUse) == 0) continue;
        (void)close(encode(index, generationOf(state)));
    }
}

}  // namespace openks::io
