// SPDX-License-Identifier: MIT
// The stream-header probe: KsProbeStreamIrp's validation as a pure parser over untrusted bytes.
#pragma once

/*
 * Every IOCTL_KS_READ_STREAM / IOCTL_KS_WRITE_STREAM passes its header array
 * (the METHOD_NEITHER output buffer, ks-spec §2.3/§2.4) through this parser
 * before anything else looks at it.  The parser either returns a validated
 * view of a uniform KSSTREAM_HEADER array or a documented NTSTATUS, and
 * never reads outside [buffer, buffer + length).  It never dereferences the
 * headers' Data pointers and never allocates.
 *
 *   // Kernel-mode requestor: headers are used in place.
 *   MutableStreamHeaderView view;
 *   NTSTATUS s = probeStreamHeaders(irp->UserBuffer, outLength, kProbeStreamRead,
 *                                   pin->StreamHeaderSize, &view);
 *   if (!NT_SUCCESS(s)) return complete(irp, s);
 *   for (auto entry : view) entry.header->DataUsed = fill(entry.header);
 *
 *   // User-mode requestor: copy first, then validate the copy, so another
 *   // thread of the caller cannot change a header after it was checked.
 *   s = captureStreamHeaders(irp->UserBuffer, outLength, kProbeStreamWrite, 0,
 *                            scratch, scratchLength, &view);
 *
 * Decisions beyond the ks-spec §4 algorithm (each is a status, never a crash):
 *   - A null buffer with a non-zero length is STATUS_INVALID_BUFFER_SIZE: the
 *     in-process transport hands us caller pointers, and Windows would fault
 *     on the probe; we answer a size status instead of touching address 0.
 *   - The buffer must be 8-byte aligned (KSSTREAM_HEADER's alignment), else
 *     STATUS_DATATYPE_MISALIGNMENT.  captureStreamHeaders copies bytes, so it
 *     accepts any source alignment, as ks.sys's byte-aligned user probe does.
 *   - All headers in one request have the same Size.  Real clients send
 *     uniform arrays (ksproxy packs up to 64 equal headers, everyone else
 *     sends one), and a uniform stride lets the AVStream layer index frames
 *     without re-walking.  A mixed array is STATUS_INVALID_BUFFER_SIZE.
 *   - Every header, whatever expectedHeaderSize says, has Size >= 56 and
 *     Size % 8 == 0, so the next header is aligned and the base struct is
 *     whole.  With expectedHeaderSize != 0 only a write's format-change
 *     header may differ from it (it is then exactly 56 and alone); a read
 *     header never may, because the driver fills the pin's full
 *     StreamHeaderSize (e.g. KS_FRAME_INFO) on completion.
 *   - OptionsFlags on reads are accepted (capture clients send FRAMEINFO and
 *     PERSIST_SAMPLE); ReactOS's rejection of them is deliberately not
 *     copied (ks-spec §13).
 *   - Data == NULL with FrameExtent != 0, or a Data range that wraps the
 *     address space, is STATUS_INVALID_PARAMETER.  Windows would fault with
 *     STATUS_ACCESS_VIOLATION when probing the buffer; we cannot probe, so we
 *     refuse the descriptor itself.  Data == NULL with FrameExtent == 0 is a
 *     legal empty frame (end of stream, discontinuity).
 *   - At most kMaxStreamHeadersPerRequest headers per request (4096, 64
 *     times what ksproxy sends); more is STATUS_INVALID_BUFFER_SIZE.
 *   - Offsets and byte sums are computed in 64 bits; a Size that would run
 *     past the buffer is STATUS_INVALID_BUFFER_SIZE, never a wrap.
 *   - MDL-related flags (ALLOCATEMDL, PROBEANDLOCK, SYSTEMADDRESS) do not
 *     change validation; they are kept in the view for the layer that maps
 *     data buffers.
 *
 * Thread safety: the functions are pure and reentrant; any thread may call
 * them.  The view borrows the buffer (or scratch) it describes and is valid
 * only while that memory is.
 */

#include <openks/ks/ntstatus.h>
#include <openks/ks/stream_header.h>
#include <openks/ks/wintypes.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <type_traits>

