// SPDX-License-Identifier: MIT
// Object headers, reference and handle counts, and ObfReference/DereferenceObject.
#include "io/object.h"

#include <cstdlib>
#include <new>

#include "io/bugcheck.h"

namespace {

constexpr uint64_t kObjectMagic = 0x6f626a656b736f21ULL;
// Written over the magic of a freed object so a stale pointer is caught.
constexpr uint64_t kDeadMagic = 0x646561646f626a21ULL;

constexpr size_t kHeaderSize = sizeof(openks::io::ObjectHeader);
static_assert(kHeaderSize % 16 == 0, "bodies must stay 16-byte aligned");

}  // namespace

namespace openks::io {

NTSTATUS createObject(POBJECT_TYPE type, size_t bodySize, void** body)
{
    if (type == nullptr || body == nullptr) return STATUS_INVALID_PARAMETER;
    *body = nullptr;
    if (bodySize > SIZE_MAX - kHeaderSize) return STATUS_INSUFFICIENT_RESOURCES;
    // calloc: glibc returns 16-byte aligned memory, zeroed as bodies must be.
    void* memory = std::calloc(1, kHeaderSize + bodySize);
    if (memory == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    auto* header = new (memory) ObjectHeader{};
    header->magic = kObjectMagic;
    header->type = type;
    header->pointerCount.store(1, std::memory_order_relaxed);
    header->handleCount.store(0, std::memory_order_relaxed);
    *body = static_cast<char*>(memory) + kHeaderSize;
    return STATUS_SUCCESS;
}

ObjectHeader* objectHeader(const void* body)
{
    if (body == nullptr) bugCheck(kReferenceByPointer, "null object pointer");
    auto* header = reinterpret_cast<ObjectHeader*>(const_cast<char*>(static_cast<const char*>(body)) - kHeaderSize);
    if (header->magic != kObjectMagic) {
        bugCheck(kReferenceByPointer, "pointer is not a live object of the openks object manager",
                 reinterpret_cast<ULONG_PTR>(body), static_cast<ULONG_PTR>(header->magic));
    }
    return header;
}

POBJECT_TYPE objectType(const void* body)
{
    return objectHeader(body)->type;
}

ACCESS_MASK mapGenericAccess(POBJECT_TYPE type, ACCESS_MASK access)
{
    ACCESS_MASK mapped = access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
    if (type == nullptr) return mapped;
    if (access & GENERIC_READ) mapped |= type->genericRead;
    if (access & GENERIC_WRITE) mapped |= type->genericWrite;
    if (access & GENERIC_EXECUTE) mapped |= type->genericExecute;
    if (access & (GENERIC_ALL | MAXIMUM_ALLOWED)) mapped |= type->genericAll;
    return mapped;
}

void objectAddHandle(void* body)
{
    objectHeader(body)->handleCount.fetch_add(1, std::memory_order_relaxed);
}

void objectRemoveHandle(void* body, const Requestor& requestor)
{
    ObjectHeader* header = objectHeader(body);
    intptr_t before = header->handleCount.fetch_sub(1, std::memory_order_acq_rel);
    if (before <= 0) bugCheck(kReferenceByPointer, "handle count below zero", reinterpret_cast<ULONG_PTR>(body));
    if (before == 1 && header->type->closeProcedure != nullptr) header->type->closeProcedure(body, requestor);
}

intptr_t objectHandleCount(const void* body)
{
    return objectHeader(body)->handleCount.load(std::memory_order_acquire);
}

intptr_t objectPointerCount(const void* body)
{
    return objectHeader(body)->pointerCount.load(std::memory_order_acquire);
}

}  // namespace openks::io

using namespace openks::io;

extern "C" LONG_PTR NTAPI ObfReferenceObject(PVOID Object)
{
    ObjectHeader* header = objectHeader(Object);
    intptr_t before = header->pointerCount.fetch_add(1, std::memory_order_relaxed);
    if (before <= 0) bugCheck(kReferenceByPointer, "referencing a deleted object", reinterpret_cast<ULONG_PTR>(Object));
    return before + 1;
}

extern "C" LONG_PTR NTAPI ObfDereferenceObject(PVOID Object)
{
    ObjectHeader* header = objectHeader(Object);
    intptr_t before = header->pointerCount.fetch_sub(1, std::memory_order_acq_rel);
    if (before > 1) return before - 1;
    if (before < 1)
        bugCheck(kReferenceByPointer, "dereferencing a deleted object", reinterpret_cast<ULONG_PTR>(Object));
    if (header->type->deleteProcedure != nullptr) header->type->deleteProcedure(Object);
    header->magic = kDeadMagic;
    header->~ObjectHeader();
    std::free(header);
    return 0;
}
