// SPDX-License-Identifier: MIT
// ksvideosrc-style video capture: range choice, KS_DATAFORMAT_VIDEOINFOHEADER, extended-header reads, Y4M and PNG.
#include "ksctl/video_capture.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "ksctl/failure.h"
#include "ksctl/names.h"
#include "ksctl/pin_setup.h"
#include "ksctl/progress.h"
#include "ksctl/stream_loop.h"
#include "media/convert.h"
#include "media/png_io.h"
#include "media/y4m_writer.h"

namespace ksctl {

namespace {

std::string extensionOf(const std::string& path)
{
    const size_t dot = path.rfind('.');
    const size_t slash = path.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot + 1);
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

bool isYuy2(const DataRangeInfo& r)
{
    return IsEqualGUID(r.header.SubFormat, KSDATAFORMAT_SUBTYPE_YUY2);
}

bool isRgb24(const DataRangeInfo& r)
{
    return IsEqualGUID(r.header.SubFormat, KSDATAFORMAT_SUBTYPE_RGB24) && r.video.bitCount == 24 &&
           r.video.compression == KS_BI_RGB;
}

bool parseSize(const std::string& text, LONG* width, LONG* height)
{
    unsigned w = 0, h = 0;
    char x = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%u%c%u%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') || w == 0 || h == 0 ||
        w > 16384 || h > 16384) {
        return false;
    }
    *width = static_cast<LONG>(w);
    *height = static_cast<LONG>(h);
    return true;
}

// Whether a range can produce width x height: its own size, or one inside its output-size capabilities.
bool rangeFits(const DataRangeInfo& r, LONG width, LONG height)
{
    const LONG ownHeight = r.video.height < 0 ? -r.video.height : r.video.height;
    if (r.video.width == width && ownHeight == height) return true;
    const VideoRange& v = r.video;
    if (v.maxOutputSize.cx == 0 || v.maxOutputSize.cy == 0) return false;
    auto fits = [](LONG value, LONG low, LONG high, int granularity) {
        return value >= low && value <= high && (granularity <= 0 || (value - low) % granularity == 0);
    };
    return fits(width, v.minOutputSize.cx, v.maxOutputSize.cx, v.outputGranularityX) &&
           fits(height, v.minOutputSize.cy, v.maxOutputSize.cy, v.outputGranularityY);
}

DWORD imageBytes(const DataRangeInfo& r, LONG width, LONG height)
{
    if (isYuy2(r)) return static_cast<DWORD>(width) * static_cast<DWORD>(height) * 2;
    if (isRgb24(r)) return static_cast<DWORD>(openks::media::dibStride(static_cast<std::uint32_t>(width)) * height);
    return static_cast<DWORD>((std::size_t(width) * r.video.bitCount / 8 + 3) / 4 * 4 * height);
}

}  // namespace

bool isVideoOutput(const std::string& path)
{
    const std::string ext = extensionOf(path);
    return ext == "y4m" || ext == "png";
}

