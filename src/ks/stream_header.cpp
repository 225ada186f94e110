// SPDX-License-Identifier: MIT
// The stream-header probe: validates a KSSTREAM_HEADER array before any of it is used.
#include "ks/stream_header.h"

#include <cstring>

namespace openks::ks {

namespace {

constexpr ULONG kTypeChanged = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;

// What a successful walk learned; copied into the caller's view only at the end.
struct ProbeResult {
    ULONG count = 0;
    ULONG headerSize = 0;
    bool formatChange = false;
    ULONGLONG totalDataUsed = 0;
    ULONGLONG totalFrameExtent = 0;
};

bool validExpectedSize(ULONG expectedHeaderSize)
{
    return expectedHeaderSize == 0 ||
           (expectedHeaderSize >= kStreamHeaderBaseSize && expectedHeaderSize % kStreamHeaderAlignment == 0);
}

bool aligned(const void* p)
{
    return reinterpret_cast<std::uintptr_t>(p) % kStreamHeaderAlignment == 0;
}

// The fields the rules look at, each read exactly once, so every rule judges
// the same values even if a (trusted, in-place) caller races with us.
struct HeaderFields {
    ULONG size;
    ULONG frameExtent;
    ULONG dataUsed;
    std::uintptr_t data;
    ULONG optionsFlags;
};

HeaderFields readFields(const std::byte* at)
{
    const auto* h = reinterpret_cast<const KSSTREAM_HEADER*>(at);
    return {h->Size, h->FrameExtent, h->DataUsed, reinterpret_cast<std::uintptr_t>(h->Data), h->OptionsFlags};
}

// The whole algorithm over an already null-checked, aligned, non-empty buffer.
// Reads only [base, base + length): a header's 56 bytes are read only after
// checking that at least 56 bytes remain.
NTSTATUS walk(const std::byte* base, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize, ProbeResult* result)
{
    const bool isWrite = (probeFlags & kProbeStreamWrite) != 0;
    const bool allowFormatChange = (probeFlags & kProbeAllowFormatChange) != 0;

    if (expectedHeaderSize != 0 && length % expectedHeaderSize != 0 &&
        !(allowFormatChange && length == kStreamHeaderBaseSize)) {
        return STATUS_INVALID_BUFFER_SIZE;
    }

    ProbeResult r;
    // 64-bit so that offset + Size can never wrap (both are < 2^32).
    ULONGLONG offset = 0;
    while (offset < length) {
        const ULONGLONG remaining = ULONGLONG(length) - offset;
        if (remaining < kStreamHeaderBaseSize) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        if (r.count == kMaxStreamHeadersPerRequest) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        const HeaderFields f = readFields(base + offset);
        const bool typeChanged = (f.optionsFlags & kTypeChanged) != 0;

        // Only a write's format-change header may differ from the pin's size;
        // a read header must hold everything the driver writes back.
        if (expectedHeaderSize != 0 && f.size != expectedHeaderSize && !(isWrite && typeChanged)) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        if (f.size < kStreamHeaderBaseSize || f.size % kStreamHeaderAlignment != 0) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        if (remaining < f.size) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        if (r.count != 0 && f.size != r.headerSize) {
            return STATUS_INVALID_BUFFER_SIZE;
        }

        if (isWrite) {
            if (f.dataUsed > f.frameExtent) {
                return STATUS_INVALID_BUFFER_SIZE;
            }
            if (typeChanged) {
                if (r.count != 0 || f.size != kStreamHeaderBaseSize || length != kStreamHeaderBaseSize) {
                    return STATUS_INVALID_BUFFER_SIZE;
                }
                if (!allowFormatChange) {
                    return STATUS_INVALID_PARAMETER;
                }
                r.formatChange = true;
            }
        } else if (f.dataUsed != 0) {
            return STATUS_INVALID_BUFFER_SIZE;
        }

        if (f.frameExtent != 0 && (f.data == 0 || f.data > UINTPTR_MAX - f.frameExtent)) {
            return STATUS_INVALID_PARAMETER;
        }

        if (r.count == 0) {
            r.headerSize = f.size;
        }
        ++r.count;
        r.totalDataUsed += f.dataUsed;
        r.totalFrameExtent += f.frameExtent;
        offset += f.size;
    }
    *result = r;
    return STATUS_SUCCESS;
}

template <typename Header>
NTSTATUS probe(const void* buffer, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize,
               BasicStreamHeaderView<Header>* out)
{
    if (out == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *out = {};
    if (!validExpectedSize(expectedHeaderSize)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (length == 0 || buffer == nullptr) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    if (!aligned(buffer)) {
        return STATUS_DATATYPE_MISALIGNMENT;
    }

    ProbeResult r;
    const NTSTATUS status = walk(static_cast<const std::byte*>(buffer), length, probeFlags, expectedHeaderSize, &r);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    // The const_cast only restores the mutability the caller's overload had.
    out->first = static_cast<Header*>(const_cast<void*>(buffer));
    out->count = r.count;
    out->headerSize = r.headerSize;
    out->length = length;
    out->probeFlags = probeFlags;
    out->isWrite = (probeFlags & kProbeStreamWrite) != 0;
    out->dataWritable = !out->isWrite || (probeFlags & kProbeModify) == kProbeModify;
    out->formatChange = r.formatChange;
    out->totalDataUsed = r.totalDataUsed;
    out->totalFrameExtent = r.totalFrameExtent;
    return STATUS_SUCCESS;
}

}  // namespace

NTSTATUS probeStreamHeaders(const void* buffer, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize,
                            StreamHeaderView* out) noexcept
{
    return probe(buffer, length, probeFlags, expectedHeaderSize, out);
}

NTSTATUS probeStreamHeaders(void* buffer, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize,
                            MutableStreamHeaderView* out) noexcept
{
    return probe(buffer, length, probeFlags, expectedHeaderSize, out);
}

NTSTATUS captureStreamHeaders(const void* source, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize,
                              void* scratch, ULONG scratchLength, MutableStreamHeaderView* out) noexcept
{
    if (out == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *out = {};
    if (!validExpectedSize(expectedHeaderSize)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (length == 0 || source == nullptr) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    if (scratch == nullptr || scratchLength < length) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (!aligned(scratch)) {
        return STATUS_DATATYPE_MISALIGNMENT;
    }
    // One copy, then every check reads only the copy.
    std::memcpy(scratch, source, length);
    return probe(static_cast<const void*>(scratch), length, probeFlags, expectedHeaderSize, out);
}

}  // namespace openks::ks