namespace openks::ks {

// KsProbeStreamIrp's ProbeFlags (ks-spec §4).  These mirror KSPROBE_*; the
// public names live with the kernel-mode part of <openks/ks.h>.
inline constexpr ULONG kProbeStreamRead = 0x00000000;
inline constexpr ULONG kProbeStreamWrite = 0x00000001;
inline constexpr ULONG kProbeAllocateMdl = 0x00000010;
inline constexpr ULONG kProbeProbeAndLock = 0x00000020;
inline constexpr ULONG kProbeSystemAddress = 0x00000040;
inline constexpr ULONG kProbeAllowFormatChange = 0x00000080;
inline constexpr ULONG kProbeModify = 0x00000200;
inline constexpr ULONG kProbeStreamWriteModify = 0x00000201;

#ifdef KSPROBE_STREAMWRITEMODIFY
static_assert(kProbeStreamRead == KSPROBE_STREAMREAD && kProbeStreamWrite == KSPROBE_STREAMWRITE &&
              kProbeAllocateMdl == KSPROBE_ALLOCATEMDL && kProbeProbeAndLock == KSPROBE_PROBEANDLOCK &&
              kProbeSystemAddress == KSPROBE_SYSTEMADDRESS && kProbeAllowFormatChange == KSPROBE_ALLOWFORMATCHANGE &&
              kProbeModify == KSPROBE_MODIFY && kProbeStreamWriteModify == KSPROBE_STREAMWRITEMODIFY);
#endif

// sizeof(KSSTREAM_HEADER) on x64 (ks-spec §3, checklist item 7).
inline constexpr ULONG kStreamHeaderBaseSize = sizeof(KSSTREAM_HEADER);
static_assert(kStreamHeaderBaseSize == 56);
static_assert(alignof(KSSTREAM_HEADER) == 8);
inline constexpr ULONG kStreamHeaderAlignment = alignof(KSSTREAM_HEADER);

// The most headers one request may carry.  ksproxy sends at most 64; the cap
// bounds per-request work and the AVStream layer's frame bookkeeping.
inline constexpr ULONG kMaxStreamHeadersPerRequest = 4096;

// One header of a validated array: the header and the bytes of its extension
// (Size - 56 bytes directly after the base struct, e.g. KS_FRAME_INFO).
template <typename Header>
struct StreamHeaderEntry {
    using Byte = std::conditional_t<std::is_const_v<Header>, const std::byte, std::byte>;
    Header* header;
    std::span<Byte> extension;
};

// Walks a validated array header by header (a forward iterator).
template <typename Header>
class StreamHeaderIterator {
public:
    using Byte = typename StreamHeaderEntry<Header>::Byte;
    using iterator_category = std::forward_iterator_tag;
    using value_type = StreamHeaderEntry<Header>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;

    StreamHeaderIterator() = default;
    StreamHeaderIterator(Byte* position, ULONG stride) : position_(position), stride_(stride) {}

    value_type operator*() const
    {
        return {reinterpret_cast<Header*>(position_),
                std::span<Byte>(position_ + kStreamHeaderBaseSize, stride_ - kStreamHeaderBaseSize)};
    }
    StreamHeaderIterator& operator++()
    {
        position_ += stride_;
        return *this;
    }
    StreamHeaderIterator operator++(int)
    {
        StreamHeaderIterator old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const StreamHeaderIterator& a, const StreamHeaderIterator& b)
    {
        return a.position_ == b.position_;
    }

private:
    Byte* position_ = nullptr;
    ULONG stride_ = kStreamHeaderBaseSize;
};

// A validated header array.  Filled only by the probe functions below; a
// default-constructed view is empty (count 0, first null).  Invariants of a
// filled view: 1 <= count <= kMaxStreamHeadersPerRequest; every header's
// Size == headerSize; headerSize >= 56, headerSize % 8 == 0;
// count * headerSize == length; first is 8-byte aligned.
template <typename Header>
struct BasicStreamHeaderView {
    using Byte = typename StreamHeaderEntry<Header>::Byte;
    using iterator = StreamHeaderIterator<Header>;

    Header* first = nullptr;         // the first header (borrowed)
    ULONG count = 0;                 // number of headers
    ULONG headerSize = 0;            // each header's Size (the stride)
    ULONG length = 0;                // bytes of the array: count * headerSize
    ULONG probeFlags = 0;            // the ProbeFlags the array was validated with
    bool isWrite = false;            // KSPROBE_STREAMWRITE: device reads the data buffers
    bool dataWritable = false;       // a read or KSPROBE_MODIFY: data buffers are written
    bool formatChange = false;       // a lone TYPECHANGED write: Data holds a KSDATAFORMAT
    ULONGLONG totalDataUsed = 0;     // sum of DataUsed (0 for a read)
    ULONGLONG totalFrameExtent = 0;  // sum of FrameExtent

    bool empty() const noexcept { return count == 0; }
    // Bytes after each 56-byte base struct (0 for plain headers).
    ULONG extensionSize() const noexcept { return count == 0 ? 0 : headerSize - kStreamHeaderBaseSize; }

    // The index-th header, or nullptr when index >= count.
    Header* header(ULONG index) const noexcept
    {
        if (index >= count) {
            return nullptr;
        }
        return reinterpret_cast<Header*>(bytes() + std::size_t(index) * headerSize);
    }
    // The index-th header's extension bytes (empty when index >= count).
    std::span<Byte> extension(ULONG index) const noexcept
    {
        if (index >= count) {
            return {};
        }
        return std::span<Byte>(bytes() + std::size_t(index) * headerSize + kStreamHeaderBaseSize,
                               headerSize - kStreamHeaderBaseSize);
    }

