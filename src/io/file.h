// SPDX-License-Identifier: MIT
// File objects: opening devices (IRP_MJ_CREATE), relative creates, handle close, CancelIoEx.
#pragma once

#include <openks/ks/wdm.h>

#include <string_view>

#include "io/irp.h"
#include "io/object.h"
#include "io/requestor.h"

namespace openks::io {

// A file object is one open instance of a device (a KS filter or pin).  It
// lives while handles or references to it exist:
// - the last handle closing sends IRP_MJ_CLEANUP, then cancels every IRP
//   still outstanding on the file;
// - the last reference going (handles, outstanding IRPs, drivers' and child
//   files' references) sends IRP_MJ_CLOSE;
// - a create the driver fails leaves nothing behind and gets no CLOSE.
//
//   Requestor user = processRequestor();
//   HANDLE filter, pin;
//   NTSTATUS s = createFile(user, u"\\\\?\\openks#tone#0#{...}\\{guid}", GENERIC_READ | GENERIC_WRITE,
//                           kOpenOverlapped, &filter);
//   s = createRelative(user, filter, nameBytes, nameLength, GENERIC_WRITE, kOpenOverlapped, &pin);
//   s = closeHandle(user, pin);
//
// Threads: every function may be called from any thread; each blocks until
// the driver has completed its create/cleanup IRP.  None may be called from
// a completion routine or with a lock the driver's dispatch needs.

// Open flags.  Overlapped files let requests return STATUS_PENDING to the
// issuer; synchronous files (FO_SYNCHRONOUS_IO) wait them out in the issuing call.
constexpr ULONG kOpenOverlapped = 0x0;
constexpr ULONG kOpenSynchronous = 0x1;

// Opens `path` (a device interface link or a device name, see device.h):
// IRP_MJ_CREATE with FileName = "\" + the interface's reference string goes
// to the top of the device's stack with `requestor.mode`; on success the
// handle (granted `desiredAccess`, GENERIC_* mapped) is added to
// `requestor.handles`.  Statuses: STATUS_OBJECT_NAME_NOT_FOUND (unknown or
// disabled path), STATUS_OBJECT_NAME_INVALID (empty path),
// STATUS_ACCESS_DENIED (exclusive device already open), the driver's create
// status, STATUS_INSUFFICIENT_RESOURCES, STATUS_INVALID_PARAMETER.
[[nodiscard]] NTSTATUS createFile(const Requestor& requestor, std::u16string_view path, ACCESS_MASK desiredAccess,
                                  ULONG flags, HANDLE* handle);
// The same with a UTF-8 path.
[[nodiscard]] NTSTATUS createFile(const Requestor& requestor, std::string_view path, ACCESS_MASK desiredAccess,
                                  ULONG flags, HANDLE* handle);

// Creates a child of the file `parent` (a handle in `requestor.handles`):
// IRP_MJ_CREATE to the parent's device with RelatedFileObject = the parent
// and FileName = the `nameBytes` bytes at `name` (for KsCreatePin: "\" +
// KSSTRING_Pin + "\" + KSPIN_CONNECT + KSDATAFORMAT), copied verbatim; Length
// may be odd.  The child holds a reference on its parent until its CLOSE.
// STATUS_INVALID_HANDLE / STATUS_OBJECT_TYPE_MISMATCH for a bad parent,
// STATUS_OBJECT_NAME_INVALID for more than 65532 bytes, the driver's status.
[[nodiscard]] NTSTATUS createRelative(const Requestor& requestor, HANDLE parent, const void* name, ULONG nameBytes,
                                      ACCESS_MASK desiredAccess, ULONG flags, HANDLE* handle);

// Kernel-side opens that return the file object (one reference) instead of a
// handle.  Without ever having had a handle, the file gets its
// IRP_MJ_CLEANUP right before its IRP_MJ_CLOSE.
[[nodiscard]] NTSTATUS openFile(const Requestor& requestor, std::u16string_view path, ACCESS_MASK desiredAccess,
                                ULONG flags, ObjectRef<FILE_OBJECT>* file);
[[nodiscard]] NTSTATUS openRelative(const Requestor& requestor, PFILE_OBJECT parent, const void* name, ULONG nameBytes,
                                    ACCESS_MASK desiredAccess, ULONG flags, ObjectRef<FILE_OBJECT>* file);

// CloseHandle: see the lifetime rules above.  STATUS_INVALID_HANDLE.
[[nodiscard]] NTSTATUS closeHandle(const Requestor& requestor, HANDLE handle);

// Resolves a file handle in `requestor.handles`, checking `desiredAccess` for
// UserMode requestors.  Statuses as HandleTable::reference.
[[nodiscard]] NTSTATUS referenceFile(const Requestor& requestor, HANDLE handle, ACCESS_MASK desiredAccess,
                                     ObjectRef<FILE_OBJECT>* file, ACCESS_MASK* grantedAccess = nullptr);

// CancelIoEx: cancels the IRPs outstanding on `file` that were issued with
// `userKey` (every one when `all`).  Returns whether any was outstanding.
bool cancelIo(PFILE_OBJECT file, void* userKey, bool all);

// IRPs issued on `file` that have not begun completing.
size_t outstandingIrpCount(PFILE_OBJECT file);

// The access the file was opened with (GENERIC_* mapped).
ACCESS_MASK fileGrantedAccess(PFILE_OBJECT file);

// For the request path: the device requests on `file` go to, and its list of
// outstanding IRPs.
PDEVICE_OBJECT fileTargetDevice(PFILE_OBJECT file);
OutstandingIrps* fileOutstandingIrps(PFILE_OBJECT file);

}  // namespace openks::io
