// SPDX-License-Identifier: MIT
// kernel32 semantics of the Win32 calls: opening, closing, device control, events, waits, last error.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

KSPROPERTY pinProperty(ULONG id)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Pin;
    property.Id = id;
    property.Flags = KSPROPERTY_TYPE_GET;
    return property;
}

class Win32Test : public ::testing::Test {
protected:
    void SetUp() override
    {
        path_ = nullPath();
        ASSERT_FALSE(path_.empty());
        filter_ = openFilter(path_);
        ASSERT_NE(filter_, INVALID_HANDLE_VALUE) << GetLastError();
    }
    void TearDown() override
    {
        if (filter_ != INVALID_HANDLE_VALUE) {
            EXPECT_TRUE(CloseHandle(filter_));
        }
    }

    std::string path_;
    HANDLE filter_ = INVALID_HANDLE_VALUE;
};

TEST_F(Win32Test, CreateFileOpensTheEnumeratedPathWithBothCharacterWidths)
{
    std::u16string wide(path_.begin(), path_.end());
    HANDLE byWide = CreateFileW(wide.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                FILE_FLAG_OVERLAPPED, nullptr);
    ASSERT_NE(byWide, INVALID_HANDLE_VALUE) << GetLastError();
    EXPECT_NE(byWide, filter_);
    EXPECT_TRUE(CloseHandle(byWide));
}

TEST_F(Win32Test, ShareModeZeroDoesNotMakeTheFilterExclusive)
{
    // clients.md §1.1: PortAudio and GStreamer open with share mode 0, several at once.
    HANDLE second = CreateFileA(path_.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                FILE_FLAG_OVERLAPPED, nullptr);
    ASSERT_NE(second, INVALID_HANDLE_VALUE) << GetLastError();
    EXPECT_TRUE(CloseHandle(second));
}

TEST_F(Win32Test, CreateFileWithAnUnknownPathFailsWithFileNotFound)
{
    SetLastError(0);
    HANDLE h = CreateFileA("\\\\?\\openks#nosuchdevice#0#{00000000-0000-0000-0000-000000000000}", GENERIC_READ, 0,
                           nullptr, OPEN_EXISTING, 0, nullptr);
    EXPECT_EQ(h, INVALID_HANDLE_VALUE);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_FILE_NOT_FOUND));
}

TEST_F(Win32Test, CreateFileRefusesBadArguments)
{
    EXPECT_EQ(CreateFileA(nullptr, GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr), INVALID_HANDLE_VALUE);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(CreateFileA("", GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr), INVALID_HANDLE_VALUE);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_PATH_NOT_FOUND));
    EXPECT_EQ(CreateFileA(path_.c_str(), GENERIC_READ, 0, nullptr, 77, 0, nullptr), INVALID_HANDLE_VALUE);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(Win32Test, BadHandlesFailWithInvalidHandleAndNeverCrash)
{
    const HANDLE bad[] = {nullptr, INVALID_HANDLE_VALUE, reinterpret_cast<HANDLE>(0x12345678),
                          reinterpret_cast<HANDLE>(0x7ffffffc), reinterpret_cast<HANDLE>(0x3)};
    for (HANDLE h : bad) {
        SetLastError(0);
        EXPECT_FALSE(CloseHandle(h));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
        KSPROPERTY property = pinProperty(KSPROPERTY_PIN_CTYPES);
        ULONG count = 0;
        DWORD returned = 123;
        SetLastError(0);
        EXPECT_FALSE(DeviceIoControl(h, IOCTL_KS_PROPERTY, &property, sizeof(property), &count, sizeof(count),
                                     &returned, nullptr));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
        EXPECT_EQ(returned, 0u);
        OVERLAPPED overlapped{};
        SetLastError(0);
        EXPECT_FALSE(DeviceIoControl(h, IOCTL_KS_PROPERTY, &property, sizeof(property), &count, sizeof(count),
                                     &returned, &overlapped));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
        EXPECT_FALSE(SetEvent(h));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
        EXPECT_FALSE(ResetEvent(h));
        EXPECT_EQ(WaitForSingleObject(h, 0), WAIT_FAILED);
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
        EXPECT_FALSE(CancelIoEx(h, nullptr));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
    }
}

