// SPDX-License-Identifier: MIT
// Every NTSTATUS in the ABI table and in ntstatus.h maps to the Win32 error and HRESULT Windows gives it.
#include <gtest/gtest.h>
#include <openks/ks/status.h>

#include <barrier>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/shared_dir.h"

namespace {

struct Expected {
    ULONG win32;
    uint32_t hresult;  // as KsSynchronousDeviceControl returns it
};

// What Windows reports for each status: ks-spec §11 for the KS ones, Windows'
// NT-status-to-Win32 table (KB 113996) and ntdll's observed behaviour for
// the rest.  Every status of the ABI table and of ntstatus.h must be here.
const std::map<std::string, Expected>& expectedMappings()
{
    static const std::map<std::string, Expected> kTable = {
        {"STATUS_SUCCESS", {0, 0x00000000}},
        {"STATUS_WAIT_0", {0, 0x00000000}},
        {"STATUS_USER_APC", {317, 0x00000000}},
        {"STATUS_ALERTED", {317, 0x00000000}},
        {"STATUS_TIMEOUT", {1460, 0x00000000}},
        {"STATUS_PENDING", {997, 0x00000000}},
        {"STATUS_REPARSE", {317, 0x00000000}},
        {"STATUS_MORE_ENTRIES", {234, 0x00000000}},
        {"STATUS_NOT_ALL_ASSIGNED", {1300, 0x00000000}},
        {"STATUS_DATATYPE_MISALIGNMENT", {998, 0x800703E6}},
        {"STATUS_BUFFER_OVERFLOW", {234, 0x800700EA}},
        {"STATUS_NO_MORE_FILES", {18, 0x80070012}},
        {"STATUS_DEVICE_BUSY", {170, 0x800700AA}},
        {"STATUS_NO_MORE_ENTRIES", {259, 0x80070103}},
        {"STATUS_END_OF_MEDIA", {1100, 0x8007044C}},
        {"STATUS_UNSUCCESSFUL", {31, 0x8007001F}},
        {"STATUS_NOT_IMPLEMENTED", {1, 0x80070001}},
        {"STATUS_INVALID_INFO_CLASS", {87, 0x80070057}},
        {"STATUS_INFO_LENGTH_MISMATCH", {24, 0x80070018}},
        {"STATUS_ACCESS_VIOLATION", {998, 0x800703E6}},
        {"STATUS_INVALID_HANDLE", {6, 0x80070006}},
        {"STATUS_INVALID_PARAMETER", {87, 0x80070057}},
        {"STATUS_NO_SUCH_DEVICE", {2, 0x80070002}},
        {"STATUS_NO_SUCH_FILE", {2, 0x80070002}},
        {"STATUS_INVALID_DEVICE_REQUEST", {1, 0x80070001}},
        {"STATUS_END_OF_FILE", {38, 0x80070026}},
        {"STATUS_MORE_PROCESSING_REQUIRED", {234, 0x800700EA}},
        {"STATUS_NO_MEMORY", {8, 0x80070008}},
        {"STATUS_ACCESS_DENIED", {5, 0x80070005}},
        {"STATUS_BUFFER_TOO_SMALL", {122, 0x8007007A}},
        {"STATUS_OBJECT_TYPE_MISMATCH", {6, 0x80070006}},
        {"STATUS_OBJECT_NAME_INVALID", {123, 0x8007007B}},
        {"STATUS_OBJECT_NAME_NOT_FOUND", {2, 0x80070002}},
        {"STATUS_OBJECT_NAME_COLLISION", {183, 0x800700B7}},
        {"STATUS_OBJECT_PATH_NOT_FOUND", {3, 0x80070003}},
        {"STATUS_SHARING_VIOLATION", {32, 0x80070020}},
        {"STATUS_DELETE_PENDING", {5, 0x80070005}},
        {"STATUS_INTEGER_OVERFLOW", {534, 0x80070216}},
        {"STATUS_PROCEDURE_NOT_FOUND", {127, 0x8007007F}},
        {"STATUS_ALLOTTED_SPACE_EXCEEDED", {1344, 0x80070540}},
        {"STATUS_INSUFFICIENT_RESOURCES", {1450, 0x800705AA}},
        {"STATUS_DEVICE_NOT_CONNECTED", {1167, 0x8007048F}},
        {"STATUS_DEVICE_NOT_READY", {21, 0x80070015}},
        {"STATUS_IO_TIMEOUT", {121, 0x80070079}},
        {"STATUS_NOT_SUPPORTED", {50, 0x80070032}},
        {"STATUS_INTERNAL_ERROR", {1359, 0x8007054F}},
        {"STATUS_INVALID_PARAMETER_1", {87, 0x80070057}},
        {"STATUS_INVALID_PARAMETER_2", {87, 0x80070057}},
        {"STATUS_CANCELLED", {995, 0x800703E3}},
        {"STATUS_FILE_CLOSED", {6, 0x80070006}},
        {"STATUS_INVALID_DEVICE_STATE", {22, 0x80070016}},
        {"STATUS_IO_DEVICE_ERROR", {1117, 0x8007045D}},
        {"STATUS_INVALID_BUFFER_SIZE", {1784, 0x800706F8}},
        {"STATUS_NOT_FOUND", {1168, 0x80070490}},
        {"STATUS_PROPSET_NOT_FOUND", {1170, 0x80070492}},
        {"STATUS_NO_MATCH", {1169, 0x80070491}},
        {"STATUS_DEVICE_REMOVED", {1617, 0x80070651}},
        {"STATUS_NOINTERFACE", {632, 0x80070278}},
    };
    return kTable;
}

struct NamedStatus {
    std::string name;
    uint32_t value;
};

// The `status` rows of ks-abi-x64.tsv: kind, name, value (hex), size, note.
std::vector<NamedStatus> abiTableStatuses()
{
    const auto path = openks::test::sharedDir() / "abi" / "ks-abi-x64.tsv";
    std::ifstream in(path);
    EXPECT_TRUE(in.is_open()) << "cannot read " << path;
    std::vector<NamedStatus> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string kind, name, value;
        if (!std::getline(fields, kind, '\t') || kind != "status") continue;
        std::getline(fields, name, '\t');
        std::getline(fields, value, '\t');
        rows.push_back({name, static_cast<uint32_t>(std::stoul(value, nullptr, 16))});
    }
    return rows;
}

