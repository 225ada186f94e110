// SPDX-License-Identifier: MIT
// Real clients' streaming patterns against openks_streamdrv: PortAudio's render loop, ksvideosrc's read loop, ksproxy's header arrays, STOP/RESET under load (clients.md §2-§4).

#include "stream_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

namespace openks::test {
namespace {

class StreamClientTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::u16string path = streamFilterPath(STREAMDRV_FILTER_GUID);
        ASSERT_FALSE(path.empty()) << "openks_streamdrv is not published";
        ASSERT_EQ(s.openFilter(path, &filter), STATUS_SUCCESS);
    }
    KsSession s;
    HANDLE filter = nullptr;
    StreamClient c{s};
};

// The byte stream a render test plays: deterministic, not periodic in 256.
std::uint8_t streamByte(std::uint64_t offset)
{
    return static_cast<std::uint8_t>((offset * 2654435761u) >> 13);
}

// PortAudio WDM-KS (clients.md §2.3-§2.5): ACQUIRE, PAUSE, prime N writes,
// RUN, refill and resubmit each packet as it completes, drain, PAUSE, STOP,
// and on close PAUSE and STOP again.  Every byte reaches the sink in order.
void portAudioRenderLoop(KsSession& s, StreamClient& c, HANDLE filter, ULONG mode)
{
    HANDLE pin = nullptr;
    ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_RUN_ONLY, &pin), STATUS_SUCCESS);
    ASSERT_EQ(setStreamProperty(s, pin, STREAMDRV_PROPERTY_MODE, mode), STATUS_SUCCESS);
    constexpr int kPackets = 4;
    constexpr ULONG kPacketBytes = 480 * 4;  // 480 frames of 16-bit stereo
    constexpr int kTotalPackets = 400;
    struct Packet {
        KSSTREAM_HEADER header{};
        std::vector<std::uint8_t> data = std::vector<std::uint8_t>(kPacketBytes);
        StreamClient::Request request;
    };
    std::vector<Packet> packets(kPackets);
    std::uint64_t offset = 0;
    ULONGLONG hash = STREAMDRV_FNV_OFFSET;
    auto fill = [&](Packet& p) {
        for (ULONG i = 0; i < kPacketBytes; ++i) {
            p.data[i] = streamByte(offset + i);
        }
        hash = streamdrvHash(hash, p.data.data(), kPacketBytes);
        offset += kPacketBytes;
        p.header.Size = sizeof(KSSTREAM_HEADER);
        p.header.PresentationTime.Numerator = p.header.PresentationTime.Denominator = 1;
        p.header.Data = p.data.data();
        p.header.FrameExtent = kPacketBytes;
        p.header.DataUsed = kPacketBytes;
    };

    ASSERT_EQ(setPinState(s, pin, KSSTATE_ACQUIRE), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    int submitted = 0;
    for (Packet& p : packets) {  // priming: a renderer does not process in PAUSE, so they pend
        fill(p);
        ASSERT_EQ(c.write(pin, &p.header, sizeof(p.header), &p.request), STATUS_PENDING);
        ++submitted;
    }
    ASSERT_EQ(setPinState(s, pin, KSSTATE_RUN), STATUS_SUCCESS);
    int completed = 0;
    for (int i = 0; completed < kTotalPackets; i = (i + 1) % kPackets) {
        Packet& p = packets[i];
        ASSERT_EQ(c.wait(&p.request), STATUS_SUCCESS) << "packet " << completed;
        EXPECT_EQ(p.request.iosb.Information, kPacketBytes);
        ++completed;
        if (submitted < kTotalPackets) {
            fill(p);
            const NTSTATUS d = c.write(pin, &p.header, sizeof(p.header), &p.request);
            ASSERT_TRUE(d == STATUS_PENDING || d == STATUS_SUCCESS) << std::hex << d;
            ++submitted;
        }
    }
    ASSERT_EQ(setPinState(s, pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_STOP), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_PAUSE), STATUS_SUCCESS);  // close: PAUSE, STOP again
    ASSERT_EQ(setPinState(s, pin, KSSTATE_STOP), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_STOP), STATUS_SUCCESS);  // redundant: succeeds
    const STREAMDRV_COUNTERS counters = streamCounters(s, pin);
    EXPECT_EQ(counters.BytesDone, offset);
    EXPECT_EQ(counters.Hash, hash);  // every byte, in order
    EXPECT_EQ(s.close(pin), STATUS_SUCCESS);
}

TEST_F(StreamClientTest, PortAudioRenderLoopWithInlineSink)
{
    portAudioRenderLoop(s, c, filter, STREAMDRV_MODE_CONSUME);
}

TEST_F(StreamClientTest, PortAudioRenderLoopWithCompletionsFromTheDriversThread)
{
    portAudioRenderLoop(s, c, filter, STREAMDRV_MODE_THREAD);
}

