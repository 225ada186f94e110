// SPDX-License-Identifier: MIT
// The object hierarchy: KsObject, the way from public structs and file objects to objects, and the navigation/control
// DDI.
#include "avstream/object.h"

#include <cstring>

#include "avstream/device.h"
#include "avstream/filter.h"
#include "avstream/filter_factory.h"
#include "avstream/pin.h"

namespace openks::avstream {

namespace {

constexpr uint64_t kFileMagic = 0x6b7366696c65ULL;  // "ksfile"

}  // namespace

KsObject::KsObject(KSOBJECTTYPE type, KsObject* parent) : fileContext_{kFileMagic, this}, type_(type), parent_(parent)
{
}

KsObject::~KsObject()
{
    fileContext_.magic = 0;
    if (inner_ != nullptr) {
        inner_->Release();
    }
}

Device* KsObject::device() const
{
    const KsObject* object = this;
    while (object->parent_ != nullptr) {
        object = object->parent_;
    }
    return object->type_ == KsObjectTypeDevice ? static_cast<Device*>(const_cast<KsObject*>(object)) : nullptr;
}

PUNKNOWN KsObject::registerClientUnknown(PUNKNOWN inner)
{
    // "If a client unknown is already aggregated on the AVStream object,
    // AVStream releases the previously registered aggregate."
    if (inner != nullptr) {
        inner->AddRef();
    }
    PUNKNOWN previous = inner_;
    inner_ = inner;
    if (previous != nullptr) {
        previous->Release();
    }
    return &unknown_;
}

// --- ObjectUnknown ---------------------------------------------------------------

NTSTATUS ObjectUnknown::QueryInterface(REFIID InterfaceId, PVOID* Interface)
{
    if (Interface == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *Interface = nullptr;
    const bool control = owner_->objectFile() != nullptr;  // filters and pins
    if (IsEqualGUID(InterfaceId, IID_IUnknown) || (control && IsEqualGUID(InterfaceId, IID_IKsControl))) {
        AddRef();
        *Interface = static_cast<IKsControl*>(this);
        return STATUS_SUCCESS;
    }
    if (PUNKNOWN inner = owner_->clientUnknown()) {
        return inner->QueryInterface(InterfaceId, Interface);
    }
    return STATUS_NOINTERFACE;
}

ULONG ObjectUnknown::AddRef()
{
    if (PFILE_OBJECT file = owner_->objectFile()) {
        ObReferenceObject(file);
        return 2;  // informational, as COM counts are
    }
    return 1;
}

ULONG ObjectUnknown::Release()
{
    if (PFILE_OBJECT file = owner_->objectFile()) {
        ObDereferenceObject(file);  // may close the object: `this` is not touched again
    }
    return 1;
}

NTSTATUS ObjectUnknown::KsProperty(PKSPROPERTY Property, ULONG PropertyLength, PVOID PropertyData, ULONG DataLength,
                                   ULONG* BytesReturned)
{
    return KsSynchronousIoControlDevice(owner_->objectFile(), KernelMode, IOCTL_KS_PROPERTY, Property, PropertyLength,
                                        PropertyData, DataLength, BytesReturned);
}

NTSTATUS ObjectUnknown::KsMethod(PKSMETHOD Method, ULONG MethodLength, PVOID MethodData, ULONG DataLength,
                                 ULONG* BytesReturned)
{
    return KsSynchronousIoControlDevice(owner_->objectFile(), KernelMode, IOCTL_KS_METHOD, Method, MethodLength,
                                        MethodData, DataLength, BytesReturned);
}

NTSTATUS ObjectUnknown::KsEvent(PKSEVENT Event, ULONG EventLength, PVOID EventData, ULONG DataLength,
                                ULONG* BytesReturned)
{
    return controlEvent(owner_->objectFile(), Event, EventLength, EventData, DataLength, BytesReturned);
}

NTSTATUS controlEvent(PFILE_OBJECT file, PKSEVENT event, ULONG eventLength, PVOID eventData, ULONG dataLength,
                      ULONG* bytesReturned)
{
    if (event == nullptr) {
        return KsSynchronousIoControlDevice(file, KernelMode, IOCTL_KS_DISABLE_EVENT, eventData, dataLength, nullptr, 0,
                                            bytesReturned);
    }
    return KsSynchronousIoControlDevice(file, KernelMode, IOCTL_KS_ENABLE_EVENT, event, eventLength, eventData,
                                        dataLength, bytesReturned);
}

KsObject* objectFromPublic(const void* ks)
{
    if (ks == nullptr) {
        return nullptr;
    }
    const auto* link = reinterpret_cast<const ObjectLink*>(static_cast<const uint8_t*>(ks) - sizeof(ObjectLink));
    if (link->magic != kObjectMagic) {
        return nullptr;
    }
    return link->object;
}

KsObject* objectFromFileObject(PFILE_OBJECT file)
{
    if (file == nullptr || file->FsContext == nullptr) {
        return nullptr;
    }
    uint64_t magic;
    std::memcpy(&magic, file->FsContext, sizeof(magic));
    if (magic != kFileMagic) {
        return nullptr;
    }
    KsObject* object;
    std::memcpy(&object, static_cast<const uint8_t*>(file->FsContext) + sizeof(uint64_t), sizeof(object));
    return object;
}

KsObject* objectFromIrp(PIRP irp)
{
    if (irp == nullptr) {
        return nullptr;
    }
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    return stack == nullptr ? nullptr : objectFromFileObject(stack->FileObject);
}

}  // namespace openks::avstream

using namespace openks::avstream;
// The DDI's parameter names (Filter, Pin) hide the class names inside the functions.
using FilterObject = openks::avstream::Filter;
using PinObject = openks::avstream::Pin;

extern "C" {

KSOBJECTTYPE NTAPI KsGetObjectTypeFromIrp(PIRP Irp)
{
    KsObject* object = objectFromIrp(Irp);
    // An IRP with no filter or pin behind it targets the device itself.
    return object == nullptr ? KsObjectTypeDevice : object->type();
}

PVOID NTAPI KsGetObjectFromFileObject(PFILE_OBJECT FileObject)
{
    KsObject* object = objectFromFileObject(FileObject);
    return object == nullptr ? nullptr : object->publicObject();
}

KSOBJECTTYPE NTAPI KsGetObjectTypeFromFileObject(PFILE_OBJECT FileObject)
{
    KsObject* object = objectFromFileObject(FileObject);
    return object == nullptr ? KsObjectTypeDevice : object->type();
}

PVOID NTAPI KsGetParent(PVOID Object)
{
    KsObject* object = objectFromPublic(Object);
    if (object == nullptr || object->parent() == nullptr) {
        return nullptr;
    }
    return object->parent()->publicObject();
}

PVOID NTAPI KsGetFirstChild(PVOID Object)
{
    KsObject* object = objectFromPublic(Object);
    KsObject* child = object == nullptr ? nullptr : object->firstChild();
    return child == nullptr ? nullptr : child->publicObject();
}

PVOID NTAPI KsGetNextSibling(PVOID Object)
{
    KsObject* object = objectFromPublic(Object);
    KsObject* sibling = object == nullptr ? nullptr : object->nextSibling();
    return sibling == nullptr ? nullptr : sibling->publicObject();
}

PKSDEVICE NTAPI KsGetDevice(PVOID Object)
{
    KsObject* object = objectFromPublic(Object);
    Device* device = object == nullptr ? nullptr : object->device();
    return device == nullptr ? nullptr : device->ks();
}

ULONG NTAPI KsGetNodeIdFromIrp(PIRP Irp)
{
    if (Irp == nullptr) {
        return KSFILTER_NODE;
    }
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    const auto* input = static_cast<const KSP_NODE*>(stack->Parameters.DeviceIoControl.Type3InputBuffer);
    if (input == nullptr || inLength < sizeof(KSP_NODE) || (input->Property.Flags & KSPROPERTY_TYPE_TOPOLOGY) == 0) {
        return KSFILTER_NODE;
    }
    return input->NodeId;
}

void NTAPI KsAcquireControl(PVOID Object)
{
    if (KsObject* object = objectFromPublic(Object)) {
        object->controlMutex().lock();
    }
}

void NTAPI KsReleaseControl(PVOID Object)
{
    if (KsObject* object = objectFromPublic(Object)) {
        object->controlMutex().unlock();
    }
}

PUNKNOWN NTAPI KsRegisterAggregatedClientUnknown(PVOID Object, PUNKNOWN ClientUnknown)
{
    KsObject* object = objectFromPublic(Object);
    return object == nullptr ? nullptr : object->registerClientUnknown(ClientUnknown);
}

PUNKNOWN NTAPI KsGetOuterUnknown(PVOID Object)
{
    KsObject* object = objectFromPublic(Object);
    return object == nullptr ? nullptr : object->outerUnknown();
}

PKSFILTER NTAPI KsGetFilterFromIrp(PIRP Irp)
{
    KsObject* object = objectFromIrp(Irp);
    if (object == nullptr) {
        return nullptr;
    }
    if (object->type() == KsObjectTypePin) {
        object = object->parent();
    }
    return object->type() == KsObjectTypeFilter ? static_cast<FilterObject*>(object)->ks() : nullptr;
}

PKSPIN NTAPI KsGetPinFromIrp(PIRP Irp)
{
    KsObject* object = objectFromIrp(Irp);
    return object != nullptr && object->type() == KsObjectTypePin ? static_cast<PinObject*>(object)->ks() : nullptr;
}

ULONG NTAPI KsFilterGetChildPinCount(PKSFILTER Filter, ULONG PinId)
{
    auto* filter = FilterObject::fromPublic(Filter);
    return filter == nullptr ? 0 : filter->instanceCount(PinId);
}

PKSPIN NTAPI KsFilterGetFirstChildPin(PKSFILTER Filter, ULONG PinId)
{
    auto* filter = FilterObject::fromPublic(Filter);
    PinObject* pin = filter == nullptr ? nullptr : filter->firstPin(PinId);
    return pin == nullptr ? nullptr : pin->ks();
}

PKSPIN NTAPI KsPinGetNextSiblingPin(PKSPIN Pin)
{
    return static_cast<PKSPIN>(KsGetNextSibling(Pin));
}

PKSFILTER NTAPI KsPinGetParentFilter(PKSPIN Pin)
{
    return static_cast<PKSFILTER>(KsGetParent(Pin));
}

}  // extern "C"
