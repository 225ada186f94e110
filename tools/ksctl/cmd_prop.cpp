// SPDX-License-Identifier: MIT
// ksctl prop get|set: one property of a filter, a pin factory, a pin instance or a topology node, decoded by type.

// Where a request goes:
//   Pin.*                 the filter, as a KSP_PIN with PinId = --pin (0 when not given);
//   --node N              the filter, as a KSP_NODE with KSPROPERTY_TYPE_TOPOLOGY (a
//                         KSNODEPROPERTY_AUDIO_CHANNEL when --channel is given);
//   --pin N (other sets)  a pin instance ksctl creates for the request (with the format the
//                         pin proposes through DATAINTERSECTION) and closes afterwards;
//   otherwise             the filter, as a KSPROPERTY.

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>

#include "ksctl/commands.h"
#include "ksctl/failure.h"
#include "ksctl/ks_io.h"
#include "ksctl/names.h"
#include "ksctl/pin_setup.h"
#include "ksctl/property_value.h"

namespace ksctl {

namespace {

using json = nlohmann::ordered_json;

// Bytes a GET of a fixed-size type answers; 0 for variable-size types.
ULONG fixedSize(ValueType type)
{
    switch (type) {
        case ValueType::Ulong:
        case ValueType::Long:
        case ValueType::Bool:
        case ValueType::State:
        case ValueType::DataFlow:
        case ValueType::Communication:
        case ValueType::Pacing:
            return 4;
        case ValueType::Ulonglong:
        case ValueType::Longlong:
        case ValueType::Time:
        case ValueType::CInstances:
        case ValueType::Priority:
            return 8;
        case ValueType::Guid:
        case ValueType::AudioPosition:
        case ValueType::NullStatistics:
            return 16;
        case ValueType::Framing:
            return sizeof(KSALLOCATOR_FRAMING);
        case ValueType::ComponentId:
            return sizeof(KSCOMPONENTID);
        default:
            return 0;
    }
}

// The format a pin proposes for itself: DATAINTERSECTION with its own ranges as the caller's.
std::vector<std::byte> proposedFormat(const OpenedFilter& filter, const PinInfo& pin)
{
    if (pin.rangeBytes.size() <= sizeof(KSMULTIPLE_ITEM)) return {};
    KSP_PIN head{};
    head.Property.Set = KSPROPSETID_Pin;
    head.Property.Id = KSPROPERTY_PIN_DATAINTERSECTION;
    head.Property.Flags = KSPROPERTY_TYPE_GET;
    head.PinId = pin.id;
    std::vector<std::byte> request(sizeof(head) + pin.rangeBytes.size());
    std::memcpy(request.data(), &head, sizeof(head));
    std::memcpy(request.data() + sizeof(head), pin.rangeBytes.data(), pin.rangeBytes.size());
    std::vector<std::byte> format;
    if (!NT_SUCCESS(getBytes(filter.handle(), request.data(), static_cast<ULONG>(request.size()), &format))) return {};
    return format;
}

// KSPROPSETID_Audio properties addressed per channel of a node (KSNODEPROPERTY_AUDIO_CHANNEL requests).
bool isChannelProperty(const GUID& set, ULONG id)
{
    if (!IsEqualGUID(set, KSPROPSETID_Audio)) return false;
    switch (id) {
        case KSPROPERTY_AUDIO_VOLUMELEVEL:
        case KSPROPERTY_AUDIO_MUTE:
        case KSPROPERTY_AUDIO_BASS:
        case KSPROPERTY_AUDIO_MID:
        case KSPROPERTY_AUDIO_TREBLE:
        case KSPROPERTY_AUDIO_BASS_BOOST:
        case KSPROPERTY_AUDIO_EQ_LEVEL:
        case KSPROPERTY_AUDIO_AGC:
        case KSPROPERTY_AUDIO_LOUDNESS:
        case KSPROPERTY_AUDIO_PEAKMETER:
        case KSPROPERTY_AUDIO_PEAKMETER2:
            return true;
        default:
            return false;
    }
}

std::string setsHint(HANDLE object)
{
    KSPROPERTY support{};
    support.Flags = KSPROPERTY_TYPE_SETSUPPORT;
    std::vector<std::byte> bytes;
    if (!NT_SUCCESS(getBytes(object, &support, sizeof(support), &bytes)) || bytes.size() < sizeof(GUID)) {
        return "the object does not list its property sets (SETSUPPORT)";
    }
    std::string text = "its property sets:";
    for (size_t at = 0; at + sizeof(GUID) <= bytes.size(); at += sizeof(GUID)) {
        GUID g;
        std::memcpy(&g, bytes.data() + at, sizeof(g));
        const PropertySetName* known = findSet(g);
        text += " " + (known != nullptr ? std::string(known->shortName) : guidText(g));
    }
    return text;
}

std::string indent(const std::string& text, const std::string& prefix)
{
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += prefix + text.substr(start, end - start) + "\n";
        start = end + 1;
    }
    return out;
}

}  // namespace

