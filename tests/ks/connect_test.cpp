// SPDX-License-Identifier: MIT
// Pin-create parsing: the creates PortAudio and GStreamer send, every truncation, bad classes, attributes, pin checks.
#include "ks/connect.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "ks/ks_request.h"

namespace openks::ks {
namespace {

using test::Buffer;

DEFINE_GUID(kSubYuy2, 0x32595559, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71);

const char16_t kPinClass[] = u"{146F1A80-4791-11D0-A5D6-28DB04C10000}";
const char16_t kClockClass[] = u"{53172480-4791-11D0-A5D6-28DB04C10000}";
constexpr size_t kClassBytes = 38 * sizeof(char16_t);

KSPIN_CONNECT standardConnect(ULONG pinId)
{
    KSPIN_CONNECT c{};
    c.Interface.Set = KSINTERFACESETID_Standard;
    c.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    c.Medium.Set = KSMEDIUMSETID_Standard;
    c.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    c.PinId = pinId;
    c.PinToHandle = nullptr;
    c.Priority.PriorityClass = KSPRIORITY_NORMAL;
    c.Priority.PrioritySubClass = 1;
    return c;
}

// KSPIN_CONNECT + KSDATAFORMAT_WAVEFORMATEX: PortAudio's 154-byte plain PCM create.
std::vector<std::byte> pcmCreate(USHORT cbSize = 0)
{
    const KSPIN_CONNECT c = standardConnect(0);
    KSDATAFORMAT_WAVEFORMATEX f{};
    f.DataFormat.FormatSize = sizeof(f);
    f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    f.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    f.WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
    f.WaveFormatEx.nChannels = 2;
    f.WaveFormatEx.nSamplesPerSec = 48000;
    f.WaveFormatEx.wBitsPerSample = 16;
    f.WaveFormatEx.nBlockAlign = 4;
    f.WaveFormatEx.nAvgBytesPerSec = 192000;
    f.WaveFormatEx.cbSize = cbSize;
    f.DataFormat.SampleSize = 4;
    std::vector<std::byte> bytes(sizeof(c) + sizeof(f));
    std::memcpy(bytes.data(), &c, sizeof(c));
    std::memcpy(bytes.data() + sizeof(c), &f, sizeof(f));
    return bytes;
}

// KSPIN_CONNECT + KSDATAFORMAT_WAVEFORMATEXTENSIBLE: PortAudio's first, 176-byte try.
std::vector<std::byte> extensibleCreate()
{
    const KSPIN_CONNECT c = standardConnect(1);
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE f{};
    f.DataFormat.FormatSize = sizeof(f);
    f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    f.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    f.WaveFormatExt.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    f.WaveFormatExt.Format.nChannels = 2;
    f.WaveFormatExt.Format.nSamplesPerSec = 48000;
    f.WaveFormatExt.Format.wBitsPerSample = 32;
    f.WaveFormatExt.Format.nBlockAlign = 8;
    f.WaveFormatExt.Format.nAvgBytesPerSec = 384000;
    f.WaveFormatExt.Format.cbSize = 22;
    f.WaveFormatExt.Samples.wValidBitsPerSample = 32;
    f.WaveFormatExt.dwChannelMask = 0x3;
    f.WaveFormatExt.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    f.DataFormat.SampleSize = 8;
    std::vector<std::byte> bytes(sizeof(c) + sizeof(f));
    std::memcpy(bytes.data(), &c, sizeof(c));
    std::memcpy(bytes.data() + sizeof(c), &f, sizeof(f));
    return bytes;
}

// KSPIN_CONNECT + KS_DATAFORMAT_VIDEOINFOHEADER: GStreamer's 224-byte YUY2 create.
std::vector<std::byte> videoCreate()
{
    const KSPIN_CONNECT c = standardConnect(0);
    KS_DATAFORMAT_VIDEOINFOHEADER f{};
    f.DataFormat.FormatSize = sizeof(f);
    f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    f.DataFormat.SubFormat = kSubYuy2;
    f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_VIDEOINFO;
    f.DataFormat.SampleSize = 640 * 480 * 2;
    f.VideoInfoHeader.AvgTimePerFrame = 333333;
    f.VideoInfoHeader.bmiHeader.biSize = sizeof(KS_BITMAPINFOHEADER);
    f.VideoInfoHeader.bmiHeader.biWidth = 640;
    f.VideoInfoHeader.bmiHeader.biHeight = 480;
    f.VideoInfoHeader.bmiHeader.biPlanes = 1;
    f.VideoInfoHeader.bmiHeader.biBitCount = 16;
    f.VideoInfoHeader.bmiHeader.biCompression = 0x32595559;
    f.VideoInfoHeader.bmiHeader.biSizeImage = 640 * 480 * 2;
    std::vector<std::byte> bytes(sizeof(c) + sizeof(f));
    std::memcpy(bytes.data(), &c, sizeof(c));
    std::memcpy(bytes.data() + sizeof(c), &f, sizeof(f));
    return bytes;
}

// "[\]{class}\" + the binary parameters, as the create's FileName carries them.
std::vector<std::byte> fileName(const std::vector<std::byte>& parameters, const char16_t* objectClass = kPinClass,
                                bool leadingBackslash = false)
{
    std::u16string text;
    if (leadingBackslash) {
        text += u'\\';
    }
    text += objectClass;
    text += u'\\';
    std::vector<std::byte> bytes(text.size() * sizeof(char16_t));
    std::memcpy(bytes.data(), text.data(), bytes.size());
    bytes.insert(bytes.end(), parameters.begin(), parameters.end());
    return bytes;
}

template <typename T>
void poke(std::vector<std::byte>& bytes, size_t offset, T value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

constexpr size_t kFormat = sizeof(KSPIN_CONNECT);
constexpr size_t kWave = kFormat + sizeof(KSDATAFORMAT);
constexpr size_t kCbSize = kWave + offsetof(WAVEFORMATEX, cbSize);

// ---------------------------------------------------------------------------
// The creates real clients send.

TEST(ParseConnect, PortAudioPlainPcm154)
{
    const std::vector<std::byte> params = pcmCreate();
    ASSERT_EQ(params.size(), 154u);
    const std::vector<std::byte> name = fileName(params);
    ConnectView view;
    ASSERT_EQ(parseConnect(name.data(), name.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(view.connect->PinId, 0u);
    EXPECT_EQ(view.connect->Priority.PriorityClass, ULONG(KSPRIORITY_NORMAL));
    EXPECT_EQ(view.formatSize, 82u);
    EXPECT_EQ(view.format->FormatSize, 82u);
    EXPECT_TRUE(IsEqualGUID(view.format->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX));
    EXPECT_EQ(view.attributes, nullptr);
    // The view is aligned even though the binary starts 78 bytes into the name.
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(view.connect) % 8, 0u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(view.format) % 8, 0u);
    EXPECT_EQ(std::memcmp(view.connect, params.data(), params.size()), 0);
}

TEST(ParseConnect, PortAudioExtensible176WithLeadingBackslash)
{
    const std::vector<std::byte> params = extensibleCreate();
    ASSERT_EQ(params.size(), 176u);
    const std::vector<std::byte> name = fileName(params, kPinClass, true);
    ConnectView view;
    ASSERT_EQ(parseConnect(name.data(), name.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(view.connect->PinId, 1u);
    EXPECT_EQ(view.formatSize, 104u);
}

TEST(ParseConnect, GStreamerVideo224)
{
    const std::vector<std::byte> params = videoCreate();
    ASSERT_EQ(params.size(), 224u);
    const std::vector<std::byte> name = fileName(params);
    ConnectView view;
    ASSERT_EQ(parseConnect(name.data(), name.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(view.formatSize, 152u);
    const auto* vih = reinterpret_cast<const KS_DATAFORMAT_VIDEOINFOHEADER*>(view.format);
    EXPECT_EQ(vih->VideoInfoHeader.bmiHeader.biWidth, 640);
}

TEST(ParseConnect, ClassStringIsCaseInsensitive)
{
    std::u16string lower(kPinClass);
    for (char16_t& c : lower) {
        if (c >= u'A' && c <= u'F') {
            c = char16_t(c - u'A' + u'a');
        }
    }
    const std::vector<std::byte> name = fileName(pcmCreate(), lower.c_str());
    ConnectView view;
    EXPECT_EQ(parseConnect(name.data(), name.size(), &view), STATUS_SUCCESS);
}

TEST(ParseConnect, ViewOwnsItsCopy)
{
    std::vector<std::byte> name = fileName(pcmCreate());
    ConnectView view;
    ASSERT_EQ(parseConnect(name.data(), name.size(), &view), STATUS_SUCCESS);
    std::fill(name.begin(), name.end(), std::byte{0xFF});  // the caller rewrites its buffer
    EXPECT_EQ(view.formatSize, 82u);
    EXPECT_EQ(view.format->FormatSize, 82u);
    ConnectView moved = std::move(view);
    EXPECT_EQ(moved.format->FormatSize, 82u);
}

// ---------------------------------------------------------------------------
// Truncation and malformed formats: every cut is a status.

TEST(ParseConnect, EveryTruncationIsInvalidParameter)
{
    for (const std::vector<std::byte>& params : {pcmCreate(), extensibleCreate(), videoCreate()}) {
        const std::vector<std::byte> full = fileName(params);
        for (size_t cut = 0; cut < params.size(); ++cut) {
            // An exact-size heap copy, so a read past the end is an ASan report.
            const size_t length = full.size() - params.size() + cut;
            std::vector<std::byte> name(full.begin(), full.begin() + std::ptrdiff_t(length));
            ConnectView view;
            EXPECT_EQ(parseConnect(name.data(), name.size(), &view), STATUS_INVALID_PARAMETER) << cut;
            EXPECT_EQ(view.connect, nullptr);
        }
    }
}

struct FormatRow {
    const char* name;
    void (*mutate)(std::vector<std::byte>&);
    NTSTATUS expected;
};

class MalformedFormat : public ::testing::TestWithParam<FormatRow> {};

TEST_P(MalformedFormat, GetsTheDocumentedStatus)
{
    std::vector<std::byte> params = pcmCreate();
    GetParam().mutate(params);
    ConnectView view;
    EXPECT_EQ(parsePinConnect(params.data(), params.size(), &view), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, MalformedFormat,
    ::testing::Values(
        FormatRow{"formatSize63", [](std::vector<std::byte>& b) { poke<ULONG>(b, kFormat, 63); },
                  STATUS_INVALID_PARAMETER},
        FormatRow{"formatSizePastEnd", [](std::vector<std::byte>& b) { poke<ULONG>(b, kFormat, 83); },
                  STATUS_INVALID_PARAMETER},
        FormatRow{"formatSizeHuge", [](std::vector<std::byte>& b) { poke<ULONG>(b, kFormat, 0xFFFFFFFF); },
                  STATUS_INVALID_PARAMETER},
        FormatRow{"waveWithoutWaveFormatEx", [](std::vector<std::byte>& b) { poke<ULONG>(b, kFormat, 80); },
                  STATUS_INVALID_PARAMETER},
        FormatRow{"cbSizeOverrun", [](std::vector<std::byte>& b) { poke<USHORT>(b, kCbSize, 1); },
                  STATUS_INVALID_PARAMETER},
        FormatRow{"cbSizeWithRoom",
                  [](std::vector<std::byte>& b) {
                      b.resize(b.size() + 4);
                      poke<ULONG>(b, kFormat, 86);
                      poke<USHORT>(b, kCbSize, 4);
                  },
                  STATUS_SUCCESS},
        FormatRow{"reservedTolerated",
                  [](std::vector<std::byte>& b) { poke<ULONG>(b, kFormat + offsetof(KSDATAFORMAT, Reserved), 7); },
                  STATUS_SUCCESS},
        FormatRow{"trailingBytesTolerated", [](std::vector<std::byte>& b) { b.resize(b.size() + 5); }, STATUS_SUCCESS}),
    [](const ::testing::TestParamInfo<FormatRow>& info) { return std::string(info.param.name); });

TEST(ParseConnect, VideoBitmapHeaderMustFit)
{
    std::vector<std::byte> params = videoCreate();
    const size_t biSize = kFormat + sizeof(KSDATAFORMAT) + offsetof(KS_VIDEOINFOHEADER, bmiHeader);
    poke<ULONG>(params, biSize, 41);  // one byte past the 152-byte format
    ConnectView view;
    EXPECT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_INVALID_PARAMETER);
    poke<ULONG>(params, biSize, 39);
    EXPECT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_INVALID_PARAMETER);
}

// ---------------------------------------------------------------------------
// Attributes (KSDATAFORMAT_ATTRIBUTES): an 8-aligned KSMULTIPLE_ITEM of KSATTRIBUTE after the format.

std::vector<std::byte> withAttributes(ULONG listSize, ULONG count, ULONG attributeSize)
{
    std::vector<std::byte> params = pcmCreate();
    poke<ULONG>(params, kFormat + offsetof(KSDATAFORMAT, Flags), KSDATAFORMAT_ATTRIBUTES);
    params.resize(kFormat + 88);  // 82-byte format padded to 8
    const KSMULTIPLE_ITEM list{listSize, count};
    const KSATTRIBUTE attribute{attributeSize, KSATTRIBUTE_REQUIRED, {}};
    const size_t at = params.size();
    params.resize(at + sizeof(list) + sizeof(attribute));
    std::memcpy(params.data() + at, &list, sizeof(list));
    std::memcpy(params.data() + at + sizeof(list), &attribute, sizeof(attribute));
    return params;
}

TEST(ParseConnect, AttributeListFollowsTheFormat)
{
    const std::vector<std::byte> params = withAttributes(32, 1, 24);
    ConnectView view;
    ASSERT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_SUCCESS);
    ASSERT_NE(view.attributes, nullptr);
    EXPECT_EQ(view.attributes->Count, 1u);
    EXPECT_EQ(reinterpret_cast<const std::byte*>(view.attributes) - reinterpret_cast<const std::byte*>(view.connect),
              72 + 88);
    const auto* attribute = reinterpret_cast<const KSATTRIBUTE*>(view.attributes + 1);
    EXPECT_EQ(attribute->Flags, ULONG(KSATTRIBUTE_REQUIRED));
}

TEST(ParseConnect, MalformedAttributeListsAreInvalidParameter)
{
    struct Row {
        ULONG listSize;
        ULONG count;
        ULONG attributeSize;
    };
    for (const Row& row : {Row{7, 0, 24}, Row{33, 1, 24}, Row{32, 2, 24}, Row{32, 1, 23}, Row{32, 1, 25},
                           Row{0xFFFFFFF8, 1, 24}, Row{32, 0xFFFFFFFF, 24}}) {
        const std::vector<std::byte> params = withAttributes(row.listSize, row.count, row.attributeSize);
        ConnectView view;
        EXPECT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_INVALID_PARAMETER)
            << row.listSize << " " << row.count << " " << row.attributeSize;
    }
    // The flag with no list at all.
    std::vector<std::byte> params = pcmCreate();
    poke<ULONG>(params, kFormat + offsetof(KSDATAFORMAT, Flags), KSDATAFORMAT_ATTRIBUTES);
    ConnectView view;
    EXPECT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_INVALID_PARAMETER);
}

// ---------------------------------------------------------------------------
// Object classes.

TEST(ParseObjectClass, RecognisesTheKsClasses)
{
    const std::vector<std::byte> params(16, std::byte{0x42});
    const std::vector<std::byte> clock = fileName(params, kClockClass);
    ObjectClassName name;
    ASSERT_EQ(parseObjectClass(clock.data(), clock.size(), &name), STATUS_SUCCESS);
    EXPECT_EQ(name.objectClass, KsObjectClass::kClock);
    EXPECT_EQ(name.parametersLength, 16u);
    EXPECT_EQ(name.parameters, clock.data() + kClassBytes + 2);
    ConnectView view;
    EXPECT_EQ(parseConnect(clock.data(), clock.size(), &view), STATUS_OBJECT_NAME_NOT_FOUND);

    for (const auto& [text, expected] :
         {std::pair{u"{642F5D00-4791-11D0-A5D6-28DB04C10000}", KsObjectClass::kAllocator},
          std::pair{u"{0621061A-EE75-11D0-B915-00A0C9223196}", KsObjectClass::kTopologyNode},
          std::pair{u"{146f1a80-4791-11d0-a5d6-28db04c10000}", KsObjectClass::kPin}}) {
        const std::vector<std::byte> n = fileName({}, text);
        ASSERT_EQ(parseObjectClass(n.data(), n.size(), &name), STATUS_SUCCESS);
        EXPECT_EQ(name.objectClass, expected);
        EXPECT_EQ(name.parametersLength, 0u);
    }
}

TEST(ParseObjectClass, BadNamesAreNotFound)
{
    ObjectClassName name;
    // One digit off.
    const std::vector<std::byte> wrong = fileName(pcmCreate(), u"{146F1A81-4791-11D0-A5D6-28DB04C10000}");
    EXPECT_EQ(parseObjectClass(wrong.data(), wrong.size(), &name), STATUS_OBJECT_NAME_NOT_FOUND);
    // No separator between the class and the parameters.
    std::vector<std::byte> glued = fileName(pcmCreate());
    poke<char16_t>(glued, kClassBytes, u'/');
    EXPECT_EQ(parseObjectClass(glued.data(), glued.size(), &name), STATUS_OBJECT_NAME_NOT_FOUND);
    // A class cut short, and one odd byte after it.
    std::vector<std::byte> cut = fileName({});
    EXPECT_EQ(parseObjectClass(cut.data(), kClassBytes - 2, &name), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(parseObjectClass(cut.data(), kClassBytes + 1, &name), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(parseObjectClass(nullptr, 0, &name), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(parseObjectClass(nullptr, 80, &name), STATUS_INVALID_PARAMETER);
    // Two leading backslashes are not a class.
    const std::vector<std::byte> twice = fileName(pcmCreate(), u"\\{146F1A80-4791-11D0-A5D6-28DB04C10000}", true);
    EXPECT_EQ(parseObjectClass(twice.data(), twice.size(), &name), STATUS_OBJECT_NAME_NOT_FOUND);
}

// ---------------------------------------------------------------------------
// Interface, medium and format against the pin (ks-spec §12 item 49).

TEST(ValidateConnect, EmptyListsMeanTheStandardInterfaceAndMedium)
{
    KSPIN_DESCRIPTOR pin{};
    KSPIN_CONNECT c = standardConnect(0);
    EXPECT_EQ(validateInterfaceAndMedium(c, pin), STATUS_SUCCESS);
    c.Interface.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;  // WaveRT asks for looped streaming
    EXPECT_EQ(validateInterfaceAndMedium(c, pin), STATUS_NO_MATCH);
    c = standardConnect(0);
    c.Medium.Set = KSMEDIUMSETID_MidiBus;
    EXPECT_EQ(validateInterfaceAndMedium(c, pin), STATUS_NO_MATCH);
}

TEST(ValidateConnect, ListedInterfacesAreAccepted)
{
    KSPIN_INTERFACE looped{};
    looped.Set = KSINTERFACESETID_Standard;
    looped.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;
    KSPIN_DESCRIPTOR pin{};
    pin.InterfacesCount = 1;
    pin.Interfaces = &looped;
    KSPIN_CONNECT c = standardConnect(0);
    EXPECT_EQ(validateInterfaceAndMedium(c, pin), STATUS_NO_MATCH);  // the list replaces the default
    c.Interface.Id = KSINTERFACE_STANDARD_LOOPED_STREAMING;
    EXPECT_EQ(validateInterfaceAndMedium(c, pin), STATUS_SUCCESS);
}

TEST(ValidateConnect, AgainstAFiltersPins)
{
    KSDATARANGE_AUDIO range{};
    range.DataRange.FormatSize = sizeof(range);
    range.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    range.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    range.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    range.MaximumChannels = 2;
    range.MinimumBitsPerSample = 16;
    range.MaximumBitsPerSample = 16;
    range.MinimumSampleFrequency = 44100;
    range.MaximumSampleFrequency = 48000;
    PKSDATARANGE ranges[] = {&range.DataRange};
    // Descriptors inside bigger structs, as KSPIN_DESCRIPTOR_EX arrays hold them.
    struct Wrapped {
        void* before;
        KSPIN_DESCRIPTOR pin;
        ULONG after[3];
    };
    Wrapped pins[2] = {};
    pins[0].pin.DataRangesCount = 1;
    pins[0].pin.DataRanges = ranges;

    std::vector<std::byte> params = pcmCreate();
    ConnectView view;
    ASSERT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(validateConnectToPin(view, &pins[0].pin, 2, sizeof(Wrapped)), STATUS_SUCCESS);
    EXPECT_EQ(validateConnectToPin(view, &pins[0].pin, 1, sizeof(Wrapped)), STATUS_SUCCESS);
    EXPECT_EQ(validateConnectToPin(view, &pins[0].pin, 2, 8), STATUS_INVALID_PARAMETER);

    poke<ULONG>(params, offsetof(KSPIN_CONNECT, PinId), 1);  // pin 1 has no ranges
    ASSERT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(validateConnectToPin(view, &pins[0].pin, 2, sizeof(Wrapped)), STATUS_NO_MATCH);
    poke<ULONG>(params, offsetof(KSPIN_CONNECT, PinId), 2);
    ASSERT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(validateConnectToPin(view, &pins[0].pin, 2, sizeof(Wrapped)), STATUS_INVALID_PARAMETER);

    // A rate the range does not cover.
    params = pcmCreate();
    poke<ULONG>(params, kWave + offsetof(WAVEFORMATEX, nSamplesPerSec), 96000);
    poke<ULONG>(params, kWave + offsetof(WAVEFORMATEX, nAvgBytesPerSec), 96000 * 4);
    ASSERT_EQ(parsePinConnect(params.data(), params.size(), &view), STATUS_SUCCESS);
    EXPECT_EQ(validateConnectToPin(view, &pins[0].pin, 2, sizeof(Wrapped)), STATUS_NO_MATCH);
}

}  // namespace
}  // namespace openks::ks
