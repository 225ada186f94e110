// SPDX-License-Identifier: MIT
// Filters: creation and close, IRP routing, pin-instance bookkeeping and dynamic descriptors
// (KsFilterCreatePinFactory...).
#include "avstream/filter.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "avstream/device.h"
#include "avstream/filter_factory.h"
#include "avstream/log.h"
#include "avstream/pin.h"
#include "ks/method_set.h"
#include "ks/property_set.h"

namespace openks::avstream {

Filter::Filter(FilterFactory* factory, PFILE_OBJECT file)
    : KsObject(KsObjectTypeFilter, factory), block_{}, factory_(factory), file_(file)
{
    bindPublic(block_);
    block_.ks.Descriptor = factory->descriptor();
    block_.ks.Bag = bag().handle();
    block_.ks.Context = factory->ks()->Context;
}

Filter::~Filter() = default;

Filter* Filter::fromPublic(const KSFILTER* filter)
{
    KsObject* object = objectFromPublic(filter);
    return object != nullptr && object->type() == KsObjectTypeFilter ? static_cast<Filter*>(object) : nullptr;
}

Filter* Filter::fromFileObject(PFILE_OBJECT file)
{
    KsObject* object = objectFromFileObject(file);
    return object != nullptr && object->type() == KsObjectTypeFilter ? static_cast<Filter*>(object) : nullptr;
}

NTSTATUS Filter::create(FilterFactory* factory, PIRP irp, PFILE_OBJECT file)
{
    const KSFILTER_DESCRIPTOR* descriptor = factory->descriptor();
    if (irp->RequestorMode == UserMode && (descriptor->Flags & KSFILTER_FLAG_DENY_USERMODE_ACCESS) != 0) {
        return STATUS_ACCESS_DENIED;
    }
    std::unique_ptr<Filter> filter(new (std::nothrow) Filter(factory, file));
    if (filter == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    try {
        filter->slots_.resize(descriptor->PinDescriptorsCount);
    } catch (const std::bad_alloc&) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (descriptor->Dispatch != nullptr && descriptor->Dispatch->Process != nullptr) {
        filter->processor_ = FilterProcessor::create(filter->ks());
        if (filter->processor_ == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    // KsGetFilterFromIrp works inside the Create dispatch.
    file->FsContext = filter->fileContext();
    NTSTATUS status = STATUS_SUCCESS;
    if (descriptor->Dispatch != nullptr && descriptor->Dispatch->Create != nullptr) {
        std::lock_guard control(filter->controlMutex_);
        status = descriptor->Dispatch->Create(filter->ks(), irp);
    }
    if (status == STATUS_PENDING) {
        // KsCompletePendingRequest for creates is not supported (see the report of issue 3).
        logLine("%s: filter Create returned STATUS_PENDING, which openks does not support",
                factory->owner()->name().c_str());
        status = STATUS_NOT_SUPPORTED;
    }
    if (!NT_SUCCESS(status)) {
        file->FsContext = nullptr;
        return status;
    }
    factory->linkFilter(filter.get());
    filter.release();  // owned by the file object until IRP_MJ_CLOSE
    return STATUS_SUCCESS;
}

NTSTATUS Filter::close(PIRP irp)
{
    // Events still enabled on the filter go first (their RemoveHandlers may use driver state Close frees).
    events().freeFile(nullptr);
    const KSFILTER_DESCRIPTOR* descriptor = factory_->descriptor();
    if (descriptor->Dispatch != nullptr && descriptor->Dispatch->Close != nullptr) {
        std::lock_guard control(controlMutex_);
        // The close happens whatever the minidriver answers.
        (void)descriptor->Dispatch->Close(ks(), irp);
    }
    factory_->unlinkFilter(this);
    file_->FsContext = nullptr;
    processor_.reset();
    delete this;
    irp->IoStatus.Information = 0;
    return completeIrp(irp, STATUS_SUCCESS);
}

// ---- Descriptor views ---------------------------------------------------------

KSFILTER_DESCRIPTOR Filter::descriptorSnapshot() const
{
    std::lock_guard lock(descriptorMutex_);
    return *block_.ks.Descriptor;
}

ULONG Filter::pinFactoryCount() const
{
    return descriptorSnapshot().PinDescriptorsCount;
}

const KSPIN_DESCRIPTOR_EX* Filter::pinDescriptor(ULONG pinId) const
{
    const KSFILTER_DESCRIPTOR d = descriptorSnapshot();
    if (pinId >= d.PinDescriptorsCount || d.PinDescriptors == nullptr) {
        return nullptr;
    }
    return reinterpret_cast<const KSPIN_DESCRIPTOR_EX*>(reinterpret_cast<const uint8_t*>(d.PinDescriptors) +
                                                        static_cast<size_t>(pinId) * d.PinDescriptorSize);
}

ULONG Filter::nodeCount() const
{
    return descriptorSnapshot().NodeDescriptorsCount;
}

const KSNODE_DESCRIPTOR* Filter::nodeDescriptor(ULONG nodeId) const
{
    const KSFILTER_DESCRIPTOR d = descriptorSnapshot();
    if (nodeId >= d.NodeDescriptorsCount || d.NodeDescriptors == nullptr) {
        return nullptr;
    }
    const ULONG stride =
        d.NodeDescriptorSize < sizeof(KSNODE_DESCRIPTOR) ? sizeof(KSNODE_DESCRIPTOR) : d.NodeDescriptorSize;
    return reinterpret_cast<const KSNODE_DESCRIPTOR*>(reinterpret_cast<const uint8_t*>(d.NodeDescriptors) +
                                                      static_cast<size_t>(nodeId) * stride);
}

// ---- Pin instances --------------------------------------------------------------

bool Filter::reserveInstance(ULONG pinId, ULONG possible)
{
    std::lock_guard lock(pinsMutex_);
    if (pinId >= slots_.size()) {
        slots_.resize(pinId + 1);
    }
    PinSlot& slot = slots_[pinId];
    if (possible != KSINSTANCE_INDETERMINATE && slot.pins.size() + slot.reserved >= possible) {
        return false;
    }
    ++slot.reserved;
    return true;
}

void Filter::cancelReservation(ULONG pinId)
{
    std::lock_guard lock(pinsMutex_);
    --slots_[pinId].reserved;
}

void Filter::commitInstance(Pin* pin)
{
    std::lock_guard lock(pinsMutex_);
    PinSlot& slot = slots_[pin->ks()->Id];
    --slot.reserved;
    pin->listPosition() = slot.pins.insert(slot.pins.end(), pin);
}

void Filter::unlinkPin(Pin* pin)
{
    std::lock_guard lock(pinsMutex_);
    slots_[pin->ks()->Id].pins.erase(pin->listPosition());
}

ULONG Filter::instanceCount(ULONG pinId)
{
    std::lock_guard lock(pinsMutex_);
    return pinId < slots_.size() ? static_cast<ULONG>(slots_[pinId].pins.size()) : 0;
}

Pin* Filter::firstPin(ULONG pinId)
{
    std::lock_guard lock(pinsMutex_);
    return pinId < slots_.size() && !slots_[pinId].pins.empty() ? slots_[pinId].pins.front() : nullptr;
}

Pin* Filter::nextPin(const Pin* pin)
{
    std::lock_guard lock(pinsMutex_);
    auto& pins = slots_[const_cast<Pin*>(pin)->ks()->Id].pins;
    auto it = std::next(const_cast<Pin*>(pin)->listPosition());
    return it == pins.end() ? nullptr : *it;
}

Pin* Filter::firstAnyPin()
{
    std::lock_guard lock(pinsMutex_);
    for (const PinSlot& slot : slots_) {
        if (!slot.pins.empty()) {
            return slot.pins.front();
        }
    }
    return nullptr;
}

KsObject* Filter::firstChild()
{
    // A filter's children are grouped by pin id: the first pin of the lowest id.
    return firstAnyPin();
}

KsObject* Filter::nextSibling()
{
    return factory_->nextFilter(this);
}

// ---- IRP routing ------------------------------------------------------------------

NTSTATUS Filter::deviceControl(PIRP irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    const ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    irp->IoStatus.Information = 0;
    const KSFILTER_DESCRIPTOR d = descriptorSnapshot();
    // Framework first, the minidriver's table after it (it overrides), then
    // the addressed node's table for KSPROPERTY_TYPE_TOPOLOGY requests.
    const KSAUTOMATION_TABLE* tables[3] = {filterFrameworkAutomation(), d.AutomationTable, nullptr};
    size_t count = 2;
    const ULONG node = KsGetNodeIdFromIrp(irp);
    if (node != KSFILTER_NODE) {
        if (const KSNODE_DESCRIPTOR* nodeDescriptor = this->nodeDescriptor(node)) {
            tables[count++] = nodeDescriptor->AutomationTable;
        }
    }
    const ks::AutomationView view{tables, count};
    NTSTATUS status;
    switch (code) {
        case IOCTL_KS_PROPERTY:
            status = ks::handleProperty(irp, view);
            break;
        case IOCTL_KS_METHOD:
            status = ks::handleMethod(irp, view);
            break;
        case IOCTL_KS_ENABLE_EVENT:
            status = events().enable(irp, view);
            break;
        case IOCTL_KS_DISABLE_EVENT:
            status = events().disable(irp);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
    }
    return completeIrp(irp, status);
}

// ---- Dynamic descriptors ------------------------------------------------------------

KSFILTER_DESCRIPTOR* Filter::editable()
{
    return const_cast<KSFILTER_DESCRIPTOR*>(block_.ks.Descriptor);
}

NTSTATUS Filter::makeDescriptorEditable()
{
    const KSFILTER_DESCRIPTOR* current = block_.ks.Descriptor;
    if (current == descriptorCopy_ || bag().holds(current)) {
        return STATUS_SUCCESS;  // ours already, or the minidriver's KsEdit copy
    }
    auto* copy = static_cast<KSFILTER_DESCRIPTOR*>(bag().allocate(sizeof(KSFILTER_DESCRIPTOR)));
    if (copy == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *copy = *current;
    descriptorCopy_ = copy;
    std::lock_guard lock(descriptorMutex_);
    block_.ks.Descriptor = copy;
    return STATUS_SUCCESS;
}

NTSTATUS Filter::addPinFactory(const KSPIN_DESCRIPTOR_EX* pin, ULONG* pinId)
{
    if (pin == nullptr || pinId == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::string reason;
    if (!NT_SUCCESS(validatePinDescriptor(pin, pinFactoryCount(), &reason))) {
        logLine("%s: pin factory refused: %s", factory_->owner()->name().c_str(), reason.c_str());
        return STATUS_INVALID_PARAMETER;
    }
    NTSTATUS status = makeDescriptorEditable();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KSFILTER_DESCRIPTOR* d = editable();
    const ULONG stride =
        std::max<ULONG>(d->PinDescriptorSize, static_cast<ULONG>((sizeof(KSPIN_DESCRIPTOR_EX) + 7) & ~size_t{7}));
    const ULONG count = d->PinDescriptorsCount;
    auto* array = static_cast<uint8_t*>(bag().allocate(static_cast<size_t>(count + 1) * stride));
    if (array == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (count != 0) {
        std::memcpy(array, d->PinDescriptors, static_cast<size_t>(count) * d->PinDescriptorSize);
    }
    std::memcpy(array + static_cast<size_t>(count) * stride, pin, sizeof(KSPIN_DESCRIPTOR_EX));
    {
        std::lock_guard lock(pinsMutex_);
        if (slots_.size() < count + 1) {
            slots_.resize(count + 1);
        }
    }
    // The old array stays in the bag: pins created from it still point into it.
    std::lock_guard lock(descriptorMutex_);
    d->PinDescriptors = reinterpret_cast<const KSPIN_DESCRIPTOR_EX*>(array);
    d->PinDescriptorSize = stride;
    d->PinDescriptorsCount = count + 1;
    *pinId = count;
    return STATUS_SUCCESS;
}

NTSTATUS Filter::addNode(const KSNODE_DESCRIPTOR* node, ULONG* nodeId)
{
    if (node == nullptr || nodeId == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    NTSTATUS status = makeDescriptorEditable();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KSFILTER_DESCRIPTOR* d = editable();
    const ULONG stride = std::max<ULONG>(d->NodeDescriptorSize, sizeof(KSNODE_DESCRIPTOR));
    const ULONG count = d->NodeDescriptorsCount;
    auto* array = static_cast<uint8_t*>(bag().allocate(static_cast<size_t>(count + 1) * stride));
    if (array == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (count != 0) {
        std::memcpy(array, d->NodeDescriptors, static_cast<size_t>(count) * stride);
    }
    std::memcpy(array + static_cast<size_t>(count) * stride, node, sizeof(KSNODE_DESCRIPTOR));
    std::lock_guard lock(descriptorMutex_);
    d->NodeDescriptors = reinterpret_cast<const KSNODE_DESCRIPTOR*>(array);
    d->NodeDescriptorSize = stride;
    d->NodeDescriptorsCount = count + 1;
    *nodeId = count;
    return STATUS_SUCCESS;
}

NTSTATUS Filter::addConnections(ULONG added, const KSTOPOLOGY_CONNECTION* connections)
{
    if (added == 0) {
        return STATUS_SUCCESS;
    }
    if (connections == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    NTSTATUS status = makeDescriptorEditable();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KSFILTER_DESCRIPTOR* d = editable();
    const ULONG count = d->ConnectionsCount;
    auto* array = static_cast<KSTOPOLOGY_CONNECTION*>(
        bag().allocate((static_cast<size_t>(count) + added) * sizeof(KSTOPOLOGY_CONNECTION)));
    if (array == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (count != 0) {
        std::memcpy(array, d->Connections, count * sizeof(KSTOPOLOGY_CONNECTION));
    }
    std::memcpy(array + count, connections, added * sizeof(KSTOPOLOGY_CONNECTION));
    std::lock_guard lock(descriptorMutex_);
    d->Connections = array;
    d->ConnectionsCount = count + added;
    return STATUS_SUCCESS;
}

}  // namespace openks::avstream

using FilterObject = openks::avstream::Filter;

extern "C" {

NTSTATUS NTAPI KsFilterCreatePinFactory(PKSFILTER Filter, const KSPIN_DESCRIPTOR_EX* const InitializationPinDescriptor,
                                        PULONG PinID)
{
    FilterObject* filter = FilterObject::fromPublic(Filter);
    return filter == nullptr ? STATUS_INVALID_PARAMETER : filter->addPinFactory(InitializationPinDescriptor, PinID);
}

NTSTATUS NTAPI KsFilterCreateNode(PKSFILTER Filter, const KSNODE_DESCRIPTOR* const NodeDescriptor, PULONG NodeID)
{
    FilterObject* filter = FilterObject::fromPublic(Filter);
    return filter == nullptr ? STATUS_INVALID_PARAMETER : filter->addNode(NodeDescriptor, NodeID);
}

NTSTATUS NTAPI KsFilterAddTopologyConnections(PKSFILTER Filter, ULONG NewConnectionsCount,
                                              const KSTOPOLOGY_CONNECTION* const NewTopologyConnections)
{
    FilterObject* filter = FilterObject::fromPublic(Filter);
    return filter == nullptr ? STATUS_INVALID_PARAMETER
                             : filter->addConnections(NewConnectionsCount, NewTopologyConnections);
}

void NTAPI KsFilterRegisterPowerCallbacks(PKSFILTER Filter, PFNKSFILTERPOWER Sleep, PFNKSFILTERPOWER Wake)
{
    // Devices never leave D0 here, so the callbacks would never run.
    (void)Filter;
    (void)Sleep;
    (void)Wake;
}

NTSTATUS NTAPI KsRegisterFilterWithNoKSPins(PDEVICE_OBJECT DeviceObject, const GUID* InterfaceClassGUID, ULONG PinCount,
                                            WINBOOL* PinDirection, KSPIN_MEDIUM* MediumList, GUID* CategoryList)
{
    // Filters without KS pins exist for the Windows graph builder's registry; there is none here.
    (void)DeviceObject;
    (void)InterfaceClassGUID;
    (void)PinCount;
    (void)PinDirection;
    (void)MediumList;
    (void)CategoryList;
    return STATUS_NOT_SUPPORTED;
}

}  // extern "C"
