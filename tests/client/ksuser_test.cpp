// SPDX-License-Identifier: MIT
// ksuser's KsCreatePin (and friends): the create name, and the Win32 codes creation failures map to.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "client/create.h"
#include "client_support.h"

namespace openks::test {
namespace {

class KsCreatePinTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string path = nullPath();
        ASSERT_FALSE(path.empty());
        filter_ = openFilter(path);
        ASSERT_NE(filter_, INVALID_HANDLE_VALUE);
    }
    void TearDown() override { CloseHandle(filter_); }

    // KsCreatePin; closes the pin it made and returns the error code.
    DWORD tryCreate(KSPIN_CONNECT* connect, ACCESS_MASK access = GENERIC_READ | GENERIC_WRITE)
    {
        HANDLE pin = reinterpret_cast<HANDLE>(0x1234);
        DWORD error = KsCreatePin(filter_, connect, access, &pin);
        if (error == ERROR_SUCCESS) {
            EXPECT_NE(pin, INVALID_HANDLE_VALUE);
            EXPECT_NE(pin, nullptr);
            CloseHandle(pin);
        } else {
            EXPECT_EQ(pin, INVALID_HANDLE_VALUE);
        }
        return error;
    }

    HANDLE filter_ = INVALID_HANDLE_VALUE;
};

TEST_F(KsCreatePinTest, CreatesPinsWithPortAudioFormats)
{
    AudioPinCreate pcm16 = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    EXPECT_EQ(tryCreate(&pcm16.connect), 0u);
    AudioPinCreate pcm24 = audioPin(NULL_PIN_AUDIO, 6, 96000, 24);
    EXPECT_EQ(tryCreate(&pcm24.connect), 0u);
    AudioPinCreate float32 = audioPin(NULL_PIN_AUDIO, 8, 44100, 32, true);
    EXPECT_EQ(tryCreate(&float32.connect), 0u);
    StreamPinCreate stream = streamPin();
    EXPECT_EQ(tryCreate(&stream.connect), 0u);
}

TEST_F(KsCreatePinTest, CreatesWithAnExtensibleFormat)
{
    // PortAudio's first try: KSDATAFORMAT + WAVEFORMATEXTENSIBLE, FormatSize 104.
    struct {
        KSPIN_CONNECT connect;
        KSDATAFORMAT_WAVEFORMATEXTENSIBLE format;
    } create{};
    create.connect = standardConnect(NULL_PIN_AUDIO);
    create.format.DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE);
    create.format.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    create.format.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    create.format.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    WAVEFORMATEXTENSIBLE& wave = create.format.WaveFormatExt;
    wave.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    wave.Format.nChannels = 2;
    wave.Format.nSamplesPerSec = 48000;
    wave.Format.wBitsPerSample = 32;
    wave.Format.nBlockAlign = 8;
    wave.Format.nAvgBytesPerSec = 48000 * 8;
    wave.Format.cbSize = 22;
    wave.Samples.wValidBitsPerSample = 24;
    wave.dwChannelMask = 3;
    wave.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    create.format.DataFormat.SampleSize = 8;
    static_assert(sizeof(create.format) == 104);
    EXPECT_EQ(tryCreate(&create.connect), 0u);
}

TEST_F(KsCreatePinTest, FormatMismatchIsNoMatch)
{
    // clients.md §1.7: format rejected -> ERROR_NO_MATCH (0x491).
    AudioPinCreate tooManyChannels = audioPin(NULL_PIN_AUDIO, 16, 48000, 16);
    EXPECT_EQ(tryCreate(&tooManyChannels.connect), static_cast<DWORD>(ERROR_NO_MATCH));
    AudioPinCreate tooFast = audioPin(NULL_PIN_AUDIO, 2, 768000, 16);
    EXPECT_EQ(tryCreate(&tooFast.connect), static_cast<DWORD>(ERROR_NO_MATCH));
    AudioPinCreate video = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    video.format.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    EXPECT_EQ(tryCreate(&video.connect), static_cast<DWORD>(ERROR_NO_MATCH));
    AudioPinCreate audioOnStreamPin = audioPin(NULL_PIN_STREAM, 2, 48000, 16);
    EXPECT_EQ(tryCreate(&audioOnStreamPin.connect), static_cast<DWORD>(ERROR_NO_MATCH));
}

