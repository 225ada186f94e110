// SPDX-License-Identifier: MIT
// Matching a pin's connection format against its data ranges and offering it to the minidriver's SetDataFormat.
#include "avstream/pin_format.h"

#include "ks/intersection.h"

namespace openks::avstream {

bool formatMatchesDescriptor(const KSPIN_DESCRIPTOR_EX* descriptor, const KSDATAFORMAT* format, ULONG formatSize)
{
    bool found = false;
    ks::forEachDataRange(descriptor->PinDescriptor.DataRanges, descriptor->PinDescriptor.DataRangesCount,
                         [&](const KSDATARANGE* range, const KSATTRIBUTE_LIST*) {
                             found = ks::formatMatchesRange(format, formatSize, range, range->FormatSize);
                             return !found;
                         });
    return found;
}

NTSTATUS offerFormat(PKSPIN pin, PKSDATAFORMAT oldFormat, PKSMULTIPLE_ITEM oldAttributes)
{
    const KSPIN_DESCRIPTOR_EX* descriptor = pin->Descriptor;
    const KSDATAFORMAT* format = pin->ConnectionFormat;
    PFNKSPINSETDATAFORMAT setDataFormat =
        descriptor->Dispatch == nullptr ? nullptr : descriptor->Dispatch->SetDataFormat;
    NTSTATUS result = STATUS_NO_MATCH;
    ks::forEachDataRange(descriptor->PinDescriptor.DataRanges, descriptor->PinDescriptor.DataRangesCount,
                         [&](const KSDATARANGE* range, const KSATTRIBUTE_LIST* attributes) {
                             if (!ks::formatMatchesRange(format, format->FormatSize, range, range->FormatSize)) {
                                 return true;
                             }
                             result = setDataFormat == nullptr
                                          ? STATUS_SUCCESS
                                          : setDataFormat(pin, oldFormat, oldAttributes, range, attributes);
                             return result == STATUS_NO_MATCH;
                         });
    return result;
}

}  // namespace openks::avstream
