// SPDX-License-Identifier: MIT
// SetupDi device-interface enumeration over the transport's list of enabled interfaces.
#include <openks/client/setupapi.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

#include "client/registry.h"
#include "client/transport.h"
#include "client/win32_support.h"
#include "io/strings.h"

using namespace openks::client;

namespace {

// One interface of a set, and the device it belongs to (index into Set::devices).
struct Interface {
    InterfaceInfo info;
    size_t device = 0;
};

// A device information set: a snapshot, read-only once built.
struct Set {
    uint32_t serial = 0;
    std::vector<std::u16string> devices;
    std::vector<Interface> interfaces;
};

// Live sets, so that a bad or destroyed HDEVINFO is refused instead of followed.
std::mutex gSetsLock;
std::unordered_set<Set*> gSets;
std::atomic<uint32_t> gSerial{1};

// Finds a live set (the caller must not destroy it during the call).
class SetUse {
public:
    explicit SetUse(HDEVINFO handle)
    {
        std::lock_guard lock(gSetsLock);
        auto it = gSets.find(static_cast<Set*>(handle));
        if (it != gSets.end()) set_ = *it;
    }
    Set* get() const { return set_; }

private:
    Set* set_ = nullptr;
};

// SP_*_DATA.Reserved: the set's serial and a 1-based index, so data from
// another set, or never filled in, is recognised.
ULONG_PTR makeReserved(const Set& set, size_t index)
{
    return (static_cast<ULONG_PTR>(set.serial) << 32) | static_cast<ULONG_PTR>(index + 1);
}

bool fromReserved(const Set& set, ULONG_PTR reserved, size_t count, size_t* index)
{
    if ((reserved >> 32) != set.serial) return false;
    size_t oneBased = static_cast<size_t>(reserved & 0xffffffffu);
    if (oneBased == 0 || oneBased > count) return false;
    *index = oneBased - 1;
    return true;
}

void fillInterfaceData(const Set& set, size_t index, PSP_DEVICE_INTERFACE_DATA data)
{
    data->InterfaceClassGuid = set.interfaces[index].info.category;
    data->Flags = SPINT_ACTIVE;
    data->Reserved = makeReserved(set, index);
}

void fillDeviceData(const Set& set, size_t device, PSP_DEVINFO_DATA data)
{
    data->ClassGuid = GUID_NULL;  // openks devices have no setup class
    data->DevInst = static_cast<DWORD>(device + 1);
    data->Reserved = makeReserved(set, device);
}

// Validates (set, interface data) and yields the interface's index.
bool lookUpInterface(HDEVINFO handle, PSP_DEVICE_INTERFACE_DATA data, SetUse* use, size_t* index)
{
    if (use->get() == nullptr) return failWithError(ERROR_INVALID_HANDLE);
    if (data == nullptr) return failWithError(ERROR_INVALID_PARAMETER);
    if (data->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) return failWithError(ERROR_INVALID_USER_BUFFER);
    if (!fromReserved(*use->get(), data->Reserved, use->get()->interfaces.size(), index)) {
        return failWithError(ERROR_INVALID_PARAMETER);
    }
    (void)handle;
    return true;
}

HDEVINFO getClassDevs(const GUID* classGuid, DWORD flags)
{
    if ((flags & DIGCF_DEVICEINTERFACE) == 0 || (classGuid == nullptr && (flags & DIGCF_ALLCLASSES) == 0)) {
        failWithError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    std::vector<InterfaceInfo> all;
    NTSTATUS status = transport().enumerateInterfaces(nullptr, &all);
    if (!NT_SUCCESS(status)) {
        failWithStatus(status);
        return INVALID_HANDLE_VALUE;
    }
    auto* set = new (std::nothrow) Set;
    if (set == nullptr) {
        failWithError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    set->serial = gSerial.fetch_add(1, std::memory_order_relaxed);
    // The devices with an interface in the category, in enumeration order...
    for (const InterfaceInfo& info : all) {
        bool wanted = classGuid == nullptr || (flags & DIGCF_ALLCLASSES) || IsEqualGUID(info.category, *classGuid);
        if (!wanted) continue;
        bool known = false;
        for (const std::u16string& device : set->devices)
            known = known || device == info.device;
        if (!known) set->devices.push_back(info.device);
    }
    // ...with all of their interfaces, so aliases in other categories can be found.
    for (InterfaceInfo& info : all) {
        for (size_t d = 0; d < set->devices.size(); ++d) {
            if (set->devices[d] == info.device) {
                set->interfaces.push_back(Interface{std::move(info), d});
                break;
            }
        }
    }
    std::lock_guard lock(gSetsLock);
    gSets.insert(set);
    return set;
}

template <class Detail, class Char>
BOOL getDetail(HDEVINFO handle, PSP_DEVICE_INTERFACE_DATA data, Detail* detail, DWORD detailSize, PDWORD requiredSize,
               PSP_DEVINFO_DATA deviceData,
               const std::basic_string<Char>& (*path)(const Interface&, std::basic_string<Char>*))
{
    SetUse use(handle);
    size_t index = 0;
    if (!lookUpInterface(handle, data, &use, &index)) return FALSE;
    const Set& set = *use.get();
    const Interface& itf = set.interfaces[index];
    std::basic_string<Char> storage;
    const std::basic_string<Char>& text = path(itf, &storage);
    constexpr DWORD kHeader = offsetof(Detail, DevicePath);
    DWORD required = kHeader + static_cast<DWORD>((text.size() + 1) * sizeof(Char));

    if (detail == nullptr) {
        if (detailSize != 0) return failWithError(ERROR_INVALID_USER_BUFFER);
    } else {
        if (detailSize < kHeader + sizeof(Char)) return failWithError(ERROR_INVALID_USER_BUFFER);
        if (detail->cbSize != sizeof(Detail)) return failWithError(ERROR_INVALID_USER_BUFFER);
    }
    if (deviceData != nullptr && deviceData->cbSize != sizeof(SP_DEVINFO_DATA)) {
        return failWithError(ERROR_INVALID_USER_BUFFER);
    }
    if (detail == nullptr || detailSize < required) {
        if (requiredSize != nullptr) *requiredSize = required;
        return failWithError(ERROR_INSUFFICIENT_BUFFER);
    }
    std::memcpy(detail->DevicePath, text.c_str(), (text.size() + 1) * sizeof(Char));
    if (requiredSize != nullptr) *requiredSize = required;
    if (deviceData != nullptr) fillDeviceData(set, itf.device, deviceData);
    return TRUE;
}

const std::string& narrowPath(const Interface& itf, std::string* storage)
{
    *storage = openks::io::narrow(itf.info.path);
    return *storage;
}

const std::u16string& widePath(const Interface& itf, std::u16string* /*storage*/)
{
    return itf.info.path;
}

// The display name of a device: its first interface's friendly name.
const std::u16string* deviceName(const Set& set, size_t device)
{
    for (const Interface& itf : set.interfaces) {
        if (itf.device == device) return &itf.info.friendlyName;
    }
    return nullptr;
}

template <class Char>
BOOL registryProperty(HDEVINFO handle, PSP_DEVINFO_DATA deviceData, DWORD property, PDWORD type, PBYTE buffer,
                      DWORD bufferSize, PDWORD requiredSize)
{
    SetUse use(handle);
    const Set* set = use.get();
    if (set == nullptr) return failWithError(ERROR_INVALID_HANDLE);
    if (deviceData == nullptr) return failWithError(ERROR_INVALID_PARAMETER);
    if (deviceData->cbSize != sizeof(SP_DEVINFO_DATA)) return failWithError(ERROR_INVALID_USER_BUFFER);
    size_t device = 0;
    if (!fromReserved(*set, deviceData->Reserved, set->devices.size(), &device)) {
        return failWithError(ERROR_INVALID_PARAMETER);
    }
    const std::u16string* name = deviceName(*set, device);
    if (name == nullptr || (property != SPDRP_FRIENDLYNAME && property != SPDRP_DEVICEDESC)) {
        return failWithError(ERROR_INVALID_DATA);
    }
    std::basic_string<Char> text;
    if constexpr (sizeof(Char) == 1) {
        text = openks::io::narrow(*name);
    } else {
        text = *name;
    }
    const DWORD size = static_cast<DWORD>((text.size() + 1) * sizeof(Char));
    if (type != nullptr) *type = REG_SZ;
    if (requiredSize != nullptr) *requiredSize = size;
    if (buffer == nullptr || bufferSize < size) return failWithError(ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(buffer, text.c_str(), size);
    return TRUE;
}

}  // namespace

extern "C" {

HKEY WINAPI SetupDiOpenDeviceInterfaceRegKey(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             DWORD Reserved, REGSAM samDesired)
{
    const HKEY failed = static_cast<HKEY>(INVALID_HANDLE_VALUE);
    SetUse use(DeviceInfoSet);
    size_t index = 0;
    if (!lookUpInterface(DeviceInfoSet, DeviceInterfaceData, &use, &index)) return failed;
    if (Reserved != 0) {
        failWithError(ERROR_INVALID_PARAMETER);
        return failed;
    }
    constexpr REGSAM kReadOnly = KEY_READ | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY | KEY_WOW64_64KEY |
                                 KEY_WOW64_32KEY | 0x80000000u /* GENERIC_READ */;
    if ((samDesired & ~kReadOnly) != 0) {
        failWithError(ERROR_ACCESS_DENIED);
        return failed;
    }
    const Interface& itf = use.get()->interfaces[index];
    HKEY key = openRegistryKey(
        {{u"FriendlyName", itf.info.friendlyName}, {u"CLSID", u"{17CCA71B-ECD7-11D0-B908-00A0C9223196}"}});
    if (key == nullptr) {
        failWithError(ERROR_NOT_ENOUGH_MEMORY);
        return failed;
    }
    return key;
}

BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
                                              PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
                                              DWORD PropertyBufferSize, PDWORD RequiredSize)
{
    return registryProperty<char>(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType, PropertyBuffer,
                                  PropertyBufferSize, RequiredSize);
}

BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
                                              PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
                                              DWORD PropertyBufferSize, PDWORD RequiredSize)
{
    return registryProperty<char16_t>(DeviceInfoSet, DeviceInfoData, Property, PropertyRegDataType, PropertyBuffer,
                                      PropertyBufferSize, RequiredSize);
}

HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID* ClassGuid, PCSTR /*Enumerator*/, HWND /*hwndParent*/, DWORD Flags)
{
    return getClassDevs(ClassGuid, Flags);
}

HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID* ClassGuid, PCWSTR /*Enumerator*/, HWND /*hwndParent*/, DWORD Flags)
{
    return getClassDevs(ClassGuid, Flags);
}

