// SPDX-License-Identifier: MIT
// The modern C++ API: devices, Filter, Pin, Request, Result and the error categories.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <future>
#include <thread>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

std::span<const std::byte> bytesOf(const void* data, size_t size)
{
    return {static_cast<const std::byte*>(data), size};
}

const Device* findNull(const std::vector<Device>& devices)
{
    for (const Device& d : devices) {
        if (d.path.find("#null#") != std::string::npos) return &d;
    }
    return nullptr;
}

TEST(CppDevices, ListDevicesGivesPathNameAndEveryCategory)
{
    Result<std::vector<Device>> devices = listDevices(KSCATEGORY_AUDIO);
    ASSERT_TRUE(devices.ok()) << devices.error().message();
    const Device* null = findNull(*devices);
    ASSERT_NE(null, nullptr);
    EXPECT_FALSE(null->friendlyName.empty());
    ASSERT_FALSE(null->categories.empty());
    EXPECT_TRUE(IsEqualGUID(null->categories.front(), KSCATEGORY_AUDIO));
    EXPECT_TRUE(null->hasCategory(KSCATEGORY_RENDER));
    EXPECT_FALSE(null->hasCategory(KSCATEGORY_CAPTURE));
    // The same filter listed from RENDER has a different path but the same categories.
    Result<std::vector<Device>> renderDevices = listDevices(KSCATEGORY_RENDER);
    ASSERT_TRUE(renderDevices.ok());
    const Device* render = findNull(*renderDevices);
    ASSERT_NE(render, nullptr);
    EXPECT_NE(render->path, null->path);
    EXPECT_TRUE(render->hasCategory(KSCATEGORY_AUDIO));
}

class CppApiTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        Result<Filter> filter = Filter::open(nullPath());
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(filter).value();
    }

    Filter filter_;
};

TEST_F(CppApiTest, TypedPropertyGets)
{
    Result<ULONG> pins = filter_.get<ULONG>(KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES);
    ASSERT_TRUE(pins.ok());
    EXPECT_EQ(*pins, 2u);
    Result<KSPIN_DATAFLOW> flow = filter_.getPin<KSPIN_DATAFLOW>(NULL_PIN_AUDIO, KSPROPERTY_PIN_DATAFLOW);
    ASSERT_TRUE(flow.ok());
    EXPECT_EQ(*flow, KSPIN_DATAFLOW_IN);
    Result<KSPIN_COMMUNICATION> communication =
        filter_.getPin<KSPIN_COMMUNICATION>(NULL_PIN_STREAM, KSPROPERTY_PIN_COMMUNICATION);
    ASSERT_TRUE(communication.ok());
    EXPECT_EQ(*communication, KSPIN_COMMUNICATION_SINK);
    Result<KSPIN_CINSTANCES> instances = filter_.getPin<KSPIN_CINSTANCES>(NULL_PIN_AUDIO, KSPROPERTY_PIN_CINSTANCES);
    ASSERT_TRUE(instances.ok());
    EXPECT_EQ(instances->PossibleCount, 1u);
}

TEST_F(CppApiTest, VariableSizeGetProbesThenFetches)
{
    Result<std::vector<std::byte>> ranges = filter_.getPinBytes(NULL_PIN_AUDIO, KSPROPERTY_PIN_DATARANGES);
    ASSERT_TRUE(ranges.ok()) << ranges.error().message();
    ASSERT_EQ(ranges->size(), sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSDATARANGE_AUDIO));
    KSMULTIPLE_ITEM header;
    std::memcpy(&header, ranges->data(), sizeof(header));
    EXPECT_EQ(header.Count, 2u);
    EXPECT_EQ(header.Size, ranges->size());
}

