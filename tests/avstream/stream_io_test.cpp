// SPDX-License-Identifier: MIT
// Stream requests end to end (user-mode client -> io -> object model -> queue -> openks_streamdrv): checklist items 13, 16, 18-27, 33, 55-56, 60-62.

#include "stream_client.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

namespace openks::test {
namespace {

// Headers plus their buffers, for one request.
struct Packet {
    Packet(ULONG count, ULONG bytes, bool write, ULONG headerSize = sizeof(KSSTREAM_HEADER))
        : headerSize(headerSize), storage((std::size_t(count) * headerSize + 7) / 8), data(std::size_t(count) * bytes)
    {
        for (ULONG i = 0; i < count; ++i) {
            KSSTREAM_HEADER* h = header(i);
            h->Size = headerSize;
            h->PresentationTime.Numerator = h->PresentationTime.Denominator = 1;
            h->Data = data.data() + std::size_t(i) * bytes;
            h->FrameExtent = bytes;
            h->DataUsed = write ? bytes : 0;
        }
        for (std::size_t i = 0; i < data.size(); ++i) {
            data[i] = static_cast<std::uint8_t>(i * 13 + 5);
        }
        length = count * headerSize;
    }
    KSSTREAM_HEADER* header(ULONG i)
    {
        return reinterpret_cast<KSSTREAM_HEADER*>(reinterpret_cast<std::uint8_t*>(storage.data()) +
                                                  std::size_t(i) * headerSize);
    }
    ULONG headerSize;
    ULONG length;
    std::vector<std::uint64_t> storage;
    std::vector<std::uint8_t> data;
};

class StreamIoTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::u16string path = streamFilterPath(STREAMDRV_FILTER_GUID);
        ASSERT_FALSE(path.empty()) << "openks_streamdrv is not published";
        ASSERT_EQ(s.openFilter(path, &filter), STATUS_SUCCESS);
    }
    HANDLE pin(ULONG id, KSSTATE state)
    {
        HANDLE p = nullptr;
        EXPECT_EQ(createAudioPin(s, filter, id, &p), STATUS_SUCCESS);
        EXPECT_EQ(setPinState(s, p, state), STATUS_SUCCESS);
        return p;
    }
    KsSession s;
    HANDLE filter = nullptr;
    StreamClient c{s};
};

TEST_F(StreamIoTest, WriteConsumedInlineCompletesSynchronouslyWithBytesConsumed)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    Packet p(1, 480, true);
    StreamClient::Request r;
    const NTSTATUS dispatched = c.write(render, p.header(0), p.length, &r);
    EXPECT_EQ(dispatched, STATUS_SUCCESS);  // Process ran inline and consumed it
    EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
    EXPECT_EQ(r.iosb.Information, 480u);
    const STREAMDRV_COUNTERS counters = streamCounters(s, render);
    EXPECT_EQ(counters.BytesDone, 480u);
    EXPECT_EQ(counters.Hash, streamdrvHash(STREAMDRV_FNV_OFFSET, p.data.data(), 480));
}

// ks-spec §12 item 16
TEST_F(StreamIoTest, Item16_ZeroLengthHeaderBufferIsInvalidBufferSize)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, nullptr, 0).status, STATUS_INVALID_BUFFER_SIZE);
}

// ks-spec §12 item 18
TEST_F(StreamIoTest, Item18_HeadersComeFromTheOutputBuffer)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    Packet p(1, 64, true);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_WRITE_STREAM, p.header(0), p.length, nullptr, 0).status,
              STATUS_INVALID_BUFFER_SIZE);
    const IoResult ok = s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, p.header(0), p.length);
    EXPECT_EQ(ok.status, STATUS_SUCCESS);
    EXPECT_EQ(ok.information, 64u);
}

