// SPDX-License-Identifier: MIT
// A scriptable test driver: one driver and device whose dispatch routines are set per test.
#pragma once

#include <openks/ks/wdm.h>

#include <array>
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "io/io.h"

namespace openks::io::test {

// A category GUID for tests.
inline constexpr GUID kTestCategory = {0x6b736f70, 0x656e, 0x696f, {0x74, 0x65, 0x73, 0x74, 0x63, 0x61, 0x74, 0x31}};
inline constexpr GUID kOtherCategory = {0x6b736f70, 0x656e, 0x696f, {0x74, 0x65, 0x73, 0x74, 0x63, 0x61, 0x74, 0x32}};

// Completes an IRP with a status and Information.
void completeIrp(PIRP irp, NTSTATUS status, ULONG_PTR information = 0);

// A driver with one device.  Every major function dispatches to a handler
// (default: complete with STATUS_SUCCESS); each dispatch is counted and
// logged by major function.
//
//   TestDevice dev(u"tone");
//   dev.on(IRP_MJ_DEVICE_CONTROL, [](PDEVICE_OBJECT, PIRP irp) { completeIrp(irp, STATUS_SUCCESS, 4); return
//   STATUS_SUCCESS; }); std::u16string link = dev.publish(kTestCategory, u"filter");
class TestDevice {
public:
    using Handler = std::function<NTSTATUS(PDEVICE_OBJECT, PIRP)>;

    // `name` is the part after "\Device\"; empty: a unique name is made up.
    explicit TestDevice(std::u16string name = {}, bool exclusive = false);
    ~TestDevice();
    TestDevice(const TestDevice&) = delete;
    TestDevice& operator=(const TestDevice&) = delete;

    void on(UCHAR major, Handler handler);
    // Makes the driver's MajorFunction[major] NULL.
    void unsupported(UCHAR major);

    // Registers and enables an interface; returns its symbolic link.
    std::u16string publish(const GUID& category, std::u16string_view reference);

    PDEVICE_OBJECT device() const { return device_; }
    PDRIVER_OBJECT driver() const { return driver_.get(); }
    const std::u16string& name() const { return name_; }  // without "\Device\"

    int count(UCHAR major) const { return counts_[major].load(); }
    // The majors dispatched so far, in order.
    std::vector<UCHAR> log() const;

    static NTSTATUS NTAPI dispatch(PDEVICE_OBJECT device, PIRP irp);

private:
    ObjectRef<DRIVER_OBJECT> driver_;
    PDEVICE_OBJECT device_ = nullptr;
    std::u16string name_;
    std::array<Handler, IRP_MJ_MAXIMUM_FUNCTION + 1> handlers_;
    std::array<std::atomic<int>, IRP_MJ_MAXIMUM_FUNCTION + 1> counts_{};
    mutable std::mutex logLock_;
    std::vector<UCHAR> log_;
};

// The handler of a device that pends every IRP of a major function in a
// cancel-safe queue using the documented pattern: a cancel routine that
// removes the IRP from the queue and completes it with STATUS_CANCELLED, and
// a completion path that completes an IRP only if it clears the cancel
// routine first.
class PendingQueue {
public:
    PendingQueue();
    ~PendingQueue();
    TestDevice::Handler handler();
    // Completes the oldest queued IRP unless a cancel owns it; false if none could be taken.
    bool completeOne(NTSTATUS status, ULONG_PTR information);
    size_t size() const;

private:
    static VOID NTAPI cancelRoutine(PDEVICE_OBJECT device, PIRP irp);
    mutable std::mutex lock_;
    LIST_ENTRY head_;
};

std::u16string uniqueName(std::u16string_view stem);

// A completion sink that records what it was told.
struct SinkRecord {
    std::atomic<int> calls{0};
    NTSTATUS status = STATUS_PENDING;
    ULONG_PTR information = 0;
    void* userKey = nullptr;
    // Checked at the moment of the call: what the issuer's iosb/event held.
    NTSTATUS iosbStatusAtSink = STATUS_PENDING;
    LONG eventStateAtSink = -1;
    PIO_STATUS_BLOCK iosb = nullptr;
    PKEVENT event = nullptr;

    CompletionSink sink() { return CompletionSink{&SinkRecord::record, this}; }
    static void record(void* context, void* userKey, NTSTATUS status, ULONG_PTR information);
};

}  // namespace openks::io::test
