// SPDX-License-Identifier: MIT
// The property engine (IOCTL_KS_PROPERTY over automation tables), the variable-size answers, and the KS 1.0 property
// DDI.
#include "ks/property_set.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

namespace openks::ks {
namespace {

constexpr ULONG kMaxUlong = std::numeric_limits<ULONG>::max();

// Request-type bits that may accompany the one type bit and change nothing here.
constexpr ULONG kPropertyModifiers = KSPROPERTY_TYPE_TOPOLOGY | KSPROPERTY_TYPE_HIGHPRIORITY |
                                     KSPROPERTY_TYPE_COPYPAYLOAD | KSPROPERTY_TYPE_FSFILTERSCOPE;

// KSPROPERTY_TYPE_GETPAYLOADSIZE (newer SDKs; ks-spec §9), which <openks/ks.h> does not name.
constexpr ULONG kPropertyTypeGetPayloadSize = 0x00000004;

constexpr ULONG kSerializeTypes = KSPROPERTY_TYPE_SERIALIZESET | KSPROPERTY_TYPE_UNSERIALIZESET |
                                  KSPROPERTY_TYPE_SERIALIZERAW | KSPROPERTY_TYPE_UNSERIALIZERAW |
                                  KSPROPERTY_TYPE_SERIALIZESIZE | kPropertyTypeGetPayloadSize;

bool isAligned8(const void* p)
{
    return (reinterpret_cast<std::uintptr_t>(p) & 7) == 0;
}

// One members list of a KSPROPERTY_VALUES that goes into a description.
struct MembersPart {
    const KSPROPERTY_MEMBERSLIST* list;
    ULONGLONG memberBytes;
};

// The generic BASICSUPPORT / DEFAULTVALUES answer for an item without a SupportHandler.
NTSTATUS answerDescription(PIRP irp, const KSPROPERTY_ITEM& item, bool defaultsOnly, void* out, ULONG outLen)
{
    KSPROPERTY_DESCRIPTION description{};
    description.AccessFlags = (item.GetPropertyHandler != nullptr ? ULONG(KSPROPERTY_TYPE_GET) : 0u) |
                              (item.SetPropertyHandler != nullptr ? ULONG(KSPROPERTY_TYPE_SET) : 0u);
    description.PropTypeSet.Set = KSPROPTYPESETID_General;
    description.PropTypeSet.Id = 0;  // VT_EMPTY: the item declares no type
    description.PropTypeSet.Flags = 0;

    std::vector<MembersPart> parts;
    ULONGLONG fullSize = sizeof(KSPROPERTY_DESCRIPTION);
    if (item.Values != nullptr) {
        description.PropTypeSet = item.Values->PropTypeSet;
        if (item.Values->MembersList != nullptr) {
            for (ULONG i = 0; i < item.Values->MembersListCount; ++i) {
                const KSPROPERTY_MEMBERSLIST& list = item.Values->MembersList[i];
                const ULONGLONG bytes = ULONGLONG(list.MembersHeader.MembersSize) * list.MembersHeader.MembersCount;
                if (list.Members == nullptr && bytes != 0) {
                    continue;  // a list that points at nothing cannot be described
                }
                if (defaultsOnly && (list.MembersHeader.Flags & KSPROPERTY_MEMBER_FLAG_DEFAULT) == 0) {
                    continue;
                }
                parts.push_back({&list, bytes});
                fullSize += sizeof(KSPROPERTY_MEMBERSHEADER) + bytes;
            }
        }
    }
    if (fullSize > kMaxUlong) {
        irp->IoStatus.Information = 0;
        return STATUS_INVALID_PARAMETER;  // a driver table no ULONG can describe
    }
    description.DescriptionSize = ULONG(fullSize);
    description.MembersListCount = ULONG(parts.size());
    description.Reserved = 0;

    if (outLen == 0) {
        irp->IoStatus.Information = fullSize;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (outLen < sizeof(ULONG)) {
        irp->IoStatus.Information = fullSize;
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (outLen < sizeof(KSPROPERTY_DESCRIPTION)) {
        std::memcpy(out, &description.AccessFlags, sizeof(ULONG));
        irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    std::memcpy(out, &description, sizeof(description));
    if (outLen < fullSize) {
        irp->IoStatus.Information = sizeof(KSPROPERTY_DESCRIPTION);
        return STATUS_SUCCESS;
    }
    auto* cursor = static_cast<std::byte*>(out) + sizeof(description);
    for (const MembersPart& part : parts) {
        std::memcpy(cursor, &part.list->MembersHeader, sizeof(KSPROPERTY_MEMBERSHEADER));
        cursor += sizeof(KSPROPERTY_MEMBERSHEADER);
        if (part.memberBytes != 0) {
            std::memcpy(cursor, part.list->Members, size_t(part.memberBytes));
            cursor += part.memberBytes;
        }
    }
    irp->IoStatus.Information = fullSize;
    return STATUS_SUCCESS;
}

// Which one request type the flags name, or 0 if they name none or several.
ULONG propertyRequestType(ULONG flags)
{
    const ULONG type = flags & ~kPropertyModifiers;
    return (type != 0 && (type & (type - 1)) == 0) ? type : 0;
}

}  // namespace

// ---------------------------------------------------------------------------
// Shared request plumbing.

namespace detail {

NTSTATUS readIdentifierRequest(PIRP irp, RequestBuffers* buffers, KSIDENTIFIER* identifier)
{
    irp->IoStatus.Information = 0;
    const IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(irp);
    buffers->input = stack->Parameters.DeviceIoControl.Type3InputBuffer;
    buffers->inputLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    buffers->output = irp->UserBuffer;
    buffers->outputLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    if (buffers->inputLength < sizeof(KSIDENTIFIER)) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    if (buffers->input == nullptr || (buffers->output == nullptr && buffers->outputLength != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    std::memcpy(identifier, buffers->input, sizeof(KSIDENTIFIER));
    return STATUS_SUCCESS;
}

NTSTATUS callItemHandler(PIRP irp, PFNKSHANDLER handler, const RequestBuffers& buffers)
{
    const bool bounceInput = !isAligned8(buffers.input);
    const bool bounceOutput = buffers.outputLength != 0 && !isAligned8(buffers.output);

    // One aligned block: [input copy][output copy], each 8-aligned.
    std::unique_ptr<std::uint64_t[]> bounce;
    const void* request = buffers.input;
    void* data = buffers.output;
    if (bounceInput || bounceOutput) {
        const size_t inBytes = bounceInput ? size_t(alignUp8(buffers.inputLength)) : 0;
        const size_t outBytes = bounceOutput ? size_t(alignUp8(buffers.outputLength)) : 0;
        bounce.reset(new std::uint64_t[(inBytes + outBytes) / 8 + 1]());
        auto* block = reinterpret_cast<std::byte*>(bounce.get());
        if (bounceInput) {
            std::memcpy(block, buffers.input, buffers.inputLength);
            request = block;
        }
        if (bounceOutput) {
            std::memcpy(block + inBytes, buffers.output, buffers.outputLength);
            data = block + inBytes;
        }
    }

    PVOID savedSystemBuffer = irp->AssociatedIrp.SystemBuffer;
    irp->AssociatedIrp.SystemBuffer = data;
    const NTSTATUS status = handler(irp, static_cast<PKSIDENTIFIER>(const_cast<void*>(request)), data);
    if (status == STATUS_PENDING) {
        // The handler owns the IRP now and may still use both buffers.
        (void)bounce.release();
        return status;
    }
    irp->AssociatedIrp.SystemBuffer = savedSystemBuffer;
    if (bounceOutput && !NT_ERROR(status)) {
        std::memcpy(buffers.output, data, buffers.outputLength);
    }
    return status;
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Variable-size answers.

NTSTATUS answerMultipleItem(PIRP irp, void* out, ULONG outLen, const void* item, ULONG size)
{
    irp->IoStatus.Information = 0;
    if (item == nullptr || size < sizeof(KSMULTIPLE_ITEM) || (out == nullptr && outLen != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (outLen == 0) {
        irp->IoStatus.Information = size;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (outLen >= size) {
        std::memcpy(out, item, size);
        irp->IoStatus.Information = size;
        return STATUS_SUCCESS;
    }
    if (outLen < sizeof(ULONG)) {
        irp->IoStatus.Information = size;
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (outLen < sizeof(KSMULTIPLE_ITEM)) {
        std::memcpy(out, item, sizeof(ULONG));
        irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    if (outLen == sizeof(KSMULTIPLE_ITEM)) {
        std::memcpy(out, item, sizeof(KSMULTIPLE_ITEM));
        irp->IoStatus.Information = sizeof(KSMULTIPLE_ITEM);
        return STATUS_SUCCESS;
    }
    irp->IoStatus.Information = size;
    return STATUS_BUFFER_TOO_SMALL;
}

NTSTATUS answerVariable(PIRP irp, void* out, ULONG outLen, const void* data, ULONG size)
{
    irp->IoStatus.Information = 0;
    if ((data == nullptr && size != 0) || (out == nullptr && outLen != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (size == 0) {
        return STATUS_SUCCESS;
    }
    irp->IoStatus.Information = size;
    if (outLen == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (outLen < size) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    std::memcpy(out, data, size);
    return STATUS_SUCCESS;
}

NTSTATUS answerSizedList(PIRP irp, void* out, ULONG outLen, ULONG count, ULONG itemSize, const void* items)
{
    irp->IoStatus.Information = 0;
    const ULONGLONG itemBytes = ULONGLONG(count) * itemSize;
    const ULONGLONG total = sizeof(KSMULTIPLE_ITEM) + itemBytes;
    if (total > kMaxUlong || (items == nullptr && itemBytes != 0) || (out == nullptr && outLen != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    const KSMULTIPLE_ITEM header{ULONG(total), count};
    if (outLen >= total) {
        std::memcpy(out, &header, sizeof(header));
        if (itemBytes != 0) {
            std::memcpy(static_cast<std::byte*>(out) + sizeof(header), items, size_t(itemBytes));
        }
        irp->IoStatus.Information = total;
        return STATUS_SUCCESS;
    }
    // Shorter than the whole list: the tiers below the full size copy at most
    // the 8-byte header, which is all `header` holds.
    return answerMultipleItem(irp, out, outLen, &header, ULONG(total));
}

// ---------------------------------------------------------------------------
// MultipleItemBuilder.

MultipleItemBuilder::MultipleItemBuilder() : storage_(1, 0), size_(sizeof(KSMULTIPLE_ITEM)), count_(0)
{
    const KSMULTIPLE_ITEM header{size_, count_};
    std::memcpy(storage_.data(), &header, sizeof(header));
}

bool MultipleItemBuilder::append(const void* data, ULONG size)
{
    const ULONGLONG newSize = alignUp8(ULONGLONG(size_) + size);
    if (newSize > kMaxUlong || count_ == kMaxUlong || (data == nullptr && size != 0)) {
        return false;
    }
    storage_.resize(size_t(newSize / 8), 0);
    if (size != 0) {
        std::memcpy(reinterpret_cast<std::byte*>(storage_.data()) + size_, data, size);
    }
    size_ = ULONG(newSize);
    ++count_;
    const KSMULTIPLE_ITEM header{size_, count_};
    std::memcpy(storage_.data(), &header, sizeof(header));
    return true;
}

bool MultipleItemBuilder::appendArray(const void* items, ULONG count, ULONG itemSize)
{
    const ULONGLONG added = alignUp8(itemSize) * count;
    if (ULONGLONG(size_) + added > kMaxUlong || (items == nullptr && count != 0 && itemSize != 0)) {
        return false;
    }
    const auto* bytes = static_cast<const std::byte*>(items);
    for (ULONG i = 0; i < count; ++i) {
        if (!append(bytes == nullptr ? nullptr : bytes + size_t(i) * itemSize, itemSize)) {
            return false;
        }
    }
    return true;
}

NTSTATUS MultipleItemBuilder::answer(PIRP irp, void* out, ULONG outLen) const
{
    return answerMultipleItem(irp, out, outLen, storage_.data(), size_);
}

// ---------------------------------------------------------------------------
// The engine.

NTSTATUS handleProperty(PIRP irp, const AutomationView& automation)
{
    detail::RequestBuffers buffers;
    KSIDENTIFIER property;
    NTSTATUS status = detail::readIdentifierRequest(irp, &buffers, &property);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    const ULONG type = propertyRequestType(property.Flags);
    if (type == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    if ((type & kSerializeTypes) != 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if ((property.Flags & KSPROPERTY_TYPE_TOPOLOGY) != 0 && buffers.inputLength < sizeof(KSP_NODE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (type == KSPROPERTY_TYPE_SETSUPPORT) {
        return answerSetSupport<KSPROPERTY_SET>(irp, automation, property.Set, buffers.output, buffers.outputLength);
    }

    const AutomationMatch<KSPROPERTY_SET> match =
        findAutomationItem<KSPROPERTY_SET>(automation, property.Set, property.Id);
    if (match.item == nullptr) {
        return hasAutomationSet<KSPROPERTY_SET>(automation, property.Set) ? STATUS_NOT_FOUND : STATUS_PROPSET_NOT_FOUND;
    }
    const KSPROPERTY_ITEM& item = *match.item;
    if (buffers.inputLength < item.MinProperty) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    KSPROPERTY_SET_IRP_STORAGE(irp) = match.set;
    KSPROPERTY_ITEM_IRP_STORAGE(irp) = match.item;

    PFNKSHANDLER handler = nullptr;
    switch (type) {
        case KSPROPERTY_TYPE_GET:
        case KSPROPERTY_TYPE_SET:
            handler = type == KSPROPERTY_TYPE_GET ? item.GetPropertyHandler : item.SetPropertyHandler;
            if (handler == nullptr) {
                return STATUS_INVALID_DEVICE_REQUEST;
            }
            if (buffers.outputLength < item.MinData) {
                irp->IoStatus.Information = item.MinData;
                return STATUS_BUFFER_TOO_SMALL;
            }
            irp->IoStatus.Information = type == KSPROPERTY_TYPE_GET ? item.MinData : 0;
            status = detail::callItemHandler(irp, handler, buffers);
            if (status == STATUS_PENDING) {
                return status;
            }
            if (NT_SUCCESS(status)) {
                irp->IoStatus.Information = std::min<ULONG_PTR>(irp->IoStatus.Information, buffers.outputLength);
            } else if (NT_ERROR(status) && status != STATUS_BUFFER_TOO_SMALL) {
                irp->IoStatus.Information = 0;
            }
            return status;

        case KSPROPERTY_TYPE_BASICSUPPORT:
        case KSPROPERTY_TYPE_DEFAULTVALUES:
            if (item.SupportHandler != nullptr) {
                return detail::callItemHandler(irp, item.SupportHandler, buffers);
            }
            return answerDescription(irp, item, type == KSPROPERTY_TYPE_DEFAULTVALUES, buffers.output,
                                     buffers.outputLength);

        case KSPROPERTY_TYPE_RELATIONS:
            return answerSizedList(irp, buffers.output, buffers.outputLength,
                                   item.Relations == nullptr ? 0 : item.RelationsCount, sizeof(KSPROPERTY),
                                   item.Relations);

        default:
            return STATUS_INVALID_PARAMETER;
    }
}

}  // namespace openks::ks

// ---------------------------------------------------------------------------
// The KS 1.0 DDI over the engine.

using openks::ks::AutomationView;

extern "C" {

// One table over the caller's set array (items of sizeof(KSPROPERTY_ITEM)).
NTSTATUS NTAPI KsPropertyHandler(PIRP Irp, ULONG PropertySetsCount, const KSPROPERTY_SET* PropertySet)
{
    KSAUTOMATION_TABLE table{};
    table.PropertySetsCount = PropertySet == nullptr ? 0 : PropertySetsCount;
    table.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
    table.PropertySets = PropertySet;
    const KSAUTOMATION_TABLE* tables[] = {&table};
    return openks::ks::handleProperty(Irp, AutomationView{tables, 1});
}

// The allocator only chooses where Windows captures the request; openks
// hands handlers the caller's buffers (or an aligned bounce), so it is not
// called.  Identical to KsPropertyHandler otherwise.
NTSTATUS NTAPI KsPropertyHandlerWithAllocator(PIRP Irp, ULONG PropertySetsCount, const KSPROPERTY_SET* PropertySet,
                                              PFNKSALLOCATOR Allocator, ULONG PropertyItemSize)
{
    (void)Allocator;
    KSAUTOMATION_TABLE table{};
    table.PropertySetsCount = PropertySet == nullptr ? 0 : PropertySetsCount;
    table.PropertyItemSize = PropertyItemSize == 0 ? ULONG(sizeof(KSPROPERTY_ITEM)) : PropertyItemSize;
    table.PropertySets = PropertySet;
    const KSAUTOMATION_TABLE* tables[] = {&table};
    return openks::ks::handleProperty(Irp, AutomationView{tables, 1});
}

// openks has no fast I/O path: always FALSE, so the request arrives as an IRP.
BOOLEAN NTAPI KsFastPropertyHandler(PFILE_OBJECT FileObject, PKSPROPERTY Property, ULONG PropertyLength, PVOID Data,
                                    ULONG DataLength, PIO_STATUS_BLOCK IoStatus, ULONG PropertySetsCount,
                                    const KSPROPERTY_SET* PropertySet)
{
    (void)FileObject;
    (void)Property;
    (void)PropertyLength;
    (void)Data;
    (void)DataLength;
    (void)IoStatus;
    (void)PropertySetsCount;
    (void)PropertySet;
    return FALSE;
}

// Calls Handler with the request and value buffers handleProperty() would pass
// (aligned, SystemBuffer set), without looking the property up.
NTSTATUS NTAPI KsDispatchSpecificProperty(PIRP Irp, PFNKSHANDLER Handler)
{
    openks::ks::detail::RequestBuffers buffers;
    KSIDENTIFIER property;
    const NTSTATUS status = openks::ks::detail::readIdentifierRequest(Irp, &buffers, &property);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Handler == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return openks::ks::detail::callItemHandler(Irp, Handler, buffers);
}

// Writes {Size, Count} + the items into the request's value buffer: the
// SystemBuffer a property engine call set up, else the IRP's UserBuffer.
NTSTATUS NTAPI KsHandleSizedListQuery(PIRP Irp, ULONG DataItemsCount, ULONG DataItemSize, const void* DataItems)
{
    const IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(Irp);
    void* out = Irp->AssociatedIrp.SystemBuffer != nullptr ? Irp->AssociatedIrp.SystemBuffer : Irp->UserBuffer;
    return openks::ks::answerSizedList(Irp, out, stack->Parameters.DeviceIoControl.OutputBufferLength, DataItemsCount,
                                       DataItemSize, DataItems);
}

}  // extern "C"