StreamResult captureVideo(const CaptureOptions& o)
{
    const bool png = extensionOf(o.output) == "png";
    const std::vector<Assignment> assignments = parseAssignments(o.assignments);
    LONG width = 0, height = 0;
    if (!o.size.empty() && !parseSize(o.size, &width, &height)) {
        throw Failure(Exit::Usage, fmt::format("--size '{}' is not WIDTHxHEIGHT, e.g. 640x480", o.size));
    }
    std::string subtype = o.subtype;
    for (char& c : subtype)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!subtype.empty() && subtype != "yuy2" && subtype != "rgb24") {
        throw Failure(Exit::Usage, fmt::format("--subtype '{}' is not one ksctl writes: yuy2 or rgb24", o.subtype));
    }
    if (!png && subtype == "rgb24") {
        throw Failure(Exit::Usage, ".y4m stores YUY2 video; use --subtype yuy2 or a .png output");
    }
    if (o.fps && !(*o.fps > 0)) throw Failure(Exit::Usage, "--fps must be above 0");

    std::vector<Device> devices = enumerateDevices();
    const Device& device = resolveOne(devices, o.device);
    OpenedFilter filter(device);
    const PinInfo& pinInfo = choosePin(filter, o.pin, KSPIN_DATAFLOW_OUT, MediaKind::Video);

    // The first range that fits the subtype (.y4m: YUY2) and size asked for.
    const DataRangeInfo* range = nullptr;
    for (const DataRangeInfo& r : pinInfo.ranges) {
        if (r.kind != DataRangeInfo::Kind::Video) continue;
        const bool subtypeOk = subtype == "yuy2"    ? isYuy2(r)
                               : subtype == "rgb24" ? isRgb24(r)
                                                    : (isYuy2(r) || (png && isRgb24(r)));
        if (!subtypeOk) continue;
        if (width != 0 && !rangeFits(r, width, height)) continue;
        range = &r;
        break;
    }
    if (range == nullptr) {
        std::string asked = subtype.empty() ? (png ? "YUY2 or RGB24" : "YUY2") : subtype;
        if (width != 0) asked += fmt::format(" {}x{}", width, height);
        throw Failure(Exit::FormatNotSupported,
                      fmt::format("pin {} of {} offers no {} video", pinInfo.id, device.driver, asked),
                      {rangesHint(pinInfo)});
    }

    // ksvideosrc's format: the range's header and video info, the size fixed, the frame interval clamped.
    KS_DATARANGE_VIDEO rangeBytes;
    std::memcpy(&rangeBytes, range->bytes.data(), sizeof(rangeBytes));
    KS_DATAFORMAT_VIDEOINFOHEADER format{};
    format.DataFormat = rangeBytes.DataRange;
    format.DataFormat.FormatSize = sizeof(KS_DATAFORMAT_VIDEOINFOHEADER);
    format.VideoInfoHeader = rangeBytes.VideoInfoHeader;
    KS_BITMAPINFOHEADER& bmi = format.VideoInfoHeader.bmiHeader;
    if (width != 0) {
        bmi.biWidth = width;
        bmi.biHeight = bmi.biHeight < 0 ? -height : height;
        bmi.biSizeImage = imageBytes(*range, width, height);
    }
    LONGLONG interval = format.VideoInfoHeader.AvgTimePerFrame;
    if (o.fps) interval = std::llround(1e7 / *o.fps);
    if (interval <= 0) interval = range->video.minFrameInterval;
    const LONGLONG minInterval = range->video.minFrameInterval, maxInterval = range->video.maxFrameInterval;
    if (minInterval > 0 && maxInterval >= minInterval) {
        const LONGLONG clamped = std::clamp(interval, minInterval, maxInterval);
        if (o.fps && clamped != interval) {
            note(o.quiet, fmt::format("the range runs at {}-{} fps; capturing at {} fps", fpsText(maxInterval),
                                      fpsText(minInterval), fpsText(clamped)));
        }
        interval = clamped;
    }
    format.VideoInfoHeader.AvgTimePerFrame = interval;
    format.DataFormat.SampleSize = bmi.biSizeImage;
    format.VideoInfoHeader.dwBitRate = static_cast<DWORD>(
        std::min<double>(double(bmi.biSizeImage) * 8.0 * 1e7 / double(interval), double(0xFFFFFFFFu)));
    const std::uint32_t w = static_cast<std::uint32_t>(bmi.biWidth);
    const std::uint32_t h = static_cast<std::uint32_t>(bmi.biHeight < 0 ? -bmi.biHeight : bmi.biHeight);
    const bool yuy2 = isYuy2(*range);
    if (bmi.biSizeImage == 0 || w == 0 || h == 0) {
        throw Failure(Exit::FormatNotSupported, "the video range has no image size (biSizeImage 0)",
                      {rangesHint(pinInfo)});
    }

    std::vector<std::byte> formatBytes(sizeof(format));
    std::memcpy(formatBytes.data(), &format, sizeof(format));
    PinHandle pin = createPin(filter, pinInfo, formatBytes, GENERIC_READ);
    applyAssignments(pin.get(), assignments);
    if (o.freeRunning && !setFreeRunning(pin.get())) {
        note(o.quiet, "the pin has no pacing property; it streams at its own pace");
    }

    std::uint64_t target = 1;
    if (o.frames) {
        target = *o.frames;
    } else if (o.seconds && !png) {
        target = static_cast<std::uint64_t>(std::max<long long>(1, std::llround(*o.seconds * 1e7 / double(interval))));
    }
    if (target == 0) throw Failure(Exit::Usage, "nothing to capture: --frames must be above 0");

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
    std::unique_ptr<openks::media::Y4mWriter> y4m;
    if (!png) {
        file.reset(std::fopen(o.output.c_str(), "wb"));
        if (!file) throw Failure(Exit::FileError, fmt::format("cannot write '{}': {}", o.output, std::strerror(errno)));
        std::uint32_t num = 0, den = 0;
        if (!openks::media::frameRateFromAvgTimePerFrame(interval, &num, &den)) {
            num = 30;
            den = 1;
        }
        y4m = std::make_unique<openks::media::Y4mWriter>(file.get());
        if (!NT_SUCCESS(y4m->begin(w, h, num, den))) {
            throw Failure(Exit::FileError, fmt::format("cannot write the Y4M header of '{}'", o.output));
        }
    }
    std::vector<std::uint8_t> rgb(png ? std::size_t(w) * h * 3 : 0);

    // The loop registers the Ctrl-C event first: from the line below on, Ctrl-C stops the stream cleanly.
    StreamLoop loop(pin.get(), IOCTL_KS_READ_STREAM, o.packets, bmi.biSizeImage,
                    sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO));
    if (!o.quiet) {
        FormatInfo described;
        (void)parseFormat(formatBytes, &described);
        std::printf("capture: %s pin %u as %s -> %s\n", device.driver.c_str(), static_cast<unsigned>(pinInfo.id),
                    describeFormat(described).c_str(), o.output.c_str());
        std::fflush(stdout);
    }

    Progress progress("capture", double(target), o.progress && !o.quiet && target > 1);
    StreamResult result;
    result.device = device.driver;
    result.pin = pinInfo.id;
    FormatInfo described;
    (void)parseFormat(formatBytes, &described);
    result.format = describeFormat(described);
    std::string outputError;
    LONGLONG lastPicture = -1, drops = 0;
    std::uint64_t empties = 0;

    auto fill = [&](unsigned i) {
        KSSTREAM_HEADER& hdr = loop.header(i);
        hdr.DataUsed = 0;
        hdr.OptionsFlags = 0;
        hdr.PresentationTime.Time = 0;
        hdr.PresentationTime.Numerator = hdr.PresentationTime.Denominator = 1;
        hdr.Duration = 0;
        KS_FRAME_INFO* info = loop.frameInfo(i);
        std::memset(info, 0, sizeof(*info));
        info->ExtendedHeaderSize = sizeof(KS_FRAME_INFO);
        return true;
    };
    auto onComplete = [&](unsigned i, const Answer& answer) {
        if (!NT_SUCCESS(answer.status)) {
            // ksvideosrc tolerates aborted reads; everything else is an error.
            if (answer.status != STATUS_CANCELLED || !loop.stopping()) {
                ++result.failedRequests;
                if (result.failedRequests == 1)
                    note(o.quiet, fmt::format("a read completed with {}", statusText(answer.status)));
                loop.requestStop();
            }
            return false;
        }
        const KSSTREAM_HEADER& hdr = loop.header(i);
        if (hdr.DataUsed == 0) {  // no frame
            if (!loop.stopping() && ++empties > 100) {
                note(o.quiet, "the pin keeps completing reads with no frame");
                ++result.failedRequests;
                loop.requestStop();
                return false;
            }
            return !loop.stopping() && fill(i);
        }
        if (result.frames >= target) return false;
        const KS_FRAME_INFO* info = loop.frameInfo(i);
        lastPicture = info->PictureNumber;
        drops = info->DropCount;
        ++result.frames;
        result.bytes += hdr.DataUsed;
        if (y4m) {
            if (!NT_SUCCESS(y4m->writeYuy2Frame(hdr.Data, hdr.DataUsed))) {
                outputError = "the frame does not fit the Y4M stream or the file refused it";
                loop.requestStop();
                return false;
            }
        } else if (result.frames == target) {
            const NTSTATUS converted =
                yuy2 ? openks::media::yuy2ToRgb(hdr.Data, hdr.DataUsed, w, h, 0, rgb.data(), rgb.size())
                     : openks::media::dibToRgb(hdr.Data, hdr.DataUsed, w, bmi.biHeight, rgb.data(), rgb.size());
            NTSTATUS written = converted;
            if (NT_SUCCESS(converted)) written = openks::media::writePng(o.output.c_str(), rgb.data(), w, h);
            if (!NT_SUCCESS(written)) {
                outputError = NT_SUCCESS(converted)
                                  ? fmt::format("writing the PNG failed: {}", statusText(written))
                                  : fmt::format("the frame cannot be converted: {}", statusText(converted));
            }
        }
        progress.update(double(result.frames));
        if (result.frames >= target) {
            loop.requestStop();
            return false;
        }
        return fill(i);
    };

    loop.run(fill, onComplete, o.timeoutMs, target + loop.packets() + 2, /*submitBeforeRun=*/false, /*fifo=*/true);
    progress.finish();
    if (file && std::fflush(file.get()) != 0 && outputError.empty()) outputError = std::strerror(errno);
    if (!outputError.empty())
        throw Failure(Exit::FileError, fmt::format("cannot write '{}': {}", o.output, outputError));
    result.interrupted = loop.interrupted();
    result.requests = loop.completed();
    result.flushed = loop.flushed();
    result.gaps = loop.stats().summary();
    result.wallSeconds = loop.runSeconds();
    result.mediaSeconds = double(result.frames) * double(interval) / 1e7;
    if (!o.quiet && result.frames != 0) {
        std::printf("capture: last PictureNumber %lld, DropCount %lld\n", static_cast<long long>(lastPicture),
                    static_cast<long long>(drops));
    }
    return result;
}

}  // namespace ksctl
