// SPDX-License-Identifier: MIT
// Opening filters, choosing pins, DATAINTERSECTION, KsCreatePin, pin properties and state walks for ksctl's commands.
#include "ksctl/pin_setup.h"

#include <fmt/format.h>

#include <cstring>

#include "ksctl/failure.h"
#include "ksctl/ks_io.h"
#include "ksctl/names.h"

namespace ksctl {

namespace {

bool offers(const PinInfo& pin, MediaKind kind)
{
    switch (kind) {
        case MediaKind::Audio:
            return pin.hasAudioRange();
        case MediaKind::Video:
            return pin.hasVideoRange();
        case MediaKind::Any:
            return true;
    }
    return false;
}

const char* kindName(MediaKind kind)
{
    return kind == MediaKind::Audio ? "audio" : kind == MediaKind::Video ? "video" : "any";
}

std::string pinsHint(const OpenedFilter& filter)
{
    std::string text = fmt::format("{} has {} pin factor{}:", filter.device().driver, filter.info().pinCount,
                                   filter.info().pinCount == 1 ? "y" : "ies");
    for (const PinInfo& pin : filter.info().pins) {
        text += fmt::format("\n    pin {}: {}, {}", pin.id, dataFlowName(pin.dataFlow),
                            communicationName(pin.communication));
        for (const DataRangeInfo& r : pin.ranges)
            text += "\n        " + describeRange(r);
    }
    return text;
}

}  // namespace

std::string statusText(NTSTATUS status)
{
    return fmt::format("{} (0x{:08X})", statusName(status), static_cast<ULONG>(status));
}

OpenedFilter::OpenedFilter(const Device& device, bool query) : device_(device)
{
    NTSTATUS status = STATUS_SUCCESS;
    handle_ = openFilter(device.path, filterLabel(device), &status);
    if (handle_ == nullptr) {
        throw Failure(Exit::Failed, fmt::format("cannot open {}: {}", describeDevice(device), statusText(status)));
    }
    if (!query) return;
    try {
        info_ = queryFilter(handle_);
    } catch (...) {
        closeObject(handle_);
        throw;
    }
}

OpenedFilter::~OpenedFilter()
{
    closeObject(handle_);
}

PinHandle& PinHandle::operator=(PinHandle&& other) noexcept
{
    if (this != &other) {
        close();
        handle_ = other.handle_;
        other.handle_ = nullptr;
    }
    return *this;
}

void PinHandle::close()
{
    closeObject(handle_);
    handle_ = nullptr;
}

const PinInfo& choosePin(const OpenedFilter& filter, std::optional<ULONG> requested, ULONG flow, MediaKind kind)
{
    const FilterInfo& info = filter.info();
    const char* direction = flow == KSPIN_DATAFLOW_IN ? "data into the filter (IN, a render pin)"
                                                      : "data out of the filter (OUT, a capture pin)";
    if (requested) {
        if (*requested >= info.pins.size()) {
            throw Failure(Exit::DeviceNotFound, fmt::format("{} has no pin {}", filter.device().driver, *requested),
                          {pinsHint(filter)});
        }
        const PinInfo& pin = info.pins[*requested];
        if (pin.dataFlow != flow) {
            throw Failure(Exit::FormatNotSupported,
                          fmt::format("pin {} of {} is {}; this command needs a pin that takes {}", pin.id,
                                      filter.device().driver, dataFlowName(pin.dataFlow), direction),
                          {pinsHint(filter)});
        }
        if (!pin.takesClientInstances()) {
            throw Failure(Exit::FormatNotSupported,
                          fmt::format("pin {} of {} does not accept client connections (communication {})", pin.id,
                                      filter.device().driver, communicationName(pin.communication)),
                          {pinsHint(filter)});
        }
        if (!offers(pin, kind)) {
            throw Failure(
                Exit::FormatNotSupported,
                fmt::format("pin {} of {} offers no {} format", pin.id, filter.device().driver, kindName(kind)),
                {rangesHint(pin)});
        }
        return pin;
    }
    for (const PinInfo& pin : info.pins) {
        if (pin.dataFlow == flow && pin.takesClientInstances() && offers(pin, kind)) return pin;
    }
    throw Failure(
        Exit::FormatNotSupported,
        fmt::format("{} has no pin that takes {} with {} formats", filter.device().driver, direction, kindName(kind)),
        {pinsHint(filter)});
}

std::string rangesHint(const PinInfo& pin)
{
    std::string text = fmt::format("pin {} takes:", pin.id);
    for (size_t i = 0; i < pin.ranges.size(); ++i)
        text += fmt::format("\n    [{}] {}", i, describeRange(pin.ranges[i]));
    if (pin.ranges.empty()) text += " (no data ranges)";
    return text;
}

std::vector<std::byte> intersectAudio(const OpenedFilter& filter, const PinInfo& pin, const AudioWish& wish)
{
    KSDATARANGE_AUDIO range{};
    range.DataRange.FormatSize = sizeof(range);
    range.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    range.DataRange.SubFormat = wish.isFloat
                                    ? (*wish.isFloat ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT : KSDATAFORMAT_SUBTYPE_PCM)
                                    : KSDATAFORMAT_SUBTYPE_WILDCARD;
    range.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    range.MaximumChannels = wish.channels.value_or(ULONG(-1));
    range.MinimumBitsPerSample = wish.bits.value_or(8);
    range.MaximumBitsPerSample = wish.bits.value_or(wish.maxBits);
    range.MinimumSampleFrequency = wish.rate.value_or(1);
    range.MaximumSampleFrequency = wish.rate.value_or(0x7FFFFFFF);

    // KSP_PIN, then a KSMULTIPLE_ITEM holding the caller's ranges (one here).
    struct {
        KSP_PIN pin;
        KSMULTIPLE_ITEM list;
        KSDATARANGE_AUDIO range;
    } request{};
    request.pin.Property.Set = KSPROPSETID_Pin;
    request.pin.Property.Id = KSPROPERTY_PIN_DATAINTERSECTION;
    request.pin.Property.Flags = KSPROPERTY_TYPE_GET;
    request.pin.PinId = pin.id;
    request.list.Size = sizeof(KSMULTIPLE_ITEM) + sizeof(KSDATARANGE_AUDIO);
    request.list.Count = 1;
    request.range = range;

    std::vector<std::byte> format(sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) + 64);
    Answer a = control(filter.handle(), IOCTL_KS_PROPERTY, &request, sizeof(request), format.data(),
                       static_cast<ULONG>(format.size()));
    if ((a.status == STATUS_BUFFER_OVERFLOW || a.status == STATUS_BUFFER_TOO_SMALL) && a.information > format.size()) {
        format.resize(a.information);
        a = control(filter.handle(), IOCTL_KS_PROPERTY, &request, sizeof(request), format.data(),
                    static_cast<ULONG>(format.size()));
    }
    if (a.status == STATUS_NO_MATCH) return {};
    if (!a.ok()) {
        throw Failure(Exit::Failed, fmt::format("KSPROPERTY_PIN_DATAINTERSECTION on pin {} of {} failed: {}", pin.id,
                                                filter.device().driver, statusText(a.status)));
    }
    format.resize(std::min<size_t>(a.information, format.size()));
    if (format.size() < sizeof(KSDATAFORMAT)) {
        throw Failure(Exit::Failed,
                      fmt::format("pin {} of {} answered DATAINTERSECTION with {} bytes, less than a KSDATAFORMAT",
                                  pin.id, filter.device().driver, format.size()));
    }
    return format;
}