TEST_F(Win32Test, AClosedHandleIsInvalid)
{
    HANDLE h = openFilter(path_);
    ASSERT_NE(h, INVALID_HANDLE_VALUE);
    EXPECT_TRUE(CloseHandle(h));
    EXPECT_FALSE(CloseHandle(h));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
    KSPROPERTY property = pinProperty(KSPROPERTY_PIN_CTYPES);
    ULONG count = 0;
    DWORD returned = 0;
    EXPECT_FALSE(
        DeviceIoControl(h, IOCTL_KS_PROPERTY, &property, sizeof(property), &count, sizeof(count), &returned, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST_F(Win32Test, PropertyWithoutOverlappedOnAnOverlappedHandleReturnsTheValue)
{
    // clients.md §1.1: PortAudio sends every property with a NULL OVERLAPPED.
    KSP_PIN request{};
    request.Property = pinProperty(KSPROPERTY_PIN_CTYPES);
    request.PinId = 0;
    ULONG count = 0;
    DWORD returned = 0;
    ASSERT_TRUE(DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), &count, sizeof(count), &returned,
                                nullptr))
        << GetLastError();
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(returned, sizeof(ULONG));
}

TEST_F(Win32Test, PropertyOnASynchronousHandleReturnsTheValue)
{
    HANDLE sync = openFilter(path_, false);
    ASSERT_NE(sync, INVALID_HANDLE_VALUE);
    KSPROPERTY property = pinProperty(KSPROPERTY_PIN_CTYPES);
    ULONG count = 0;
    DWORD returned = 0;
    EXPECT_TRUE(DeviceIoControl(sync, IOCTL_KS_PROPERTY, &property, sizeof(property), &count, sizeof(count), &returned,
                                nullptr));
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(returned, sizeof(ULONG));
    EXPECT_TRUE(CloseHandle(sync));
}

TEST_F(Win32Test, NullBytesReturnedWithoutOverlappedIsAnInvalidParameter)
{
    KSPROPERTY property = pinProperty(KSPROPERTY_PIN_CTYPES);
    ULONG count = 0;
    EXPECT_FALSE(DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &property, sizeof(property), &count, sizeof(count),
                                 nullptr, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(Win32Test, ZeroLengthSizeQueryFailsWithMoreDataAndReturnsTheSize)
{
    // clients.md §1.2 probe style 1; ks-spec §12 item 38 seen through kernel32.
    KSP_PIN request{};
    request.Property = pinProperty(KSPROPERTY_PIN_DATARANGES);
    request.PinId = NULL_PIN_AUDIO;
    DWORD returned = 0;
    SetLastError(0);
    EXPECT_FALSE(
        DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), nullptr, 0, &returned, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MORE_DATA));
    // KSMULTIPLE_ITEM + two KSDATARANGE_AUDIO (88 bytes, already 8-aligned).
    EXPECT_EQ(returned, sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSDATARANGE_AUDIO));

    std::vector<unsigned char> ranges(returned);
    DWORD fetched = 0;
    ASSERT_TRUE(DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), ranges.data(), returned,
                                &fetched, nullptr));
    EXPECT_EQ(fetched, returned);
    auto* items = reinterpret_cast<KSMULTIPLE_ITEM*>(ranges.data());
    EXPECT_EQ(items->Size, returned);
    EXPECT_EQ(items->Count, 2u);
}

TEST_F(Win32Test, UnknownPropertySetAndIdMapToSetNotFoundAndNotFound)
{
    // ks-spec §12 item 44.
    KSPROPERTY property = pinProperty(0);
    property.Set = KSPROPSETID_OpenksNull;  // a set only the null *pins* have
    ULONG value = 0;
    DWORD returned = 0;
    EXPECT_FALSE(DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &property, sizeof(property), &value, sizeof(value),
                                 &returned, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SET_NOT_FOUND));
    property = pinProperty(0x7777);
    EXPECT_FALSE(DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &property, sizeof(property), &value, sizeof(value),
                                 &returned, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
}

