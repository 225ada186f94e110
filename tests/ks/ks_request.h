// SPDX-License-Identifier: MIT
// Test helpers for the KS engines: an IRP on the stack carrying one METHOD_NEITHER request, and format builders.
#pragma once

#include <openks/driver.h>
#include <openks/ks.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace openks::ks::test {

// One IOCTL request as the I/O manager would dispatch it: the current stack
// location holds the METHOD_NEITHER buffers; nothing here calls the I/O manager.
struct Request {
    IRP irp{};

    Request(ULONG ioctl, const void* input, ULONG inputLength, void* output, ULONG outputLength,
            KPROCESSOR_MODE mode = UserMode)
    {
        irp.Tail.Overlay.CurrentStackLocation = &irp.Stack[OPENKS_IRP_STACK_SIZE - 1];
        irp.RequestorMode = mode;
        irp.UserBuffer = output;
        irp.IoStatus.Information = 0xDEADBEEF;  // every path must set it
        IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(&irp);
        stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
        stack->Parameters.DeviceIoControl.IoControlCode = ioctl;
        stack->Parameters.DeviceIoControl.Type3InputBuffer = const_cast<void*>(input);
        stack->Parameters.DeviceIoControl.InputBufferLength = inputLength;
        stack->Parameters.DeviceIoControl.OutputBufferLength = outputLength;
    }
    Request(const Request&) = delete;
    Request& operator=(const Request&) = delete;

    PIRP get() { return &irp; }
    ULONG_PTR information() const { return irp.IoStatus.Information; }
};

// An 8-byte-aligned byte buffer.
class Buffer {
public:
    explicit Buffer(size_t bytes = 0) : words_((bytes + 7) / 8 + 1, 0), size_(bytes) {}
    std::byte* data() { return reinterpret_cast<std::byte*>(words_.data()); }
    const std::byte* data() const { return reinterpret_cast<const std::byte*>(words_.data()); }
    ULONG size() const { return ULONG(size_); }
    template <typename T>
    T& at(size_t offset)
    {
        return *reinterpret_cast<T*>(data() + offset);
    }
    template <typename T>
    T read(size_t offset) const
    {
        T value;
        std::memcpy(&value, data() + offset, sizeof(T));
        return value;
    }
    void append(const void* bytes, size_t length)
    {
        const size_t old = size_;
        resize(old + length);
        std::memcpy(data() + old, bytes, length);
    }
    void resize(size_t bytes)
    {
        words_.resize((bytes + 7) / 8 + 1, 0);
        size_ = bytes;
    }
    void alignTo8() { resize((size_ + 7) & ~size_t{7}); }

private:
    std::vector<std::uint64_t> words_;
    size_t size_;
};

inline KSPROPERTY property(const GUID& set, ULONG id, ULONG flags)
{
    KSPROPERTY p{};
    p.Set = set;
    p.Id = id;
    p.Flags = flags;
    return p;
}

inline KSP_PIN pinProperty(ULONG id, ULONG pinId, ULONG flags = KSPROPERTY_TYPE_GET)
{
    KSP_PIN p{};
    p.Property = property(KSPROPSETID_Pin, id, flags);
    p.PinId = pinId;
    return p;
}

}  // namespace openks::ks::test
