// SPDX-License-Identifier: MIT
// The pin (KSPIN): one instance of a pin factory, its connection format, its state machine, its queue and its handshake
// hook.
#pragma once

#include <openks/driver.h>

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>

#include "avstream/object.h"
#include "avstream/streaming.h"

namespace openks::avstream {

class ClockSource;
class Filter;
class Transport;

// What pin creation hands to the Pin constructor once the create request is
// validated (pin_create.cpp).
struct PinConnection {
    const KSPIN_CONNECT* connect;
    const KSDATAFORMAT* format;
    ULONG formatSize;
    const KSMULTIPLE_ITEM* attributes;  // may be null
};

// One KSPIN, the object behind a pin handle.  Created by a relative
// IRP_MJ_CREATE on its filter's file object, freed by IRP_MJ_CLOSE of its
// own file object.  The pin holds a reference on the filter's file object,
// so the filter outlives it.
//
// State changes pass one gate, setState(); its locks, outermost first:
// stateMutex_ (serialises whole transitions, including the queue's
// onStateChanged calls, so the queue sees steps in order), then the filter
// control mutex around each SetDeviceState call.  See docs/threading.md.
class Pin final : public KsObject {
public:
    static Pin* fromPublic(const KSPIN* pin);
    static Pin* fromFileObject(PFILE_OBJECT file);

    PKSPIN ks() { return &block_.ks; }
    Filter* filter() const { return filter_; }
    const KSPIN_DESCRIPTOR_EX* descriptor() const { return block_.ks.Descriptor; }
    PFILE_OBJECT fileObject() const { return file_; }
    PFILE_OBJECT objectFile() const override { return file_; }
    Queue* queue() const { return queue_.get(); }
    bool standardTransport() const;
    std::mutex& controlMutex() override;

    // The state gate (pin_state.cpp).  Walks one step at a time for
    // standard-transport pins (each step: ClientState, SetDeviceState under
    // the control mutex, DeviceState, Queue::onStateChanged), or hands the
    // raw change to non-standard pins.  STATUS_INVALID_PARAMETER for a value
    // above KSSTATE_RUN; the minidriver's status when a step fails (the pin
    // stays in the last state it reached).  PASSIVE; any thread.
    NTSTATUS setState(KSSTATE target);
    // DeviceState, read under the control mutex.
    KSSTATE state();

    // The connection format (owned by the pin).  Replacing it (DATAFORMAT
    // SET) keeps the old copy in the bag until the pin closes, because
    // drivers may hold the pointer.  Caller holds the control mutex.
    NTSTATUS replaceFormat(const KSDATAFORMAT* format, ULONG size);

    // IOCTL_KS_HANDSHAKE and KsPinRegisterHandshakeCallback (handshake.cpp).
    NTSTATUS handshakeIoctl(PIRP irp);
    void registerHandshake(PFNKSPINHANDSHAKE callback) { handshake_.store(callback, std::memory_order_release); }
    // KsPinHandshake: IOCTL_KS_HANDSHAKE (KernelMode) to the connected pin.
    NTSTATUS handshake(PKSHANDSHAKE in, PKSHANDSHAKE out);

    // Pin-to-pin connections (pin_connection.cpp).  A pin created with
    // KSPIN_CONNECT.PinToHandle is the connection's source: it holds a
    // reference on the sink's file object from creation to close.  The sink
    // (when it is one of our pins) knows its source until the source closes.
    //
    // Resolves PinToHandle for a source pin being created and reserves the
    // sink; on success the caller owns *link and must either hand it to
    // make() or call releaseLink().
    struct SinkLink {
        PFILE_OBJECT file = nullptr;  // referenced
        Pin* pin = nullptr;           // null for a sink that is not an AVStream pin
    };
    static NTSTATUS prepareLink(PIRP irp, const KSPIN_CONNECT& connect, const KSPIN_DESCRIPTOR_EX* descriptor,
                                const KSDATAFORMAT* format, SinkLink* link);
    static void releaseLink(SinkLink* link);
    // After the source's Create: the sink hears of the connection (its
    // Connect dispatch).  On failure the link is still the source's and
    // close()/the creation failure path undoes it.
    NTSTATUS completeLink();
    // True for a source pin (created with PinToHandle) until it closes.
    bool isConnectionSource() const { return sinkFile_ != nullptr; }
    // A reference on the connected pin's file object (either side), or null.
    PFILE_OBJECT referencePeerFile();
    PFILE_OBJECT sinkFile() const { return sinkFile_; }
    // KsPinGetConnectedPinInterface / KsPinGetConnectedFilterInterface:
    // QueryInterface on the connected pin (or its filter).
    NTSTATUS connectedInterface(bool filter, const GUID& iid, PVOID* out);

