// SPDX-License-Identifier: MIT
// Pin-create parsing: the object class string and the binary KSPIN_CONNECT + KSDATAFORMAT of a create request.
#pragma once

/*
 * KsCreatePin opens a pin as a file relative to its filter; the file name
 * carries the request (ks-spec §8.1, clients.md §1.3):
 *
 *   [\]{146F1A80-4791-11D0-A5D6-28DB04C10000}\<KSPIN_CONNECT><KSDATAFORMAT...>[pad][attributes]
 *
 * The same "{class}\<parameters>" form creates clocks, allocators and
 * topology nodes.  parseObjectClass() names the class, and parseConnect()
 * validates a pin create completely:
 *
 *   ConnectView view;
 *   NTSTATUS s = parseConnect(file->FileName.Buffer, file->FileName.Length, &view);
 *   if (!NT_SUCCESS(s)) return s;                          // STATUS_INVALID_PARAMETER -> error 87
 *   s = validateConnectToPin(view, descriptors, count, sizeof(KSPIN_DESCRIPTOR_EX));
 *   if (!NT_SUCCESS(s)) return s;                          // STATUS_NO_MATCH -> error 1169
 *   createPin(view.connect->PinId, view.format, view.formatSize, view.attributes);
 *
 * Validation (every failure is a status; nothing is read outside the bytes):
 *   - The class string is one of KSSTRING_Pin, KSSTRING_Clock,
 *     KSSTRING_Allocator, KSSTRING_TopologyNode, compared case-insensitively
 *     as UTF-16, optionally preceded by one '\', and followed by '\' (or by
 *     nothing).  Anything else: STATUS_OBJECT_NAME_NOT_FOUND (no such
 *     create item); parseConnect on another class: STATUS_OBJECT_NAME_NOT_FOUND too.
 *   - Fewer than sizeof(KSPIN_CONNECT) + sizeof(KSDATAFORMAT) (72 + 64)
 *     parameter bytes: STATUS_INVALID_PARAMETER.  Windows documents no
 *     specific status for KsValidateConnectRequest ("STATUS_SUCCESS or an
 *     error"); KsCreatePin callers must see ERROR_INVALID_PARAMETER (87) for
 *     a malformed request (clients.md §1.7), which is this status.
 *   - FormatSize < 64 or past the end of the bytes: STATUS_INVALID_PARAMETER.
 *   - WAVEFORMATEX specifier: FormatSize >= 64 + 18 and 64 + 18 + cbSize <=
 *     FormatSize, else STATUS_INVALID_PARAMETER.  VIDEOINFO specifier:
 *     FormatSize >= 64 + 88 and the bitmap header (biSize >= 40) inside it,
 *     else STATUS_INVALID_PARAMETER.
 *   - KSDATAFORMAT_ATTRIBUTES in Flags: a KSMULTIPLE_ITEM of KSATTRIBUTEs
 *     follows the format at the next 8-byte boundary; its Size must cover
 *     itself and fit in the bytes, and its Count attributes (each Size >= 24,
 *     each starting 8-aligned) must fit inside it; else STATUS_INVALID_PARAMETER.
 *   - Tolerated: KSDATAFORMAT.Reserved != 0 (Windows' documented checks are
 *     the GUIDs, communication, medium and interface; every known client
 *     zeroes it, and rejecting it would only turn a working open into error
 *     87), bytes after the format (or its attributes), and any Priority.
 *
 * The view owns an 8-byte-aligned copy of the parameter bytes: a file name
 * puts KSPIN_CONNECT at an odd offset (78 or 80 bytes in), and a copy also
 * keeps a caller from changing the request after it was validated.
 *
 * Threads: pure functions; any thread.  A view is used by one thread at a time.
 */

#include <openks/driver.h>
#include <openks/ks.h>
#include <openks/ks/audio_format.h>
#include <openks/ks/video.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace openks::ks {

