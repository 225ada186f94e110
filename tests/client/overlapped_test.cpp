// SPDX-License-Identifier: MIT
// Overlapped requests: pending, completion, events and file-handle signalling, GetOverlappedResult(Ex), cancellation.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

constexpr ULONG kBytes = 4096;

// A null audio pin (48 kHz, 16 bit, stereo), paused: writes pend until RUN.
class OverlappedTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string path = nullPath();
        ASSERT_FALSE(path.empty());
        filter_ = openFilter(path);
        ASSERT_NE(filter_, INVALID_HANDLE_VALUE);
        AudioPinCreate create = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
        ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_READ | GENERIC_WRITE, &pin_), 0u);
        ASSERT_EQ(setState(pin_, KSSTATE_ACQUIRE), S_OK);
        ASSERT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
        event_ = CreateEventA(nullptr, TRUE, FALSE, nullptr);
        ASSERT_NE(event_, nullptr);
    }
    void TearDown() override
    {
        if (pin_ != INVALID_HANDLE_VALUE) CloseHandle(pin_);
        if (filter_ != INVALID_HANDLE_VALUE) CloseHandle(filter_);
        if (event_ != nullptr) CloseHandle(event_);
    }

    // Submits a write of kBytes; returns what DeviceIoControl returned.
    BOOL write(OVERLAPPED* overlapped, KSSTREAM_HEADER* header, DWORD* returned = nullptr)
    {
        *header = writeHeader(data_.data(), kBytes);
        return DeviceIoControl(pin_, IOCTL_KS_WRITE_STREAM, nullptr, 0, header, sizeof(*header), returned, overlapped);
    }

    std::vector<unsigned char> data_ = std::vector<unsigned char>(kBytes, 0x5a);
    HANDLE filter_ = INVALID_HANDLE_VALUE;
    HANDLE pin_ = INVALID_HANDLE_VALUE;
    HANDLE event_ = nullptr;
};

TEST_F(OverlappedTest, EventIsSetWhenTheRequestCompletesAtOnce)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_GET;
    KSSTATE state = KSSTATE_STOP;
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    DWORD returned = 0;
    ASSERT_TRUE(DeviceIoControl(pin_, IOCTL_KS_PROPERTY, &property, sizeof(property), &state, sizeof(state), &returned,
                                &overlapped));
    EXPECT_EQ(state, KSSTATE_PAUSE);
    EXPECT_EQ(returned, sizeof(KSSTATE));
    EXPECT_EQ(WaitForSingleObject(event_, 0), WAIT_OBJECT_0);
    EXPECT_TRUE(HasOverlappedIoCompleted(&overlapped));
    EXPECT_EQ(static_cast<NTSTATUS>(overlapped.Internal), STATUS_SUCCESS);
    EXPECT_EQ(overlapped.InternalHigh, sizeof(KSSTATE));
}

TEST_F(OverlappedTest, AnEventWithItsLowBitSetIsSignalledAllTheSame)
{
    // On Windows the low bit of hEvent only keeps the completion off an I/O completion port.
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_GET;
    KSSTATE state = KSSTATE_STOP;
    OVERLAPPED overlapped{};
    overlapped.hEvent = reinterpret_cast<HANDLE>(reinterpret_cast<ULONG_PTR>(event_) | 1);
    DWORD returned = 0;
    ASSERT_TRUE(DeviceIoControl(pin_, IOCTL_KS_PROPERTY, &property, sizeof(property), &state, sizeof(state), &returned,
                                &overlapped));
    EXPECT_EQ(WaitForSingleObject(event_, 0), WAIT_OBJECT_0);
    DWORD transferred = 0;
    EXPECT_TRUE(GetOverlappedResult(pin_, &overlapped, &transferred, TRUE));
    EXPECT_EQ(transferred, sizeof(KSSTATE));
}

TEST_F(OverlappedTest, BytesAreReturnedWithMoreData)
{
    // ks-spec §11: warnings fail DeviceIoControl but still deliver Information.
    KSP_PIN request{};
    request.Property.Set = KSPROPSETID_Pin;
    request.Property.Id = KSPROPERTY_PIN_DATARANGES;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    request.PinId = NULL_PIN_AUDIO;
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    DWORD returned = 0;
    EXPECT_FALSE(
        DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), nullptr, 0, &returned, &overlapped));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MORE_DATA));
    const DWORD expected = sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSDATARANGE_AUDIO);
    EXPECT_EQ(returned, expected);
    EXPECT_EQ(static_cast<NTSTATUS>(overlapped.Internal), STATUS_BUFFER_OVERFLOW);
    DWORD transferred = 0;
    EXPECT_FALSE(GetOverlappedResult(filter_, &overlapped, &transferred, TRUE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MORE_DATA));
    EXPECT_EQ(transferred, expected);
}

