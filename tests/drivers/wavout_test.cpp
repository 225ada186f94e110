// SPDX-License-Identifier: MIT
// The wavout driver through the client API: the file holds exactly what was written; position and pacing are right.
#include <gtest/gtest.h>

#include <openks/client.h>
#include <openks/drivers/tone.h>
#include <openks/drivers/wavout.h>

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/sine.h"
#include "core/wav_reader.h"
#include "driver_test_support.h"

namespace openks::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class WavoutTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::string path = driverPath("wavout", KSCATEGORY_RENDER);
        ASSERT_FALSE(path.empty()) << "the wavout driver is not published in KSCATEGORY_RENDER";
        Result<Filter> filter = Filter::open(path);
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(*filter);
        const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("openks-wavout-test-" + std::to_string(getpid()) + "-" + std::string(info->name()));
        fs::create_directories(dir_);
    }

    void TearDown() override
    {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    Pin createPin(const std::vector<std::byte>& format, const fs::path& file, ULONG pacing)
    {
        Result<Pin> pin = Pin::create(filter_, WAVOUT_PIN_RENDER, format);
        EXPECT_TRUE(pin.ok()) << pin.error().message();
        if (!pin) {
            return Pin();
        }
        if (!file.empty()) {
            EXPECT_EQ(setFileName(*pin, file.u16string()), STATUS_SUCCESS);
        }
        EXPECT_EQ(setUlong(*pin, KSPROPSETID_OpenksWavout, KSPROPERTY_OPENKS_WAVOUT_PACING, pacing), STATUS_SUCCESS);
        return std::move(*pin);
    }

    static NTSTATUS setFileName(const Pin& pin, const std::u16string& name)
    {
        KSPROPERTY p =
            Object::makeProperty(KSPROPSETID_OpenksWavout, KSPROPERTY_OPENKS_WAVOUT_FILENAME, KSPROPERTY_TYPE_SET);
        std::u16string value = name;
        return pin
            .ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), value.data(),
                   static_cast<ULONG>((value.size() + 1) * sizeof(char16_t)))
            .status;
    }

    static std::u16string fileName(const Pin& pin)
    {
        KSPROPERTY p =
            Object::makeProperty(KSPROPSETID_OpenksWavout, KSPROPERTY_OPENKS_WAVOUT_FILENAME, KSPROPERTY_TYPE_GET);
        Result<std::vector<std::byte>> bytes = pin.getBytes(&p, sizeof(p));
        if (!bytes || bytes->size() < 2) {
            return {};
        }
        std::u16string text(bytes->size() / 2 - 1, u'\0');
        std::memcpy(text.data(), bytes->data(), text.size() * 2);
        return text;
    }

    static KSAUDIO_POSITION position(const Pin& pin)
    {
        Result<KSAUDIO_POSITION> p = pin.get<KSAUDIO_POSITION>(KSPROPSETID_Audio, KSPROPERTY_AUDIO_POSITION);
        EXPECT_TRUE(p.ok()) << p.error().message();
        return p ? *p : KSAUDIO_POSITION{~0ull, ~0ull};
    }

    static Completion write(const Pin& pin, std::vector<std::uint8_t>& data)
    {
        KSSTREAM_HEADER h = streamHeader(data.data(), static_cast<ULONG>(data.size()), true);
        return submitAndWait(pin, IOCTL_KS_WRITE_STREAM, &h, sizeof(h));
    }

    Filter filter_;
    fs::path dir_;
};

