// SPDX-License-Identifier: MIT
// Tests of pin creation: the validation order and statuses, instance limits, unwinding, failure storms, the kernel
// KsCreatePin.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <cstring>
#include <vector>

#include "avstream/testdrv_fixture.h"
#include "io/file.h"

namespace openks::test {
namespace {

class PinCreateTest : public TestDriverFilter {
protected:
    NTSTATUS createWith(const KSPIN_CONNECT& connect, const KSDATAFORMAT* format, HANDLE* pin)
    {
        return session_.createPin(filter_, connect, format, pin);
    }
};

TEST_F(PinCreateTest, EveryPinFactoryCreatesWithAFormatOfItsRanges)
{
    for (ULONG id = 0; id < TESTDRV_PIN_COUNT; ++id) {
        HANDLE pin = nullptr;
        EXPECT_EQ(createPin(id, &pin), STATUS_SUCCESS) << "pin " << id;
        EXPECT_EQ(instances(id).CurrentCount, 1u) << "pin " << id;
    }
    TESTDRV_COUNTERS c = counters();
    EXPECT_EQ(c.PinCreates, static_cast<ULONG>(TESTDRV_PIN_COUNT));
    EXPECT_EQ(c.SetDataFormats, static_cast<ULONG>(TESTDRV_PIN_COUNT));  // once each, at creation
}

TEST_F(PinCreateTest, ClosingAPinCallsCloseAndDropsItsInstance)
{
    HANDLE pin = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin), STATUS_SUCCESS);
    ASSERT_EQ(session_.close(pin), STATUS_SUCCESS);
    EXPECT_EQ(instances(TESTDRV_PIN_RENDER).CurrentCount, 0u);
    EXPECT_EQ(counters().PinCloses, 1u);
}

TEST_F(PinCreateTest, TruncatedRequestIsInvalidParameter)
{
    KSPIN_CONNECT connect = standardConnect(TESTDRV_PIN_RENDER);
    static const char16_t kPinClass[] = u"{146F1A80-4791-11D0-A5D6-28DB04C10000}\\";
    std::vector<uint8_t> name(sizeof(kPinClass) - 2 + sizeof(connect) + 10);
    std::memcpy(name.data(), kPinClass, sizeof(kPinClass) - 2);
    std::memcpy(name.data() + sizeof(kPinClass) - 2, &connect, sizeof(connect));
    HANDLE pin = nullptr;
    EXPECT_EQ(session_.createRaw(filter_, name.data(), static_cast<ULONG>(name.size()), &pin),
              STATUS_INVALID_PARAMETER);
}

TEST_F(PinCreateTest, FormatSizeBeyondTheRequestIsInvalidParameter)
{
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
    format.DataFormat.FormatSize = 4096;  // claims more bytes than were sent
    KSPIN_CONNECT connect = standardConnect(TESTDRV_PIN_RENDER);
    static const char16_t kPinClass[] = u"{146F1A80-4791-11D0-A5D6-28DB04C10000}\\";
    std::vector<uint8_t> name(sizeof(kPinClass) - 2 + sizeof(connect) + sizeof(format));
    std::memcpy(name.data(), kPinClass, sizeof(kPinClass) - 2);
    std::memcpy(name.data() + sizeof(kPinClass) - 2, &connect, sizeof(connect));
    std::memcpy(name.data() + sizeof(kPinClass) - 2 + sizeof(connect), &format, sizeof(format));
    HANDLE pin = nullptr;
    EXPECT_EQ(session_.createRaw(filter_, name.data(), static_cast<ULONG>(name.size()), &pin),
              STATUS_INVALID_PARAMETER);
}

// ks-spec §12 item 49 (pin id part)
TEST_F(PinCreateTest, PinIdBeyondThePinCountIsInvalidParameter)
{
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
    HANDLE pin = nullptr;
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_COUNT), &format.DataFormat, &pin), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(createWith(standardConnect(0xFFFFFFFF), &format.DataFormat, &pin), STATUS_INVALID_PARAMETER);
}

// ks-spec §12 item 49: an interface or medium the pin does not list is STATUS_NO_MATCH
// (the issue text says ERROR_INVALID_PARAMETER; the spec wins).
TEST_F(PinCreateTest, InterfaceOrMediumNotListedIsNoMatch)
{
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
    HANDLE pin = nullptr;
    KSPIN_CONNECT looped = standardConnect(TESTDRV_PIN_RENDER);
    looped.Interface.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;  // the render pin lists none: standard only
    EXPECT_EQ(createWith(looped, &format.DataFormat, &pin), STATUS_NO_MATCH);
    KSPIN_CONNECT control = standardConnect(TESTDRV_PIN_CAPTURE);
    control.Interface.Id = KSINTERFACE_STANDARD_CONTROL;  // the capture pin lists streaming and looped only
    EXPECT_EQ(createWith(control, &format.DataFormat, &pin), STATUS_NO_MATCH);
    KSPIN_CONNECT medium = standardConnect(TESTDRV_PIN_RENDER);
    medium.Medium.Set = KSINTERFACESETID_Standard;  // not a medium set
    EXPECT_EQ(createWith(medium, &format.DataFormat, &pin), STATUS_NO_MATCH);
    EXPECT_EQ(instances(TESTDRV_PIN_RENDER).CurrentCount, 0u);
}

