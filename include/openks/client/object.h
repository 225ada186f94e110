/* openks: C++ only */
// SPDX-License-Identifier: MIT
// openks::Object: an owned KS handle (filter, pin) with synchronous device control and typed property access.
#pragma once

// Filters and pins are both KS objects behind a handle.  Object owns the
// handle (closed by the destructor, move-only) and answers properties
// synchronously, the way ksproxy's KsSynchronousDeviceControl does:
//
//   openks::Result<KSSTATE> state = pin.get<KSSTATE>(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE);
//   openks::Result<void> done = pin.set(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSSTATE_PAUSE);
//   openks::Result<std::vector<std::byte>> sets = filter.getBytes(request);    // probe, then fetch
//
// Requests go through the same transport as the Win32 calls (in-process
// by default) and are issued as UserMode.  Property requests never pend
// toward the caller: the call returns when the driver has answered.
//
// Threads: any thread may call the const members concurrently; close(),
// release() and assignment need exclusive access.

#include <openks/client/result.h>
#include <openks/ks.h>

#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace openks {

// The outcome of one device control: the NTSTATUS and IO_STATUS_BLOCK.Information.
struct IoResult {
    NTSTATUS status = STATUS_SUCCESS;
    ULONG information = 0;
};

class Object {
public:
    Object() = default;
    // Takes ownership of `handle` (from CreateFile, KsCreatePin, ...).
    explicit Object(HANDLE handle) noexcept : handle_(handle) {}
    ~Object() { close(); }
    Object(Object&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Object& operator=(Object&& other) noexcept
    {
        if (this != &other) {
            close();
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

    // The handle, usable with the Win32 calls; null after close() or a move.
    HANDLE handle() const noexcept { return handle_; }
    bool valid() const noexcept { return handle_ != nullptr; }
    // Closes the handle (outstanding requests are cancelled).  Idempotent.
    void close() noexcept;
    // Gives up ownership of the handle.
    HANDLE release() noexcept { return std::exchange(handle_, nullptr); }

    // Sends one I/O control request and waits for it (never returns
    // STATUS_PENDING).  Buffers go to the driver as they are.  On a warning
    // status (STATUS_BUFFER_OVERFLOW) information is the size the answer needs.
    IoResult ioctl(ULONG code, const void* in, ULONG inLength, void* out, ULONG outLength) const noexcept;

    // As ioctl(), as a Result: the byte count, or the status as an error
    // (warnings included).
    Result<ULONG> control(ULONG code, const void* in, ULONG inLength, void* out, ULONG outLength) const;

    // GET of a fixed-size property: a KSPROPERTY{set, id, GET} with a
    // sizeof(T) value.  STATUS_INFO_LENGTH_MISMATCH if the driver answers
    // with fewer bytes.
    template <class T>
    Result<T> get(const GUID& set, ULONG id) const
    {
        KSPROPERTY property = makeProperty(set, id, KSPROPERTY_TYPE_GET);
        return getWith<T>(&property, sizeof(property));
    }

    // SET of a fixed-size property (the value travels in the output buffer, as KS wants).
    template <class T>
    Result<void> set(const GUID& set, ULONG id, const T& value) const
    {
        static_assert(std::is_trivially_copyable_v<T>, "property values are plain bytes");
        KSPROPERTY property = makeProperty(set, id, KSPROPERTY_TYPE_SET);
        T copy = value;
        Result<ULONG> r = control(IOCTL_KS_PROPERTY, &property, sizeof(property), &copy, sizeof(T));
        if (!r) return r.error();
        return {};
    }

    // GET with any request structure (KSP_PIN, KSP_NODE, ...) and a fixed-size value.
    template <class T>
    Result<T> getWith(const void* request, ULONG requestLength) const
    {
        static_assert(std::is_trivially_copyable_v<T>, "property values are plain bytes");
        T value{};
        Result<ULONG> r = control(IOCTL_KS_PROPERTY, request, requestLength, &value, sizeof(T));
        if (!r) return r.error();
        if (*r < sizeof(T)) return make_ntstatus_error(STATUS_INFO_LENGTH_MISMATCH);
        return value;
    }

    // GET of a variable-size property: a zero-length probe for the size
    // (STATUS_BUFFER_OVERFLOW + size, or success with size 0), then a fetch
    // with an exact buffer, repeated if the size grew in between.  The
    // request is any property request (KSPROPERTY, KSP_PIN, ...).
    Result<std::vector<std::byte>> getBytes(const void* request, ULONG requestLength) const;
    Result<std::vector<std::byte>> getBytes(const GUID& set, ULONG id) const;

    // A KSPROPERTY with Set, Id and Flags.
    static KSPROPERTY makeProperty(const GUID& set, ULONG id, ULONG flags) noexcept
    {
        KSPROPERTY property{};
        property.Set = set;
        property.Id = id;
        property.Flags = flags;
        return property;
    }

private:
    HANDLE handle_ = nullptr;
};

}  // namespace openks