// The acceptance chain: capture from tone, render into wavout, both free-running; the file's data chunk
// is exactly the tone core's output.
TEST_F(WavoutTest, ToneCapturedIntoWavoutIsTheCoreSignalByteForByte)
{
    const std::string tonePath = driverPath("tone", KSCATEGORY_CAPTURE);
    ASSERT_FALSE(tonePath.empty());
    Result<Filter> toneFilter = Filter::open(tonePath);
    ASSERT_TRUE(toneFilter.ok());
    const std::vector<std::byte> format = audioFormat(2, 44100, 24, false, true);
    Result<Pin> tone = Pin::create(*toneFilter, TONE_PIN_CAPTURE, format);
    ASSERT_TRUE(tone.ok()) << tone.error().message();
    ASSERT_EQ(setUlong(*tone, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_PACING, OPENKS_TONE_PACING_FREERUNNING),
              STATUS_SUCCESS);
    ASSERT_EQ(setUlong(*tone, KSPROPSETID_OpenksTone, KSPROPERTY_OPENKS_TONE_FREQUENCY, 997), STATUS_SUCCESS);
    const fs::path file = dir_ / "chain.wav";
    Pin out = createPin(format, file, OPENKS_WAVOUT_PACING_FREERUNNING);
    ASSERT_TRUE(out.valid());

    setStateOrFail(*tone, KSSTATE_RUN);
    setStateOrFail(out, KSSTATE_RUN);
    constexpr ULONG kFrames = 441;  // 10 ms
    constexpr int kBuffers = 100;   // 1 s
    std::vector<std::uint8_t> buffer(kFrames * 6);
    for (int i = 0; i < kBuffers; ++i) {
        KSSTREAM_HEADER h = streamHeader(buffer.data(), static_cast<ULONG>(buffer.size()), false);
        ASSERT_EQ(submitAndWait(*tone, IOCTL_KS_READ_STREAM, &h, sizeof(h)).status, STATUS_SUCCESS);
        ASSERT_EQ(h.DataUsed, buffer.size());
        Completion c = write(out, buffer);
        ASSERT_EQ(c.status, STATUS_SUCCESS);
        EXPECT_EQ(c.information, buffer.size());  // Information = bytes consumed
    }
    EXPECT_EQ(position(out).PlayOffset, ULONGLONG{kFrames} * 6 * kBuffers);
    setStateOrFail(out, KSSTATE_STOP);  // finalises the file
    setStateOrFail(*tone, KSSTATE_STOP);

    const std::vector<std::uint8_t> bytes = readFile(file);
    wavout::WavInfo info;
    const char* why = nullptr;
    ASSERT_EQ(wavout::parseWav(bytes.data(), bytes.size(), &info, &why), STATUS_SUCCESS) << why;
    EXPECT_FALSE(info.truncated);
    EXPECT_EQ(info.format.formatTag, WAVE_FORMAT_EXTENSIBLE);
    EXPECT_EQ(info.format.channels, 2);
    EXPECT_EQ(info.format.samplesPerSec, 44100u);
    EXPECT_EQ(info.format.bitsPerSample, 24);
    // The fmt chunk is the pin's WAVEFORMATEXTENSIBLE, byte for byte.
    ASSERT_EQ(info.formatBytes.size(), sizeof(WAVEFORMATEXTENSIBLE));
    EXPECT_EQ(std::memcmp(info.formatBytes.data(), format.data() + sizeof(KSDATAFORMAT), sizeof(WAVEFORMATEXTENSIBLE)),
              0);

    tone::SineGenerator generator;
    tone::SineConfig config;
    config.sampleRate = 44100;
    config.channels = 2;
    config.format = tone::SampleFormat::Pcm24;
    config.frequency = 997;
    config.level = tone::dbfsToLevel(OPENKS_TONE_DEFAULT_LEVEL / 65536.0);
    ASSERT_EQ(generator.configure(config), STATUS_SUCCESS);
    std::vector<std::uint8_t> expected(std::size_t{kFrames} * kBuffers * 6);
    ASSERT_EQ(generator.generate(expected.data(), expected.size(), std::uint64_t{kFrames} * kBuffers), STATUS_SUCCESS);
    ASSERT_EQ(info.data.size(), expected.size());
    EXPECT_TRUE(std::equal(info.data.begin(), info.data.end(), expected.begin()));
}

