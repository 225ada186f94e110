// SPDX-License-Identifier: MIT
// Run-time library strings: UNICODE_STRING, case folding, UTF conversion and GUID text.
#include <cstring>

#include "io/strings.h"

namespace openks::io {
namespace {

constexpr char16_t kReplacement = 0xfffd;

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9') return c - u'0';
    if (c >= u'a' && c <= u'f') return c - u'a' + 10;
    if (c >= u'A' && c <= u'F') return c - u'A' + 10;
    return -1;
}

bool parseHex(std::u16string_view text, size_t at, size_t digits, uint64_t* value)
{
    uint64_t result = 0;
    for (size_t i = 0; i < digits; ++i) {
        int digit = hexValue(text[at + i]);
        if (digit < 0) return false;
        result = (result << 4) | static_cast<uint64_t>(digit);
    }
    *value = result;
    return true;
}

void appendHex(std::u16string& out, uint64_t value, int digits, bool upperCase)
{
    const char* alphabet = upperCase ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.push_back(alphabet[(value >> shift) & 0xf]);
}

}  // namespace

std::u16string widen(std::string_view utf8)
{
    std::u16string out;
    out.reserve(utf8.size());
    size_t i = 0;
    while (i < utf8.size()) {
        auto byte = static_cast<unsigned char>(utf8[i]);
        char32_t code;
        size_t extra;
        if (byte < 0x80) {
            code = byte;
            extra = 0;
        } else if ((byte & 0xe0) == 0xc0) {
            code = byte & 0x1f;
            extra = 1;
        } else if ((byte & 0xf0) == 0xe0) {
            code = byte & 0x0f;
            extra = 2;
        } else if ((byte & 0xf8) == 0xf0) {
            code = byte & 0x07;
            extra = 3;
        } else {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        if (i + extra >= utf8.size()) {  // truncated sequence at the end
            out.push_back(kReplacement);
            break;
        }
        bool valid = true;
        for (size_t k = 1; k <= extra; ++k) {
            auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xc0) != 0x80) {
                valid = false;
                break;
            }
            code = (code << 6) | (next & 0x3f);
        }
        static constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
        if (!valid || code < kSmallest[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        i += extra + 1;
        if (code >= 0x10000) {
            code -= 0x10000;
            out.push_back(static_cast<char16_t>(0xd800 + (code >> 10)));
            out.push_back(static_cast<char16_t>(0xdc00 + (code & 0x3ff)));
        } else {
            out.push_back(static_cast<char16_t>(code));
        }
    }
    return out;
}

std::string narrow(std::u16string_view utf16)
{
    std::string out;
    out.reserve(utf16.size());
    for (size_t i = 0; i < utf16.size(); ++i) {
        char32_t code = utf16[i];
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < utf16.size() && utf16[i + 1] >= 0xdc00 &&
            utf16[i + 1] <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (utf16[i + 1] - 0xdc00);
            ++i;
        } else if (code >= 0xd800 && code <= 0xdfff) {
            code = kReplacement;
        }
        if (code < 0x80) {
            out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xc0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
        } else if (code < 0x10000) {
            out.push_back(static_cast<char>(0xe0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
        } else {
            out.push_back(static_cast<char>(0xf0 | (code >> 18)));
            out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
        }
    }
    return out;
}

char16_t foldCase(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? static_cast<char16_t>(c - u'A' + u'a') : c;
}

bool equalNoCase(std::u16string_view a, std::u16string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (foldCase(a[i]) != foldCase(b[i])) return false;
    }
    return true;
}

std::u16string lowerCase(std::u16string_view text)
{
    std::u16string out(text);
    for (char16_t& c : out)
        c = foldCase(c);
    return out;
}

std::u16string_view view(const UNICODE_STRING& string)
{
    if (string.Buffer == nullptr) return {};
    return std::u16string_view(string.Buffer, string.Length / sizeof(WCHAR));
}

std::u16string_view view(const UNICODE_STRING* string)
{
    return string == nullptr ? std::u16string_view{} : view(*string);
}

std::u16string guidToString(const GUID& guid, bool upperCase)
{
    std::u16string out;
    out.reserve(38);
    out.push_back(u'{');
    appendHex(out, guid.Data1, 8, upperCase);
    out.push_back(u'-');
    appendHex(out, guid.Data2, 4, upperCase);
    out.push_back(u'-');
    appendHex(out, guid.Data3, 4, upperCase);
    out.push_back(u'-');
    appendHex(out, guid.Data4[0], 2, upperCase);
    appendHex(out, guid.Data4[1], 2, upperCase);
    out.push_back(u'-');
    for (int i = 2; i < 8; ++i)
        appendHex(out, guid.Data4[i], 2, upperCase);
    out.push_back(u'}');
    return out;
}

bool guidFromString(std::u16string_view text, GUID* guid)
{
    if (guid == nullptr || text.size() != 38 || text[0] != u'{' || text[37] != u'}' || text[9] != u'-' ||
        text[14] != u'-' || text[19] != u'-' || text[24] != u'-') {
        return false;
    }
    uint64_t value;
    GUID result{};
    if (!parseHex(text, 1, 8, &value)) return false;
    result.Data1 = static_cast<ULONG>(value);
    if (!parseHex(text, 10, 4, &value)) return false;
    result.Data2 = static_cast<USHORT>(value);
    if (!parseHex(text, 15, 4, &value)) return false;
    result.Data3 = static_cast<USHORT>(value);
    for (int i = 0; i < 2; ++i) {
        if (!parseHex(text, 20 + 2 * i, 2, &value)) return false;
        result.Data4[i] = static_cast<UCHAR>(value);
    }
    for (int i = 0; i < 6; ++i) {
        if (!parseHex(text, 25 + 2 * i, 2, &value)) return false;
        result.Data4[2 + i] = static_cast<UCHAR>(value);
    }
    *guid = result;
    return true;
}

}  // namespace openks::io

