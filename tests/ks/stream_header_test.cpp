// SPDX-License-Identifier: MIT
// The stream-header probe: a table row per rejection rule, the shapes real clients send, random mutation.
#include "ks/stream_header.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace openks::ks {
namespace {

constexpr ULONG kBase = kStreamHeaderBaseSize;
constexpr ULONG kFrameInfoSize = 72;  // sizeof(KS_FRAME_INFO) on x64 (ks-abi-x64.tsv)
constexpr ULONG kFrameBytes = 4096;
constexpr ULONG kRead = kProbeStreamRead;
constexpr ULONG kWrite = kProbeStreamWrite;
constexpr ULONG kAllow = kProbeAllowFormatChange;

// The frame every test header points at.  The probe never dereferences Data;
// pointing at real memory keeps that a property of the probe, not luck.
alignas(8) std::byte gFrame[kFrameBytes];

// An 8-byte-aligned byte buffer holding a header array built field by field.
class HeaderArray {
public:
    explicit HeaderArray(ULONG bytes) : storage_((bytes + 7) / 8), length_(bytes) {}

    // `count` valid headers of `size` bytes for a read or a write.
    static HeaderArray uniform(ULONG count, ULONG size, bool write)
    {
        HeaderArray a(count * size);
        for (ULONG i = 0; i < count; ++i) {
            a.place(i * size, size, write);
        }
        return a;
    }

    // Writes a valid header of `size` bytes at `offset` (the array must hold it).
    KSSTREAM_HEADER& place(ULONG offset, ULONG size, bool write)
    {
        KSSTREAM_HEADER& h = at(offset);
        h = {};
        h.Size = size;
        h.PresentationTime.Numerator = 1;
        h.PresentationTime.Denominator = 1;
        h.Data = gFrame;
        h.FrameExtent = kFrameBytes;
        h.DataUsed = write ? kFrameBytes : 0;
        return h;
    }

