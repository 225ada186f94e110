// SPDX-License-Identifier: MIT
// The pinlink driver through the client API: IOCTL_KS_HANDSHAKE as ks-spec §2.6 and §12 items 2-6 say, and the ring it negotiates.
#include <gtest/gtest.h>

#include <openks/client.h>
#include <openks/drivers/pinlink.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <latch>
#include <thread>
#include <vector>

#include "driver_test_support.h"

namespace openks::test {
namespace {

// A protocol nobody answers.
const GUID kUnknownProtocol = {0x5c0ffee5, 0x1234, 0x4abc, {0x90, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07}};

std::vector<std::byte> streamFormat()
{
    KSDATAFORMAT f{};
    f.FormatSize = sizeof(KSDATAFORMAT);
    f.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    f.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    f.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    std::vector<std::byte> bytes(sizeof(f));
    std::memcpy(bytes.data(), &f, sizeof(f));
    return bytes;
}

// Frame `index`'s bytes: a length and a pattern no other frame has.
std::vector<std::uint8_t> pattern(std::size_t index, std::size_t length)
{
    std::vector<std::uint8_t> bytes(length);
    for (std::size_t i = 0; i < length; ++i) {
        bytes[i] = static_cast<std::uint8_t>(index * 31 + i * (index + 7));
    }
    return bytes;
}

class PinlinkTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::string path = driverPath("pinlink", KSCATEGORY_DATATRANSFORM);
        ASSERT_FALSE(path.empty()) << "the pinlink driver is not published in KSCATEGORY_DATATRANSFORM";
        Result<Filter> filter = Filter::open(path);
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(*filter);
    }

    Pin createPin(ULONG id)
    {
        Result<Pin> pin = Pin::create(filter_, id, streamFormat());
        EXPECT_TRUE(pin.ok()) << pin.error().message();
        if (!pin.ok()) return Pin{};
        setStateOrFail(*pin, KSSTATE_RUN);
        return std::move(*pin);
    }

    static NTSTATUS link(const Pin& a, HANDLE b)
    {
        KSPROPERTY p = Object::makeProperty(KSPROPSETID_OpenksPinlink, KSPROPERTY_PINLINK_LINK, KSPROPERTY_TYPE_SET);
        return a.ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), &b, sizeof(b)).status;
    }

    static NTSTATUS handshakeTest(const Pin& a, HANDLE target, const GUID& protocol)
    {
        KSPROPERTY p =
            Object::makeProperty(KSPROPSETID_OpenksPinlink, KSPROPERTY_PINLINK_HANDSHAKE_TEST, KSPROPERTY_TYPE_SET);
        PINLINK_HANDSHAKE_TEST value{target, protocol};
        return a.ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), &value, sizeof(value)).status;
    }

    static PINLINK_HANDSHAKE_RESULT lastHandshake(const Pin& a)
    {
        Result<PINLINK_HANDSHAKE_RESULT> r =
            a.get<PINLINK_HANDSHAKE_RESULT>(KSPROPSETID_OpenksPinlink, KSPROPERTY_PINLINK_LAST_HANDSHAKE);
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : PINLINK_HANDSHAKE_RESULT{STATUS_UNSUCCESSFUL, 0xFFFFFFFF};
    }

    // Writes `frames` to A (one write each) and reads as many reads of `readBytes` from B; returns what each read got.
    static std::vector<std::vector<std::uint8_t>> transfer(const Pin& a, const Pin& b,
                                                           std::vector<std::vector<std::uint8_t>>& frames,
                                                           ULONG readBytes, std::size_t reads)
    {
        std::vector<std::vector<std::uint8_t>> buffers(reads, std::vector<std::uint8_t>(readBytes, 0xEE));
        std::vector<KSSTREAM_HEADER> readHeaders(reads);
        std::vector<AsyncIo> readIo(reads);
        for (std::size_t i = 0; i < reads; ++i) {
            readHeaders[i] = streamHeader(buffers[i].data(), readBytes, false);
            EXPECT_EQ(readIo[i].start(b, IOCTL_KS_READ_STREAM, &readHeaders[i], sizeof(KSSTREAM_HEADER)),
                      STATUS_PENDING);
        }
        std::vector<KSSTREAM_HEADER> writeHeaders(frames.size());
        std::vector<AsyncIo> writeIo(frames.size());
        for (std::size_t i = 0; i < frames.size(); ++i) {
            writeHeaders[i] = streamHeader(frames[i].data(), static_cast<ULONG>(frames[i].size()), true);
            const NTSTATUS s = writeIo[i].start(a, IOCTL_KS_WRITE_STREAM, &writeHeaders[i], sizeof(KSSTREAM_HEADER));
            EXPECT_TRUE(s == STATUS_PENDING || s == STATUS_SUCCESS) << std::hex << s;
        }
        for (AsyncIo& io : writeIo) {
            EXPECT_EQ(io.wait().status, STATUS_SUCCESS);
        }
        for (std::size_t i = 0; i < reads; ++i) {
            EXPECT_EQ(readIo[i].wait().status, STATUS_SUCCESS);
            buffers[i].resize(readHeaders[i].DataUsed);
        }
        return buffers;
    }

    Filter filter_;
};

