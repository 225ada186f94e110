// SPDX-License-Identifier: MIT
// The framework's filter properties: KSPROPSETID_Pin, KSPROPSETID_General and KSPROPSETID_Topology, answered from the
// filter's descriptor.
#include <openks/driver.h>

#include <string>
#include <vector>

#include "avstream/filter.h"
#include "avstream/filter_factory.h"
#include "avstream/friendly_names.h"
#include "avstream/pin_format.h"
#include "ks/connect.h"
#include "ks/intersection.h"
#include "ks/property_set.h"

namespace openks::avstream {

// Decisions where the DDI leaves room (each cited where it applies):
// - GLOBALCINSTANCES counts this filter's instances, as ks.sys does for
//   AVStream filters (there is no device-wide pin count).
// - PHYSICALCONNECTION: openks filters are never wired to another filter's
//   bridge pin, so every valid pin answers STATUS_NOT_FOUND (PortAudio reads
//   "not MORE_DATA" as "no topology filter").
// - NAME: Windows reads the name of the pin's Name GUID, else of its Category
//   GUID, from the registry.  openks knows the well-known GUIDs
//   (friendly_names.h); a pin whose Name/Category is some other GUID is
//   called "Pin <id>"; a pin with neither answers STATUS_NOT_FOUND.
// - Topology CONNECTIONS with ConnectionsCount 0 ("default topology") is an
//   empty list: the default is implied, not materialised as connections.
// - Topology NAME: the node's Name GUID, else its Type GUID, by friendly
//   name, else the Type GUID as "{...}" text; an unknown node id is
//   STATUS_INVALID_PARAMETER.

namespace {

Filter* filterOf(PIRP irp)
{
    return Filter::fromFileObject(IoGetCurrentIrpStackLocation(irp)->FileObject);
}

ULONG outputLength(PIRP irp)
{
    return IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength;
}

ULONG inputLength(PIRP irp)
{
    return IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.InputBufferLength;
}

// The KSP_PIN request's pin descriptor; STATUS_INVALID_PARAMETER for
// PinId >= CTYPES (§12 item 37).
NTSTATUS pinFromRequest(PIRP irp, PKSIDENTIFIER request, Filter** filter, const KSPIN_DESCRIPTOR_EX** descriptor)
{
    *filter = filterOf(irp);
    if (*filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const auto* pinRequest = reinterpret_cast<const KSP_PIN*>(request);
    *descriptor = (*filter)->pinDescriptor(pinRequest->PinId);
    return *descriptor == nullptr ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}

template <class T>
NTSTATUS answerFixed(PIRP irp, PVOID data, const T& value)
{
    *static_cast<T*>(data) = value;
    irp->IoStatus.Information = sizeof(T);
    return STATUS_SUCCESS;
}

NTSTATUS answerString(PIRP irp, PVOID data, const std::u16string& text)
{
    // NUL-terminated UTF-16, as WCHAR strings travel.
    return ks::answerVariable(irp, data, outputLength(irp), text.c_str(),
                              static_cast<ULONG>((text.size() + 1) * sizeof(char16_t)));
}

// ---- KSPROPSETID_Pin ----------------------------------------------------------

NTSTATUS NTAPI getCInstances(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const ULONG pinId = reinterpret_cast<const KSP_PIN*>(request)->PinId;
    KSPIN_CINSTANCES value{};
    value.PossibleCount = pin->InstancesPossible;
    value.CurrentCount = filter->instanceCount(pinId);
    return answerFixed(irp, data, value);
}

NTSTATUS NTAPI getCTypes(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Filter* filter = filterOf(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    return answerFixed<ULONG>(irp, data, filter->pinFactoryCount());
}

NTSTATUS NTAPI getDataFlow(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    return NT_SUCCESS(status) ? answerFixed<KSPIN_DATAFLOW>(irp, data, pin->PinDescriptor.DataFlow) : status;
}

NTSTATUS NTAPI getDataRanges(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const KSPIN_DESCRIPTOR& k = pin->PinDescriptor;
    return ks::dataRangesList(k.DataRanges, k.DataRangesCount).answer(irp, data, outputLength(irp));
}

NTSTATUS NTAPI getConstrainedDataRanges(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    // A pin without constrained ranges is constrained by its data ranges.
    const KSPIN_DESCRIPTOR& k = pin->PinDescriptor;
    if (k.ConstrainedDataRangesCount != 0) {
        return ks::dataRangesList(k.ConstrainedDataRanges, k.ConstrainedDataRangesCount)
            .answer(irp, data, outputLength(irp));
    }
    return ks::dataRangesList(k.DataRanges, k.DataRangesCount).answer(irp, data, outputLength(irp));
}

NTSTATUS NTAPI getDataIntersection(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    ks::IntersectionRequest parsed;
    NTSTATUS status = ks::parseIntersectionRequest(request, inputLength(irp), &parsed);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    // The minidriver's intersect handler gets the filter as its context (AVStrMiniIntersectHandlerEx).
    ULONG size = 0;
    return ks::pinIntersection(irp, parsed, pin->PinDescriptor, pin->IntersectHandler, filter->ks(), data,
                               outputLength(irp), &size);
}

NTSTATUS NTAPI getInterfaces(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const KSPIN_DESCRIPTOR& k = pin->PinDescriptor;
    if (k.InterfacesCount == 0) {
        const KSPIN_INTERFACE standard = ks::standardPinInterface();
        return ks::answerSizedList(irp, data, outputLength(irp), 1, sizeof(KSPIN_INTERFACE), &standard);
    }
    return ks::answerSizedList(irp, data, outputLength(irp), k.InterfacesCount, sizeof(KSPIN_INTERFACE), k.Interfaces);
}

NTSTATUS NTAPI getMediums(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const KSPIN_DESCRIPTOR& k = pin->PinDescriptor;
    if (k.MediumsCount == 0) {
        const KSPIN_MEDIUM standard = ks::standardPinMedium();
        return ks::answerSizedList(irp, data, outputLength(irp), 1, sizeof(KSPIN_MEDIUM), &standard);
    }
    return ks::answerSizedList(irp, data, outputLength(irp), k.MediumsCount, sizeof(KSPIN_MEDIUM), k.Mediums);
}

NTSTATUS NTAPI getCommunication(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    return NT_SUCCESS(status) ? answerFixed<KSPIN_COMMUNICATION>(irp, data, pin->PinDescriptor.Communication) : status;
}

NTSTATUS NTAPI getNecessaryInstances(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    return NT_SUCCESS(status) ? answerFixed<ULONG>(irp, data, pin->InstancesNecessary) : status;
}

NTSTATUS NTAPI getPhysicalConnection(PIRP irp, PKSIDENTIFIER request, PVOID)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    return NT_SUCCESS(status) ? STATUS_NOT_FOUND : status;
}

NTSTATUS NTAPI getCategory(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const GUID* category = pin->PinDescriptor.Category;
    if (category == nullptr) {
        return STATUS_NOT_FOUND;  // §12 item 43
    }
    return answerFixed<GUID>(irp, data, *category);
}

NTSTATUS NTAPI getPinName(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const GUID* name = pin->PinDescriptor.Name;
    const GUID* category = pin->PinDescriptor.Category;
    if (name == nullptr && category == nullptr) {
        return STATUS_NOT_FOUND;
    }
    std::u16string text = name != nullptr ? friendlyName(*name) : std::u16string();
    if (text.empty() && category != nullptr) {
        text = friendlyName(*category);
    }
    if (text.empty()) {
        const std::string fallback = "Pin " + std::to_string(reinterpret_cast<const KSP_PIN*>(request)->PinId);
        text.assign(fallback.begin(), fallback.end());
    }
    return answerString(irp, data, text);
}

NTSTATUS NTAPI setProposeDataFormat(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter;
    const KSPIN_DESCRIPTOR_EX* pin;
    NTSTATUS status = pinFromRequest(irp, request, &filter, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const auto* format = static_cast<const KSDATAFORMAT*>(data);
    const ULONG length = outputLength(irp);
    if (format->FormatSize < sizeof(KSDATAFORMAT) || format->FormatSize > length) {
        return STATUS_INVALID_PARAMETER;
    }
    return formatMatchesDescriptor(pin, format, format->FormatSize) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

// ---- KSPROPSETID_General ----------------------------------------------------------

NTSTATUS NTAPI getComponentId(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Filter* filter = filterOf(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const KSCOMPONENTID* id = filter->descriptorSnapshot().ComponentId;
    return id == nullptr ? STATUS_NOT_FOUND : answerFixed<KSCOMPONENTID>(irp, data, *id);
}

// ---- KSPROPSETID_Topology ----------------------------------------------------------

NTSTATUS NTAPI getTopologyCategories(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Filter* filter = filterOf(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const KSFILTER_DESCRIPTOR d = filter->descriptorSnapshot();
    return ks::answerSizedList(irp, data, outputLength(irp), d.CategoriesCount, sizeof(GUID), d.Categories);
}

NTSTATUS NTAPI getTopologyNodes(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Filter* filter = filterOf(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::vector<GUID> types;
    const ULONG count = filter->nodeCount();
    for (ULONG n = 0; n < count; ++n) {
        const KSNODE_DESCRIPTOR* node = filter->nodeDescriptor(n);
        types.push_back(node != nullptr && node->Type != nullptr ? *node->Type : GUID_NULL);
    }
    return ks::answerSizedList(irp, data, outputLength(irp), static_cast<ULONG>(types.size()), sizeof(GUID),
                               types.data());
}

NTSTATUS NTAPI getTopologyConnections(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    Filter* filter = filterOf(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const KSFILTER_DESCRIPTOR d = filter->descriptorSnapshot();
    return ks::answerSizedList(irp, data, outputLength(irp), d.ConnectionsCount, sizeof(KSTOPOLOGY_CONNECTION),
                               d.Connections);
}

NTSTATUS NTAPI getTopologyName(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    Filter* filter = filterOf(irp);
    if (filter == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const KSNODE_DESCRIPTOR* node = filter->nodeDescriptor(reinterpret_cast<const KSP_NODE*>(request)->NodeId);
    if (node == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::u16string text = node->Name != nullptr ? friendlyName(*node->Name) : std::u16string();
    if (text.empty() && node->Type != nullptr) {
        text = friendlyName(*node->Type);
        if (text.empty()) {
            text = guidText(*node->Type);
        }
    }
    if (text.empty()) {
        return STATUS_NOT_FOUND;
    }
    return answerString(irp, data, text);
}

KSPROPERTY_ITEM item(ULONG id, PFNKSHANDLER get, ULONG minProperty, ULONG minData, PFNKSHANDLER set = nullptr)
{
    KSPROPERTY_ITEM entry{};
    entry.PropertyId = id;
    entry.GetPropertyHandler = get;
    entry.MinProperty = minProperty;
    entry.MinData = minData;
    entry.SetPropertyHandler = set;
    return entry;
}

struct FilterTables {
    KSPROPERTY_ITEM pin[15];
    KSPROPERTY_ITEM general[1];
    KSPROPERTY_ITEM topology[4];
    KSPROPERTY_SET sets[3];
    KSAUTOMATION_TABLE table;

    FilterTables()
        : pin{
              item(KSPROPERTY_PIN_CINSTANCES, getCInstances, sizeof(KSP_PIN), sizeof(KSPIN_CINSTANCES)),
              // CTYPES arrives as a bare KSPROPERTY and as a KSP_PIN (clients.md §1.2).
              item(KSPROPERTY_PIN_CTYPES, getCTypes, sizeof(KSPROPERTY), sizeof(ULONG)),
              item(KSPROPERTY_PIN_DATAFLOW, getDataFlow, sizeof(KSP_PIN), sizeof(KSPIN_DATAFLOW)),
              item(KSPROPERTY_PIN_DATARANGES, getDataRanges, sizeof(KSP_PIN), 0),
              item(KSPROPERTY_PIN_DATAINTERSECTION, getDataIntersection, sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM), 0),
              item(KSPROPERTY_PIN_INTERFACES, getInterfaces, sizeof(KSP_PIN), 0),
              item(KSPROPERTY_PIN_MEDIUMS, getMediums, sizeof(KSP_PIN), 0),
              item(KSPROPERTY_PIN_COMMUNICATION, getCommunication, sizeof(KSP_PIN), sizeof(KSPIN_COMMUNICATION)),
              item(KSPROPERTY_PIN_GLOBALCINSTANCES, getCInstances, sizeof(KSP_PIN), sizeof(KSPIN_CINSTANCES)),
              item(KSPROPERTY_PIN_NECESSARYINSTANCES, getNecessaryInstances, sizeof(KSP_PIN), sizeof(ULONG)),
              item(KSPROPERTY_PIN_PHYSICALCONNECTION, getPhysicalConnection, sizeof(KSP_PIN), 0),
              item(KSPROPERTY_PIN_CATEGORY, getCategory, sizeof(KSP_PIN), sizeof(GUID)),
              item(KSPROPERTY_PIN_NAME, getPinName, sizeof(KSP_PIN), 0),
              item(KSPROPERTY_PIN_CONSTRAINEDDATARANGES, getConstrainedDataRanges, sizeof(KSP_PIN), 0),
              item(KSPROPERTY_PIN_PROPOSEDATAFORMAT, nullptr, sizeof(KSP_PIN), sizeof(KSDATAFORMAT),
                   setProposeDataFormat),
          },
          general{
              item(KSPROPERTY_GENERAL_COMPONENTID, getComponentId, sizeof(KSPROPERTY), sizeof(KSCOMPONENTID)),
          },
          topology{
              item(KSPROPERTY_TOPOLOGY_CATEGORIES, getTopologyCategories, sizeof(KSPROPERTY), 0),
              item(KSPROPERTY_TOPOLOGY_NODES, getTopologyNodes, sizeof(KSPROPERTY), 0),
              item(KSPROPERTY_TOPOLOGY_CONNECTIONS, getTopologyConnections, sizeof(KSPROPERTY), 0),
              item(KSPROPERTY_TOPOLOGY_NAME, getTopologyName, sizeof(KSP_NODE), 0),
          },
          sets{}, table{}
    {
        sets[0].Set = &KSPROPSETID_Pin;
        sets[0].PropertiesCount = sizeof(pin) / sizeof(pin[0]);
        sets[0].PropertyItem = pin;
        sets[1].Set = &KSPROPSETID_General;
        sets[1].PropertiesCount = sizeof(general) / sizeof(general[0]);
        sets[1].PropertyItem = general;
        sets[2].Set = &KSPROPSETID_Topology;
        sets[2].PropertiesCount = sizeof(topology) / sizeof(topology[0]);
        sets[2].PropertyItem = topology;
        table.PropertySetsCount = sizeof(sets) / sizeof(sets[0]);
        table.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
        table.PropertySets = sets;
    }
};

}  // namespace

const KSAUTOMATION_TABLE* filterFrameworkAutomation()
{
    static const FilterTables* tables = new FilterTables;  // immutable, lives to process exit
    return &tables->table;
}

}  // namespace openks::avstream