// GStreamer ksvideosrc (clients.md §3 steps 9-12): STOP->ACQUIRE->PAUSE->RUN,
// N reads with KS_FRAME_INFO extended headers, FIFO completion assumed,
// resubmission, then RUN->PAUSE->STOP.
TEST_F(StreamClientTest, KsVideoSrcReadLoopWithFrameInfoAndFifoCompletion)
{
    HANDLE pin = nullptr;
    ASSERT_EQ(createVideoPin(s, filter, &pin), STATUS_SUCCESS);
    ASSERT_EQ(setStreamProperty(s, pin, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_THREAD), STATUS_SUCCESS);
    constexpr int kRequests = 4;
    constexpr ULONG kFrameBytes = 64 * 48 * 2;  // a small YUY2 frame
    constexpr int kFrames = 120;
    struct VideoRead {
        struct {
            KSSTREAM_HEADER header;
            KS_FRAME_INFO info;
        } headers{};
        std::vector<std::uint8_t> frame = std::vector<std::uint8_t>(kFrameBytes);
        StreamClient::Request request;
    };
    static_assert(sizeof(VideoRead::headers) == 128);
    std::vector<VideoRead> reads(kRequests);
    auto submit = [&](VideoRead& r) {
        r.headers = {};
        r.headers.header.Size = sizeof(r.headers);
        r.headers.header.PresentationTime.Numerator = r.headers.header.PresentationTime.Denominator = 1;
        r.headers.header.Data = r.frame.data();
        r.headers.header.FrameExtent = kFrameBytes;
        r.headers.info.ExtendedHeaderSize = sizeof(KS_FRAME_INFO);
        return c.read(pin, &r.headers, sizeof(r.headers), &r.request);
    };
    ASSERT_EQ(setPinState(s, pin, KSSTATE_ACQUIRE), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_RUN), STATUS_SUCCESS);
    for (VideoRead& r : reads) {
        const NTSTATUS d = submit(r);
        ASSERT_TRUE(d == STATUS_PENDING || d == STATUS_SUCCESS) << std::hex << d;
    }
    std::uint64_t lastOrder = 0;
    LONGLONG lastTime = -1;
    for (int n = 0; n < kFrames; ++n) {
        VideoRead& r = reads[n % kRequests];  // FIFO: the oldest request completes first
        ASSERT_EQ(c.wait(&r.request), STATUS_SUCCESS) << "frame " << n;
        EXPECT_GT(r.request.order.load(), lastOrder);
        lastOrder = r.request.order.load();
        EXPECT_EQ(r.request.iosb.Information, 128u);
        const KSSTREAM_HEADER& h = r.headers.header;
        EXPECT_EQ(h.DataUsed, kFrameBytes);
        EXPECT_NE(h.OptionsFlags & KSSTREAM_HEADER_OPTIONSF_TIMEVALID, 0u);
        EXPECT_NE(h.OptionsFlags & KSSTREAM_HEADER_OPTIONSF_FRAMEINFO, 0u);
        EXPECT_GT(h.PresentationTime.Time, lastTime);
        lastTime = h.PresentationTime.Time;
        EXPECT_EQ(r.headers.info.PictureNumber, n);
        EXPECT_EQ(r.headers.info.DropCount, 0);
        EXPECT_EQ(r.headers.info.ExtendedHeaderSize, sizeof(KS_FRAME_INFO));
        EXPECT_EQ(r.frame[0], static_cast<std::uint8_t>(n & 0xFF));
        EXPECT_EQ(r.frame[kFrameBytes - 1], static_cast<std::uint8_t>((n + kFrameBytes - 1) & 0xFF));
        if (n + kRequests < kFrames) {
            const NTSTATUS d = submit(r);
            ASSERT_TRUE(d == STATUS_PENDING || d == STATUS_SUCCESS) << std::hex << d;
        }
    }
    ASSERT_EQ(setPinState(s, pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, pin, KSSTATE_STOP), STATUS_SUCCESS);
    EXPECT_EQ(s.close(pin), STATUS_SUCCESS);
}

