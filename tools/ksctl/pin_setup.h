// SPDX-License-Identifier: MIT
// Opening a filter, choosing a pin, negotiating a format and creating and driving a pin, with messages users can act
// on.

// What `render`, `capture` and `prop` share: the steps a KS client takes
// before it streams, each failing with a Failure that says what to do.
//
//   OpenedFilter filter(device);                               // CreateFile + the pin queries
//   const PinInfo& pin = choosePin(filter, std::nullopt, KSPIN_DATAFLOW_IN, MediaKind::Audio);
//   std::vector<std::byte> format = intersectAudio(filter, pin, wish, &note);   // DATAINTERSECTION
//   PinHandle instance = createPin(filter, pin, format, GENERIC_READ | GENERIC_WRITE);   // KsCreatePin
//   walkTo(instance, KSSTATE_PAUSE);                             // ACQUIRE, PAUSE one step each
//
// Threads: one thread per object.
#pragma once

#include <openks/client.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ksctl/devices.h"
#include "ksctl/filter_info.h"
#include "ksctl/property_ref.h"

namespace ksctl {

// An open filter and what it said about its pins.  Closes the handle when destroyed.
class OpenedFilter {
public:
    // Opens `device` and (with `query`) asks it about its pins and topology (queryFilter); throws
    // Failure(Failed) when either fails.  Without `query`, info() is empty.
    explicit OpenedFilter(const Device& device, bool query = true);
    ~OpenedFilter();
    OpenedFilter(const OpenedFilter&) = delete;
    OpenedFilter& operator=(const OpenedFilter&) = delete;

    HANDLE handle() const { return handle_; }
    const Device& device() const { return device_; }
    const FilterInfo& info() const { return info_; }

private:
    Device device_;
    HANDLE handle_ = nullptr;
    FilterInfo info_;
};

// A pin instance.  Closes the handle (cancelling what is outstanding) when destroyed.
class PinHandle {
public:
    PinHandle() = default;
    explicit PinHandle(HANDLE handle) : handle_(handle) {}
    ~PinHandle() { close(); }
    PinHandle(PinHandle&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
    PinHandle& operator=(PinHandle&& other) noexcept;
    PinHandle(const PinHandle&) = delete;
    PinHandle& operator=(const PinHandle&) = delete;

    HANDLE get() const { return handle_; }
    void close();

private:
    HANDLE handle_ = nullptr;
};

enum class MediaKind { Audio, Video, Any };

// The pin to stream with: `requested` if given (it must exist, have `flow`, accept client instances and
// offer `kind`), else the first pin that does.  Throws Failure(DeviceNotFound) for a pin id that does not
// exist, Failure(FormatNotSupported) when no pin fits, listing the pins.
const PinInfo& choosePin(const OpenedFilter& filter, std::optional<ULONG> requested, ULONG flow, MediaKind kind);

// "pin 0 takes:\n  [0] audio PCM: ..." for error hints.
std::string rangesHint(const PinInfo& pin);

// What an audio stream would like; unset fields leave the choice to the pin.
struct AudioWish {
    std::optional<ULONG> rate;
    std::optional<ULONG> channels;
    std::optional<ULONG> bits;
    std::optional<bool> isFloat;
    ULONG maxBits = 32;  // what the file can store
};

// KSPROPERTY_PIN_DATAINTERSECTION with one KSDATARANGE_AUDIO built from `wish`: the format the pin picks,
// or an empty vector when the pin answers STATUS_NO_MATCH.  Other failures throw Failure(Failed).
std::vector<std::byte> intersectAudio(const OpenedFilter& filter, const PinInfo& pin, const AudioWish& wish);

// KsCreatePin with `format`.  Throws Failure(FormatNotSupported) for ERROR_NO_MATCH (with the pin's ranges),
// Failure(Failed) for a pin whose instances are all in use or any other error.
PinHandle createPin(const OpenedFilter& filter, const PinInfo& pin, const std::vector<std::byte>& format,
                    ACCESS_MASK access);

// Sets `assignments` on a pin instance.  Throws Failure(PropertyNotSupported) when the pin does not know a
// property, Failure(Failed) when it refuses the value.
void applyAssignments(HANDLE pin, const std::vector<Assignment>& assignments);

// Sets the pin's pacing property (the bundled drivers' Tone/Wavout/TestPattern.Pacing) to FREERUNNING.
// False when the pin has none (it then streams at its own pace).
bool setFreeRunning(HANDLE pin);

// KSPROPERTY_CONNECTION_STATE, one step at a time from `from` to `to` (as ksproxy walks states).  Throws
// Failure(Failed) naming the state that failed.
void walkState(HANDLE pin, KSSTATE from, KSSTATE to);

// The message for a failed request: "KSPROPERTY_PIN_CTYPES failed: STATUS_NOT_FOUND".
std::string statusText(NTSTATUS status);

}  // namespace ksctl