// ks-spec §12 item 13
TEST_F(StreamIoTest, Item13_ReadWithDataUsedIsInvalidBufferSize)
{
    HANDLE capture = pin(STREAMDRV_PIN_CAPTURE, KSSTATE_RUN);
    Packet p(1, 64, false);
    p.header(0)->DataUsed = 1;
    EXPECT_EQ(s.ioctl(capture, IOCTL_KS_READ_STREAM, nullptr, 0, p.header(0), p.length).status,
              STATUS_INVALID_BUFFER_SIZE);
}

// ks-spec §12 item 19
TEST_F(StreamIoTest, Item19_ReadReturnsUpdatedHeadersAndHeaderBytes)
{
    HANDLE capture = pin(STREAMDRV_PIN_CAPTURE, KSSTATE_RUN);
    Packet p(1, 192, false);
    StreamClient::Request r;
    (void)c.read(capture, p.header(0), p.length, &r);
    ASSERT_EQ(c.wait(&r), STATUS_SUCCESS);
    EXPECT_EQ(r.iosb.Information, sizeof(KSSTREAM_HEADER));
    const KSSTREAM_HEADER* h = p.header(0);
    EXPECT_EQ(h->DataUsed, 192u);
    EXPECT_LE(h->DataUsed, h->FrameExtent);
    EXPECT_EQ(h->OptionsFlags & (KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID),
              ULONG(KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID));
    EXPECT_EQ(h->Duration, STREAMDRV_FRAME_DURATION);
    EXPECT_EQ(h->TypeSpecificFlags, 0u);  // frame 0
    for (ULONG i = 0; i < 192; ++i) {
        ASSERT_EQ(p.data[i], static_cast<std::uint8_t>(i & 0xFF)) << i;
    }
}

// ks-spec §12 item 20
TEST_F(StreamIoTest, Item20_WriteInformationIsBytesConsumedHeadersUnmodified)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    Packet p(2, 100, true);
    p.header(1)->DataUsed = 60;
    const std::vector<std::uint64_t> before = p.storage;
    const IoResult r = s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, p.header(0), p.length);
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 160u);
    EXPECT_EQ(before, p.storage);
}

// ks-spec §12 items 21, 22, 23, 26
TEST_F(StreamIoTest, Items21To23And26_ResetBeginCancelsAndRefusesEndReopens)
{
    HANDLE capture = pin(STREAMDRV_PIN_CAPTURE, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    Packet a(1, 64, false);
    Packet b(1, 64, false);
    StreamClient::Request ra;
    StreamClient::Request rb;
    ASSERT_EQ(c.read(capture, a.header(0), a.length, &ra), STATUS_PENDING);
    ASSERT_EQ(c.read(capture, b.header(0), b.length, &rb), STATUS_PENDING);
    KSRESET begin = KSRESET_BEGIN;
    EXPECT_EQ(s.ioctl(capture, IOCTL_KS_RESET_STATE, &begin, sizeof(begin), nullptr, 0).status, STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&ra), STATUS_CANCELLED);  // item 21
    EXPECT_EQ(c.wait(&rb), STATUS_CANCELLED);
    EXPECT_EQ(s.ioctl(capture, IOCTL_KS_READ_STREAM, nullptr, 0, a.header(0), a.length).status,
              STATUS_DEVICE_NOT_READY);  // item 22
    KSRESET end = KSRESET_END;
    EXPECT_EQ(s.ioctl(capture, IOCTL_KS_RESET_STATE, &end, sizeof(end), nullptr, 0).status, STATUS_SUCCESS);
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_CONSUME), STATUS_SUCCESS);
    const IoResult again = s.ioctl(capture, IOCTL_KS_READ_STREAM, nullptr, 0, a.header(0), a.length);
    EXPECT_EQ(again.status, STATUS_SUCCESS);  // item 23
    const STREAMDRV_COUNTERS counters = streamCounters(s, capture);
    EXPECT_EQ(counters.ResetCalls, 2u);  // item 26: BEGIN and END
}

