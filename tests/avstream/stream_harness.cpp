// SPDX-License-Identifier: MIT
// The queue test harness: fake pin, direct IRP dispatch to PinQueue, completion recording.

#include "stream_harness.h"

#include <chrono>
#include <cstring>

namespace openks::test {

Buffers::Buffers(ULONG count, ULONG bytes, ULONG headerSize, bool forWrite)
    : count_(count), bytes_(bytes), headerSize_(headerSize),
      headerStorage_((std::size_t(count) * headerSize + 7) / 8), data_(std::size_t(count) * bytes + 1)
{
    for (ULONG i = 0; i < count; ++i) {
        KSSTREAM_HEADER* h = header(i);
        h->Size = headerSize;
        h->PresentationTime.Numerator = 1;
        h->PresentationTime.Denominator = 1;
        h->FrameExtent = bytes;
        h->Data = bytes != 0 ? data(i) : nullptr;
        h->DataUsed = forWrite ? bytes : 0;
        if (forWrite) {
            for (ULONG j = 0; j < bytes; ++j) {
                data(i)[j] = static_cast<std::uint8_t>(i * 31 + j);
            }
        }
    }
}

KSSTREAM_HEADER* Buffers::header(ULONG i)
{
    return reinterpret_cast<KSSTREAM_HEADER*>(reinterpret_cast<std::uint8_t*>(headerStorage_.data()) +
                                              std::size_t(i) * headerSize_);
}

QueueHarness::QueueHarness(const Options& options) : block_(std::make_unique<Block>())
{
    dispatch_.Process = options.process ? &QueueHarness::processThunk : nullptr;
    dispatch_.Reset = &QueueHarness::resetThunk;
    descriptor_.Dispatch = &dispatch_;
    descriptor_.Flags = options.flags;
    descriptor_.PinDescriptor.DataFlow = options.dataFlow;
    descriptor_.PinDescriptor.Communication = KSPIN_COMMUNICATION_SINK;
    descriptor_.InstancesPossible = 1;
    KSPIN& pin = block_->pin;
    pin.Id = options.id;
    pin.Descriptor = &descriptor_;
    pin.Context = this;
    pin.DataFlow = options.dataFlow;
    pin.Communication = KSPIN_COMMUNICATION_SINK;
    pin.StreamHeaderSize = options.headerSize;
    pin.DeviceState = KSSTATE_STOP;
    pin.ClientState = KSSTATE_STOP;
    pin.ResetState = KSRESET_END;
    handle_ = avstream::Queue::create(&pin, &descriptor_);
    queue_ = avstream::PinQueue::fromQueue(handle_.get());
}

QueueHarness::~QueueHarness()
{
    // The test's callbacks may refer to its locals, already gone: drop them
    // once no Process runs (the processing mutex waits for that).
    queue_->acquireProcessingMutex();
    process_ = nullptr;
    reset_ = nullptr;
    {
        std::lock_guard lk(mutex_);
        hook_ = nullptr;
    }
    queue_->releaseProcessingMutex();
    // Whatever the test left queued completes before the queue goes.
    if (state_ != KSSTATE_STOP) {
        walkTo(KSSTATE_STOP);
    }
    queue_->cancelAll();
    handle_.reset();  // shutdown; the queue goes with its last reference
}

void QueueHarness::setProcess(std::function<NTSTATUS(QueueHarness&)> process)
{
    process_ = std::move(process);
}

void QueueHarness::setReset(std::function<void(QueueHarness&)> reset)
{
    reset_ = std::move(reset);
}

NTSTATUS QueueHarness::processThunk(PKSPIN pin)
{
    QueueHarness& h = of(pin);
    h.processCalls_.fetch_add(1);
    return h.process_ ? h.process_(h) : STATUS_PENDING;
}

void QueueHarness::resetThunk(PKSPIN pin)
{
    QueueHarness& h = of(pin);
    h.resetCalls_.fetch_add(1);
    if (h.reset_) {
        h.reset_(h);
    }
}

void QueueHarness::walkTo(KSSTATE target)
{
    while (state_ != target) {
        const KSSTATE next = static_cast<KSSTATE>(state_ < target ? state_ + 1 : state_ - 1);
        const KSSTATE from = state_;
        block_->pin.ClientState = next;
        block_->pin.DeviceState = next;
        state_ = next;
        queue_->onStateChanged(from, next);
    }
}

void QueueHarness::sinkThunk(void* context, void* key, NTSTATUS status, ULONG_PTR information)
{
    auto* h = static_cast<QueueHarness*>(context);
    if (key == &h->resetKey_) {
        return;  // reset requests complete synchronously: their status is what reset() returns
    }
    Completion c;
    std::function<void(const Completion&)> hook;
    {
        std::lock_guard lk(h->mutex_);
        c = Completion{key, status, information, ++h->sequence_};
        h->completions_.push_back(c);
        hook = h->hook_;
        h->cv_.notify_all();
    }
    if (hook) {
        hook(c);
    }
}

NTSTATUS QueueHarness::send(ULONG code, void* output, ULONG outputLength, void* key, KPROCESSOR_MODE mode,
                            void* input, ULONG inputLength)
{
    PIRP irp = io::allocateRequestIrp(1);
    if (irp == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    irp->RequestorMode = mode;
    irp->UserBuffer = output;
    PIO_STACK_LOCATION sp = IoGetNextIrpStackLocation(irp);
    sp->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    sp->Parameters.DeviceIoControl.IoControlCode = code;
    sp->Parameters.DeviceIoControl.OutputBufferLength = outputLength;
    sp->Parameters.DeviceIoControl.InputBufferLength = inputLength;
    sp->Parameters.DeviceIoControl.Type3InputBuffer = input;
    io::setIrpIssuer(irp, io::CompletionSink{&QueueHarness::sinkThunk, this}, key);
    io::trackIrp(irp, &outstanding_);
    // What IoCallDriver does before calling the dispatch routine.
    --irp->CurrentLocation;
    --irp->Tail.Overlay.CurrentStackLocation;
    return queue_->dispatch(irp);
}

NTSTATUS QueueHarness::reset(KSRESET value)
{
    KSRESET v = value;
    return send(IOCTL_KS_RESET_STATE, nullptr, 0, &resetKey_, UserMode, &v, sizeof(v));
}

bool QueueHarness::cancel(void* key)
{
    return outstanding_.cancel(key, false);
}

std::vector<Completion> QueueHarness::completions() const
{
    std::lock_guard lk(mutex_);
    return completions_;
}

bool QueueHarness::completed(void* key) const
{
    std::lock_guard lk(mutex_);
    for (const Completion& c : completions_) {
        if (c.key == key) {
            return true;
        }
    }
    return false;
}

Completion QueueHarness::completionOf(void* key) const
{
    std::lock_guard lk(mutex_);
    for (const Completion& c : completions_) {
        if (c.key == key) {
            return c;
        }
    }
    return Completion{key, static_cast<NTSTATUS>(0xFFFFFFFF), 0, 0};
}

size_t QueueHarness::completedCount() const
{
    std::lock_guard lk(mutex_);
    return completions_.size();
}

bool QueueHarness::waitForCompletions(size_t count, int timeoutMs) const
{
    std::unique_lock lk(mutex_);
    return cv_.wait_for(lk, std::chrono::milliseconds(timeoutMs), [&] { return completions_.size() >= count; });
}

void QueueHarness::reserveCompletions(size_t count)
{
    std::lock_guard lk(mutex_);
    completions_.reserve(count);
}

void QueueHarness::onComplete(std::function<void(const Completion&)> hook)
{
    std::lock_guard lk(mutex_);
    hook_ = std::move(hook);
}

}  // namespace openks::test
