// SPDX-License-Identifier: MIT
// ksuser's create functions: "<object class>\" + binary parameters, created relative to a filter or pin handle.
#include <openks/client/ksuser.h>
#include <openks/ks/status.h>

#include <cstring>
#include <vector>

#include "client/create.h"
#include "client/transport.h"

namespace openks::client {

NTSTATUS createObject(HANDLE parent, const char16_t* objectClass, const void* parameters, size_t bytes,
                      ACCESS_MASK access, HANDLE* handle)
{
    if (objectClass == nullptr || parameters == nullptr || handle == nullptr) return STATUS_INVALID_PARAMETER;
    size_t classChars = 0;
    while (objectClass[classChars] != 0)
        ++classChars;
    size_t classBytes = classChars * sizeof(char16_t);
    size_t total = classBytes + sizeof(char16_t) + bytes;
    if (bytes > kMaxCreateNameBytes || total > kMaxCreateNameBytes) return STATUS_INVALID_PARAMETER;
    std::vector<unsigned char> name(total);
    std::memcpy(name.data(), objectClass, classBytes);
    const char16_t separator = u'\\';
    std::memcpy(name.data() + classBytes, &separator, sizeof(separator));
    std::memcpy(name.data() + classBytes + sizeof(separator), parameters, bytes);
    return transport().createRelative(parent, name.data(), static_cast<ULONG>(total), access, false, handle);
}

size_t pinCreateBytes(const KSPIN_CONNECT* connect)
{
    const auto* format = reinterpret_cast<const KSDATAFORMAT*>(connect + 1);
    size_t formatSize = format->FormatSize;
    if (formatSize < sizeof(KSDATAFORMAT) || formatSize > kMaxCreateNameBytes) return 0;
    size_t bytes = sizeof(KSPIN_CONNECT) + formatSize;
    if ((format->Flags & KSDATAFORMAT_ATTRIBUTES) != 0) {
        bytes = (bytes + 7) & ~size_t{7};
        KSMULTIPLE_ITEM attributes;
        std::memcpy(&attributes, reinterpret_cast<const unsigned char*>(connect) + bytes, sizeof(attributes));
        if (attributes.Size < sizeof(KSMULTIPLE_ITEM) || attributes.Size > kMaxCreateNameBytes) return 0;
        bytes += attributes.Size;
    }
    return bytes > kMaxCreateNameBytes ? 0 : bytes;
}

}  // namespace openks::client

using namespace openks::client;

namespace {

// The ksuser convention: a Win32 code, and INVALID_HANDLE_VALUE on failure.
DWORD create(HANDLE parent, const char16_t* objectClass, const void* parameters, size_t bytes, ACCESS_MASK access,
             PHANDLE handle)
{
    if (handle == nullptr) return ERROR_INVALID_PARAMETER;
    *handle = INVALID_HANDLE_VALUE;
    HANDLE created = nullptr;
    NTSTATUS status = createObject(parent, objectClass, parameters, bytes, access, &created);
    if (!NT_SUCCESS(status)) return RtlNtStatusToDosError(status);
    *handle = created;
    return ERROR_SUCCESS;
}

}  // namespace

extern "C" {

DWORD WINAPI KsCreatePin(HANDLE FilterHandle, PKSPIN_CONNECT Connect, ACCESS_MASK DesiredAccess,
                         PHANDLE ConnectionHandle)
{
    if (ConnectionHandle == nullptr) return ERROR_INVALID_PARAMETER;
    *ConnectionHandle = INVALID_HANDLE_VALUE;
    if (Connect == nullptr) return ERROR_INVALID_PARAMETER;
    size_t bytes = pinCreateBytes(Connect);
    if (bytes == 0) return ERROR_INVALID_PARAMETER;
    return create(FilterHandle, KSSTRING_Pin, Connect, bytes, DesiredAccess, ConnectionHandle);
}

DWORD WINAPI KsCreateClock(HANDLE ConnectionHandle, PKSCLOCK_CREATE ClockCreate, PHANDLE ClockHandle)
{
    return create(ConnectionHandle, KSSTRING_Clock, ClockCreate, sizeof(KSCLOCK_CREATE), GENERIC_READ, ClockHandle);
}

DWORD WINAPI KsCreateAllocator(HANDLE ConnectionHandle, PKSALLOCATOR_FRAMING AllocatorFraming, PHANDLE AllocatorHandle)
{
    return create(ConnectionHandle, KSSTRING_Allocator, AllocatorFraming, sizeof(KSALLOCATOR_FRAMING), GENERIC_READ,
                  AllocatorHandle);
}

DWORD WINAPI KsCreateTopologyNode(HANDLE ParentHandle, PKSNODE_CREATE NodeCreate, ACCESS_MASK DesiredAccess,
                                  PHANDLE NodeHandle)
{
    return create(ParentHandle, KSSTRING_TopologyNode, NodeCreate, sizeof(KSNODE_CREATE), DesiredAccess, NodeHandle);
}

}  // extern "C"