TEST_F(PinCreateTest, ListedNonStandardInterfaceIsAccepted)
{
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
    KSPIN_CONNECT looped = standardConnect(TESTDRV_PIN_CAPTURE);
    looped.Interface.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;
    HANDLE pin = nullptr;
    EXPECT_EQ(createWith(looped, &format.DataFormat, &pin), STATUS_SUCCESS);
}

TEST_F(PinCreateTest, FormatOutsideEveryRangeIsNoMatch)
{
    HANDLE pin = nullptr;
    KSDATAFORMAT_WAVEFORMATEX tooFast = waveFormat(2, 384000, 16);
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_RENDER), &tooFast.DataFormat, &pin), STATUS_NO_MATCH);
    KSDATAFORMAT_WAVEFORMATEX eightBit = waveFormat(2, 48000, 8);
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_RENDER), &eightBit.DataFormat, &pin), STATUS_NO_MATCH);
    KSDATAFORMAT_WAVEFORMATEX mono = waveFormat(1, 48000, 16);
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_EXCLUSIVE), &mono.DataFormat, &pin), STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX wrongRate = waveFormat(2, 44100, 16);
    HANDLE second = nullptr;
    ASSERT_EQ(session_.close(pin), STATUS_SUCCESS);
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_EXCLUSIVE), &wrongRate.DataFormat, &second), STATUS_NO_MATCH);
    KSDATAFORMAT video{};
    video.FormatSize = sizeof(video);
    video.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_RAW), &video, &pin), STATUS_NO_MATCH);
    EXPECT_EQ(counters().PinCreates, 1u);
}

TEST_F(PinCreateTest, FloatFormatMatchesTheCapturePinsFloatRange)
{
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 32, true);
    HANDLE pin = nullptr;
    EXPECT_EQ(createWith(standardConnect(TESTDRV_PIN_CAPTURE), &format.DataFormat, &pin), STATUS_SUCCESS);
}

// ks-spec §12 item 50
TEST_F(PinCreateTest, ExclusivePinRefusesASecondInstanceUntilTheFirstCloses)
{
    HANDLE first = nullptr, second = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &first), STATUS_SUCCESS);
    // STATUS_INSUFFICIENT_RESOURCES: KsCreatePin reports ERROR_NO_SYSTEM_RESOURCES (1450), "device busy".
    EXPECT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &second), STATUS_INSUFFICIENT_RESOURCES);
    KSPIN_CINSTANCES value = instances(TESTDRV_PIN_EXCLUSIVE);
    EXPECT_EQ(value.PossibleCount, 1u);
    EXPECT_EQ(value.CurrentCount, 1u);
    ASSERT_EQ(session_.close(first), STATUS_SUCCESS);
    EXPECT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &second), STATUS_SUCCESS);
}

TEST_F(PinCreateTest, InstanceLimitCountsEveryOpenPin)
{
    std::vector<HANDLE> pins;
    for (int i = 0; i < TESTDRV_RENDER_INSTANCES; ++i) {
        HANDLE pin = nullptr;
        ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin), STATUS_SUCCESS) << "instance " << i;
        pins.push_back(pin);
    }
    HANDLE extra = nullptr;
    EXPECT_EQ(createPin(TESTDRV_PIN_RENDER, &extra), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(instances(TESTDRV_PIN_RENDER).CurrentCount, static_cast<ULONG>(TESTDRV_RENDER_INSTANCES));
    ASSERT_EQ(session_.close(pins.back()), STATUS_SUCCESS);
    EXPECT_EQ(createPin(TESTDRV_PIN_RENDER, &extra), STATUS_SUCCESS);
}

TEST_F(PinCreateTest, FailingCreateDispatchUnwindsWithoutClose)
{
    NTSTATUS failure = STATUS_DEVICE_NOT_READY;
    ASSERT_EQ(session_
                  .property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_FAIL_PIN_CREATE, KSPROPERTY_TYPE_SET,
                            &failure, sizeof(failure))
                  .status,
              STATUS_SUCCESS);
    HANDLE pin = nullptr;
    EXPECT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &pin), STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(instances(TESTDRV_PIN_EXCLUSIVE).CurrentCount, 0u);
    TESTDRV_COUNTERS c = counters();
    EXPECT_EQ(c.PinCreates, 0u);
    EXPECT_EQ(c.PinCloses, 0u);  // no Close for a create that failed
    // The slot the failed create reserved was given back.
    EXPECT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &pin), STATUS_SUCCESS);
}