// ks-spec §12 item 24
TEST_F(StreamIoTest, Item24_AStateChangeDoesNotEndAReset)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    KSRESET begin = KSRESET_BEGIN;
    ASSERT_EQ(s.ioctl(render, IOCTL_KS_RESET_STATE, &begin, sizeof(begin), nullptr, 0).status, STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, render, KSSTATE_STOP), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, render, KSSTATE_RUN), STATUS_SUCCESS);
    Packet p(1, 16, true);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, p.header(0), p.length).status,
              STATUS_DEVICE_NOT_READY);
}

// ks-spec §12 item 25
TEST_F(StreamIoTest, Item25_ResetWithAShortInputIsInvalidParameter)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    KSRESET begin = KSRESET_BEGIN;
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_RESET_STATE, &begin, 3, nullptr, 0).status, STATUS_INVALID_PARAMETER);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_RESET_STATE, nullptr, 0, &begin, sizeof(begin)).status,
              STATUS_INVALID_PARAMETER);  // in the output buffer: not where KS reads it
}

// ks-spec §12 item 27
TEST_F(StreamIoTest, Item27_EndWithoutBeginIsAccepted)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    KSRESET end = KSRESET_END;
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_RESET_STATE, &end, sizeof(end), nullptr, 0).status, STATUS_SUCCESS);
    Packet p(1, 16, true);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, p.header(0), p.length).status, STATUS_SUCCESS);
}

// ks-spec §12 item 33
TEST_F(StreamIoTest, Item33_StopCompletesEveryPendingReadCancelledWithDataUsedZero)
{
    HANDLE capture = pin(STREAMDRV_PIN_CAPTURE, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    std::vector<std::unique_ptr<Packet>> packets;
    std::vector<std::unique_ptr<StreamClient::Request>> requests;
    for (int i = 0; i < 4; ++i) {
        packets.push_back(std::make_unique<Packet>(1, 64, false));
        requests.push_back(std::make_unique<StreamClient::Request>());
        ASSERT_EQ(c.read(capture, packets[i]->header(0), packets[i]->length, requests[i].get()), STATUS_PENDING);
    }
    ASSERT_EQ(setPinState(s, capture, KSSTATE_PAUSE), STATUS_SUCCESS);
    for (auto& r : requests) {
        EXPECT_FALSE(StreamClient::done(r.get()));  // PAUSE keeps them queued
    }
    ASSERT_EQ(setPinState(s, capture, KSSTATE_STOP), STATUS_SUCCESS);
    for (int i = 0; i < 4; ++i) {
        EXPECT_TRUE(StreamClient::done(requests[i].get()));  // completed by the time STOP returned
        EXPECT_EQ(c.wait(requests[i].get()), STATUS_CANCELLED);
        EXPECT_EQ(packets[i]->header(0)->DataUsed, 0u);
    }
    EXPECT_GE(streamCounters(s, capture).ResetCalls, 1u);  // the flush called Reset
}

// ks-spec §12 items 55 and 56
TEST_F(StreamIoTest, Items55And56_FramesHeldByClonesKeepTheWriteUntilReleased)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_HOLD), STATUS_SUCCESS);
    Packet p(3, 32, true);
    StreamClient::Request r;
    ASSERT_EQ(c.write(render, p.header(0), p.length, &r), STATUS_PENDING);
    STREAMDRV_COUNTERS counters = streamCounters(s, render);
    EXPECT_EQ(counters.FramesDone, 3u);  // all consumed, the leading edge passed them...
    EXPECT_EQ(counters.ClonesHeld, 3u);  // ... but clones hold them
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_RELEASE, 2), STATUS_SUCCESS);
    EXPECT_FALSE(StreamClient::done(&r));  // one frame of three is still held
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_RELEASE, 1), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
    EXPECT_EQ(r.iosb.Information, 96u);
}

