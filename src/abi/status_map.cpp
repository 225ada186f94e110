// SPDX-License-Identifier: MIT
// NTSTATUS -> Win32 error -> HRESULT translation, as Windows' RtlNtStatusToDosError and ksproxy do it, and names.
#include <openks/ks/status.h>
#include <openks/ks/winerror.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace {

struct StatusEntry {
    ULONG status;  // the NTSTATUS bits, unsigned so the table sorts by value
    const char* name;
    ULONG error;
};

constexpr StatusEntry statusEntry(NTSTATUS status, const char* name, LONG error)
{
    return {static_cast<ULONG>(status), name, static_cast<ULONG>(error)};
}
#define OPENKS_STATUS(status, error) statusEntry(status, #status, error)

// Sources for the pairs (facts only, no code taken): ks-spec §11 for the KS
// statuses; for every pair, the behaviour of a real Windows ntdll as
// recorded by the Wine project's conformance test of RtlNtStatusToDosError
// (dlls/ntdll/tests/error.c, which runs on Windows), which agrees with the
// table Microsoft published as KB 113996 ("Mapping NT Status Error Codes to
// Win32 Error Codes").  STATUS_TIMEOUT -> ERROR_TIMEOUT and the
// informational codes with no pair (STATUS_USER_APC, STATUS_ALERTED,
// STATUS_REPARSE -> ERROR_MR_MID_NOT_FOUND) follow ntdll's table as Wine
// reproduces it.  Sorted by status value; a status named twice
// (STATUS_WAIT_0 == STATUS_SUCCESS) appears once, under its usual name.
constexpr auto kStatusTable = std::to_array<StatusEntry>({
    OPENKS_STATUS(STATUS_SUCCESS, ERROR_SUCCESS),
    OPENKS_STATUS(STATUS_USER_APC, ERROR_MR_MID_NOT_FOUND),
    OPENKS_STATUS(STATUS_ALERTED, ERROR_MR_MID_NOT_FOUND),
    OPENKS_STATUS(STATUS_TIMEOUT, ERROR_TIMEOUT),
    OPENKS_STATUS(STATUS_PENDING, ERROR_IO_PENDING),
    OPENKS_STATUS(STATUS_REPARSE, ERROR_MR_MID_NOT_FOUND),
    OPENKS_STATUS(STATUS_MORE_ENTRIES, ERROR_MORE_DATA),
    OPENKS_STATUS(STATUS_NOT_ALL_ASSIGNED, ERROR_NOT_ALL_ASSIGNED),
    OPENKS_STATUS(STATUS_DATATYPE_MISALIGNMENT, ERROR_NOACCESS),
    OPENKS_STATUS(STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA),
    OPENKS_STATUS(STATUS_NO_MORE_FILES, ERROR_NO_MORE_FILES),
    OPENKS_STATUS(STATUS_DEVICE_BUSY, ERROR_BUSY),
    OPENKS_STATUS(STATUS_NO_MORE_ENTRIES, ERROR_NO_MORE_ITEMS),
    OPENKS_STATUS(STATUS_END_OF_MEDIA, ERROR_END_OF_MEDIA),
    OPENKS_STATUS(STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE),
    OPENKS_STATUS(STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION),
    OPENKS_STATUS(STATUS_INVALID_INFO_CLASS, ERROR_INVALID_PARAMETER),
    OPENKS_STATUS(STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH),
    OPENKS_STATUS(STATUS_ACCESS_VIOLATION, ERROR_NOACCESS),
    OPENKS_STATUS(STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE),
    OPENKS_STATUS(STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER),
    OPENKS_STATUS(STATUS_NO_SUCH_DEVICE, ERROR_FILE_NOT_FOUND),
    OPENKS_STATUS(STATUS_NO_SUCH_FILE, ERROR_FILE_NOT_FOUND),
    OPENKS_STATUS(STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION),
    OPENKS_STATUS(STATUS_END_OF_FILE, ERROR_HANDLE_EOF),
    OPENKS_STATUS(STATUS_MORE_PROCESSING_REQUIRED, ERROR_MORE_DATA),
    OPENKS_STATUS(STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY),
    OPENKS_STATUS(STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED),
    OPENKS_STATUS(STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER),
    OPENKS_STATUS(STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE),
    OPENKS_STATUS(STATUS_OBJECT_NAME_INVALID, ERROR_INVALID_NAME),
    OPENKS_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND),
    OPENKS_STATUS(STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS),
    OPENKS_STATUS(STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND),
    OPENKS_STATUS(STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION),
    OPENKS_STATUS(STATUS_DELETE_PENDING, ERROR_ACCESS_DENIED),
    OPENKS_STATUS(STATUS_PROCEDURE_NOT_FOUND, ERROR_PROC_NOT_FOUND),
    OPENKS_STATUS(STATUS_INTEGER_OVERFLOW, ERROR_ARITHMETIC_OVERFLOW),
    OPENKS_STATUS(STATUS_ALLOTTED_SPACE_EXCEEDED, ERROR_ALLOTTED_SPACE_EXCEEDED),
    OPENKS_STATUS(STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES),
    OPENKS_STATUS(STATUS_DEVICE_NOT_CONNECTED, ERROR_DEVICE_NOT_CONNECTED),
    OPENKS_STATUS(STATUS_DEVICE_NOT_READY, ERROR_NOT_READY),
    OPENKS_STATUS(STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT),
    OPENKS_STATUS(STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED),
    OPENKS_STATUS(STATUS_INTERNAL_ERROR, ERROR_INTERNAL_ERROR),
    OPENKS_STATUS(STATUS_INVALID_PARAMETER_1, ERROR_INVALID_PARAMETER),
    OPENKS_STATUS(STATUS_INVALID_PARAMETER_2, ERROR_INVALID_PARAMETER),
    OPENKS_STATUS(STATUS_CANCELLED, ERROR_OPERATION_ABORTED),
    OPENKS_STATUS(STATUS_FILE_CLOSED, ERROR_INVALID_HANDLE),
    OPENKS_STATUS(STATUS_INVALID_DEVICE_STATE, ERROR_BAD_COMMAND),
    OPENKS_STATUS(STATUS_IO_DEVICE_ERROR, ERROR_IO_DEVICE),
    OPENKS_STATUS(STATUS_INVALID_BUFFER_SIZE, ERROR_INVALID_USER_BUFFER),
    OPENKS_STATUS(STATUS_NOT_FOUND, ERROR_NOT_FOUND),
    OPENKS_STATUS(STATUS_PROPSET_NOT_FOUND, ERROR_SET_NOT_FOUND),
    OPENKS_STATUS(STATUS_NO_MATCH, ERROR_NO_MATCH),
    OPENKS_STATUS(STATUS_DEVICE_REMOVED, ERROR_DEVICE_REMOVED),
    OPENKS_STATUS(STATUS_NOINTERFACE, ERROR_NOINTERFACE),
});
#undef OPENKS_STATUS

