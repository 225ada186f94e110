// SPDX-License-Identifier: MIT
// The error categories of the C++ client API: NTSTATUS and Win32 codes, named as openks_*Name names them.
#include <openks/client/result.h>
#include <openks/ks/status.h>

#include <cstdio>
#include <string>

namespace openks {
namespace {

std::string hex(uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof(text), "0x%08X", static_cast<unsigned>(value));
    return text;
}

class Win32Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "win32"; }
    std::string message(int code) const override
    {
        DWORD error = static_cast<DWORD>(code);
        return std::string(openks_Win32ErrorName(error)) + " (" + std::to_string(error) + ")";
    }
};

class NtStatusCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "ntstatus"; }
    std::string message(int code) const override
    {
        auto status = static_cast<NTSTATUS>(code);
        ULONG error = RtlNtStatusToDosError(status);
        return std::string(openks_NtStatusName(status)) + " (" + hex(static_cast<uint32_t>(status)) +
               ") = " + openks_Win32ErrorName(error) + " (" + std::to_string(error) + ")";
    }
    std::error_condition default_error_condition(int code) const noexcept override
    {
        return std::error_condition(static_cast<int>(RtlNtStatusToDosError(static_cast<NTSTATUS>(code))),
                                    win32_category());
    }
};

}  // namespace

const std::error_category& win32_category() noexcept
{
    static const Win32Category category;
    return category;
}

const std::error_category& ntstatus_category() noexcept
{
    static const NtStatusCategory category;
    return category;
}

std::error_code make_ntstatus_error(NTSTATUS status) noexcept
{
    if (NT_SUCCESS(status)) return {};
    return std::error_code(static_cast<int>(status), ntstatus_category());
}

std::error_condition win32_error(DWORD code) noexcept
{
    return std::error_condition(static_cast<int>(code), win32_category());
}

NTSTATUS ntstatus(const std::error_code& error) noexcept
{
    if (!error) return STATUS_SUCCESS;
    if (error.category() == ntstatus_category()) return static_cast<NTSTATUS>(error.value());
    return STATUS_UNSUCCESSFUL;
}

HRESULT hresult(const std::error_code& error) noexcept
{
    if (!error) return S_OK;
    if (error.category() == ntstatus_category())
        return openks_HresultFromNtStatus(static_cast<NTSTATUS>(error.value()));
    if (error.category() == win32_category()) return HRESULT_FROM_WIN32(static_cast<ULONG>(error.value()));
    return E_FAIL;
}

}  // namespace openks