TEST_F(WavoutTest, PlainPcmWritesASixteenByteFmtChunkAndClosingFinalisesTheFile)
{
    const fs::path file = dir_ / "plain.wav";
    {
        Pin pin = createPin(audioFormat(1, 8000, 16), file, OPENKS_WAVOUT_PACING_FREERUNNING);
        ASSERT_TRUE(pin.valid());
        setStateOrFail(pin, KSSTATE_RUN);
        std::vector<std::uint8_t> data(1001);  // an odd size: the data chunk gets a pad byte
        for (std::size_t i = 0; i < data.size(); ++i) {
            data[i] = static_cast<std::uint8_t>(i * 7);
        }
        ASSERT_EQ(write(pin, data).status, STATUS_SUCCESS);
        // Closed in RUN, without a STOP: the file is still finalised.
    }
    const std::vector<std::uint8_t> bytes = readFile(file);
    wavout::WavInfo info;
    ASSERT_EQ(wavout::parseWav(bytes.data(), bytes.size(), &info), STATUS_SUCCESS);
    EXPECT_FALSE(info.truncated);
    EXPECT_EQ(info.formatBytes.size(), 16u);
    EXPECT_EQ(info.format.formatTag, WAVE_FORMAT_PCM);
    ASSERT_EQ(info.data.size(), 1001u);
    for (std::size_t i = 0; i < info.data.size(); ++i) {
        ASSERT_EQ(info.data[i], static_cast<std::uint8_t>(i * 7)) << i;
    }
    EXPECT_EQ(bytes.size(), 44u + 1002u);
}

TEST_F(WavoutTest, PositionIsZeroBeforeStartCountsQueuedAndPlayedBytesAndResetsOnStop)
{
    Pin pin = createPin(audioFormat(2, 48000, 16), dir_ / "position.wav", OPENKS_WAVOUT_PACING_FREERUNNING);
    ASSERT_TRUE(pin.valid());
    KSAUDIO_POSITION p = position(pin);
    EXPECT_EQ(p.PlayOffset, 0u);
    EXPECT_EQ(p.WriteOffset, 0u);

    setStateOrFail(pin, KSSTATE_PAUSE);
    std::vector<std::uint8_t> data(1920, 0x11);
    KSSTREAM_HEADER h = streamHeader(data.data(), 1920, true);
    AsyncIo queued;
    ASSERT_EQ(queued.start(pin, IOCTL_KS_WRITE_STREAM, &h, sizeof(h)), STATUS_PENDING);
    p = position(pin);
    EXPECT_EQ(p.PlayOffset, 0u);      // nothing consumed in PAUSE
    EXPECT_EQ(p.WriteOffset, 1920u);  // but the write is queued
    setStateOrFail(pin, KSSTATE_RUN);
    EXPECT_EQ(queued.wait().status, STATUS_SUCCESS);
    ASSERT_EQ(write(pin, data).status, STATUS_SUCCESS);
    p = position(pin);
    EXPECT_EQ(p.PlayOffset, 3840u);
    EXPECT_EQ(p.WriteOffset, 3840u);

    setStateOrFail(pin, KSSTATE_STOP);
    p = position(pin);
    EXPECT_EQ(p.PlayOffset, 0u);
    EXPECT_EQ(p.WriteOffset, 0u);
}

