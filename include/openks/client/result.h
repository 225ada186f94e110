/* openks: C++ only */
// SPDX-License-Identifier: MIT
// Result<T>: a value or a std::error_code, with error categories for NTSTATUS and Win32 codes.
#pragma once

// Every call of the C++ client API returns a Result: the value, or the
// reason it failed as a std::error_code.  Failures from a driver carry the
// NTSTATUS it completed with (ntstatus_category()); their message names the
// status and the Win32 code a Windows client would see, and they compare
// equal to that Win32 code as an error condition:
//
//   openks::Result<ULONG> pins = filter.get<ULONG>(KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES);
//   if (!pins) {
//       std::cerr << pins.error().message() << '\n';   // "STATUS_NOT_FOUND (0xC0000225) = ERROR_NOT_FOUND (1168)"
//       if (pins.error() == openks::win32_error(ERROR_NOT_FOUND)) ...
//       return openks::hresult(pins.error());        // 0x80070490
//   }
//   ULONG count = *pins;                             // or pins.value(), which throws std::system_error on failure
//
// Threads: everything here is a value type or a stateless function; any thread.

#include <openks/ks/ntstatus.h>
#include <openks/ks/winerror.h>
#include <openks/ks/wintypes.h>

#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

namespace openks {

// NTSTATUS values (the int is the NTSTATUS).  Messages name the status and
// its Win32 translation; the default error condition is the Win32 code in
// win32_category(), so a status compares equal to the error Windows reports.
const std::error_category& ntstatus_category() noexcept;

// Win32 error codes (the int is the code, e.g. ERROR_MORE_DATA).
const std::error_category& win32_category() noexcept;

// An error_code for an NTSTATUS; a success status gives an empty error_code.
std::error_code make_ntstatus_error(NTSTATUS status) noexcept;

// An error_condition for a Win32 code, to compare an error against:
// `ec == win32_error(ERROR_NO_MATCH)`.
std::error_condition win32_error(DWORD code) noexcept;

// The NTSTATUS an error stands for: itself for ntstatus_category(),
// STATUS_UNSUCCESSFUL for an error of another category, STATUS_SUCCESS for
// no error.
NTSTATUS ntstatus(const std::error_code& error) noexcept;

// The HRESULT a Windows client sees for an error (what ksproxy's
// KsSynchronousDeviceControl returns): S_OK for no error,
// HRESULT_FROM_WIN32 of the Win32 translation otherwise.
HRESULT hresult(const std::error_code& error) noexcept;

// A value of T, or the error that prevented it.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}
    // An error; an empty error_code is turned into STATUS_UNSUCCESSFUL (a Result is never empty).
    Result(std::error_code error) : error_(error ? error : make_ntstatus_error(STATUS_UNSUCCESSFUL)) {}

    bool ok() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return ok(); }
    // The error; empty when ok().
    const std::error_code& error() const noexcept { return error_; }
    // ntstatus(error()).
    NTSTATUS status() const noexcept { return ntstatus(error_); }

    // The value; throws std::system_error(error()) when there is none.
    T& value() &
    {
        check();
        return *value_;
    }
    const T& value() const&
    {
        check();
        return *value_;
    }
    T&& value() &&
    {
        check();
        return std::move(*value_);
    }
    template <class U>
    T value_or(U&& fallback) const&
    {
        return ok() ? *value_ : static_cast<T>(std::forward<U>(fallback));
    }
    // Unchecked access: only after ok().
    T& operator*() & noexcept { return *value_; }
    const T& operator*() const& noexcept { return *value_; }
    T* operator->() noexcept { return &*value_; }
    const T* operator->() const noexcept { return &*value_; }

private:
    void check() const
    {
        if (!value_) throw std::system_error(error_);
    }

    std::optional<T> value_;
    std::error_code error_;
};

// Success, or the error that prevented it.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(std::error_code error) : error_(error) {}

    bool ok() const noexcept { return !error_; }
    explicit operator bool() const noexcept { return ok(); }
    const std::error_code& error() const noexcept { return error_; }
    NTSTATUS status() const noexcept { return ntstatus(error_); }
    // Throws std::system_error(error()) on failure.
    void value() const
    {
        if (error_) throw std::system_error(error_);
    }

private:
    std::error_code error_;
};

}  // namespace openks