// Every `#define STATUS_X ((NTSTATUS)0x...L)` of our ntstatus.h.
std::vector<NamedStatus> headerStatuses()
{
    std::ifstream in(OPENKS_NTSTATUS_HEADER);
    EXPECT_TRUE(in.is_open()) << "cannot read " << OPENKS_NTSTATUS_HEADER;
    std::vector<NamedStatus> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string define, name, value;
        words >> define >> name >> value;
        const std::string cast = "((NTSTATUS)0x";
        if (define != "#define" || !name.starts_with("STATUS_") || !value.starts_with(cast)) continue;
        rows.push_back({name, static_cast<uint32_t>(std::stoul(value.substr(cast.size()), nullptr, 16))});
    }
    return rows;
}

void expectMapsAsWindows(const NamedStatus& s)
{
    SCOPED_TRACE(s.name);
    const auto it = expectedMappings().find(s.name);
    if (it == expectedMappings().end()) {
        ADD_FAILURE() << s.name << " has no expected Win32 mapping in this test; add the Windows pair";
        return;
    }
    const auto status = static_cast<NTSTATUS>(s.value);
    EXPECT_EQ(RtlNtStatusToDosError(status), it->second.win32);
    EXPECT_EQ(static_cast<uint32_t>(openks_HresultFromNtStatus(status)), it->second.hresult);
}

// ks-spec §11 (the translation table); §12 item 48 (the HRESULTs KsSynchronousDeviceControl returns).
TEST(StatusMap, EveryAbiTableStatusMapsAsWindows)
{
    const auto rows = abiTableStatuses();
    ASSERT_FALSE(rows.empty());
    for (const auto& row : rows) {
        expectMapsAsWindows(row);
        EXPECT_STREQ(openks_NtStatusName(static_cast<NTSTATUS>(row.value)), row.name.c_str());
    }
}