PinHandle createPin(const OpenedFilter& filter, const PinInfo& pin, const std::vector<std::byte>& format,
                    ACCESS_MASK access)
{
    KSPIN_CONNECT connect{};
    connect.Interface.Set = KSINTERFACESETID_Standard;
    connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    connect.Medium.Set = KSMEDIUMSETID_Standard;
    connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    connect.PinId = pin.id;
    connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    connect.Priority.PrioritySubClass = 1;
    std::vector<std::byte> create(sizeof(connect) + format.size());
    std::memcpy(create.data(), &connect, sizeof(connect));
    std::memcpy(create.data() + sizeof(connect), format.data(), format.size());
    HANDLE handle = nullptr;
    const DWORD error = ksctl::createPin(filter.handle(), create, access,
                                         fmt::format("pin({}:{})", filter.device().driver, pin.id), &handle);
    if (error == ERROR_SUCCESS) return PinHandle(handle);
    FormatInfo described;
    const std::string what = parseFormat(format, &described) ? describeFormat(described) : "the format";
    if (error == ERROR_NO_MATCH || error == ERROR_INVALID_PARAMETER) {
        throw Failure(
            Exit::FormatNotSupported,
            fmt::format("pin {} of {} refused {} ({})", pin.id, filter.device().driver, what, win32Name(error)),
            {rangesHint(pin)});
    }
    if (error == ERROR_NO_SYSTEM_RESOURCES || error == ERROR_BAD_COMMAND) {
        throw Failure(Exit::Failed,
                      fmt::format("pin {} of {} is in use: all its instances are taken ({})", pin.id,
                                  filter.device().driver, win32Name(error)),
                      {"close the other stream on this pin and try again"});
    }
    throw Failure(Exit::Failed, fmt::format("KsCreatePin for pin {} of {} failed: {} ({})", pin.id,
                                            filter.device().driver, win32Name(error), error));
}

void applyAssignments(HANDLE pin, const std::vector<Assignment>& assignments)
{
    for (const Assignment& a : assignments) {
        KSPROPERTY p{};
        p.Set = a.property.set;
        p.Id = a.property.id;
        p.Flags = KSPROPERTY_TYPE_SET;
        std::vector<std::byte> value = a.value;
        Answer answer = control(pin, IOCTL_KS_PROPERTY, &p, sizeof(p), value.data(), static_cast<ULONG>(value.size()));
        if (answer.status == STATUS_NOT_FOUND || answer.status == STATUS_PROPSET_NOT_FOUND) {
            throw Failure(Exit::PropertyNotSupported,
                          fmt::format("the pin does not support {} ({})", a.property.label, statusName(answer.status)));
        }
        if (!answer.ok()) {
            throw Failure(Exit::Failed, fmt::format("the pin refused {} = {}: {}", a.property.label, a.valueText,
                                                    statusText(answer.status)));
        }
    }
}

bool setFreeRunning(HANDLE pin)
{
    for (const PropertySetName& set : propertySets()) {
        for (const PropertyName& p : set.properties) {
            if (p.type != ValueType::Pacing) continue;
            const ULONG freeRunning = 1;
            if (NT_SUCCESS(setValue(pin, *set.set, p.id, freeRunning))) return true;
        }
    }
    return false;
}

void walkState(HANDLE pin, KSSTATE from, KSSTATE to)
{
    int state = from;
    while (state != to) {
        state += (to > state) ? 1 : -1;
        NTSTATUS s = setState(pin, static_cast<KSSTATE>(state));
        if (!NT_SUCCESS(s)) {
            throw Failure(Exit::Failed,
                          fmt::format("setting the pin to {} failed: {}", stateName(ULONG(state)), statusText(s)));
        }
    }
}

}  // namespace ksctl