int runProp(const PropOptions& o)
{
    const PropertyRef property = parsePropertyRef(o.property);
    std::vector<std::byte> value;
    if (o.set) value = parsePropertyValue(property, o.value);
    if (o.channel && !o.node) throw Failure(Exit::Usage, "--channel addresses a channel of a node: give --node too");

    std::vector<Device> devices = enumerateDevices();
    const Device& device = resolveOne(devices, o.device);
    // Only what this request needs is asked, so --trace shows the request itself.
    OpenedFilter filter(device, /*query=*/false);
    const bool pinSet = IsEqualGUID(property.set, KSPROPSETID_Pin);
    if (o.pin) {
        ULONG pins = 0;
        const NTSTATUS s = getPinValue(filter.handle(), 0, KSPROPERTY_PIN_CTYPES, &pins);
        if (!NT_SUCCESS(s)) {
            throw Failure(Exit::Failed,
                          fmt::format("{} does not answer KSPROPERTY_PIN_CTYPES: {}", device.driver, statusText(s)));
        }
        if (*o.pin >= pins) {
            throw Failure(Exit::DeviceNotFound,
                          fmt::format("{} has no pin {} (it has {} pin factories)", device.driver, *o.pin, pins));
        }
    }
    if (o.node) {
        KSPROPERTY nodes{};
        nodes.Set = KSPROPSETID_Topology;
        nodes.Id = KSPROPERTY_TOPOLOGY_NODES;
        nodes.Flags = KSPROPERTY_TYPE_GET;
        std::vector<std::byte> bytes;
        KSMULTIPLE_ITEM list{};
        if (NT_SUCCESS(getBytes(filter.handle(), &nodes, sizeof(nodes), &bytes)) && bytes.size() >= sizeof(list)) {
            std::memcpy(&list, bytes.data(), sizeof(list));
        }
        if (*o.node >= list.Count) {
            throw Failure(Exit::DeviceNotFound,
                          fmt::format("{} has no topology node {} (it has {})", device.driver, *o.node, list.Count));
        }
    }

    // The object the request goes to.
    HANDLE target = filter.handle();
    std::string object = "filter";
    PinHandle instance;
    if (o.pin && !pinSet && !o.node) {
        const PinInfo pin = queryPin(filter.handle(), *o.pin);
        std::vector<std::byte> format = proposedFormat(filter, pin);
        if (format.empty()) {
            throw Failure(Exit::FormatNotSupported,
                          fmt::format("cannot create an instance of pin {} of {} to ask it: it proposes no format",
                                      pin.id, device.driver),
                          {rangesHint(pin)});
        }
        instance = createPin(filter, pin, format, GENERIC_READ | GENERIC_WRITE);
        target = instance.get();
        object = fmt::format("pin {} instance", pin.id);
    } else if (pinSet) {
        object = fmt::format("pin {}", o.pin.value_or(0));
    } else if (o.node) {
        object = fmt::format("node {}", *o.node);
    }

    // The request: KSPROPERTY, then PinId / NodeId (and Channel) as the target needs.
    const ULONG verb = o.basic ? KSPROPERTY_TYPE_BASICSUPPORT : o.set ? KSPROPERTY_TYPE_SET : KSPROPERTY_TYPE_GET;
    std::vector<std::byte> request(sizeof(KSPROPERTY));
    KSPROPERTY head{};
    head.Set = property.set;
    head.Id = property.id;
    head.Flags = verb;
    ULONG extra[4] = {};
    size_t extraCount = 0;
    if (pinSet) {
        extra[extraCount++] = o.pin.value_or(0);
        extra[extraCount++] = 0;
    } else if (o.node) {
        head.Flags |= KSPROPERTY_TYPE_TOPOLOGY;
        extra[extraCount++] = *o.node;
        extra[extraCount++] = 0;
        // Per-channel audio properties always carry a channel: 0 to read, every channel (-1) to write.
        std::optional<LONG> channel = o.channel;
        if (!channel && isChannelProperty(property.set, property.id)) channel = o.set ? -1 : 0;
        if (channel) {
            extra[extraCount++] = static_cast<ULONG>(*channel);
            extra[extraCount++] = 0;
        }
    }
    std::memcpy(request.data(), &head, sizeof(head));
    request.resize(sizeof(head) + extraCount * sizeof(ULONG));
    if (extraCount != 0) std::memcpy(request.data() + sizeof(head), extra, extraCount * sizeof(ULONG));
    const ULONG requestLength = static_cast<ULONG>(request.size());

    auto refuse = [&](NTSTATUS status, const char* what) {
        if (status == STATUS_NOT_FOUND || status == STATUS_PROPSET_NOT_FOUND) {
            throw Failure(Exit::PropertyNotSupported,
                          fmt::format("{} of {} does not support {} ({})", object, device.driver, property.label,
                                      statusName(status)),
                          {setsHint(target)});
        }
        throw Failure(Exit::Failed, fmt::format("{} {} on {} of {} failed: {}", what, property.label, object,
                                                device.driver, statusText(status)));
    };

    json out;
    out["device"] = device.driver;
    out["object"] = object;
    out["property"] = property.label;
    out["set"] = guidText(property.set);
    out["id"] = property.id;
    out["type"] = valueTypeName(property.type);

    if (o.set) {
        Answer a = control(target, IOCTL_KS_PROPERTY, request.data(), requestLength, value.data(),
                           static_cast<ULONG>(value.size()));
        if (!a.ok()) {
            if (a.status == STATUS_INVALID_PARAMETER || a.status == STATUS_INVALID_DEVICE_REQUEST) {
                // Say what the property accepts, when it says.
                KSPROPERTY basic = head;
                basic.Flags = KSPROPERTY_TYPE_BASICSUPPORT | (head.Flags & KSPROPERTY_TYPE_TOPOLOGY);
                std::vector<std::byte> basicRequest = request;
                std::memcpy(basicRequest.data(), &basic, sizeof(basic));
                std::vector<std::byte> support;
                std::vector<std::string> hints;
                if (NT_SUCCESS(getBytes(target, basicRequest.data(), requestLength, &support)) && !support.empty()) {
                    hints.push_back("BASICSUPPORT: " + decodeBasicSupport(support).text);
                }
                throw Failure(Exit::Failed,
                              fmt::format("{} of {} refused {} = {}: {}", object, device.driver, property.label,
                                          o.value, statusText(a.status)),
                              hints);
            }
            refuse(a.status, "SET of");
        }
        out["status"] = statusName(a.status);
        out["value"] = decodeValue(property.type, value).json;
        if (o.json) {
            std::fputs((out.dump(2) + "\n").c_str(), stdout);
        } else {
            std::printf("%s = %s (set on %s of %s)\n", property.label.c_str(),
                        decodeValue(property.type, value).text.c_str(), object.c_str(), device.driver.c_str());
        }
        return 0;
    }

    std::vector<std::byte> answer;
    NTSTATUS status;
    const ULONG fixed = o.basic ? 0 : fixedSize(property.type);
    if (fixed != 0) {
        answer.resize(fixed);
        Answer a = control(target, IOCTL_KS_PROPERTY, request.data(), requestLength, answer.data(), fixed);
        status = a.status;
        answer.resize(std::min<size_t>(a.information, fixed));
        if (a.ok() && a.information < fixed) status = STATUS_INFO_LENGTH_MISMATCH;
    } else {
        status = getBytes(target, request.data(), requestLength, &answer);
    }
    if (!NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) refuse(status, o.basic ? "BASICSUPPORT of" : "GET of");

    DecodedValue decoded = o.basic ? decodeBasicSupport(answer) : decodeValue(property.type, answer);
    if (o.json) {
        out["status"] = statusName(status);
        out["bytes"] = answer.size();
        out[o.basic ? "basicSupport" : "value"] = decoded.json;
        std::fputs((out.dump(2) + "\n").c_str(), stdout);
    } else if (decoded.text.find('\n') == std::string::npos) {
        std::printf("%s%s = %s\n", property.label.c_str(), o.basic ? " BASICSUPPORT" : "", decoded.text.c_str());
    } else {
        std::printf("%s%s:\n%s", property.label.c_str(), o.basic ? " BASICSUPPORT" : "",
                    indent(decoded.text, "  ").c_str());
    }
    return 0;
}

}  // namespace ksctl