    KSSTREAM_HEADER& at(ULONG offset) { return *reinterpret_cast<KSSTREAM_HEADER*>(bytes() + offset); }
    KSSTREAM_HEADER& header(ULONG index, ULONG stride) { return at(index * stride); }
    std::byte* bytes() { return reinterpret_cast<std::byte*>(storage_.data()); }
    ULONG length() const { return length_; }
    // Claims `length` bytes; storage grows (zero-filled) so a longer claim is still real memory.
    void setLength(ULONG length)
    {
        if (length > storage_.size() * sizeof(std::uint64_t)) {
            storage_.resize((length + 7) / 8);
        }
        length_ = length;
    }

private:
    std::vector<std::uint64_t> storage_;
    ULONG length_;
};

// ---------------------------------------------------------------------------
// Rejections: one row per rule.

struct Input {
    HeaderArray array;
    const void* buffer;  // usually array.bytes(); null or misaligned for the pointer rules
};

struct RejectCase {
    const char* name;  // cites the ks-spec §12 item it covers, or "Extra" for our own rules
    ULONG probeFlags;
    ULONG expectedHeaderSize;
    std::function<HeaderArray()> build;
    NTSTATUS expected;
    enum class Pointer { Array, Null, Misaligned } pointer = Pointer::Array;
};

void PrintTo(const RejectCase& c, std::ostream* os)
{
    *os << c.name;
}

HeaderArray one(ULONG size, bool write, const std::function<void(KSSTREAM_HEADER&)>& edit)
{
    HeaderArray a = HeaderArray::uniform(1, size, write);
    edit(a.at(0));
    return a;
}

HeaderArray lengthOverride(HeaderArray a, ULONG length)
{
    a.setLength(length);
    return a;
}

const RejectCase kRejectCases[] = {
    // ks-spec §12 item 16: an empty header buffer.
    {"Item16_ZeroLengthRead", kRead, 0, [] { return HeaderArray(0); }, STATUS_INVALID_BUFFER_SIZE},
    {"Item16_ZeroLengthWrite", kWrite, kBase, [] { return HeaderArray(0); }, STATUS_INVALID_BUFFER_SIZE},
    {"Extra_NullBufferWithLength", kWrite, 0, [] { return HeaderArray::uniform(1, kBase, true); },
     STATUS_INVALID_BUFFER_SIZE, RejectCase::Pointer::Null},
    {"Extra_MisalignedBuffer", kWrite, 0, [] { return HeaderArray::uniform(2, kBase, true); },
     STATUS_DATATYPE_MISALIGNMENT, RejectCase::Pointer::Misaligned},
    {"Extra_ExpectedSizeBelowBase", kWrite, 48, [] { return HeaderArray::uniform(1, kBase, true); },
     STATUS_INVALID_PARAMETER},
    {"Extra_ExpectedSizeNotMultipleOf8", kWrite, 60, [] { return HeaderArray::uniform(1, kBase, true); },
     STATUS_INVALID_PARAMETER},
    // §4 step 1: whole buffer must be a multiple of HeaderSize.
    {"Extra_LengthNotMultipleOfExpected", kWrite, kBase,
     [] { return lengthOverride(HeaderArray::uniform(2, kBase, true), 2 * kBase + 8); }, STATUS_INVALID_BUFFER_SIZE},
    {"Extra_LoneHeaderExemptionNeedsAllowFormatChange", kWrite, 128,
     [] { return one(kBase, true, [](auto& h) { h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED; }); },
     STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 8: Size below sizeof(KSSTREAM_HEADER), HeaderSize 0.
    {"Item08_SizeBelowBase", kWrite, 0,
     [] { return lengthOverride(one(kBase, true, [](auto& h) { h.Size = 48; }), kBase); }, STATUS_INVALID_BUFFER_SIZE},
    {"Item08_SizeZero", kRead, 0, [] { return one(kBase, false, [](auto& h) { h.Size = 0; }); },
     STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 9: Size not a multiple of 8, HeaderSize 0.
    {"Item09_SizeNotMultipleOf8", kWrite, 0,
     [] { return lengthOverride(one(64, true, [](auto& h) { h.Size = 60; }), 60); }, STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 10: Size != HeaderSize (a 128-byte header is fine with HeaderSize 0).
    {"Item10_SizeDiffersFromExpected", kWrite, 64, [] { return HeaderArray::uniform(1, 128, true); },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item10_ReadTypeChangedIsNotExempt", kRead | kAllow, 128,
     [] { return one(kBase, false, [](auto& h) { h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED; }); },
     STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 11: Size beyond the remaining length.
    {"Item11_SizeExceedsBuffer", kWrite, 0, [] { return lengthOverride(one(64, true, [](auto&) {}), kBase); },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item11_SecondSizeExceedsRemainder", kRead, 0,
     [] {
         HeaderArray a = HeaderArray::uniform(2, kBase, false);
         a.header(1, kBase).Size = 64;
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item11_SizeOverflowsOffset", kRead, 0,
     [] {
         HeaderArray a = HeaderArray::uniform(2, kBase, false);
         a.header(1, kBase).Size = 0xFFFFFFF8u;  // offset + Size wraps a 32-bit sum
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item11_TailShorterThanHeader", kWrite, 0,
     [] { return lengthOverride(HeaderArray::uniform(2, kBase, true), kBase + 8); }, STATUS_INVALID_BUFFER_SIZE},
    {"Extra_MixedHeaderSizes", kWrite, 0,
     [] {
         HeaderArray a(kBase + 64);
         a.place(0, kBase, true);
         a.place(kBase, 64, true);
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 12: write DataUsed > FrameExtent.
    {"Item12_WriteDataUsedAboveFrameExtent", kWrite, kBase,
     [] { return one(kBase, true, [](auto& h) { h.DataUsed = h.FrameExtent + 1; }); }, STATUS_INVALID_BUFFER_SIZE},
    {"Item12_LastOfEightWritesOverrun", kWrite, kBase,
     [] {
         HeaderArray a = HeaderArray::uniform(8, kBase, true);
         a.header(7, kBase).FrameExtent = 0;
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 13: read DataUsed != 0.
    {"Item13_ReadDataUsedNonZero", kRead, kBase, [] { return one(kBase, false, [](auto& h) { h.DataUsed = 1; }); },
     STATUS_INVALID_BUFFER_SIZE},
    // ks-spec §12 item 14: TYPECHANGED write without KSPROBE_ALLOWFORMATCHANGE.
    {"Item14_TypeChangedWithoutAllow", kWrite, 0,
     [] { return one(kBase, true, [](auto& h) { h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED; }); },
     STATUS_INVALID_PARAMETER},
    {"Item14_TypeChangedWithoutAllowExpected56", kWrite, kBase,
     [] { return one(kBase, true, [](auto& h) { h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED; }); },
     STATUS_INVALID_PARAMETER},
    // ks-spec §12 item 15: TYPECHANGED must be the sole, non-extended header.
    {"Item15_TypeChangedSecondOfTwo", kWrite | kAllow, 0,
     [] {
         HeaderArray a = HeaderArray::uniform(2, kBase, true);
         a.header(1, kBase).OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item15_TypeChangedFirstOfTwo", kWrite | kAllow, 0,
     [] {
         HeaderArray a = HeaderArray::uniform(2, kBase, true);
         a.header(0, kBase).OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item15_TypeChangedExtended", kWrite | kAllow, 0,
     [] { return one(64, true, [](auto& h) { h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED; }); },
     STATUS_INVALID_BUFFER_SIZE},
    {"Item15_TypeChangedNotAloneBeatsMissingAllow", kWrite, 0,
     [] {
         HeaderArray a = HeaderArray::uniform(2, kBase, true);
         a.header(0, kBase).OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;
         return a;
     },
     STATUS_INVALID_BUFFER_SIZE},
    // Our decision: a null or wrapping Data range is refused up front (Windows would fault on the probe).
    {"Extra_WriteNullDataWithFrameExtent", kWrite, 0,
     [] { return one(kBase, true, [](auto& h) { h.Data = nullptr; }); }, STATUS_INVALID_PARAMETER},
    {"Extra_ReadNullDataWithFrameExtent", kRead, 0, [] { return one(kBase, false, [](auto& h) { h.Data = nullptr; }); },
     STATUS_INVALID_PARAMETER},
    {"Extra_DataRangeWrapsAddressSpace", kRead, 0,
     [] { return one(kBase, false, [](auto& h) { h.Data = reinterpret_cast<PVOID>(UINTPTR_MAX - 16); }); },
     STATUS_INVALID_PARAMETER},
    {"Extra_TooManyHeaders", kWrite, kBase,
     [] { return HeaderArray::uniform(kMaxStreamHeadersPerRequest + 1, kBase, true); }, STATUS_INVALID_BUFFER_SIZE},
};

class ProbeRejects : public testing::TestWithParam<RejectCase> {};

TEST_P(ProbeRejects, WithDocumentedStatusAndEmptyView)
{
    const RejectCase& c = GetParam();
    HeaderArray array = c.build();
    const void* buffer = array.bytes();
    if (c.pointer == RejectCase::Pointer::Null) {
        buffer = nullptr;
    } else if (c.pointer == RejectCase::Pointer::Misaligned) {
        buffer = array.bytes() + 4;
        array.setLength(array.length() - 8);
    }

    // Pre-fill the view so that "nothing partial" is observable.
    StreamHeaderView view;
    view.first = reinterpret_cast<const KSSTREAM_HEADER*>(gFrame);
    view.count = 7;
    view.totalDataUsed = 99;
    EXPECT_EQ(probeStreamHeaders(buffer, array.length(), c.probeFlags, c.expectedHeaderSize, &view), c.expected);
    EXPECT_TRUE(view.empty());
    EXPECT_EQ(view.first, nullptr);
    EXPECT_EQ(view.totalDataUsed, 0u);

    // The capture path validates the same bytes the same way (a misaligned
    // source is only copied, so that row is accepted there: see below).
    if (c.pointer != RejectCase::Pointer::Misaligned) {
        HeaderArray scratch(array.length());
        MutableStreamHeaderView captured;
        EXPECT_EQ(captureStreamHeaders(buffer, array.length(), c.probeFlags, c.expectedHeaderSize, scratch.bytes(),
                                       array.length(), &captured),
                  c.expected);
        EXPECT_TRUE(captured.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(StreamHeader, ProbeRejects, testing::ValuesIn(kRejectCases),
                         [](const testing::TestParamInfo<RejectCase>& info) { return std::string(info.param.name); });

TEST(StreamHeaderProbe, NullViewIsInvalidParameter)
{
    HeaderArray a = HeaderArray::uniform(1, kBase, true);
    EXPECT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, 0, static_cast<StreamHeaderView*>(nullptr)),
              STATUS_INVALID_PARAMETER);
    HeaderArray scratch(a.length());
    EXPECT_EQ(captureStreamHeaders(a.bytes(), a.length(), kWrite, 0, scratch.bytes(), a.length(), nullptr),
              STATUS_INVALID_PARAMETER);
}

// ---------------------------------------------------------------------------
// Accepted shapes.

// ks-spec §12 item 7: the layout the walk relies on.
static_assert(sizeof(KSSTREAM_HEADER) == 56);
static_assert(offsetof(KSSTREAM_HEADER, Data) == 40 && offsetof(KSSTREAM_HEADER, OptionsFlags) == 48 &&
              offsetof(KSSTREAM_HEADER, Reserved) == 52);

void expectUniformView(const StreamHeaderView& view, HeaderArray& a, ULONG count, ULONG size)
{
    EXPECT_EQ(view.first, &a.at(0));
    EXPECT_EQ(view.count, count);
    EXPECT_EQ(view.headerSize, size);
    EXPECT_EQ(view.length, count * size);
    EXPECT_EQ(view.extensionSize(), size - kBase);
    ULONGLONG used = 0;
    ULONGLONG extent = 0;
    for (ULONG i = 0; i < count; ++i) {
        EXPECT_EQ(view.header(i), &a.header(i, size));
        used += a.header(i, size).DataUsed;
        extent += a.header(i, size).FrameExtent;
    }
    EXPECT_EQ(view.header(count), nullptr);
    EXPECT_EQ(view.totalDataUsed, used);
    EXPECT_EQ(view.totalFrameExtent, extent);
}

TEST(StreamHeaderProbe, AcceptsOneReadHeader)  // ks-spec §12 items 13 and 18 (the shape every client sends)
{
    HeaderArray a = HeaderArray::uniform(1, kBase, false);
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kRead, kBase, &view), STATUS_SUCCESS);
    expectUniformView(view, a, 1, kBase);
    EXPECT_FALSE(view.isWrite);
    EXPECT_TRUE(view.dataWritable);
    EXPECT_FALSE(view.formatChange);
    EXPECT_EQ(view.totalDataUsed, 0u);
}

TEST(StreamHeaderProbe, AcceptsOneWriteHeaderWithDataUsedEqualToFrameExtent)  // ks-spec §12 item 12 boundary
{
    HeaderArray a = HeaderArray::uniform(1, kBase, true);
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, 0, &view), STATUS_SUCCESS);
    expectUniformView(view, a, 1, kBase);
    EXPECT_TRUE(view.isWrite);
    EXPECT_FALSE(view.dataWritable);
    EXPECT_EQ(view.probeFlags, kWrite);
}

TEST(StreamHeaderProbe, WriteModifyNeedsWritableData)
{
    HeaderArray a = HeaderArray::uniform(1, kBase, true);
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kProbeStreamWriteModify, 0, &view), STATUS_SUCCESS);
    EXPECT_TRUE(view.isWrite);
    EXPECT_TRUE(view.dataWritable);
}

TEST(StreamHeaderProbe, AcceptsEightWriteHeaders)
{
    HeaderArray a = HeaderArray::uniform(8, kBase, true);
    for (ULONG i = 0; i < 8; ++i) {
        a.header(i, kBase).DataUsed = 100 * (i + 1);
    }
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, kBase, &view), STATUS_SUCCESS);
    expectUniformView(view, a, 8, kBase);
}

TEST(StreamHeaderProbe, AcceptsSixtyFourWriteHeadersAsKsproxyPacksThem)
{
    HeaderArray a = HeaderArray::uniform(64, kBase, true);
    for (ULONG i = 0; i < 64; ++i) {
        a.header(i, kBase).OptionsFlags = KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT | KSSTREAM_HEADER_OPTIONSF_PREROLL |
                                          KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY;
    }
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, 0, &view), STATUS_SUCCESS);
    expectUniformView(view, a, 64, kBase);
}

TEST(StreamHeaderProbe, AcceptsTheHeaderCap)
{
    HeaderArray a = HeaderArray::uniform(kMaxStreamHeadersPerRequest, kBase, true);
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, kBase, &view), STATUS_SUCCESS);
    EXPECT_EQ(view.count, kMaxStreamHeadersPerRequest);
}

// A video capture read: 56 + KS_FRAME_INFO = 128-byte headers with FRAMEINFO
// set on submission (ReactOS would refuse the flag; ks-spec §13).
TEST(StreamHeaderProbe, AcceptsExtendedFrameInfoReads)
{
    constexpr ULONG kSize = kBase + kFrameInfoSize;
    static_assert(kSize == 128);
    for (ULONG expected : {0u, kSize}) {
        HeaderArray a = HeaderArray::uniform(4, kSize, false);
        for (ULONG i = 0; i < 4; ++i) {
            a.header(i, kSize).OptionsFlags =
                KSSTREAM_HEADER_OPTIONSF_FRAMEINFO | KSSTREAM_HEADER_OPTIONSF_PERSIST_SAMPLE;
            const ULONG extended = kFrameInfoSize;  // KS_FRAME_INFO.ExtendedHeaderSize
            std::memcpy(reinterpret_cast<std::byte*>(&a.header(i, kSize)) + kBase, &extended, sizeof(extended));
        }
        StreamHeaderView view;
        ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kRead, expected, &view), STATUS_SUCCESS) << expected;
        expectUniformView(view, a, 4, kSize);
        ASSERT_EQ(view.extension(3).size(), kFrameInfoSize);
        ULONG extendedSize = 0;
        std::memcpy(&extendedSize, view.extension(3).data(), sizeof(extendedSize));
        EXPECT_EQ(extendedSize, kFrameInfoSize);
        EXPECT_TRUE(view.extension(4).empty());
    }
}

