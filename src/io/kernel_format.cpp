// SPDX-License-Identifier: MIT
// The kernel's printf language for char and WCHAR output, numbers through snprintf, strings converted between UTF-8 and
// UTF-16.
#include "io/kernel_format.h"

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

namespace openks::io {
namespace {

// A counted string as %Z reads it (ANSI_STRING layout).
struct CountedAnsi {
    USHORT Length;
    USHORT MaximumLength;
    const char* Buffer;
};

enum class Length { kNone, kChar, kShort, kLong, kLongLong, kPointer, kMax, kWide, kLongDouble };

struct Spec {
    std::string flags;
    bool leftAlign = false;
    int width = -1;
    int precision = -1;
    Length length = Length::kNone;
};

void appendUtf16AsUtf8(std::string& out, const char16_t* text, size_t count)
{
    for (size_t i = 0; i < count; ++i) {
        uint32_t unit = text[i];
        uint32_t code = unit;
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < count && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
            code = 0x10000 + ((unit - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            ++i;
        } else if (unit >= 0xD800 && unit <= 0xDFFF) {
            code = '?';  // unpaired surrogate
        }
        if (code < 0x80) {
            out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else if (code < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (code >> 18)));
            out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
    }
}

// The code point of a UTF-8 sequence at text[0..count) and its length; 0 if
// the bytes start no valid (shortest-form, non-surrogate) sequence.
size_t decodeUtf8(const unsigned char* text, size_t count, uint32_t* code)
{
    unsigned char lead = text[0];
    size_t length;
    uint32_t value;
    uint32_t minimum;
    if (lead < 0x80) {
        *code = lead;
        return 1;
    } else if (lead >= 0xC2 && lead < 0xE0) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead < 0xF0) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead < 0xF5) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (length > count) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((text[k] & 0xC0) != 0x80) return 0;
        value = (value << 6) | (text[k] & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    *code = value;
    return length;
}

// UTF-8 to UTF-16; a byte that starts no valid sequence stands for itself (Latin-1).
void appendUtf8AsUtf16(std::u16string& out, const char* text, size_t count)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(text);
    for (size_t i = 0; i < count;) {
        uint32_t code;
        size_t length = decodeUtf8(bytes + i, count - i, &code);
        if (length == 0) {
            code = bytes[i];
            length = 1;
        }
        if (code >= 0x10000) {
            code -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (code >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (code & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(code));
        }
        i += length;
    }
}

template <class CharT>
void appendNarrow(std::basic_string<CharT>& out, const char* text, size_t count)
{
    if constexpr (std::is_same_v<CharT, char>)
        out.append(text, count);
    else
        appendUtf8AsUtf16(out, text, count);
}

template <class CharT>
void appendAscii(std::basic_string<CharT>& out, const std::string& text)
{
    out.append(text.begin(), text.end());
}

template <class CharT>
void appendWide(std::basic_string<CharT>& out, const char16_t* text, size_t count)
{
    if constexpr (std::is_same_v<CharT, char16_t>)
        out.append(text, count);
    else
        appendUtf16AsUtf8(out, text, count);
}

size_t narrowLength(const char* text, int precision)
{
    return precision < 0 ? std::strlen(text) : strnlen(text, static_cast<size_t>(precision));
}

size_t wideLength(const char16_t* text, int precision)
{
    size_t n = 0;
    while ((precision < 0 || n < static_cast<size_t>(precision)) && text[n] != 0)
        ++n;
    return n;
}

// Pads `piece` to the spec's width and appends it.
template <class CharT>
void appendPadded(std::basic_string<CharT>& out, const std::basic_string<CharT>& piece, const Spec& spec)
{
    size_t width = spec.width < 0 ? 0 : static_cast<size_t>(spec.width);
    size_t fill = piece.size() < width ? width - piece.size() : 0;
    if (!spec.leftAlign) out.append(fill, CharT(' '));
    out += piece;
    if (spec.leftAlign) out.append(fill, CharT(' '));
}

// Formats one value with the C library, for a conversion whose text is ASCII.
template <class T>
std::string cFormat(const Spec& spec, const char* lengthModifier, char conversion, T value)
{
    std::string pattern = "%" + spec.flags;
    if (spec.leftAlign) pattern += '-';
    if (spec.width >= 0) pattern += std::to_string(spec.width);
    if (spec.precision >= 0) {
        // Two appends, not "." + to_string(): GCC 12 at -O3 reports a false
        // -Wrestrict overlap inside operator+ (const char*, string&&).
        pattern += '.';
        pattern += std::to_string(spec.precision);
    }
    pattern += lengthModifier;
    pattern += conversion;
    char small[64];
    int n = std::snprintf(small, sizeof small, pattern.c_str(), value);
    if (n < 0) return {};
    if (static_cast<size_t>(n) < sizeof small) return std::string(small, static_cast<size_t>(n));
    std::string big(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(big.data(), big.size(), pattern.c_str(), value);
    big.resize(static_cast<size_t>(n));
    return big;
}

long long signedArgument(Length length, va_list* args)
{
    switch (length) {
        case Length::kChar:
            return static_cast<signed char>(va_arg(*args, int));
        case Length::kShort:
            return static_cast<short>(va_arg(*args, int));
        case Length::kLongLong:
            return va_arg(*args, long long);
        case Length::kPointer:
            return va_arg(*args, ssize_t);
        case Length::kMax:
            return va_arg(*args, intmax_t);
        default:  // none, l (LONG is 32 bits), w
            return va_arg(*args, int);
    }
}

unsigned long long unsignedArgument(Length length, va_list* args)
{
    switch (length) {
        case Length::kChar:
            return static_cast<unsigned char>(va_arg(*args, unsigned));
        case Length::kShort:
            return static_cast<unsigned short>(va_arg(*args, unsigned));
        case Length::kLongLong:
            return va_arg(*args, unsigned long long);
        case Length::kPointer:
            return va_arg(*args, size_t);
        case Length::kMax:
            return va_arg(*args, uintmax_t);
        default:
            return va_arg(*args, unsigned);
    }
}

template <class CharT>
void formatString(std::basic_string<CharT>& out, const Spec& spec, bool wide, va_list* args)
{
    std::basic_string<CharT> piece;
    if (wide) {
        const auto* text = va_arg(*args, const char16_t*);
        if (text == nullptr)
            appendNarrow(piece, "(null)", 6);
        else
            appendWide(piece, text, wideLength(text, spec.precision));
    } else {
        const auto* text = va_arg(*args, const char*);
        if (text == nullptr) text = "(null)";
        appendNarrow(piece, text, narrowLength(text, spec.precision));
    }
    appendPadded(out, piece, spec);
}

template <class CharT>
void formatCounted(std::basic_string<CharT>& out, const Spec& spec, bool wide, va_list* args)
{
    std::basic_string<CharT> piece;
    if (wide) {
        const auto* text = va_arg(*args, const UNICODE_STRING*);
        if (text == nullptr || text->Buffer == nullptr)
            appendNarrow(piece, "(null)", 6);
        else
            appendWide(piece, text->Buffer, text->Length / sizeof(WCHAR));
    } else {
        const auto* text = va_arg(*args, const CountedAnsi*);
        if (text == nullptr || text->Buffer == nullptr)
            appendNarrow(piece, "(null)", 6);
        else
            appendNarrow(piece, text->Buffer, text->Length);
    }
    appendPadded(out, piece, spec);
}

template <class CharT>
void formatCharacter(std::basic_string<CharT>& out, const Spec& spec, bool wide, va_list* args)
{
    std::basic_string<CharT> piece;
    if (wide) {
        char16_t c = static_cast<char16_t>(va_arg(*args, int));
        appendWide(piece, &c, 1);
    } else {
        char c = static_cast<char>(va_arg(*args, int));
        appendNarrow(piece, &c, 1);
    }
    appendPadded(out, piece, spec);
}

template <class CharT>
std::basic_string<CharT> format(const CharT* format, va_list* args)
{
    std::basic_string<CharT> out;
    if (format == nullptr) return out;
    constexpr bool kWideOutput = std::is_same_v<CharT, char16_t>;
    for (const CharT* p = format; *p != 0; ++p) {
        if (*p != CharT('%')) {
            out.push_back(*p);
            continue;
        }
        const CharT* start = p++;
        if (*p == CharT('%')) {
            out.push_back(*p);
            continue;
        }
        Spec spec;
        for (;; ++p) {
            if (*p == CharT('-'))
                spec.leftAlign = true;
            else if (*p == CharT('+') || *p == CharT(' ') || *p == CharT('#') || *p == CharT('0'))
                spec.flags += static_cast<char>(*p);
            else
                break;
        }
        if (*p == CharT('*')) {
            int width = va_arg(*args, int);
            if (width < 0) {
                spec.leftAlign = true;
                width = width == INT32_MIN ? INT32_MAX : -width;
            }
            spec.width = width;
            ++p;
        } else if (*p >= CharT('0') && *p <= CharT('9')) {
            spec.width = 0;
            for (; *p >= CharT('0') && *p <= CharT('9'); ++p)
                spec.width = spec.width > 100000 ? spec.width : spec.width * 10 + static_cast<int>(*p - CharT('0'));
        }
        if (*p == CharT('.')) {
            ++p;
            spec.precision = 0;
            if (*p == CharT('*')) {
                int precision = va_arg(*args, int);
                spec.precision = precision < 0 ? -1 : precision;
                ++p;
            } else {
                for (; *p >= CharT('0') && *p <= CharT('9'); ++p)
                    spec.precision = spec.precision > 100000 ? spec.precision
                                                             : spec.precision * 10 + static_cast<int>(*p - CharT('0'));
            }
        }
        switch (*p) {
            case CharT('h'):
                ++p;
                spec.length = Length::kShort;
                if (*p == CharT('h')) {
                    spec.length = Length::kChar;
                    ++p;
                }
                break;
            case CharT('l'):
                ++p;
                spec.length = Length::kLong;
                if (*p == CharT('l')) {
                    spec.length = Length::kLongLong;
                    ++p;
                }
                break;
            case CharT('L'):
                ++p;
                spec.length = Length::kLongDouble;
                break;
            case CharT('q'):
                ++p;
                spec.length = Length::kLongLong;
                break;
            case CharT('w'):
                ++p;
                spec.length = Length::kWide;
                break;
            case CharT('z'):
            case CharT('t'):
                ++p;
                spec.length = Length::kPointer;
                break;
            case CharT('j'):
                ++p;
                spec.length = Length::kMax;
                break;
            case CharT('I'):
                ++p;
                if (p[0] == CharT('6') && p[1] == CharT('4')) {
                    spec.length = Length::kLongLong;
                    p += 2;
                } else if (p[0] == CharT('3') && p[1] == CharT('2')) {
                    spec.length = Length::kNone;
                    p += 2;
                } else {
                    spec.length = Length::kPointer;
                }
                break;
            default:
                break;
        }
        bool longForm = spec.length == Length::kLong || spec.length == Length::kWide;
        bool shortForm = spec.length == Length::kShort;
        switch (*p) {
            case CharT('d'):
            case CharT('i'):
                appendAscii(out, cFormat(spec, "ll", 'd', signedArgument(spec.length, args)));
                break;
            case CharT('u'):
            case CharT('o'):
            case CharT('x'):
            case CharT('X'):
                appendAscii(out, cFormat(spec, "ll", static_cast<char>(*p), unsignedArgument(spec.length, args)));
                break;
            case CharT('e'):
            case CharT('E'):
            case CharT('f'):
            case CharT('F'):
            case CharT('g'):
            case CharT('G'):
            case CharT('a'):
            case CharT('A'):
                if (spec.length == Length::kLongDouble)
                    appendAscii(out, cFormat(spec, "L", static_cast<char>(*p), va_arg(*args, long double)));
                else
                    appendAscii(out, cFormat(spec, "", static_cast<char>(*p), va_arg(*args, double)));
                break;
            case CharT('p'): {
                Spec pointer = spec;
                pointer.flags.assign(1, '0');  // not = "0": GCC 12 -O3 false -Wrestrict
                pointer.precision = -1;
                if (pointer.width < 16) pointer.width = 16;
                auto value = reinterpret_cast<uintptr_t>(va_arg(*args, void*));
                appendAscii(out, cFormat(pointer, "ll", 'X', static_cast<unsigned long long>(value)));
                break;
            }
            case CharT('c'):
                formatCharacter(out, spec, longForm || (!shortForm && kWideOutput), args);
                break;
            case CharT('C'):
                formatCharacter(out, spec, longForm || (!shortForm && !kWideOutput), args);
                break;
            case CharT('s'):
                formatString(out, spec, longForm || (!shortForm && kWideOutput), args);
                break;
            case CharT('S'):
                formatString(out, spec, longForm || (!shortForm && !kWideOutput), args);
                break;
            case CharT('Z'):
                formatCounted(out, spec, spec.length == Length::kWide || spec.length == Length::kLong, args);
                break;
            case CharT('n'):
                (void)va_arg(*args, void*);  // never written
                break;
            case CharT('\0'):
                out.append(start, p);  // a trailing incomplete conversion is copied as is
                return out;
            default:
                out.append(start, p + 1);  // unknown conversion: copied as is
                break;
        }
    }
    return out;
}

}  // namespace

std::string formatKernel(const char* text, va_list* args)
{
    return format(text, args);
}

std::u16string formatKernel(const char16_t* text, va_list* args)
{
    return format(text, args);
}

}  // namespace openks::io
