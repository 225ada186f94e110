// SPDX-License-Identifier: MIT
// Walking KSMULTIPLE_ITEM range lists and decoding audio/video ranges and formats.
#include "ksctl/data_range.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "ksctl/names.h"

namespace ksctl {

namespace {

size_t align8(size_t n)
{
    return (n + 7) & ~size_t(7);
}

bool isAudioRange(const KSDATARANGE& r)
{
    return IsEqualGUID(r.MajorFormat, KSDATAFORMAT_TYPE_AUDIO) &&
           IsEqualGUID(r.Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) && r.FormatSize >= sizeof(KSDATARANGE_AUDIO);
}

bool isVideoRange(const KSDATARANGE& r)
{
    return IsEqualGUID(r.MajorFormat, KSDATAFORMAT_TYPE_VIDEO) &&
           IsEqualGUID(r.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO) && r.FormatSize >= sizeof(KS_DATARANGE_VIDEO);
}

std::string span(ULONG low, ULONG high)
{
    return low == high ? fmt::format("{}", low) : fmt::format("{}-{}", low, high);
}

std::string fourcc(DWORD compression)
{
    if (compression == KS_BI_RGB) return "BI_RGB";
    std::string text;
    for (int i = 0; i < 4; ++i) {
        char c = static_cast<char>((compression >> (8 * i)) & 0xFF);
        text += (c >= 32 && c < 127) ? c : '?';
    }
    return text;
}

}  // namespace

std::string fpsText(LONGLONG avgTimePerFrame)
{
    if (avgTimePerFrame <= 0) return "?";
    const double fps = 1e7 / static_cast<double>(avgTimePerFrame);
    const double rounded = static_cast<double>(static_cast<long long>(fps * 100.0 + 0.5)) / 100.0;
    if (rounded == static_cast<double>(static_cast<long long>(rounded))) {
        return fmt::format("{}", static_cast<long long>(rounded));
    }
    return fmt::format("{:.2f}", rounded);
}

std::vector<DataRangeInfo> parseDataRanges(std::span<const std::byte> list, std::string* error)
{
    error->clear();
    std::vector<DataRangeInfo> ranges;
    if (list.size() < sizeof(KSMULTIPLE_ITEM)) {
        *error = fmt::format("the list is {} bytes, shorter than its KSMULTIPLE_ITEM header", list.size());
        return ranges;
    }
    KSMULTIPLE_ITEM item;
    std::memcpy(&item, list.data(), sizeof(item));
    const size_t end = std::min<size_t>(item.Size, list.size());
    if (item.Size > list.size()) {
        *error = fmt::format("KSMULTIPLE_ITEM.Size {} exceeds the {} bytes returned", item.Size, list.size());
    }
    size_t offset = sizeof(KSMULTIPLE_ITEM);
    for (ULONG i = 0; i < item.Count; ++i) {
        offset = align8(offset);
        if (offset + sizeof(KSDATARANGE) > end) {
            *error = fmt::format("range {} of {} lies past the end of the list", i, item.Count);
            break;
        }
        DataRangeInfo info;
        std::memcpy(&info.header, list.data() + offset, sizeof(KSDATARANGE));
        const ULONG size = info.header.FormatSize;
        if (size < sizeof(KSDATARANGE) || offset + size > end) {
            *error = fmt::format("range {} has FormatSize {}, which does not fit the list", i, size);
            break;
        }
        info.bytes.assign(list.begin() + static_cast<std::ptrdiff_t>(offset),
                          list.begin() + static_cast<std::ptrdiff_t>(offset + size));
        if (isAudioRange(info.header)) {
            KSDATARANGE_AUDIO a;
            std::memcpy(&a, info.bytes.data(), sizeof(a));
            info.kind = DataRangeInfo::Kind::Audio;
            info.audio = {a.MaximumChannels, a.MinimumBitsPerSample, a.MaximumBitsPerSample, a.MinimumSampleFrequency,
                          a.MaximumSampleFrequency};
        } else if (isVideoRange(info.header)) {
            KS_DATARANGE_VIDEO v;
            std::memcpy(&v, info.bytes.data(), sizeof(v));
            info.kind = DataRangeInfo::Kind::Video;
            const KS_BITMAPINFOHEADER& bmi = v.VideoInfoHeader.bmiHeader;
            info.video.width = bmi.biWidth;
            info.video.height = bmi.biHeight;
            info.video.bitCount = bmi.biBitCount;
            info.video.compression = bmi.biCompression;
            info.video.sizeImage = bmi.biSizeImage;
            info.video.avgTimePerFrame = v.VideoInfoHeader.AvgTimePerFrame;
            info.video.minFrameInterval = v.ConfigCaps.MinFrameInterval;
            info.video.maxFrameInterval = v.ConfigCaps.MaxFrameInterval;
            info.video.minOutputSize = v.ConfigCaps.MinOutputSize;
            info.video.maxOutputSize = v.ConfigCaps.MaxOutputSize;
            info.video.outputGranularityX = v.ConfigCaps.OutputGranularityX;
            info.video.outputGranularityY = v.ConfigCaps.OutputGranularityY;
        }
        offset += size;
        if ((info.header.Flags & KSDATARANGE_ATTRIBUTES) != 0) {
            // The range's attribute list follows it, 8-byte aligned.
            offset = align8(offset);
            KSMULTIPLE_ITEM attributes{};
            if (offset + sizeof(attributes) <= end) std::memcpy(&attributes, list.data() + offset, sizeof(attributes));
            if (attributes.Size < sizeof(attributes) || offset + attributes.Size > end) {
                ranges.push_back(std::move(info));
                *error = fmt::format("the attribute list of range {} does not fit the list", i);
                break;
            }
            offset += attributes.Size;
        }
        ranges.push_back(std::move(info));
    }
    return ranges;
}

std::string describeRange(const DataRangeInfo& r)
{
    switch (r.kind) {
        case DataRangeInfo::Kind::Audio: {
            const AudioRange& a = r.audio;
            std::string channels =
                a.maxChannels == ULONG(-1) ? "any number of channels" : fmt::format("1-{} channels", a.maxChannels);
            if (a.maxChannels == 1) channels = "1 channel";
            return fmt::format("audio {}: {}, {} bits, {} Hz", formatLabel(r.header.SubFormat), channels,
                               span(a.minBits, a.maxBits), span(a.minRate, a.maxRate));
        }
        case DataRangeInfo::Kind::Video: {
            const VideoRange& v = r.video;
            std::string fps = v.minFrameInterval > 0 && v.maxFrameInterval > 0
                                  ? fmt::format("{}-{} fps", fpsText(v.maxFrameInterval), fpsText(v.minFrameInterval))
                                  : fmt::format("{} fps", fpsText(v.avgTimePerFrame));
            if (v.minFrameInterval == v.maxFrameInterval && v.minFrameInterval > 0) {
                fps = fmt::format("{} fps", fpsText(v.minFrameInterval));
            }
            // Row order only means something for RGB DIBs; YUV frames are always top-down.
            std::string layout = fmt::format("{} bits, {} bytes", v.bitCount, v.sizeImage);
            if (v.compression == KS_BI_RGB || v.compression == KS_BI_BITFIELDS) {
                layout += v.height < 0 ? ", top-down" : ", bottom-up";
            } else if (formatLabel(r.header.SubFormat) != fourcc(v.compression)) {
                layout = fourcc(v.compression) + ", " + layout;
            }
            return fmt::format("video {} {}x{}, {}, {} (default {})", formatLabel(r.header.SubFormat), v.width,
                               v.height < 0 ? -v.height : v.height, layout, fps, fpsText(v.avgTimePerFrame));
        }
        case DataRangeInfo::Kind::Generic:
            break;
    }
    return fmt::format("{} {} ({}, FormatSize {})", formatLabel(r.header.MajorFormat), formatLabel(r.header.SubFormat),
                       formatLabel(r.header.Specifier), r.header.FormatSize);
}

nlohmann::ordered_json rangeJson(const DataRangeInfo& r)
{
    nlohmann::ordered_json j;
    j["majorFormat"] = guidLabel(r.header.MajorFormat);
    j["subFormat"] = guidLabel(r.header.SubFormat);
    j["specifier"] = guidLabel(r.header.Specifier);
    j["formatSize"] = r.header.FormatSize;
    j["flags"] = r.header.Flags;
    j["sampleSize"] = r.header.SampleSize;
    if (r.kind == DataRangeInfo::Kind::Audio) {
        j["audio"] = {{"maxChannels", r.audio.maxChannels},
                      {"minBits", r.audio.minBits},
                      {"maxBits", r.audio.maxBits},
                      {"minRate", r.audio.minRate},
                      {"maxRate", r.audio.maxRate}};
    } else if (r.kind == DataRangeInfo::Kind::Video) {
        const VideoRange& v = r.video;
        j["video"] = {{"width", v.width},
                      {"height", v.height},
                      {"bitCount", v.bitCount},
                      {"compression", fourcc(v.compression)},
                      {"sizeImage", v.sizeImage},
                      {"avgTimePerFrame", v.avgTimePerFrame},
                      {"minFrameInterval", v.minFrameInterval},
                      {"maxFrameInterval", v.maxFrameInterval},
                      {"minOutputSize", {v.minOutputSize.cx, v.minOutputSize.cy}},
                      {"maxOutputSize", {v.maxOutputSize.cx, v.maxOutputSize.cy}}};
    }
    return j;
}

bool parseFormat(std::span<const std::byte> bytes, FormatInfo* info)
{
    if (bytes.size() < sizeof(KSDATAFORMAT)) return false;
    FormatInfo f;
    std::memcpy(&f.header, bytes.data(), sizeof(KSDATAFORMAT));
    const size_t size = std::min<size_t>(f.header.FormatSize, bytes.size());
    if (IsEqualGUID(f.header.Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) &&
        size >= sizeof(KSDATAFORMAT) + sizeof(WAVEFORMATEX)) {
        WAVEFORMATEX w;
        std::memcpy(&w, bytes.data() + sizeof(KSDATAFORMAT), sizeof(w));
        f.kind = FormatInfo::Kind::Audio;
        f.formatTag = w.wFormatTag;
        f.channels = w.nChannels;
        f.rate = w.nSamplesPerSec;
        f.bits = w.wBitsPerSample;
        f.validBits = w.wBitsPerSample;
        f.blockAlign = w.nBlockAlign;
        f.isFloat = w.wFormatTag == WAVE_FORMAT_IEEE_FLOAT;
        if (w.wFormatTag == WAVE_FORMAT_EXTENSIBLE && size >= sizeof(KSDATAFORMAT) + sizeof(WAVEFORMATEXTENSIBLE)) {
            WAVEFORMATEXTENSIBLE x;
            std::memcpy(&x, bytes.data() + sizeof(KSDATAFORMAT), sizeof(x));
            f.validBits = x.Samples.wValidBitsPerSample;
            f.isFloat = IsEqualGUID(x.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
        }
    } else if (IsEqualGUID(f.header.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO) &&
               size >= sizeof(KS_DATAFORMAT_VIDEOINFOHEADER)) {
        KS_DATAFORMAT_VIDEOINFOHEADER v;
        std::memcpy(&v, bytes.data(), sizeof(v));
        f.kind = FormatInfo::Kind::Video;
        f.width = v.VideoInfoHeader.bmiHeader.biWidth;
        f.height = v.VideoInfoHeader.bmiHeader.biHeight;
        f.bitCount = v.VideoInfoHeader.bmiHeader.biBitCount;
        f.compression = v.VideoInfoHeader.bmiHeader.biCompression;
        f.sizeImage = v.VideoInfoHeader.bmiHeader.biSizeImage;
        f.avgTimePerFrame = v.VideoInfoHeader.AvgTimePerFrame;
    }
    *info = f;
    return true;
}

std::string describeFormat(const FormatInfo& f)
{
    switch (f.kind) {
        case FormatInfo::Kind::Audio: {
            std::string bits = f.validBits != f.bits ? fmt::format("{} bits in {}", f.validBits, f.bits)
                                                     : fmt::format("{} bits", f.bits);
            return fmt::format("{} {} Hz, {} channel{}, {}", f.isFloat ? "float" : "PCM", f.rate, f.channels,
                               f.channels == 1 ? "" : "s", bits);
        }
        case FormatInfo::Kind::Video:
            return fmt::format("{} {}x{}{}, {} fps", formatLabel(f.header.SubFormat), f.width,
                               f.height < 0 ? -f.height : f.height,
                               f.compression == KS_BI_RGB ? (f.height < 0 ? " top-down" : " bottom-up") : "",
                               fpsText(f.avgTimePerFrame));
        case FormatInfo::Kind::Generic:
            break;
    }
    return fmt::format("{} {} ({}, FormatSize {})", formatLabel(f.header.MajorFormat), formatLabel(f.header.SubFormat),
                       formatLabel(f.header.Specifier), f.header.FormatSize);
}

nlohmann::ordered_json formatJson(const FormatInfo& f)
{
    nlohmann::ordered_json j;
    j["majorFormat"] = guidLabel(f.header.MajorFormat);
    j["subFormat"] = guidLabel(f.header.SubFormat);
    j["specifier"] = guidLabel(f.header.Specifier);
    j["formatSize"] = f.header.FormatSize;
    j["sampleSize"] = f.header.SampleSize;
    if (f.kind == FormatInfo::Kind::Audio) {
        j["audio"] = {{"formatTag", f.formatTag}, {"channels", f.channels},     {"rate", f.rate},    {"bits", f.bits},
                      {"validBits", f.validBits}, {"blockAlign", f.blockAlign}, {"float", f.isFloat}};
    } else if (f.kind == FormatInfo::Kind::Video) {
        j["video"] = {{"width", f.width},         {"height", f.height},
                      {"bitCount", f.bitCount},   {"compression", fourcc(f.compression)},
                      {"sizeImage", f.sizeImage}, {"avgTimePerFrame", f.avgTimePerFrame}};
    }
    return j;
}

}  // namespace ksctl