TEST(StreamHeaderProbe, AcceptsLoneFormatChangeWriteWithAllow)  // ks-spec §3 TYPECHANGED rules
{
    // The pin's headers are 128 bytes; the format-change header is the one
    // that may be 56 (the length exemption of §4 step 1).
    HeaderArray a = one(kBase, true, [](auto& h) { h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TYPECHANGED; });
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite | kAllow, 128, &view), STATUS_SUCCESS);
    EXPECT_TRUE(view.formatChange);
    EXPECT_EQ(view.count, 1u);
    EXPECT_EQ(view.headerSize, kBase);
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite | kAllow, 0, &view), STATUS_SUCCESS);
    EXPECT_TRUE(view.formatChange);
}

TEST(StreamHeaderProbe, AcceptsEmptyFramesWithNullData)
{
    HeaderArray a = one(kBase, true, [](auto& h) {
        h.Data = nullptr;
        h.FrameExtent = 0;
        h.DataUsed = 0;
        h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM;
    });
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, kBase, &view), STATUS_SUCCESS);
    EXPECT_EQ(view.totalFrameExtent, 0u);
}

TEST(StreamHeaderProbe, SumsBytesInSixtyFourBits)
{
    HeaderArray a = HeaderArray::uniform(2, kBase, true);
    for (ULONG i = 0; i < 2; ++i) {
        a.header(i, kBase).Data = reinterpret_cast<PVOID>(std::uintptr_t{0x10000});
        a.header(i, kBase).FrameExtent = 0xFFFFFFFFu;
        a.header(i, kBase).DataUsed = 0xFFFFFFFFu;
    }
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kWrite, 0, &view), STATUS_SUCCESS);
    EXPECT_EQ(view.totalDataUsed, 0x1FFFFFFFEull);
    EXPECT_EQ(view.totalFrameExtent, 0x1FFFFFFFEull);
}

