// SPDX-License-Identifier: MIT
// Data formats against data ranges: matching, the default intersection, and KSPROPERTY_PIN_DATAINTERSECTION.
#pragma once

/*
 * A pin describes what it accepts as data ranges (KSDATARANGE and the
 * specifier-specific extensions KSDATARANGE_AUDIO, KS_DATARANGE_VIDEO); a
 * client connects with one concrete data format (KSDATAFORMAT +
 * WAVEFORMATEX(TENSIBLE) / KS_VIDEOINFOHEADER).  This file answers the three
 * questions KS asks about them:
 *
 *   // Does this format fit this range?  (pin creation, PROPOSEDATAFORMAT)
 *   if (!formatMatchesPin(format, formatSize, pinDescriptor)) return STATUS_NO_MATCH;
 *
 *   // Which format would the pin choose from the caller's ranges? (DATAINTERSECTION)
 *   IntersectionRequest request;
 *   NTSTATUS s = parseIntersectionRequest(input, inputLength, &request);
 *   if (NT_SUCCESS(s)) s = pinIntersection(irp, request, pinDescriptor, handler, context, out, outLen, &size);
 *
 * Matching rules (formatMatchesRange):
 *   - MajorFormat, SubFormat and Specifier each equal the range's, or the
 *     range's is GUID_NULL (KSDATAFORMAT_TYPE_WILDCARD and friends).  A
 *     format is concrete: its own GUID_NULL matches only a wildcard.
 *   - The format's FormatSize must be >= 64 and <= the bytes given.
 *   - WAVEFORMATEX specifier against a KSDATARANGE_AUDIO (range FormatSize
 *     >= 88): FormatSize >= 64 + 18 and the WAVEFORMATEX's cbSize fits;
 *     1 <= nChannels <= MaximumChannels (0xFFFFFFFF = unlimited);
 *     wBitsPerSample (the container) a non-zero multiple of 8 inside
 *     [MinimumBitsPerSample, MaximumBitsPerSample]; nSamplesPerSec inside
 *     [MinimumSampleFrequency, MaximumSampleFrequency]; nBlockAlign ==
 *     nChannels * wBitsPerSample / 8; nAvgBytesPerSec == nSamplesPerSec *
 *     nBlockAlign.  WAVE_FORMAT_EXTENSIBLE: cbSize >= 22, FormatSize >= 64 +
 *     40, SubFormat equal to the KSDATAFORMAT's SubFormat (and so to the
 *     range's unless that is a wildcard), 1 <= wValidBitsPerSample <=
 *     wBitsPerSample.  Plain WAVEFORMATEX: the KSDATAFORMAT SubFormat is the
 *     tag's GUID ({tag}-0000-0010-8000-00AA00389B71: PCM for 1, IEEE_FLOAT for 3).
 *   - VIDEOINFO specifier against a KS_DATARANGE_VIDEO (FormatSize >= 296):
 *     FormatSize >= 64 + 88 and bmiHeader.biSize >= 40 fits in it; biWidth,
 *     biHeight, biCompression, biBitCount equal to the range's
 *     VideoInfoHeader.bmiHeader; AvgTimePerFrame inside [MinFrameInterval,
 *     MaxFrameInterval] of ConfigCaps; biSizeImage >= the bytes the picture
 *     needs (DWORD-aligned rows for BI_RGB/BI_BITFIELDS, width * |height| *
 *     bits / 8 for the packed and planar YUV FOURCCs; other FOURCCs are
 *     compressed and unchecked).
 *   - Any other specifier, or a range too short for its specifier's
 *     extension (SPECIFIER_NONE included): the GUID rules alone.
 *
 * Default intersection policy (defaultIntersection), used when a pin has no
 * intersect handler: the GUIDs must be compatible (equal or either side a
 * wildcard; the concrete side wins); then
 *   - audio (WAVEFORMATEX): the highest values both ranges accept: channels
 *     = the smaller MaximumChannels (2 when neither limits it), rate = the
 *     smaller maximum, bits = the highest multiple of 8 both accept, at most
 *     32 unless both ranges require more (IEEE_FLOAT: 32, else 64).  The
 *     result is a KSDATAFORMAT_WAVEFORMATEX (82 bytes) for at most 2
 *     channels of at most 16 bits, else a 104-byte WAVEFORMATEXTENSIBLE
 *     with the standard speaker mask for the channel count and
 *     wValidBitsPerSample = wBitsPerSample.  SampleSize = nBlockAlign.
 *   - video (VIDEOINFO): KS_DATAFORMAT_VIDEOINFOHEADER from the pin range's
 *     VideoInfoHeader (plus any bytes of a longer bmiHeader), its
 *     AvgTimePerFrame clamped into both ranges' frame intervals; SampleSize =
 *     biSizeImage.
 *   - SPECIFIER_NONE or both wildcards: the pin range's 64-byte header with
 *     the wildcards resolved from the caller's and the attribute flags cleared.
 *   - any other specifier: STATUS_NO_MATCH (the pin needs a handler).
 *   The result must match both ranges (formatMatchesRange), else STATUS_NO_MATCH.
 *
 * Every function is pure apart from what a minidriver's intersect handler
 * does; any thread may call them; none keeps a pointer past its return
 * except the views documented below.  Nothing reads outside the bytes given.
 */

#include <openks/driver.h>
#include <openks/ks.h>
#include <openks/ks/audio_format.h>
#include <openks/ks/video.h>

#include <vector>

#include "ks/property_set.h"