// Connections themselves are tested in connection_test.cpp.
TEST_F(PinCreateTest, ASinkOnlyPinFactoryCannotBeAConnectionsSource)
{
    HANDLE sink = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &sink), STATUS_SUCCESS);
    KSPIN_CONNECT connect = standardConnect(TESTDRV_PIN_CAPTURE);
    connect.PinToHandle = sink;
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
    HANDLE pin = nullptr;
    EXPECT_EQ(createWith(connect, &format.DataFormat, &pin), STATUS_INVALID_PARAMETER);  // KSPIN_COMMUNICATION_SINK
    EXPECT_EQ(instances(TESTDRV_PIN_CAPTURE).CurrentCount, 0u);
}

// A storm of failing creates is normal client behaviour (format probing):
// nothing may leak (the ASan build checks) and no count may move.
TEST_F(PinCreateTest, FailureStormLeavesNothingBehind)
{
    HANDLE holder = nullptr;
    ASSERT_EQ(createPin(TESTDRV_PIN_EXCLUSIVE, &holder), STATUS_SUCCESS);
    KSDATAFORMAT_WAVEFORMATEX good = waveFormat(2, 48000, 16);
    KSDATAFORMAT_WAVEFORMATEX bad = waveFormat(2, 384000, 16);
    KSPIN_CONNECT looped = standardConnect(TESTDRV_PIN_RENDER);
    looped.Interface.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;
    const uint8_t garbage[40] = {0x7b, 0x00, 0x31, 0x00};
    NTSTATUS injected = STATUS_UNSUCCESSFUL;
    for (int i = 0; i < 500; ++i) {
        HANDLE pin = nullptr;
        ASSERT_EQ(session_.createRaw(filter_, garbage, sizeof(garbage), &pin), STATUS_OBJECT_NAME_NOT_FOUND);
        ASSERT_EQ(createWith(standardConnect(99), &good.DataFormat, &pin), STATUS_INVALID_PARAMETER);
        ASSERT_EQ(createWith(looped, &good.DataFormat, &pin), STATUS_NO_MATCH);
        ASSERT_EQ(createWith(standardConnect(TESTDRV_PIN_RENDER), &bad.DataFormat, &pin), STATUS_NO_MATCH);
        ASSERT_EQ(createWith(standardConnect(TESTDRV_PIN_EXCLUSIVE), &good.DataFormat, &pin),
                  STATUS_INSUFFICIENT_RESOURCES);
        ASSERT_EQ(session_
                      .property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_FAIL_PIN_CREATE, KSPROPERTY_TYPE_SET,
                                &injected, sizeof(injected))
                      .status,
                  STATUS_SUCCESS);
        ASSERT_EQ(createWith(standardConnect(TESTDRV_PIN_RENDER), &good.DataFormat, &pin), STATUS_UNSUCCESSFUL);
    }
    for (ULONG id = 0; id < TESTDRV_PIN_COUNT; ++id) {
        EXPECT_EQ(instances(id).CurrentCount, id == TESTDRV_PIN_EXCLUSIVE ? 1u : 0u) << "pin " << id;
    }
    TESTDRV_COUNTERS c = counters();
    EXPECT_EQ(c.PinCreates, 1u);
    EXPECT_EQ(c.PinCloses, 0u);
}

TEST_F(PinCreateTest, KernelKsCreatePinUsesTheSystemHandleTable)
{
    HANDLE filter = nullptr;
    ASSERT_EQ(io::createFile(io::systemRequestor(), path_, GENERIC_READ | GENERIC_WRITE, io::kOpenOverlapped, &filter),
              STATUS_SUCCESS);
    struct {
        KSPIN_CONNECT connect;
        KSDATAFORMAT_WAVEFORMATEX format;
    } request = {standardConnect(TESTDRV_PIN_RENDER), waveFormat(2, 48000, 16)};
    HANDLE pin = nullptr;
    EXPECT_EQ(KsCreatePin(filter, &request.connect, GENERIC_WRITE, &pin), STATUS_SUCCESS);
    ASSERT_NE(pin, nullptr);
    // The handle lives in the system table, not in a client's.
    io::ObjectRef<FILE_OBJECT> file;
    EXPECT_EQ(io::referenceFile(io::systemRequestor(), pin, 0, &file), STATUS_SUCCESS);
    file.reset();
    EXPECT_EQ(io::closeHandle(io::systemRequestor(), pin), STATUS_SUCCESS);
    request.connect.PinId = 42;
    EXPECT_EQ(KsCreatePin(filter, &request.connect, GENERIC_WRITE, &pin), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(io::closeHandle(io::systemRequestor(), filter), STATUS_SUCCESS);
}

}  // namespace
}  // namespace openks::test
