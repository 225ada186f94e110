// SPDX-License-Identifier: MIT
// Windows KS client code compiles through the compat headers and sees the sizes and values clients rely on (clients.md
// §1).
#include <gtest/gtest.h>

#include <initguid.h>
#include <ks.h>
#include <ksmedia.h>
#include <mmreg.h>
#include <uuids.h>
#include <winerror.h>
#include <winioctl.h>

#include <cstring>

#include "compat_client.h"

namespace {

// The GStreamer ksvideosrc create buffer: KSPIN_CONNECT, then the range's KSDATAFORMAT and a KS_VIDEOINFOHEADER.
struct VideoCreate {
    KSPIN_CONNECT connect;
    KS_DATAFORMAT_VIDEOINFOHEADER format;
};

// PortAudio's first try: WAVEFORMATEXTENSIBLE after the KS header.
struct ExtensibleCreate {
    KSPIN_CONNECT connect;
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE format;
};

TEST(CompatClient, CreateBuffersHaveTheSizesClientsSend)
{
    // clients.md §1.3: 154 / 176 bytes for audio, 224 for video on x64.
    EXPECT_EQ(sizeof(KSPIN_CONNECT) + sizeof(KSDATAFORMAT_WAVEFORMATEX), 154u);
    EXPECT_EQ(sizeof(ExtensibleCreate), 176u);
    EXPECT_EQ(sizeof(VideoCreate), 224u);
    EXPECT_EQ(sizeof(KSSTREAM_HEADER) + sizeof(KS_FRAME_INFO), 128u);  // a video read header (clients.md §1.4)
}

TEST(CompatClient, NamedGuidsAreLvaluesAndStaticInitializers)
{
    const GUID& byReference = KSPROPSETID_Pin;
    const GUID* byAddress = &KSPROPSETID_Pin;
    const GUID fromStatic = {STATICGUIDOF(KSPROPSETID_Pin)};
    EXPECT_EQ(&byReference, byAddress);
    EXPECT_TRUE(IsEqualGUID(fromStatic, KSPROPSETID_Pin));
    EXPECT_FALSE(IsEqualGUID(KSPROPSETID_Pin, KSPROPSETID_Connection));
    // The DirectShow names that KS formats reuse are the same GUIDs.
    EXPECT_TRUE(IsEqualGUID(FORMAT_VideoInfo, KSDATAFORMAT_SPECIFIER_VIDEOINFO));
    EXPECT_TRUE(IsEqualGUID(MEDIASUBTYPE_YUY2, KSDATAFORMAT_SUBTYPE_YUY2));
    EXPECT_TRUE(IsEqualGUID(PINNAME_CAPTURE, PINNAME_VIDEO_CAPTURE));
}

TEST(CompatClient, StaticTablesUseTheWindowsInitializerMacros)
{
    static const KSPIN_INTERFACE interfaces[] = {
        DEFINE_KSPIN_INTERFACE_ITEM(KSINTERFACESETID_Standard, KSINTERFACE_STANDARD_STREAMING)};
    static const KSDATARANGE_AUDIO range = {
        {sizeof(KSDATARANGE_AUDIO), 0, 0, 0, STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
         STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM), STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)},
        2,
        16,
        16,
        44100,
        48000};
    EXPECT_TRUE(IsEqualGUID(interfaces[0].Set, KSINTERFACESETID_Standard));
    EXPECT_EQ(interfaces[0].Id, static_cast<ULONG>(KSINTERFACE_STANDARD_STREAMING));
    EXPECT_EQ(range.DataRange.FormatSize, 88u);
    EXPECT_TRUE(IsEqualGUID(range.DataRange.SubFormat, KSDATAFORMAT_SUBTYPE_PCM));
    EXPECT_EQ(range.MaximumSampleFrequency, 48000u);
}

TEST(CompatClient, Win32ErrorsAndHresultsMatchKsSpec)
{
    // ks-spec §6 and clients.md §1.7.
    EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_MORE_DATA), static_cast<HRESULT>(0x800700EA));
    EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), static_cast<HRESULT>(0x8007007A));
    EXPECT_EQ(HRESULT_FROM_WIN32(ERROR_SUCCESS), S_OK);
    EXPECT_EQ(HRESULT_FROM_WIN32(static_cast<ULONG>(E_FAIL)), E_FAIL);  // an HRESULT passes through
    EXPECT_EQ(E_PROP_SET_UNSUPPORTED, HRESULT_FROM_WIN32(ERROR_SET_NOT_FOUND));
    EXPECT_EQ(E_PROP_ID_UNSUPPORTED, HRESULT_FROM_WIN32(ERROR_NOT_FOUND));
    const HRESULT hr = HRESULT_FROM_WIN32(ERROR_NO_MATCH);
    EXPECT_TRUE(FAILED(hr));
    EXPECT_FALSE(SUCCEEDED(hr));
    EXPECT_EQ(HRESULT_FACILITY(hr), FACILITY_WIN32);
    EXPECT_EQ(HRESULT_CODE(hr), ERROR_NO_MATCH);
    EXPECT_EQ(MAKE_HRESULT(SEVERITY_ERROR, FACILITY_WIN32, ERROR_NO_MATCH), hr);
    EXPECT_TRUE(SUCCEEDED(S_FALSE));
    switch (hr) {
        case HRESULT_FROM_WIN32(ERROR_NO_MATCH):  // constexpr in C++
            break;
        default:
            ADD_FAILURE() << "HRESULT_FROM_WIN32 is not a constant expression";
    }
}

TEST(CompatClient, CBuildSeesTheSameLayoutsAndValues)
{
    char why[200] = {0};
    EXPECT_EQ(openks_compat_client_c_check(why, sizeof why), 0) << why;
}

}  // namespace
