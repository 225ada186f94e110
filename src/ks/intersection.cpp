// SPDX-License-Identifier: MIT
// Data-format matching, the default intersection policy, and the DATAINTERSECTION parser and loop.
#include "ks/intersection.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "ks/connect.h"

namespace openks::ks {
namespace {

constexpr ULONG kMaxUlong = std::numeric_limits<ULONG>::max();
constexpr USHORT kWaveFormatPcm = 0x0001;
constexpr USHORT kWaveFormatIeeeFloat = 0x0003;
constexpr USHORT kWaveFormatExtensible = 0xFFFE;
constexpr USHORT kExtensibleCbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);  // 22

constexpr ULONG kBiRgb = 0;
constexpr ULONG kBiBitfields = 3;

constexpr ULONG fourcc(char a, char b, char c, char d)
{
    return ULONG(UCHAR(a)) | ULONG(UCHAR(b)) << 8 | ULONG(UCHAR(c)) << 16 | ULONG(UCHAR(d)) << 24;
}

// Uncompressed YUV FOURCCs whose picture size follows from width, height and bit count.
constexpr ULONG kUncompressedFourccs[] = {
    fourcc('Y', 'U', 'Y', '2'), fourcc('Y', 'U', 'Y', 'V'), fourcc('U', 'Y', 'V', 'Y'), fourcc('Y', 'V', 'Y', 'U'),
    fourcc('N', 'V', '1', '2'), fourcc('I', '4', '2', '0'), fourcc('I', 'Y', 'U', 'V'), fourcc('Y', 'V', '1', '2'),
    fourcc('Y', '8', '0', '0'), fourcc('Y', '8', ' ', ' '), fourcc('G', 'R', 'E', 'Y'), fourcc('N', 'V', '2', '1'),
};

// Reads a T from possibly unaligned bytes.
template <typename T>
T load(const void* p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

template <typename T>
T loadAt(const void* base, size_t offset)
{
    return load<T>(static_cast<const std::byte*>(base) + offset);
}

bool guidFits(const GUID& range, const GUID& format)
{
    return isWildcard(range) || IsEqualGUID(range, format);
}

bool guidsCompatible(const GUID& a, const GUID& b)
{
    return isWildcard(a) || isWildcard(b) || IsEqualGUID(a, b);
}

// The concrete one of two compatible GUIDs (GUID_NULL if both are wildcards).
GUID resolveGuid(const GUID& pin, const GUID& caller)
{
    return isWildcard(pin) ? caller : pin;
}

// ---- Audio ----------------------------------------------------------------

bool audioFormatMatches(const KSDATAFORMAT& header, const void* format, const KSDATARANGE_AUDIO& range)
{
    if (header.FormatSize < sizeof(KSDATAFORMAT) + sizeof(WAVEFORMATEX)) {
        return false;
    }
    const auto wfx = loadAt<WAVEFORMATEX>(format, sizeof(KSDATAFORMAT));
    if (ULONGLONG(sizeof(KSDATAFORMAT)) + sizeof(WAVEFORMATEX) + wfx.cbSize > header.FormatSize) {
        return false;
    }
    const ULONG bits = wfx.wBitsPerSample;
    if (wfx.nChannels == 0 || wfx.nChannels > range.MaximumChannels) {
        return false;
    }
    if (bits == 0 || bits % 8 != 0 || bits < range.MinimumBitsPerSample || bits > range.MaximumBitsPerSample) {
        return false;
    }
    if (wfx.nSamplesPerSec < range.MinimumSampleFrequency || wfx.nSamplesPerSec > range.MaximumSampleFrequency) {
        return false;
    }
    if (ULONG(wfx.nBlockAlign) != ULONG(wfx.nChannels) * bits / 8) {
        return false;
    }
    if (ULONGLONG(wfx.nAvgBytesPerSec) != ULONGLONG(wfx.nSamplesPerSec) * wfx.nBlockAlign) {
        return false;
    }
    if (wfx.wFormatTag == kWaveFormatExtensible) {
        if (wfx.cbSize < kExtensibleCbSize || header.FormatSize < sizeof(KSDATAFORMAT) + sizeof(WAVEFORMATEXTENSIBLE)) {
            return false;
        }
        const auto ext = loadAt<WAVEFORMATEXTENSIBLE>(format, sizeof(KSDATAFORMAT));
        const ULONG valid = ext.Samples.wValidBitsPerSample;
        return IsEqualGUID(ext.SubFormat, header.SubFormat) && valid != 0 && valid <= bits;
    }
    return IsEqualGUID(header.SubFormat, waveFormatSubtype(wfx.wFormatTag));
}

// The audio limits of a range, if it carries a KSDATARANGE_AUDIO.
struct AudioLimits {
    bool present = false;
    KSDATARANGE_AUDIO range{};
};

AudioLimits audioLimitsOf(const KSDATARANGE& range, const void* bytes)
{
    AudioLimits limits;
    if (range.FormatSize >= sizeof(KSDATARANGE_AUDIO) &&
        IsEqualGUID(range.Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        limits.present = true;
        limits.range = load<KSDATARANGE_AUDIO>(bytes);
    }
    return limits;
}

// The standard speaker mask for a channel count (KSAUDIO_SPEAKER_*), 0 (direct out) beyond 7.1.
ULONG defaultChannelMask(ULONG channels)
{
    switch (channels) {
        case 1:
            return 0x4;  // MONO: front center
        case 2:
            return 0x3;  // STEREO
        case 3:
            return 0x7;  // front left, right, center
        case 4:
            return 0x33;  // QUAD
        case 5:
            return 0x37;  // front L/R/C, back L/R
        case 6:
            return 0x3F;  // 5.1
        case 7:
            return 0x13F;  // 5.1 + back center
        case 8:
            return 0x63F;  // 7.1 surround
        default:
            return 0;
    }
}

// The highest multiple of 8 inside [lo, hi], or 0.
ULONG highestContainer(ULONG lo, ULONG hi)
{
    const ULONG top = hi & ~ULONG{7};
    return (top >= lo && top != 0) ? top : 0;
}

// Builds the audio format both limits accept into `format` (its bytes); false if none.
bool intersectAudio(const AudioLimits& a, const AudioLimits& b, const GUID& major, const GUID& sub,
                    std::vector<std::uint64_t>* format, ULONG* formatSize)
{
    if (!a.present && !b.present) {
        return false;
    }
    KSDATARANGE_AUDIO unlimited{};
    unlimited.MaximumChannels = kMaxUlong;
    unlimited.MinimumBitsPerSample = 0;
    unlimited.MaximumBitsPerSample = kMaxUlong;
    unlimited.MinimumSampleFrequency = 0;
    unlimited.MaximumSampleFrequency = kMaxUlong;
    const KSDATARANGE_AUDIO& x = a.present ? a.range : unlimited;
    const KSDATARANGE_AUDIO& y = b.present ? b.range : unlimited;

    const ULONG maxChannels = std::min(x.MaximumChannels, y.MaximumChannels);
    if (maxChannels == 0) {
        return false;
    }
    ULONG channels = maxChannels == kMaxUlong ? 2 : std::min<ULONG>(maxChannels, 0xFFFF);

    const GUID subformat = isWildcard(sub) ? KSDATAFORMAT_SUBTYPE_PCM : sub;
    const ULONG bitsLo = std::max(x.MinimumBitsPerSample, y.MinimumBitsPerSample);
    const ULONG bitsHi = std::min(x.MaximumBitsPerSample, y.MaximumBitsPerSample);
    if (bitsLo > bitsHi) {
        return false;
    }
    ULONG bits = 0;
    if (IsEqualGUID(subformat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)) {
        bits = (bitsLo <= 32 && 32 <= bitsHi) ? 32 : (bitsLo <= 64 && 64 <= bitsHi) ? 64 : 0;
    } else {
        bits = highestContainer(bitsLo, bitsLo <= 32 ? std::min<ULONG>(bitsHi, 32) : std::min<ULONG>(bitsHi, 0xFFF8));
    }
    if (bits == 0) {
        return false;
    }

    const ULONG rateLo = std::max(x.MinimumSampleFrequency, y.MinimumSampleFrequency);
    const ULONG rate = std::min(x.MaximumSampleFrequency, y.MaximumSampleFrequency);
    if (rateLo > rate || rate == 0) {
        return false;
    }

    const ULONG bytesPerSample = bits / 8;
    channels = std::min<ULONG>(channels, 0xFFFF / bytesPerSample);
    if (channels == 0) {
        return false;
    }
    const ULONG blockAlign = channels * bytesPerSample;
    const ULONGLONG avgBytes = ULONGLONG(rate) * blockAlign;
    if (avgBytes > kMaxUlong) {
        return false;
    }

    // A plain WAVEFORMATEX needs a tag; only WAVEFORMATEX-derived subformats have one.
    const GUID tagGuid = waveFormatSubtype(USHORT(subformat.Data1));
    const bool hasTag =
        subformat.Data1 <= 0xFFFF && subformat.Data1 != kWaveFormatExtensible && IsEqualGUID(subformat, tagGuid);
    const bool extensible = channels > 2 || bits > 16 || !hasTag;

    WAVEFORMATEXTENSIBLE wave{};
    wave.Format.wFormatTag = extensible ? kWaveFormatExtensible : USHORT(subformat.Data1);
    wave.Format.nChannels = USHORT(channels);
    wave.Format.nSamplesPerSec = rate;
    wave.Format.nAvgBytesPerSec = ULONG(avgBytes);
    wave.Format.nBlockAlign = USHORT(blockAlign);
    wave.Format.wBitsPerSample = USHORT(bits);
    wave.Format.cbSize = extensible ? kExtensibleCbSize : 0;
    wave.Samples.wValidBitsPerSample = USHORT(bits);
    wave.dwChannelMask = defaultChannelMask(channels);
    wave.SubFormat = subformat;

    KSDATAFORMAT header{};
    header.FormatSize =
        ULONG(sizeof(KSDATAFORMAT) + (extensible ? sizeof(WAVEFORMATEXTENSIBLE) : sizeof(WAVEFORMATEX)));
    header.Flags = 0;
    header.SampleSize = blockAlign;
    header.Reserved = 0;
    header.MajorFormat = major;
    header.SubFormat = subformat;
    header.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;

    format->assign(size_t(alignUp8(header.FormatSize) / 8), 0);
    auto* bytes = reinterpret_cast<std::byte*>(format->data());
    std::memcpy(bytes, &header, sizeof(header));
    std::memcpy(bytes + sizeof(header), &wave, header.FormatSize - sizeof(header));
    *formatSize = header.FormatSize;
    return true;
}

// ---- Video ----------------------------------------------------------------

bool isUncompressedFourcc(ULONG compression)
{
    return std::find(std::begin(kUncompressedFourccs), std::end(kUncompressedFourccs), compression) !=
           std::end(kUncompressedFourccs);
}

// Bytes one picture needs, or 0 when the compression leaves it open.
ULONGLONG pictureBytes(const KS_BITMAPINFOHEADER& bmi)
{
    const ULONGLONG width = ULONGLONG(bmi.biWidth);
    const ULONGLONG height = bmi.biHeight < 0 ? ULONGLONG(-LONGLONG(bmi.biHeight)) : ULONGLONG(bmi.biHeight);
    if (bmi.biCompression == kBiRgb || bmi.biCompression == kBiBitfields) {
        const ULONGLONG stride = (width * bmi.biBitCount + 31) / 32 * 4;
        return stride * height;
    }
    if (isUncompressedFourcc(bmi.biCompression)) {
        return (width * height * bmi.biBitCount + 7) / 8;
    }
    return 0;
}

constexpr size_t kVideoInfoOffset = offsetof(KS_DATARANGE_VIDEO, VideoInfoHeader);
constexpr size_t kBmiOffset = offsetof(KS_VIDEOINFOHEADER, bmiHeader);

bool videoFormatMatches(const KSDATAFORMAT& header, const void* format, const KS_DATARANGE_VIDEO& range)
{
    if (header.FormatSize < sizeof(KSDATAFORMAT) + sizeof(KS_VIDEOINFOHEADER)) {
        return false;
    }
    const auto vih = loadAt<KS_VIDEOINFOHEADER>(format, sizeof(KSDATAFORMAT));
    const KS_BITMAPINFOHEADER& bmi = vih.bmiHeader;
    if (bmi.biSize < sizeof(KS_BITMAPINFOHEADER) ||
        ULONGLONG(sizeof(KSDATAFORMAT)) + kBmiOffset + bmi.biSize > header.FormatSize) {
        return false;
    }
    const KS_BITMAPINFOHEADER& want = range.VideoInfoHeader.bmiHeader;
    if (bmi.biWidth <= 0 || bmi.biHeight == 0 || bmi.biWidth != want.biWidth || bmi.biHeight != want.biHeight ||
        bmi.biCompression != want.biCompression || bmi.biBitCount != want.biBitCount) {
        return false;
    }
    if (vih.AvgTimePerFrame < range.ConfigCaps.MinFrameInterval ||
        vih.AvgTimePerFrame > range.ConfigCaps.MaxFrameInterval) {
        return false;
    }
    return ULONGLONG(bmi.biSizeImage) >= pictureBytes(bmi);
}

bool intersectVideo(const KSDATARANGE& pinHeader, const void* pinBytes, const KSDATARANGE& callerHeader,
                    const void* callerBytes, const GUID& major, const GUID& sub, std::vector<std::uint64_t>* format,
                    ULONG* formatSize)
{
    const bool pinIsVideo = pinHeader.FormatSize >= sizeof(KS_DATARANGE_VIDEO) &&
                            IsEqualGUID(pinHeader.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO);
    const bool callerIsVideo = callerHeader.FormatSize >= sizeof(KS_DATARANGE_VIDEO) &&
                               IsEqualGUID(callerHeader.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO);
    if (!pinIsVideo && !callerIsVideo) {
        return false;
    }
    // The pin's own picture when it has one; else the caller's.
    const KSDATARANGE& sourceHeader = pinIsVideo ? pinHeader : callerHeader;
    const void* source = pinIsVideo ? pinBytes : callerBytes;
    const ULONG vihBytes = ULONG(sourceHeader.FormatSize - kVideoInfoOffset);

    LONGLONG lo = std::numeric_limits<LONGLONG>::min();
    LONGLONG hi = std::numeric_limits<LONGLONG>::max();
    for (const auto& [isVideo, bytes] : {std::pair{pinIsVideo, pinBytes}, std::pair{callerIsVideo, callerBytes}}) {
        if (isVideo) {
            const auto range = load<KS_DATARANGE_VIDEO>(bytes);
            lo = std::max(lo, range.ConfigCaps.MinFrameInterval);
            hi = std::min(hi, range.ConfigCaps.MaxFrameInterval);
        }
    }
    if (lo > hi) {
        return false;
    }

    KSDATAFORMAT header{};
    header.FormatSize = ULONG(sizeof(KSDATAFORMAT) + vihBytes);
    header.Flags = sourceHeader.Flags & KSDATAFORMAT_TEMPORAL_COMPRESSION;
    header.Reserved = 0;
    header.MajorFormat = major;
    header.SubFormat = sub;
    header.Specifier = KSDATAFORMAT_SPECIFIER_VIDEOINFO;

    format->assign(size_t(alignUp8(header.FormatSize) / 8), 0);
    auto* bytes = reinterpret_cast<std::byte*>(format->data());
    std::memcpy(bytes + sizeof(header), static_cast<const std::byte*>(source) + kVideoInfoOffset, vihBytes);
    auto vih = load<KS_VIDEOINFOHEADER>(bytes + sizeof(header));
    vih.AvgTimePerFrame = std::clamp(vih.AvgTimePerFrame, lo, hi);
    std::memcpy(bytes + sizeof(header), &vih, sizeof(vih));
    header.SampleSize = vih.bmiHeader.biSizeImage;
    std::memcpy(bytes, &header, sizeof(header));
    *formatSize = header.FormatSize;
    return true;
}

// ---- Attributes ---------------------------------------------------------

// Appends a descriptor's KSATTRIBUTE_LIST as a KSMULTIPLE_ITEM of 8-aligned KSATTRIBUTEs.
bool appendAttributeList(MultipleItemBuilder* list, const KSATTRIBUTE_LIST& attributes)
{
    MultipleItemBuilder inner;
    if (attributes.Attributes != nullptr) {
        for (ULONG i = 0; i < attributes.Count; ++i) {
            const KSATTRIBUTE* attribute = attributes.Attributes[i];
            if (attribute != nullptr &&
                !inner.append(attribute, std::max<ULONG>(attribute->Size, sizeof(KSATTRIBUTE)))) {
                return false;
            }
        }
    }
    return list->append(inner.data(), inner.size());
}

}  // namespace

bool isWildcard(const GUID& guid) noexcept
{
    return IsEqualGUID(guid, GUID_NULL);
}

GUID waveFormatSubtype(USHORT tag) noexcept
{
    return GUID{tag, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}};
}

bool formatMatchesRange(const KSDATAFORMAT* format, ULONG formatSize, const KSDATARANGE* range,
                        ULONG rangeSize) noexcept
{
    if (format == nullptr || range == nullptr || formatSize < sizeof(KSDATAFORMAT) || rangeSize < sizeof(KSDATARANGE)) {
        return false;
    }
    const auto header = load<KSDATAFORMAT>(format);
    const auto rangeHeader = load<KSDATARANGE>(range);
    if (header.FormatSize < sizeof(KSDATAFORMAT) || header.FormatSize > formatSize ||
        rangeHeader.FormatSize < sizeof(KSDATARANGE)) {
        return false;
    }
    if (!guidFits(rangeHeader.MajorFormat, header.MajorFormat) || !guidFits(rangeHeader.SubFormat, header.SubFormat) ||
        !guidFits(rangeHeader.Specifier, header.Specifier)) {
        return false;
    }
    const ULONG rangeBytes = std::min(rangeHeader.FormatSize, rangeSize);
    if (IsEqualGUID(rangeHeader.Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) &&
        rangeBytes >= sizeof(KSDATARANGE_AUDIO)) {
        return audioFormatMatches(header, format, load<KSDATARANGE_AUDIO>(range));
    }
    if (IsEqualGUID(rangeHeader.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO) &&
        rangeBytes >= sizeof(KS_DATARANGE_VIDEO)) {
        return videoFormatMatches(header, format, load<KS_DATARANGE_VIDEO>(range));
    }
    return true;
}

bool formatMatchesPin(const KSDATAFORMAT* format, ULONG formatSize, const KSPIN_DESCRIPTOR& descriptor) noexcept
{
    bool matched = false;
    forEachDataRange(descriptor.DataRanges, descriptor.DataRangesCount,
                     [&](const KSDATARANGE* range, const KSATTRIBUTE_LIST*) {
                         matched = formatMatchesRange(format, formatSize, range, range->FormatSize);
                         return !matched;
                     });
    return matched;
}

MultipleItemBuilder dataRangesList(const PKSDATARANGE* ranges, ULONG count)
{
    MultipleItemBuilder list;
    forEachDataRange(ranges, count, [&](const KSDATARANGE* range, const KSATTRIBUTE_LIST* attributes) {
        if (!list.append(range, range->FormatSize)) {
            return false;
        }
        if ((range->Flags & KSDATARANGE_ATTRIBUTES) != 0) {
            const KSATTRIBUTE_LIST empty{};
            return appendAttributeList(&list, attributes != nullptr ? *attributes : empty);
        }
        return true;
    });
    return list;
}

bool rangesCompatible(const KSDATARANGE& a, const KSDATARANGE& b) noexcept
{
    return guidsCompatible(a.MajorFormat, b.MajorFormat) && guidsCompatible(a.SubFormat, b.SubFormat) &&
           guidsCompatible(a.Specifier, b.Specifier);
}

NTSTATUS defaultIntersection(const KSDATARANGE* callerRange, const KSDATARANGE* pinRange, void* out, ULONG outLen,
                             ULONG* size)
{
    if (size != nullptr) {
        *size = 0;
    }
    if (callerRange == nullptr || pinRange == nullptr || size == nullptr || (out == nullptr && outLen != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    const auto caller = load<KSDATARANGE>(callerRange);
    const auto pin = load<KSDATARANGE>(pinRange);
    if (caller.FormatSize < sizeof(KSDATARANGE) || pin.FormatSize < sizeof(KSDATARANGE) ||
        !rangesCompatible(caller, pin)) {
        return STATUS_NO_MATCH;
    }
    const GUID major = resolveGuid(pin.MajorFormat, caller.MajorFormat);
    const GUID sub = resolveGuid(pin.SubFormat, caller.SubFormat);
    const GUID specifier = resolveGuid(pin.Specifier, caller.Specifier);

    std::vector<std::uint64_t> format;
    ULONG formatSize = 0;
    bool built = false;
    if (IsEqualGUID(specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        built = intersectAudio(audioLimitsOf(pin, pinRange), audioLimitsOf(caller, callerRange), major, sub, &format,
                               &formatSize);
    } else if (IsEqualGUID(specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO)) {
        built = intersectVideo(pin, pinRange, caller, callerRange, major, sub, &format, &formatSize);
    } else if (IsEqualGUID(specifier, KSDATAFORMAT_SPECIFIER_NONE) || isWildcard(specifier)) {
        KSDATAFORMAT header = pin;
        header.FormatSize = sizeof(KSDATAFORMAT);
        header.Flags &= ~ULONG(KSDATARANGE_ATTRIBUTES | KSDATARANGE_REQUIRED_ATTRIBUTES);
        header.Reserved = 0;
        header.MajorFormat = major;
        header.SubFormat = sub;
        header.Specifier = specifier;
        format.assign(sizeof(KSDATAFORMAT) / 8, 0);
        std::memcpy(format.data(), &header, sizeof(header));
        formatSize = sizeof(KSDATAFORMAT);
        built = true;
    }
    if (!built) {
        return STATUS_NO_MATCH;
    }
    const auto* result = reinterpret_cast<const KSDATAFORMAT*>(format.data());
    if (!formatMatchesRange(result, formatSize, pinRange, pin.FormatSize) ||
        !formatMatchesRange(result, formatSize, callerRange, caller.FormatSize)) {
        return STATUS_NO_MATCH;
    }
    *size = formatSize;
    if (outLen == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (outLen < formatSize) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    std::memcpy(out, format.data(), formatSize);
    return STATUS_SUCCESS;
}

NTSTATUS parseIntersectionRequest(const void* input, ULONG inputLength, IntersectionRequest* out)
{
    out->pin = nullptr;
    out->ranges.clear();
    constexpr ULONG kListOffset = sizeof(KSP_PIN);
    if (input == nullptr || inputLength < kListOffset + sizeof(KSMULTIPLE_ITEM)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if ((reinterpret_cast<std::uintptr_t>(input) & 7) != 0) {
        return STATUS_DATATYPE_MISALIGNMENT;
    }
    const auto* base = static_cast<const std::byte*>(input);
    const auto list = load<KSMULTIPLE_ITEM>(base + kListOffset);
    if (list.Size < sizeof(KSMULTIPLE_ITEM) || list.Size > inputLength - kListOffset) {
        return STATUS_INVALID_PARAMETER;
    }

    // Offsets are relative to the list and kept in 64 bits; `end` is within the input.
    const ULONGLONG end = list.Size;
    ULONGLONG offset = sizeof(KSMULTIPLE_ITEM);
    std::vector<IntersectionRequest::Range> ranges;
    for (ULONG item = 0; item < list.Count; ++item) {
        offset = alignUp8(offset);
        if (offset + sizeof(KSDATARANGE) > end) {
            return STATUS_INVALID_PARAMETER;
        }
        const std::byte* at = base + kListOffset + offset;
        const auto range = load<KSDATARANGE>(at);
        if (range.FormatSize < sizeof(KSDATARANGE) || offset + range.FormatSize > end) {
            return STATUS_INVALID_PARAMETER;
        }
        offset += range.FormatSize;
        const KSMULTIPLE_ITEM* attributes = nullptr;
        if ((range.Flags & KSDATARANGE_ATTRIBUTES) != 0) {
            // The attribute list is the next item of the same list.
            if (++item >= list.Count) {
                return STATUS_INVALID_PARAMETER;
            }
            offset = alignUp8(offset);
            if (offset + sizeof(KSMULTIPLE_ITEM) > end) {
                return STATUS_INVALID_PARAMETER;
            }
            const std::byte* listAt = base + kListOffset + offset;
            const auto attributeList = load<KSMULTIPLE_ITEM>(listAt);
            if (attributeList.Size < sizeof(KSMULTIPLE_ITEM) || offset + attributeList.Size > end) {
                return STATUS_INVALID_PARAMETER;
            }
            attributes = reinterpret_cast<const KSMULTIPLE_ITEM*>(listAt);
            offset += attributeList.Size;
        }
        ranges.push_back({reinterpret_cast<const KSDATARANGE*>(at), attributes});
    }
    out->pin = static_cast<const KSP_PIN*>(input);
    out->ranges = std::move(ranges);
    return STATUS_SUCCESS;
}

NTSTATUS pinIntersection(PIRP irp, const IntersectionRequest& request, const KSPIN_DESCRIPTOR& descriptor,
                         PFNKSINTERSECTHANDLEREX handler, PVOID context, void* out, ULONG outLen, ULONG* size)
{
    irp->IoStatus.Information = 0;
    *size = 0;
    NTSTATUS status = STATUS_NO_MATCH;
    for (const IntersectionRequest::Range& caller : request.ranges) {
        forEachDataRange(descriptor.DataRanges, descriptor.DataRangesCount,
                         [&](const KSDATARANGE* pinRange, const KSATTRIBUTE_LIST*) {
                             if (!rangesCompatible(*caller.range, *pinRange)) {
                                 return true;
                             }
                             ULONG produced = 0;
                             if (handler != nullptr) {
                                 status = handler(context, irp, const_cast<PKSP_PIN>(request.pin),
                                                  const_cast<PKSDATARANGE>(caller.range),
                                                  const_cast<PKSDATARANGE>(pinRange), outLen, out, &produced);
                             } else {
                                 status = defaultIntersection(caller.range, pinRange, out, outLen, &produced);
                             }
                             if (status == STATUS_NO_MATCH) {
                                 return true;
                             }
                             *size = produced;
                             return false;
                         });
        if (status != STATUS_NO_MATCH) {
            break;
        }
    }
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW || status == STATUS_BUFFER_TOO_SMALL) {
        if (NT_SUCCESS(status)) {
            *size = std::min(*size, outLen);
        }
        irp->IoStatus.Information = *size;
    } else {
        *size = 0;
    }
    return status;
}

}  // namespace openks::ks

// ---------------------------------------------------------------------------
// The KS 1.0 pin DDI: KsPinDataIntersection(Ex) and KsPinPropertyHandler.

namespace {

using openks::ks::answerSizedList;
using openks::ks::answerVariable;
using openks::ks::IntersectionRequest;

// "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" and a NUL, upper-case, as UTF-16.
void formatGuid(const GUID& guid, WCHAR (&text)[39])
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    UCHAR bytes[16];
    for (int i = 0; i < 4; ++i) {
        bytes[i] = UCHAR(guid.Data1 >> (24 - 8 * i));
    }
    bytes[4] = UCHAR(guid.Data2 >> 8);
    bytes[5] = UCHAR(guid.Data2);
    bytes[6] = UCHAR(guid.Data3 >> 8);
    bytes[7] = UCHAR(guid.Data3);
    std::memcpy(bytes + 8, guid.Data4, 8);
    size_t at = 0;
    text[at++] = u'{';
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            text[at++] = u'-';
        }
        text[at++] = WCHAR(kHex[bytes[i] >> 4]);
        text[at++] = WCHAR(kHex[bytes[i] & 0xF]);
    }
    text[at++] = u'}';
    text[at] = 0;
}

NTSTATUS answerUlong(PIRP irp, void* out, ULONG outLen, ULONG value)
{
    if (outLen < sizeof(ULONG) || out == nullptr) {
        irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_BUFFER_TOO_SMALL;
    }
    std::memcpy(out, &value, sizeof(value));
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

// Parses the request and resolves the pin's descriptor (stride `descriptorSize`).
NTSTATUS prepareIntersection(PIRP irp, PKSP_PIN pin, ULONG descriptorsCount, const KSPIN_DESCRIPTOR* descriptor,
                             ULONG descriptorSize, IntersectionRequest* request, const KSPIN_DESCRIPTOR** chosen)
{
    irp->IoStatus.Information = 0;
    if (descriptor == nullptr || descriptorSize < sizeof(KSPIN_DESCRIPTOR)) {
        return STATUS_INVALID_PARAMETER;
    }
    const IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(irp);
    const NTSTATUS status =
        openks::ks::parseIntersectionRequest(pin, stack->Parameters.DeviceIoControl.InputBufferLength, request);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (request->pin->PinId >= descriptorsCount) {
        return STATUS_INVALID_PARAMETER;  // ks-spec §12 item 37
    }
    *chosen = reinterpret_cast<const KSPIN_DESCRIPTOR*>(reinterpret_cast<const std::byte*>(descriptor) +
                                                        size_t(request->pin->PinId) * descriptorSize);
    return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

// For each caller range that is compatible with one of the pin's ranges, the
// KS 1.0 handler (which reads OutputBufferLength and sets Information
// itself) or, without one, the default intersection with the first pin
// range that produces a format.  STATUS_NO_MATCH when nothing intersects.
NTSTATUS NTAPI KsPinDataIntersection(PIRP Irp, PKSP_PIN Pin, PVOID Data, ULONG DescriptorsCount,
                                     const KSPIN_DESCRIPTOR* Descriptor, PFNKSINTERSECTHANDLER IntersectHandler)
{
    IntersectionRequest request;
    const KSPIN_DESCRIPTOR* descriptor = nullptr;
    NTSTATUS status =
        prepareIntersection(Irp, Pin, DescriptorsCount, Descriptor, sizeof(KSPIN_DESCRIPTOR), &request, &descriptor);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (IntersectHandler == nullptr) {
        ULONG size = 0;
        const ULONG outLen = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength;
        return openks::ks::pinIntersection(Irp, request, *descriptor, nullptr, nullptr, Data, outLen, &size);
    }
    for (const IntersectionRequest::Range& caller : request.ranges) {
        bool compatible = false;
        openks::ks::forEachDataRange(descriptor->DataRanges, descriptor->DataRangesCount,
                                     [&](const KSDATARANGE* range, const KSATTRIBUTE_LIST*) {
                                         compatible = openks::ks::rangesCompatible(*caller.range, *range);
                                         return !compatible;
                                     });
        if (!compatible) {
            continue;
        }
        Irp->IoStatus.Information = 0;
        status = IntersectHandler(Irp, Pin, const_cast<PKSDATARANGE>(caller.range), Data);
        if (status != STATUS_NO_MATCH) {
            return status;
        }
    }
    Irp->IoStatus.Information = 0;
    return STATUS_NO_MATCH;
}

// pinIntersection() over the descriptor of Pin->PinId in an array of
// DescriptorSize-byte descriptors (KSPIN_DESCRIPTOR_EX arrays pass the
// address of the first PinDescriptor and sizeof(KSPIN_DESCRIPTOR_EX)).
NTSTATUS NTAPI KsPinDataIntersectionEx(PIRP Irp, PKSP_PIN Pin, PVOID Data, ULONG DescriptorsCount,
                                       const KSPIN_DESCRIPTOR* Descriptor, ULONG DescriptorSize,
                                       PFNKSINTERSECTHANDLEREX IntersectHandler, PVOID HandlerContext)
{
    IntersectionRequest request;
    const KSPIN_DESCRIPTOR* descriptor = nullptr;
    const NTSTATUS status =
        prepareIntersection(Irp, Pin, DescriptorsCount, Descriptor, DescriptorSize, &request, &descriptor);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ULONG size = 0;
    const ULONG outLen = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength;
    return openks::ks::pinIntersection(Irp, request, *descriptor, IntersectHandler, HandlerContext, Data, outLen,
                                       &size);
}

// The static KSPROPSETID_Pin properties of a KSPIN_DESCRIPTOR array: CTYPES,
// DATAFLOW, DATARANGES, CONSTRAINEDDATARANGES (the DataRanges when the pin
// lists no constrained ones), INTERFACES and MEDIUMS (the standard one when
// the pin lists none), COMMUNICATION, CATEGORY (STATUS_NOT_FOUND without
// one, item 43), NAME (the Name GUID, else the Category GUID, as its
// "{...}" string: openks has no MediaCategories registry to map it to a
// friendly name; STATUS_NOT_FOUND with neither), and PROPOSEDATAFORMAT (SET:
// STATUS_SUCCESS if the format in Data matches a range, else
// STATUS_NO_MATCH).  CINSTANCES, DATAINTERSECTION and the other ids are not
// static: STATUS_NOT_FOUND.  Every id but CTYPES needs a KSP_PIN input
// (else STATUS_BUFFER_TOO_SMALL) naming an existing pin (else
// STATUS_INVALID_PARAMETER, item 37).  Sizes are read from the IRP's stack
// location; Data is the value buffer the property engine passed.
NTSTATUS NTAPI KsPinPropertyHandler(PIRP Irp, PKSPROPERTY Property, PVOID Data, ULONG DescriptorsCount,
                                    const KSPIN_DESCRIPTOR* Descriptor)
{
    Irp->IoStatus.Information = 0;
    const IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    const ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    if (Property == nullptr || (Data == nullptr && outLen != 0) || (Descriptor == nullptr && DescriptorsCount != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    KSPROPERTY property;
    std::memcpy(&property, Property, sizeof(property));
    if (property.Id == KSPROPERTY_PIN_CTYPES) {
        return answerUlong(Irp, Data, outLen, DescriptorsCount);
    }
    if (inLen < sizeof(KSP_PIN)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    KSP_PIN pinProperty;
    std::memcpy(&pinProperty, Property, sizeof(pinProperty));
    if (pinProperty.PinId >= DescriptorsCount) {
        return STATUS_INVALID_PARAMETER;
    }
    const KSPIN_DESCRIPTOR& pin = Descriptor[pinProperty.PinId];

    switch (property.Id) {
        case KSPROPERTY_PIN_DATAFLOW:
            return answerUlong(Irp, Data, outLen, ULONG(pin.DataFlow));
        case KSPROPERTY_PIN_COMMUNICATION:
            return answerUlong(Irp, Data, outLen, ULONG(pin.Communication));
        case KSPROPERTY_PIN_DATARANGES:
            return openks::ks::dataRangesList(pin.DataRanges, pin.DataRangesCount).answer(Irp, Data, outLen);
        case KSPROPERTY_PIN_CONSTRAINEDDATARANGES:
            if (pin.ConstrainedDataRangesCount != 0 && pin.ConstrainedDataRanges != nullptr) {
                return openks::ks::dataRangesList(pin.ConstrainedDataRanges, pin.ConstrainedDataRangesCount)
                    .answer(Irp, Data, outLen);
            }
            return openks::ks::dataRangesList(pin.DataRanges, pin.DataRangesCount).answer(Irp, Data, outLen);
        case KSPROPERTY_PIN_INTERFACES:
            if (pin.InterfacesCount == 0 || pin.Interfaces == nullptr) {
                const KSPIN_INTERFACE standard = openks::ks::standardPinInterface();
                return answerSizedList(Irp, Data, outLen, 1, sizeof(KSPIN_INTERFACE), &standard);
            }
            return answerSizedList(Irp, Data, outLen, pin.InterfacesCount, sizeof(KSPIN_INTERFACE), pin.Interfaces);
        case KSPROPERTY_PIN_MEDIUMS:
            if (pin.MediumsCount == 0 || pin.Mediums == nullptr) {
                const KSPIN_MEDIUM standard = openks::ks::standardPinMedium();
                return answerSizedList(Irp, Data, outLen, 1, sizeof(KSPIN_MEDIUM), &standard);
            }
            return answerSizedList(Irp, Data, outLen, pin.MediumsCount, sizeof(KSPIN_MEDIUM), pin.Mediums);
        case KSPROPERTY_PIN_CATEGORY:
            if (pin.Category == nullptr) {
                return STATUS_NOT_FOUND;
            }
            if (outLen < sizeof(GUID)) {
                Irp->IoStatus.Information = sizeof(GUID);
                return STATUS_BUFFER_TOO_SMALL;
            }
            std::memcpy(Data, pin.Category, sizeof(GUID));
            Irp->IoStatus.Information = sizeof(GUID);
            return STATUS_SUCCESS;
        case KSPROPERTY_PIN_NAME: {
            const GUID* name = pin.Name != nullptr ? pin.Name : pin.Category;
            if (name == nullptr) {
                return STATUS_NOT_FOUND;
            }
            WCHAR text[39];
            formatGuid(*name, text);
            return answerVariable(Irp, Data, outLen, text, sizeof(text));
        }
        case KSPROPERTY_PIN_PROPOSEDATAFORMAT: {
            if ((property.Flags & KSPROPERTY_TYPE_SET) == 0) {
                return STATUS_INVALID_DEVICE_REQUEST;
            }
            if (outLen < sizeof(KSDATAFORMAT)) {
                Irp->IoStatus.Information = sizeof(KSDATAFORMAT);
                return STATUS_BUFFER_TOO_SMALL;
            }
            const auto* format = static_cast<const KSDATAFORMAT*>(Data);
            return openks::ks::formatMatchesPin(format, outLen, pin) ? STATUS_SUCCESS : STATUS_NO_MATCH;
        }
        default:
            return STATUS_NOT_FOUND;
    }
}

}  // extern "C"
