// SPDX-License-Identifier: MIT
// libFuzzer harness for pin-create parsing: any file name gets a documented status and a self-consistent view.
//
// Input: the bytes of a create request's FileName ("[\]{class}\" + binary).
// They are copied into a heap block of exactly their size, so under ASan a
// read past them is reported.  The same bytes are also parsed as the bare
// binary part, and every accepted format is matched and intersected against
// a fixed two-pin filter (audio and video ranges), which runs the range
// readers over untrusted data too.  Any violated invariant aborts.
//
// Seeds (corpus/connect): PortAudio's 154- and 176-byte audio creates,
// GStreamer's 224-byte YUY2 create, a create with an attribute list, clock
// and allocator names, and truncated or overrun variants of them.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "ks/connect.h"
#include "ks/intersection.h"

namespace {

using namespace openks::ks;

void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "connect_fuzz: invariant violated: %s\n", what);
        std::abort();
    }
}

bool aligned8(const void* p)
{
    return (reinterpret_cast<std::uintptr_t>(p) & 7) == 0;
}

// The filter every accepted create is checked against.
struct Filter {
    KSDATARANGE_AUDIO audio{};
    KS_DATARANGE_VIDEO video{};
    KSDATARANGE any{};
    PKSDATARANGE audioRanges[2] = {};
    PKSDATARANGE videoRanges[1] = {};
    KSPIN_DESCRIPTOR pins[2] = {};

    Filter()
    {
        audio.DataRange.FormatSize = sizeof(audio);
        audio.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
        audio.DataRange.SubFormat = GUID_NULL;
        audio.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
        audio.MaximumChannels = 8;
        audio.MinimumBitsPerSample = 8;
        audio.MaximumBitsPerSample = 32;
        audio.MinimumSampleFrequency = 8000;
        audio.MaximumSampleFrequency = 192000;
        any.FormatSize = sizeof(any);
        audioRanges[0] = &audio.DataRange;
        audioRanges[1] = &any;

        video.DataRange.FormatSize = sizeof(video);
        video.DataRange.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
        video.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_YUY2;
        video.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_VIDEOINFO;
        video.ConfigCaps.MinFrameInterval = 333333;
        video.ConfigCaps.MaxFrameInterval = 666666;
        KS_BITMAPINFOHEADER& bmi = video.VideoInfoHeader.bmiHeader;
        bmi.biSize = sizeof(KS_BITMAPINFOHEADER);
        bmi.biWidth = 640;
        bmi.biHeight = 480;
        bmi.biBitCount = 16;
        bmi.biCompression = 0x32595559;  // YUY2
        bmi.biSizeImage = 640 * 480 * 2;
        video.VideoInfoHeader.AvgTimePerFrame = 333333;
        videoRanges[0] = &video.DataRange;

        pins[0].DataRangesCount = 2;
        pins[0].DataRanges = audioRanges;
        pins[1].DataRangesCount = 1;
        pins[1].DataRanges = videoRanges;
    }
};

const Filter& filter()
{
    static const Filter f;
    return f;
}