// ks-spec §12 item 6 (in the IOCTL_KS_HANDSHAKE form; KsPinHandshake needs connected pins): a private interface negotiated by handshake carries the data; every frame arrives byte-exact and in order.
TEST_F(PinlinkTest, Item6StyleLinkedPinsCarryEveryFrameByteExactAndInOrder)
{
    Pin a = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a.valid() && b.valid());
    ASSERT_EQ(link(a, b.handle()), STATUS_SUCCESS);

    constexpr std::size_t kFrames = 16;
    std::vector<std::vector<std::uint8_t>> frames;
    for (std::size_t i = 0; i < kFrames; ++i) {
        frames.push_back(pattern(i, 100 + i * 37));
    }
    std::vector<std::vector<std::uint8_t>> got = transfer(a, b, frames, 4096, kFrames);
    ASSERT_EQ(got.size(), kFrames);
    for (std::size_t i = 0; i < kFrames; ++i) {
        EXPECT_EQ(got[i], frames[i]) << "frame " << i;
    }
}

// ks-spec §12 item 6: frames written before the link wait for it; a frame longer than a read continues in the next read.
TEST_F(PinlinkTest, Item6StyleFramesWrittenBeforeTheLinkAndLongerThanAReadArriveWhole)
{
    Pin a = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a.valid() && b.valid());
    std::vector<std::uint8_t> frame = pattern(3, 1000);
    KSSTREAM_HEADER w = streamHeader(frame.data(), static_cast<ULONG>(frame.size()), true);
    AsyncIo write;
    ASSERT_EQ(write.start(a, IOCTL_KS_WRITE_STREAM, &w, sizeof(w)), STATUS_PENDING);
    EXPECT_FALSE(write.done());  // unlinked: it waits

    std::vector<std::uint8_t> first(600, 0xEE), second(600, 0xEE);
    KSSTREAM_HEADER r1 = streamHeader(first.data(), 600, false);
    KSSTREAM_HEADER r2 = streamHeader(second.data(), 600, false);
    AsyncIo read1, read2;
    ASSERT_EQ(read1.start(b, IOCTL_KS_READ_STREAM, &r1, sizeof(r1)), STATUS_PENDING);
    ASSERT_EQ(read2.start(b, IOCTL_KS_READ_STREAM, &r2, sizeof(r2)), STATUS_PENDING);
    ASSERT_EQ(link(a, b.handle()), STATUS_SUCCESS);
    EXPECT_EQ(write.wait().status, STATUS_SUCCESS);
    EXPECT_EQ(read1.wait().status, STATUS_SUCCESS);
    EXPECT_EQ(read2.wait().status, STATUS_SUCCESS);
    ASSERT_EQ(r1.DataUsed, 600u);  // full
    ASSERT_EQ(r2.DataUsed, 400u);  // the frame's end
    first.insert(first.end(), second.begin(), second.begin() + 400);
    EXPECT_EQ(first, frame);
}