TEST_F(StreamIoTest, WritesCompletedFromTheDriversOwnThread)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_THREAD), STATUS_SUCCESS);
    std::vector<std::unique_ptr<Packet>> packets;
    std::vector<std::unique_ptr<StreamClient::Request>> requests;
    for (int i = 0; i < 16; ++i) {
        packets.push_back(std::make_unique<Packet>(1, 32, true));
        requests.push_back(std::make_unique<StreamClient::Request>());
        const NTSTATUS d = c.write(render, packets[i]->header(0), packets[i]->length, requests[i].get());
        EXPECT_TRUE(d == STATUS_PENDING || d == STATUS_SUCCESS);
    }
    std::uint64_t last = 0;
    for (auto& r : requests) {
        EXPECT_EQ(c.wait(r.get()), STATUS_SUCCESS);
        EXPECT_GT(r->order.load(), last);  // FIFO
        last = r->order.load();
    }
}

// ks-spec §12 item 60
TEST_F(StreamIoTest, Item60_DefaultPinProcessesOnArrivalIntoAnEmptyQueueOnly)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    Packet a(1, 8, true);
    Packet b(1, 8, true);
    StreamClient::Request ra;
    StreamClient::Request rb;
    ASSERT_EQ(c.write(render, a.header(0), a.length, &ra), STATUS_PENDING);
    ASSERT_EQ(c.write(render, b.header(0), b.length, &rb), STATUS_PENDING);
    EXPECT_EQ(streamCounters(s, render).ProcessCalls, 1u);
    ASSERT_EQ(setPinState(s, render, KSSTATE_STOP), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&ra), STATUS_CANCELLED);
    EXPECT_EQ(c.wait(&rb), STATUS_CANCELLED);
}

// ks-spec §12 item 60
TEST_F(StreamIoTest, Item60_InitiateProcessingOnEveryArrival)
{
    HANDLE every = pin(STREAMDRV_PIN_EVERY_ARRIVAL, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, every, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    std::vector<std::unique_ptr<Packet>> packets;
    std::vector<std::unique_ptr<StreamClient::Request>> requests;
    for (int i = 0; i < 3; ++i) {
        packets.push_back(std::make_unique<Packet>(1, 8, true));
        requests.push_back(std::make_unique<StreamClient::Request>());
        ASSERT_EQ(c.write(every, packets[i]->header(0), packets[i]->length, requests[i].get()), STATUS_PENDING);
    }
    EXPECT_EQ(streamCounters(s, every).ProcessCalls, 3u);
    ASSERT_EQ(setPinState(s, every, KSSTATE_STOP), STATUS_SUCCESS);
    for (auto& r : requests) {
        EXPECT_EQ(c.wait(r.get()), STATUS_CANCELLED);
    }
}

// ks-spec §12 item 61
TEST_F(StreamIoTest, Item61_RendererPinProcessesOnlyInRun)
{
    HANDLE renderer = pin(STREAMDRV_PIN_RUN_ONLY, KSSTATE_PAUSE);
    Packet p(1, 48, true);
    StreamClient::Request r;
    ASSERT_EQ(c.write(renderer, p.header(0), p.length, &r), STATUS_PENDING);
    EXPECT_EQ(streamCounters(s, renderer).ProcessCalls, 0u);
    ASSERT_EQ(setPinState(s, renderer, KSSTATE_RUN), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
    EXPECT_EQ(streamCounters(s, renderer).ProcessCalls, 1u);
}

// ks-spec §12 item 62
TEST_F(StreamIoTest, Item62_AfterPendingOnlyAttemptProcessingRestarts)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    Packet a(1, 8, true);
    Packet b(1, 8, true);
    StreamClient::Request ra;
    StreamClient::Request rb;
    ASSERT_EQ(c.write(render, a.header(0), a.length, &ra), STATUS_PENDING);
    ASSERT_EQ(c.write(render, b.header(0), b.length, &rb), STATUS_PENDING);
    EXPECT_EQ(streamCounters(s, render).ProcessCalls, 1u);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_CONSUME), STATUS_SUCCESS);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_ATTEMPT, 0), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&ra), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&rb), STATUS_SUCCESS);
    EXPECT_EQ(streamCounters(s, render).ProcessCalls, 2u);
}

