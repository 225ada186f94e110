// SPDX-License-Identifier: MIT
// Tests of IOCTL_KS_HANDSHAKE and KsPinHandshake: requestor mode, sizes, the registered callback and its races.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <atomic>
#include <thread>

#include "avstream/testdrv_fixture.h"

namespace openks::test {
namespace {

class HandshakeTest : public TestDriverFilter {
protected:
    void SetUp() override
    {
        TestDriverFilter::SetUp();
        ASSERT_EQ(createPin(TESTDRV_PIN_RENDER, &pin_), STATUS_SUCCESS);
        file_ = session_.fileObject(pin_);
        ASSERT_TRUE(file_);
    }

    void registerCallback(bool on)
    {
        ULONG value = on ? 1 : 0;
        ASSERT_EQ(session_
                      .property(pin_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_HANDSHAKE, KSPROPERTY_TYPE_SET, &value,
                                sizeof(value))
                      .status,
                  STATUS_SUCCESS);
    }

    NTSTATUS handshake(KPROCESSOR_MODE mode, PKSHANDSHAKE in, ULONG inLength, PKSHANDSHAKE out, ULONG outLength,
                       ULONG* returned)
    {
        *returned = 0xDEAD;
        return KsSynchronousIoControlDevice(file_.get(), mode, IOCTL_KS_HANDSHAKE, in, inLength, out, outLength,
                                            returned);
    }

    static KSHANDSHAKE request(const GUID& protocol)
    {
        KSHANDSHAKE in{};
        in.ProtocolId = protocol;
        in.Argument1 = reinterpret_cast<PVOID>(0x1111);
        in.Argument2 = reinterpret_cast<PVOID>(0x2222);
        return in;
    }

    HANDLE pin_ = nullptr;
    io::ObjectRef<FILE_OBJECT> file_;
};

// ks-spec §12 item 2
TEST_F(HandshakeTest, UserModeRequestorIsRefusedWhateverTheSizes)
{
    registerCallback(true);
    KSHANDSHAKE in = request(TESTDRV_HANDSHAKE_PROTOCOL), out{};
    ULONG returned = 0;
    EXPECT_EQ(handshake(UserMode, &in, sizeof(in), &out, sizeof(out), &returned), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(handshake(UserMode, &in, 3, &out, 0, &returned), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(handshake(UserMode, nullptr, 0, nullptr, 0, &returned), STATUS_INVALID_DEVICE_REQUEST);
    // The same through a client handle (the in-process user-mode path).
    EXPECT_EQ(session_.ioctl(pin_, IOCTL_KS_HANDSHAKE, &in, sizeof(in), &out, sizeof(out)).status,
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(counters().Handshakes, 0u);
}

// ks-spec §12 item 3
TEST_F(HandshakeTest, EitherLengthOtherThanAKsHandshakeIsInvalidBufferSize)
{
    registerCallback(true);
    KSHANDSHAKE in[2] = {request(TESTDRV_HANDSHAKE_PROTOCOL), request(TESTDRV_HANDSHAKE_PROTOCOL)};
    KSHANDSHAKE out[2]{};
    ULONG returned = 0;
    const ULONG size = sizeof(KSHANDSHAKE);
    for (ULONG bad : {0u, 1u, size - 1, size + 1, 2 * size}) {
        EXPECT_EQ(handshake(KernelMode, in, bad, out, size, &returned), STATUS_INVALID_BUFFER_SIZE) << "in " << bad;
        EXPECT_EQ(handshake(KernelMode, in, size, out, bad, &returned), STATUS_INVALID_BUFFER_SIZE) << "out " << bad;
    }
    EXPECT_EQ(counters().Handshakes, 0u);
}

// ks-spec §12 item 4
TEST_F(HandshakeTest, AcceptedHandshakeReturnsTheCallbacksAnswerAndItsSize)
{
    registerCallback(true);
    KSHANDSHAKE in = request(TESTDRV_HANDSHAKE_PROTOCOL), out{};
    ULONG returned = 0;
    EXPECT_EQ(handshake(KernelMode, &in, sizeof(in), &out, sizeof(out), &returned), STATUS_SUCCESS);
    EXPECT_EQ(returned, sizeof(KSHANDSHAKE));
    EXPECT_EQ(returned, 32u);
    EXPECT_TRUE(IsEqualGUID(out.ProtocolId, TESTDRV_HANDSHAKE_PROTOCOL));
    EXPECT_EQ(out.Argument1, in.Argument2);
    EXPECT_EQ(out.Argument2, in.Argument1);
    EXPECT_EQ(counters().Handshakes, 1u);
}

// ks-spec §12 item 5
TEST_F(HandshakeTest, UnsupportedProtocolOrNoCallbackIsInvalidDeviceRequest)
{
    KSHANDSHAKE in = request(TESTDRV_HANDSHAKE_PROTOCOL), out{};
    ULONG returned = 0;
    EXPECT_EQ(handshake(KernelMode, &in, sizeof(in), &out, sizeof(out), &returned), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(counters().Handshakes, 0u);  // nobody was asked

    registerCallback(true);
    KSHANDSHAKE other = request(KSPROPSETID_Pin);
    EXPECT_EQ(handshake(KernelMode, &other, sizeof(other), &out, sizeof(out), &returned),
              STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(returned, 0u);
    EXPECT_EQ(counters().Handshakes, 1u);  // the callback said no

    registerCallback(false);  // NULL clears it
    EXPECT_EQ(handshake(KernelMode, &in, sizeof(in), &out, sizeof(out), &returned), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(counters().Handshakes, 1u);
}

// ks-spec §12 item 6: KsPinHandshake talks to the connected pin; a pin a
// client created directly is connected to none.
TEST_F(HandshakeTest, KsPinHandshakeWithoutAConnectedPinIsInvalidDeviceRequest)
{
    registerCallback(true);
    auto* pin = static_cast<PKSPIN>(KsGetObjectFromFileObject(file_.get()));
    ASSERT_NE(pin, nullptr);
    EXPECT_TRUE(pin->ConnectionIsExternal);
    KSHANDSHAKE in = request(TESTDRV_HANDSHAKE_PROTOCOL), out{};
    EXPECT_EQ(KsPinHandshake(pin, &in, &out), STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(HandshakeTest, RegistrationRacesWithHandshakesWithoutHarm)
{
    std::atomic<bool> stop{false};
    auto* pin = static_cast<PKSPIN>(KsGetObjectFromFileObject(file_.get()));
    ASSERT_NE(pin, nullptr);
    std::thread toggler([&] {
        for (int i = 0; i < 2000; ++i) {
            KsPinRegisterHandshakeCallback(pin, nullptr);
            registerCallback(true);
        }
        stop.store(true);
    });
    int accepted = 0, refused = 0;
    while (!stop.load()) {
        KSHANDSHAKE in = request(TESTDRV_HANDSHAKE_PROTOCOL), out{};
        ULONG returned = 0;
        NTSTATUS status = handshake(KernelMode, &in, sizeof(in), &out, sizeof(out), &returned);
        if (status == STATUS_SUCCESS) {
            ++accepted;
            EXPECT_EQ(returned, sizeof(KSHANDSHAKE));
        } else {
            ++refused;
            EXPECT_EQ(status, STATUS_INVALID_DEVICE_REQUEST);
        }
    }
    toggler.join();
    EXPECT_EQ(static_cast<ULONG>(accepted), counters().Handshakes);
    (void)refused;
}

}  // namespace
}  // namespace openks::test
