// SPDX-License-Identifier: MIT
// The standard transport between connected pins: frames circulate producer -> consumer -> producer as KernelMode
// stream requests sent by one worker thread.
#include "avstream/transport.h"

#include <cstring>
#include <new>

#include "avstream/log.h"

namespace openks::avstream {

std::unique_ptr<Transport> Transport::create(PFILE_OBJECT source, PFILE_OBJECT sink, bool producerIsSource,
                                             ULONG frameCount, ULONG frameSize)
{
    std::unique_ptr<Transport> t(new (std::nothrow) Transport(source, sink, producerIsSource, frameSize));
    if (t == nullptr) {
        return nullptr;
    }
    try {
        t->frames_.reserve(frameCount);
        for (ULONG i = 0; i < frameCount; ++i) {
            auto f = std::make_unique<Frame>();
            f->owner = t.get();
            f->data.reset(new UCHAR[frameSize]());
            t->resetForProducer(f.get());
            t->idle_.push_back(f.get());
            t->frames_.push_back(std::move(f));
        }
        t->worker_ = std::thread([raw = t.get()] { raw->workerMain(); });
    } catch (...) {
        return nullptr;  // nothing is out yet, and the worker did not start
    }
    return t;
}

Transport::Transport(PFILE_OBJECT source, PFILE_OBJECT sink, bool producerIsSource, ULONG frameSize)
    : producer_(producerIsSource ? source : sink), consumer_(producerIsSource ? sink : source), frameSize_(frameSize)
{
}

Transport::~Transport()
{
    shutdown();
    {
        std::lock_guard lk(doneMutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (worker_.joinable()) {
        worker_.join();
    }
}

void Transport::resetForProducer(Frame* f)
{
    std::memset(&f->header, 0, sizeof f->header);
    f->header.Size = sizeof(KSSTREAM_HEADER);
    f->header.FrameExtent = frameSize_;
    f->header.Data = f->data.get();
    f->header.PresentationTime.Numerator = 1;
    f->header.PresentationTime.Denominator = 1;
    f->holdsData = false;
}

void Transport::sourceStateChanged(KSSTATE from, KSSTATE to)
{
    std::unique_lock lk(mutex_);
    if (closed_) {
        return;
    }
    if (from == KSSTATE_ACQUIRE && to == KSSTATE_PAUSE) {
        active_ = true;
        releaseHomeLocked();
    } else if (from == KSSTATE_PAUSE && to == KSSTATE_ACQUIRE) {
        active_ = false;
    } else if (to == KSSTATE_STOP) {
        active_ = false;
        cancelOutstandingLocked();
        waitHome(lk);
        // Whatever the consumer had not taken is dropped, as a STOP drops
        // every queued frame.
        while (!waiting_.empty()) {
            Frame* f = waiting_.front();
            waiting_.pop_front();
            resetForProducer(f);
            idle_.push_back(f);
        }
    }
}

void Transport::kick()
{
    std::lock_guard lk(mutex_);
    if (active_ && !closed_) {
        releaseHomeLocked();
    }
}

void Transport::shutdown()
{
    std::unique_lock lk(mutex_);
    active_ = false;
    closed_ = true;
    cancelOutstandingLocked();
    waitHome(lk);
}

void Transport::releaseHomeLocked()
{
    // Consumer-bound frames first, oldest first: their data was produced
    // before anything the producer still holds.
    bool any = !waiting_.empty() || !idle_.empty();
    while (!waiting_.empty()) {
        toSend_.push_back(waiting_.front());
        waiting_.pop_front();
    }
    while (!idle_.empty()) {
        toSend_.push_back(idle_.front());
        idle_.pop_front();
    }
    if (any) {
        wakeWorker();
    }
}

void Transport::cancelOutstandingLocked()
{
    // Frames not yet handed to the worker stay home.
    while (!toSend_.empty()) {
        Frame* f = toSend_.front();
        toSend_.pop_front();
        (f->holdsData ? waiting_ : idle_).push_back(f);
    }
    // The worker frees a frame's IRP only under mutex_, which we hold, so
    // every IRP seen here is alive.  An IRP allocated but not yet passed to
    // IoCallDriver gets its Cancel flag, which the receiving queue honours.
    for (auto& f : frames_) {
        if (f->irp != nullptr) {
            IoCancelIrp(f->irp);
        }
    }
}

void Transport::waitHome(std::unique_lock<std::mutex>& lock)
{
    home_.wait(lock, [&] { return out_ == 0 && toSend_.empty(); });
}

void Transport::wakeWorker()
{
    {
        std::lock_guard lk(doneMutex_);
        work_ = true;
    }
    wake_.notify_one();
}

NTSTATUS NTAPI Transport::onComplete(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
    (void)device;
    auto* f = static_cast<Frame*>(context);
    Transport* t = f->owner;
    f->status = irp->IoStatus.Status;
    {
        std::lock_guard lk(t->doneMutex_);
        t->completed_.push_back(f);
    }
    t->wake_.notify_one();
    // The IRP stays ours; the worker frees it (under mutex_).
    return STATUS_MORE_PROCESSING_REQUIRED;
}

void Transport::settleLocked(Frame* f)
{
    IoFreeIrp(f->irp);
    f->irp = nullptr;
    const Where was = f->at;
    f->at = Where::Home;
    --out_;
    const NTSTATUS status = f->status;
    const bool circulate = active_ && !closed_;
    if (was == Where::Producer) {
        if (NT_SUCCESS(status)) {
            // Filled: on to the consumer, behind any frame already waiting for it.
            f->holdsData = true;
            (circulate && waiting_.empty() ? toSend_ : waiting_).push_back(f);
        } else if (status == STATUS_CANCELLED && circulate) {
            toSend_.push_back(f);  // flushed by the producer: empty again, back to it
        } else {
            idle_.push_back(f);  // refused at the door (stop, reset): wait for a kick instead of spinning
        }
        return;
    }
    if (!NT_SUCCESS(status) && status != STATUS_CANCELLED) {
        waiting_.push_back(f);  // the consumer refused it at the door: the data is kept for the next kick
        return;
    }
    resetForProducer(f);  // consumed, or flushed by the consumer
    (circulate ? toSend_ : idle_).push_back(f);
}

PIRP Transport::buildIrp(Frame* f, Where to)
{
    PFILE_OBJECT file = to == Where::Producer ? producer_ : consumer_;
    PDEVICE_OBJECT device = IoGetRelatedDeviceObject(file);
    if (device == nullptr) {
        return nullptr;
    }
    PIRP irp = IoAllocateIrp(device->StackSize, FALSE);
    if (irp == nullptr) {
        return nullptr;
    }
    irp->RequestorMode = KernelMode;
    irp->UserBuffer = &f->header;
    irp->Tail.Overlay.OriginalFileObject = file;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    next->FileObject = file;
    next->Parameters.DeviceIoControl.IoControlCode =
        to == Where::Producer ? IOCTL_KS_READ_STREAM : IOCTL_KS_WRITE_STREAM;
    next->Parameters.DeviceIoControl.InputBufferLength = 0;
    next->Parameters.DeviceIoControl.Type3InputBuffer = nullptr;
    next->Parameters.DeviceIoControl.OutputBufferLength = sizeof(KSSTREAM_HEADER);
    IoSetCompletionRoutine(irp, &Transport::onComplete, f, TRUE, TRUE, TRUE);
    return irp;
}

void Transport::send(PIRP irp)
{
    PFILE_OBJECT file = IoGetNextIrpStackLocation(irp)->FileObject;
    (void)IoCallDriver(IoGetRelatedDeviceObject(file), irp);  // completion reports the outcome
}

void Transport::workerMain()
{
    std::deque<Frame*> done;
    std::vector<PIRP> sends;
    for (;;) {
        {
            std::unique_lock lk(doneMutex_);
            wake_.wait(lk, [&] { return stopping_ || work_ || !completed_.empty(); });
            if (stopping_ && completed_.empty()) {
                return;
            }
            done.swap(completed_);
            work_ = false;
        }
        {
            std::lock_guard lk(mutex_);
            for (Frame* f : done) {
                settleLocked(f);
            }
            done.clear();
            while (!toSend_.empty()) {
                Frame* f = toSend_.front();
                toSend_.pop_front();
                const Where to = f->holdsData ? Where::Consumer : Where::Producer;
                PIRP irp = buildIrp(f, to);
                if (irp == nullptr) {
                    logLine(
                        "openks: a pin connection could not build a stream request; the frame waits for the next "
                        "state change");
                    (f->holdsData ? waiting_ : idle_).push_back(f);
                    continue;
                }
                f->irp = irp;
                f->at = to;
                ++out_;
                sends.push_back(irp);
            }
            if (out_ == 0 && toSend_.empty()) {
                home_.notify_all();
            }
        }
        for (PIRP irp : sends) {
            send(irp);
        }
        sends.clear();
    }
}

}  // namespace openks::avstream
