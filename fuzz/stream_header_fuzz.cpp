// SPDX-License-Identifier: MIT
// libFuzzer harness for the stream-header probe: any bytes get a documented status and a self-consistent view.
//
// Input layout: bytes 0-3 ProbeFlags (little-endian), bytes 4-7 the expected
// header size, the rest the header array.  The array is copied into a heap
// block of exactly its size, so under ASan any read past it is reported.
// Every invariant violation aborts (a crash is the only failure signal a
// fuzzer has).
#include "ks/stream_header.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

using namespace openks::ks;

void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "stream_header_fuzz: invariant violated: %s\n", what);
        std::abort();
    }
}

ULONG readLe32(const std::uint8_t* p)
{
    return ULONG(p[0]) | ULONG(p[1]) << 8 | ULONG(p[2]) << 16 | ULONG(p[3]) << 24;
}

bool documented(NTSTATUS s)
{
    return s == STATUS_SUCCESS || s == STATUS_INVALID_BUFFER_SIZE || s == STATUS_INVALID_PARAMETER ||
           s == STATUS_DATATYPE_MISALIGNMENT;
}

template <typename Header>
bool sameShape(const BasicStreamHeaderView<Header>& a, const StreamHeaderView& b)
{
    return a.count == b.count && a.headerSize == b.headerSize && a.length == b.length && a.probeFlags == b.probeFlags &&
           a.isWrite == b.isWrite && a.dataWritable == b.dataWritable && a.formatChange == b.formatChange &&
           a.totalDataUsed == b.totalDataUsed && a.totalFrameExtent == b.totalFrameExtent;
}

// Re-derives every promise of an accepted view from the bytes it covers, and
// touches each header and extension byte so ASan checks the view's bounds.
void checkAccepted(const StreamHeaderView& view, const void* buffer, ULONG length, ULONG flags, ULONG expected)
{
    check(view.first == buffer, "view starts at the buffer");
    check(view.count >= 1 && view.count <= kMaxStreamHeadersPerRequest, "count within [1, cap]");
    check(view.headerSize >= kStreamHeaderBaseSize && view.headerSize % 8 == 0, "legal header size");
    check(ULONGLONG(view.count) * view.headerSize == length && view.length == length, "headers cover the length");
    check(expected == 0 || view.formatChange || view.headerSize == expected, "size matches the pin's");
    check(view.isWrite == ((flags & kProbeStreamWrite) != 0), "direction from flags");
    check(!view.formatChange || (view.isWrite && view.count == 1 && view.headerSize == kStreamHeaderBaseSize &&
                                 (flags & kProbeAllowFormatChange) != 0),
          "format change is a lone, plain, allowed write");

    ULONGLONG used = 0;
    ULONGLONG extent = 0;
    ULONG visited = 0;
    unsigned checksum = 0;
    forEachHeader(view, [&](const KSSTREAM_HEADER& h, std::span<const std::byte> extension) {
        check(h.Size == view.headerSize, "uniform Size");
        check(extension.size() == view.headerSize - kStreamHeaderBaseSize, "extension size");
        for (std::byte b : extension) {
            checksum += unsigned(b);
        }
        if (view.isWrite) {
            check(h.DataUsed <= h.FrameExtent, "write DataUsed <= FrameExtent");
            const bool typeChanged = (h.OptionsFlags & KSSTREAM_HEADER_OPTIONSF_TYPECHANGED) != 0;
            check(typeChanged == view.formatChange, "formatChange iff the write is TYPECHANGED");
        } else {
            check(h.DataUsed == 0, "read DataUsed == 0");
        }
        check(h.FrameExtent == 0 ||
                  (h.Data != nullptr && reinterpret_cast<std::uintptr_t>(h.Data) <= UINTPTR_MAX - h.FrameExtent),
              "Data range is addressable");
        used += h.DataUsed;
        extent += h.FrameExtent;
        ++visited;
    });
    check(visited == view.count, "iteration visits count headers");
    check(used == view.totalDataUsed && extent == view.totalFrameExtent, "64-bit sums");
    (void)checksum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 8 || size - 8 > 0xFFFFFFFFu) {
        return 0;
    }
    const ULONG flags = readLe32(data);
    const ULONG expected = readLe32(data + 4);
    const ULONG length = ULONG(size - 8);

    // Exactly `length` bytes, 16-aligned by operator new.
    std::unique_ptr<std::byte[]> buffer(new std::byte[length]);
    if (length != 0) {
        std::memcpy(buffer.get(), data + 8, length);
    }

    StreamHeaderView view;
    const NTSTATUS status = probeStreamHeaders(buffer.get(), length, flags, expected, &view);
    check(documented(status), "a documented status");
    if (NT_SUCCESS(status)) {
        checkAccepted(view, buffer.get(), length, flags, expected);
    } else {
        check(view.empty() && view.first == nullptr && view.totalDataUsed == 0, "nothing partial on failure");
    }

    // The mutable overload answers identically.
    MutableStreamHeaderView mutableView;
    const NTSTATUS mutableStatus =
        probeStreamHeaders(static_cast<void*>(buffer.get()), length, flags, expected, &mutableView);
    check(mutableStatus == status && sameShape(mutableView, view), "mutable probe agrees");

    // Capture from an unaligned copy of the source into exact-size scratch:
    // same verdict, and the view points at the scratch copy.
    std::unique_ptr<std::byte[]> shifted(new std::byte[std::size_t(length) + 1]);
    if (length != 0) {
        std::memcpy(shifted.get() + 1, buffer.get(), length);
    }
    std::unique_ptr<std::byte[]> scratch(new std::byte[length]);
    MutableStreamHeaderView captured;
    const NTSTATUS captureStatus =
        captureStreamHeaders(shifted.get() + 1, length, flags, expected, scratch.get(), length, &captured);
    check(captureStatus == status && sameShape(captured, view), "capture agrees with the in-place probe");
    if (NT_SUCCESS(captureStatus)) {
        check(static_cast<void*>(captured.first) == scratch.get(), "capture's view points into scratch");
        check(std::memcmp(scratch.get(), buffer.get(), length) == 0, "capture copied the bytes");
    }

    // A misaligned buffer is refused before any header byte is read (after the
    // earlier-ordered parameter and length checks).
    if (length >= 4) {
        StreamHeaderView misaligned;
        const NTSTATUS s = probeStreamHeaders(shifted.get() + 1, length, flags, expected, &misaligned);
        const bool badExpected = expected != 0 && (expected < kStreamHeaderBaseSize || expected % 8 != 0);
        check(s == (badExpected ? STATUS_INVALID_PARAMETER : STATUS_DATATYPE_MISALIGNMENT), "misaligned buffer status");
        check(misaligned.empty(), "misaligned leaves the view empty");
    }
    return 0;
}
