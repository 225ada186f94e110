// SPDX-License-Identifier: MIT
// The KS 1.0 device/object-header bookkeeping and the KS DDI functions openks answers with their closest behaviour.

#include "avstream/ddi_support.h"
#include "io/file.h"
#include "io/requestor.h"
#include "ks/connect.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

// KS 1.0 create dispatch is not wired: AVStream drivers do not need it (the
// AVStream device routes creates itself).  The headers below keep what a
// KS 1.0 driver stores in them and give it back, so drivers that build them
// load and run.  A KSDEVICE_HEADER may also be an AVStream device (the first
// pointer of its extension); functions that find no header of ours there do
// nothing (or return NULL).

namespace {

struct CreateItemSlot {
    KSOBJECT_CREATE_ITEM item{};
    PKSOBJECT_CREATE_ITEM external = nullptr;  // KsAllocateObjectCreateItem(AllocateEntry == FALSE)
    PFNKSITEMFREECALLBACK freeCallback = nullptr;
    bool used = false;

    PKSOBJECT_CREATE_ITEM get() { return external != nullptr ? external : &item; }
};

struct DeviceHeader {
    std::vector<CreateItemSlot> items_;
    PDEVICE_OBJECT pnpObject_ = nullptr;
    PDEVICE_OBJECT baseObject_ = nullptr;
    std::shared_mutex security_;
    bool securityExclusive_ = false;
    ULONG busReferences_ = 0;
};

struct ObjectHeader {
    std::vector<CreateItemSlot> items_;
    PKSOBJECT_CREATE_ITEM createItem_ = nullptr;
    const KSDISPATCH_TABLE* table_ = nullptr;
    KSTARGET_STATE targetState_ = KSTARGET_STATE_DISABLED;
    PDEVICE_OBJECT targetDevice_ = nullptr;
    PFNKSCONTEXT_DISPATCH powerDispatch_ = nullptr;
    PVOID powerContext_ = nullptr;
    ACCESS_MASK access_ = 0;
};

std::mutex gHeadersMutex;
std::unordered_set<void*> gDeviceHeaders;
std::unordered_set<void*> gObjectHeaders;

DeviceHeader* deviceHeader(KSDEVICE_HEADER header)
{
    std::lock_guard lock(gHeadersMutex);
    return gDeviceHeaders.count(header) != 0 ? static_cast<DeviceHeader*>(header) : nullptr;
}

ObjectHeader* objectHeader(KSOBJECT_HEADER header)
{
    std::lock_guard lock(gHeadersMutex);
    return gObjectHeaders.count(header) != 0 ? static_cast<ObjectHeader*>(header) : nullptr;
}

bool fillSlots(std::vector<CreateItemSlot>& slots, ULONG count, PKSOBJECT_CREATE_ITEM list)
{
    try {
        slots.resize(count);
    } catch (...) {
        return false;
    }
    for (ULONG i = 0; list != nullptr && i < count; ++i) {
        slots[i].item = list[i];
        slots[i].used = list[i].Create != nullptr;
    }
    return true;
}

NTSTATUS addToSlots(std::vector<CreateItemSlot>& slots, PDRIVER_DISPATCH create, PVOID context, PWSTR objectClass,
                    PSECURITY_DESCRIPTOR security)
{
    if (create == nullptr) return STATUS_INVALID_PARAMETER;
    for (auto& slot : slots) {
        if (slot.used) continue;
        slot = CreateItemSlot{};
        slot.item.Create = create;
        slot.item.Context = context;
        if (objectClass != nullptr) RtlInitUnicodeString(&slot.item.ObjectClass, objectClass);
        slot.item.SecurityDescriptor = security;
        slot.used = true;
        return STATUS_SUCCESS;
    }
    return STATUS_ALLOTTED_SPACE_EXCEEDED;
}

void releaseSlot(CreateItemSlot& slot)
{
    if (slot.used && slot.freeCallback != nullptr) slot.freeCallback(slot.get());
    slot = CreateItemSlot{};
}

// The kernel-mode KsCreateClock/Allocator/TopologyNode: a relative create on
// `parent` (a kernel handle) named "<object class>\" followed by the raw
// create parameters, as the kernel functions build it; the object's driver
// answers.  The handle lands in the system (kernel) handle table.
NTSTATUS createKernelObject(HANDLE parent, std::u16string_view objectClass, const void* parameters, size_t size,
                            ACCESS_MASK access, PHANDLE handle)
{
    if (handle == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *handle = nullptr;
    if (parameters == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::u16string name(objectClass);
    name += u'\\';
    const size_t textBytes = name.size() * sizeof(char16_t);
    name.resize((textBytes + size + 1) / sizeof(char16_t));
    std::memcpy(reinterpret_cast<uint8_t*>(name.data()) + textBytes, parameters, size);
    return openks::io::createRelative(openks::io::systemRequestor(), parent, name.data(),
                                      static_cast<ULONG>(textBytes + size), access, openks::io::kOpenOverlapped,
                                      handle);
}

NTSTATUS notImplemented(const char* name)
{
    openks::avstream::logNotImplemented(name);
    return STATUS_NOT_IMPLEMENTED;
}

}  // namespace

extern "C" {

// ---- Device headers ----------------------------------------------------------

NTSTATUS NTAPI KsAllocateDeviceHeader(KSDEVICE_HEADER* Header, ULONG ItemsCount, PKSOBJECT_CREATE_ITEM ItemsList)
{
    if (Header == nullptr) return STATUS_INVALID_PARAMETER;
    *Header = nullptr;
    auto* header = new (std::nothrow) DeviceHeader;
    if (header == nullptr || !fillSlots(header->items_, ItemsCount, ItemsList)) {
        delete header;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    try {
        std::lock_guard lock(gHeadersMutex);
        gDeviceHeaders.insert(header);
    } catch (...) {
        delete header;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Header = header;
    return STATUS_SUCCESS;
}

void NTAPI KsFreeDeviceHeader(KSDEVICE_HEADER Header)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr) return;
    {
        std::lock_guard lock(gHeadersMutex);
        gDeviceHeaders.erase(header);
    }
    for (auto& slot : header->items_)
        releaseSlot(slot);
    delete header;
}

NTSTATUS NTAPI KsAddObjectCreateItemToDeviceHeader(KSDEVICE_HEADER Header, PDRIVER_DISPATCH Create, PVOID Context,
                                                   PWSTR ObjectClass, PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr) return STATUS_INVALID_PARAMETER;
    return addToSlots(header->items_, Create, Context, ObjectClass, SecurityDescriptor);
}

NTSTATUS NTAPI KsAllocateObjectCreateItem(KSDEVICE_HEADER Header, PKSOBJECT_CREATE_ITEM CreateItem,
                                          BOOLEAN AllocateEntry, PFNKSITEMFREECALLBACK ItemFreeCallback)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr || CreateItem == nullptr) return STATUS_INVALID_PARAMETER;
    CreateItemSlot slot;
    if (AllocateEntry)
        slot.item = *CreateItem;
    else
        slot.external = CreateItem;
    slot.freeCallback = ItemFreeCallback;
    slot.used = true;
    try {
        header->items_.push_back(slot);
    } catch (...) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsFreeObjectCreateItem(KSDEVICE_HEADER Header, PUNICODE_STRING CreateItem)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr || CreateItem == nullptr) return STATUS_OBJECT_NAME_NOT_FOUND;
    for (auto& slot : header->items_) {
        if (slot.used && RtlEqualUnicodeString(&slot.get()->ObjectClass, CreateItem, TRUE)) {
            releaseSlot(slot);
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

// Bus objects: openks devices have no bus interface to reference; the count
// is kept so references balance.
NTSTATUS NTAPI KsReferenceBusObject(KSDEVICE_HEADER Header)
{
    if (DeviceHeader* header = deviceHeader(Header)) ++header->busReferences_;
    return STATUS_SUCCESS;
}

void NTAPI KsDereferenceBusObject(KSDEVICE_HEADER Header)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header != nullptr && header->busReferences_ > 0) --header->busReferences_;
}