// Re-derives the view's promises and reads every byte it covers.
void checkView(const ConnectView& view, size_t parametersLength)
{
    check(view.connect != nullptr && view.format != nullptr, "view is filled");
    check(aligned8(view.connect) && aligned8(view.format), "view is aligned");
    check(reinterpret_cast<const std::byte*>(view.format) == reinterpret_cast<const std::byte*>(view.connect) + 72,
          "format follows KSPIN_CONNECT");
    check(view.formatSize == view.format->FormatSize && view.formatSize >= sizeof(KSDATAFORMAT), "format size");
    check(72 + size_t(view.formatSize) <= parametersLength, "format inside the bytes");
    const size_t storageBytes = view.storage.size() * sizeof(std::uint64_t);
    check(72 + size_t(view.formatSize) <= storageBytes, "format inside the copy");
    unsigned sum = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(view.format);
    for (ULONG i = 0; i < view.formatSize; ++i) {
        sum += bytes[i];
    }
    if (IsEqualGUID(view.format->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        WAVEFORMATEX wave;
        check(view.formatSize >= sizeof(KSDATAFORMAT) + sizeof(wave), "wave format present");
        std::memcpy(&wave, bytes + sizeof(KSDATAFORMAT), sizeof(wave));
        check(sizeof(KSDATAFORMAT) + sizeof(wave) + wave.cbSize <= view.formatSize, "cbSize fits");
    }
    if (view.attributes != nullptr) {
        check((view.format->Flags & KSDATAFORMAT_ATTRIBUTES) != 0, "attributes only when flagged");
        check(aligned8(view.attributes), "attributes aligned");
        const auto* list = reinterpret_cast<const unsigned char*>(view.attributes);
        check(
            size_t(list - reinterpret_cast<const unsigned char*>(view.connect)) + view.attributes->Size <= storageBytes,
            "attributes inside the copy");
        for (ULONG i = 0; i < view.attributes->Size; ++i) {
            sum += list[i];
        }
    } else {
        check((view.format->Flags & KSDATAFORMAT_ATTRIBUTES) == 0, "flagged formats carry attributes");
    }
    (void)sum;

    // Matching, validation and intersection over the untrusted format.
    const Filter& f = filter();
    for (const KSPIN_DESCRIPTOR& pin : f.pins) {
        (void)formatMatchesPin(view.format, view.formatSize, pin);
        const NTSTATUS s = validateInterfaceAndMedium(*view.connect, pin);
        check(s == STATUS_SUCCESS || s == STATUS_NO_MATCH, "interface/medium status");
    }
    const NTSTATUS s = validateConnectToPin(view, f.pins, 2, sizeof(KSPIN_DESCRIPTOR));
    check(s == STATUS_SUCCESS || s == STATUS_NO_MATCH || s == STATUS_INVALID_PARAMETER, "pin validation status");

    // The format read as a caller's range.
    const auto* asRange = reinterpret_cast<const KSDATARANGE*>(view.format);
    for (const PKSDATARANGE pinRange : {f.audioRanges[0], f.audioRanges[1], f.videoRanges[0]}) {
        alignas(8) unsigned char out[512];
        ULONG size = 0;
        const NTSTATUS is = defaultIntersection(asRange, pinRange, out, sizeof(out), &size);
        check(is == STATUS_SUCCESS || is == STATUS_NO_MATCH || is == STATUS_BUFFER_TOO_SMALL, "intersection status");
        if (is == STATUS_SUCCESS) {
            const auto* produced = reinterpret_cast<const KSDATAFORMAT*>(out);
            check(size == produced->FormatSize && size <= sizeof(out), "produced size");
            check(formatMatchesRange(produced, size, pinRange, pinRange->FormatSize), "produced format fits the pin");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::unique_ptr<std::byte[]> name(new std::byte[size == 0 ? 1 : size]);
    if (size != 0) {
        std::memcpy(name.get(), data, size);
    }

    ObjectClassName objectClass;
    const NTSTATUS classStatus = parseObjectClass(name.get(), size, &objectClass);
    check(classStatus == STATUS_SUCCESS || classStatus == STATUS_OBJECT_NAME_NOT_FOUND, "class status");
    if (NT_SUCCESS(classStatus)) {
        check(objectClass.parameters >= name.get() &&
                  objectClass.parameters + objectClass.parametersLength == name.get() + size,
              "parameters are the tail of the name");
    }

    ConnectView view;
    const NTSTATUS status = parseConnect(name.get(), size, &view);
    check(status == STATUS_SUCCESS || status == STATUS_INVALID_PARAMETER || status == STATUS_OBJECT_NAME_NOT_FOUND,
          "connect status");
    if (NT_SUCCESS(status)) {
        check(NT_SUCCESS(classStatus) && objectClass.objectClass == KsObjectClass::kPin, "only pins connect");
        checkView(view, objectClass.parametersLength);
    } else {
        check(view.connect == nullptr && view.storage.empty(), "nothing partial on failure");
    }

    // The same bytes as a bare binary create (the kernel-side KsCreatePin path).
    ConnectView bare;
    const NTSTATUS bareStatus = parsePinConnect(name.get(), size, &bare);
    check(bareStatus == STATUS_SUCCESS || bareStatus == STATUS_INVALID_PARAMETER, "binary status");
    if (NT_SUCCESS(bareStatus)) {
        checkView(bare, size);
    }
    return 0;
}