// ks-spec §12 item 5: an unknown protocol is refused with STATUS_INVALID_DEVICE_REQUEST, by B's callback and by a pin without one.
TEST_F(PinlinkTest, Item5UnknownProtocolIsRefused)
{
    Pin a = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a.valid() && b.valid());
    EXPECT_EQ(handshakeTest(a, b.handle(), kUnknownProtocol), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(lastHandshake(a).Status, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(lastHandshake(a).Information, 0u);
    // A registers no callback: even its peer's protocol is unknown to it.
    EXPECT_EQ(handshakeTest(a, a.handle(), PINLINK_PROTOCOL_DirectRing), STATUS_INVALID_DEVICE_REQUEST);
    // LINK to something that is not a B is refused the same way.
    Pin other = createPin(PINLINK_PIN_A);
    EXPECT_EQ(link(a, other.handle()), STATUS_INVALID_DEVICE_REQUEST);
    // The known protocol on B is accepted (the refusals above are about the protocol, not the target).
    EXPECT_EQ(handshakeTest(a, b.handle(), PINLINK_PROTOCOL_DirectRing), STATUS_SUCCESS);
}

// ks-spec §12 item 2: IOCTL_KS_HANDSHAKE from a user-mode client is refused, on either pin, with well-formed buffers.
TEST_F(PinlinkTest, Item2UserModeHandshakeIsRefused)
{
    Pin a = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a.valid() && b.valid());
    for (const Pin* pin : {&a, &b}) {
        KSHANDSHAKE in{};
        in.ProtocolId = PINLINK_PROTOCOL_DirectRing;
        KSHANDSHAKE out{};
        DWORD bytes = 0xFFFF;
        SetLastError(ERROR_SUCCESS);
        EXPECT_FALSE(DeviceIoControl(pin->handle(), IOCTL_KS_HANDSHAKE, &in, sizeof(in), &out, sizeof(out), &bytes,
                                     nullptr));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_FUNCTION));
        EXPECT_EQ(pin->ioctl(IOCTL_KS_HANDSHAKE, &in, sizeof(in), &out, sizeof(out)).status,
                  STATUS_INVALID_DEVICE_REQUEST);
        EXPECT_EQ(out.Argument1, nullptr);  // nothing leaked to user mode
        EXPECT_EQ(out.Argument2, nullptr);
    }
}

// ks-spec §12 item 4: an accepted handshake returns Information = sizeof(KSHANDSHAKE) = 32 (observed by pin A in the driver).
TEST_F(PinlinkTest, Item4AcceptedHandshakeReturnsThirtyTwoBytes)
{
    Pin a = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a.valid() && b.valid());
    ASSERT_EQ(link(a, b.handle()), STATUS_SUCCESS);
    PINLINK_HANDSHAKE_RESULT r = lastHandshake(a);
    EXPECT_EQ(r.Status, STATUS_SUCCESS);
    EXPECT_EQ(r.Information, sizeof(KSHANDSHAKE));
    EXPECT_EQ(r.Information, 32u);
}

// One B serves one A: a second A is refused until the first unlinks (NULL).
TEST_F(PinlinkTest, ASecondWriterIsRefusedUntilTheFirstUnlinks)
{
    Pin a1 = createPin(PINLINK_PIN_A);
    Pin a2 = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a1.valid() && a2.valid() && b.valid());
    ASSERT_EQ(link(a1, b.handle()), STATUS_SUCCESS);
    EXPECT_EQ(link(a1, b.handle()), STATUS_SUCCESS);  // re-linking to the same B
    EXPECT_EQ(link(a2, b.handle()), STATUS_SHARING_VIOLATION);
    ASSERT_EQ(link(a1, nullptr), STATUS_SUCCESS);
    ASSERT_EQ(link(a2, b.handle()), STATUS_SUCCESS);
    std::vector<std::vector<std::uint8_t>> frames = {pattern(9, 64)};
    EXPECT_EQ(transfer(a2, b, frames, 64, 1)[0], frames[0]);
}