TEST_F(StreamIoTest, DoNotInitiateProcessingPinWaitsForAnAsynchronousAttempt)
{
    HANDLE pinHandle = pin(STREAMDRV_PIN_NO_INITIATE, KSSTATE_RUN);
    Packet p(1, 8, true);
    StreamClient::Request r;
    ASSERT_EQ(c.write(pinHandle, p.header(0), p.length, &r), STATUS_PENDING);
    EXPECT_EQ(streamCounters(s, pinHandle).ProcessCalls, 0u);
    ASSERT_EQ(setStreamProperty(s, pinHandle, STREAMDRV_PROPERTY_ATTEMPT, 1), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
}

TEST_F(StreamIoTest, ClosedAndGateHoldsProcessingUntilReopened)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_GATE, 0), STATUS_SUCCESS);
    Packet p(1, 8, true);
    StreamClient::Request r;
    ASSERT_EQ(c.write(render, p.header(0), p.length, &r), STATUS_PENDING);
    EXPECT_EQ(streamCounters(s, render).ProcessCalls, 0u);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_GATE, 1), STATUS_SUCCESS);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_ATTEMPT, 0), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
}

TEST_F(StreamIoTest, DistinctTrailingEdgeHoldsFramesUntilItPasses)
{
    HANDLE trailing = pin(STREAMDRV_PIN_TRAILING, KSSTATE_RUN);
    Packet a(1, 8, true);
    Packet b(1, 8, true);
    StreamClient::Request ra;
    StreamClient::Request rb;
    ASSERT_EQ(c.write(trailing, a.header(0), a.length, &ra), STATUS_PENDING);
    ASSERT_EQ(c.write(trailing, b.header(0), b.length, &rb), STATUS_PENDING);
    EXPECT_EQ(streamCounters(s, trailing).FramesDone, 2u);  // the leading edge consumed both
    ASSERT_EQ(setStreamProperty(s, trailing, STREAMDRV_PROPERTY_RELEASE, 1), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&ra), STATUS_SUCCESS);
    EXPECT_FALSE(StreamClient::done(&rb));
    ASSERT_EQ(setStreamProperty(s, trailing, STREAMDRV_PROPERTY_RELEASE, 0), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&rb), STATUS_SUCCESS);
}

TEST_F(StreamIoTest, WriteInStopAndReadOnARenderPinFailAtOnce)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_STOP);
    Packet w(1, 8, true);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, w.header(0), w.length).status,
              STATUS_INVALID_DEVICE_STATE);
    ASSERT_EQ(setPinState(s, render, KSSTATE_RUN), STATUS_SUCCESS);
    Packet r(1, 8, false);
    EXPECT_EQ(s.ioctl(render, IOCTL_KS_READ_STREAM, nullptr, 0, r.header(0), r.length).status,
              STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(StreamIoTest, HandleCloseWithPendingRequestsCancelsThem)
{
    HANDLE capture = pin(STREAMDRV_PIN_CAPTURE, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    HANDLE held = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, held, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_HOLD), STATUS_SUCCESS);
    Packet a(1, 64, false);
    Packet b(1, 64, true);
    StreamClient::Request ra;
    StreamClient::Request rb;
    ASSERT_EQ(c.read(capture, a.header(0), a.length, &ra), STATUS_PENDING);
    ASSERT_EQ(c.write(held, b.header(0), b.length, &rb), STATUS_PENDING);  // held by an unlocked clone
    EXPECT_EQ(s.close(capture), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&ra), STATUS_CANCELLED);
    EXPECT_EQ(s.close(held), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&rb), STATUS_CANCELLED);  // the clone's cancel callback let go of it
}