TEST_F(CppApiTest, ErrorsCarryTheNtStatusAndCompareAsWin32)
{
    Result<ULONG> missing = filter_.getPin<ULONG>(NULL_PIN_AUDIO, 0x5151);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.status(), STATUS_NOT_FOUND);
    EXPECT_EQ(missing.error(), win32_error(ERROR_NOT_FOUND));
    EXPECT_EQ(hresult(missing.error()), static_cast<HRESULT>(0x80070490));
    EXPECT_NE(missing.error().message().find("STATUS_NOT_FOUND"), std::string::npos) << missing.error().message();
    EXPECT_NE(missing.error().message().find("ERROR_NOT_FOUND"), std::string::npos);
    EXPECT_THROW((void)missing.value(), std::system_error);
    EXPECT_EQ(missing.value_or(7u), 7u);

    Result<Filter> nowhere = Filter::open("\\\\?\\openks#nowhere#0#{00000000-0000-0000-0000-000000000000}");
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error(), win32_error(ERROR_FILE_NOT_FOUND));
    EXPECT_EQ(hresult(std::error_code{}), S_OK);
}

TEST_F(CppApiTest, IntersectionPicksAFormatThePinAccepts)
{
    KSDATARANGE_AUDIO want{};
    want.DataRange.FormatSize = sizeof(want);
    want.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    want.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    want.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    want.MaximumChannels = 2;
    want.MinimumBitsPerSample = want.MaximumBitsPerSample = 16;
    want.MinimumSampleFrequency = 44100;
    want.MaximumSampleFrequency = 48000;
    const KSDATARANGE* ranges[] = {&want.DataRange};
    Result<std::vector<std::byte>> format = filter_.intersect(NULL_PIN_AUDIO, ranges);
    ASSERT_TRUE(format.ok()) << format.error().message();
    ASSERT_EQ(format->size(), sizeof(KSDATAFORMAT_WAVEFORMATEX));
    KSDATAFORMAT_WAVEFORMATEX chosen;
    std::memcpy(&chosen, format->data(), sizeof(chosen));
    EXPECT_EQ(chosen.WaveFormatEx.nChannels, 2);
    EXPECT_EQ(chosen.WaveFormatEx.wBitsPerSample, 16);
    EXPECT_EQ(chosen.WaveFormatEx.nSamplesPerSec, 48000u);

    Result<Pin> pin = Pin::create(filter_, NULL_PIN_AUDIO, *format, GENERIC_WRITE);
    EXPECT_TRUE(pin.ok()) << pin.error().message();

    want.MinimumSampleFrequency = want.MaximumSampleFrequency = 500000;  // beyond the pin
    Result<std::vector<std::byte>> none = filter_.intersect(NULL_PIN_AUDIO, ranges);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.status(), STATUS_NO_MATCH);  // ks-spec §12 item 42
}

TEST_F(CppApiTest, PinCreateRefusesWhatKsCreatePinRefuses)
{
    AudioPinCreate tooMany = audioPin(NULL_PIN_AUDIO, 16, 48000, 16);
    Result<Pin> pin = Pin::create(filter_, NULL_PIN_AUDIO, bytesOf(&tooMany.format, sizeof(tooMany.format)));
    ASSERT_FALSE(pin.ok());
    EXPECT_EQ(pin.status(), STATUS_NO_MATCH);
    Result<Pin> tiny = Pin::create(filter_, NULL_PIN_AUDIO, bytesOf(&tooMany.format, 10));
    ASSERT_FALSE(tiny.ok());
    EXPECT_EQ(tiny.status(), STATUS_INVALID_PARAMETER);
}

struct Counter {
    std::atomic<int> calls{0};
    std::atomic<NTSTATUS> last{STATUS_PENDING};
    std::atomic<ULONG_PTR> bytes{0};
    static void done(Request& request, void* context)
    {
        auto* self = static_cast<Counter*>(context);
        self->last = request.status();
        self->bytes = request.information();
        self->calls.fetch_add(1);
    }
};

