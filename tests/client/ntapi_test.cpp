// SPDX-License-Identifier: MIT
// The native calls (libaout style): NtCreateFile, NtDeviceIoControlFile with IO_STATUS_BLOCKs, waits on file handles.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

// NtCreateFile with an NT path ("\??\..." instead of "\\?\...") or relative to `root`.
NTSTATUS ntOpen(const std::u16string& name, HANDLE root, HANDLE* handle, ULONG options = 0)
{
    UNICODE_STRING objectName{static_cast<USHORT>(name.size() * 2), static_cast<USHORT>(name.size() * 2),
                              const_cast<PWSTR>(name.data())};
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &objectName, OBJ_CASE_INSENSITIVE, root, nullptr);
    IO_STATUS_BLOCK iosb{};
    return NtCreateFile(handle, GENERIC_READ | GENERIC_WRITE, &attributes, &iosb, nullptr, 0, 0, FILE_OPEN, options,
                        nullptr, 0);
}

class NtApiTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string path = nullPath();
        ASSERT_EQ(path.rfind("\\\\?\\", 0), 0u);
        std::u16string nt = u"\\??\\" + std::u16string(path.begin() + 4, path.end());
        ASSERT_EQ(ntOpen(nt, nullptr, &filter_), STATUS_SUCCESS);
        // The pin, created the way libaout re-implements KsCreatePin.
        StreamPinCreate create = streamPin();
        std::u16string name = std::u16string(KSSTRING_Pin) + u"\\";
        name.resize(name.size() + (sizeof(create) + 1) / 2);
        std::memcpy(name.data() + 39, &create, sizeof(create));
        ASSERT_EQ(ntOpen(name, filter_, &pin_), STATUS_SUCCESS);
    }
    void TearDown() override
    {
        EXPECT_EQ(NtClose(pin_), STATUS_SUCCESS);
        EXPECT_EQ(NtClose(filter_), STATUS_SUCCESS);
    }

    HANDLE filter_ = nullptr;
    HANDLE pin_ = nullptr;
};

TEST_F(NtApiTest, PropertyCompletesAtOnceIntoTheStatusBlock)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_GET;
    KSSTATE state = KSSTATE_RUN;
    IO_STATUS_BLOCK iosb{};
    EXPECT_EQ(NtDeviceIoControlFile(pin_, nullptr, nullptr, nullptr, &iosb, IOCTL_KS_PROPERTY, &property,
                                    sizeof(property), &state, sizeof(state)),
              STATUS_SUCCESS);
    EXPECT_EQ(iosb.Status, STATUS_SUCCESS);
    EXPECT_EQ(iosb.Information, sizeof(KSSTATE));
    EXPECT_EQ(state, KSSTATE_STOP);  // ks-spec §12 item 28
}

TEST_F(NtApiTest, PendingWriteIsWaitedForOnTheFileHandle)
{
    ASSERT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
    std::vector<unsigned char> data(256);
    KSSTREAM_HEADER header = writeHeader(data.data(), 256);
    IO_STATUS_BLOCK iosb{};
    ASSERT_EQ(NtDeviceIoControlFile(pin_, nullptr, nullptr, nullptr, &iosb, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header,
                                    sizeof(header)),
              STATUS_PENDING);
    LARGE_INTEGER poll{};
    EXPECT_EQ(NtWaitForSingleObject(pin_, FALSE, &poll), STATUS_TIMEOUT);

    // RUN through a request with an event of its own: only the write signals the pin handle.
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_SET;
    KSSTATE run = KSSTATE_RUN;
    HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    IO_STATUS_BLOCK stateIosb{};
    NTSTATUS status = NtDeviceIoControlFile(pin_, event, nullptr, nullptr, &stateIosb, IOCTL_KS_PROPERTY, &property,
                                            sizeof(property), &run, sizeof(run));
    if (status == STATUS_PENDING) {
        EXPECT_EQ(NtWaitForSingleObject(event, FALSE, nullptr), STATUS_SUCCESS);
    }
    EXPECT_EQ(stateIosb.Status, STATUS_SUCCESS);

    EXPECT_EQ(NtWaitForSingleObject(pin_, FALSE, nullptr), STATUS_SUCCESS);
    EXPECT_EQ(iosb.Status, STATUS_SUCCESS);
    EXPECT_EQ(iosb.Information, 256u);
    CloseHandle(event);
}

TEST_F(NtApiTest, WaitForMultipleObjectsAnyAndAll)
{
    HANDLE events[2] = {CreateEventA(nullptr, TRUE, FALSE, nullptr), CreateEventA(nullptr, TRUE, TRUE, nullptr)};
    LARGE_INTEGER poll{};
    EXPECT_EQ(NtWaitForMultipleObjects(2, events, WaitAny, FALSE, &poll), STATUS_WAIT_0 + 1);
    EXPECT_EQ(NtWaitForMultipleObjects(2, events, WaitAll, FALSE, &poll), STATUS_TIMEOUT);
    SetEvent(events[0]);
    EXPECT_EQ(NtWaitForMultipleObjects(2, events, WaitAll, FALSE, nullptr), STATUS_WAIT_0);
    EXPECT_EQ(NtWaitForMultipleObjects(0, events, WaitAny, FALSE, &poll), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(NtWaitForMultipleObjects(2, events, static_cast<WAIT_TYPE>(7), FALSE, &poll), STATUS_INVALID_PARAMETER);
    for (HANDLE e : events)
        NtClose(e);
}

TEST_F(NtApiTest, BadArgumentsGetAStatusAndTouchNothing)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Flags = KSPROPERTY_TYPE_GET;
    KSSTATE state{};
    IO_STATUS_BLOCK iosb{};
    iosb.Status = 0x1234;
    EXPECT_EQ(NtDeviceIoControlFile(pin_, reinterpret_cast<HANDLE>(0x6660), nullptr, nullptr, &iosb, IOCTL_KS_PROPERTY,
                                    &property, sizeof(property), &state, sizeof(state)),
              STATUS_INVALID_HANDLE);
    EXPECT_EQ(iosb.Status, 0x1234);
    EXPECT_EQ(NtDeviceIoControlFile(pin_, nullptr, nullptr, nullptr, nullptr, IOCTL_KS_PROPERTY, &property,
                                    sizeof(property), &state, sizeof(state)),
              STATUS_INVALID_PARAMETER);
    // A file handle is no event.
    EXPECT_NE(NtDeviceIoControlFile(pin_, filter_, nullptr, nullptr, &iosb, IOCTL_KS_PROPERTY, &property,
                                    sizeof(property), &state, sizeof(state)),
              STATUS_SUCCESS);
    EXPECT_EQ(NtClose(reinterpret_cast<HANDLE>(0x6660)), STATUS_INVALID_HANDLE);
    HANDLE none = reinterpret_cast<HANDLE>(1);
    EXPECT_EQ(ntOpen(u"\\??\\openks#nothing-here", nullptr, &none), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(none, nullptr);
}

}  // namespace
}  // namespace openks::test
