// SPDX-License-Identifier: MIT
// SetupDi enumeration as KS clients use it: class devices, interfaces, details with the size protocol, aliases.
#include <openks/client.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "client_support.h"

namespace openks::test {
namespace {

class SetupDiTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        set_ = SetupDiGetClassDevsA(&KSCATEGORY_AUDIO, nullptr, nullptr, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
        ASSERT_NE(set_, INVALID_HANDLE_VALUE);
    }
    void TearDown() override
    {
        if (set_ != INVALID_HANDLE_VALUE) {
            EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set_));
        }
    }

    // The index of the null driver's AUDIO interface in the set.
    bool findNull(SP_DEVICE_INTERFACE_DATA* itf, std::string* path)
    {
        itf->cbSize = sizeof(*itf);
        for (DWORD i = 0; SetupDiEnumDeviceInterfaces(set_, nullptr, &KSCATEGORY_AUDIO, i, itf); ++i) {
            *path = detailA(*itf);
            if (path->find("#null#") != std::string::npos) return true;
        }
        return false;
    }

    std::string detailA(SP_DEVICE_INTERFACE_DATA& itf)
    {
        DWORD size = 0;
        EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set_, &itf, nullptr, 0, &size, nullptr));
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
        std::vector<char> buffer(size);
        auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_A>(buffer.data());
        detail->cbSize = sizeof(*detail);
        DWORD required = 0;
        EXPECT_TRUE(SetupDiGetDeviceInterfaceDetailA(set_, &itf, detail, size, &required, nullptr));
        EXPECT_EQ(required, size);
        EXPECT_EQ(size, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath) + std::strlen(detail->DevicePath) + 1);
        return detail->DevicePath;
    }

    HDEVINFO set_ = INVALID_HANDLE_VALUE;
};

TEST_F(SetupDiTest, EnumeratesTheNullRenderFilterInTheAudioCategory)
{
    SP_DEVICE_INTERFACE_DATA itf;
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    EXPECT_TRUE(IsEqualGUID(itf.InterfaceClassGuid, KSCATEGORY_AUDIO));
    EXPECT_EQ(itf.Flags, static_cast<DWORD>(SPINT_ACTIVE));
    EXPECT_EQ(path.rfind("\\\\?\\", 0), 0u) << path;
    HANDLE filter = openFilter(path);
    EXPECT_NE(filter, INVALID_HANDLE_VALUE) << "the enumerated path opens";
    CloseHandle(filter);
}

TEST_F(SetupDiTest, EnumerationEndsWithNoMoreItems)
{
    SP_DEVICE_INTERFACE_DATA itf{};
    itf.cbSize = sizeof(itf);
    DWORD count = 0;
    while (SetupDiEnumDeviceInterfaces(set_, nullptr, &KSCATEGORY_AUDIO, count, &itf))
        ++count;
    EXPECT_GE(count, 1u);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_ITEMS));
}

TEST_F(SetupDiTest, AliasFindsTheSameFilterInAnotherCategory)
{
    SP_DEVICE_INTERFACE_DATA itf;
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    SP_DEVICE_INTERFACE_DATA render{};
    render.cbSize = sizeof(render);
    ASSERT_TRUE(SetupDiGetDeviceInterfaceAlias(set_, &itf, &KSCATEGORY_RENDER, &render));
    EXPECT_TRUE(IsEqualGUID(render.InterfaceClassGuid, KSCATEGORY_RENDER));
    std::string renderPath = detailA(render);
    EXPECT_NE(renderPath, path);
    EXPECT_NE(renderPath.find("#null#"), std::string::npos);
    // Its alias back in AUDIO is where we started.
    SP_DEVICE_INTERFACE_DATA back{};
    back.cbSize = sizeof(back);
    ASSERT_TRUE(SetupDiGetDeviceInterfaceAlias(set_, &render, &KSCATEGORY_AUDIO, &back));
    EXPECT_EQ(detailA(back), path);

    SP_DEVICE_INTERFACE_DATA capture{};
    capture.cbSize = sizeof(capture);
    EXPECT_FALSE(SetupDiGetDeviceInterfaceAlias(set_, &itf, &KSCATEGORY_CAPTURE, &capture));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_SUCH_DEVICE_INTERFACE));
}

TEST_F(SetupDiTest, InterfacesOfAnotherCategoryOfTheSameDevicesAreEnumerable)
{
    // The set holds the AUDIO devices with all their interfaces (PortAudio asks for RENDER aliases).
    SP_DEVICE_INTERFACE_DATA itf{};
    itf.cbSize = sizeof(itf);
    bool foundNullRender = false;
    for (DWORD i = 0; SetupDiEnumDeviceInterfaces(set_, nullptr, &KSCATEGORY_RENDER, i, &itf); ++i) {
        foundNullRender = foundNullRender || detailA(itf).find("#null#") != std::string::npos;
    }
    EXPECT_TRUE(foundNullRender);
}