struct ErrorName {
    ULONG error;
    const char* name;
};

constexpr ErrorName errorName(LONG error, const char* name)
{
    return {static_cast<ULONG>(error), name};
}
#define OPENKS_ERROR(code) errorName(code, #code)

// Every Win32 error the status table produces, sorted by value.
constexpr auto kErrorNames = std::to_array<ErrorName>({
    OPENKS_ERROR(ERROR_SUCCESS),
    OPENKS_ERROR(ERROR_INVALID_FUNCTION),
    OPENKS_ERROR(ERROR_FILE_NOT_FOUND),
    OPENKS_ERROR(ERROR_PATH_NOT_FOUND),
    OPENKS_ERROR(ERROR_ACCESS_DENIED),
    OPENKS_ERROR(ERROR_INVALID_HANDLE),
    OPENKS_ERROR(ERROR_NOT_ENOUGH_MEMORY),
    OPENKS_ERROR(ERROR_NO_MORE_FILES),
    OPENKS_ERROR(ERROR_NOT_READY),
    OPENKS_ERROR(ERROR_BAD_COMMAND),
    OPENKS_ERROR(ERROR_BAD_LENGTH),
    OPENKS_ERROR(ERROR_GEN_FAILURE),
    OPENKS_ERROR(ERROR_SHARING_VIOLATION),
    OPENKS_ERROR(ERROR_HANDLE_EOF),
    OPENKS_ERROR(ERROR_NOT_SUPPORTED),
    OPENKS_ERROR(ERROR_INVALID_PARAMETER),
    OPENKS_ERROR(ERROR_SEM_TIMEOUT),
    OPENKS_ERROR(ERROR_INSUFFICIENT_BUFFER),
    OPENKS_ERROR(ERROR_INVALID_NAME),
    OPENKS_ERROR(ERROR_PROC_NOT_FOUND),
    OPENKS_ERROR(ERROR_BUSY),
    OPENKS_ERROR(ERROR_ALREADY_EXISTS),
    OPENKS_ERROR(ERROR_MORE_DATA),
    OPENKS_ERROR(ERROR_NO_MORE_ITEMS),
    OPENKS_ERROR(ERROR_MR_MID_NOT_FOUND),
    OPENKS_ERROR(ERROR_ARITHMETIC_OVERFLOW),
    OPENKS_ERROR(ERROR_NOINTERFACE),
    OPENKS_ERROR(ERROR_OPERATION_ABORTED),
    OPENKS_ERROR(ERROR_IO_PENDING),
    OPENKS_ERROR(ERROR_NOACCESS),
    OPENKS_ERROR(ERROR_END_OF_MEDIA),
    OPENKS_ERROR(ERROR_IO_DEVICE),
    OPENKS_ERROR(ERROR_DEVICE_NOT_CONNECTED),
    OPENKS_ERROR(ERROR_NOT_FOUND),
    OPENKS_ERROR(ERROR_NO_MATCH),
    OPENKS_ERROR(ERROR_SET_NOT_FOUND),
    OPENKS_ERROR(ERROR_NOT_ALL_ASSIGNED),
    OPENKS_ERROR(ERROR_ALLOTTED_SPACE_EXCEEDED),
    OPENKS_ERROR(ERROR_INTERNAL_ERROR),
    OPENKS_ERROR(ERROR_NO_SYSTEM_RESOURCES),
    OPENKS_ERROR(ERROR_TIMEOUT),
    OPENKS_ERROR(ERROR_DEVICE_REMOVED),
    OPENKS_ERROR(ERROR_INVALID_USER_BUFFER),
});
#undef OPENKS_ERROR

