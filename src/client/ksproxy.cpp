// SPDX-License-Identifier: MIT
// ksproxy's KsSynchronousDeviceControl and KsOpenDefaultDevice.
#include <openks/client/ksproxy.h>
#include <openks/ks/status.h>

#include <vector>

#include "client/transport.h"

using namespace openks::client;

extern "C" {

HRESULT WINAPI KsSynchronousDeviceControl(HANDLE Handle, ULONG IoControl, PVOID InBuffer, ULONG InLength,
                                          PVOID OutBuffer, ULONG OutLength, PULONG BytesReturned)
{
    // ksproxy issues the request overlapped with a private event and waits
    // if it pends; the transport's waiting request is the same, without an
    // event object per call.
    IoRequest request;
    request.file = Handle;
    request.code = IoControl;
    request.input = InBuffer;
    request.inputLength = InLength;
    request.output = OutBuffer;
    request.outputLength = OutLength;
    request.wait = true;
    IO_STATUS_BLOCK iosb{};
    bool issued = false;
    NTSTATUS status = transport().deviceIoControl(request, &iosb, &issued);
    if (BytesReturned != nullptr) {
        *BytesReturned = issued && !NT_ERROR(status) ? static_cast<ULONG>(iosb.Information) : 0;
    }
    return openks_HresultFromNtStatus(status);
}

HRESULT WINAPI KsOpenDefaultDevice(REFGUID Category, ACCESS_MASK Access, PHANDLE DeviceHandle)
{
    if (DeviceHandle == nullptr) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    *DeviceHandle = INVALID_HANDLE_VALUE;
    std::vector<InterfaceInfo> interfaces;
    NTSTATUS status = transport().enumerateInterfaces(&Category, &interfaces);
    if (!NT_SUCCESS(status)) return openks_HresultFromNtStatus(status);
    if (interfaces.empty()) return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    HANDLE handle = nullptr;
    status = transport().createFile(interfaces.front().path, Access, false, &handle);
    if (!NT_SUCCESS(status)) return openks_HresultFromNtStatus(status);
    *DeviceHandle = handle;
    return S_OK;
}

}  // extern "C"
