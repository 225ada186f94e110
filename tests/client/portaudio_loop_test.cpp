// SPDX-License-Identifier: MIT
// A PortAudio WDM-KS style render loop against the null sink: prime while paused, run, resubmit on completion, drain,
// stop.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

// One of PortAudio's WaveCyclic packets (clients.md §2.2 step 5): a slice
// of the host buffer, a manual-reset event and one header.
struct Packet {
    OVERLAPPED overlapped{};
    KSSTREAM_HEADER header{};
};

class PortAudioLoopTest : public ::testing::Test {
protected:
    static constexpr int kPackets = 4;
    static constexpr ULONG kFramesPerPacket = 480;  // 10 ms at 48 kHz
    static constexpr ULONG kBlockAlign = 4;         // stereo, 16 bit
    static constexpr ULONG kPacketBytes = kFramesPerPacket * kBlockAlign;

    void SetUp() override
    {
        filter_ = openFilter(nullPath());
        ASSERT_NE(filter_, INVALID_HANDLE_VALUE);
        // ks-spec: CTYPES probe with a KSP_PIN, as PortAudio does at enumeration.
        KSP_PIN ctypes{};
        ctypes.Property.Set = KSPROPSETID_Pin;
        ctypes.Property.Id = KSPROPERTY_PIN_CTYPES;
        ctypes.Property.Flags = KSPROPERTY_TYPE_GET;
        ULONG pins = 0;
        DWORD returned = 0;
        ASSERT_TRUE(DeviceIoControl(filter_, IOCTL_KS_PROPERTY, &ctypes, sizeof(ctypes), &pins, sizeof(pins), &returned,
                                    nullptr));
        ASSERT_EQ(pins, 2u);
        AudioPinCreate create = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
        ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_READ | GENERIC_WRITE, &pin_), 0u);
        buffer_.resize(kPackets * kPacketBytes);
        for (int i = 0; i < kPackets; ++i) {
            events_[i] = CreateEventA(nullptr, TRUE, FALSE, nullptr);
            packets_[i].overlapped.hEvent = events_[i];
            packets_[i].header = writeHeader(buffer_.data() + i * kPacketBytes, kPacketBytes);
        }
    }
    void TearDown() override
    {
        if (pin_ != INVALID_HANDLE_VALUE) CloseHandle(pin_);
        CloseHandle(filter_);
        for (HANDLE e : events_)
            CloseHandle(e);
    }

    // Fills a packet with the next samples and submits it (ResetEvent, then WRITE_STREAM).
    void submit(int i)
    {
        auto* samples = reinterpret_cast<int16_t*>(packets_[i].header.Data);
        for (ULONG s = 0; s < kFramesPerPacket * 2; ++s)
            samples[s] = static_cast<int16_t>(sample_++);
        ResetEvent(events_[i]);
        BOOL done = DeviceIoControl(pin_, IOCTL_KS_WRITE_STREAM, nullptr, 0, &packets_[i].header,
                                    packets_[i].header.Size, nullptr, &packets_[i].overlapped);
        // PortAudio: anything but TRUE or ERROR_IO_PENDING is paInternalError.
        ASSERT_TRUE(done || GetLastError() == ERROR_IO_PENDING) << GetLastError();
        ++submitted_;
    }

    HANDLE filter_ = INVALID_HANDLE_VALUE;
    HANDLE pin_ = INVALID_HANDLE_VALUE;
    HANDLE events_[kPackets] = {};
    Packet packets_[kPackets];
    std::vector<unsigned char> buffer_;
    uint32_t sample_ = 0;
    int submitted_ = 0;
};

TEST_F(PortAudioLoopTest, PrimesWhilePausedStreamsDrainsAndStops)
{
    ASSERT_EQ(setState(pin_, KSSTATE_ACQUIRE), S_OK);
    ASSERT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
    for (int i = 0; i < kPackets; ++i)
        ASSERT_NO_FATAL_FAILURE(submit(i));
    // Primed writes wait for RUN: none has completed.
    EXPECT_EQ(WaitForMultipleObjects(kPackets, events_, FALSE, 0), static_cast<DWORD>(WAIT_TIMEOUT));
    ASSERT_EQ(setState(pin_, KSSTATE_RUN), S_OK);

    constexpr int kTotal = 200;
    int completed = 0;
    while (completed < kTotal) {
        DWORD woke = WaitForMultipleObjects(kPackets, events_, FALSE, 5000);  // PortAudio's watchdog
        ASSERT_LT(woke, WAIT_OBJECT_0 + kPackets) << "no completion within the watchdog";
        int i = static_cast<int>(woke - WAIT_OBJECT_0);
        DWORD transferred = 0;
        ASSERT_TRUE(GetOverlappedResult(pin_, &packets_[i].overlapped, &transferred, FALSE)) << GetLastError();
        EXPECT_EQ(transferred, kPacketBytes);
        ++completed;
        if (submitted_ < kTotal) {
            ASSERT_NO_FATAL_FAILURE(submit(i));
        } else {
            ResetEvent(events_[i]);
        }
    }
    // Drained: every write completed, every byte reached the sink.
    EXPECT_EQ(submitted_, kTotal);
    OPENKS_NULL_STATISTICS stats = nullStatistics(pin_);
    EXPECT_EQ(stats.Frames, static_cast<ULONGLONG>(kTotal));
    EXPECT_EQ(stats.Bytes, static_cast<ULONGLONG>(kTotal) * kPacketBytes);

    EXPECT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
    EXPECT_EQ(setState(pin_, KSSTATE_STOP), S_OK);
    // PortAudio's close: PAUSE and STOP again (clients.md §2.5).
    EXPECT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
    EXPECT_EQ(setState(pin_, KSSTATE_STOP), S_OK);
    EXPECT_EQ(getState(pin_), KSSTATE_STOP);
    EXPECT_TRUE(CloseHandle(pin_));
    pin_ = INVALID_HANDLE_VALUE;
}

TEST_F(PortAudioLoopTest, AbortWithPendingWritesIsFlushedByStop)
{
    // clients.md §2.5 abort: the thread leaves writes pending, then PAUSE, STOP; ks-spec §12 item 33.
    ASSERT_EQ(setState(pin_, KSSTATE_ACQUIRE), S_OK);
    ASSERT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
    for (int i = 0; i < kPackets; ++i)
        ASSERT_NO_FATAL_FAILURE(submit(i));
    EXPECT_EQ(setState(pin_, KSSTATE_PAUSE), S_OK);
    EXPECT_EQ(setState(pin_, KSSTATE_STOP), S_OK);
    EXPECT_EQ(WaitForMultipleObjects(kPackets, events_, TRUE, 5000), WAIT_OBJECT_0);
    for (Packet& packet : packets_) {
        DWORD transferred = 0;
        EXPECT_FALSE(GetOverlappedResult(pin_, &packet.overlapped, &transferred, FALSE));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_OPERATION_ABORTED));
    }
    EXPECT_EQ(nullStatistics(pin_).Frames, 0u);
}

TEST_F(PortAudioLoopTest, WritesInStopFailFast)
{
    // clients.md §1.5: writes in STOP fail at once instead of pending.
    BOOL done = DeviceIoControl(pin_, IOCTL_KS_WRITE_STREAM, nullptr, 0, &packets_[0].header, packets_[0].header.Size,
                                nullptr, &packets_[0].overlapped);
    EXPECT_FALSE(done);
    EXPECT_NE(GetLastError(), static_cast<DWORD>(ERROR_IO_PENDING));
    EXPECT_NE(GetLastError(), 0u);
}

}  // namespace
}  // namespace openks::test
