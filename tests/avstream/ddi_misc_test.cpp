// SPDX-License-Identifier: MIT
// The less common KS DDI functions with real behaviour: workers, cancelable IRP queues, connect validation, the default
// clock, events.

#include <openks/driver.h>
#include <openks/ks.h>

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstring>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "io/event.h"
#include "io/handle_table.h"
#include "io/requestor.h"
#include "test_driver.h"

namespace {

// ---- Workers --------------------------------------------------------------------

struct Counter {
    std::atomic<int> runs{0};
    std::latch* started = nullptr;  // counted down when the routine starts
    std::latch* gate = nullptr;     // waited on before returning
};

void NTAPI countRoutine(PVOID parameter)
{
    auto* counter = static_cast<Counter*>(parameter);
    if (counter->started != nullptr) counter->started->count_down();
    if (counter->gate != nullptr) counter->gate->wait();
    counter->runs.fetch_add(1);
}

TEST(DdiWorkers, QueuedItemsRunAndUnregisterWaitsForThem)
{
    PKSWORKER worker = nullptr;
    ASSERT_EQ(KsRegisterWorker(DelayedWorkQueue, &worker), STATUS_SUCCESS);
    constexpr int kItems = 16;
    Counter counters[kItems];
    WORK_QUEUE_ITEM items[kItems];
    for (int i = 0; i < kItems; ++i) {
        ExInitializeWorkItem(&items[i], countRoutine, &counters[i]);
        ASSERT_EQ(KsQueueWorkItem(worker, &items[i]), STATUS_SUCCESS);
    }
    KsUnregisterWorker(worker);  // returns only once every queued item ran
    for (int i = 0; i < kItems; ++i)
        EXPECT_EQ(counters[i].runs.load(), 1) << i;
    EXPECT_EQ(KsRegisterWorker(static_cast<WORK_QUEUE_TYPE>(99), &worker), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(KsQueueWorkItem(nullptr, &items[0]), STATUS_INVALID_PARAMETER);
}

TEST(DdiWorkers, AnItemAlreadyQueuedIsNotQueuedTwice)
{
    PKSWORKER worker = nullptr;
    ASSERT_EQ(KsRegisterWorker(CriticalWorkQueue, &worker), STATUS_SUCCESS);
    std::latch started(1);
    std::latch gate(1);
    Counter blocker;
    blocker.started = &started;
    blocker.gate = &gate;
    Counter twice;
    WORK_QUEUE_ITEM first;
    WORK_QUEUE_ITEM second;
    ExInitializeWorkItem(&first, countRoutine, &blocker);
    ExInitializeWorkItem(&second, countRoutine, &twice);
    ASSERT_EQ(KsQueueWorkItem(worker, &first), STATUS_SUCCESS);
    started.wait();  // the worker is busy: `second` stays queued
    EXPECT_EQ(KsQueueWorkItem(worker, &second), STATUS_SUCCESS);
    EXPECT_EQ(KsQueueWorkItem(worker, &second), STATUS_SUCCESS);
    gate.count_down();
    KsUnregisterWorker(worker);
    EXPECT_EQ(blocker.runs.load(), 1);
    EXPECT_EQ(twice.runs.load(), 1);
}

struct CountedState {
    PKSWORKER worker = nullptr;
    std::atomic<int> units{0};
    std::latch* started = nullptr;
    std::latch* gate = nullptr;
};

void NTAPI countedRoutine(PVOID parameter)
{
    auto* state = static_cast<CountedState*>(parameter);
    if (state->started != nullptr) state->started->count_down();
    if (state->gate != nullptr) state->gate->wait();
    do {
        state->units.fetch_add(1);
    } while (KsDecrementCountedWorker(state->worker) > 0);
}

TEST(DdiWorkers, ACountedWorkerServesEveryIncrement)
{
    CountedState state;
    std::latch started(1);
    std::latch gate(1);
    state.started = &started;
    state.gate = &gate;
    WORK_QUEUE_ITEM item;
    ExInitializeWorkItem(&item, countedRoutine, &state);
    ASSERT_EQ(KsRegisterCountedWorker(DelayedWorkQueue, &item, &state.worker), STATUS_SUCCESS);
    EXPECT_EQ(KsIncrementCountedWorker(state.worker), 1u);  // queues the item
    started.wait();
    EXPECT_EQ(KsIncrementCountedWorker(state.worker), 2u);  // the running routine picks these up
    EXPECT_EQ(KsIncrementCountedWorker(state.worker), 3u);
    gate.count_down();
    KsUnregisterWorker(state.worker);
    EXPECT_EQ(state.units.load(), 3);
}

// ---- Cancelable IRP queues ----------------------------------------------------------

struct Queue {
    LIST_ENTRY head;
    KSPIN_LOCK lock = 0;
    Queue() { head.Flink = head.Blink = &head; }
    bool empty() const { return head.Flink == &head; }
};

struct Sent {
    PIRP irp = nullptr;
    std::atomic<int> completions{0};
    NTSTATUS status = STATUS_PENDING;
};

NTSTATUS NTAPI countCompletion(PDEVICE_OBJECT, PIRP irp, PVOID context)
{
    auto* sent = static_cast<Sent*>(context);
    sent->status = irp->IoStatus.Status;
    sent->completions.fetch_add(1);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

// A device whose DEVICE_CONTROL queues every IRP on `queue`.
struct QueueingDevice {
    openks::io::test::TestDevice dev;
    Queue queue;
    QueueingDevice()
    {
        dev.on(IRP_MJ_DEVICE_CONTROL, [this](PDEVICE_OBJECT, PIRP irp) {
            IoMarkIrpPending(irp);
            KsAddIrpToCancelableQueue(&queue.head, &queue.lock, irp, KsListEntryTail, nullptr);
            return STATUS_PENDING;
        });
    }

    void send(Sent& sent)
    {
        sent.irp = IoAllocateIrp(1, FALSE);
        ASSERT_NE(sent.irp, nullptr);
        IoGetNextIrpStackLocation(sent.irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
        IoSetCompletionRoutine(sent.irp, countCompletion, &sent, TRUE, TRUE, TRUE);
        ASSERT_EQ(IoCallDriver(dev.device(), sent.irp), STATUS_PENDING);
    }
};

TEST(DdiIrpQueue, AcquireReleaseAndRemove)
{
    QueueingDevice d;
    Sent a;
    Sent b;
    d.send(a);
    d.send(b);
    // Acquire-only leaves the IRP queued but not cancelable.
    PIRP got = KsRemoveIrpFromCancelableQueue(&d.queue.head, &d.queue.lock, KsListEntryHead, KsAcquireOnly);
    ASSERT_EQ(got, a.irp);
    EXPECT_FALSE(IoCancelIrp(a.irp));               // no cancel routine while acquired
    KsReleaseIrpOnCancelableQueue(a.irp, nullptr);  // the cancel that came in is served now
    EXPECT_EQ(a.completions.load(), 1);
    EXPECT_EQ(a.status, STATUS_CANCELLED);
    // From the tail, removed.
    got = KsRemoveIrpFromCancelableQueue(&d.queue.head, &d.queue.lock, KsListEntryTail, KsAcquireAndRemove);
    ASSERT_EQ(got, b.irp);
    EXPECT_TRUE(d.queue.empty());
    b.irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(b.irp, IO_NO_INCREMENT);
    EXPECT_EQ(b.completions.load(), 1);
    EXPECT_EQ(b.status, STATUS_SUCCESS);
    EXPECT_EQ(KsRemoveIrpFromCancelableQueue(&d.queue.head, &d.queue.lock, KsListEntryHead, KsAcquireAndRemove),
              nullptr);
    IoFreeIrp(a.irp);
    IoFreeIrp(b.irp);
}

TEST(DdiIrpQueue, CancelIoCancelsEveryQueuedIrp)
{
    QueueingDevice d;
    Sent sent[3];
    for (Sent& s : sent)
        d.send(s);
    KsCancelIo(&d.queue.head, &d.queue.lock);
    EXPECT_TRUE(d.queue.empty());
    for (Sent& s : sent) {
        EXPECT_EQ(s.completions.load(), 1);
        EXPECT_EQ(s.status, STATUS_CANCELLED);
        IoFreeIrp(s.irp);
    }
}

NTSTATUS NTAPI moveEveryOther(PIRP irp, PVOID context)
{
    auto* sent = static_cast<Sent*>(context);
    return (irp == sent[0].irp || irp == sent[2].irp) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

TEST(DdiIrpQueue, MoveTakesTheIrpsTheCallbackChoosesAndRemoveSpecificUnlinks)
{
    QueueingDevice d;
    Queue other;
    Sent sent[4];
    for (Sent& s : sent)
        d.send(s);
    ASSERT_EQ(KsMoveIrpsOnCancelableQueue(&d.queue.head, &d.queue.lock, &other.head, &other.lock, KsListEntryHead,
                                          moveEveryOther, sent),
              STATUS_SUCCESS);
    // Cancelling a moved IRP unlinks it from its new queue.
    EXPECT_TRUE(IoCancelIrp(sent[0].irp));
    EXPECT_EQ(sent[0].status, STATUS_CANCELLED);
    PIRP got = KsRemoveIrpFromCancelableQueue(&other.head, &other.lock, KsListEntryHead, KsAcquireOnly);
    ASSERT_EQ(got, sent[2].irp);
    KsRemoveSpecificIrpFromCancelableQueue(got);
    EXPECT_TRUE(other.empty());
    got->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(got, IO_NO_INCREMENT);
    EXPECT_EQ(KsRemoveIrpFromCancelableQueue(&d.queue.head, &d.queue.lock, KsListEntryHead, KsAcquireOnlySingleItem),
              sent[1].irp);
    KsReleaseIrpOnCancelableQueue(sent[1].irp, nullptr);
    KsCancelIo(&d.queue.head, &d.queue.lock);
    EXPECT_TRUE(d.queue.empty());
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(sent[i].completions.load(), 1) << i;
        EXPECT_EQ(sent[i].status, i == 2 ? STATUS_SUCCESS : STATUS_CANCELLED) << i;
        IoFreeIrp(sent[i].irp);
    }
}

// One thread cancels while another removes and completes: every IRP
// completes exactly once, cancelled or successfully.
TEST(DdiIrpQueue, RemoveRacingCancelCompletesEachIrpExactlyOnce)
{
    QueueingDevice d;
    constexpr int kRounds = 300;
    std::vector<Sent> sent(kRounds);
    std::barrier sync(2);
    std::atomic<int> cancelled{0};
    std::atomic<int> removed{0};
    std::thread canceller([&] {
        for (int i = 0; i < kRounds; ++i) {
            sync.arrive_and_wait();  // IRP i is queued
            IoCancelIrp(sent[i].irp);
            sync.arrive_and_wait();  // round done
        }
    });
    for (int i = 0; i < kRounds; ++i) {
        d.send(sent[i]);
        sync.arrive_and_wait();
        PIRP irp = KsRemoveIrpFromCancelableQueue(&d.queue.head, &d.queue.lock, KsListEntryHead, KsAcquireAndRemove);
        if (irp != nullptr) {
            irp->IoStatus.Status = STATUS_SUCCESS;
            IoCompleteRequest(irp, IO_NO_INCREMENT);
        }
        sync.arrive_and_wait();
    }
    canceller.join();
    for (int i = 0; i < kRounds; ++i) {
        EXPECT_EQ(sent[i].completions.load(), 1) << i;
        (sent[i].status == STATUS_CANCELLED ? cancelled : removed).fetch_add(1);
        IoFreeIrp(sent[i].irp);
    }
    EXPECT_TRUE(d.queue.empty());
    EXPECT_EQ(cancelled.load() + removed.load(), kRounds);
}

// ---- KsValidateConnectRequest -----------------------------------------------------

std::vector<std::byte> pinCreateName(ULONG pinId, ULONG rate)
{
    KSPIN_CONNECT c{};
    c.Interface.Set = KSINTERFACESETID_Standard;
    c.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    c.Medium.Set = KSMEDIUMSETID_Standard;
    c.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    c.PinId = pinId;
    c.Priority.PriorityClass = KSPRIORITY_NORMAL;
    c.Priority.PrioritySubClass = 1;
    KSDATAFORMAT_WAVEFORMATEX f{};
    f.DataFormat.FormatSize = sizeof(f);
    f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    f.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    f.DataFormat.SampleSize = 4;
    f.WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
    f.WaveFormatEx.nChannels = 2;
    f.WaveFormatEx.nSamplesPerSec = rate;
    f.WaveFormatEx.wBitsPerSample = 16;
    f.WaveFormatEx.nBlockAlign = 4;
    f.WaveFormatEx.nAvgBytesPerSec = rate * 4;
    std::u16string text = u"{146F1A80-4791-11D0-A5D6-28DB04C10000}\\";
    std::vector<std::byte> bytes(text.size() * sizeof(char16_t) + sizeof c + sizeof f);
    std::memcpy(bytes.data(), text.data(), text.size() * sizeof(char16_t));
    std::memcpy(bytes.data() + text.size() * sizeof(char16_t), &c, sizeof c);
    std::memcpy(bytes.data() + text.size() * sizeof(char16_t) + sizeof c, &f, sizeof f);
    return bytes;
}

// ks-spec §12 item 49: a pin create is validated against the pin descriptors (format match, PinId range).
TEST(DdiValidateConnect, AcceptsAMatchingCreateAndRejectsAnUnmatchedOne)
{
    KSDATARANGE_AUDIO range{};
    range.DataRange.FormatSize = sizeof(range);
    range.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    range.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    range.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    range.MaximumChannels = 2;
    range.MinimumBitsPerSample = 16;
    range.MaximumBitsPerSample = 16;
    range.MinimumSampleFrequency = 44100;
    range.MaximumSampleFrequency = 48000;
    PKSDATARANGE ranges[] = {&range.DataRange};
    KSPIN_DESCRIPTOR pins[1] = {};
    pins[0].DataRangesCount = 1;
    pins[0].DataRanges = ranges;

    auto check = [&](std::vector<std::byte> name, PKSPIN_CONNECT* connect) {
        FILE_OBJECT file{};
        file.FileName.Buffer = reinterpret_cast<PWSTR>(name.data());
        file.FileName.Length = static_cast<USHORT>(name.size());
        file.FileName.MaximumLength = static_cast<USHORT>(name.size());
        PIRP irp = IoAllocateIrp(1, FALSE);
        EXPECT_NE(irp, nullptr);
        irp->CurrentLocation--;
        irp->Tail.Overlay.CurrentStackLocation = &irp->Stack[0];
        IoGetCurrentIrpStackLocation(irp)->MajorFunction = IRP_MJ_CREATE;
        IoGetCurrentIrpStackLocation(irp)->FileObject = &file;
        NTSTATUS status = KsValidateConnectRequest(irp, 1, pins, connect);
        IoFreeIrp(irp);
        return status;
    };
    PKSPIN_CONNECT connect = nullptr;
    ASSERT_EQ(check(pinCreateName(0, 48000), &connect), STATUS_SUCCESS);
    ASSERT_NE(connect, nullptr);
    EXPECT_EQ(connect->PinId, 0u);
    auto* format = reinterpret_cast<PKSDATAFORMAT>(connect + 1);
    EXPECT_EQ(format->FormatSize, sizeof(KSDATAFORMAT_WAVEFORMATEX));
    EXPECT_EQ(check(pinCreateName(0, 96000), &connect), STATUS_NO_MATCH);
    EXPECT_EQ(connect, nullptr);
    EXPECT_EQ(check(pinCreateName(5, 48000), &connect), STATUS_INVALID_PARAMETER);
}

// ---- The default clock ---------------------------------------------------------

TEST(DdiDefaultClock, AdvancesOnlyInRun)
{
    PKSDEFAULTCLOCK clock = nullptr;
    ASSERT_EQ(KsAllocateDefaultClock(&clock), STATUS_SUCCESS);
    EXPECT_EQ(KsGetDefaultClockState(clock), KSSTATE_STOP);
    KsSetDefaultClockTime(clock, 1000);
    ULONGLONG start = KeQueryInterruptTime();
    while (KeQueryInterruptTime() == start) {
    }
    EXPECT_EQ(KsGetDefaultClockTime(clock), 1000);  // stopped: no advance
    KsSetDefaultClockState(clock, KSSTATE_RUN);
    LONGLONG t0 = KsGetDefaultClockTime(clock);
    start = KeQueryInterruptTime();
    while (KeQueryInterruptTime() <= start + 10) {
    }
    LONGLONG t1 = KsGetDefaultClockTime(clock);
    EXPECT_GE(t0, 1000);
    EXPECT_GT(t1, t0);
    KsSetDefaultClockState(clock, KSSTATE_PAUSE);
    LONGLONG paused = KsGetDefaultClockTime(clock);
    EXPECT_GE(paused, t1);
    start = KeQueryInterruptTime();
    while (KeQueryInterruptTime() <= start + 10) {
    }
    EXPECT_EQ(KsGetDefaultClockTime(clock), paused);
    EXPECT_EQ(KsGetDefaultClockState(clock), KSSTATE_PAUSE);
    KsFreeDefaultClock(clock);
}

// ---- Events ---------------------------------------------------------------------

DEFINE_GUID(kTestEventSet, 0x6b736f70, 0x656e, 0x6576, 0x65, 0x6e, 0x74, 0x73, 0x65, 0x74, 0x30, 0x31);

TEST(DdiEvents, GenerateEventListSetsAnEventHandleNotification)
{
    HANDLE handle = nullptr;
    ASSERT_EQ(openks::io::createEvent(openks::io::systemRequestor(), NotificationEvent, false, &handle),
              STATUS_SUCCESS);
    PVOID object = nullptr;
    ASSERT_EQ(ObReferenceObjectByHandle(handle, 0, *ExEventObjectType, KernelMode, &object, nullptr), STATUS_SUCCESS);
    auto* event = static_cast<PRKEVENT>(object);
    static const KSEVENT_ITEM items[] = {DEFINE_KSEVENT_ITEM(3, sizeof(KSEVENTDATA), 0, nullptr, nullptr, nullptr)};
    static const KSEVENT_SET sets[] = {DEFINE_KSEVENT_SET(&kTestEventSet, 1, items)};
    KSEVENTDATA data{};
    data.NotificationType = KSEVENTF_EVENT_HANDLE;
    data.EventHandle.Event = handle;
    KSEVENT_ENTRY entry{};
    entry.EventData = &data;
    entry.NotificationType = KSEVENTF_EVENT_HANDLE;
    entry.EventSet = &sets[0];
    entry.EventItem = &items[0];
    // A driver-kept KS 1.0 list (KSEVENTS_SPINLOCK) holding an entry the driver built itself.
    LIST_ENTRY list;
    InitializeListHead(&list);
    InsertTailList(&list, &entry.ListEntry);
    KSPIN_LOCK lock = 0;
    GUID set = kTestEventSet;
    KsGenerateEventList(&set, 4, &list, KSEVENTS_SPINLOCK, &lock);  // another id
    EXPECT_EQ(KeReadStateEvent(event), 0);
    KsGenerateEventList(&set, 3, &list, KSEVENTS_SPINLOCK, &lock);
    EXPECT_NE(KeReadStateEvent(event), 0);
    EXPECT_EQ(lock, KSPIN_LOCK{0});  // released again
    KeClearEvent(event);
    RemoveEntryList(&entry.ListEntry);
    KsGenerateEventList(&set, 3, &list, KSEVENTS_NONE, nullptr);
    EXPECT_EQ(KeReadStateEvent(event), 0);
    KsDiscardEvent(&entry);  // not allocated by KS: left alone
    // A driver-built KSEVENTF_DPC entry: the DPC is queued with the entry's
    // KSEVENTDATA as SystemArgument1, its ReferenceCount raised first.
    struct DpcSeen {
        KEVENT ran;
        PVOID argument = nullptr;
        ULONG count = 0;
    } seen;
    KeInitializeEvent(&seen.ran, NotificationEvent, FALSE);
    KDPC dpc;
    KeInitializeDpc(
        &dpc,
        [](PKDPC, PVOID context, PVOID argument1, PVOID) {
            auto* s = static_cast<DpcSeen*>(context);
            s->argument = argument1;
            s->count = static_cast<KSEVENTDATA*>(argument1)->Dpc.ReferenceCount;
            KeSetEvent(&s->ran, 0, FALSE);
        },
        &seen);
    KSEVENTDATA dpcData{};
    dpcData.NotificationType = KSEVENTF_DPC;
    dpcData.Dpc.Dpc = &dpc;
    entry.EventData = &dpcData;
    entry.NotificationType = KSEVENTF_DPC;
    EXPECT_EQ(KsGenerateEvent(&entry), STATUS_SUCCESS);
    LARGE_INTEGER timeout = openks::io::relativeTimeout(std::chrono::seconds(10));
    ASSERT_EQ(openks::io::waitForEvent(&seen.ran, &timeout), STATUS_SUCCESS);
    EXPECT_EQ(seen.argument, &dpcData);
    EXPECT_EQ(seen.count, 1u);
    entry.NotificationType = 0x7f;  // no such notification type
    EXPECT_EQ(KsGenerateEvent(&entry), STATUS_NOT_SUPPORTED);
    ObDereferenceObject(object);
    EXPECT_EQ(openks::io::systemHandleTable().close(handle), STATUS_SUCCESS);
}

}  // namespace
