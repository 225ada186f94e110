// SPDX-License-Identifier: MIT
// The filter (KSFILTER): one open instance of a filter factory, its control mutex, its pin instances and its
// descriptor.
#pragma once

#include <openks/driver.h>

#include <list>
#include <memory>
#include <mutex>
#include <vector>

#include "avstream/object.h"
#include "avstream/streaming.h"

namespace openks::avstream {

class FilterFactory;
class Pin;

// One KSFILTER, the object behind a filter handle.  Created by IRP_MJ_CREATE
// on the device, freed by IRP_MJ_CLOSE of its file object (which the io
// layer sends only after every pin of the filter is gone: each pin holds a
// reference to the filter's file object).
//
// Locks, outermost first (docs/threading.md): controlMutex() is the DDI's
// filter control mutex, shared with the filter's pins and held while
// AVStream calls the filter's and pins' Create/Close/SetDataFormat/
// SetDeviceState; pinsMutex_ and descriptorMutex_ are leaves guarding the
// pin lists and counts, and the descriptor's counts and array pointers.
//
// The descriptor (KSFILTER::Descriptor) starts as the factory's.  The first
// KsFilterCreatePinFactory / KsFilterCreateNode /
// KsFilterAddTopologyConnections makes a filter-owned copy; arrays replaced
// later are kept in the bag until the filter closes, so a pointer read under
// the control mutex stays valid for the filter's life.
class Filter final : public KsObject {
public:
    static Filter* fromPublic(const KSFILTER* filter);
    // The filter a file object stands for, or nullptr.
    static Filter* fromFileObject(PFILE_OBJECT file);

    // IRP_MJ_CREATE on the device for `factory`: builds the filter, calls
    // Dispatch->Create under the control mutex.  STATUS_SUCCESS (the filter
    // is linked to the factory and file->FsContext set) or the failure
    // status (nothing left behind).
    static NTSTATUS create(FilterFactory* factory, PIRP irp, PFILE_OBJECT file);

    PKSFILTER ks() { return &block_.ks; }
    FilterFactory* factory() const { return factory_; }
    PFILE_OBJECT fileObject() const { return file_; }
    PFILE_OBJECT objectFile() const override { return file_; }
    std::mutex& controlMutex() override { return controlMutex_; }

    // Descriptor views: consistent snapshots taken under descriptorMutex_
    // (the arrays they point at stay valid, see above).  Any thread.
    KSFILTER_DESCRIPTOR descriptorSnapshot() const;
    ULONG pinFactoryCount() const;
    // The descriptor of pin factory `pinId` (stride PinDescriptorSize), or nullptr.
    const KSPIN_DESCRIPTOR_EX* pinDescriptor(ULONG pinId) const;
    ULONG nodeCount() const;
    const KSNODE_DESCRIPTOR* nodeDescriptor(ULONG nodeId) const;

    // Pin instances.  reserveInstance counts a pin being created against
    // InstancesPossible (false when none is left); commitInstance turns the
    // reservation into a linked pin; cancelReservation gives it back.
    bool reserveInstance(ULONG pinId, ULONG possible);
    void cancelReservation(ULONG pinId);
    void commitInstance(Pin* pin);
    void unlinkPin(Pin* pin);
    // Linked pins of `pinId` (the CINSTANCES CurrentCount).
    ULONG instanceCount(ULONG pinId);
    Pin* firstPin(ULONG pinId);
    Pin* nextPin(const Pin* pin);
    Pin* firstAnyPin();

    // IRP routing (the device dispatch routines call these).
    NTSTATUS createPin(PIRP irp, PFILE_OBJECT file);  // pin_create.cpp
    NTSTATUS deviceControl(PIRP irp);
    // IRP_MJ_CLOSE: Dispatch->Close, unlink, free.  `this` is gone afterwards.
    NTSTATUS close(PIRP irp);

    // Dynamic descriptors (KsFilterCreatePinFactory...).  The caller holds
    // controlMutex(), as the DDI requires.
    NTSTATUS addPinFactory(const KSPIN_DESCRIPTOR_EX* descriptor, ULONG* pinId);
    NTSTATUS addNode(const KSNODE_DESCRIPTOR* descriptor, ULONG* nodeId);
    NTSTATUS addConnections(ULONG count, const KSTOPOLOGY_CONNECTION* connections);

    FilterProcessor* processor() const { return processor_.get(); }
    // The AND gate of a pin-centric filter (a filter-centric one uses its
    // processor's): every filter has one, as on Windows; nothing processes
    // through it.
    PKSGATE idleAndGate() { return &idleGate_; }

    KsObject* firstChild() override;
    KsObject* nextSibling() override;

    ~Filter() override;

private:
    Filter(FilterFactory* factory, PFILE_OBJECT file);
    // Makes block_.ks.Descriptor a filter-owned copy (first edit only).
    NTSTATUS makeDescriptorEditable();
    KSFILTER_DESCRIPTOR* editable();

    PublicBlock<KSFILTER> block_;
    FilterFactory* factory_;
    PFILE_OBJECT file_;
    std::mutex controlMutex_;
    std::unique_ptr<FilterProcessor> processor_;
    KSGATE idleGate_{1, nullptr};  // KsGateInitializeAnd: open, no next gate
    KSFILTER_DESCRIPTOR* descriptorCopy_ = nullptr;  // in the bag once made
    mutable std::mutex descriptorMutex_;             // leaf: guards the descriptor's counts and array pointers

    struct PinSlot {
        std::list<Pin*> pins;
        ULONG reserved = 0;
    };
    std::mutex pinsMutex_;        // leaf
    std::vector<PinSlot> slots_;  // one per pin factory, guarded by pinsMutex_
};

// The framework's automation table for filters (KSPROPSETID_Pin, _General,
// _Topology), filter_properties.cpp.
const KSAUTOMATION_TABLE* filterFrameworkAutomation();

}  // namespace openks::avstream