TEST(StreamHeaderProbe, ForEachHeaderVisitsHeadersAndExtensionsInOrder)
{
    constexpr ULONG kSize = 72;
    HeaderArray a = HeaderArray::uniform(3, kSize, false);
    for (ULONG i = 0; i < 3; ++i) {
        a.header(i, kSize).TypeSpecificFlags = i;
        std::memset(reinterpret_cast<std::byte*>(&a.header(i, kSize)) + kBase, int(0xA0 + i), kSize - kBase);
    }
    StreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(a.bytes(), a.length(), kRead, 0, &view), STATUS_SUCCESS);
    std::vector<ULONG> seen;
    forEachHeader(view, [&](const KSSTREAM_HEADER& h, std::span<const std::byte> extension) {
        seen.push_back(h.TypeSpecificFlags);
        ASSERT_EQ(extension.size(), kSize - kBase);
        for (std::byte b : extension) {
            EXPECT_EQ(b, std::byte(0xA0 + h.TypeSpecificFlags));
        }
    });
    EXPECT_EQ(seen, (std::vector<ULONG>{0, 1, 2}));

    ULONG n = 0;
    for (auto entry : view) {
        EXPECT_EQ(entry.header, view.header(n));
        EXPECT_EQ(entry.extension.data(), view.extension(n).data());
        ++n;
    }
    EXPECT_EQ(n, 3u);
    StreamHeaderView emptyView;
    EXPECT_EQ(emptyView.begin(), emptyView.end());
}

