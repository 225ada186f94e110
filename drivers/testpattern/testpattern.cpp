// SPDX-License-Identifier: MIT
// The testpattern video capture source: a minidriver streaming the testpattern core's pictures (testpattern_props.h).

// Written only against the public DDI, as a third-party minidriver: one
// device, one filter, one pin-centric OUT pin with extended stream headers
// (KS_FRAME_INFO).  Process gives the read at the leading edge one picture
// and ejects it.  In real-time pacing a read waits for the next picture to
// fall due on the pin's running clock: Process arms a timeout on the
// leading edge whose callback asks for processing again, and returns
// STATUS_PENDING.  Process never sleeps.
//
// Locks: the pin record's mutex guards the picture count and the clock.
// It is never held while calling the AVStream runtime; pictures are
// painted outside it (the painter is immutable once the pin exists).

#include <openks/driver.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>

#include "core/pattern_painter.h"
#include "testpattern_props.h"

namespace {

using openks::testpattern::PatternPainter;
using openks::testpattern::PixelFormat;

constexpr ULONG kPoolTag = 0x74615054;     // "TPat"
constexpr DWORD kFourccYuy2 = 0x32595559;  // 'YUY2'

// ---- Time -----------------------------------------------------------------------------------------

std::uint64_t monotonicNs()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

// Time the pin has spent in KSSTATE_RUN since it last left STOP.
class RunClock {
public:
    void run(std::uint64_t nowNs)
    {
        if (!running_) {
            startNs_ = nowNs;
            running_ = true;
        }
    }
    void pause(std::uint64_t nowNs)
    {
        if (running_) {
            baseNs_ += nowNs - startNs_;
            running_ = false;
        }
    }
    void stop()
    {
        baseNs_ = 0;
        running_ = false;
    }
    // Running time in 100 ns units.
    LONGLONG elapsed(std::uint64_t nowNs) const
    {
        const std::uint64_t ns = baseNs_ + (running_ && nowNs > startNs_ ? nowNs - startNs_ : 0);
        return static_cast<LONGLONG>(ns / 100);
    }

private:
    std::uint64_t baseNs_ = 0;
    std::uint64_t startNs_ = 0;
    bool running_ = false;
};

// ---- The connection format ------------------------------------------------------------------------

struct VideoFormat {
    PixelFormat pixels = PixelFormat::Rgb24;
    std::uint32_t width = 0;
    std::int32_t height = 0;
    LONGLONG interval = 0;  // AvgTimePerFrame
};

// Reads a KS_DATAFORMAT_VIDEOINFOHEADER the painter can paint.  The runtime
// has already matched it against one of the pin's ranges (size, bit count,
// compression, frame interval, biSizeImage); this adds what the painter needs.
bool parseFormat(const KSDATAFORMAT* format, VideoFormat* out)
{
    if (format == nullptr || format->FormatSize < sizeof(KS_DATAFORMAT_VIDEOINFOHEADER) ||
        !IsEqualGUID(format->Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO)) {
        return false;
    }
    KS_VIDEOINFOHEADER vih;
    std::memcpy(&vih, reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT), sizeof(vih));
    const KS_BITMAPINFOHEADER& bmi = vih.bmiHeader;
    PixelFormat pixels;
    if (bmi.biCompression == kFourccYuy2 && bmi.biBitCount == 16) {
        pixels = PixelFormat::Yuy2;
    } else if (bmi.biCompression == KS_BI_RGB && bmi.biBitCount == 24) {
        pixels = PixelFormat::Rgb24;
    } else {
        return false;
    }
    if (bmi.biWidth <= 0 || vih.AvgTimePerFrame < OPENKS_TESTPATTERN_MIN_FRAME_INTERVAL ||
        vih.AvgTimePerFrame > OPENKS_TESTPATTERN_MAX_FRAME_INTERVAL ||
        !NT_SUCCESS(
            openks::testpattern::validateFrame(pixels, static_cast<std::uint32_t>(bmi.biWidth), bmi.biHeight)) ||
        bmi.biSizeImage <
            openks::testpattern::frameBytes(pixels, static_cast<std::uint32_t>(bmi.biWidth), bmi.biHeight)) {
        return false;
    }
    out->pixels = pixels;
    out->width = static_cast<std::uint32_t>(bmi.biWidth);
    out->height = bmi.biHeight;
    out->interval = vih.AvgTimePerFrame;
    return true;
}

// ---- The pin record -------------------------------------------------------------------------------