BOOL WINAPI SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
                                        const GUID* InterfaceClassGuid, DWORD MemberIndex,
                                        PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData)
{
    SetUse use(DeviceInfoSet);
    const Set* set = use.get();
    if (set == nullptr) return failWithError(ERROR_INVALID_HANDLE);
    if (InterfaceClassGuid == nullptr || DeviceInterfaceData == nullptr) return failWithError(ERROR_INVALID_PARAMETER);
    if (DeviceInterfaceData->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) {
        return failWithError(ERROR_INVALID_USER_BUFFER);
    }
    size_t onlyDevice = SIZE_MAX;
    if (DeviceInfoData != nullptr) {
        if (DeviceInfoData->cbSize != sizeof(SP_DEVINFO_DATA)) return failWithError(ERROR_INVALID_USER_BUFFER);
        if (!fromReserved(*set, DeviceInfoData->Reserved, set->devices.size(), &onlyDevice)) {
            return failWithError(ERROR_INVALID_PARAMETER);
        }
    }
    DWORD seen = 0;
    for (size_t i = 0; i < set->interfaces.size(); ++i) {
        const Interface& itf = set->interfaces[i];
        if (!IsEqualGUID(itf.info.category, *InterfaceClassGuid)) continue;
        if (onlyDevice != SIZE_MAX && itf.device != onlyDevice) continue;
        if (seen++ == MemberIndex) {
            fillInterfaceData(*set, i, DeviceInterfaceData);
            return TRUE;
        }
    }
    return failWithError(ERROR_NO_MORE_ITEMS);
}

BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
                                             DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
                                             PSP_DEVINFO_DATA DeviceInfoData)
{
    return getDetail<SP_DEVICE_INTERFACE_DETAIL_DATA_A, char>(DeviceInfoSet, DeviceInterfaceData,
                                                              DeviceInterfaceDetailData, DeviceInterfaceDetailDataSize,
                                                              RequiredSize, DeviceInfoData, narrowPath);
}

BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                             PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
                                             DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
                                             PSP_DEVINFO_DATA DeviceInfoData)
{
    return getDetail<SP_DEVICE_INTERFACE_DETAIL_DATA_W, char16_t>(
        DeviceInfoSet, DeviceInterfaceData, DeviceInterfaceDetailData, DeviceInterfaceDetailDataSize, RequiredSize,
        DeviceInfoData, widePath);
}

BOOL WINAPI SetupDiGetDeviceInterfaceAlias(HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
                                           const GUID* AliasInterfaceClassGuid,
                                           PSP_DEVICE_INTERFACE_DATA AliasDeviceInterfaceData)
{
    SetUse use(DeviceInfoSet);
    size_t index = 0;
    if (!lookUpInterface(DeviceInfoSet, DeviceInterfaceData, &use, &index)) return FALSE;
    if (AliasInterfaceClassGuid == nullptr || AliasDeviceInterfaceData == nullptr) {
        return failWithError(ERROR_INVALID_PARAMETER);
    }
    if (AliasDeviceInterfaceData->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) {
        return failWithError(ERROR_INVALID_USER_BUFFER);
    }
    const Set& set = *use.get();
    const Interface& itf = set.interfaces[index];
    for (size_t i = 0; i < set.interfaces.size(); ++i) {
        const Interface& other = set.interfaces[i];
        if (other.device == itf.device && IsEqualGUID(other.info.category, *AliasInterfaceClassGuid) &&
            openks::io::equalNoCase(other.info.reference, itf.info.reference)) {
            fillInterfaceData(set, i, AliasDeviceInterfaceData);
            return TRUE;
        }
    }
    return failWithError(ERROR_NO_SUCH_DEVICE_INTERFACE);
}

BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet)
{
    Set* set = nullptr;
    {
        std::lock_guard lock(gSetsLock);
        auto it = gSets.find(static_cast<Set*>(DeviceInfoSet));
        if (it == gSets.end()) return failWithError(ERROR_INVALID_HANDLE);
        set = *it;
        gSets.erase(it);
    }
    delete set;
    return TRUE;
}

}  // extern "C"
