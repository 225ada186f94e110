// SPDX-License-Identifier: MIT
// openks::Filter: opening a device path and the KSPROPSETID_Pin helpers.
#include <openks/client/filter.h>

#include <cstring>

#include "client/transport.h"
#include "io/strings.h"

namespace openks {

Result<Filter> Filter::open(std::string_view path)
{
    HANDLE handle = nullptr;
    NTSTATUS status = client::transport().createFile(io::widen(path), GENERIC_READ | GENERIC_WRITE, false, &handle);
    if (!NT_SUCCESS(status)) return make_ntstatus_error(status);
    return Filter(handle);
}

Result<std::vector<std::byte>> Filter::getPinBytes(ULONG pinId, ULONG id) const
{
    KSP_PIN request = pinRequest(pinId, id);
    return getBytes(&request, sizeof(request));
}

Result<std::vector<std::byte>> Filter::intersect(ULONG pinId, std::span<const KSDATARANGE* const> ranges) const
{
    // KSP_PIN, then a KSMULTIPLE_ITEM of the ranges, each starting 8-byte aligned.
    size_t size = sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM);
    for (const KSDATARANGE* range : ranges) {
        if (range == nullptr || range->FormatSize < sizeof(KSDATARANGE)) {
            return make_ntstatus_error(STATUS_INVALID_PARAMETER);
        }
        size = (size + 7) & ~size_t{7};
        size += range->FormatSize;
    }
    if (size > 0xFFFFFFFFu) return make_ntstatus_error(STATUS_INVALID_PARAMETER);
    std::vector<std::byte> request(size);
    KSP_PIN pin = pinRequest(pinId, KSPROPERTY_PIN_DATAINTERSECTION);
    std::memcpy(request.data(), &pin, sizeof(pin));
    KSMULTIPLE_ITEM header{static_cast<ULONG>(size - sizeof(KSP_PIN)), static_cast<ULONG>(ranges.size())};
    std::memcpy(request.data() + sizeof(KSP_PIN), &header, sizeof(header));
    size_t offset = sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM);
    for (const KSDATARANGE* range : ranges) {
        offset = (offset + 7) & ~size_t{7};
        std::memcpy(request.data() + offset, range, range->FormatSize);
        offset += range->FormatSize;
    }
    return getBytes(request.data(), static_cast<ULONG>(request.size()));
}

}  // namespace openks
