// SPDX-License-Identifier: MIT
// What a KS filter says about itself (pins, ranges, property sets, topology), queried the way KS clients query it.

// queryFilter() asks an open filter every KSPROPSETID_Pin property of every
// pin factory (CTYPES, DATAFLOW, COMMUNICATION, CINSTANCES,
// GLOBALCINSTANCES, NECESSARYINSTANCES, CATEGORY, NAME, INTERFACES,
// MEDIUMS, DATARANGES), the filter's property sets (SETSUPPORT), its
// topology (CATEGORIES, NODES, CONNECTIONS, and NAME per node) and
// KSPROPERTY_GENERAL_COMPONENTID.  A property the filter does not support
// is recorded as absent, never an error: drivers differ.
//
//   FilterInfo info = queryFilter(filterHandle);
//   for (const PinInfo& pin : info.pins) if (pin.dataFlow == KSPIN_DATAFLOW_IN) ...
//
// Threads: any thread; one call at a time per handle is what ksctl does.
#pragma once

#include <openks/client.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "ksctl/data_range.h"
#include "ksctl/devices.h"
#include "ksctl/ks_io.h"

namespace ksctl {

struct PinInfo {
    ULONG id = 0;
    ULONG dataFlow = 0;
    ULONG communication = 0;
    std::optional<KSPIN_CINSTANCES> instances;
    std::optional<KSPIN_CINSTANCES> globalInstances;
    std::optional<ULONG> necessaryInstances;
    std::optional<GUID> category;
    std::optional<std::string> name;
    std::vector<KSIDENTIFIER> interfaces;
    std::vector<KSIDENTIFIER> mediums;
    std::vector<std::byte> rangeBytes;  // the KSPROPERTY_PIN_DATARANGES answer
    std::vector<DataRangeInfo> ranges;
    std::string error;  // what failed while querying this pin (empty when all went well)

    bool takesClientInstances() const
    {
        return communication == KSPIN_COMMUNICATION_SINK || communication == KSPIN_COMMUNICATION_BOTH;
    }
    bool hasAudioRange() const;
    bool hasVideoRange() const;
};

struct NodeInfo {
    ULONG id = 0;
    GUID type{};
    std::optional<std::string> name;
};

struct FilterInfo {
    ULONG pinCount = 0;
    std::vector<PinInfo> pins;
    std::optional<std::vector<GUID>> propertySets;  // SETSUPPORT; absent when the filter refused it
    std::vector<GUID> topologyCategories;
    std::vector<NodeInfo> nodes;
    std::vector<KSTOPOLOGY_CONNECTION> connections;
    std::optional<KSCOMPONENTID> componentId;
};

// Queries a filter (see the top of this file).  Throws Failure(Failed) when KSPROPERTY_PIN_CTYPES itself
// fails: then the handle is not a usable KS filter.
FilterInfo queryFilter(HANDLE filter);
// One pin factory's KSPROPSETID_Pin properties.
PinInfo queryPin(HANDLE filter, ULONG pinId);

// GET of a fixed-size KSPROPSETID_Pin property of a pin factory (KSP_PIN).
template <class T>
NTSTATUS getPinValue(HANDLE filter, ULONG pinId, ULONG id, T* value)
{
    KSP_PIN request{};
    request.Property.Set = KSPROPSETID_Pin;
    request.Property.Id = id;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    request.PinId = pinId;
    Answer a = control(filter, IOCTL_KS_PROPERTY, &request, sizeof(request), value, sizeof(T));
    if (a.ok() && a.information < sizeof(T)) return STATUS_INFO_LENGTH_MISMATCH;
    return a.status;
}
// Variable-size KSPROPSETID_Pin property of a pin factory (probe, then fetch).
NTSTATUS getPinBytes(HANDLE filter, ULONG pinId, ULONG id, std::vector<std::byte>* bytes);

nlohmann::ordered_json filterJson(const Device& device, const FilterInfo& info);
// The human-readable report `ksctl inspect` prints.
std::string filterText(const Device& device, const FilterInfo& info);

// "pin 0 (OUT, capture)" for messages.
std::string describePin(const PinInfo& pin);

}  // namespace ksctl