TEST(StreamHeaderProbe, MutableViewUpdatesHeadersInPlace)  // ks-spec §12 item 19: reads complete in place
{
    HeaderArray a = HeaderArray::uniform(2, kBase, false);
    MutableStreamHeaderView view;
    ASSERT_EQ(probeStreamHeaders(static_cast<void*>(a.bytes()), a.length(), kRead, kBase, &view), STATUS_SUCCESS);
    forEachHeader(view, [](KSSTREAM_HEADER& h, std::span<std::byte>) { h.DataUsed = 10; });
    EXPECT_EQ(a.header(0, kBase).DataUsed, 10u);
    EXPECT_EQ(a.header(1, kBase).DataUsed, 10u);
}

// ---------------------------------------------------------------------------
// Capture: copy, then validate the copy.

TEST(StreamHeaderCapture, ValidatesTheCopyNotTheSource)
{
    HeaderArray source = HeaderArray::uniform(2, kBase, true);
    HeaderArray scratch(source.length());
    MutableStreamHeaderView view;
    ASSERT_EQ(
        captureStreamHeaders(source.bytes(), source.length(), kWrite, kBase, scratch.bytes(), source.length(), &view),
        STATUS_SUCCESS);
    EXPECT_EQ(view.first, &scratch.at(0));
    EXPECT_EQ(view.count, 2u);
    // Another thread of the requestor rewriting its headers after the check
    // cannot reach what the driver will see.
    source.header(1, kBase).Size = 0xFFFFFFF8u;
    source.header(1, kBase).DataUsed = 0xFFFFFFFFu;
    EXPECT_EQ(view.header(1)->Size, kBase);
    EXPECT_EQ(view.header(1)->DataUsed, kFrameBytes);
}

