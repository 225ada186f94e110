/* openks: C++ only */
// SPDX-License-Identifier: MIT
// openks::Filter: an open KS filter, with its KSPROPSETID_Pin queries.
#pragma once

// A filter is what a device path opens.  It answers KSPROPSETID_Pin for its
// pin factories and creates pins (openks::Pin::create).
//
//   openks::Result<openks::Filter> filter = openks::Filter::open(device.path);
//   if (!filter) return filter.error();
//   ULONG pins = filter->get<ULONG>(KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES).value_or(0);
//   auto flow = filter->getPin<KSPIN_DATAFLOW>(0, KSPROPERTY_PIN_DATAFLOW);
//   auto ranges = filter->getPinBytes(0, KSPROPERTY_PIN_DATARANGES);   // KSMULTIPLE_ITEM + ranges
//
// Threads: as openks::Object.

#include <openks/client/object.h>
#include <openks/client/result.h>
#include <openks/ks.h>

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace openks {

class Filter : public Object {
public:
    Filter() = default;
    explicit Filter(HANDLE handle) noexcept : Object(handle) {}

    // Opens a device path (as listed by openks::listDevices or SetupDi) for
    // reading and writing, overlapped.  Errors: STATUS_OBJECT_NAME_NOT_FOUND
    // for an unknown path, or the driver's create status.
    static Result<Filter> open(std::string_view path);

    // GET of a KSPROPSETID_Pin property of pin factory `pinId` (a KSP_PIN request).
    template <class T>
    Result<T> getPin(ULONG pinId, ULONG id) const
    {
        KSP_PIN request = pinRequest(pinId, id);
        return getWith<T>(&request, sizeof(request));
    }

    // Variable-size KSPROPSETID_Pin property of pin factory `pinId` (DATARANGES, NAME, ...), probed then fetched.
    Result<std::vector<std::byte>> getPinBytes(ULONG pinId, ULONG id) const;

    // KSPROPERTY_PIN_DATAINTERSECTION: the format the pin picks for the first of `ranges` it
    // supports.  `ranges` are complete KSDATARANGEs (FormatSize bytes each);
    // they are packed 8-byte aligned behind a KSMULTIPLE_ITEM.  STATUS_NO_MATCH when none fits.
    Result<std::vector<std::byte>> intersect(ULONG pinId, std::span<const KSDATARANGE* const> ranges) const;

    static KSP_PIN pinRequest(ULONG pinId, ULONG id) noexcept
    {
        KSP_PIN request{};
        request.Property = makeProperty(KSPROPSETID_Pin, id, KSPROPERTY_TYPE_GET);
        request.PinId = pinId;
        return request;
    }
};

}  // namespace openks
