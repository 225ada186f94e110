// SPDX-License-Identifier: MIT
// The scriptable test driver and the cancel-safe pending queue used by the io tests.
#include "test_driver.h"

#include <stdexcept>
#include <string>

namespace openks::io::test {
namespace {

constexpr DEVICE_TYPE kFileDeviceKs = 0x2f;
constexpr size_t kLogCapacity = 4096;

NTSTATUS NTAPI testDriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING /*registryPath*/)
{
    for (auto& dispatch : driver->MajorFunction)
        dispatch = TestDevice::dispatch;
    return STATUS_SUCCESS;
}

void initializeListHead(PLIST_ENTRY head)
{
    head->Flink = head->Blink = head;
}

void insertTail(PLIST_ENTRY head, PLIST_ENTRY entry)
{
    entry->Flink = head;
    entry->Blink = head->Blink;
    head->Blink->Flink = entry;
    head->Blink = entry;
}

void removeEntry(PLIST_ENTRY entry)
{
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    initializeListHead(entry);
}

}  // namespace

void completeIrp(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

std::u16string uniqueName(std::u16string_view stem)
{
    static std::atomic<int> counter{0};
    return std::u16string(stem) + widen(std::to_string(++counter));
}

void SinkRecord::record(void* context, void* userKey, NTSTATUS status, ULONG_PTR information)
{
    auto* self = static_cast<SinkRecord*>(context);
    self->status = status;
    self->information = information;
    self->userKey = userKey;
    if (self->iosb != nullptr) self->iosbStatusAtSink = __atomic_load_n(&self->iosb->Status, __ATOMIC_ACQUIRE);
    if (self->event != nullptr) self->eventStateAtSink = KeReadStateEvent(self->event);
    self->calls.fetch_add(1);
}

TestDevice::TestDevice(std::u16string name, bool exclusive) : name_(name.empty() ? uniqueName(u"iotest") : name)
{
    log_.reserve(kLogCapacity);
    NTSTATUS status = createDriver(name_, testDriverEntry, &driver_);
    if (!NT_SUCCESS(status)) throw std::runtime_error("createDriver failed");
    std::u16string deviceName = u"\\Device\\" + name_;
    UNICODE_STRING unicodeName;
    RtlInitUnicodeString(&unicodeName, deviceName.c_str());
    status = IoCreateDevice(driver_.get(), sizeof(TestDevice*), &unicodeName, kFileDeviceKs, 0,
                            exclusive ? TRUE : FALSE, &device_);
    if (!NT_SUCCESS(status)) throw std::runtime_error("IoCreateDevice failed");
    *static_cast<TestDevice**>(device_->DeviceExtension) = this;
    device_->Flags &= ~DO_DEVICE_INITIALIZING;
}

TestDevice::~TestDevice()
{
    // Files may outlive the test object: their late dispatches find no handlers.
    __atomic_store_n(static_cast<TestDevice**>(device_->DeviceExtension), nullptr, __ATOMIC_RELEASE);
    IoDeleteDevice(device_);
}

void TestDevice::on(UCHAR major, Handler handler)
{
    handlers_[major] = std::move(handler);
}

void TestDevice::unsupported(UCHAR major)
{
    driver_->MajorFunction[major] = nullptr;
}

std::u16string TestDevice::publish(const GUID& category, std::u16string_view reference)
{
    std::u16string ref(reference);
    UNICODE_STRING refString;
    RtlInitUnicodeString(&refString, ref.c_str());
    UNICODE_STRING link{};
    NTSTATUS status = IoRegisterDeviceInterface(device_, &category, &refString, &link);
    if (!NT_SUCCESS(status)) throw std::runtime_error("IoRegisterDeviceInterface failed");
    status = IoSetDeviceInterfaceState(&link, TRUE);
    if (!NT_SUCCESS(status)) throw std::runtime_error("IoSetDeviceInterfaceState failed");
    std::u16string result(view(link));
    RtlFreeUnicodeString(&link);
    return result;
}

std::vector<UCHAR> TestDevice::log() const
{
    std::lock_guard lock(logLock_);
    return log_;
}

NTSTATUS NTAPI TestDevice::dispatch(PDEVICE_OBJECT device, PIRP irp)
{
    auto* self = __atomic_load_n(static_cast<TestDevice**>(device->DeviceExtension), __ATOMIC_ACQUIRE);
    UCHAR major = IoGetCurrentIrpStackLocation(irp)->MajorFunction;
    if (self == nullptr) {
        completeIrp(irp, STATUS_SUCCESS);
        return STATUS_SUCCESS;
    }
    self->counts_[major].fetch_add(1);
    {
        std::lock_guard lock(self->logLock_);
        if (self->log_.size() < kLogCapacity) self->log_.push_back(major);  // never reallocates
    }
    if (self->handlers_[major]) return self->handlers_[major](device, irp);
    completeIrp(irp, STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

PendingQueue::PendingQueue()
{
    initializeListHead(&head_);
}

PendingQueue::~PendingQueue() = default;

TestDevice::Handler PendingQueue::handler()
{
    return [this](PDEVICE_OBJECT, PIRP irp) {
        irp->Tail.Overlay.DriverContext[0] = this;
        IoMarkIrpPending(irp);
        bool cancelNow = false;
        {
            std::lock_guard lock(lock_);
            IoSetCancelRoutine(irp, cancelRoutine);
            if (__atomic_load_n(&irp->Cancel, __ATOMIC_ACQUIRE) && IoSetCancelRoutine(irp, nullptr) != nullptr) {
                cancelNow = true;  // cancelled before we queued it, and no cancel routine ran
            } else {
                // If a cancel already took the routine, it will find the IRP here.
                insertTail(&head_, &irp->Tail.Overlay.ListEntry);
            }
        }
        if (cancelNow) completeIrp(irp, STATUS_CANCELLED);
        return STATUS_PENDING;
    };
}

bool PendingQueue::completeOne(NTSTATUS status, ULONG_PTR information)
{
    PIRP irp;
    {
        std::lock_guard lock(lock_);
        if (head_.Flink == &head_) return false;
        PLIST_ENTRY entry = head_.Flink;
        removeEntry(entry);
        irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
        // A NULL routine means a cancel took it: the cancel routine completes
        // the IRP, and its removal of the (now unlinked) entry is a no-op.
        if (IoSetCancelRoutine(irp, nullptr) == nullptr) return false;
    }
    completeIrp(irp, status, information);
    return true;
}

size_t PendingQueue::size() const
{
    std::lock_guard lock(lock_);
    size_t n = 0;
    for (PLIST_ENTRY e = head_.Flink; e != &head_; e = e->Flink)
        ++n;
    return n;
}

VOID NTAPI PendingQueue::cancelRoutine(PDEVICE_OBJECT /*device*/, PIRP irp)
{
    IoReleaseCancelSpinLock(irp->CancelIrql);
    auto* queue = static_cast<PendingQueue*>(irp->Tail.Overlay.DriverContext[0]);
    {
        std::lock_guard lock(queue->lock_);
        removeEntry(&irp->Tail.Overlay.ListEntry);
    }
    completeIrp(irp, STATUS_CANCELLED);
}

}  // namespace openks::io::test
