// SPDX-License-Identifier: MIT
// Counts heap allocations process-wide: replaces operator new and interposes glibc's malloc family.
#include "alloc_counter.h"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OPENKS_BENCH_COUNT_ALLOCATIONS 0
#elif defined(__GLIBC__)
#define OPENKS_BENCH_COUNT_ALLOCATIONS 1
#else
#define OPENKS_BENCH_COUNT_ALLOCATIONS 0
#endif

namespace {
std::atomic<uint64_t> gAllocations{0};
}  // namespace

namespace openks::bench {

uint64_t allocationCount()
{
    return gAllocations.load(std::memory_order_relaxed);
}

bool allocationCountingAvailable()
{
    return OPENKS_BENCH_COUNT_ALLOCATIONS != 0;
}

}  // namespace openks::bench

#if OPENKS_BENCH_COUNT_ALLOCATIONS

// glibc's own entry points: the definitions below interpose the public
// names for the whole process (the executable comes first in symbol lookup).
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* pointer, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* pointer);

void* malloc(size_t size) noexcept
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}

void* calloc(size_t count, size_t size) noexcept
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(count, size);
}

void* realloc(void* pointer, size_t size) noexcept
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(pointer, size);
}

void* memalign(size_t alignment, size_t size) noexcept
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(alignment, size);
}

void* aligned_alloc(size_t alignment, size_t size) noexcept
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, size_t alignment, size_t size) noexcept
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    void* pointer = __libc_memalign(alignment, size);
    if (pointer == nullptr) return 12;  // ENOMEM
    *out = pointer;
    return 0;
}

void free(void* pointer) noexcept
{
    __libc_free(pointer);
}
}  // extern "C"

// operator new goes straight to glibc so that one allocation counts once.
void* operator new(size_t size)
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    if (void* pointer = __libc_malloc(size == 0 ? 1 : size)) return pointer;
    throw std::bad_alloc();
}

void* operator new[](size_t size)
{
    return operator new(size);
}

void* operator new(size_t size, std::align_val_t alignment)
{
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    if (void* pointer = __libc_memalign(static_cast<size_t>(alignment), size == 0 ? 1 : size)) return pointer;
    throw std::bad_alloc();
}

void* operator new[](size_t size, std::align_val_t alignment)
{
    return operator new(size, alignment);
}

void operator delete(void* pointer) noexcept
{
    __libc_free(pointer);
}
void operator delete[](void* pointer) noexcept
{
    __libc_free(pointer);
}
void operator delete(void* pointer, size_t) noexcept
{
    __libc_free(pointer);
}
void operator delete[](void* pointer, size_t) noexcept
{
    __libc_free(pointer);
}
void operator delete(void* pointer, std::align_val_t) noexcept
{
    __libc_free(pointer);
}
void operator delete[](void* pointer, std::align_val_t) noexcept
{
    __libc_free(pointer);
}
void operator delete(void* pointer, size_t, std::align_val_t) noexcept
{
    __libc_free(pointer);
}
void operator delete[](void* pointer, size_t, std::align_val_t) noexcept
{
    __libc_free(pointer);
}

#endif  // OPENKS_BENCH_COUNT_ALLOCATIONS