namespace openks::ks {

// True for GUID_NULL, the value of every KSDATAFORMAT_*_WILDCARD.
bool isWildcard(const GUID& guid) noexcept;

// The KSDATAFORMAT SubFormat that names WAVEFORMATEX tag `tag`.
GUID waveFormatSubtype(USHORT tag) noexcept;

// True if the format (FormatSize bytes within `formatSize` readable bytes)
// lies inside the range (at most `rangeSize` readable bytes, and at most its
// own FormatSize).  See the file comment for the rules.  Null pointers: false.
[[nodiscard]] bool formatMatchesRange(const KSDATAFORMAT* format, ULONG formatSize, const KSDATARANGE* range,
                                      ULONG rangeSize) noexcept;

// Calls `visit(range, attributes)` for each data range of a pin's
// DataRanges array, skipping the KSATTRIBUTE_LIST that follows a range
// flagged KSDATARANGE_ATTRIBUTES (attributes is that list, or null).  Stops
// early when visit returns false.  Null entries are skipped.
template <typename Visit>
void forEachDataRange(const PKSDATARANGE* ranges, ULONG count, Visit&& visit)
{
    if (ranges == nullptr) {
        return;
    }
    for (ULONG i = 0; i < count; ++i) {
        const KSDATARANGE* range = ranges[i];
        const KSATTRIBUTE_LIST* attributes = nullptr;
        if (range != nullptr && (range->Flags & KSDATARANGE_ATTRIBUTES) != 0 && i + 1 < count) {
            attributes = reinterpret_cast<const KSATTRIBUTE_LIST*>(ranges[++i]);
        }
        if (range != nullptr && !visit(range, attributes)) {
            return;
        }
    }
}

// True if the format matches any of the pin's DataRanges.
[[nodiscard]] bool formatMatchesPin(const KSDATAFORMAT* format, ULONG formatSize,
                                    const KSPIN_DESCRIPTOR& descriptor) noexcept;

// The KSPROPERTY_PIN_DATARANGES answer for a DataRanges array: every range
// (FormatSize bytes) on an 8-byte boundary, each attribute list that follows
// a KSDATARANGE_ATTRIBUTES range as its own entry (a KSMULTIPLE_ITEM of the
// list's KSATTRIBUTEs, each 8-aligned), Count = ranges + lists.
MultipleItemBuilder dataRangesList(const PKSDATARANGE* ranges, ULONG count);

// Picks the format the pin range would produce for the caller's range (see
// the file comment).  Size protocol: outLen 0 -> STATUS_BUFFER_OVERFLOW;
// outLen < the format's size -> STATUS_BUFFER_TOO_SMALL; else the format is
// written.  *size is the format's size in all three cases (0 on
// STATUS_NO_MATCH).  Null ranges or size, or a null out with outLen > 0:
// STATUS_INVALID_PARAMETER.  Both ranges are read up to their FormatSize.
[[nodiscard]] NTSTATUS defaultIntersection(const KSDATARANGE* callerRange, const KSDATARANGE* pinRange, void* out,
                                           ULONG outLen, ULONG* size);

// A parsed KSPROPERTY_PIN_DATAINTERSECTION input: the KSP_PIN and the
// caller's ranges in order, each with the attribute list that followed it
// (or null).  Pointers borrow the parsed input buffer.
struct IntersectionRequest {
    const KSP_PIN* pin = nullptr;
    struct Range {
        const KSDATARANGE* range;
        const KSMULTIPLE_ITEM* attributes;
    };
    std::vector<Range> ranges;
};

// Validates a DATAINTERSECTION input without reading past inputLength:
// KSP_PIN, then a KSMULTIPLE_ITEM {Size, Count} whose Size covers itself and
// fits in the input, then Count items, each starting on an 8-byte boundary:
// KSDATARANGEs with FormatSize >= 64 that fit inside Size, and after each
// range flagged KSDATARANGE_ATTRIBUTES its attribute list (a KSMULTIPLE_ITEM
// of Size >= 8, counted in Count).
//   input null or inputLength < sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM):
//     STATUS_BUFFER_TOO_SMALL (the item's MinProperty);
//   input not 8-byte aligned: STATUS_DATATYPE_MISALIGNMENT (the engine
//     aligns it before a handler sees it);
//   any inconsistency (sizes, counts, a range missing its attribute list):
//     STATUS_INVALID_PARAMETER.
// An empty list (Count 0) is valid; it intersects with nothing.
[[nodiscard]] NTSTATUS parseIntersectionRequest(const void* input, ULONG inputLength, IntersectionRequest* out);

// True if the two ranges' Major/Sub/Specifier GUIDs are each equal or either is a wildcard.
[[nodiscard]] bool rangesCompatible(const KSDATARANGE& a, const KSDATARANGE& b) noexcept;

// KSPROPERTY_PIN_DATAINTERSECTION for one pin: for each caller range in
// order, for each compatible range of the pin's DataRanges in order, calls
// `handler` (the minidriver's AVStrMiniIntersectHandlerEx; DataBufferSize =
// outLen) or, with no handler, defaultIntersection().  The first answer other
// than STATUS_NO_MATCH is returned (STATUS_SUCCESS with *size bytes written,
// STATUS_BUFFER_OVERFLOW / STATUS_BUFFER_TOO_SMALL with *size = the size
// needed, or an error); none -> STATUS_NO_MATCH (item 42).  The handler is
// called with no lock held.  Sets Irp->IoStatus.Information = *size for
// the success and size statuses, 0 otherwise.
[[nodiscard]] NTSTATUS pinIntersection(PIRP irp, const IntersectionRequest& request, const KSPIN_DESCRIPTOR& descriptor,
                                       PFNKSINTERSECTHANDLEREX handler, PVOID context, void* out, ULONG outLen,
                                       ULONG* size);

}  // namespace openks::ks