// Lookups are binary searches, so both tables must stay sorted and free of duplicates.
static_assert(std::ranges::adjacent_find(kStatusTable, [](const StatusEntry& a, const StatusEntry& b) {
                  return a.status >= b.status;
              }) == kStatusTable.end());
static_assert(std::ranges::adjacent_find(kErrorNames, [](const ErrorName& a, const ErrorName& b) {
                  return a.error >= b.error;
              }) == kErrorNames.end());

// Every error the status table produces has a name.
constexpr bool everyErrorNamed()
{
    return std::ranges::all_of(kStatusTable, [](const StatusEntry& e) {
        return std::ranges::binary_search(kErrorNames, e.error, {}, &ErrorName::error);
    });
}
static_assert(everyErrorNamed());

constexpr ULONG kCustomerBit = 0x20000000U;
constexpr ULONG kSeverityMask = 0xF0000000U;
constexpr ULONG kFacilityWin32 = FACILITY_WIN32;  // also FACILITY_NTWIN32, its NTSTATUS counterpart

const StatusEntry* findStatus(ULONG status)
{
    const auto* it = std::ranges::lower_bound(kStatusTable, status, {}, &StatusEntry::status);
    return it != kStatusTable.end() && it->status == status ? it : nullptr;
}

const ErrorName* findError(ULONG error)
{
    const auto* it = std::ranges::lower_bound(kErrorNames, error, {}, &ErrorName::error);
    return it != kErrorNames.end() && it->error == error ? it : nullptr;
}

}  // namespace

extern "C" {

ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status)
{
    auto bits = static_cast<ULONG>(Status);
    if (bits == 0 || (bits & kCustomerBit) != 0) {
        return bits;
    }
    if ((bits & kSeverityMask) == 0xD0000000U) {
        bits &= ~0x10000000U;
    }
    if (const StatusEntry* entry = findStatus(bits)) {
        return entry->error;
    }
    // NTSTATUS_FROM_WIN32 (0xC007xxxx) and HRESULT_FROM_WIN32 (0x8007xxxx) carry the Win32 code in their low word.
    const ULONG high = bits >> 16;
    if (high == (0xC000U | kFacilityWin32) || high == (0x8000U | kFacilityWin32)) {
        return bits & 0xFFFFU;
    }
    return ERROR_MR_MID_NOT_FOUND;
}

HRESULT openks_HresultFromNtStatus(NTSTATUS Status)
{
    if (NT_SUCCESS(Status)) {
        return S_OK;
    }
    return HRESULT_FROM_WIN32(RtlNtStatusToDosError(Status));
}

const char* openks_NtStatusName(NTSTATUS Status)
{
    if (const StatusEntry* entry = findStatus(static_cast<ULONG>(Status))) {
        return entry->name;
    }
    thread_local std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "0x%08X", static_cast<unsigned>(Status));
    return text.data();
}

const char* openks_Win32ErrorName(ULONG Error)
{
    if (const ErrorName* entry = findError(Error)) {
        return entry->name;
    }
    thread_local std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "%u", static_cast<unsigned>(Error));
    return text.data();
}

}  // extern "C"