using namespace openks::io;

extern "C" {

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    if (DestinationString == nullptr) return;
    DestinationString->Buffer = const_cast<PWSTR>(SourceString);
    if (SourceString == nullptr) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    size_t length = std::char_traits<char16_t>::length(SourceString);
    // UNICODE_STRING lengths are 16-bit byte counts: longer text is cut.
    constexpr size_t kMaxChars = (0xfffe / sizeof(WCHAR)) - 1;
    if (length > kMaxChars) length = kMaxChars;
    DestinationString->Length = static_cast<USHORT>(length * sizeof(WCHAR));
    DestinationString->MaximumLength = static_cast<USHORT>((length + 1) * sizeof(WCHAR));
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    if (String1 == nullptr || String2 == nullptr) return String1 == String2 ? TRUE : FALSE;
    std::u16string_view a = view(*String1);
    std::u16string_view b = view(*String2);
    if (CaseInSensitive) return equalNoCase(a, b) ? TRUE : FALSE;
    return a == b ? TRUE : FALSE;
}

NTSTATUS NTAPI RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString)
{
    if (GuidString == nullptr) return STATUS_INVALID_PARAMETER;
    std::u16string text = guidToString(Guid, true);
    auto* buffer = static_cast<PWSTR>(ExAllocatePoolWithTag(PagedPool, (text.size() + 1) * sizeof(WCHAR), 0));
    if (buffer == nullptr) return STATUS_NO_MEMORY;
    std::memcpy(buffer, text.c_str(), (text.size() + 1) * sizeof(WCHAR));
    GuidString->Buffer = buffer;
    GuidString->Length = static_cast<USHORT>(text.size() * sizeof(WCHAR));
    GuidString->MaximumLength = static_cast<USHORT>((text.size() + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID* Guid)
{
    if (GuidString == nullptr || Guid == nullptr) return STATUS_INVALID_PARAMETER;
    return guidFromString(view(*GuidString), Guid) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString == nullptr) return;
    ExFreePool(UnicodeString->Buffer);
    UnicodeString->Buffer = nullptr;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

}  // extern "C"
