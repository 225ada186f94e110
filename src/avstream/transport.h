// SPDX-License-Identifier: MIT
// The standard transport between two connected pins: the source pin's requestor, which circulates frames from the
// producing pin's queue to the consuming pin's queue and back, without a client in the middle.
#pragma once

#include <openks/driver.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace openks::avstream {

// A connection KSPIN_CONNECT.PinToHandle made: the source pin (the IRP
// source, created with PinToHandle) and the sink pin it names.  The pin with
// KSPIN_DATAFLOW_OUT produces (its queue receives empty frames as
// IOCTL_KS_READ_STREAM), the one with KSPIN_DATAFLOW_IN consumes (its queue
// receives the filled frames as IOCTL_KS_WRITE_STREAM).  Each frame is one
// KSSTREAM_HEADER with its own buffer, sent as a KernelMode request through
// IoCallDriver, so both pins see ordinary stream requests in their queues.
//
// Frames: count and size from the source pin's KSALLOCATOR_FRAMING_EX (the
// sink's when the source has none): FramingItem[0].Frames (0 -> 4) and
// FramingRange.Range.MaxFrameSize (0 -> MinFrameSize); without framing, 4
// frames of the connection format's SampleSize (0 -> 4096 bytes).
//
// Circulation follows the source pin's state, as the requestor of an
// AVStream pipe does:
//   - ACQUIRE -> PAUSE: every frame at home is sent to the producer;
//   - PAUSE -> ACQUIRE: frames are no longer re-sent; they come home as
//     their requests complete;
//   - ACQUIRE -> STOP: every request still out is cancelled and the
//     transition waits until all frames are home (the source's own queue has
//     already been flushed by its STOP).
// A frame the consumer refused at the door (stop state, reset, ...) keeps
// its data and waits at home, in order, for the next kick: a state change or
// the end of a reset on either pin.  A frame that was cancelled (a flush) is
// empty again and goes back to the producer.  Order is kept end to end: the
// producer completes in FIFO order and one thread sends every request.
//
// Threads: the member functions may be called from any thread, never with
// the transport's own locks held, and none calls a minidriver while holding
// them.  A frame's IRP is freed only under mutex_, and cancellation holds
// mutex_ around IoCancelIrp, so an IRP is never cancelled after it was freed.
class Transport {
public:
    // `source` and `sink` are the two pins' file objects; `producerIsSource`
    // says which pin fills the frames.  The caller keeps both file objects
    // alive until the transport is destroyed.  Null when memory or the
    // thread cannot be had.
    static std::unique_ptr<Transport> create(PFILE_OBJECT source, PFILE_OBJECT sink, bool producerIsSource,
                                             ULONG frameCount, ULONG frameSize);
    ~Transport();
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // The source pin reached `to` from `from` (one step).
    void sourceStateChanged(KSSTATE from, KSSTATE to);
    // Something changed on either pin (a state step of the sink, the end of
    // a reset): frames waiting at home are sent again if circulation is on.
    void kick();
    // Stops circulation for good, cancels every request still out and waits
    // until every frame is home (the source pin's cleanup).  Idempotent.
    void shutdown();

    ULONG frameCount() const { return static_cast<ULONG>(frames_.size()); }
    ULONG frameSize() const { return frameSize_; }

private:
    enum class Where { Home, Producer, Consumer };
    struct Frame {
        Transport* owner = nullptr;
        KSSTREAM_HEADER header{};
        std::unique_ptr<UCHAR[]> data;
        PIRP irp = nullptr;  // non-null from allocation until the worker frees it
        Where at = Where::Home;
        NTSTATUS status = STATUS_SUCCESS;
        bool holdsData = false;  // filled by the producer, not yet consumed
    };

    Transport(PFILE_OBJECT source, PFILE_OBJECT sink, bool producerIsSource, ULONG frameSize);
    static NTSTATUS NTAPI onComplete(PDEVICE_OBJECT device, PIRP irp, PVOID context);
    void workerMain();
    // With mutex_ held: what to do with a frame that came home.
    void settleLocked(Frame* f);
    // With mutex_ held: frames at home go out again (consumer-bound first, in order).
    void releaseHomeLocked();
    void cancelOutstandingLocked();
    void waitHome(std::unique_lock<std::mutex>& lock);
    // Wakes the worker for toSend_ (lock order: mutex_, then doneMutex_).
    void wakeWorker();
    // Builds and sends one request (worker thread, no lock held).
    static void send(PIRP irp);
    PIRP buildIrp(Frame* f, Where to);
    void resetForProducer(Frame* f);

    PFILE_OBJECT producer_;
    PFILE_OBJECT consumer_;
    ULONG frameSize_;
    std::vector<std::unique_ptr<Frame>> frames_;

    std::mutex mutex_;
    std::condition_variable home_;  // waitHome
    bool active_ = false;           // frames circulate
    bool closed_ = false;           // shutdown(): never again
    std::deque<Frame*> toSend_;     // decided, waiting for the worker
    std::deque<Frame*> waiting_;    // at home, consumer-bound (data kept, in order)
    std::deque<Frame*> idle_;       // at home, empty
    ULONG out_ = 0;                 // frames sent and not yet settled

    // The worker's wake-up.  Never held with mutex_ (the completion routine
    // may run inside IoCancelIrp, under mutex_, on the cancelling thread).
    std::mutex doneMutex_;
    std::condition_variable wake_;
    std::deque<Frame*> completed_;  // completion routine -> worker
    bool work_ = false;             // toSend_ has something
    bool stopping_ = false;         // the worker exits
    std::thread worker_;
};

}  // namespace openks::avstream
