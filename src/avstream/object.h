// SPDX-License-Identifier: MIT
// The base of every AVStream object (device, filter factory, filter, pin) and the way back from a public KS struct to
// it.
#pragma once

#include <openks/driver.h>

#include <cstdint>
#include <mutex>

#include "avstream/bag.h"
#include "avstream/events.h"

namespace openks::avstream {

class Device;

inline constexpr uint64_t kObjectMagic = 0x6b736f626a656374ULL;  // "ksobject"

class KsObject;

// IKsControl::KsEvent on a file object, KernelMode and synchronous: a null
// Event disables (EventData is then the input, as DISABLE_EVENT takes it),
// otherwise IOCTL_KS_ENABLE_EVENT.  Shared by every IKsControl openks hands out.
NTSTATUS controlEvent(PFILE_OBJECT file, PKSEVENT event, ULONG eventLength, PVOID eventData, ULONG dataLength,
                      ULONG* bytesReturned);

// The COM identity of an AVStream object, what KsGetOuterUnknown returns:
// IUnknown always, IKsControl for filters and pins (synchronous KernelMode
// property/method/event requests on the object's file object), and every
// other interface from the client unknown aggregated with
// KsRegisterAggregatedClientUnknown, when there is one.  A reference
// (AddRef, or an interface QueryInterface returned) holds a reference on a
// filter's or pin's file object, so the object outlives it; devices and
// filter factories live as long as the host and do not count.
class ObjectUnknown final : public IKsControl {
public:
    explicit ObjectUnknown(KsObject* owner) : owner_(owner) {}
    NTSTATUS QueryInterface(REFIID InterfaceId, PVOID* Interface) override;
    ULONG AddRef() override;
    ULONG Release() override;
    NTSTATUS KsProperty(PKSPROPERTY Property, ULONG PropertyLength, PVOID PropertyData, ULONG DataLength,
                        ULONG* BytesReturned) override;
    NTSTATUS KsMethod(PKSMETHOD Method, ULONG MethodLength, PVOID MethodData, ULONG DataLength,
                      ULONG* BytesReturned) override;
    NTSTATUS KsEvent(PKSEVENT Event, ULONG EventLength, PVOID EventData, ULONG DataLength,
                     ULONG* BytesReturned) override;

private:
    KsObject* owner_;
};

// Sits in memory immediately before every public KS struct the object model
// hands out (KSDEVICE, KSFILTERFACTORY, KSFILTER, KSPIN), so that the DDI's
// PVOID objects lead back to their KsObject in O(1).
struct ObjectLink {
    class KsObject* object;
    uint64_t magic;
};

// A public KS struct with its link in front.  Standard layout: `ks` is at
// offset sizeof(ObjectLink), which objectFromPublic relies on.
template <class T>
struct PublicBlock {
    ObjectLink link;
    T ks;
};

// One AVStream object.  Owned by its parent (a device by the host, a filter
// by its file object, a pin by its file object); the parent outlives it.
//
// The file objects of filters and pins have FsContext = fileContext(), so
// KsGetObjectFromFileObject is two loads.
//
// Threads: type(), parent(), publicObject() and device() never change after
// construction and may be read from any thread.
class KsObject {
public:
    virtual ~KsObject();
    KsObject(const KsObject&) = delete;
    KsObject& operator=(const KsObject&) = delete;

    KSOBJECTTYPE type() const { return type_; }
    // The parent (nullptr for a device).
    KsObject* parent() const { return parent_; }
    // PKSDEVICE, PKSFILTERFACTORY, PKSFILTER or PKSPIN.
    void* publicObject() const { return public_; }
    Device* device() const;
    Bag& bag() { return bag_; }
    // The object's KS event list (IOCTL_KS_ENABLE_EVENT, KsAddEvent, KsGenerateEvents).
    ObjectEvents& events() { return events_; }

    // Hierarchy navigation for KsGetFirstChild / KsGetNextSibling (see their
    // DDI comments for the locks a caller must hold).
    virtual KsObject* firstChild() { return nullptr; }
    virtual KsObject* nextSibling() { return nullptr; }

    // KsAcquireControl: the device mutex for devices and factories, the
    // filter control mutex for filters and pins.  Not recursive.
    virtual std::mutex& controlMutex() = 0;

    // COM (KsRegisterAggregatedClientUnknown / KsGetOuterUnknown): the
    // object's own unknown is the outer one; a registered client unknown is
    // the inner part (referenced until replaced or the object goes).
    PUNKNOWN registerClientUnknown(PUNKNOWN inner);
    PUNKNOWN outerUnknown() { return &unknown_; }
    PUNKNOWN clientUnknown() const { return inner_; }
    // The file object behind a filter or pin (null for devices and factories).
    virtual PFILE_OBJECT objectFile() const { return nullptr; }

    // What FsContext of this object's file object points at.
    void* fileContext() { return &fileContext_; }

protected:
    KsObject(KSOBJECTTYPE type, KsObject* parent);
    // Called by the derived constructor once its PublicBlock exists.
    template <class T>
    void bindPublic(PublicBlock<T>& block)
    {
        block.link.object = this;
        block.link.magic = kObjectMagic;
        public_ = &block.ks;
    }

private:
    // FsContext of the object's file object: a magic to recognise our file
    // objects among other drivers', then the object.
    struct FileContext {
        uint64_t magic;
        KsObject* object;
    };

    FileContext fileContext_;
    KSOBJECTTYPE type_;
    KsObject* parent_;
    void* public_ = nullptr;
    Bag bag_;
    ObjectEvents events_;
    ObjectUnknown unknown_{this};
    PUNKNOWN inner_ = nullptr;
};

// The object behind a public KS struct, or nullptr if `ks` is null or not an
// object-model struct.  Any thread.
KsObject* objectFromPublic(const void* ks);

// The object a file object stands for (its FsContext), or nullptr when the
// file object is not a filter or pin of ours.  Any thread.
KsObject* objectFromFileObject(PFILE_OBJECT file);

// The object an IRP targets (its current stack location's file object), or nullptr.
KsObject* objectFromIrp(PIRP irp);

}  // namespace openks::avstream
