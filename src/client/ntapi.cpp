// SPDX-License-Identifier: MIT
// The native calls on the transport: NtCreateFile, NtDeviceIoControlFile, NtClose, NtWaitFor*Object(s).
#include <openks/client/ntapi.h>

#include "client/transport.h"
#include "io/strings.h"

using namespace openks::client;

extern "C" {

NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER /*AllocationSize*/, ULONG /*FileAttributes*/,
                            ULONG /*ShareAccess*/, ULONG CreateDisposition, ULONG CreateOptions, PVOID /*EaBuffer*/,
                            ULONG /*EaLength*/)
{
    if (FileHandle == nullptr || ObjectAttributes == nullptr || IoStatusBlock == nullptr ||
        ObjectAttributes->ObjectName == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *FileHandle = nullptr;
    if (CreateDisposition != FILE_OPEN && CreateDisposition != FILE_OPEN_IF) return STATUS_INVALID_PARAMETER;
    bool synchronous = (CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) != 0;
    const UNICODE_STRING& name = *ObjectAttributes->ObjectName;
    if (name.Length != 0 && name.Buffer == nullptr) return STATUS_INVALID_PARAMETER;

    HANDLE handle = nullptr;
    NTSTATUS status;
    if (ObjectAttributes->RootDirectory != nullptr) {
        status = transport().createRelative(ObjectAttributes->RootDirectory, name.Buffer, name.Length, DesiredAccess,
                                            synchronous, &handle);
    } else {
        status = transport().createFile(openks::io::view(name), DesiredAccess, synchronous, &handle);
    }
    if (!NT_SUCCESS(status)) return status;
    *FileHandle = handle;
    IoStatusBlock->Information = FILE_OPENED;
    IoStatusBlock->Status = status;
    return status;
}

NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID /*ApcContext*/,
                                     PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength)
{
    if (IoStatusBlock == nullptr || ApcRoutine != nullptr) return STATUS_INVALID_PARAMETER;
    IoRequest request;
    request.file = FileHandle;
    request.code = IoControlCode;
    request.input = InputBuffer;
    request.inputLength = InputBufferLength;
    request.output = OutputBuffer;
    request.outputLength = OutputBufferLength;
    request.event = Event;
    request.key = IoStatusBlock;
    return transport().deviceIoControl(request, IoStatusBlock, nullptr);
}

NTSTATUS NTAPI NtClose(HANDLE Handle)
{
    return transport().close(Handle);
}

NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN /*Alertable*/, PLARGE_INTEGER Timeout)
{
    return transport().wait(&Handle, 1, false, Timeout);
}

NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, HANDLE Handles[], WAIT_TYPE WaitType, BOOLEAN /*Alertable*/,
                                        PLARGE_INTEGER Timeout)
{
    if (WaitType != WaitAll && WaitType != WaitAny) return STATUS_INVALID_PARAMETER;
    return transport().wait(Handles, Count, WaitType == WaitAll, Timeout);
}

}  // extern "C"