TEST_F(SetupDiTest, WideDetailMatchesTheNarrowOne)
{
    SP_DEVICE_INTERFACE_DATA itf;
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    DWORD size = 0;
    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailW(set_, &itf, nullptr, 0, &size, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
    EXPECT_EQ(size, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath) + (path.size() + 1) * sizeof(WCHAR));
    std::vector<unsigned char> buffer(size);
    auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_W>(buffer.data());
    detail->cbSize = sizeof(*detail);
    EXPECT_EQ(detail->cbSize, 8u);  // x64
    SP_DEVINFO_DATA device{};
    device.cbSize = sizeof(device);
    ASSERT_TRUE(SetupDiGetDeviceInterfaceDetailW(set_, &itf, detail, size, nullptr, &device));
    std::u16string wide(detail->DevicePath);
    EXPECT_EQ(std::string(wide.begin(), wide.end()), path);
    EXPECT_NE(device.DevInst, 0u);

    // The device's own interfaces only, through the SP_DEVINFO_DATA.
    SP_DEVICE_INTERFACE_DATA own{};
    own.cbSize = sizeof(own);
    ASSERT_TRUE(SetupDiEnumDeviceInterfaces(set_, &device, &KSCATEGORY_RENDER, 0, &own));
    EXPECT_NE(detailA(own).find("#null#"), std::string::npos);
}

TEST_F(SetupDiTest, DetailSizeProtocolAndCbSizeChecks)
{
    SP_DEVICE_INTERFACE_DATA itf;
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    std::vector<char> buffer(512);
    auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_A>(buffer.data());
    DWORD required = 0;

    detail->cbSize = sizeof(*detail);
    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set_, &itf, detail, 10, &required, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
    EXPECT_EQ(required, offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath) + path.size() + 1);

    detail->cbSize = 5;  // the 32-bit value, wrong on x64
    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set_, &itf, detail, 512, &required, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));

    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set_, &itf, nullptr, 16, &required, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));

    SP_DEVICE_INTERFACE_DATA wrongSize = itf;
    wrongSize.cbSize = 28;
    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set_, &wrongSize, nullptr, 0, &required, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));

    SP_DEVICE_INTERFACE_DATA forged{};
    forged.cbSize = sizeof(forged);
    forged.Reserved = 0x1234;
    EXPECT_FALSE(SetupDiGetDeviceInterfaceDetailA(set_, &forged, nullptr, 0, &required, nullptr));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST(SetupDi, BadArgumentsAndHandlesAreRefused)
{
    EXPECT_EQ(SetupDiGetClassDevsA(&KSCATEGORY_AUDIO, nullptr, nullptr, DIGCF_PRESENT), INVALID_HANDLE_VALUE);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
    EXPECT_EQ(SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_DEVICEINTERFACE), INVALID_HANDLE_VALUE);
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));

    SP_DEVICE_INTERFACE_DATA itf{};
    itf.cbSize = sizeof(itf);
    EXPECT_FALSE(SetupDiEnumDeviceInterfaces(reinterpret_cast<HDEVINFO>(0x5678), nullptr, &KSCATEGORY_AUDIO, 0, &itf));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));

    HDEVINFO set = SetupDiGetClassDevsA(&KSCATEGORY_AUDIO, nullptr, nullptr, DIGCF_DEVICEINTERFACE);
    ASSERT_NE(set, INVALID_HANDLE_VALUE);
    itf.cbSize = 0;
    EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, nullptr, &KSCATEGORY_AUDIO, 0, &itf));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_USER_BUFFER));
    EXPECT_TRUE(SetupDiDestroyDeviceInfoList(set));
    EXPECT_FALSE(SetupDiDestroyDeviceInfoList(set));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
    itf.cbSize = sizeof(itf);
    EXPECT_FALSE(SetupDiEnumDeviceInterfaces(set, nullptr, &KSCATEGORY_AUDIO, 0, &itf));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST(SetupDi, AllClassesListsEveryCategory)
{
    HDEVINFO set = SetupDiGetClassDevsA(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES | DIGCF_DEVICEINTERFACE);
    ASSERT_NE(set, INVALID_HANDLE_VALUE);
    SP_DEVICE_INTERFACE_DATA itf{};
    itf.cbSize = sizeof(itf);
    EXPECT_TRUE(SetupDiEnumDeviceInterfaces(set, nullptr, &KSCATEGORY_RENDER, 0, &itf));
    EXPECT_TRUE(SetupDiEnumDeviceInterfaces(set, nullptr, &KSCATEGORY_AUDIO, 0, &itf));
    SetupDiDestroyDeviceInfoList(set);
}

}  // namespace
}  // namespace openks::test