// The I/O manager closes a pin on the thread that completes its last IRP.
// Here that is the driver's own thread, inside KsStreamPointerDelete, long
// after the client closed its handle: the queue must survive its pin being
// torn down under its own call.
TEST_F(StreamIoTest, PinClosedOnTheDriversThreadByItsLastCompletionAfterHandleClose)
{
    HANDLE render = pin(STREAMDRV_PIN_RENDER, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, render, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_PARK), STATUS_SUCCESS);
    Packet p(2, 64, true);
    StreamClient::Request r;
    ASSERT_EQ(c.write(render, p.header(0), p.length, &r), STATUS_PENDING);
    EXPECT_EQ(s.close(render), STATUS_SUCCESS);  // cleanup cancels, but uncancellable clones hold the frames
    EXPECT_FALSE(StreamClient::done(&r));
    ASSERT_EQ(setStreamProperty(s, filter, STREAMDRV_PROPERTY_RELEASE_PARKED, 0), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&r), STATUS_CANCELLED);
    ULONG open = 99;
    EXPECT_EQ(s.property(filter, KSPROPSETID_OpenksStream, STREAMDRV_PROPERTY_OPEN_PINS, KSPROPERTY_TYPE_GET, &open,
                         sizeof(open))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(open, 0u);  // the pin closed (on the driver's thread)
}

TEST_F(StreamIoTest, CancelIoExOnOnePendingRead)
{
    HANDLE capture = pin(STREAMDRV_PIN_CAPTURE, KSSTATE_RUN);
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_IGNORE), STATUS_SUCCESS);
    Packet a(1, 64, false);
    StreamClient::Request ra;
    ASSERT_EQ(c.read(capture, a.header(0), a.length, &ra), STATUS_PENDING);
    EXPECT_TRUE(c.cancel(capture, &ra));
    EXPECT_EQ(c.wait(&ra), STATUS_CANCELLED);
}

TEST(StreamTransformTest, FilterCentricTransformCopiesInputToOutputFrames)
{
    KsSession s;
    HANDLE filter = nullptr;
    const std::u16string path = streamFilterPath(STREAMDRV_TRANSFORM_GUID);
    ASSERT_FALSE(path.empty());
    ASSERT_EQ(s.openFilter(path, &filter), STATUS_SUCCESS);
    HANDLE in = nullptr;
    HANDLE out = nullptr;
    ASSERT_EQ(createBytePin(s, filter, STREAMDRV_TRANSFORM_IN, &in), STATUS_SUCCESS);
    ASSERT_EQ(createBytePin(s, filter, STREAMDRV_TRANSFORM_OUT, &out), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, in, KSSTATE_RUN), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, out, KSSTATE_RUN), STATUS_SUCCESS);
    StreamClient c(s);
    Packet src(3, 100, true);
    Packet dst(3, 100, false);
    StreamClient::Request w;
    StreamClient::Request r;
    ASSERT_EQ(c.write(in, src.header(0), src.length, &w), STATUS_PENDING);  // no output buffer yet
    (void)c.read(out, dst.header(0), dst.length, &r);
    EXPECT_EQ(c.wait(&w), STATUS_SUCCESS);
    EXPECT_EQ(c.wait(&r), STATUS_SUCCESS);
    EXPECT_EQ(w.iosb.Information, 300u);
    for (ULONG i = 0; i < 3; ++i) {
        EXPECT_EQ(dst.header(i)->DataUsed, 100u);
    }
    for (std::size_t i = 0; i < 300; ++i) {
        ASSERT_EQ(dst.data[i], static_cast<std::uint8_t>(src.data[i] + 1)) << i;
    }
    const STREAMDRV_COUNTERS counters = streamCounters(s, filter);
    EXPECT_EQ(counters.BytesDone, 300u);
    EXPECT_EQ(counters.Hash, streamdrvHash(STREAMDRV_FNV_OFFSET, src.data.data(), 300));
    ASSERT_EQ(setPinState(s, in, KSSTATE_STOP), STATUS_SUCCESS);
    EXPECT_GE(streamCounters(s, filter).ResetCalls, 1u);  // the flush calls the filter's Reset
}

}  // namespace
}  // namespace openks::test
