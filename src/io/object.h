// SPDX-License-Identifier: MIT
// The object manager: a reference-counted header in front of every object the I/O manager creates.
#pragma once

#include <openks/ks/wdm.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "io/requestor.h"

// An object type (opaque POBJECT_TYPE in wdm.h).  Types are static; the io
// layer defines IoFileObjectType, IoDeviceObjectType, IoDriverObjectType and
// ExEventObjectType.
struct _OBJECT_TYPE {
    const char* name;
    // Runs once, when the last handle to an object closes, on the closing
    // thread with the closing table's requestor (files: IRP_MJ_CLEANUP).  May be null.
    void (*closeProcedure)(void* body, const openks::io::Requestor& requestor);
    // Runs once, when the last reference goes, before the memory is freed
    // (files: IRP_MJ_CLOSE).  Must destroy what the creator constructed.  May be null.
    void (*deleteProcedure)(void* body);
    // What GENERIC_READ/WRITE/EXECUTE/ALL mean for this type.
    ACCESS_MASK genericRead;
    ACCESS_MASK genericWrite;
    ACCESS_MASK genericExecute;
    ACCESS_MASK genericAll;
};

namespace openks::io {

// Lives immediately before the body.  Counts are atomic: any thread may
// reference or dereference any object it holds a reference to.
struct alignas(16) ObjectHeader {
    uint64_t magic;
    POBJECT_TYPE type;
    std::atomic<intptr_t> pointerCount;
    std::atomic<intptr_t> handleCount;
};

// Allocates a zeroed body of `bodySize` bytes (16-byte aligned) with a
// header of `type`, pointer count 1 (the caller's reference) and no handles.
// STATUS_INSUFFICIENT_RESOURCES if memory runs out.  Any thread.
[[nodiscard]] NTSTATUS createObject(POBJECT_TYPE type, size_t bodySize, void** body);

// The header of an object body.  A pointer that is not an object body stops
// the process (KeBugCheckEx): that is a caller bug, not bad input.
ObjectHeader* objectHeader(const void* body);
POBJECT_TYPE objectType(const void* body);

// Maps GENERIC_* bits and MAXIMUM_ALLOWED through the type's mapping.
ACCESS_MASK mapGenericAccess(POBJECT_TYPE type, ACCESS_MASK access);

// Handle counts (HandleTable calls these).  Dropping the last handle runs the
// type's closeProcedure with `requestor` on the calling thread.
void objectAddHandle(void* body);
void objectRemoveHandle(void* body, const Requestor& requestor);
intptr_t objectHandleCount(const void* body);
intptr_t objectPointerCount(const void* body);

// An owned reference to an object (move-only).  Dropping it is
// ObDereferenceObject, which may run the type's deleteProcedure (for a file:
// IRP_MJ_CLOSE to its driver) on the dropping thread.
//
//   ObjectRef<FILE_OBJECT> file;
//   NTSTATUS s = referenceFile(requestor, handle, 0, &file);
//   if (NT_SUCCESS(s)) use(file.get());
template <class T>
class ObjectRef {
public:
    ObjectRef() = default;
    // Takes over a reference the caller already holds.
    static ObjectRef adopt(T* object) { return ObjectRef(object); }
    // Adds a reference of its own.
    static ObjectRef share(T* object)
    {
        if (object != nullptr) ObfReferenceObject(const_cast<void*>(static_cast<const void*>(object)));
        return ObjectRef(object);
    }
    ~ObjectRef() { reset(); }
    ObjectRef(ObjectRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
    ObjectRef& operator=(ObjectRef&& other) noexcept
    {
        if (this != &other) {
            reset();
            object_ = std::exchange(other.object_, nullptr);
        }
        return *this;
    }
    ObjectRef(const ObjectRef&) = delete;
    ObjectRef& operator=(const ObjectRef&) = delete;

    T* get() const { return object_; }
    T* operator->() const { return object_; }
    explicit operator bool() const { return object_ != nullptr; }
    // Gives the reference to the caller.
    T* release() { return std::exchange(object_, nullptr); }
    void reset()
    {
        if (T* object = std::exchange(object_, nullptr)) {
            ObfDereferenceObject(const_cast<void*>(static_cast<const void*>(object)));
        }
    }

private:
    explicit ObjectRef(T* object) : object_(object) {}
    T* object_ = nullptr;
};

}  // namespace openks::io
