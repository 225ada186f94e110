// SPDX-License-Identifier: MIT
// The alsa driver through the client API against ALSA's null PCM: ranges from the PCM, one second streamed cleanly.
#include <gtest/gtest.h>

#include <openks/client.h>
#include <openks/drivers/alsa.h>

#include <alsa/asoundlib.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "driver_test_support.h"

namespace openks::test {
namespace {

// The driver reads OPENKS_ALSA_DEVICE when the host loads it, on the first
// device request; this runs before any test does.  An explicit setting wins.
[[maybe_unused]] const bool kNullDevice = [] {
    setenv("OPENKS_ALSA_DEVICE", "null", 0);
    return true;
}();

bool nullPcmAvailable()
{
    snd_pcm_t* pcm = nullptr;
    if (snd_pcm_open(&pcm, std::getenv("OPENKS_ALSA_DEVICE"), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK) < 0) {
        return false;
    }
    snd_pcm_close(pcm);
    return true;
}

class AlsaTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!nullPcmAvailable()) {
            GTEST_SKIP() << "ALSA cannot open the PCM '" << std::getenv("OPENKS_ALSA_DEVICE")
                         << "' here (no alsa-lib configuration?): the alsa driver cannot be exercised";
        }
        const std::string path = driverPath("alsa", KSCATEGORY_RENDER);
        ASSERT_FALSE(path.empty()) << "the PCM opens but the alsa driver is not published in KSCATEGORY_RENDER";
        Result<Filter> filter = Filter::open(path);
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(*filter);
    }

    Filter filter_;
};

TEST_F(AlsaTest, RangesComeFromThePcm)
{
    Result<std::vector<std::byte>> bytes = filter_.getPinBytes(ALSA_PIN_RENDER, KSPROPERTY_PIN_DATARANGES);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message();
    KSMULTIPLE_ITEM head;
    std::memcpy(&head, bytes->data(), sizeof(head));
    ASSERT_GE(head.Count, 1u);
    KSDATARANGE_AUDIO range;
    std::memcpy(&range, bytes->data() + sizeof(KSMULTIPLE_ITEM), sizeof(range));
    EXPECT_EQ(range.DataRange.FormatSize, 88u);
    EXPECT_TRUE(IsEqualGUID(range.DataRange.Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX));
    EXPECT_GE(range.MaximumChannels, 1u);
    EXPECT_LE(range.MaximumChannels, 8u);
    EXPECT_GE(range.MinimumSampleFrequency, 8000u);
    EXPECT_LE(range.MaximumSampleFrequency, 192000u);
    EXPECT_LE(range.MinimumSampleFrequency, 48000u);  // the null PCM takes any rate
    EXPECT_GE(range.MaximumSampleFrequency, 48000u);
}

TEST_F(AlsaTest, StreamsOneSecondIntoThePcmWithoutError)
{
    Result<Pin> pin = Pin::create(filter_, ALSA_PIN_RENDER, audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.ok()) << pin.error().message();
    // PortAudio's order: prime two writes in PAUSE, then RUN.
    setStateOrFail(*pin, KSSTATE_PAUSE);
    constexpr ULONG kBytes = 480 * 4;  // 10 ms
    std::vector<std::vector<std::uint8_t>> buffers(2, std::vector<std::uint8_t>(kBytes));
    std::vector<KSSTREAM_HEADER> headers(2);
    std::vector<AsyncIo> io(2);
    ULONGLONG submitted = 0;
    for (int i = 0; i < 2; ++i) {
        for (ULONG b = 0; b < kBytes; ++b) {
            buffers[i][b] = static_cast<std::uint8_t>(b + i);
        }
        headers[i] = streamHeader(buffers[i].data(), kBytes, true);
        ASSERT_EQ(io[i].start(*pin, IOCTL_KS_WRITE_STREAM, &headers[i], sizeof(KSSTREAM_HEADER)), STATUS_PENDING);
        submitted += kBytes;
    }
    setStateOrFail(*pin, KSSTATE_RUN);
    for (int n = 2; n < 100; ++n) {  // 100 writes of 10 ms
        AsyncIo& slot = io[n % 2];
        Completion c = slot.wait();
        ASSERT_EQ(c.status, STATUS_SUCCESS) << "write " << n - 2;
        EXPECT_EQ(c.information, kBytes);
        const NTSTATUS s = slot.start(*pin, IOCTL_KS_WRITE_STREAM, &headers[n % 2], sizeof(KSSTREAM_HEADER));
        ASSERT_TRUE(s == STATUS_PENDING || s == STATUS_SUCCESS) << std::hex << s;
        submitted += kBytes;
    }
    for (AsyncIo& slot : io) {
        EXPECT_EQ(slot.wait().status, STATUS_SUCCESS);
    }
    Result<OPENKS_ALSA_STATISTICS> stats =
        pin->get<OPENKS_ALSA_STATISTICS>(KSPROPSETID_OpenksAlsa, KSPROPERTY_OPENKS_ALSA_STATISTICS);
    ASSERT_TRUE(stats.ok()) << stats.error().message();
    EXPECT_EQ(stats->BytesWritten, submitted);
    EXPECT_EQ(stats->Errors, 0u);
    setStateOrFail(*pin, KSSTATE_STOP);
}

TEST_F(AlsaTest, StopCompletesWritesHeldInPause)
{
    Result<Pin> pin = Pin::create(filter_, ALSA_PIN_RENDER, audioFormat(2, 48000, 16));
    ASSERT_TRUE(pin.ok()) << pin.error().message();
    setStateOrFail(*pin, KSSTATE_PAUSE);
    std::vector<std::uint8_t> data(1920);
    KSSTREAM_HEADER h = streamHeader(data.data(), 1920, true);
    AsyncIo write;
    ASSERT_EQ(write.start(*pin, IOCTL_KS_WRITE_STREAM, &h, sizeof(h)), STATUS_PENDING);
    setStateOrFail(*pin, KSSTATE_STOP);
    EXPECT_EQ(write.wait().status, STATUS_CANCELLED);  // never played: STOP flushed it
}

}  // namespace
}  // namespace openks::test