TEST_F(WavoutTest, RealTimePacingConsumesNoWriteBeforeItsTime)
{
    Pin pin = createPin(audioFormat(2, 48000, 16), dir_ / "realtime.wav", OPENKS_WAVOUT_PACING_REALTIME);
    ASSERT_TRUE(pin.valid());
    const auto before = std::chrono::steady_clock::now();
    setStateOrFail(pin, KSSTATE_RUN);
    std::vector<std::uint8_t> data(1920);  // 10 ms
    for (int i = 1; i <= 5; ++i) {
        ASSERT_EQ(write(pin, data).status, STATUS_SUCCESS);
        EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(10 * i)) << "write " << i;
    }
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(WavoutTest, FileNameHasADefaultAndCanBeSetOnlyBeforeRun)
{
    Pin pin = createPin(audioFormat(2, 48000, 16), {}, OPENKS_WAVOUT_PACING_FREERUNNING);
    ASSERT_TRUE(pin.valid());
    const std::u16string name = fileName(pin);
    const std::u16string stem = u"/openks-wavout-" + fs::path(std::to_string(getpid())).u16string() + u"-";
    EXPECT_NE(name.find(stem), std::u16string::npos);
    EXPECT_EQ(name.substr(name.size() - 4), u".wav");

    KSPROPERTY p =
        Object::makeProperty(KSPROPSETID_OpenksWavout, KSPROPERTY_OPENKS_WAVOUT_FILENAME, KSPROPERTY_TYPE_GET);
    IoResult probe = pin.ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), nullptr, 0);
    EXPECT_EQ(probe.status, STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(probe.information, (name.size() + 1) * 2);
    char16_t shortBuffer[2];
    EXPECT_EQ(pin.ioctl(IOCTL_KS_PROPERTY, &p, sizeof(p), shortBuffer, sizeof(shortBuffer)).status,
              STATUS_BUFFER_TOO_SMALL);

    EXPECT_EQ(setFileName(pin, u""), STATUS_INVALID_PARAMETER);
    std::u16string unpaired = u"/tmp/x";
    unpaired += static_cast<char16_t>(0xD800);
    EXPECT_EQ(setFileName(pin, unpaired), STATUS_INVALID_PARAMETER);
    const fs::path file = dir_ / u"n\u00e4me.wav";  // a non-ASCII name reaches the file system as UTF-8
    ASSERT_EQ(setFileName(pin, file.u16string()), STATUS_SUCCESS);
    EXPECT_EQ(fileName(pin), file.u16string());
    setStateOrFail(pin, KSSTATE_RUN);
    EXPECT_TRUE(fs::exists(file));
    EXPECT_EQ(setFileName(pin, (dir_ / "other.wav").u16string()), STATUS_INVALID_DEVICE_STATE);
    setStateOrFail(pin, KSSTATE_STOP);
    EXPECT_EQ(setFileName(pin, (dir_ / "other.wav").u16string()), STATUS_SUCCESS);
}

TEST_F(WavoutTest, ADefaultNamedFileWithoutAudioIsRemovedAtStop)
{
    Pin pin = createPin(audioFormat(2, 48000, 16), {}, OPENKS_WAVOUT_PACING_FREERUNNING);
    ASSERT_TRUE(pin.valid());
    const fs::path file(fileName(pin));
    setStateOrFail(pin, KSSTATE_RUN);
    EXPECT_TRUE(fs::exists(file));
    setStateOrFail(pin, KSSTATE_STOP);
    EXPECT_FALSE(fs::exists(file));  // walked through RUN with no audio: nothing left behind

    setStateOrFail(pin, KSSTATE_RUN);
    std::vector<std::uint8_t> data(400);
    ASSERT_EQ(write(pin, data).status, STATUS_SUCCESS);
    setStateOrFail(pin, KSSTATE_STOP);
    EXPECT_TRUE(fs::exists(file));
    std::error_code ignored;
    fs::remove(file, ignored);
}

TEST_F(WavoutTest, AFileThatCannotBeCreatedFailsRun)
{
    Pin pin = createPin(audioFormat(2, 48000, 16), dir_ / "missing" / "x.wav", OPENKS_WAVOUT_PACING_FREERUNNING);
    ASSERT_TRUE(pin.valid());
    Result<void> run = pin.setState(KSSTATE_RUN);
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.status(), STATUS_OBJECT_PATH_NOT_FOUND);
    Result<KSSTATE> state = pin.state();
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(*state, KSSTATE_PAUSE);  // the walk stopped at the step that failed
    setStateOrFail(pin, KSSTATE_STOP);
}

}  // namespace
}  // namespace openks::test
