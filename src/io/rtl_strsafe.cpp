// SPDX-License-Identifier: MIT
// <ntstrsafe.h>: bounded copy, concatenation, length and printf into char and WCHAR buffers.
#include <openks/compat/ntstrsafe.h>

#include <cstring>
#include <string>

#include "io/kernel_format.h"

namespace {

template <class CharT>
bool validDestination(CharT* destination, size_t count)
{
    return destination != nullptr && count > 0 && count <= NTSTRSAFE_MAX_CCH;
}

// Copies up to count - 1 characters of text[0..length) and a NUL.
template <class CharT>
NTSTATUS store(CharT* destination, size_t count, const CharT* text, size_t length)
{
    if (length < count) {
        std::memcpy(destination, text, length * sizeof(CharT));
        destination[length] = 0;
        return STATUS_SUCCESS;
    }
    std::memcpy(destination, text, (count - 1) * sizeof(CharT));
    destination[count - 1] = 0;
    return STATUS_BUFFER_OVERFLOW;
}

// The length of text if a NUL occurs within `limit` characters, else `limit`.
template <class CharT>
size_t boundedLength(const CharT* text, size_t limit)
{
    size_t n = 0;
    while (n < limit && text[n] != 0)
        ++n;
    return n;
}

template <class CharT>
NTSTATUS printfInto(CharT* destination, size_t count, const CharT* format, va_list args)
{
    if (!validDestination(destination, count)) return STATUS_INVALID_PARAMETER;
    if (format == nullptr) {
        destination[0] = 0;
        return STATUS_INVALID_PARAMETER;
    }
    va_list copy;
    va_copy(copy, args);
    std::basic_string<CharT> text = openks::io::formatKernel(format, &copy);
    va_end(copy);
    return store(destination, count, text.data(), text.size());
}

template <class CharT>
NTSTATUS copyInto(CharT* destination, size_t count, const CharT* source)
{
    if (!validDestination(destination, count)) return STATUS_INVALID_PARAMETER;
    if (source == nullptr) {
        destination[0] = 0;
        return STATUS_INVALID_PARAMETER;
    }
    // Reads at most `count` source characters: a longer source is truncated.
    return store(destination, count, source, boundedLength(source, count));
}

template <class CharT>
NTSTATUS catInto(CharT* destination, size_t count, const CharT* source)
{
    if (!validDestination(destination, count)) return STATUS_INVALID_PARAMETER;
    size_t used = boundedLength(destination, count);
    if (used == count || source == nullptr) return STATUS_INVALID_PARAMETER;
    return store(destination + used, count - used, source, boundedLength(source, count - used));
}

template <class CharT>
NTSTATUS measure(const CharT* text, size_t limit, size_t* result)
{
    if (result != nullptr) *result = 0;
    if (text == nullptr || limit > NTSTRSAFE_MAX_CCH) return STATUS_INVALID_PARAMETER;
    size_t n = boundedLength(text, limit);
    if (n == limit) return STATUS_INVALID_PARAMETER;
    if (result != nullptr) *result = n;
    return STATUS_SUCCESS;
}

constexpr size_t kWide = sizeof(WCHAR);

}  // namespace

extern "C" {

NTSTATUS NTAPI RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
    return printfInto(pszDest, cchDest, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat,
                                    va_list argList)
{
    return printfInto(pszDest, cchDest, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
    return printfInto(pszDest, cbDest, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
    return printfInto(pszDest, cbDest / kWide, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    NTSTATUS status = printfInto(pszDest, cchDest, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS NTAPI RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    NTSTATUS status = printfInto(pszDest, cchDest, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS NTAPI RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    NTSTATUS status = printfInto(pszDest, cbDest, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS NTAPI RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    NTSTATUS status = printfInto(pszDest, cbDest / kWide, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS NTAPI RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{
    return copyInto(pszDest, cchDest, pszSrc);
}

NTSTATUS NTAPI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
    return copyInto(pszDest, cchDest, pszSrc);
}

NTSTATUS NTAPI RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{
    return copyInto(pszDest, cbDest, pszSrc);
}

NTSTATUS NTAPI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
    return copyInto(pszDest, cbDest / kWide, pszSrc);
}

NTSTATUS NTAPI RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{
    return catInto(pszDest, cchDest, pszSrc);
}

NTSTATUS NTAPI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
    return catInto(pszDest, cchDest, pszSrc);
}

NTSTATUS NTAPI RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{
    return catInto(pszDest, cbDest, pszSrc);
}

NTSTATUS NTAPI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
    return catInto(pszDest, cbDest / kWide, pszSrc);
}

NTSTATUS NTAPI RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t* pcchLength)
{
    return measure(psz, cchMax, pcchLength);
}

NTSTATUS NTAPI RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t* pcchLength)
{
    return measure(psz, cchMax, pcchLength);
}

NTSTATUS NTAPI RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t* pcbLength)
{
    return measure(psz, cbMax, pcbLength);
}

NTSTATUS NTAPI RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t* pcbLength)
{
    NTSTATUS status = measure(psz, cbMax / kWide, pcbLength);
    if (NT_SUCCESS(status) && pcbLength != nullptr) *pcbLength *= kWide;
    return status;
}

}  // extern "C"