// The KS object classes a create request can name.
enum class KsObjectClass {
    kPin,           // KSSTRING_Pin
    kClock,         // KSSTRING_Clock
    kAllocator,     // KSSTRING_Allocator
    kTopologyNode,  // KSSTRING_TopologyNode
};

// A parsed "{class}\<parameters>" name.  `parameters` borrows the name bytes
// (possibly misaligned); parametersLength may be 0.
struct ObjectClassName {
    KsObjectClass objectClass = KsObjectClass::kPin;
    const std::byte* parameters = nullptr;
    size_t parametersLength = 0;
};

// Splits a create file name (UTF-16 bytes, `length` bytes) into its class and
// parameters.  STATUS_OBJECT_NAME_NOT_FOUND for a name that is not one of the
// four classes; STATUS_INVALID_PARAMETER for a null name with a length.
[[nodiscard]] NTSTATUS parseObjectClass(const void* name, size_t length, ObjectClassName* out);

// A validated pin create.  Move-only: the pointers point into `storage`.
struct ConnectView {
    ConnectView() = default;
    ConnectView(const ConnectView&) = delete;
    ConnectView& operator=(const ConnectView&) = delete;
    ConnectView(ConnectView&&) noexcept = default;
    ConnectView& operator=(ConnectView&&) noexcept = default;

    const KSPIN_CONNECT* connect = nullptr;       // aligned
    const KSDATAFORMAT* format = nullptr;         // aligned, formatSize bytes
    ULONG formatSize = 0;                         // == format->FormatSize
    const KSMULTIPLE_ITEM* attributes = nullptr;  // the KSATTRIBUTE list, or null
    std::vector<std::uint64_t> storage;           // the aligned copy the pointers point into
};

// Validates the binary part of a pin create (KSPIN_CONNECT, KSDATAFORMAT,
// optional attributes; see the file comment) and copies it into `out`.
// On failure `out` is left empty.
[[nodiscard]] NTSTATUS parsePinConnect(const void* parameters, size_t length, ConnectView* out);

// parseObjectClass() + parsePinConnect() for a whole pin-create file name.
[[nodiscard]] NTSTATUS parseConnect(const void* bytes, size_t len, ConnectView* out);

// The interface and medium a pin that lists none accepts (ks-spec §8.1).
inline KSPIN_INTERFACE standardPinInterface()
{
    KSPIN_INTERFACE id{};
    id.Set = KSINTERFACESETID_Standard;
    id.Id = KSINTERFACE_STANDARD_STREAMING;
    id.Flags = 0;
    return id;
}

inline KSPIN_MEDIUM standardPinMedium()
{
    KSPIN_MEDIUM id{};
    id.Set = KSMEDIUMSETID_Standard;
    id.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    id.Flags = 0;
    return id;
}

// STATUS_NO_MATCH unless the requested Interface is in the pin's Interfaces
// and the requested Medium in its Mediums (Set and Id compared; an empty
// list means the standard one), else STATUS_SUCCESS (item 49).
[[nodiscard]] NTSTATUS validateInterfaceAndMedium(const KSPIN_CONNECT& connect, const KSPIN_DESCRIPTOR& pin);

// A create checked against a filter's pins (descriptors of `descriptorSize`
// bytes, e.g. the PinDescriptor of a KSPIN_DESCRIPTOR_EX array):
// PinId >= count -> STATUS_INVALID_PARAMETER (item 49); interface or medium
// not offered -> STATUS_NO_MATCH; a format that matches none of the pin's
// DataRanges -> STATUS_NO_MATCH; a descriptorSize below sizeof(KSPIN_DESCRIPTOR)
// or null descriptors -> STATUS_INVALID_PARAMETER.  Instance limits are the
// caller's (they need the filter's state).
[[nodiscard]] NTSTATUS validateConnectToPin(const ConnectView& view, const KSPIN_DESCRIPTOR* descriptors, ULONG count,
                                            ULONG descriptorSize);

}  // namespace openks::ks