TEST_F(KsCreatePinTest, UnlistedInterfaceOrMediumIsNoMatch)
{
    // ks-spec §12 item 49.
    AudioPinCreate looped = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    looped.connect.Interface.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;
    EXPECT_EQ(tryCreate(&looped.connect), static_cast<DWORD>(ERROR_NO_MATCH));
    AudioPinCreate medium = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    medium.connect.Medium.Set = KSINTERFACESETID_Standard;
    EXPECT_EQ(tryCreate(&medium.connect), static_cast<DWORD>(ERROR_NO_MATCH));
}

TEST_F(KsCreatePinTest, BadSizesAndPinIdsAreInvalidParameter)
{
    AudioPinCreate shortFormat = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    shortFormat.format.DataFormat.FormatSize = sizeof(KSDATAFORMAT) - 8;
    EXPECT_EQ(tryCreate(&shortFormat.connect), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    AudioPinCreate cbSizeOverrun = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    cbSizeOverrun.format.WaveFormatEx.cbSize = 64;  // claims bytes beyond FormatSize
    EXPECT_EQ(tryCreate(&cbSizeOverrun.connect), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    AudioPinCreate noPin = audioPin(7, 2, 48000, 16);
    EXPECT_EQ(tryCreate(&noPin.connect), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    HANDLE pin = nullptr;
    EXPECT_EQ(KsCreatePin(filter_, nullptr, GENERIC_WRITE, &pin), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(pin, INVALID_HANDLE_VALUE);
    AudioPinCreate good = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    EXPECT_EQ(KsCreatePin(filter_, &good.connect, GENERIC_WRITE, nullptr), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(KsCreatePinTest, InstanceLimitIsNoSystemResourcesUntilThePinCloses)
{
    // clients.md §1.7: instance limit reached -> ERROR_NO_SYSTEM_RESOURCES (1450).
    AudioPinCreate create = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    HANDLE first = nullptr;
    ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_WRITE, &first), 0u);
    EXPECT_EQ(tryCreate(&create.connect), static_cast<DWORD>(ERROR_NO_SYSTEM_RESOURCES));
    // Through another handle of the same filter as well: the limit is the filter instance's.
    CloseHandle(first);
    EXPECT_EQ(tryCreate(&create.connect), 0u);
}

TEST_F(KsCreatePinTest, AStormOfFailingCreatesLeavesNothingBehind)
{
    // clients.md §2.2: PortAudio probes formats with bursts of failing creates.
    AudioPinCreate bad = audioPin(NULL_PIN_AUDIO, 16, 48000, 16);
    for (int i = 0; i < 200; ++i)
        ASSERT_EQ(tryCreate(&bad.connect), static_cast<DWORD>(ERROR_NO_MATCH));
    KSP_PIN request{};
    request.Property.Set = KSPROPSETID_Pin;
    request.Property.Id = KSPROPERTY_PIN_CINSTANCES;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    request.PinId = NULL_PIN_AUDIO;
    KSPIN_CINSTANCES instances{};
    ULONG returned = 0;
    ASSERT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &request, sizeof(request), &instances,
                                         sizeof(instances), &returned),
              S_OK);
    EXPECT_EQ(instances.PossibleCount, 1u);
    EXPECT_EQ(instances.CurrentCount, 0u);
    AudioPinCreate good = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    EXPECT_EQ(tryCreate(&good.connect), 0u);
}

TEST_F(KsCreatePinTest, BadFilterHandleIsInvalidHandle)
{
    AudioPinCreate create = audioPin(NULL_PIN_AUDIO, 2, 48000, 16);
    HANDLE pin = nullptr;
    EXPECT_EQ(KsCreatePin(reinterpret_cast<HANDLE>(0x888), &create.connect, GENERIC_WRITE, &pin),
              static_cast<DWORD>(ERROR_INVALID_HANDLE));
    EXPECT_EQ(pin, INVALID_HANDLE_VALUE);
    HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    EXPECT_EQ(KsCreatePin(event, &create.connect, GENERIC_WRITE, &pin), static_cast<DWORD>(ERROR_INVALID_HANDLE));
    CloseHandle(event);
}

TEST_F(KsCreatePinTest, OtherObjectClassesFailWithTheDriversStatusAndNoHandle)
{
    StreamPinCreate create = streamPin();
    HANDLE pin = nullptr;
    ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_WRITE, &pin), 0u);
    KSCLOCK_CREATE clockCreate{};
    HANDLE clock = nullptr;
    EXPECT_NE(KsCreateClock(pin, &clockCreate, &clock), 0u);  // the null pins implement no clock
    EXPECT_EQ(clock, INVALID_HANDLE_VALUE);
    KSALLOCATOR_FRAMING framing{};
    HANDLE allocator = nullptr;
    EXPECT_NE(KsCreateAllocator(pin, &framing, &allocator), 0u);
    EXPECT_EQ(allocator, INVALID_HANDLE_VALUE);
    KSNODE_CREATE nodeCreate{};
    HANDLE node = nullptr;
    EXPECT_NE(KsCreateTopologyNode(filter_, &nodeCreate, GENERIC_READ, &node), 0u);
    EXPECT_EQ(node, INVALID_HANDLE_VALUE);
    CloseHandle(pin);
}

