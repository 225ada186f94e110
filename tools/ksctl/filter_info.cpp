// SPDX-License-Identifier: MIT
// Querying a filter's pin factories, property sets, topology and component id; its text and JSON reports.
#include "ksctl/filter_info.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "ksctl/failure.h"
#include "ksctl/names.h"
#include "ksctl/property_value.h"

namespace ksctl {

namespace {

using json = nlohmann::ordered_json;

template <class T>
std::vector<T> listItems(const std::vector<std::byte>& bytes)
{
    std::vector<T> items;
    KSMULTIPLE_ITEM head;
    if (bytes.size() < sizeof(head)) return items;
    std::memcpy(&head, bytes.data(), sizeof(head));
    const size_t room = (std::min<size_t>(head.Size, bytes.size()) - std::min<size_t>(head.Size, sizeof(head)));
    const size_t count = std::min<size_t>(head.Count, room / sizeof(T));
    items.resize(count);
    if (count != 0) std::memcpy(items.data(), bytes.data() + sizeof(head), count * sizeof(T));
    return items;
}

NTSTATUS getFilterBytes(HANDLE filter, const GUID& set, ULONG id, std::vector<std::byte>* bytes)
{
    KSPROPERTY p{};
    p.Set = set;
    p.Id = id;
    p.Flags = KSPROPERTY_TYPE_GET;
    return getBytes(filter, &p, sizeof(p), bytes);
}

json instancesJson(const KSPIN_CINSTANCES& c)
{
    return {{"possible", c.PossibleCount == KSINSTANCE_INDETERMINATE ? json("unlimited") : json(c.PossibleCount)},
            {"current", c.CurrentCount}};
}

std::string possibleText(ULONG possible)
{
    return possible == KSINSTANCE_INDETERMINATE ? "unlimited" : std::to_string(possible);
}

std::string identifierText(const KSIDENTIFIER& id)
{
    std::vector<std::byte> list(sizeof(KSMULTIPLE_ITEM) + sizeof(KSIDENTIFIER));
    KSMULTIPLE_ITEM head{static_cast<ULONG>(list.size()), 1};
    std::memcpy(list.data(), &head, sizeof(head));
    std::memcpy(list.data() + sizeof(head), &id, sizeof(id));
    return decodeValue(ValueType::Identifiers, list).text;
}

std::string nodeRef(ULONG node)
{
    return node == KSFILTER_NODE ? "filter" : fmt::format("node {}", node);
}

}  // namespace

bool PinInfo::hasAudioRange() const
{
    for (const DataRangeInfo& r : ranges)
        if (r.kind == DataRangeInfo::Kind::Audio) return true;
    return false;
}

bool PinInfo::hasVideoRange() const
{
    for (const DataRangeInfo& r : ranges)
        if (r.kind == DataRangeInfo::Kind::Video) return true;
    return false;
}

NTSTATUS getPinBytes(HANDLE filter, ULONG pinId, ULONG id, std::vector<std::byte>* bytes)
{
    KSP_PIN request{};
    request.Property.Set = KSPROPSETID_Pin;
    request.Property.Id = id;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    request.PinId = pinId;
    return getBytes(filter, &request, sizeof(request), bytes);
}

PinInfo queryPin(HANDLE filter, ULONG pinId)
{
    PinInfo pin;
    pin.id = pinId;
    auto note = [&pin](const char* what, NTSTATUS status) {
        if (!pin.error.empty()) pin.error += "; ";
        pin.error += fmt::format("{}: {}", what, statusName(status));
    };
    NTSTATUS s = getPinValue(filter, pinId, KSPROPERTY_PIN_DATAFLOW, &pin.dataFlow);
    if (!NT_SUCCESS(s)) note("DATAFLOW", s);
    s = getPinValue(filter, pinId, KSPROPERTY_PIN_COMMUNICATION, &pin.communication);
    if (!NT_SUCCESS(s)) note("COMMUNICATION", s);
    KSPIN_CINSTANCES instances{};
    if (NT_SUCCESS(getPinValue(filter, pinId, KSPROPERTY_PIN_CINSTANCES, &instances))) pin.instances = instances;
    if (NT_SUCCESS(getPinValue(filter, pinId, KSPROPERTY_PIN_GLOBALCINSTANCES, &instances))) {
        pin.globalInstances = instances;
    }
    ULONG necessary = 0;
    if (NT_SUCCESS(getPinValue(filter, pinId, KSPROPERTY_PIN_NECESSARYINSTANCES, &necessary))) {
        pin.necessaryInstances = necessary;
    }
    GUID category{};
    if (NT_SUCCESS(getPinValue(filter, pinId, KSPROPERTY_PIN_CATEGORY, &category))) pin.category = category;
    std::vector<std::byte> bytes;
    if (NT_SUCCESS(getPinBytes(filter, pinId, KSPROPERTY_PIN_NAME, &bytes))) pin.name = narrow(bytes);
    if (NT_SUCCESS(getPinBytes(filter, pinId, KSPROPERTY_PIN_INTERFACES, &bytes))) {
        pin.interfaces = listItems<KSIDENTIFIER>(bytes);
    }
    if (NT_SUCCESS(getPinBytes(filter, pinId, KSPROPERTY_PIN_MEDIUMS, &bytes))) {
        pin.mediums = listItems<KSIDENTIFIER>(bytes);
    }
    s = getPinBytes(filter, pinId, KSPROPERTY_PIN_DATARANGES, &pin.rangeBytes);
    if (NT_SUCCESS(s)) {
        std::string error;
        pin.ranges = parseDataRanges(pin.rangeBytes, &error);
        if (!error.empty()) {
            if (!pin.error.empty()) pin.error += "; ";
            pin.error += "DATARANGES: " + error;
        }
    } else {
        note("DATARANGES", s);
    }
    return pin;
}

FilterInfo queryFilter(HANDLE filter)
{
    FilterInfo info;
    NTSTATUS s = getPinValue(filter, 0, KSPROPERTY_PIN_CTYPES, &info.pinCount);
    if (!NT_SUCCESS(s)) {
        throw Failure(Exit::Failed, fmt::format("the filter does not answer KSPROPERTY_PIN_CTYPES: {}", statusName(s)));
    }
    for (ULONG id = 0; id < info.pinCount; ++id)
        info.pins.push_back(queryPin(filter, id));

    // SETSUPPORT: Set GUID_NULL, Id 0, an array of GUIDs back (clients.md §1.2).
    KSPROPERTY support{};
    support.Flags = KSPROPERTY_TYPE_SETSUPPORT;
    std::vector<std::byte> bytes;
    if (NT_SUCCESS(getBytes(filter, &support, sizeof(support), &bytes))) {
        std::vector<GUID> sets(bytes.size() / sizeof(GUID));
        if (!sets.empty()) std::memcpy(sets.data(), bytes.data(), sets.size() * sizeof(GUID));
        info.propertySets = std::move(sets);
    }

    if (NT_SUCCESS(getFilterBytes(filter, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_CATEGORIES, &bytes))) {
        info.topologyCategories = listItems<GUID>(bytes);
    }
    if (NT_SUCCESS(getFilterBytes(filter, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_NODES, &bytes))) {
        std::vector<GUID> types = listItems<GUID>(bytes);
        for (ULONG i = 0; i < types.size(); ++i) {
            NodeInfo node;
            node.id = i;
            node.type = types[i];
            KSP_NODE name{};
            name.Property.Set = KSPROPSETID_Topology;
            name.Property.Id = KSPROPERTY_TOPOLOGY_NAME;
            name.Property.Flags = KSPROPERTY_TYPE_GET;
            name.NodeId = i;
            std::vector<std::byte> text;
            if (NT_SUCCESS(getBytes(filter, &name, sizeof(name), &text))) node.name = narrow(text);
            info.nodes.push_back(std::move(node));
        }
    }
    if (NT_SUCCESS(getFilterBytes(filter, KSPROPSETID_Topology, KSPROPERTY_TOPOLOGY_CONNECTIONS, &bytes))) {
        info.connections = listItems<KSTOPOLOGY_CONNECTION>(bytes);
    }
    KSCOMPONENTID component{};
    if (NT_SUCCESS(getValue(filter, KSPROPSETID_General, KSPROPERTY_GENERAL_COMPONENTID, &component))) {
        info.componentId = component;
    }
    return info;
}

std::string describePin(const PinInfo& pin)
{
    std::string text = fmt::format("pin {} ({}", pin.id, dataFlowName(pin.dataFlow));
    if (pin.category) text += ", " + guidLabel(*pin.category);
    return text + ")";
}

json filterJson(const Device& device, const FilterInfo& info)
{
    json j;
    j["path"] = device.path;
    j["driver"] = device.driver;
    j["name"] = device.friendlyName;
    j["reference"] = device.reference;
    j["categories"] = json::array();
    for (const GUID& c : device.categories)
        j["categories"].push_back(guidLabel(c));
    j["aliases"] = device.aliases;
    if (info.componentId) {
        std::vector<std::byte> raw(sizeof(KSCOMPONENTID));
        std::memcpy(raw.data(), &*info.componentId, raw.size());
        j["componentId"] = decodeValue(ValueType::ComponentId, raw).json;
    } else {
        j["componentId"] = nullptr;
    }
    if (info.propertySets) {
        j["propertySets"] = json::array();
        for (const GUID& s : *info.propertySets)
            j["propertySets"].push_back(guidLabel(s));
    } else {
        j["propertySets"] = nullptr;
    }
    j["pinFactories"] = info.pinCount;
    j["pins"] = json::array();
    for (const PinInfo& pin : info.pins) {
        json p;
        p["id"] = pin.id;
        p["dataFlow"] = dataFlowName(pin.dataFlow);
        p["communication"] = communicationName(pin.communication);
        p["category"] = pin.category ? json(guidLabel(*pin.category)) : json(nullptr);
        p["name"] = pin.name ? json(*pin.name) : json(nullptr);
        json instances = pin.instances ? instancesJson(*pin.instances) : json::object();
        instances["necessary"] = pin.necessaryInstances ? json(*pin.necessaryInstances) : json(nullptr);
        p["instances"] = instances;
        p["globalInstances"] = pin.globalInstances ? instancesJson(*pin.globalInstances) : json(nullptr);
        p["interfaces"] = json::array();
        for (const KSIDENTIFIER& id : pin.interfaces)
            p["interfaces"].push_back(identifierText(id));
        p["mediums"] = json::array();
        for (const KSIDENTIFIER& id : pin.mediums)
            p["mediums"].push_back(identifierText(id));
        p["dataRanges"] = json::array();
        for (const DataRangeInfo& r : pin.ranges)
            p["dataRanges"].push_back(rangeJson(r));
        if (!pin.error.empty()) p["error"] = pin.error;
        j["pins"].push_back(std::move(p));
    }
    json topology;
    topology["categories"] = json::array();
    for (const GUID& c : info.topologyCategories)
        topology["categories"].push_back(guidLabel(c));
    topology["nodes"] = json::array();
    for (const NodeInfo& n : info.nodes) {
        topology["nodes"].push_back(
            {{"id", n.id}, {"type", guidLabel(n.type)}, {"name", n.name ? json(*n.name) : json(nullptr)}});
    }
    topology["connections"] = json::array();
    for (const KSTOPOLOGY_CONNECTION& c : info.connections) {
        topology["connections"].push_back(
            {{"fromNode", c.FromNode == KSFILTER_NODE ? json("filter") : json(c.FromNode)},
             {"fromPin", c.FromNodePin},
             {"toNode", c.ToNode == KSFILTER_NODE ? json("filter") : json(c.ToNode)},
             {"toPin", c.ToNodePin}});
    }
    j["topology"] = topology;
    return j;
}

std::string filterText(const Device& device, const FilterInfo& info)
{
    std::string out = fmt::format("{}  {}\n", device.driver, device.path);
    out += fmt::format("  name           {}\n", device.friendlyName);
    std::string categories;
    for (const GUID& c : device.categories)
        categories += (categories.empty() ? "" : ", ") + categoryShortName(c);
    out += fmt::format("  categories     {}\n", categories);
    for (size_t i = 0; i < device.aliases.size(); ++i) {
        out += fmt::format("  {:<14} {}\n", i == 0 ? "paths" : "", device.aliases[i]);
    }
    if (info.componentId) {
        out += fmt::format("  component      manufacturer {}, product {}, version {}.{}\n",
                           guidLabel(info.componentId->Manufacturer), guidLabel(info.componentId->Product),
                           info.componentId->Version, info.componentId->Revision);
    } else {
        out += "  component      (KSPROPERTY_GENERAL_COMPONENTID not supported)\n";
    }
    if (info.propertySets) {
        out += "  property sets  (SETSUPPORT)";
        for (size_t i = 0; i < info.propertySets->size(); ++i)
            out += (i == 0 ? " " : ", ") + guidLabel((*info.propertySets)[i]);
        out += info.propertySets->empty() ? " none\n" : "\n";
    } else {
        out += "  property sets  (SETSUPPORT not supported)\n";
    }
    out += fmt::format("  pin factories  {}\n", info.pinCount);
    for (const PinInfo& pin : info.pins) {
        out +=
            fmt::format("  pin {}: {}, {}", pin.id, dataFlowName(pin.dataFlow), communicationName(pin.communication));
        if (pin.category) out += ", category " + guidLabel(*pin.category);
        if (pin.name) out += fmt::format(", name \"{}\"", *pin.name);
        out += '\n';
        std::string instances;
        if (pin.instances) {
            instances = fmt::format("possible {}, current {}", possibleText(pin.instances->PossibleCount),
                                    pin.instances->CurrentCount);
        }
        if (pin.necessaryInstances) {
            instances += fmt::format("{}necessary {}", instances.empty() ? "" : ", ", *pin.necessaryInstances);
        }
        if (pin.globalInstances) {
            instances +=
                fmt::format(" (global: possible {}, current {})", possibleText(pin.globalInstances->PossibleCount),
                            pin.globalInstances->CurrentCount);
        }
        out += fmt::format("      instances   {}\n", instances.empty() ? "(not reported)" : instances);
        for (size_t i = 0; i < pin.interfaces.size(); ++i)
            out += fmt::format("      {:<11} {}\n", i == 0 ? "interfaces" : "", identifierText(pin.interfaces[i]));
        for (size_t i = 0; i < pin.mediums.size(); ++i)
            out += fmt::format("      {:<11} {}\n", i == 0 ? "mediums" : "", identifierText(pin.mediums[i]));
        out += fmt::format("      data ranges {}\n", pin.ranges.size());
        for (size_t i = 0; i < pin.ranges.size(); ++i)
            out += fmt::format("        [{}] {}\n", i, describeRange(pin.ranges[i]));
        if (!pin.error.empty()) out += fmt::format("      errors      {}\n", pin.error);
    }
    std::string topoCategories;
    for (const GUID& c : info.topologyCategories)
        topoCategories += (topoCategories.empty() ? "" : ", ") + categoryShortName(c);
    out += fmt::format("  topology       categories {}; {} node{}, {} connection{}\n",
                       topoCategories.empty() ? "(none)" : topoCategories, info.nodes.size(),
                       info.nodes.size() == 1 ? "" : "s", info.connections.size(),
                       info.connections.size() == 1 ? "" : "s");
    for (const NodeInfo& n : info.nodes) {
        out += fmt::format("      node {}: {}{}\n", n.id, guidLabel(n.type),
                           n.name ? fmt::format(" \"{}\"", *n.name) : std::string());
    }
    for (const KSTOPOLOGY_CONNECTION& c : info.connections) {
        out += fmt::format("      {} pin {} -> {} pin {}\n", nodeRef(c.FromNode), c.FromNodePin, nodeRef(c.ToNode),
                           c.ToNodePin);
    }
    return out;
}

}  // namespace ksctl