TEST_F(OverlappedTest, PendingWriteReportsIoPendingThenCompletesOnRun)
{
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    KSSTREAM_HEADER header;
    DWORD returned = 77;
    ASSERT_FALSE(write(&overlapped, &header, &returned));
    ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    EXPECT_FALSE(HasOverlappedIoCompleted(&overlapped));
    EXPECT_EQ(WaitForSingleObject(event_, 0), static_cast<DWORD>(WAIT_TIMEOUT));

    DWORD transferred = 0;
    EXPECT_FALSE(GetOverlappedResult(pin_, &overlapped, &transferred, FALSE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_INCOMPLETE));

    ASSERT_EQ(setState(pin_, KSSTATE_RUN), S_OK);
    EXPECT_TRUE(GetOverlappedResult(pin_, &overlapped, &transferred, TRUE));
    EXPECT_EQ(transferred, kBytes);  // a write's Information is the bytes consumed (ks-spec §12 item 20)
    EXPECT_EQ(WaitForSingleObject(event_, 0), WAIT_OBJECT_0);
    EXPECT_EQ(nullStatistics(pin_).Bytes, kBytes);
}

TEST_F(OverlappedTest, GetOverlappedResultExTimesOutWhileStillPending)
{
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    KSSTREAM_HEADER header;
    ASSERT_FALSE(write(&overlapped, &header));
    ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    DWORD transferred = 0;
    EXPECT_FALSE(GetOverlappedResultEx(pin_, &overlapped, &transferred, 20, FALSE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_FALSE(GetOverlappedResultEx(pin_, &overlapped, &transferred, 0, FALSE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_INCOMPLETE));
    EXPECT_TRUE(CancelIoEx(pin_, &overlapped));
    EXPECT_FALSE(GetOverlappedResultEx(pin_, &overlapped, &transferred, INFINITE, FALSE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
}

TEST_F(OverlappedTest, ARequestWithoutAnEventSignalsThePinHandle)
{
    // clients.md §1.1: libaout waits on the file handle after STATUS_PENDING.
    OVERLAPPED overlapped{};
    KSSTREAM_HEADER header;
    ASSERT_FALSE(write(&overlapped, &header));
    ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    // Issuing it cleared the handle's signal; nothing has completed since.
    EXPECT_EQ(WaitForSingleObject(pin_, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_TRUE(CancelIoEx(pin_, &overlapped));  // not a request: only the write's completion signals
    EXPECT_EQ(WaitForSingleObject(pin_, INFINITE), WAIT_OBJECT_0);
    DWORD transferred = 0;
    EXPECT_FALSE(GetOverlappedResult(pin_, &overlapped, &transferred, TRUE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
}

TEST_F(OverlappedTest, GetOverlappedResultWaitsOnThePinHandleWhenThereIsNoEvent)
{
    OVERLAPPED overlapped{};
    KSSTREAM_HEADER header;
    ASSERT_FALSE(write(&overlapped, &header));
    ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    std::thread runner([&] { EXPECT_EQ(setState(pin_, KSSTATE_RUN), S_OK); });
    DWORD transferred = 0;
    EXPECT_TRUE(GetOverlappedResult(pin_, &overlapped, &transferred, TRUE));
    EXPECT_EQ(transferred, kBytes);
    runner.join();
}

TEST_F(OverlappedTest, CancelIoExWithNothingPendingFailsWithNotFound)
{
    SetLastError(0);
    EXPECT_FALSE(CancelIoEx(pin_, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
    OVERLAPPED unknown{};
    EXPECT_FALSE(CancelIoEx(pin_, &unknown));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
    EXPECT_TRUE(CancelIo(pin_));  // CancelIo succeeds with nothing to cancel
}

TEST_F(OverlappedTest, CancelIoExCancelsOnlyTheNamedRequest)
{
    OVERLAPPED first{}, second{};
    first.hEvent = event_;
    HANDLE secondEvent = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    second.hEvent = secondEvent;
    KSSTREAM_HEADER h1, h2;
    ASSERT_FALSE(write(&first, &h1));
    ASSERT_FALSE(write(&second, &h2));
    EXPECT_TRUE(CancelIoEx(pin_, &first));
    DWORD transferred = 0;
    EXPECT_FALSE(GetOverlappedResult(pin_, &first, &transferred, TRUE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
    EXPECT_FALSE(HasOverlappedIoCompleted(&second));
    EXPECT_FALSE(CancelIoEx(pin_, &first));  // already gone
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
    EXPECT_TRUE(CancelIoEx(pin_, nullptr));  // every request of the handle
    EXPECT_FALSE(GetOverlappedResult(pin_, &second, &transferred, TRUE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
    CloseHandle(secondEvent);
}

TEST_F(OverlappedTest, ClosingThePinCompletesItsPendingRequests)
{
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    KSSTREAM_HEADER header;
    ASSERT_FALSE(write(&overlapped, &header));
    ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    EXPECT_TRUE(CloseHandle(pin_));
    HANDLE closed = pin_;
    pin_ = INVALID_HANDLE_VALUE;
    EXPECT_EQ(WaitForSingleObject(event_, INFINITE), WAIT_OBJECT_0);
    DWORD transferred = 0;
    EXPECT_FALSE(GetOverlappedResult(closed, &overlapped, &transferred, FALSE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
}

TEST_F(OverlappedTest, NullOverlappedOnAnOverlappedHandleWaitsForThePendingRequest)
{
    // kernel32 waits inside DeviceIoControl; cancelling it from here is how
    // the test learns (without a sleep) that the call really was waiting.
    std::atomic<bool> returned{false};
    BOOL result = TRUE;
    DWORD error = 0;
    std::thread writer([&] {
        KSSTREAM_HEADER header = writeHeader(data_.data(), kBytes);
        DWORD bytes = 0;
        result = DeviceIoControl(pin_, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header, sizeof(header), &bytes, nullptr);
        error = GetLastError();
        returned = true;
    });
    while (!CancelIoEx(pin_, nullptr)) {
        ASSERT_FALSE(returned.load());
        std::this_thread::yield();
    }
    writer.join();
    EXPECT_FALSE(result);
    EXPECT_EQ(error, static_cast<DWORD>(ERROR_OPERATION_ABORTED));  // never ERROR_IO_PENDING
}

TEST_F(OverlappedTest, ASynchronousPinHandleWaitsForPendingRequestsInsideTheCall)
{
    // A pin opened with FILE_SYNCHRONOUS_IO_NONALERT through NtCreateFile.
    AudioPinCreate create = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    CloseHandle(pin_);  // the audio pin allows one instance
    pin_ = INVALID_HANDLE_VALUE;
    std::vector<unsigned char> name;
    const std::u16string prefix = std::u16string(KSSTRING_Pin) + u"\\";
    name.resize(prefix.size() * 2 + sizeof(create));
    std::memcpy(name.data(), prefix.data(), prefix.size() * 2);
    std::memcpy(name.data() + prefix.size() * 2, &create, sizeof(create));
    UNICODE_STRING objectName{static_cast<USHORT>(name.size()), static_cast<USHORT>(name.size()),
                              reinterpret_cast<PWSTR>(name.data())};
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &objectName, OBJ_CASE_INSENSITIVE, filter_, nullptr);
    IO_STATUS_BLOCK iosb{};
    HANDLE syncPin = nullptr;
    ASSERT_EQ(NtCreateFile(&syncPin, GENERIC_READ | GENERIC_WRITE, &attributes, &iosb, nullptr, 0, 0, FILE_OPEN,
                           FILE_SYNCHRONOUS_IO_NONALERT, nullptr, 0),
              STATUS_SUCCESS);
    ASSERT_EQ(setState(syncPin, KSSTATE_PAUSE), S_OK);

    std::atomic<bool> returned{false};
    BOOL result = TRUE;
    DWORD error = 0;
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    std::thread writer([&] {
        KSSTREAM_HEADER header = writeHeader(data_.data(), kBytes);
        DWORD bytes = 0;
        result =
            DeviceIoControl(syncPin, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header, sizeof(header), &bytes, &overlapped);
        error = GetLastError();
        returned = true;
    });
    while (!CancelIoEx(syncPin, nullptr)) {
        ASSERT_FALSE(returned.load());
        std::this_thread::yield();
    }
    writer.join();
    EXPECT_FALSE(result);
    EXPECT_EQ(error, static_cast<DWORD>(ERROR_OPERATION_ABORTED));
    EXPECT_EQ(WaitForSingleObject(event_, 0), WAIT_OBJECT_0);
    EXPECT_EQ(NtClose(syncPin), STATUS_SUCCESS);
}

TEST_F(OverlappedTest, WriteOnAPinWithoutWriteAccessIsDenied)
{
    CloseHandle(pin_);
    pin_ = INVALID_HANDLE_VALUE;
    AudioPinCreate create = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_READ, &pin_), 0u);
    OVERLAPPED overlapped{};
    overlapped.hEvent = event_;
    KSSTREAM_HEADER header;
    EXPECT_FALSE(write(&overlapped, &header));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ACCESS_DENIED));
    EXPECT_EQ(WaitForSingleObject(event_, 0), static_cast<DWORD>(WAIT_TIMEOUT));  // refused, never issued
}

TEST_F(OverlappedTest, ManyRequestsInFlightAllComplete)
{
    constexpr int kCount = 32;
    std::vector<OVERLAPPED> overlapped(kCount);
    std::vector<KSSTREAM_HEADER> headers(kCount);
    std::vector<HANDLE> events(kCount);
    for (int i = 0; i < kCount; ++i) {
        events[i] = CreateEventA(nullptr, TRUE, FALSE, nullptr);
        overlapped[i].hEvent = events[i];
        ASSERT_FALSE(write(&overlapped[i], &headers[i]));
        ASSERT_EQ(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    }
    ASSERT_EQ(setState(pin_, KSSTATE_RUN), S_OK);
    EXPECT_EQ(WaitForMultipleObjects(kCount, events.data(), TRUE, INFINITE), WAIT_OBJECT_0);
    for (int i = 0; i < kCount; ++i) {
        DWORD transferred = 0;
        EXPECT_TRUE(GetOverlappedResult(pin_, &overlapped[i], &transferred, FALSE));
        EXPECT_EQ(transferred, kBytes);
        CloseHandle(events[i]);
    }
    EXPECT_EQ(nullStatistics(pin_).Frames, static_cast<ULONGLONG>(kCount));
}

}  // namespace
}  // namespace openks::test