// ksproxy packs several media samples into one IOCTL (clients.md §1.4).
TEST_F(StreamClientTest, KsProxyStyleFourHeaderArrays)
{
    HANDLE render = nullptr;
    HANDLE capture = nullptr;
    ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_RENDER, &render), STATUS_SUCCESS);
    ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_CAPTURE, &capture), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, render, KSSTATE_RUN), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, capture, KSSTATE_RUN), STATUS_SUCCESS);

    KSSTREAM_HEADER headers[4]{};
    std::vector<std::uint8_t> data(4 * 256);
    ULONGLONG hash = STREAMDRV_FNV_OFFSET;
    for (ULONG i = 0; i < 4; ++i) {
        headers[i].Size = sizeof(KSSTREAM_HEADER);
        headers[i].PresentationTime.Numerator = headers[i].PresentationTime.Denominator = 1;
        headers[i].Data = data.data() + i * 256;
        headers[i].FrameExtent = 256;
        headers[i].DataUsed = 64 * (i + 1);
        headers[i].OptionsFlags = i == 0 ? KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT : 0;
        for (ULONG j = 0; j < headers[i].DataUsed; ++j) {
            data[i * 256 + j] = static_cast<std::uint8_t>(i + j * 3);
        }
        hash = streamdrvHash(hash, headers[i].Data, headers[i].DataUsed);
    }
    const IoResult w = s.ioctl(render, IOCTL_KS_WRITE_STREAM, nullptr, 0, headers, sizeof(headers));
    EXPECT_EQ(w.status, STATUS_SUCCESS);
    EXPECT_EQ(w.information, 64u + 128u + 192u + 256u);
    EXPECT_EQ(streamCounters(s, render).Hash, hash);

    KSSTREAM_HEADER reads[4]{};
    for (ULONG i = 0; i < 4; ++i) {
        reads[i].Size = sizeof(KSSTREAM_HEADER);
        reads[i].PresentationTime.Numerator = reads[i].PresentationTime.Denominator = 1;
        reads[i].Data = data.data() + i * 256;
        reads[i].FrameExtent = 256;
    }
    const IoResult r = s.ioctl(capture, IOCTL_KS_READ_STREAM, nullptr, 0, reads, sizeof(reads));
    EXPECT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, sizeof(reads));
    for (ULONG i = 0; i < 4; ++i) {
        EXPECT_EQ(reads[i].DataUsed, 256u);
        EXPECT_EQ(reads[i].TypeSpecificFlags, i);  // frames 0..3 in header order
        EXPECT_EQ(reads[i].PresentationTime.Time, LONGLONG(i) * STREAMDRV_FRAME_DURATION);
    }
}

// STOP and RESET while requests from several threads are pending: each one
// completes exactly once, cancelled, and the pin streams again afterwards.
TEST_F(StreamClientTest, StopAndResetWithRequestsPendingFromSeveralThreads)
{
    HANDLE capture = nullptr;
    ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_CAPTURE, &capture), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, capture, KSSTATE_RUN), STATUS_SUCCESS);
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_HOLD), STATUS_SUCCESS);
    constexpr int kThreads = 3;
    constexpr int kPerThread = 8;
    struct Read {
        KSSTREAM_HEADER header{};
        std::vector<std::uint8_t> data = std::vector<std::uint8_t>(128);
        StreamClient::Request request;
    };
    for (int round = 0; round < 2; ++round) {
        std::vector<Read> reads(kThreads * kPerThread);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    Read& r = reads[t * kPerThread + i];
                    r.header.Size = sizeof(KSSTREAM_HEADER);
                    r.header.Data = r.data.data();
                    r.header.FrameExtent = 128;
                    EXPECT_EQ(c.read(capture, &r.header, sizeof(r.header), &r.request), STATUS_PENDING);
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        EXPECT_EQ(streamCounters(s, capture).ClonesHeld, ULONG(kThreads * kPerThread));
        if (round == 0) {
            ASSERT_EQ(setPinState(s, capture, KSSTATE_STOP), STATUS_SUCCESS);  // the driver's Reset drops its clones
        } else {
            KSRESET begin = KSRESET_BEGIN;
            ASSERT_EQ(s.ioctl(capture, IOCTL_KS_RESET_STATE, &begin, sizeof(begin), nullptr, 0).status,
                      STATUS_SUCCESS);
        }
        for (Read& r : reads) {
            // Filled by the driver but held by a clone when the flush came:
            // cancelled, and (an error status) not copied back.
            EXPECT_EQ(c.wait(&r.request), STATUS_CANCELLED);
            EXPECT_EQ(r.header.DataUsed, 0u);
        }
        EXPECT_EQ(streamCounters(s, capture).ClonesHeld, 0u);
        if (round == 0) {
            ASSERT_EQ(setPinState(s, capture, KSSTATE_RUN), STATUS_SUCCESS);
        } else {
            KSRESET end = KSRESET_END;
            ASSERT_EQ(s.ioctl(capture, IOCTL_KS_RESET_STATE, &end, sizeof(end), nullptr, 0).status, STATUS_SUCCESS);
        }
    }
    ASSERT_EQ(setStreamProperty(s, capture, STREAMDRV_PROPERTY_MODE, STREAMDRV_MODE_CONSUME), STATUS_SUCCESS);
    KSSTREAM_HEADER h{};
    std::vector<std::uint8_t> data(128);
    h.Size = sizeof(h);
    h.Data = data.data();
    h.FrameExtent = 128;
    EXPECT_EQ(s.ioctl(capture, IOCTL_KS_READ_STREAM, nullptr, 0, &h, sizeof(h)).status, STATUS_SUCCESS);
}

}  // namespace
}  // namespace openks::test