namespace openks::test {
namespace {

// PortAudio's friendly-name read: SetupDiOpenDeviceInterfaceRegKey, then
// RegQueryValueExW("FriendlyName") with a fixed buffer (and the size probe).
TEST_F(SetupDiTest, InterfaceKeyGivesTheFriendlyNameAsPortAudioReadsIt)
{
    SP_DEVICE_INTERFACE_DATA itf{};
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    HKEY key = SetupDiOpenDeviceInterfaceRegKey(set_, &itf, 0, KEY_QUERY_VALUE);
    ASSERT_NE(key, static_cast<HKEY>(INVALID_HANDLE_VALUE));
    DWORD type = 0;
    DWORD size = 0;
    ASSERT_EQ(RegQueryValueExW(key, u"FriendlyName", nullptr, &type, nullptr, &size), ERROR_SUCCESS);
    EXPECT_EQ(type, static_cast<DWORD>(REG_SZ));
    EXPECT_EQ(size, (std::u16string(u"null").size() + 1) * sizeof(WCHAR));
    WCHAR name[64];
    size = sizeof(name);
    ASSERT_EQ(RegQueryValueExW(key, u"friendlyname", nullptr, &type, reinterpret_cast<LPBYTE>(name), &size),
              ERROR_SUCCESS);  // value names compare case-insensitively
    EXPECT_EQ(std::u16string(name), u"null");
    EXPECT_EQ(size, 5 * sizeof(WCHAR));
    // Too small: ERROR_MORE_DATA with the size needed.
    size = 2;
    EXPECT_EQ(RegQueryValueExW(key, u"FriendlyName", nullptr, &type, reinterpret_cast<LPBYTE>(name), &size),
              ERROR_MORE_DATA);
    EXPECT_EQ(size, 5 * sizeof(WCHAR));
    // The A form in UTF-8, and the KS proxy CLSID every KS interface key has.
    char narrow[64];
    size = sizeof(narrow);
    ASSERT_EQ(RegQueryValueExA(key, "CLSID", nullptr, &type, reinterpret_cast<LPBYTE>(narrow), &size), ERROR_SUCCESS);
    EXPECT_STREQ(narrow, "{17CCA71B-ECD7-11D0-B908-00A0C9223196}");
    EXPECT_EQ(RegQueryValueExA(key, "NoSuchValue", nullptr, &type, nullptr, &size), ERROR_FILE_NOT_FOUND);
    EXPECT_EQ(RegCloseKey(key), ERROR_SUCCESS);
    EXPECT_EQ(RegCloseKey(key), ERROR_INVALID_HANDLE);
    EXPECT_EQ(RegQueryValueExW(key, u"FriendlyName", nullptr, &type, nullptr, &size), ERROR_INVALID_HANDLE);
}

TEST_F(SetupDiTest, InterfaceKeysAreReadOnly)
{
    SP_DEVICE_INTERFACE_DATA itf{};
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    SetLastError(0);
    EXPECT_EQ(SetupDiOpenDeviceInterfaceRegKey(set_, &itf, 0, KEY_ALL_ACCESS), static_cast<HKEY>(INVALID_HANDLE_VALUE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ACCESS_DENIED));
    SP_DEVICE_INTERFACE_DATA bogus{};
    bogus.cbSize = sizeof(bogus);
    EXPECT_EQ(SetupDiOpenDeviceInterfaceRegKey(set_, &bogus, 0, KEY_READ), static_cast<HKEY>(INVALID_HANDLE_VALUE));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
}

TEST_F(SetupDiTest, DeviceRegistryPropertyFriendlyName)
{
    SP_DEVICE_INTERFACE_DATA itf{};
    std::string path;
    ASSERT_TRUE(findNull(&itf, &path));
    SP_DEVINFO_DATA device{};
    device.cbSize = sizeof(device);
    DWORD size = 0;
    (void)SetupDiGetDeviceInterfaceDetailA(set_, &itf, nullptr, 0, &size, nullptr);
    std::vector<char> buffer(size);
    auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_A>(buffer.data());
    detail->cbSize = sizeof(*detail);
    ASSERT_TRUE(SetupDiGetDeviceInterfaceDetailA(set_, &itf, detail, size, nullptr, &device));
    DWORD type = 0;
    DWORD required = 0;
    EXPECT_FALSE(SetupDiGetDeviceRegistryPropertyA(set_, &device, SPDRP_FRIENDLYNAME, &type, nullptr, 0, &required));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
    EXPECT_EQ(required, 5u);
    char name[16];
    ASSERT_TRUE(SetupDiGetDeviceRegistryPropertyA(set_, &device, SPDRP_FRIENDLYNAME, &type,
                                                  reinterpret_cast<PBYTE>(name), sizeof(name), &required));
    EXPECT_EQ(type, static_cast<DWORD>(REG_SZ));
    EXPECT_STREQ(name, "null");
    WCHAR wide[16];
    ASSERT_TRUE(SetupDiGetDeviceRegistryPropertyW(set_, &device, SPDRP_DEVICEDESC, &type, reinterpret_cast<PBYTE>(wide),
                                                  sizeof(wide), &required));
    EXPECT_EQ(std::u16string(wide), u"null");
    EXPECT_EQ(required, 5 * sizeof(WCHAR));
    EXPECT_FALSE(SetupDiGetDeviceRegistryPropertyA(set_, &device, 0x1F /* not one openks has */, &type,
                                                   reinterpret_cast<PBYTE>(name), sizeof(name), &required));
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_DATA));
}

}  // namespace
}  // namespace openks::test