TEST(KsCreatePinBytes, CarriesConnectFormatAndAlignedAttributes)
{
    // Windows' ksuser appends the attribute list, 8-byte aligned, when the format has KSDATAFORMAT_ATTRIBUTES.
    alignas(8) unsigned char buffer[sizeof(KSPIN_CONNECT) + 88 + sizeof(KSMULTIPLE_ITEM) + sizeof(KSATTRIBUTE)] = {};
    auto* connect = reinterpret_cast<KSPIN_CONNECT*>(buffer);
    auto* format = reinterpret_cast<KSDATAFORMAT*>(connect + 1);
    format->FormatSize = 82;
    EXPECT_EQ(client::pinCreateBytes(connect), sizeof(KSPIN_CONNECT) + 82);
    format->Flags = KSDATAFORMAT_ATTRIBUTES;
    KSMULTIPLE_ITEM list{sizeof(KSMULTIPLE_ITEM) + sizeof(KSATTRIBUTE), 1};
    std::memcpy(buffer + sizeof(KSPIN_CONNECT) + 88, &list, sizeof(list));
    EXPECT_EQ(client::pinCreateBytes(connect), sizeof(buffer));
    list.Size = 4;  // shorter than its own header
    std::memcpy(buffer + sizeof(KSPIN_CONNECT) + 88, &list, sizeof(list));
    EXPECT_EQ(client::pinCreateBytes(connect), 0u);
    format->Flags = 0;
    format->FormatSize = 63;
    EXPECT_EQ(client::pinCreateBytes(connect), 0u);
    format->FormatSize = 0x10000;  // cannot fit a create name
    EXPECT_EQ(client::pinCreateBytes(connect), 0u);
}

// The same mapping against the test minidriver (tests/avstream/testdrv): an
// exclusive pin (2) and a render pin with its own ranges (0).
TEST(KsCreatePinTestDriver, MapsCreateFailuresToWin32Codes)
{
    std::string path = devicePath("openks_testdrv", KSCATEGORY_AUDIO);
    if (path.empty()) GTEST_SKIP() << "the test minidriver (tests/avstream/testdrv) is not built";
    HANDLE filter = openFilter(path);
    ASSERT_NE(filter, INVALID_HANDLE_VALUE);
    AudioPinCreate render = audioPin(0, 2, 48000, 16);
    HANDLE pin = nullptr;
    EXPECT_EQ(KsCreatePin(filter, &render.connect, GENERIC_WRITE, &pin), 0u);
    CloseHandle(pin);
    AudioPinCreate wrongRate = audioPin(0, 2, 500000, 16);
    EXPECT_EQ(KsCreatePin(filter, &wrongRate.connect, GENERIC_WRITE, &pin), static_cast<DWORD>(ERROR_NO_MATCH));
    AudioPinCreate shortFormat = audioPin(0, 2, 48000, 16);
    shortFormat.format.DataFormat.FormatSize = 40;
    EXPECT_EQ(KsCreatePin(filter, &shortFormat.connect, GENERIC_WRITE, &pin),
              static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    AudioPinCreate noSuchPin = audioPin(99, 2, 48000, 16);
    EXPECT_EQ(KsCreatePin(filter, &noSuchPin.connect, GENERIC_WRITE, &pin),
              static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    AudioPinCreate exclusive = audioPin(2, 2, 48000, 16);
    HANDLE first = nullptr;
    if (KsCreatePin(filter, &exclusive.connect, GENERIC_WRITE, &first) == 0) {
        EXPECT_EQ(KsCreatePin(filter, &exclusive.connect, GENERIC_WRITE, &pin),
                  static_cast<DWORD>(ERROR_NO_SYSTEM_RESOURCES));
        CloseHandle(first);
    } else {
        ADD_FAILURE() << "the test minidriver's exclusive pin 2 refused a 48 kHz stereo 16-bit PCM format";
    }
    CloseHandle(filter);
}

}  // namespace
}  // namespace openks::test