TEST(Win32Events, ManualResetEventStaysSetUntilReset)
{
    HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    ASSERT_NE(event, nullptr);
    EXPECT_EQ(WaitForSingleObject(event, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_TRUE(SetEvent(event));
    EXPECT_EQ(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    EXPECT_EQ(WaitForSingleObject(event, INFINITE), WAIT_OBJECT_0);
    EXPECT_TRUE(ResetEvent(event));
    EXPECT_EQ(WaitForSingleObject(event, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_TRUE(CloseHandle(event));
}

TEST(Win32Events, AutoResetEventIsConsumedBySatisfiedWait)
{
    HANDLE event = CreateEventW(nullptr, FALSE, TRUE, u"ignored name");
    ASSERT_NE(event, nullptr);
    EXPECT_EQ(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    EXPECT_EQ(WaitForSingleObject(event, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_TRUE(CloseHandle(event));
}

TEST(Win32Events, NamedEventsAreNotShared)
{
    HANDLE a = CreateEventA(nullptr, TRUE, FALSE, "same");
    HANDLE b = CreateEventA(nullptr, TRUE, FALSE, "same");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_NE(a, b);
    EXPECT_TRUE(SetEvent(a));
    EXPECT_EQ(WaitForSingleObject(b, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    CloseHandle(a);
    CloseHandle(b);
}

TEST(Win32Events, WaitTimesOutAfterTheGivenTime)
{
    HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    DWORD before = GetTickCount();
    EXPECT_EQ(WaitForSingleObject(event, 30), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_GE(GetTickCount() - before, 29u);
    CloseHandle(event);
}

TEST(Win32Events, WaitForMultipleAnyReturnsTheLowestSignalledIndex)
{
    HANDLE events[3];
    for (HANDLE& e : events)
        e = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    EXPECT_EQ(WaitForMultipleObjects(3, events, FALSE, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    SetEvent(events[2]);
    EXPECT_EQ(WaitForMultipleObjects(3, events, FALSE, INFINITE), WAIT_OBJECT_0 + 2);
    SetEvent(events[1]);
    EXPECT_EQ(WaitForMultipleObjects(3, events, FALSE, 0), WAIT_OBJECT_0 + 1);
    for (HANDLE e : events)
        CloseHandle(e);
}

TEST(Win32Events, WaitForMultipleAllNeedsEveryHandle)
{
    HANDLE events[2] = {CreateEventA(nullptr, TRUE, FALSE, nullptr), CreateEventA(nullptr, FALSE, FALSE, nullptr)};
    SetEvent(events[0]);
    EXPECT_EQ(WaitForMultipleObjects(2, events, TRUE, 10), static_cast<DWORD>(WAIT_TIMEOUT));
    SetEvent(events[1]);
    EXPECT_EQ(WaitForMultipleObjects(2, events, TRUE, INFINITE), WAIT_OBJECT_0);
    // The auto-reset one was consumed by the satisfied wait-all, the manual one was not.
    EXPECT_EQ(WaitForSingleObject(events[1], 0), static_cast<DWORD>(WAIT_TIMEOUT));
    EXPECT_EQ(WaitForSingleObject(events[0], 0), WAIT_OBJECT_0);
    for (HANDLE e : events)
        CloseHandle(e);
}

TEST(Win32Events, WaitForMultipleWakesWhenAnotherThreadSignals)
{
    HANDLE events[2] = {CreateEventA(nullptr, FALSE, FALSE, nullptr), CreateEventA(nullptr, FALSE, FALSE, nullptr)};
    std::thread signaller([&] { SetEvent(events[1]); });
    EXPECT_EQ(WaitForMultipleObjects(2, events, FALSE, INFINITE), WAIT_OBJECT_0 + 1);
    signaller.join();
    for (HANDLE e : events)
        CloseHandle(e);
}

TEST(Win32Events, WaitForMultipleRefusesBadCountsAndHandles)
{
    std::vector<HANDLE> events(MAXIMUM_WAIT_OBJECTS + 1);
    for (HANDLE& e : events)
        e = CreateEventA(nullptr, TRUE, TRUE, nullptr);
    EXPECT_EQ(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, events.data(), TRUE, 0), WAIT_OBJECT_0);
    EXPECT_EQ(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, events.data(), FALSE, 0), WAIT_FAILED);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(WaitForMultipleObjects(0, events.data(), FALSE, 0), WAIT_FAILED);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(WaitForMultipleObjects(1, nullptr, FALSE, 0), WAIT_FAILED);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    HANDLE withBad[2] = {events[0], reinterpret_cast<HANDLE>(0x4444)};
    EXPECT_EQ(WaitForMultipleObjects(2, withBad, FALSE, 0), WAIT_FAILED);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
    for (HANDLE e : events)
        CloseHandle(e);
}

TEST_F(Win32Test, SetEventOnAFileHandleIsAnInvalidHandle)
{
    EXPECT_FALSE(SetEvent(filter_));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST(Win32LastError, IsPerThread)
{
    SetLastError(1234);
    DWORD seenByOther = 99;
    std::thread other([&] { seenByOther = GetLastError(); });
    other.join();
    EXPECT_EQ(seenByOther, 0u);
    EXPECT_EQ(GetLastError(), 1234u);
}

// PortAudio's way to KsCreatePin (clients.md §1.3): ksuser.dll loaded at run time.
typedef DWORD(WINAPI KSCREATEPIN)(HANDLE, PKSPIN_CONNECT, ACCESS_MASK, PHANDLE);

TEST_F(Win32Test, KsCreatePinFoundThroughLoadLibraryAndGetProcAddress)
{
    HMODULE ksuser = LoadLibraryA("ksuser.dll");
    ASSERT_NE(ksuser, nullptr);
    auto* create =
        reinterpret_cast<KSCREATEPIN*>(reinterpret_cast<void (*)(void)>(GetProcAddress(ksuser, "KsCreatePin")));
    ASSERT_NE(create, nullptr);
    EXPECT_EQ(create, &KsCreatePin);
    AudioPinCreate request = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    HANDLE pin = nullptr;
    EXPECT_EQ(create(filter_, &request.connect, GENERIC_WRITE, &pin), 0u);
    EXPECT_TRUE(CloseHandle(pin));
    EXPECT_EQ(LoadLibraryW(u"C:\\Windows\\System32\\KSUSER.DLL"), ksuser);
    HMODULE ksproxy = LoadLibraryA("ksproxy.ax");
    EXPECT_NE(GetProcAddress(ksproxy, "KsSynchronousDeviceControl"), nullptr);
    EXPECT_TRUE(FreeLibrary(ksuser));
}

TEST(Win32Modules, UnknownLibrariesAndProceduresAreNotFound)
{
    EXPECT_EQ(LoadLibraryA("avrt.dll"), nullptr);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MOD_NOT_FOUND));
    HMODULE ksuser = LoadLibraryA("KsUser");
    ASSERT_NE(ksuser, nullptr);
    EXPECT_EQ(GetProcAddress(ksuser, "KsCreatePin2"), nullptr);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_PROC_NOT_FOUND));
    EXPECT_EQ(GetProcAddress(ksuser, "CreateFileA"), nullptr);                // a kernel32 function, not ksuser's
    EXPECT_EQ(GetProcAddress(ksuser, reinterpret_cast<LPCSTR>(1)), nullptr);  // ordinals are not supported
    EXPECT_EQ(GetProcAddress(reinterpret_cast<HMODULE>(0x1000), "KsCreatePin"), nullptr);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
    EXPECT_FALSE(FreeLibrary(reinterpret_cast<HMODULE>(0x1000)));
}

TEST(Win32Time, ClocksAreMonotonic)
{
    LARGE_INTEGER frequency{}, first{}, second{};
    EXPECT_TRUE(QueryPerformanceFrequency(&frequency));
    EXPECT_GT(frequency.QuadPart, 0);
    EXPECT_TRUE(QueryPerformanceCounter(&first));
    Sleep(1);
    EXPECT_TRUE(QueryPerformanceCounter(&second));
    EXPECT_GT(second.QuadPart, first.QuadPart);
    ULONGLONG tick = GetTickCount64();
    Sleep(2);
    EXPECT_GT(GetTickCount64(), tick);
}

}  // namespace
}  // namespace openks::test
