// SPDX-License-Identifier: MIT
// File objects: creates, relative creates, cleanup on last handle, close on last reference.
#include "io/file.h"

#include <atomic>
#include <cstring>
#include <new>

#include "io/bugcheck.h"
#include "io/device.h"
#include "io/event.h"
#include "io/handle_table.h"
#include "io/strings.h"

namespace openks::io {
namespace {

// IRP_MJ_CREATE Parameters.Create.Options: disposition in the top byte.
constexpr ULONG kFileOpen = 1;
constexpr ULONG kFileSynchronousIoNonalert = 0x20;
constexpr ULONG kMaxNameBytes = 0xfffc;

constexpr size_t align16(size_t size)
{
    return (size + 15) & ~size_t{15};
}

struct FileInternal {
    ObjectRef<DEVICE_OBJECT> device;  // FILE_OBJECT::DeviceObject
    ObjectRef<DEVICE_OBJECT> target;  // where requests go: top of the device's stack at open
    ObjectRef<FILE_OBJECT> related;   // FILE_OBJECT::RelatedFileObject
    ACCESS_MASK granted = 0;
    bool opened = false;       // the driver accepted IRP_MJ_CREATE
    bool countedOpen = false;  // deviceBeginOpen succeeded
    std::atomic<bool> cleanedUp{false};
    OutstandingIrps outstanding;
};

struct FileBody {
    FILE_OBJECT file;
    FileInternal internal;
};

FileBody* fileBody(PFILE_OBJECT file)
{
    if (file == nullptr || objectType(file) != *IoFileObjectType) {
        bugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, "not a file object from the openks I/O manager",
                 reinterpret_cast<ULONG_PTR>(file));
    }
    return reinterpret_cast<FileBody*>(file);
}

// Sends a create/cleanup/close IRP for `file` and waits for it to complete.
// The IRP borrows the caller's reference on the file.  `create` carries the
// security context of an IRP_MJ_CREATE.
NTSTATUS sendAndWait(UCHAR major, PFILE_OBJECT file, PDEVICE_OBJECT target, const Requestor& requestor,
                     IO_SECURITY_CONTEXT* create = nullptr, ULONG createOptions = 0)
{
    PIRP irp = allocateRequestIrp(OPENKS_IRP_STACK_SIZE);
    if (irp == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IO_STATUS_BLOCK iosb{};
    irp->UserEvent = &done;
    irp->UserIosb = &iosb;
    irp->RequestorMode = requestor.mode;
    irp->Tail.Overlay.OriginalFileObject = file;
    if (major == IRP_MJ_CREATE) irp->Flags |= IRP_SYNCHRONOUS_API;
    PIO_STACK_LOCATION location = IoGetNextIrpStackLocation(irp);
    location->MajorFunction = major;
    location->FileObject = file;
    if (create != nullptr) {
        location->Parameters.Create.SecurityContext = create;
        location->Parameters.Create.Options = createOptions;
    }
    NTSTATUS status;
    {
        RequestorScope scope(requestor);
        status = IoCallDriver(target, irp);
    }
    if (status == STATUS_PENDING) {
        (void)waitForEvent(&done, nullptr);
        status = iosb.Status;
    }
    return status;
}

void fileClose(void* body, const Requestor& requestor)
{
    auto* file = static_cast<FileBody*>(body);
    if (!file->internal.opened) return;
    if (!file->internal.cleanedUp.exchange(true)) {
        (void)sendAndWait(IRP_MJ_CLEANUP, &file->file, file->internal.target.get(), requestor);
    }
    file->internal.outstanding.cancel(nullptr, true);
}

void fileDelete(void* body)
{
    auto* file = static_cast<FileBody*>(body);
    if (file->internal.opened) {
        if (!file->internal.cleanedUp.exchange(true)) {
            (void)sendAndWait(IRP_MJ_CLEANUP, &file->file, file->internal.target.get(), systemRequestor());
        }
        (void)sendAndWait(IRP_MJ_CLOSE, &file->file, file->internal.target.get(), systemRequestor());
    }
    if (file->internal.countedOpen) deviceEndOpen(file->file.DeviceObject);
    file->internal.~FileInternal();
}

_OBJECT_TYPE gFileType = {
    "File", fileClose, fileDelete, FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS,
};

// Builds the file object, sends IRP_MJ_CREATE and returns the opened file.
NTSTATUS createCommon(const Requestor& requestor, ObjectRef<DEVICE_OBJECT> device, ObjectRef<DEVICE_OBJECT> target,
                      PFILE_OBJECT related, const void* name, size_t nameBytes, ACCESS_MASK desiredAccess, ULONG flags,
                      ObjectRef<FILE_OBJECT>* out)
{
    if (nameBytes > kMaxNameBytes) return STATUS_OBJECT_NAME_INVALID;
    if (nameBytes != 0 && name == nullptr) return STATUS_INVALID_PARAMETER;
    void* memory;
    NTSTATUS status = createObject(&gFileType, align16(sizeof(FileBody)) + nameBytes + sizeof(WCHAR), &memory);
    if (!NT_SUCCESS(status)) return status;
    auto* body = static_cast<FileBody*>(memory);
    new (&body->internal) FileInternal;
    ObjectRef<FILE_OBJECT> file = ObjectRef<FILE_OBJECT>::adopt(&body->file);

    bool synchronous = (flags & kOpenSynchronous) != 0;
    ACCESS_MASK granted = mapGenericAccess(&gFileType, desiredAccess);
    PFILE_OBJECT object = &body->file;
    object->Type = IO_TYPE_FILE;
    object->Size = sizeof(FILE_OBJECT);
    object->DeviceObject = device.get();
    object->RelatedFileObject = related;
    object->Flags = synchronous ? FO_SYNCHRONOUS_IO : 0;
    object->ReadAccess = (granted & (FILE_READ_DATA | FILE_EXECUTE)) ? TRUE : FALSE;
    object->WriteAccess = (granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) ? TRUE : FALSE;
    object->DeleteAccess = (granted & DELETE) ? TRUE : FALSE;
    object->SharedRead = object->SharedWrite = TRUE;
    auto* nameStorage = reinterpret_cast<PWSTR>(static_cast<char*>(memory) + align16(sizeof(FileBody)));
    if (nameBytes != 0) std::memcpy(nameStorage, name, nameBytes);
    object->FileName.Buffer = nameStorage;
    object->FileName.Length = static_cast<USHORT>(nameBytes);
    object->FileName.MaximumLength = static_cast<USHORT>(nameBytes + sizeof(WCHAR));
    KeInitializeEvent(&object->Event, NotificationEvent, FALSE);

    body->internal.granted = granted;
    body->internal.device = std::move(device);
    body->internal.target = std::move(target);
    if (related != nullptr) body->internal.related = ObjectRef<FILE_OBJECT>::share(related);
    if (related == nullptr) {
        status = deviceBeginOpen(object->DeviceObject);
        if (!NT_SUCCESS(status)) return status;
        body->internal.countedOpen = true;
    }

    IO_SECURITY_CONTEXT security{};
    security.DesiredAccess = desiredAccess;
    ULONG options = (kFileOpen << 24) | (synchronous ? kFileSynchronousIoNonalert : 0);
    status = sendAndWait(IRP_MJ_CREATE, object, body->internal.target.get(), requestor, &security, options);
    if (!NT_SUCCESS(status)) return status;  // dropping `file` sends nothing to the driver
    body->internal.opened = true;
    *out = std::move(file);
    return STATUS_SUCCESS;
}

NTSTATUS insertHandle(const Requestor& requestor, ObjectRef<FILE_OBJECT> file, HANDLE* handle)
{
    ACCESS_MASK granted = fileBody(file.get())->internal.granted;
    // On failure `file` goes, with CLEANUP and CLOSE: the driver did open it.
    return requestor.handles->insert(file.get(), granted, handle);
}

}  // namespace

NTSTATUS openFile(const Requestor& requestor, std::u16string_view path, ACCESS_MASK desiredAccess, ULONG flags,
                  ObjectRef<FILE_OBJECT>* file)
{
    if (file == nullptr) return STATUS_INVALID_PARAMETER;
    ResolvedPath resolved;
    NTSTATUS status = resolvePath(path, &resolved);
    if (!NT_SUCCESS(status)) return status;
    return createCommon(requestor, std::move(resolved.device), std::move(resolved.target), nullptr,
                        resolved.fileName.data(), resolved.fileName.size() * sizeof(WCHAR), desiredAccess, flags, file);
}

NTSTATUS openRelative(const Requestor& requestor, PFILE_OBJECT parent, const void* name, ULONG nameBytes,
                      ACCESS_MASK desiredAccess, ULONG flags, ObjectRef<FILE_OBJECT>* file)
{
    if (parent == nullptr || file == nullptr) return STATUS_INVALID_PARAMETER;
    FileBody* body = fileBody(parent);
    return createCommon(requestor, ObjectRef<DEVICE_OBJECT>::share(parent->DeviceObject),
                        ObjectRef<DEVICE_OBJECT>::share(body->internal.target.get()), parent, name, nameBytes,
                        desiredAccess, flags, file);
}

NTSTATUS createFile(const Requestor& requestor, std::u16string_view path, ACCESS_MASK desiredAccess, ULONG flags,
                    HANDLE* handle)
{
    if (handle == nullptr || requestor.handles == nullptr) return STATUS_INVALID_PARAMETER;
    *handle = nullptr;
    ObjectRef<FILE_OBJECT> file;
    NTSTATUS status = openFile(requestor, path, desiredAccess, flags, &file);
    if (!NT_SUCCESS(status)) return status;
    return insertHandle(requestor, std::move(file), handle);
}

NTSTATUS createFile(const Requestor& requestor, std::string_view path, ACCESS_MASK desiredAccess, ULONG flags,
                    HANDLE* handle)
{
    return createFile(requestor, std::u16string_view(widen(path)), desiredAccess, flags, handle);
}

NTSTATUS createRelative(const Requestor& requestor, HANDLE parent, const void* name, ULONG nameBytes,
                        ACCESS_MASK desiredAccess, ULONG flags, HANDLE* handle)
{
    if (handle == nullptr || requestor.handles == nullptr) return STATUS_INVALID_PARAMETER;
    *handle = nullptr;
    ObjectRef<FILE_OBJECT> parentFile;
    NTSTATUS status = referenceFile(requestor, parent, 0, &parentFile);
    if (!NT_SUCCESS(status)) return status;
    ObjectRef<FILE_OBJECT> file;
    status = openRelative(requestor, parentFile.get(), name, nameBytes, desiredAccess, flags, &file);
    if (!NT_SUCCESS(status)) return status;
    return insertHandle(requestor, std::move(file), handle);
}

NTSTATUS closeHandle(const Requestor& requestor, HANDLE handle)
{
    if (requestor.handles == nullptr) return STATUS_INVALID_HANDLE;
    return requestor.handles->close(handle);
}

NTSTATUS referenceFile(const Requestor& requestor, HANDLE handle, ACCESS_MASK desiredAccess,
                       ObjectRef<FILE_OBJECT>* file, ACCESS_MASK* grantedAccess)
{
    if (file == nullptr) return STATUS_INVALID_PARAMETER;
    if (requestor.handles == nullptr) return STATUS_INVALID_HANDLE;
    void* object;
    NTSTATUS status =
        requestor.handles->reference(handle, desiredAccess, &gFileType, requestor.mode, &object, grantedAccess);
    if (!NT_SUCCESS(status)) return status;
    *file = ObjectRef<FILE_OBJECT>::adopt(static_cast<PFILE_OBJECT>(object));
    return STATUS_SUCCESS;
}

bool cancelIo(PFILE_OBJECT file, void* userKey, bool all)
{
    if (file == nullptr) return false;
    return fileBody(file)->internal.outstanding.cancel(userKey, all);
}

size_t outstandingIrpCount(PFILE_OBJECT file)
{
    return fileBody(file)->internal.outstanding.size();
}

ACCESS_MASK fileGrantedAccess(PFILE_OBJECT file)
{
    return fileBody(file)->internal.granted;
}

PDEVICE_OBJECT fileTargetDevice(PFILE_OBJECT file)
{
    return fileBody(file)->internal.target.get();
}

OutstandingIrps* fileOutstandingIrps(PFILE_OBJECT file)
{
    return &fileBody(file)->internal.outstanding;
}

}  // namespace openks::io

extern "C" {

static POBJECT_TYPE gFileTypeName = &openks::io::gFileType;
POBJECT_TYPE *IoFileObjectType = &gFileTypeName;

PDEVICE_OBJECT NTAPI IoGetRelatedDeviceObject(PFILE_OBJECT FileObject)
{
    if (FileObject == nullptr) return nullptr;
    return openks::io::fileTargetDevice(FileObject);
}

}  // extern "C"