struct PatternPin {
    PatternPainter painter;  // configured in Create, immutable after
    LONGLONG interval = 0;   // AvgTimePerFrame, immutable after Create
    std::mutex lock;         // guards everything below
    ULONGLONG nextPicture = 0;
    ULONGLONG dropped = 0;
    ULONG pacing = OPENKS_TESTPATTERN_PACING_REALTIME;
    RunClock clock;
};

void freePatternPin(PVOID record)
{
    delete static_cast<PatternPin*>(record);
}

PatternPin* recordOf(PKSPIN pin)
{
    return pin != nullptr ? static_cast<PatternPin*>(pin->Context) : nullptr;
}

// ---- Pin dispatch ---------------------------------------------------------------------------------

// The pin's allocator framing: frames of exactly one picture.
NTSTATUS setFraming(PKSPIN pin, ULONG frameBytes)
{
    NTSTATUS status = KsEdit(pin, &pin->Descriptor, kPoolTag);
    if (NT_SUCCESS(status)) {
        status = KsEdit(pin, &pin->Descriptor->AllocatorFraming, kPoolTag);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto* framing = const_cast<PKSALLOCATOR_FRAMING_EX>(pin->Descriptor->AllocatorFraming);
    framing->FramingItem[0].PhysicalRange.MinFrameSize = frameBytes;
    framing->FramingItem[0].PhysicalRange.MaxFrameSize = frameBytes;
    framing->FramingItem[0].FramingRange.Range.MinFrameSize = frameBytes;
    framing->FramingItem[0].FramingRange.Range.MaxFrameSize = frameBytes;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI patternPinSetDataFormat(PKSPIN pin, PKSDATAFORMAT, PKSMULTIPLE_ITEM, const KSDATARANGE*,
                                       const KSATTRIBUTE_LIST*)
{
    VideoFormat format;
    return parseFormat(pin->ConnectionFormat, &format) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

NTSTATUS NTAPI patternPinCreate(PKSPIN pin, PIRP)
{
    auto* r = new (std::nothrow) PatternPin;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(pin->Bag, r, freePatternPin);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    VideoFormat format;
    if (!parseFormat(pin->ConnectionFormat, &format)) {
        return STATUS_NO_MATCH;  // SetDataFormat accepted it: cannot happen
    }
    status = r->painter.configure(format.pixels, format.width, format.height);
    if (NT_SUCCESS(status)) {
        status = setFraming(pin, r->painter.frameBytes());
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    r->interval = format.interval;
    // Every read carries a KS_FRAME_INFO after its header.
    pin->StreamHeaderSize = sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO);
    pin->Context = r;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI patternPinSetDeviceState(PKSPIN pin, KSSTATE to, KSSTATE from)
{
    PatternPin* r = recordOf(pin);
    const std::uint64_t now = monotonicNs();
    {
        std::lock_guard lk(r->lock);
        if (to == KSSTATE_RUN) {
            r->clock.run(now);
        } else if (from == KSSTATE_RUN) {
            r->clock.pause(now);
        }
        if (to == KSSTATE_STOP) {
            r->clock.stop();
            r->nextPicture = 0;
            r->dropped = 0;
        }
    }
    if (to == KSSTATE_STOP) {
        if (PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_UNLOCKED)) {
            KsStreamPointerCancelTimeout(edge);
        }
    }
    return STATUS_SUCCESS;
}

void NTAPI patternDue(PKSSTREAM_POINTER edge)
{
    KsPinAttemptProcessing(edge->Pin, TRUE);
}

// Gives the reads at the leading edge one picture each until none is
// queued or (real time) the next picture is not due yet.
NTSTATUS NTAPI patternPinProcess(PKSPIN pin)
{
    PatternPin* r = recordOf(pin);
    const ULONG frameBytes = r->painter.frameBytes();
    for (;;) {
        PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (edge == nullptr) {
            return STATUS_PENDING;
        }
        const bool fits = edge->OffsetOut.Remaining >= frameBytes;
        ULONGLONG picture = 0;
        ULONGLONG dropped = 0;
        LONGLONG wait = 0;
        if (fits) {
            std::lock_guard lk(r->lock);
            if (r->pacing == OPENKS_TESTPATTERN_PACING_REALTIME) {
                // Pictures [0, due) have ended; the newest of them goes to this read.
                const LONGLONG now = r->clock.elapsed(monotonicNs());
                const ULONGLONG due = static_cast<ULONGLONG>(now / r->interval);
                if (due <= r->nextPicture) {
                    wait = static_cast<LONGLONG>(r->nextPicture + 1) * r->interval - now;
                } else {
                    picture = due - 1;
                    r->dropped += picture - r->nextPicture;
                    r->nextPicture = due;
                }
            } else {
                picture = r->nextPicture++;
            }
            dropped = r->dropped;
        }
        if (wait != 0) {
            KsStreamPointerUnlock(edge, FALSE);
            KsStreamPointerScheduleTimeout(edge, patternDue, static_cast<ULONGLONG>(wait));
            return STATUS_PENDING;
        }
        PKSSTREAM_HEADER header = edge->StreamHeader;
        ULONG used = 0;
        if (fits) {
            (void)r->painter.paint(picture, edge->OffsetOut.Data, edge->OffsetOut.Remaining);
            used = frameBytes;
            header->PresentationTime.Time = static_cast<LONGLONG>(picture) * r->interval;
            header->PresentationTime.Numerator = 1;
            header->PresentationTime.Denominator = 1;
            header->Duration = r->interval;
            header->OptionsFlags = KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
            if (header->Size >= sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO)) {
                auto* info = reinterpret_cast<PKS_FRAME_INFO>(header + 1);
                info->ExtendedHeaderSize = sizeof(KS_FRAME_INFO);
                info->dwFrameFlags = KS_VIDEO_FLAG_FRAME;
                info->PictureNumber = static_cast<LONGLONG>(picture);
                info->DropCount = static_cast<LONGLONG>(dropped);
                header->OptionsFlags |= KSSTREAM_HEADER_OPTIONSF_FRAMEINFO;
            }
        } else {
            KsStreamPointerSetStatusCode(edge, STATUS_BUFFER_TOO_SMALL);
        }
        header->DataUsed = used;
        if (!NT_SUCCESS(KsStreamPointerAdvanceOffsets(edge, 0, used, TRUE))) {
            return STATUS_PENDING;
        }
        KsStreamPointerUnlock(edge, FALSE);
    }
}

const KSPIN_DISPATCH kPatternPinDispatch = {
    patternPinCreate,
    nullptr,  // Close: the record goes with the pin's bag
    patternPinProcess,
    nullptr,  // Reset
    patternPinSetDataFormat,
    patternPinSetDeviceState,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- KSPROPSETID_OpenksTestPattern ----------------------------------------------------------------

NTSTATUS NTAPI getPacing(PIRP irp, PKSPROPERTY, PVOID data)
{
    PatternPin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    *static_cast<ULONG*>(data) = r->pacing;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setPacing(PIRP irp, PKSPROPERTY, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    PatternPin* r = recordOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const ULONG pacing = *static_cast<const ULONG*>(data);
    if (pacing != OPENKS_TESTPATTERN_PACING_REALTIME && pacing != OPENKS_TESTPATTERN_PACING_FREERUNNING) {
        return STATUS_INVALID_PARAMETER;
    }
    {
        std::lock_guard lk(r->lock);
        r->pacing = pacing;
    }
    KsPinAttemptProcessing(pin, TRUE);  // a read waiting for its picture may be served now
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kPatternItems){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_TESTPATTERN_PACING, getPacing, sizeof(KSPROPERTY), sizeof(ULONG),
                           setPacing, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kPatternPinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksTestPattern, SIZEOF_ARRAY(kPatternItems), kPatternItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kPatternPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kPatternPinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Format intersection --------------------------------------------------------------------------

bool guidFits(const GUID& caller, const GUID& own)
{
    return IsEqualGUID(caller, GUID_NULL) || IsEqualGUID(caller, own);
}

// KSPROPERTY_PIN_DATAINTERSECTION: the pin's own range as a
// KS_DATAFORMAT_VIDEOINFOHEADER.  A caller KS_DATARANGE_VIDEO must name the
// same picture (width, height, compression, bit count); the frame interval
// is the caller's AvgTimePerFrame clamped into both ranges' intervals (the
// ranges' default, 30 fps, for a caller range without video bounds);
// dwBitRate follows from it.
NTSTATUS NTAPI patternIntersect(PVOID, PIRP, PKSP_PIN, PKSDATARANGE callerRange, PKSDATARANGE ownRange,
                                ULONG bufferSize, PVOID data, PULONG dataSize)
{
    const auto* own = reinterpret_cast<const KS_DATARANGE_VIDEO*>(ownRange);
    if (!guidFits(callerRange->MajorFormat, own->DataRange.MajorFormat) ||
        !guidFits(callerRange->SubFormat, own->DataRange.SubFormat) ||
        !guidFits(callerRange->Specifier, own->DataRange.Specifier)) {
        return STATUS_NO_MATCH;
    }
    LONGLONG interval = own->VideoInfoHeader.AvgTimePerFrame;
    if (callerRange->FormatSize >= sizeof(KS_DATARANGE_VIDEO) &&
        IsEqualGUID(callerRange->Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO)) {
        KS_DATARANGE_VIDEO caller;
        std::memcpy(&caller, callerRange, sizeof(caller));
        const KS_BITMAPINFOHEADER& a = caller.VideoInfoHeader.bmiHeader;
        const KS_BITMAPINFOHEADER& b = own->VideoInfoHeader.bmiHeader;
        if (a.biWidth != b.biWidth || a.biHeight != b.biHeight || a.biCompression != b.biCompression ||
            a.biBitCount != b.biBitCount) {
            return STATUS_NO_MATCH;
        }
        const LONGLONG low = caller.ConfigCaps.MinFrameInterval > own->ConfigCaps.MinFrameInterval
                                 ? caller.ConfigCaps.MinFrameInterval
                                 : own->ConfigCaps.MinFrameInterval;
        const LONGLONG high = caller.ConfigCaps.MaxFrameInterval < own->ConfigCaps.MaxFrameInterval
                                  ? caller.ConfigCaps.MaxFrameInterval
                                  : own->ConfigCaps.MaxFrameInterval;
        if (low > high) {
            return STATUS_NO_MATCH;
        }
        interval = caller.VideoInfoHeader.AvgTimePerFrame;
        interval = interval < low ? low : (interval > high ? high : interval);
    }
    *dataSize = sizeof(KS_DATAFORMAT_VIDEOINFOHEADER);
    if (bufferSize == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (bufferSize < sizeof(KS_DATAFORMAT_VIDEOINFOHEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    KS_DATAFORMAT_VIDEOINFOHEADER format{};
    format.DataFormat = own->DataRange;
    format.DataFormat.FormatSize = sizeof(KS_DATAFORMAT_VIDEOINFOHEADER);
    format.DataFormat.SampleSize = own->VideoInfoHeader.bmiHeader.biSizeImage;
    format.VideoInfoHeader = own->VideoInfoHeader;
    format.VideoInfoHeader.AvgTimePerFrame = interval;
    format.VideoInfoHeader.dwBitRate =
        static_cast<DWORD>(ULONGLONG{own->VideoInfoHeader.bmiHeader.biSizeImage} * 8 * 10000000 / interval);
    std::memcpy(data, &format, sizeof(format));
    return STATUS_SUCCESS;
}

// ---- Descriptors ----------------------------------------------------------------------------------

// One KS_DATARANGE_VIDEO, initialised positionally: `bits` per pixel,
// `image` = biSizeImage, 15-30 frames per second (30 by default).
#define TESTPATTERN_RANGE(subtype, compression, bits, width, height, image)                                      \
    {                                                                                                            \
        {{sizeof(KS_DATARANGE_VIDEO),                                                                            \
          0,                                                                                                     \
          (image),                                                                                               \
          0,                                                                                                     \
          {STATICGUIDOF(KSDATAFORMAT_TYPE_VIDEO)},                                                               \
          {STATICGUIDOF(subtype)},                                                                               \
          {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_VIDEOINFO)}}},                                                    \
            TRUE,                   /* bFixedSizeSamples */                                                      \
            FALSE,                  /* bTemporalCompression */                                                   \
            KS_VIDEOSTREAM_CAPTURE, /* StreamDescriptionFlags */                                                 \
            0,                      /* MemoryAllocationFlags */                                                  \
            {                                                                                                    \
                {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_VIDEOINFO)},                                                \
                0,                   /* VideoStandard: KS_AnalogVideo_None */                                    \
                {(width), (height)}, /* InputSize */                                                             \
                {(width), (height)}, /* MinCroppingSize */                                                       \
                {(width), (height)}, /* MaxCroppingSize */                                                       \
                1,                                                                                               \
                1,                                                                                               \
                1,                                                                                               \
                1,                   /* crop granularity and alignment */                                        \
                {(width), (height)}, /* MinOutputSize */                                                         \
                {(width), (height)}, /* MaxOutputSize */                                                         \
                1,                                                                                               \
                1, /* OutputGranularity */                                                                       \
                0,                                                                                               \
                0,                                                                                               \
                0,                                                                                               \
                0, /* stretch and shrink taps */                                                                 \
                OPENKS_TESTPATTERN_MIN_FRAME_INTERVAL,                                                           \
                OPENKS_TESTPATTERN_MAX_FRAME_INTERVAL,                                                           \
                (LONG)((image)*8 * 15), /* MinBitsPerSecond */                                                   \
                (LONG)((image)*8 * 30), /* MaxBitsPerSecond */                                                   \
            },                                                                                                   \
            {                                                                                                    \
                {0, 0, 0, 0},                                                                                    \
                {0, 0, 0, 0},                                                                                    \
                (DWORD)((image)*8 * 30),                                                                         \
                0,                                                                                               \
                OPENKS_TESTPATTERN_MIN_FRAME_INTERVAL,                                                           \
                {sizeof(KS_BITMAPINFOHEADER), (width), (height), 1, (bits), (compression), (image), 0, 0, 0, 0}, \
            },                                                                                                   \
    }

const KS_DATARANGE_VIDEO kRanges[] = {
    TESTPATTERN_RANGE(KSDATAFORMAT_SUBTYPE_YUY2, kFourccYuy2, 16, 320, 240, 320 * 240 * 2),
    TESTPATTERN_RANGE(KSDATAFORMAT_SUBTYPE_YUY2, kFourccYuy2, 16, 640, 480, 640 * 480 * 2),
    TESTPATTERN_RANGE(KSDATAFORMAT_SUBTYPE_YUY2, kFourccYuy2, 16, 1280, 720, 1280 * 720 * 2),
    TESTPATTERN_RANGE(KSDATAFORMAT_SUBTYPE_RGB24, KS_BI_RGB, 24, 320, 240, 320 * 240 * 3),
    TESTPATTERN_RANGE(KSDATAFORMAT_SUBTYPE_RGB24, KS_BI_RGB, 24, 640, 480, 640 * 480 * 3),
    TESTPATTERN_RANGE(KSDATAFORMAT_SUBTYPE_RGB24, KS_BI_RGB, 24, 1280, 720, 1280 * 720 * 3),
};

const PKSDATARANGE kPatternRanges[] = {
    const_cast<PKSDATARANGE>(&kRanges[0].DataRange), const_cast<PKSDATARANGE>(&kRanges[1].DataRange),
    const_cast<PKSDATARANGE>(&kRanges[2].DataRange), const_cast<PKSDATARANGE>(&kRanges[3].DataRange),
    const_cast<PKSDATARANGE>(&kRanges[4].DataRange), const_cast<PKSDATARANGE>(&kRanges[5].DataRange),
};

// Replaced per pin by setFraming (one picture of the pin's format).
DECLARE_SIMPLE_FRAMING_EX(kPatternFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY | KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY, 2,
                          FILE_LONG_ALIGNMENT, 320 * 240 * 2, 1280 * 720 * 3);

const GUID kCapturePinCategory = {STATICGUIDOF(PINNAME_CAPTURE)};

const KSPIN_DESCRIPTOR_EX kPatternPins[] = {
    {
        &kPatternPinDispatch,
        &kPatternPinAutomation,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kPatternRanges),
            kPatternRanges,
            KSPIN_DATAFLOW_OUT,
            KSPIN_COMMUNICATION_SINK,
            &kCapturePinCategory,
            nullptr,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_FIXED_FORMAT | KSPIN_FLAG_ENFORCE_FIFO,
        1,  // InstancesPossible: one stream at a time, as a camera
        0,  // InstancesNecessary
        &kPatternFraming,
        patternIntersect,
    },
};

const GUID kPatternCategories[] = {
    {STATICGUIDOF(KSCATEGORY_VIDEO)},
    {STATICGUIDOF(KSCATEGORY_CAPTURE)},
};

const GUID kPatternFilterGuid = {STATICGUIDOF(OPENKS_TESTPATTERN_FILTER)};

DEFINE_KSFILTER_DESCRIPTOR(kPatternFilter){
    nullptr,  // Dispatch: pin-centric
    nullptr,  // AutomationTable
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kPatternFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kPatternPins),
    DEFINE_KSFILTER_CATEGORIES(kPatternCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,  // ComponentId
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kPatternFilters){&kPatternFilter};

const KSDEVICE_DESCRIPTOR kPatternDevice = {nullptr, SIZEOF_ARRAY(kPatternFilters), kPatternFilters,
                                            KSDEVICE_DESCRIPTOR_VERSION, 0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kPatternDevice);
}
