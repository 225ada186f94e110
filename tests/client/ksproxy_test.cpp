// SPDX-License-Identifier: MIT
// ksproxy's KsSynchronousDeviceControl: HRESULTs, BytesReturned on warnings, waiting out pending requests.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

class KsSynchronousDeviceControlTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string path = nullPath();
        ASSERT_FALSE(path.empty());
        filter_ = openFilter(path);
        ASSERT_NE(filter_, INVALID_HANDLE_VALUE);
    }
    void TearDown() override { CloseHandle(filter_); }

    static KSP_PIN pinRequest(ULONG id, ULONG pinId = 0)
    {
        KSP_PIN request{};
        request.Property.Set = KSPROPSETID_Pin;
        request.Property.Id = id;
        request.Property.Flags = KSPROPERTY_TYPE_GET;
        request.PinId = pinId;
        return request;
    }

    HANDLE filter_ = INVALID_HANDLE_VALUE;
};

TEST_F(KsSynchronousDeviceControlTest, SuccessIsSOkWithTheByteCount)
{
    // ks-spec §12 item 48 (success half).
    KSP_PIN request = pinRequest(KSPROPERTY_PIN_CTYPES);
    ULONG count = 0;
    ULONG returned = 0;
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), &count, sizeof(count),
                                         &returned),
              S_OK);
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(returned, sizeof(ULONG));
    // BytesReturned is optional.
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), &count, sizeof(count),
                                         nullptr),
              S_OK);
}

TEST_F(KsSynchronousDeviceControlTest, ZeroLengthQueryIsMoreDataWithTheRequiredSize)
{
    // ks-spec §12 item 48: 0x800700EA with *BytesReturned = required size.
    KSP_PIN request = pinRequest(KSPROPERTY_PIN_DATARANGES, NULL_PIN_AUDIO);
    ULONG returned = 0;
    HRESULT hr =
        KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), nullptr, 0, &returned);
    EXPECT_EQ(hr, static_cast<HRESULT>(0x800700EA));
    EXPECT_EQ(hr, HRESULT_FROM_WIN32(ERROR_MORE_DATA));
    const ULONG required = sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSDATARANGE_AUDIO);
    EXPECT_EQ(returned, required);

    // The ULONG probe (clients.md §1.2 style 2) and the exact fetch.
    ULONG size = 0;
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), &size, sizeof(size),
                                         &returned),
              S_OK);
    EXPECT_EQ(size, required);
    EXPECT_EQ(returned, sizeof(ULONG));
    std::vector<unsigned char> ranges(required);
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), ranges.data(), required,
                                         &returned),
              S_OK);
    EXPECT_EQ(returned, required);
    auto* first = reinterpret_cast<KSDATARANGE_AUDIO*>(ranges.data() + sizeof(KSMULTIPLE_ITEM));
    EXPECT_EQ(first->DataRange.FormatSize % 8, 0u);  // clients.md §1.2: ranges are 8-byte multiples
    EXPECT_EQ(first->MaximumChannels, 8u);
    EXPECT_EQ(first->MaximumSampleFrequency, 384000u);
}

TEST_F(KsSynchronousDeviceControlTest, ErrorsAreHresultFromWin32OfTheTranslatedStatus)
{
    KSPROPERTY unknownSet{};
    unknownSet.Set = KSPROPSETID_OpenksNull;
    unknownSet.Flags = KSPROPERTY_TYPE_GET;
    ULONG value = 0;
    ULONG returned = 99;
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &unknownSet, sizeof(unknownSet), &value,
                                         sizeof(value), &returned),
              static_cast<HRESULT>(0x80070492));  // E_PROP_SET_UNSUPPORTED
    EXPECT_EQ(returned, 0u);
    KSP_PIN unknownId = pinRequest(0x4242);
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &unknownId, sizeof(unknownId), &value,
                                         sizeof(value), &returned),
              static_cast<HRESULT>(0x80070490));  // E_PROP_ID_UNSUPPORTED
    KSP_PIN badPin = pinRequest(KSPROPERTY_PIN_DATAFLOW, 9);
    EXPECT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &badPin, sizeof(badPin), &value, sizeof(value),
                                         &returned),
              HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));  // ks-spec §12 item 37
    EXPECT_EQ(KsSynchronousDeviceControl(reinterpret_cast<HANDLE>(0x9990), IOCTL_KS_PROPERTY, &badPin, sizeof(badPin),
                                         &value, sizeof(value), &returned),
              HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE));
    EXPECT_EQ(returned, 0u);
}

TEST_F(KsSynchronousDeviceControlTest, WaitsOutARequestTheDriverPends)
{
    StreamPinCreate create = streamPin();
    HANDLE pin = nullptr;
    ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_WRITE, &pin), 0u);
    ASSERT_EQ(setState(pin, KSSTATE_PAUSE), S_OK);  // the null pins consume only in RUN
    std::vector<unsigned char> data(512);
    std::atomic<bool> returned{false};
    HRESULT hr = S_OK;
    ULONG bytes = 0;
    std::thread writer([&] {
        KSSTREAM_HEADER header = writeHeader(data.data(), static_cast<ULONG>(data.size()));
        hr = KsSynchronousDeviceControl(pin, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header, sizeof(header), &bytes);
        returned = true;
    });
    // The last request (SET PAUSE) left the pin handle signalled; the write,
    // issued without an event, clears it until it completes.  Once the
    // handle reads unsignalled the write is outstanding: then set RUN.
    while (WaitForSingleObject(pin, 0) == WAIT_OBJECT_0) {
        ASSERT_FALSE(returned.load()) << "KsSynchronousDeviceControl returned while the write was pending";
        std::this_thread::yield();
    }
    EXPECT_FALSE(returned.load());
    ASSERT_EQ(setState(pin, KSSTATE_RUN), S_OK);
    writer.join();
    EXPECT_EQ(hr, S_OK);
    EXPECT_EQ(bytes, data.size());
    CloseHandle(pin);
}

TEST(KsOpenDefaultDevice, OpensTheFirstDeviceOfACategory)
{
    HANDLE device = nullptr;
    ASSERT_EQ(KsOpenDefaultDevice(KSCATEGORY_RENDER, GENERIC_READ | GENERIC_WRITE, &device), S_OK);
    EXPECT_NE(device, INVALID_HANDLE_VALUE);
    EXPECT_TRUE(CloseHandle(device));
    // No device publishes in KSPROPSETID_OpenksNull (not a category at all).
    EXPECT_EQ(KsOpenDefaultDevice(KSPROPSETID_OpenksNull, GENERIC_READ, &device),
              HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
    EXPECT_EQ(device, INVALID_HANDLE_VALUE);
}

}  // namespace
}  // namespace openks::test
