// SPDX-License-Identifier: MIT
// Pin-create parsing: object class names, KSPIN_CONNECT + KSDATAFORMAT (+ attributes) validation, pin checks.
#include "ks/connect.h"

#include <cstring>

#include "ks/intersection.h"
#include "ks/property_set.h"

namespace openks::ks {
namespace {

constexpr size_t kClassChars = 38;  // "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"

struct KnownClass {
    KsObjectClass objectClass;
    char text[kClassChars + 1];
};

// The KSSTRING_* object class names (the KSNAME_* GUIDs in brace form).
constexpr KnownClass kClasses[] = {
    {KsObjectClass::kPin, "{146F1A80-4791-11D0-A5D6-28DB04C10000}"},
    {KsObjectClass::kClock, "{53172480-4791-11D0-A5D6-28DB04C10000}"},
    {KsObjectClass::kAllocator, "{642F5D00-4791-11D0-A5D6-28DB04C10000}"},
    {KsObjectClass::kTopologyNode, "{0621061A-EE75-11D0-B915-00A0C9223196}"},
};

char16_t charAt(const std::byte* name, size_t index)
{
    char16_t c;
    std::memcpy(&c, name + index * sizeof(char16_t), sizeof(c));
    return c;
}

char16_t upper(char16_t c)
{
    return (c >= u'a' && c <= u'z') ? char16_t(c - u'a' + u'A') : c;
}

bool classIs(const std::byte* name, size_t first, const KnownClass& known)
{
    for (size_t i = 0; i < kClassChars; ++i) {
        if (upper(charAt(name, first + i)) != char16_t(known.text[i])) {
            return false;
        }
    }
    return true;
}

template <typename T>
T loadAt(const std::byte* base, size_t offset)
{
    T value;
    std::memcpy(&value, base + offset, sizeof(T));
    return value;
}

bool sameIdentifier(const KSIDENTIFIER& a, const KSIDENTIFIER& b)
{
    return IsEqualGUID(a.Set, b.Set) && a.Id == b.Id;
}

// Validates the KSDATAFORMAT at `offset` of `bytes` (length `length`); returns its end.
NTSTATUS checkFormat(const std::byte* bytes, size_t length, size_t offset, KSDATAFORMAT* header)
{
    *header = loadAt<KSDATAFORMAT>(bytes, offset);
    if (header->FormatSize < sizeof(KSDATAFORMAT) || header->FormatSize > length - offset) {
        return STATUS_INVALID_PARAMETER;
    }
    if (IsEqualGUID(header->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        if (header->FormatSize < sizeof(KSDATAFORMAT) + sizeof(WAVEFORMATEX)) {
            return STATUS_INVALID_PARAMETER;
        }
        const auto wave = loadAt<WAVEFORMATEX>(bytes, offset + sizeof(KSDATAFORMAT));
        if (sizeof(KSDATAFORMAT) + sizeof(WAVEFORMATEX) + size_t(wave.cbSize) > header->FormatSize) {
            return STATUS_INVALID_PARAMETER;
        }
    } else if (IsEqualGUID(header->Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO)) {
        if (header->FormatSize < sizeof(KSDATAFORMAT) + sizeof(KS_VIDEOINFOHEADER)) {
            return STATUS_INVALID_PARAMETER;
        }
        constexpr size_t kBmi = sizeof(KSDATAFORMAT) + offsetof(KS_VIDEOINFOHEADER, bmiHeader);
        const auto bmi = loadAt<KS_BITMAPINFOHEADER>(bytes, offset + kBmi);
        if (bmi.biSize < sizeof(KS_BITMAPINFOHEADER) || kBmi + size_t(bmi.biSize) > header->FormatSize) {
            return STATUS_INVALID_PARAMETER;
        }
    }
    return STATUS_SUCCESS;
}

// Validates the attribute list at `offset` (a KSMULTIPLE_ITEM of 8-aligned KSATTRIBUTEs).
NTSTATUS checkAttributes(const std::byte* bytes, size_t length, size_t offset)
{
    if (offset > length || length - offset < sizeof(KSMULTIPLE_ITEM)) {
        return STATUS_INVALID_PARAMETER;
    }
    const auto list = loadAt<KSMULTIPLE_ITEM>(bytes, offset);
    if (list.Size < sizeof(KSMULTIPLE_ITEM) || list.Size > length - offset) {
        return STATUS_INVALID_PARAMETER;
    }
    ULONGLONG at = sizeof(KSMULTIPLE_ITEM);
    for (ULONG i = 0; i < list.Count; ++i) {
        at = alignUp8(at);
        if (at + sizeof(KSATTRIBUTE) > list.Size) {
            return STATUS_INVALID_PARAMETER;
        }
        const auto attribute = loadAt<KSATTRIBUTE>(bytes, offset + size_t(at));
        if (attribute.Size < sizeof(KSATTRIBUTE) || at + attribute.Size > list.Size) {
            return STATUS_INVALID_PARAMETER;
        }
        at += attribute.Size;
    }
    return STATUS_SUCCESS;
}

}  // namespace

NTSTATUS parseObjectClass(const void* name, size_t length, ObjectClassName* out)
{
    *out = ObjectClassName{};
    if (name == nullptr && length != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    const auto* bytes = static_cast<const std::byte*>(name);
    const size_t chars = length / sizeof(char16_t);
    size_t first = 0;
    if (chars > 0 && charAt(bytes, 0) == u'\\') {
        first = 1;
    }
    if (chars < first + kClassChars) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    const KnownClass* match = nullptr;
    for (const KnownClass& known : kClasses) {
        if (classIs(bytes, first, known)) {
            match = &known;
            break;
        }
    }
    if (match == nullptr) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    size_t end = (first + kClassChars) * sizeof(char16_t);
    if (end < length) {
        // Anything after the class must start with the separator.
        if (length - end < sizeof(char16_t) || charAt(bytes, first + kClassChars) != u'\\') {
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        end += sizeof(char16_t);
    }
    out->objectClass = match->objectClass;
    out->parameters = bytes + end;
    out->parametersLength = length - end;
    return STATUS_SUCCESS;
}

NTSTATUS parsePinConnect(const void* parameters, size_t length, ConnectView* out)
{
    *out = ConnectView{};
    constexpr size_t kFormatOffset = sizeof(KSPIN_CONNECT);
    if (parameters == nullptr || length < kFormatOffset + sizeof(KSDATAFORMAT) || length > 0xFFFFFFFFu) {
        return STATUS_INVALID_PARAMETER;
    }
    const auto* bytes = static_cast<const std::byte*>(parameters);
    KSDATAFORMAT header;
    NTSTATUS status = checkFormat(bytes, length, kFormatOffset, &header);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    size_t used = kFormatOffset + header.FormatSize;
    size_t attributesOffset = 0;
    if ((header.Flags & KSDATAFORMAT_ATTRIBUTES) != 0) {
        attributesOffset = size_t(alignUp8(used));
        status = checkAttributes(bytes, length, attributesOffset);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        used = attributesOffset + loadAt<KSMULTIPLE_ITEM>(bytes, attributesOffset).Size;
    }

    ConnectView view;
    view.storage.assign(size_t(alignUp8(used) / 8), 0);
    std::memcpy(view.storage.data(), bytes, used);
    const auto* copy = reinterpret_cast<const std::byte*>(view.storage.data());
    view.connect = reinterpret_cast<const KSPIN_CONNECT*>(copy);
    view.format = reinterpret_cast<const KSDATAFORMAT*>(copy + kFormatOffset);
    view.formatSize = header.FormatSize;
    view.attributes =
        attributesOffset != 0 ? reinterpret_cast<const KSMULTIPLE_ITEM*>(copy + attributesOffset) : nullptr;
    *out = std::move(view);
    return STATUS_SUCCESS;
}

NTSTATUS parseConnect(const void* bytes, size_t len, ConnectView* out)
{
    *out = ConnectView{};
    ObjectClassName name;
    const NTSTATUS status = parseObjectClass(bytes, len, &name);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (name.objectClass != KsObjectClass::kPin) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    return parsePinConnect(name.parameters, name.parametersLength, out);
}

NTSTATUS validateInterfaceAndMedium(const KSPIN_CONNECT& connect, const KSPIN_DESCRIPTOR& pin)
{
    bool interfaceOk = false;
    if (pin.InterfacesCount == 0 || pin.Interfaces == nullptr) {
        interfaceOk = sameIdentifier(connect.Interface, standardPinInterface());
    } else {
        for (ULONG i = 0; i < pin.InterfacesCount && !interfaceOk; ++i) {
            interfaceOk = sameIdentifier(connect.Interface, pin.Interfaces[i]);
        }
    }
    bool mediumOk = false;
    if (pin.MediumsCount == 0 || pin.Mediums == nullptr) {
        mediumOk = sameIdentifier(connect.Medium, standardPinMedium());
    } else {
        for (ULONG i = 0; i < pin.MediumsCount && !mediumOk; ++i) {
            mediumOk = sameIdentifier(connect.Medium, pin.Mediums[i]);
        }
    }
    return interfaceOk && mediumOk ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

NTSTATUS validateConnectToPin(const ConnectView& view, const KSPIN_DESCRIPTOR* descriptors, ULONG count,
                              ULONG descriptorSize)
{
    if (view.connect == nullptr || view.format == nullptr || descriptors == nullptr ||
        descriptorSize < sizeof(KSPIN_DESCRIPTOR)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (view.connect->PinId >= count) {
        return STATUS_INVALID_PARAMETER;
    }
    const auto* pin = reinterpret_cast<const KSPIN_DESCRIPTOR*>(reinterpret_cast<const std::byte*>(descriptors) +
                                                                size_t(view.connect->PinId) * descriptorSize);
    const NTSTATUS status = validateInterfaceAndMedium(*view.connect, *pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return formatMatchesPin(view.format, view.formatSize, *pin) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

}  // namespace openks::ks
