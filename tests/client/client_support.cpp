// SPDX-License-Identifier: MIT
// Helpers the client tests share (see client_support.h).
#include "client_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "support/shared_dir.h"

namespace openks::test {
namespace {

class TestDriversEnvironment : public ::testing::Environment {
public:
    void SetUp() override { useTestDrivers(); }
};

// Every binary that links this file points the host at the test drivers.
[[maybe_unused]] const bool kRegistered = [] {
    ::testing::AddGlobalTestEnvironment(new TestDriversEnvironment);
    return true;
}();

}  // namespace

void useTestDrivers()
{
    std::string drivers = (buildDir() / "tests" / "drivers").string();
    setenv("OPENKS_DRIVER_PATH", drivers.c_str(), 1);
}

std::string devicePath(const char* driver, const GUID& category)
{
    HDEVINFO set = SetupDiGetClassDevsA(&category, nullptr, nullptr, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (set == INVALID_HANDLE_VALUE) return {};
    std::string wanted = std::string("#") + driver + "#";
    std::string found;
    SP_DEVICE_INTERFACE_DATA itf{};
    itf.cbSize = sizeof(itf);
    for (DWORD i = 0; found.empty() && SetupDiEnumDeviceInterfaces(set, nullptr, &category, i, &itf); ++i) {
        DWORD size = 0;
        SetupDiGetDeviceInterfaceDetailA(set, &itf, nullptr, 0, &size, nullptr);
        std::vector<char> buffer(size);
        auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_A>(buffer.data());
        detail->cbSize = sizeof(*detail);
        if (!SetupDiGetDeviceInterfaceDetailA(set, &itf, detail, size, nullptr, nullptr)) continue;
        std::string path = detail->DevicePath;
        if (path.find(wanted) != std::string::npos) found = path;
    }
    SetupDiDestroyDeviceInfoList(set);
    return found;
}

std::string nullPath()
{
    std::string path = devicePath("null", KSCATEGORY_RENDER);
    if (path.empty()) ADD_FAILURE() << "the bundled null driver is not published in KSCATEGORY_RENDER";
    return path;
}

HANDLE openFilter(const std::string& path, bool overlapped)
{
    return CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                       overlapped ? FILE_FLAG_OVERLAPPED : 0, nullptr);
}

KSPIN_CONNECT standardConnect(ULONG pinId)
{
    KSPIN_CONNECT connect{};
    connect.Interface.Set = KSINTERFACESETID_Standard;
    connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    connect.Medium.Set = KSMEDIUMSETID_Standard;
    connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    connect.PinId = pinId;
    connect.PinToHandle = nullptr;
    connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    connect.Priority.PrioritySubClass = 1;
    return connect;
}

AudioPinCreate audioPin(ULONG pinId, WORD channels, DWORD rate, WORD bits, bool isFloat)
{
    AudioPinCreate create{};
    create.connect = standardConnect(pinId);
    KSDATAFORMAT& format = create.format.DataFormat;
    format.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    format.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    format.SubFormat = isFloat ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT : KSDATAFORMAT_SUBTYPE_PCM;
    format.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    WAVEFORMATEX& wave = create.format.WaveFormatEx;
    wave.wFormatTag = isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
    wave.nChannels = channels;
    wave.nSamplesPerSec = rate;
    wave.wBitsPerSample = bits;
    wave.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    wave.nAvgBytesPerSec = rate * wave.nBlockAlign;
    wave.cbSize = 0;
    format.SampleSize = wave.nBlockAlign;
    return create;
}

StreamPinCreate streamPin()
{
    StreamPinCreate create{};
    create.connect = standardConnect(NULL_PIN_STREAM);
    create.format.FormatSize = sizeof(KSDATAFORMAT);
    create.format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    create.format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    create.format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    return create;
}

HRESULT setState(HANDLE pin, KSSTATE state)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_SET;
    ULONG returned = 0;
    return KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &property, sizeof(property), &state, sizeof(state),
                                      &returned);
}

KSSTATE getState(HANDLE pin)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_GET;
    KSSTATE state = KSSTATE_RUN;
    ULONG returned = 0;
    HRESULT hr = KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &property, sizeof(property), &state, sizeof(state),
                                            &returned);
    EXPECT_EQ(hr, S_OK);
    return state;
}

OPENKS_NULL_STATISTICS nullStatistics(HANDLE pin)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_OpenksNull;
    property.Id = KSPROPERTY_OPENKS_NULL_STATISTICS;
    property.Flags = KSPROPERTY_TYPE_GET;
    OPENKS_NULL_STATISTICS statistics{};
    ULONG returned = 0;
    HRESULT hr = KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &property, sizeof(property), &statistics,
                                            sizeof(statistics), &returned);
    EXPECT_EQ(hr, S_OK);
    EXPECT_EQ(returned, sizeof(statistics));
    return statistics;
}

KSSTREAM_HEADER writeHeader(void* data, ULONG bytes)
{
    KSSTREAM_HEADER header{};
    header.Size = sizeof(header);
    header.PresentationTime.Numerator = 1;
    header.PresentationTime.Denominator = 1;
    header.Data = data;
    header.FrameExtent = bytes;
    header.DataUsed = bytes;
    return header;
}

}  // namespace openks::test