// A reader/writer lock per header.  Not recursive.
void NTAPI KsAcquireDeviceSecurityLock(KSDEVICE_HEADER Header, BOOLEAN Exclusive)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr) return;
    if (Exclusive) {
        header->security_.lock();
        header->securityExclusive_ = true;
    } else {
        header->security_.lock_shared();
    }
}

void NTAPI KsReleaseDeviceSecurityLock(KSDEVICE_HEADER Header)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr) return;
    if (header->securityExclusive_) {
        header->securityExclusive_ = false;
        header->security_.unlock();
    } else {
        header->security_.unlock_shared();
    }
}

void NTAPI KsSetDevicePnpAndBaseObject(KSDEVICE_HEADER Header, PDEVICE_OBJECT PnpDeviceObject,
                                       PDEVICE_OBJECT BaseObject)
{
    DeviceHeader* header = deviceHeader(Header);
    if (header == nullptr) return;
    header->pnpObject_ = PnpDeviceObject;
    header->baseObject_ = BaseObject;
}

PDEVICE_OBJECT NTAPI KsQueryDevicePnpObject(KSDEVICE_HEADER Header)
{
    DeviceHeader* header = deviceHeader(Header);
    return header == nullptr ? nullptr : header->pnpObject_;
}

// openks IRPs are allocated with the stack size asked for: nothing to recalculate.
void NTAPI KsRecalculateStackDepth(KSDEVICE_HEADER Header, BOOLEAN ReuseStackLocation)
{
    (void)Header;
    (void)ReuseStackLocation;
}