// A closing while linked detaches it from B's ring (its file reference goes on the driver's release thread): another A can link.
TEST_F(PinlinkTest, WriterClosingWhileLinkedFreesTheReaderForAnotherWriter)
{
    Pin a1 = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a1.valid() && b.valid());
    ASSERT_EQ(link(a1, b.handle()), STATUS_SUCCESS);
    a1.close();
    Pin a2 = createPin(PINLINK_PIN_A);
    ASSERT_EQ(link(a2, b.handle()), STATUS_SUCCESS);
    std::vector<std::vector<std::uint8_t>> frames = {pattern(11, 300)};
    EXPECT_EQ(transfer(a2, b, frames, 300, 1)[0], frames[0]);
}

// ks-spec §12 items 4-5 under a close race: LINK and handshakes race B's close and re-creation; every call returns a status.
TEST_F(PinlinkTest, HandshakeRacesPinCloseWithoutCrashing)
{
    Pin a = createPin(PINLINK_PIN_A);
    ASSERT_TRUE(a.valid());
    Pin b = createPin(PINLINK_PIN_B);
    std::atomic<HANDLE> current{b.handle()};
    std::atomic<bool> stop{false};
    std::latch start(2);
    constexpr int kRecreations = 200;
    constexpr int kMinCalls = 400;  // both loops keep going until each has done its share, so they overlap
    std::atomic<int> calls{0};
    std::thread linker([&] {
        start.arrive_and_wait();
        while (!stop.load()) {
            const NTSTATUS l = link(a, current.load());
            EXPECT_TRUE(l == STATUS_SUCCESS || l == STATUS_INVALID_HANDLE) << std::hex << l;
            const NTSTATUS h = handshakeTest(a, current.load(), kUnknownProtocol);
            EXPECT_TRUE(h == STATUS_INVALID_DEVICE_REQUEST || h == STATUS_INVALID_HANDLE) << std::hex << h;
            calls.fetch_add(2);
        }
    });
    start.arrive_and_wait();
    for (int i = 0; i < kRecreations || calls.load() < kMinCalls; ++i) {
        Pin next = createPin(PINLINK_PIN_B);
        if (!next.valid()) {
            break;  // createPin reported it; the linker must still be joined
        }
        current.store(next.handle());
        b = std::move(next);  // closes the previous B, maybe while A links to it
    }
    stop.store(true);
    linker.join();
    EXPECT_GE(calls.load(), kMinCalls);
    // After the storm the link still works end to end.
    ASSERT_EQ(link(a, b.handle()), STATUS_SUCCESS);
    std::vector<std::vector<std::uint8_t>> frames = {pattern(1, 256), pattern(2, 128)};
    std::vector<std::vector<std::uint8_t>> got = transfer(a, b, frames, 512, 2);
    EXPECT_EQ(got[0], frames[0]);
    EXPECT_EQ(got[1], frames[1]);
}

// B's handle closes while A is linked: A's writes still complete (B's Close waits for A's reference), re-linking frees the old B, and closing A releases the rest.
TEST_F(PinlinkTest, ReaderClosingWhileLinkedLeavesNoDanglingRing)
{
    Pin a = createPin(PINLINK_PIN_A);
    Pin b = createPin(PINLINK_PIN_B);
    ASSERT_TRUE(a.valid() && b.valid());
    ASSERT_EQ(link(a, b.handle()), STATUS_SUCCESS);
    b.close();  // A still references B's file object: B's Close waits for A
    std::vector<std::uint8_t> frame = pattern(5, 128);
    KSSTREAM_HEADER w = streamHeader(frame.data(), static_cast<ULONG>(frame.size()), true);
    EXPECT_EQ(submitAndWait(a, IOCTL_KS_WRITE_STREAM, &w, sizeof(w)).status, STATUS_SUCCESS);  // into the ring
    // Re-linking A to a new B drops the old B's last reference: it closes now, on this request.
    Pin b2 = createPin(PINLINK_PIN_B);
    ASSERT_EQ(link(a, b2.handle()), STATUS_SUCCESS);
    std::vector<std::vector<std::uint8_t>> frames = {pattern(6, 200)};
    EXPECT_EQ(transfer(a, b2, frames, 256, 1)[0], frames[0]);
    b2.close();
    a.close();  // A's Close hands B2's last reference to a worker
}

}  // namespace
}  // namespace openks::test
