/* SPDX-License-Identifier: MIT */
/* Windows <ntstrsafe.h> for kernel-mode sources built against openks: bounded string copy, concatenation, length and
 * printf. */
#pragma once

/*
 * Safe string routines that never write past the destination and always
 * NUL-terminate it (when it has room for anything):
 *
 *   WCHAR name[32];
 *   NTSTATUS s = RtlStringCbPrintfW(name, sizeof(name), L"pin %d (%S)", id, "capture");
 *
 * (WCHAR is char16_t here: write wide literals as u"..." in portable code;
 * L"..." is wchar_t on Linux.)  Cch sizes count characters, Cb sizes bytes
 * (a W Cb size is rounded down to whole WCHARs).  Statuses:
 *   STATUS_SUCCESS          the whole result fitted;
 *   STATUS_BUFFER_OVERFLOW  it was truncated to the destination size - 1
 *                           characters, NUL-terminated (a warning status:
 *                           NT_SUCCESS is false);
 *   STATUS_INVALID_PARAMETER  a size of 0 or above NTSTRSAFE_MAX_CCH
 *                           characters (destination untouched), a NULL
 *                           pointer, or (Cat, Length) a string not
 *                           terminated within the size given.
 *
 * The printf routines implement a documented subset of the kernel's format
 * language, the same for the A and W forms:
 *   flags - + space # 0, width and precision (digits or *);
 *   %d %i %u %x %X %o with h, hh, l (32 bits, as on Windows), ll, I64, I32,
 *   I, z, t, j (I, z, t, j: pointer-sized);  %c %C;  %p (16 upper-case hex
 *   digits);  %e %f %g %E %G %a;  %%;
 *   strings: %s is the routine's own width (char for A, WCHAR for W), %S the
 *   other width, %hs always char, %ls and %ws always WCHAR; %Z takes a
 *   counted ANSI string and %wZ a PCUNICODE_STRING.  A NULL string prints
 *   "(null)".  char strings are UTF-8 when converted to WCHAR, and WCHAR
 *   strings are written as UTF-8 into char output.  %n writes nothing.
 *
 * Threads: any; reentrant.  Valid C11 and C++20.
 */

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>
#include <stdarg.h>

OPENKS_BEGIN_C

#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767

typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;

/* Formats into pszDest (cchDest characters / cbDest bytes, NUL included). */
NTSTATUS NTAPI RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTATUS NTAPI RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS NTAPI RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...);
NTSTATUS NTAPI RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS NTAPI RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTATUS NTAPI RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat,
                                    va_list argList);
NTSTATUS NTAPI RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, va_list argList);
NTSTATUS NTAPI RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList);

/* Copies pszSrc into pszDest. */
NTSTATUS NTAPI RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);

/* Appends pszSrc to the NUL-terminated string in pszDest. */
NTSTATUS NTAPI RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc);

/* The length of psz without its NUL (characters for Cch, bytes for Cb) in
   *pcchLength / *pcbLength (may be NULL; 0 on failure).
   STATUS_INVALID_PARAMETER for NULL psz, a maximum above NTSTRSAFE_MAX_CCH,
   or no NUL within the maximum. */
NTSTATUS NTAPI RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t *pcchLength);
NTSTATUS NTAPI RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength);
NTSTATUS NTAPI RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t *pcbLength);
NTSTATUS NTAPI RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength);

OPENKS_END_C
