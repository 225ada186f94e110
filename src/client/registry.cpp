// SPDX-License-Identifier: MIT
// RegQueryValueEx / RegCloseKey over the read-only keys SetupDiOpenDeviceInterfaceRegKey opens.
#include "client/registry.h"

#include <cstring>
#include <mutex>
#include <new>
#include <unordered_set>

#include "io/strings.h"

namespace openks::client {

namespace {

struct Key {
    std::vector<RegistryString> values;
};

// Open keys, so a closed or made-up HKEY is refused instead of followed.
std::mutex gKeysLock;
std::unordered_set<Key*> gKeys;

Key* liveKey(HKEY handle)
{
    std::lock_guard lock(gKeysLock);
    auto it = gKeys.find(reinterpret_cast<Key*>(handle));
    return it == gKeys.end() ? nullptr : *it;
}

const RegistryString* findValue(const Key& key, std::u16string_view name)
{
    for (const RegistryString& v : key.values) {
        if (io::equalNoCase(v.name, name)) {
            return &v;
        }
    }
    return nullptr;
}

// Copies `bytes` (a string and its NUL) out as RegQueryValueEx does.
LSTATUS answer(const void* bytes, DWORD size, LPDWORD type, LPBYTE data, LPDWORD dataSize)
{
    if (type != nullptr) {
        *type = REG_SZ;
    }
    if (data == nullptr) {
        if (dataSize != nullptr) {
            *dataSize = size;
        }
        return ERROR_SUCCESS;
    }
    if (dataSize == nullptr) {
        return ERROR_INVALID_PARAMETER;
    }
    if (*dataSize < size) {
        *dataSize = size;
        return ERROR_MORE_DATA;
    }
    std::memcpy(data, bytes, size);
    *dataSize = size;
    return ERROR_SUCCESS;
}

LSTATUS query(HKEY handle, std::u16string_view name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD dataSize,
              bool utf8)
{
    if (reserved != nullptr) {
        return ERROR_INVALID_PARAMETER;
    }
    Key* key = liveKey(handle);
    if (key == nullptr) {
        return ERROR_INVALID_HANDLE;
    }
    const RegistryString* value = findValue(*key, name);
    if (value == nullptr) {
        return ERROR_FILE_NOT_FOUND;
    }
    if (utf8) {
        const std::string text = io::narrow(value->text);
        return answer(text.c_str(), static_cast<DWORD>(text.size() + 1), type, data, dataSize);
    }
    return answer(value->text.c_str(), static_cast<DWORD>((value->text.size() + 1) * sizeof(char16_t)), type, data,
                  dataSize);
}

}  // namespace

HKEY openRegistryKey(std::vector<RegistryString> values)
{
    auto* key = new (std::nothrow) Key{std::move(values)};
    if (key == nullptr) {
        return nullptr;
    }
    std::lock_guard lock(gKeysLock);
    gKeys.insert(key);
    return reinterpret_cast<HKEY>(key);
}

}  // namespace openks::client

extern "C" {

LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                                LPDWORD lpcbData)
{
    const std::u16string name = openks::io::widen(lpValueName != nullptr ? lpValueName : "");
    return openks::client::query(hKey, name, lpReserved, lpType, lpData, lpcbData, true);
}

LSTATUS WINAPI RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                                LPDWORD lpcbData)
{
    const std::u16string_view name = lpValueName != nullptr ? std::u16string_view(lpValueName) : std::u16string_view();
    return openks::client::query(hKey, name, lpReserved, lpType, lpData, lpcbData, false);
}

LSTATUS WINAPI RegCloseKey(HKEY hKey)
{
    openks::client::Key* key = nullptr;
    {
        std::lock_guard lock(openks::client::gKeysLock);
        auto it = openks::client::gKeys.find(reinterpret_cast<openks::client::Key*>(hKey));
        if (it == openks::client::gKeys.end()) {
            return ERROR_INVALID_HANDLE;
        }
        key = *it;
        openks::client::gKeys.erase(it);
    }
    delete key;
    return ERROR_SUCCESS;
}

}  // extern "C"