    // Clocks and master clocks (pin_clock.cpp).  The pin's clock exists once
    // a client created one (KSPIN_FLAG_IMPLEMENT_CLOCK or Dispatch->Clock);
    // createChild serves a create relative to the pin; clockStateChanged
    // follows DeviceState (called by the state gate).
    bool implementsClock() const;
    ClockSource* clockSource();
    NTSTATUS createChild(PIRP irp, PFILE_OBJECT file);
    void clockStateChanged(KSSTATE state);
    NTSTATUS setMasterClock(PIRP irp, HANDLE clock);
    PFILE_OBJECT referenceMasterClock();

    // IRP routing.
    NTSTATUS deviceControl(PIRP irp);
    void cleanup();
    // IRP_MJ_CLOSE: state walked down to STOP, Dispatch->Close, unlink, free.
    // `this` is gone afterwards.
    NTSTATUS close(PIRP irp);

    KsObject* nextSibling() override;

    ~Pin() override;

    // Pin creation (pin_create.cpp) builds pins through this.
    // With a sink link (a source pin) the pin takes the link over, also on failure.
    static std::unique_ptr<Pin> make(Filter* filter, ULONG pinId, const KSPIN_DESCRIPTOR_EX* descriptor,
                                     const PinConnection& connection, PFILE_OBJECT file, SinkLink* link,
                                     NTSTATUS* status);
    // Links the pin's place in its filter's list (Filter::commitInstance uses it).
    std::list<Pin*>::iterator& listPosition() { return position_; }

private:
    Pin(Filter* filter, PFILE_OBJECT file);

    // setState's body; `force` (pin close) logs and walks over failures.
    NTSTATUS walkTo(KSSTATE target, bool force);
    // A source pin's standard transport, when both sides have a queue.
    NTSTATUS createTransport();
    // After each state step (or raw change): the connection hears of it.
    void afterStateStep(KSSTATE from, KSSTATE to);
    // IOCTL_KS_RESET_STATE on a connected pin: the reset reaches the peer too.
    NTSTATUS resetAndPropagate(PIRP irp);
    // Kicks the transport of this pin's connection (either side).
    void kickTransport();
    // The source's close: the sink is told (Disconnect), the transport
    // stops, the sink's file object is released.
    void unlink();
    // One SetDeviceState step (standard transport) or the raw change, under
    // the control mutex; ClientState rolled back on failure unless `force`.
    NTSTATUS changeState(KSSTATE from, KSSTATE to, bool force);

    PublicBlock<KSPIN> block_;
    Filter* filter_;
    PFILE_OBJECT file_;
    std::unique_ptr<Queue> queue_;
    std::mutex stateMutex_;  // outermost pin lock: one transition at a time
    std::atomic<PFNKSPINHANDSHAKE> handshake_{nullptr};
    std::list<Pin*>::iterator position_;
    // Clocks (pin_clock.cpp).
    std::unique_ptr<ClockSource> clockOwner_;   // made under masterMutex_
    std::atomic<ClockSource*> clock_{nullptr};  // clockOwner_.get() once made
    std::mutex masterMutex_;                    // leaf: masterClock_, making the clock
    PFILE_OBJECT masterClock_ = nullptr;        // referenced clock file (KSPROPERTY_STREAM_MASTERCLOCK)

    // Source side: fixed from creation to close.
    PFILE_OBJECT sinkFile_ = nullptr;  // referenced
    Pin* sinkPin_ = nullptr;           // when the sink is one of ours
    std::unique_ptr<Transport> transport_;
    bool linked_ = false;  // completeLink ran (the sink knows us)
    // Sink side: the source connected to this pin.
    std::mutex linkMutex_;
    Pin* sourcePin_ = nullptr;
    bool reserved_ = false;  // a source being created has claimed this sink
};

// The framework's automation table for pins (KSPROPSETID_Connection,
// _StreamInterface), pin_properties.cpp.
const KSAUTOMATION_TABLE* pinFrameworkAutomation();
// The framework's clock-related pin table (KSPROPSETID_Stream MASTERCLOCK, and
// KSEVENT_CONNECTION_ENDOFSTREAM for KSPIN_FLAG_GENERATE_EOS_EVENTS pins), pin_clock.cpp.
const KSAUTOMATION_TABLE* pinClockAutomation(const KSPIN_DESCRIPTOR_EX* descriptor);

}  // namespace openks::avstream