// ---- Object headers ----------------------------------------------------------

// Also stores the header as the file object's FsContext when that is free.
NTSTATUS NTAPI KsAllocateObjectHeader(KSOBJECT_HEADER* Header, ULONG ItemsCount, PKSOBJECT_CREATE_ITEM ItemsList,
                                      PIRP Irp, const KSDISPATCH_TABLE* Table)
{
    if (Header == nullptr || Table == nullptr) return STATUS_INVALID_PARAMETER;
    *Header = nullptr;
    auto* header = new (std::nothrow) ObjectHeader;
    if (header == nullptr || !fillSlots(header->items_, ItemsCount, ItemsList)) {
        delete header;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    header->table_ = Table;
    if (Irp != nullptr) {
        header->createItem_ = KSCREATE_ITEM_IRP_STORAGE(Irp);
        PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
        if (sp != nullptr && sp->MajorFunction == IRP_MJ_CREATE && sp->Parameters.Create.SecurityContext != nullptr)
            header->access_ = sp->Parameters.Create.SecurityContext->DesiredAccess;
        if (sp != nullptr && sp->FileObject != nullptr && sp->FileObject->FsContext == nullptr)
            sp->FileObject->FsContext = header;
    }
    try {
        std::lock_guard lock(gHeadersMutex);
        gObjectHeaders.insert(header);
    } catch (...) {
        delete header;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Header = header;
    return STATUS_SUCCESS;
}

void NTAPI KsFreeObjectHeader(KSOBJECT_HEADER Header)
{
    ObjectHeader* header = objectHeader(Header);
    if (header == nullptr) return;
    {
        std::lock_guard lock(gHeadersMutex);
        gObjectHeaders.erase(header);
    }
    for (auto& slot : header->items_)
        releaseSlot(slot);
    delete header;
}

NTSTATUS NTAPI KsAddObjectCreateItemToObjectHeader(KSOBJECT_HEADER Header, PDRIVER_DISPATCH Create, PVOID Context,
                                                   PWSTR ObjectClass, PSECURITY_DESCRIPTOR SecurityDescriptor)
{
    ObjectHeader* header = objectHeader(Header);
    if (header == nullptr) return STATUS_INVALID_PARAMETER;
    return addToSlots(header->items_, Create, Context, ObjectClass, SecurityDescriptor);
}

ACCESS_MASK NTAPI KsQueryObjectAccessMask(KSOBJECT_HEADER Header)
{
    ObjectHeader* header = objectHeader(Header);
    return header == nullptr ? 0 : header->access_;
}

PKSOBJECT_CREATE_ITEM NTAPI KsQueryObjectCreateItem(KSOBJECT_HEADER Header)
{
    ObjectHeader* header = objectHeader(Header);
    return header == nullptr ? nullptr : header->createItem_;
}

void NTAPI KsSetTargetState(KSOBJECT_HEADER Header, KSTARGET_STATE TargetState)
{
    if (ObjectHeader* header = objectHeader(Header)) header->targetState_ = TargetState;
}

void NTAPI KsSetTargetDeviceObject(KSOBJECT_HEADER Header, PDEVICE_OBJECT TargetDevice)
{
    if (ObjectHeader* header = objectHeader(Header)) header->targetDevice_ = TargetDevice;
}

// Kept; openks sends no power IRPs to KS 1.0 objects.
void NTAPI KsSetPowerDispatch(KSOBJECT_HEADER Header, PFNKSCONTEXT_DISPATCH PowerDispatch, PVOID PowerContext)
{
    if (ObjectHeader* header = objectHeader(Header)) {
        header->powerDispatch_ = PowerDispatch;
        header->powerContext_ = PowerContext;
    }
}

// ---- Security ---------------------------------------------------------------

// openks objects carry no security descriptors: the default is none.
NTSTATUS NTAPI KsCreateDefaultSecurity(PSECURITY_DESCRIPTOR ParentSecurity, PSECURITY_DESCRIPTOR* DefaultSecurity)
{
    (void)ParentSecurity;
    if (DefaultSecurity == nullptr) return STATUS_INVALID_PARAMETER;
    *DefaultSecurity = nullptr;
    return STATUS_SUCCESS;
}

// ---- Create requests ------------------------------------------------------------

// Validates the KSPIN_CONNECT (and data format) of a pin create IRP against
// the pin descriptors, as the AVStream pin create does.  *Connect stays valid
// while the file object lives.  STATUS_SUCCESS, STATUS_INVALID_PARAMETER,
// STATUS_NO_MATCH and the other statuses of openks::ks::validateConnectToPin.
NTSTATUS NTAPI KsValidateConnectRequest(PIRP Irp, ULONG DescriptorsCount, const KSPIN_DESCRIPTOR* Descriptor,
                                        PKSPIN_CONNECT* Connect)
{
    if (Connect == nullptr || Irp == nullptr) return STATUS_INVALID_PARAMETER;
    *Connect = nullptr;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp == nullptr || sp->FileObject == nullptr) return STATUS_INVALID_PARAMETER;
    const std::byte* bytes = nullptr;
    size_t length = 0;
    NTSTATUS status =
        openks::avstream::createParameters(Irp, static_cast<int>(openks::ks::KsObjectClass::kPin), &bytes, &length);
    if (!NT_SUCCESS(status)) return status;
    openks::ks::ConnectView view;
    status = openks::ks::parsePinConnect(bytes, length, &view);
    if (!NT_SUCCESS(status)) return status;
    status = openks::ks::validateConnectToPin(view, Descriptor, DescriptorsCount, sizeof(KSPIN_DESCRIPTOR));
    if (!NT_SUCCESS(status)) return status;
    // Hand back a copy of the connect and its format, laid out as in the request.
    const size_t total = sizeof(KSPIN_CONNECT) + view.formatSize;
    std::vector<std::byte> joined(total);
    std::memcpy(joined.data(), view.connect, sizeof(KSPIN_CONNECT));
    std::memcpy(joined.data() + sizeof(KSPIN_CONNECT), view.format, view.formatSize);
    const void* copy = openks::avstream::stashCreateParameters(sp->FileObject, joined.data(), total);
    if (copy == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    *Connect = static_cast<PKSPIN_CONNECT>(const_cast<void*>(copy));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsValidateTopologyNodeCreateRequest(PIRP Irp, PKSTOPOLOGY Topology, PKSNODE_CREATE* NodeCreate)
{
    if (NodeCreate == nullptr || Topology == nullptr) return STATUS_INVALID_PARAMETER;
    *NodeCreate = nullptr;
    PIO_STACK_LOCATION sp = Irp != nullptr ? IoGetCurrentIrpStackLocation(Irp) : nullptr;
    const std::byte* bytes = nullptr;
    size_t length = 0;
    NTSTATUS status = openks::avstream::createParameters(
        Irp, static_cast<int>(openks::ks::KsObjectClass::kTopologyNode), &bytes, &length);
    if (!NT_SUCCESS(status)) return status;
    if (length < sizeof(KSNODE_CREATE)) return STATUS_INVALID_BUFFER_SIZE;
    KSNODE_CREATE create;
    std::memcpy(&create, bytes, sizeof create);
    if (create.CreateFlags != 0) return STATUS_INVALID_PARAMETER;
    if (create.Node >= Topology->TopologyNodesCount) return STATUS_INVALID_DEVICE_REQUEST;
    const void* copy = openks::avstream::stashCreateParameters(sp->FileObject, bytes, sizeof create);
    if (copy == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    *NodeCreate = static_cast<PKSNODE_CREATE>(const_cast<void*>(copy));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KsValidateAllocatorCreateRequest(PIRP Irp, PKSALLOCATOR_FRAMING* AllocatorFraming)
{
    if (AllocatorFraming == nullptr) return STATUS_INVALID_PARAMETER;
    *AllocatorFraming = nullptr;
    PIO_STACK_LOCATION sp = Irp != nullptr ? IoGetCurrentIrpStackLocation(Irp) : nullptr;
    const std::byte* bytes = nullptr;
    size_t length = 0;
    NTSTATUS status = openks::avstream::createParameters(Irp, static_cast<int>(openks::ks::KsObjectClass::kAllocator),
                                                         &bytes, &length);
    if (!NT_SUCCESS(status)) return status;
    if (length < sizeof(KSALLOCATOR_FRAMING)) return STATUS_INVALID_BUFFER_SIZE;
    KSALLOCATOR_FRAMING framing;
    std::memcpy(&framing, bytes, sizeof framing);
    if (framing.Frames == 0 || framing.FrameSize == 0) return STATUS_INVALID_PARAMETER;
    const void* copy = openks::avstream::stashCreateParameters(sp->FileObject, bytes, sizeof framing);
    if (copy == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    *AllocatorFraming = static_cast<PKSALLOCATOR_FRAMING>(const_cast<void*>(copy));
    return STATUS_SUCCESS;
}

// Checks that Framing (BufferSize bytes) holds its CountItems framing items
// and that each item has a usable frame range.  PinFraming is not compared
// (openks negotiates framing in the streaming engine).
NTSTATUS NTAPI KsValidateAllocatorFramingEx(PKSALLOCATOR_FRAMING_EX Framing, ULONG BufferSize,
                                            const KSALLOCATOR_FRAMING_EX* PinFraming)
{
    (void)PinFraming;
    if (Framing == nullptr) return STATUS_INVALID_PARAMETER;
    const size_t header = offsetof(KSALLOCATOR_FRAMING_EX, FramingItem);
    if (BufferSize < header) return STATUS_INVALID_BUFFER_SIZE;
    if (Framing->CountItems == 0) return STATUS_INVALID_PARAMETER;
    if ((BufferSize - header) / sizeof(KS_FRAMING_ITEM) < Framing->CountItems) return STATUS_INVALID_BUFFER_SIZE;
    for (ULONG i = 0; i < Framing->CountItems; ++i) {
        const KS_FRAMING_RANGE& range = Framing->FramingItem[i].FramingRange.Range;
        if (range.MinFrameSize > range.MaxFrameSize) return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

// Mediums need no registry cache: the filter's descriptors are always at hand.
NTSTATUS NTAPI KsCacheMedium(PUNICODE_STRING SymbolicLink, PKSPIN_MEDIUM Medium, ULONG PinDirection)
{
    (void)SymbolicLink;
    (void)Medium;
    (void)PinDirection;
    return STATUS_SUCCESS;
}

// ---- Not implemented -----------------------------------------------------------

NTSTATUS NTAPI KsCreateDefaultAllocator(PIRP Irp)
{
    (void)Irp;
    return notImplemented("KsCreateDefaultAllocator");
}

NTSTATUS NTAPI KsCreateDefaultAllocatorEx(PIRP Irp, PVOID InitializeContext, PFNKSDEFAULTALLOCATE DefaultAllocate,
                                          PFNKSDEFAULTFREE DefaultFree, PFNKSINITIALIZEALLOCATOR InitializeAllocator,
                                          PFNKSDELETEALLOCATOR DeleteAllocator)
{
    (void)Irp;
    (void)InitializeContext;
    (void)DefaultAllocate;
    (void)DefaultFree;
    (void)InitializeAllocator;
    (void)DeleteAllocator;
    return notImplemented("KsCreateDefaultAllocatorEx");
}

NTSTATUS NTAPI KsTopologyPropertyHandler(PIRP Irp, PKSPROPERTY Property, PVOID Data, const KSTOPOLOGY* Topology)
{
    (void)Irp;
    (void)Property;
    (void)Data;
    (void)Topology;
    return notImplemented("KsTopologyPropertyHandler");
}

NTSTATUS NTAPI KsUnserializeObjectPropertiesFromRegistry(PFILE_OBJECT FileObject, HANDLE ParentKey,
                                                         PUNICODE_STRING RegistryPath)
{
    (void)FileObject;
    (void)ParentKey;
    (void)RegistryPath;
    return notImplemented("KsUnserializeObjectPropertiesFromRegistry");
}

NTSTATUS NTAPI KsAllocateExtraData(PIRP Irp, ULONG ExtraSize, PVOID* ExtraBuffer)
{
    (void)Irp;
    (void)ExtraSize;
    if (ExtraBuffer != nullptr) *ExtraBuffer = nullptr;
    return notImplemented("KsAllocateExtraData");
}

// Windows images carry resources; openks minidrivers are ELF objects.
NTSTATUS NTAPI KsLoadResource(PVOID ImageBase, POOL_TYPE PoolType, ULONG_PTR ResourceName, ULONG ResourceType,
                              PVOID* Resource, PULONG ResourceSize)
{
    (void)ImageBase;
    (void)PoolType;
    (void)ResourceName;
    (void)ResourceType;
    if (Resource != nullptr) *Resource = nullptr;
    if (ResourceSize != nullptr) *ResourceSize = 0;
    return notImplemented("KsLoadResource");
}

NTSTATUS NTAPI KsGetImageNameAndResourceId(HANDLE RegKey, PUNICODE_STRING ImageName, PULONG_PTR ResourceId,
                                           PULONG ValueType)
{
    (void)RegKey;
    (void)ImageName;
    (void)ResourceId;
    (void)ValueType;
    return notImplemented("KsGetImageNameAndResourceId");
}

NTSTATUS NTAPI KsMapModuleName(PDEVICE_OBJECT PhysicalDeviceObject, PUNICODE_STRING ModuleName,
                               PUNICODE_STRING ImageName, PULONG_PTR ResourceId, PULONG ValueType)
{
    (void)PhysicalDeviceObject;
    (void)ModuleName;
    (void)ImageName;
    (void)ResourceId;
    (void)ValueType;
    return notImplemented("KsMapModuleName");
}

// The streaming engine has no frame-return / IRP-completion hooks yet.
void NTAPI KsPinRegisterFrameReturnCallback(PKSPIN Pin, PFNKSPINFRAMERETURN FrameReturn)
{
    (void)Pin;
    (void)FrameReturn;
    openks::avstream::logNotImplemented("KsPinRegisterFrameReturnCallback");
}

void NTAPI KsPinRegisterIrpCompletionCallback(PKSPIN Pin, PFNKSPINIRPCOMPLETION IrpCompletion)
{
    (void)Pin;
    (void)IrpCompletion;
    openks::avstream::logNotImplemented("KsPinRegisterIrpCompletionCallback");
}

// Kernel-mode creates of clocks, allocators and topology nodes: openks
// exposes none of these objects yet (the user-mode forms answer the same).
NTSTATUS NTAPI openks_KsCreateClockKernel(HANDLE ConnectionHandle, PKSCLOCK_CREATE ClockCreate, PHANDLE ClockHandle)
{
    return createKernelObject(ConnectionHandle, KSSTRING_Clock, ClockCreate, sizeof(KSCLOCK_CREATE), GENERIC_READ,
                              ClockHandle);
}

NTSTATUS NTAPI openks_KsCreateAllocatorKernel(HANDLE ConnectionHandle, PKSALLOCATOR_FRAMING AllocatorFraming,
                                              PHANDLE AllocatorHandle)
{
    return createKernelObject(ConnectionHandle, KSSTRING_Allocator, AllocatorFraming, sizeof(KSALLOCATOR_FRAMING),
                              GENERIC_READ, AllocatorHandle);
}

NTSTATUS NTAPI openks_KsCreateTopologyNodeKernel(HANDLE ParentHandle, PKSNODE_CREATE NodeCreate,
                                                 ACCESS_MASK DesiredAccess, PHANDLE NodeHandle)
{
    return createKernelObject(ParentHandle, KSSTRING_TopologyNode, NodeCreate, sizeof(KSNODE_CREATE), DesiredAccess,
                              NodeHandle);
}

}  // extern "C"