TEST(StatusMap, EveryHeaderStatusMapsAsWindows)
{
    const auto rows = headerStatuses();
    ASSERT_FALSE(rows.empty());
    std::map<std::string, uint32_t> valueOf;
    for (const auto& row : rows) {
        valueOf[row.name] = row.value;
    }
    for (const auto& row : rows) {
        expectMapsAsWindows(row);
        // Aliases (STATUS_WAIT_0 == STATUS_SUCCESS) name the status by its usual spelling.
        const std::string name = openks_NtStatusName(static_cast<NTSTATUS>(row.value));
        ASSERT_TRUE(valueOf.contains(name)) << row.name << " is named " << name;
        EXPECT_EQ(valueOf[name], row.value) << row.name << " is named " << name;
    }
}

// ks-spec §6 / §12 item 48: the two size-query answers clients tell apart, and success-class warnings.
TEST(StatusMap, SizeQueryStatusesGiveTheHresultsClientsHandle)
{
    EXPECT_EQ(static_cast<uint32_t>(openks_HresultFromNtStatus(STATUS_BUFFER_OVERFLOW)), 0x800700EAU);
    EXPECT_EQ(static_cast<uint32_t>(openks_HresultFromNtStatus(STATUS_BUFFER_TOO_SMALL)), 0x8007007AU);
    EXPECT_EQ(openks_HresultFromNtStatus(STATUS_MORE_ENTRIES), 0);
    EXPECT_EQ(RtlNtStatusToDosError(STATUS_MORE_ENTRIES), 234U);
}

TEST(StatusMap, UnknownStatusIsMessageIdNotFound)
{
    const auto unknown = static_cast<NTSTATUS>(0xC0001234U);
    EXPECT_EQ(RtlNtStatusToDosError(unknown), 317U);
    EXPECT_EQ(static_cast<uint32_t>(openks_HresultFromNtStatus(unknown)), 0x8007013DU);
    EXPECT_STREQ(openks_NtStatusName(unknown), "0xC0001234");
}

TEST(StatusMap, SpecialRangesFollowWindows)
{
    // 0xD... is read as 0xC...
    EXPECT_EQ(RtlNtStatusToDosError(static_cast<NTSTATUS>(0xD0000022U)), 5U);
    // Customer codes pass through unchanged, and their HRESULT is the code itself.
    EXPECT_EQ(RtlNtStatusToDosError(static_cast<NTSTATUS>(0xE0000001U)), 0xE0000001U);
    EXPECT_EQ(static_cast<uint32_t>(openks_HresultFromNtStatus(static_cast<NTSTATUS>(0xE0000001U))), 0xE0000001U);
    // A Win32 error wrapped as an NTSTATUS (NTSTATUS_FROM_WIN32) or as an HRESULT comes back out.
    EXPECT_EQ(RtlNtStatusToDosError(static_cast<NTSTATUS>(0xC0070490U)), 1168U);
    EXPECT_EQ(RtlNtStatusToDosError(static_cast<NTSTATUS>(0x80070057U)), 87U);
}

TEST(StatusMap, Win32ErrorNames)
{
    EXPECT_STREQ(openks_Win32ErrorName(234), "ERROR_MORE_DATA");
    EXPECT_STREQ(openks_Win32ErrorName(0), "ERROR_SUCCESS");
    EXPECT_STREQ(openks_Win32ErrorName(317), "ERROR_MR_MID_NOT_FOUND");
    EXPECT_STREQ(openks_Win32ErrorName(4321), "4321");
    // Every error the map produces has a name, never a number.
    for (const auto& [name, expected] : expectedMappings()) {
        EXPECT_STRNE(openks_Win32ErrorName(expected.win32), std::to_string(expected.win32).c_str()) << name;
    }
}

TEST(StatusMap, UnnamedTextIsPerThread)
{
    std::barrier sync(2);
    std::string seenByOther;
    const char* mine = openks_NtStatusName(static_cast<NTSTATUS>(0xC0000AAAU));
    std::thread other([&] {
        seenByOther = openks_NtStatusName(static_cast<NTSTATUS>(0xC0000BBBU));
        sync.arrive_and_wait();
    });
    sync.arrive_and_wait();
    other.join();
    EXPECT_STREQ(mine, "0xC0000AAA");
    EXPECT_EQ(seenByOther, "0xC0000BBB");
}

}  // namespace