TEST(StreamHeaderCapture, AcceptsAnUnalignedSource)
{
    HeaderArray valid = HeaderArray::uniform(2, kBase, true);
    HeaderArray shifted(valid.length() + 8);
    std::memcpy(shifted.bytes() + 4, valid.bytes(), valid.length());
    HeaderArray scratch(valid.length());
    MutableStreamHeaderView view;
    ASSERT_EQ(
        captureStreamHeaders(shifted.bytes() + 4, valid.length(), kWrite, 0, scratch.bytes(), valid.length(), &view),
        STATUS_SUCCESS);
    EXPECT_EQ(view.count, 2u);
    EXPECT_EQ(std::memcmp(scratch.bytes(), valid.bytes(), valid.length()), 0);
}

TEST(StreamHeaderCapture, RefusesAShortNullOrMisalignedScratch)
{
    HeaderArray source = HeaderArray::uniform(2, kBase, true);
    HeaderArray scratch(source.length() + 8);
    MutableStreamHeaderView view;
    EXPECT_EQ(
        captureStreamHeaders(source.bytes(), source.length(), kWrite, 0, scratch.bytes(), source.length() - 8, &view),
        STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(captureStreamHeaders(source.bytes(), source.length(), kWrite, 0, nullptr, source.length(), &view),
              STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(captureStreamHeaders(source.bytes(), source.length(), kWrite, 0, scratch.bytes() + 4, source.length() + 4,
                                   &view),
              STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_TRUE(view.empty());
}

// ---------------------------------------------------------------------------
// Property: random mutations of valid arrays.  The buffer ends right before
// a PROT_NONE page, so a read past it crashes the test (ASan builds also
// catch it in the fuzz replay).

class GuardedRegion {
public:
    GuardedRegion()
    {
        page_ = std::size_t(sysconf(_SC_PAGESIZE));
        size_ = kUsable + page_;
        base_ =
            static_cast<std::byte*>(mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        if (base_ == MAP_FAILED) {
            base_ = nullptr;
            return;
        }
        guarded_ = mprotect(base_ + kUsable, page_, PROT_NONE) == 0;
    }
    ~GuardedRegion()
    {
        if (base_ != nullptr) {
            munmap(base_, size_);
        }
    }
    GuardedRegion(const GuardedRegion&) = delete;
    GuardedRegion& operator=(const GuardedRegion&) = delete;

    bool ok() const { return base_ != nullptr && guarded_; }
    // Copies `length` bytes so that they end as close to the guard page as
    // 8-byte alignment allows (flush against it when length % 8 == 0).
    std::byte* place(const std::byte* bytes, ULONG length)
    {
        std::byte* start = base_ + ((kUsable - length) & ~std::size_t{7});
        std::memcpy(start, bytes, length);
        return start;
    }
    static constexpr std::size_t kUsable = 64 * 1024;

private:
    std::size_t page_ = 0;
    std::size_t size_ = 0;
    std::byte* base_ = nullptr;
    bool guarded_ = false;
};

bool isDocumentedStatus(NTSTATUS s)
{
    return s == STATUS_SUCCESS || s == STATUS_INVALID_BUFFER_SIZE || s == STATUS_INVALID_PARAMETER ||
           s == STATUS_DATATYPE_MISALIGNMENT;
}

// Every invariant a caller may rely on, checked against the raw bytes.
void expectSelfConsistent(const StreamHeaderView& view, const std::byte* buffer, ULONG length, ULONG flags,
                          ULONG expected)
{
    ASSERT_EQ(static_cast<const void*>(view.first), buffer);
    ASSERT_GE(view.count, 1u);
    ASSERT_LE(view.count, kMaxStreamHeadersPerRequest);
    ASSERT_EQ(ULONGLONG(view.count) * view.headerSize, length);
    ASSERT_EQ(view.length, length);
    ASSERT_GE(view.headerSize, kBase);
    ASSERT_EQ(view.headerSize % 8, 0u);
    if (expected != 0 && !view.formatChange) {
        ASSERT_EQ(view.headerSize, expected);
    }
    ASSERT_EQ(view.isWrite, (flags & kWrite) != 0);
    ULONGLONG used = 0;
    ULONGLONG extent = 0;
    for (const KSSTREAM_HEADER* h : {view.header(0), view.header(view.count - 1)}) {
        ASSERT_EQ(h->Size, view.headerSize);
    }
    for (auto entry : view) {
        const KSSTREAM_HEADER& h = *entry.header;
        EXPECT_EQ(h.Size, view.headerSize);
        if (view.isWrite) {
            EXPECT_LE(h.DataUsed, h.FrameExtent);
        } else {
            EXPECT_EQ(h.DataUsed, 0u);
        }
        if (h.FrameExtent != 0) {
            EXPECT_NE(h.Data, nullptr);
        }
        if ((h.OptionsFlags & KSSTREAM_HEADER_OPTIONSF_TYPECHANGED) != 0 && view.isWrite) {
            EXPECT_TRUE(view.formatChange);
            EXPECT_EQ(view.count, 1u);
            EXPECT_EQ(view.headerSize, kBase);
            EXPECT_NE(flags & kAllow, 0u);
        }
        used += h.DataUsed;
        extent += h.FrameExtent;
    }
    EXPECT_EQ(view.totalDataUsed, used);
    EXPECT_EQ(view.totalFrameExtent, extent);
}

TEST(StreamHeaderProperty, RandomMutationsAcceptConsistentlyOrRejectInBounds)
{
    GuardedRegion region;
    ASSERT_TRUE(region.ok());
    std::mt19937 rng(0x4b53);  // fixed: failures reproduce
    auto pick = [&](ULONG n) { return ULONG(rng() % n); };
    const ULONG sizes[] = {kBase, 64, 128, 136};
    const ULONG edgeValues[] = {0, 1, 8, 48, 55, 56, 57, 64, 128, 0x7FFFFFFF, 0xFFFFFFF8u, 0xFFFFFFFFu};
    const ULONG flagChoices[] = {kRead, kWrite, kWrite | kAllow, kRead | kAllow, kProbeStreamWriteModify};
    int accepted = 0;
    int rejected = 0;

    for (int iteration = 0; iteration < 20000; ++iteration) {
        const ULONG size = sizes[pick(4)];
        const ULONG count = 1 + pick(16);
        const ULONG flags = flagChoices[pick(5)];
        const bool write = (flags & kWrite) != 0;
        const ULONG expected = pick(3) == 0 ? 0 : (pick(4) == 0 ? sizes[pick(4)] : size);
        HeaderArray a = HeaderArray::uniform(count, size, write);

        // Zero to three mutations: a field set to an edge value, a random
        // byte, an option flag, or a truncated/extended length.
        const ULONG mutations = pick(4);
        for (ULONG m = 0; m < mutations; ++m) {
            KSSTREAM_HEADER& h = a.header(pick(count), size);
            switch (pick(7)) {
                case 0:
                    h.Size = edgeValues[pick(12)];
                    break;
                case 1:
                    h.DataUsed = edgeValues[pick(12)];
                    break;
                case 2:
                    h.FrameExtent = edgeValues[pick(12)];
                    break;
                case 3:
                    h.OptionsFlags ^= 1u << pick(32);
                    break;
                case 4:
                    h.Data = pick(2) == 0 ? nullptr : reinterpret_cast<PVOID>(UINTPTR_MAX - pick(8192));
                    break;
                case 5:
                    a.bytes()[pick(a.length())] = std::byte(rng());
                    break;
                case 6:
                    a.setLength(a.length() - pick(std::min<ULONG>(a.length(), 80)));
                    break;
            }
        }

        const ULONG length = a.length();
        const std::byte* buffer = region.place(a.bytes(), length);
        StreamHeaderView view;
        const NTSTATUS s = probeStreamHeaders(buffer, length, flags, expected, &view);
        ASSERT_TRUE(isDocumentedStatus(s)) << std::hex << s << " at iteration " << std::dec << iteration;
        if (NT_SUCCESS(s)) {
            ++accepted;
            expectSelfConsistent(view, buffer, length, flags, expected);
        } else {
            ++rejected;
            EXPECT_TRUE(view.empty());
        }
        if (HasFailure()) {
            FAIL() << "iteration " << iteration;
        }
    }
    // Both outcomes must actually have been exercised.
    EXPECT_GT(accepted, 1000);
    EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace openks::ks