    iterator begin() const noexcept { return iterator(bytes(), count == 0 ? kStreamHeaderBaseSize : headerSize); }
    iterator end() const noexcept
    {
        return iterator(bytes() + std::size_t(count) * headerSize, count == 0 ? kStreamHeaderBaseSize : headerSize);
    }

private:
    Byte* bytes() const noexcept { return reinterpret_cast<Byte*>(first); }
};

// A read-only view (the probe of a const buffer).
using StreamHeaderView = BasicStreamHeaderView<const KSSTREAM_HEADER>;
// A view through which headers may be updated (reads completing in place,
// or a captured copy).
using MutableStreamHeaderView = BasicStreamHeaderView<KSSTREAM_HEADER>;

// Calls fn(Header& header, std::span<Byte> extension) for each header of a
// validated view, in order.  Any thread; fn runs on the calling thread.
template <typename Header, typename Fn>
void forEachHeader(const BasicStreamHeaderView<Header>& view, Fn&& fn)
{
    for (StreamHeaderEntry<Header> entry : view) {
        fn(*entry.header, entry.extension);
    }
}

// Validates `length` bytes at `buffer` as a KSSTREAM_HEADER array the way
// KsProbeStreamIrp(ProbeFlags, HeaderSize) does (ks-spec §4 plus the
// decisions above) and, on success, fills *out.
//
//   buffer              the header array (borrowed; must stay valid and
//                       unchanged while the view is used).
//   length              its size in bytes (the IOCTL's OutputBufferLength).
//   probeFlags          kProbe* / KSPROBE_* bits; STREAMWRITE selects the
//                       write rules, ALLOWFORMATCHANGE permits TYPECHANGED.
//   expectedHeaderSize  the pin's StreamHeaderSize, or 0 to accept any legal
//                       Size (still uniform across the array).
//   out                 receives the view; on failure it is reset to an
//                       empty view, so nothing partial is ever returned.
//
// Statuses, checked in this order:
//   STATUS_INVALID_PARAMETER      out is null; or expectedHeaderSize is
//                                 non-zero and < 56 or not a multiple of 8
//                                 (a minidriver configuration error).
//   STATUS_INVALID_BUFFER_SIZE    length == 0; buffer null (item 16).
//   STATUS_DATATYPE_MISALIGNMENT  buffer not 8-byte aligned.
//   STATUS_INVALID_BUFFER_SIZE    length % expectedHeaderSize != 0, unless
//                                 ALLOWFORMATCHANGE and length == 56.
//   then, per header in order, the first failing rule wins:
//   STATUS_INVALID_BUFFER_SIZE    fewer than 56 bytes left; more than
//                                 kMaxStreamHeadersPerRequest headers;
//                                 Size != expectedHeaderSize (non-zero) and
//                                 not a write's TYPECHANGED header (item 10);
//                                 Size < 56 (item 8) or Size % 8 != 0 (item 9);
//                                 Size > bytes left (item 11); Size differs
//                                 from the first header's;
//                                 write: DataUsed > FrameExtent (item 12);
//                                 write: TYPECHANGED header not alone or
//                                 extended (item 15);
//                                 read: DataUsed != 0 (item 13).
//   STATUS_INVALID_PARAMETER      write: TYPECHANGED without
//                                 ALLOWFORMATCHANGE (item 14); Data == NULL
//                                 with FrameExtent != 0; Data + FrameExtent
//                                 wraps the address space.
//   STATUS_SUCCESS                *out describes the array.
[[nodiscard]] NTSTATUS probeStreamHeaders(const void* buffer, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize,
                                          StreamHeaderView* out) noexcept;
// The same validation, yielding a view that may update the headers in place.
[[nodiscard]] NTSTATUS probeStreamHeaders(void* buffer, ULONG length, ULONG probeFlags, ULONG expectedHeaderSize,
                                          MutableStreamHeaderView* out) noexcept;

// Copies `length` bytes from `source` into `scratch` and validates the copy,
// so the view (which points into scratch) cannot be changed behind the
// validation by another thread writing `source` (time-of-check/time-of-use).
// Allocation-free: the caller owns scratch (a pooled per-request buffer).
// On completion of a read the caller copies the view's `length` bytes back
// to `source` (ks-spec §2.4: Information = header bytes returned).
//
// Statuses, checked in this order:
//   STATUS_INVALID_PARAMETER      out is null, or expectedHeaderSize invalid
//                                 (as for probeStreamHeaders).
//   STATUS_INVALID_BUFFER_SIZE    length == 0, or source null.
//   STATUS_BUFFER_TOO_SMALL       scratch null or scratchLength < length.
//   STATUS_DATATYPE_MISALIGNMENT  scratch not 8-byte aligned (source may be
//                                 at any alignment: it is only copied).
//   otherwise whatever probeStreamHeaders returns for the copy.
// source and scratch must not overlap.  Any thread.
[[nodiscard]] NTSTATUS captureStreamHeaders(const void* source, ULONG length, ULONG probeFlags,
                                            ULONG expectedHeaderSize, void* scratch, ULONG scratchLength,
                                            MutableStreamHeaderView* out) noexcept;

}  // namespace openks::ks