TEST_F(CppApiTest, WriteCompletesThroughTheRequestCallbackExactlyOnce)
{
    StreamPinCreate create = streamPin();
    Result<Pin> pin = Pin::create(filter_, NULL_PIN_STREAM, bytesOf(&create.format, sizeof(create.format)));
    ASSERT_TRUE(pin.ok()) << pin.error().message();
    ASSERT_TRUE(pin->setState(KSSTATE_PAUSE).ok());
    EXPECT_EQ(pin->state().value(), KSSTATE_PAUSE);

    std::vector<unsigned char> data(1000, 1);
    KSSTREAM_HEADER header = writeHeader(data.data(), 1000);
    Counter counter;
    Request request(Counter::done, &counter);
    EXPECT_EQ(pin->write({&header, 1}, request), STATUS_PENDING);
    EXPECT_TRUE(request.pending());
    EXPECT_EQ(counter.calls.load(), 0);
    ASSERT_TRUE(pin->setState(KSSTATE_RUN).ok());  // the pin consumes the queued write
    while (counter.calls.load() < 1)
        std::this_thread::yield();
    EXPECT_EQ(counter.calls.load(), 1);
    EXPECT_EQ(counter.last.load(), STATUS_SUCCESS);
    EXPECT_EQ(counter.bytes.load(), 1000u);
    EXPECT_FALSE(request.pending());

    // In RUN the null pin consumes at once: the callback may run before write() returns.
    NTSTATUS status = pin->write({&header, 1}, request);
    EXPECT_TRUE(status == STATUS_SUCCESS || status == STATUS_PENDING) << status;
    while (counter.calls.load() < 2)
        std::this_thread::yield();
    EXPECT_EQ(counter.calls.load(), 2);
}

TEST_F(CppApiTest, CancelCompletesTheRequestWithCancelled)
{
    StreamPinCreate create = streamPin();
    Pin pin = Pin::create(filter_, NULL_PIN_STREAM, bytesOf(&create.format, sizeof(create.format))).value();
    ASSERT_TRUE(pin.setState(KSSTATE_PAUSE).ok());
    std::vector<unsigned char> data(64);
    KSSTREAM_HEADER header = writeHeader(data.data(), 64);
    Counter counter;
    Request request(Counter::done, &counter);
    ASSERT_EQ(pin.write({&header, 1}, request), STATUS_PENDING);
    Request other;
    EXPECT_FALSE(pin.cancel(other));
    EXPECT_TRUE(pin.cancel(request));
    while (counter.calls.load() < 1)
        std::this_thread::yield();
    EXPECT_EQ(counter.last.load(), STATUS_CANCELLED);
    EXPECT_FALSE(pin.cancelAll());
}

TEST_F(CppApiTest, RefusedSubmissionReturnsTheStatusWithoutCallback)
{
    Pin closed;  // no handle
    std::vector<unsigned char> data(64);
    KSSTREAM_HEADER header = writeHeader(data.data(), 64);
    Counter counter;
    Request request(Counter::done, &counter);
    EXPECT_EQ(closed.write({&header, 1}, request), STATUS_INVALID_HANDLE);
    EXPECT_EQ(request.status(), STATUS_INVALID_HANDLE);
    EXPECT_EQ(counter.calls.load(), 0);
    std::future<Completion> future = closed.writeAsync({&header, 1});
    EXPECT_EQ(future.get().status, STATUS_INVALID_HANDLE);
}

TEST_F(CppApiTest, WriteAsyncDeliversTheCompletionThroughAFuture)
{
    StreamPinCreate create = streamPin();
    Pin pin = Pin::create(filter_, NULL_PIN_STREAM, bytesOf(&create.format, sizeof(create.format))).value();
    ASSERT_TRUE(pin.setState(KSSTATE_RUN).ok());
    std::vector<unsigned char> data(300);
    KSSTREAM_HEADER headers[3] = {writeHeader(data.data(), 100), writeHeader(data.data() + 100, 100),
                                  writeHeader(data.data() + 200, 100)};
    Completion done = pin.writeAsync(headers).get();
    EXPECT_EQ(done.status, STATUS_SUCCESS);
    EXPECT_EQ(done.information, 300u);
    OPENKS_NULL_STATISTICS stats =
        pin.get<OPENKS_NULL_STATISTICS>(KSPROPSETID_OpenksNull, KSPROPERTY_OPENKS_NULL_STATISTICS).value();
    EXPECT_EQ(stats.Bytes, 300u);
    EXPECT_EQ(stats.Frames, 3u);
}

TEST_F(CppApiTest, ObjectsCloseTheirHandles)
{
    HANDLE raw = filter_.handle();
    {
        Filter moved = std::move(filter_);
        EXPECT_EQ(filter_.handle(), nullptr);
        EXPECT_EQ(moved.handle(), raw);
    }
    EXPECT_FALSE(CloseHandle(raw));  // the moved-to Filter closed it
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

}  // namespace
}  // namespace openks::test
