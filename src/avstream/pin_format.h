// SPDX-License-Identifier: MIT
// Matching a pin's connection format against its data ranges and offering it to the minidriver's SetDataFormat.
#pragma once

#include <openks/driver.h>

namespace openks::avstream {

// True if `format` (`formatSize` bytes) matches one of the pin's DataRanges
// by ks/intersection's default rules (ranges with specifiers those rules do
// not know are matched on their GUIDs).  Any thread.
bool formatMatchesDescriptor(const KSPIN_DESCRIPTOR_EX* descriptor, const KSDATAFORMAT* format, ULONG formatSize);

// Offers the pin's ConnectionFormat (already the new one) to its
// SetDataFormat dispatch with each matching range in order, as AVStream
// does: STATUS_NO_MATCH from the minidriver moves on to the next range, any
// other status ends the search.  `oldFormat` / `oldAttributes` are NULL at
// creation.  Returns STATUS_SUCCESS when the pin has no SetDataFormat and a
// range matches, STATUS_NO_MATCH when no range is accepted.  The caller
// holds the filter control mutex (the DDI's rule for SetDataFormat).
NTSTATUS offerFormat(PKSPIN pin, PKSDATAFORMAT oldFormat, PKSMULTIPLE_ITEM oldAttributes);

}  // namespace openks::avstream
