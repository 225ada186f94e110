// SPDX-License-Identifier: MIT
// LoadLibrary/GetProcAddress for the Windows DLLs whose functions openks implements (ksuser.dll, ksproxy.ax, ...).
#include <openks/client/ksproxy.h>
#include <openks/client/ksuser.h>
#include <openks/client/ntapi.h>
#include <openks/client/setupapi.h>
#include <openks/client/win32.h>
#include <openks/ks/status.h>

#include <cstring>
#include <string_view>

#include "client/win32_support.h"
#include "io/strings.h"

using namespace openks::client;

namespace {

struct Export {
    const char* name;
    FARPROC address;
};

// Through void (*)(void), the one function pointer type every other converts to without a warning.
template <class F>
FARPROC exported(F* function)
{
    return reinterpret_cast<FARPROC>(reinterpret_cast<void (*)(void)>(function));
}

const Export kKsUser[] = {
    {"KsCreatePin", exported(&KsCreatePin)},
    {"KsCreateClock", exported(&KsCreateClock)},
    {"KsCreateAllocator", exported(&KsCreateAllocator)},
    {"KsCreateTopologyNode", exported(&KsCreateTopologyNode)},
};

const Export kKsProxy[] = {
    {"KsSynchronousDeviceControl", exported(&KsSynchronousDeviceControl)},
    {"KsOpenDefaultDevice", exported(&KsOpenDefaultDevice)},
};

const Export kKernel32[] = {
    {"CreateFileA", exported(&CreateFileA)},
    {"CreateFileW", exported(&CreateFileW)},
    {"CloseHandle", exported(&CloseHandle)},
    {"DeviceIoControl", exported(&DeviceIoControl)},
    {"GetOverlappedResult", exported(&GetOverlappedResult)},
    {"GetOverlappedResultEx", exported(&GetOverlappedResultEx)},
    {"CancelIo", exported(&CancelIo)},
    {"CancelIoEx", exported(&CancelIoEx)},
    {"CreateEventA", exported(&CreateEventA)},
    {"CreateEventW", exported(&CreateEventW)},
    {"SetEvent", exported(&SetEvent)},
    {"ResetEvent", exported(&ResetEvent)},
    {"WaitForSingleObject", exported(&WaitForSingleObject)},
    {"WaitForSingleObjectEx", exported(&WaitForSingleObjectEx)},
    {"WaitForMultipleObjects", exported(&WaitForMultipleObjects)},
    {"WaitForMultipleObjectsEx", exported(&WaitForMultipleObjectsEx)},
    {"GetLastError", exported(&GetLastError)},
    {"SetLastError", exported(&SetLastError)},
    {"Sleep", exported(&Sleep)},
    {"GetTickCount", exported(&GetTickCount)},
    {"GetTickCount64", exported(&GetTickCount64)},
    {"QueryPerformanceCounter", exported(&QueryPerformanceCounter)},
    {"QueryPerformanceFrequency", exported(&QueryPerformanceFrequency)},
    {"LoadLibraryA", exported(&LoadLibraryA)},
    {"LoadLibraryW", exported(&LoadLibraryW)},
    {"GetProcAddress", exported(&GetProcAddress)},
    {"FreeLibrary", exported(&FreeLibrary)},
};

const Export kSetupApi[] = {
    {"SetupDiGetClassDevsA", exported(&SetupDiGetClassDevsA)},
    {"SetupDiGetClassDevsW", exported(&SetupDiGetClassDevsW)},
    {"SetupDiEnumDeviceInterfaces", exported(&SetupDiEnumDeviceInterfaces)},
    {"SetupDiGetDeviceInterfaceDetailA", exported(&SetupDiGetDeviceInterfaceDetailA)},
    {"SetupDiGetDeviceInterfaceDetailW", exported(&SetupDiGetDeviceInterfaceDetailW)},
    {"SetupDiGetDeviceInterfaceAlias", exported(&SetupDiGetDeviceInterfaceAlias)},
    {"SetupDiDestroyDeviceInfoList", exported(&SetupDiDestroyDeviceInfoList)},
};

const Export kNtDll[] = {
    {"NtCreateFile", exported(&NtCreateFile)},
    {"NtDeviceIoControlFile", exported(&NtDeviceIoControlFile)},
    {"NtClose", exported(&NtClose)},
    {"NtWaitForSingleObject", exported(&NtWaitForSingleObject)},
    {"NtWaitForMultipleObjects", exported(&NtWaitForMultipleObjects)},
    {"RtlNtStatusToDosError", exported(&RtlNtStatusToDosError)},
};

// A pseudo module: its address is the HMODULE.
struct Module {
    const char* name;  // without extension, lower case
    const Export* exports;
    size_t count;
};

template <size_t N>
constexpr Module module(const char* name, const Export (&exports)[N])
{
    return Module{name, exports, N};
}

const Module kModules[] = {
    module("ksuser", kKsUser),       module("ksproxy", kKsProxy),   module("kernel32", kKernel32),
    module("kernelbase", kKernel32), module("setupapi", kSetupApi), module("ntdll", kNtDll),
};

bool equalNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

HMODULE load(std::string_view path)
{
    // The file name, without directory and extension ("C:\\Windows\\System32\\KsUser.dll" -> "KsUser").
    size_t slash = path.find_last_of("\\/");
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    size_t dot = name.rfind('.');
    if (dot != std::string_view::npos) name = name.substr(0, dot);
    for (const Module& m : kModules) {
        if (equalNoCase(name, m.name)) return reinterpret_cast<HMODULE>(const_cast<Module*>(&m));
    }
    failWithError(ERROR_MOD_NOT_FOUND);
    return nullptr;
}

const Module* moduleOf(HMODULE handle)
{
    for (const Module& m : kModules) {
        if (reinterpret_cast<const void*>(handle) == &m) return &m;
    }
    return nullptr;
}

}  // namespace

extern "C" {

HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName)
{
    if (lpLibFileName == nullptr) {
        failWithError(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    return load(lpLibFileName);
}

HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName)
{
    if (lpLibFileName == nullptr) {
        failWithError(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    return load(openks::io::narrow(terminated(lpLibFileName)));
}

FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    const Module* m = moduleOf(hModule);
    if (m == nullptr) {
        failWithError(ERROR_INVALID_HANDLE);
        return nullptr;
    }
    // An ordinal (a value below 64 Ki in place of a name) is not supported.
    if (reinterpret_cast<uintptr_t>(lpProcName) < 0x10000) {
        failWithError(ERROR_PROC_NOT_FOUND);
        return nullptr;
    }
    for (size_t i = 0; i < m->count; ++i) {
        if (std::strcmp(m->exports[i].name, lpProcName) == 0) return m->exports[i].address;
    }
    failWithError(ERROR_PROC_NOT_FOUND);
    return nullptr;
}

BOOL WINAPI FreeLibrary(HMODULE hLibModule)
{
    return moduleOf(hLibModule) != nullptr ? TRUE : failWithError(ERROR_INVALID_HANDLE);
}

}  // extern "C"
