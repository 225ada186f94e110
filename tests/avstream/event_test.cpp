// SPDX-License-Identifier: MIT
// The KS event engine end to end (IOCTL_KS_ENABLE_EVENT / DISABLE_EVENT on filters and pins) and pin clocks, against
// openks_eventdrv.
#include <gtest/gtest.h>

#include <openks/driver.h>
#include <openks/ks.h>

#include <cstring>
#include <string>
#include <vector>

#include "avstream/eventdrv/eventdrv_protocol.h"
#include "io/event.h"
#include "io/object.h"
#include "support/ks_session.h"

namespace openks::test {
namespace {

constexpr LONGLONG kSecond = 10000000;  // 100 ns units

// A Win32-style event in a session's handle table, and the KEVENT behind it for waits.
class TestEvent {
public:
    explicit TestEvent(KsSession& session)
    {
        EXPECT_EQ(io::createEvent(session.requestor(), NotificationEvent, false, &handle_), STATUS_SUCCESS);
        EXPECT_EQ(io::referenceWaitable(session.requestor(), handle_, &object_, &event_), STATUS_SUCCESS);
    }
    HANDLE handle() const { return handle_; }
    PKEVENT kevent() const { return event_; }
    bool signalled() const { return KeReadStateEvent(event_) != 0; }
    void reset() { KeClearEvent(event_); }
    // Waits (never sleeps) up to `seconds` for the signal.
    bool wait(int seconds = 10)
    {
        LARGE_INTEGER timeout = io::relativeTimeout(std::chrono::seconds(seconds));
        return io::waitForEvent(event_, &timeout) == STATUS_SUCCESS;
    }
    intptr_t references() const { return io::objectPointerCount(event_); }

private:
    HANDLE handle_ = nullptr;
    io::ObjectRef<void> object_;
    PKEVENT event_ = nullptr;
};

KSEVENT eventRequest(const GUID& set, ULONG id, ULONG flags = KSEVENT_TYPE_ENABLE)
{
    KSEVENT event{};
    event.Set = set;
    event.Id = id;
    event.Flags = flags;
    return event;
}

KSEVENTDATA eventHandleData(HANDLE event)
{
    KSEVENTDATA data{};
    data.NotificationType = KSEVENTF_EVENT_HANDLE;
    data.EventHandle.Event = event;
    return data;
}

class EventDriver : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::u16string path = filterPath("openks_eventdrv");
        ASSERT_FALSE(path.empty()) << "openks_eventdrv is not published";
        ASSERT_EQ(session_.openFilter(path, &filter_), STATUS_SUCCESS);
    }

    HANDLE createPin(ULONG pinId) { return createPinOn(session_, filter_, pinId); }

    static HANDLE createPinOn(KsSession& s, HANDLE filter, ULONG pinId)
    {
        KSDATAFORMAT format{};
        format.FormatSize = sizeof(format);
        format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
        format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
        format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
        HANDLE pin = nullptr;
        EXPECT_EQ(s.createPin(filter, standardConnect(pinId), &format, &pin), STATUS_SUCCESS);
        return pin;
    }

    IoResult enable(HANDLE object, const KSEVENT& event, void* data, ULONG dataLength)
    {
        KSEVENT copy = event;
        return session_.ioctl(object, IOCTL_KS_ENABLE_EVENT, &copy, sizeof(copy), data, dataLength);
    }

    IoResult disable(HANDLE object, void* data, ULONG length)
    {
        return session_.ioctl(object, IOCTL_KS_DISABLE_EVENT, data, length, nullptr, 0);
    }

    void fire(ULONG id)
    {
        IoResult r = session_.property(filter_, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_FIRE,
                                       KSPROPERTY_TYPE_SET, &id, sizeof(id));
        ASSERT_EQ(r.status, STATUS_SUCCESS);
    }

    EVENTDRV_COUNTERS counters()
    {
        EVENTDRV_COUNTERS value{};
        IoResult r = session_.property(filter_, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_COUNTERS,
                                       KSPROPERTY_TYPE_GET, &value, sizeof(value));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        return value;
    }

    KsSession session_;
    HANDLE filter_ = nullptr;
};

// ---- Enable, fire, disable ----------------------------------------------------------------

// pinquery: ENABLE with KSEVENT + KSEVENTDATA (EVENT_HANDLE), DISABLE with the KSEVENTDATA as input.
TEST_F(EventDriver, EventHandleFiresAndDisableTakesTheEventDataAsInput)
{
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    IoResult r = enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN), &data, sizeof(data));
    ASSERT_EQ(r.status, STATUS_SUCCESS);
    EXPECT_EQ(r.information, 0u);  // KsEnableEvent always sets Information to 0

    fire(EVENTDRV_EVENT_HANDLED);  // another id: nothing
    EXPECT_FALSE(event.signalled());
    fire(EVENTDRV_EVENT_PLAIN);
    EXPECT_TRUE(event.wait());

    event.reset();
    EXPECT_EQ(disable(filter_, &data, sizeof(data)).status, STATUS_SUCCESS);
    fire(EVENTDRV_EVENT_PLAIN);
    EXPECT_FALSE(event.signalled());
    // The entry is gone: a second disable names nothing (KsDisableEvent's STATUS_UNSUCCESSFUL).
    EXPECT_EQ(disable(filter_, &data, sizeof(data)).status, STATUS_UNSUCCESSFUL);
}

TEST_F(EventDriver, DisableMatchesTheKsEventDataAddressNotItsContents)
{
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    ASSERT_EQ(
        enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN), &data, sizeof(data)).status,
        STATUS_SUCCESS);
    KSEVENTDATA sameContents = data;
    EXPECT_EQ(disable(filter_, &sameContents, sizeof(sameContents)).status, STATUS_UNSUCCESSFUL);
    EXPECT_EQ(disable(filter_, &data, sizeof(data)).status, STATUS_SUCCESS);
}

TEST_F(EventDriver, EventsFireOnPinsToo)
{
    HANDLE pin = createPin(EVENTDRV_PIN_NO_CLOCK);
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    ASSERT_EQ(enable(pin, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN), &data, sizeof(data)).status,
              STATUS_SUCCESS);
    fire(EVENTDRV_EVENT_PLAIN);
    EXPECT_TRUE(event.wait());
    EXPECT_EQ(disable(pin, &data, sizeof(data)).status, STATUS_SUCCESS);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
}

TEST_F(EventDriver, OneShotEventFiresOnceAndIsThenGone)
{
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    ASSERT_EQ(enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN, KSEVENT_TYPE_ONESHOT),
                     &data, sizeof(data))
                  .status,
              STATUS_SUCCESS);
    const intptr_t referenced = event.references();
    fire(EVENTDRV_EVENT_PLAIN);
    EXPECT_TRUE(event.wait());
    event.reset();
    fire(EVENTDRV_EVENT_PLAIN);
    EXPECT_FALSE(event.signalled());
    // Removed after signalling: its reference on the event object went with it.
    EXPECT_EQ(event.references(), referenced - 1);
    EXPECT_EQ(disable(filter_, &data, sizeof(data)).status, STATUS_UNSUCCESSFUL);
}

TEST_F(EventDriver, DisableWithNoInputDisablesEveryEventOfThatFileObject)
{
    HANDLE pin = createPin(EVENTDRV_PIN_NO_CLOCK);
    TestEvent onFilter(session_);
    TestEvent onFilter2(session_);
    TestEvent onPin(session_);
    KSEVENTDATA a = eventHandleData(onFilter.handle());
    KSEVENTDATA b = eventHandleData(onFilter2.handle());
    KSEVENTDATA c = eventHandleData(onPin.handle());
    const KSEVENT plain = eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN);
    ASSERT_EQ(enable(filter_, plain, &a, sizeof(a)).status, STATUS_SUCCESS);
    ASSERT_EQ(enable(filter_, plain, &b, sizeof(b)).status, STATUS_SUCCESS);
    ASSERT_EQ(enable(pin, plain, &c, sizeof(c)).status, STATUS_SUCCESS);

    EXPECT_EQ(disable(filter_, nullptr, 0).status, STATUS_SUCCESS);
    fire(EVENTDRV_EVENT_PLAIN);
    EXPECT_FALSE(onFilter.signalled());
    EXPECT_FALSE(onFilter2.signalled());
    EXPECT_TRUE(onPin.wait());  // another file object's events stay
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
}

// ---- Driver handlers -------------------------------------------------------------------------

TEST_F(EventDriver, MinidriverAddAndRemoveHandlersSeeExtraEntryDataAndEventData)
{
    HANDLE pin = createPin(EVENTDRV_PIN_NO_CLOCK);
    const EVENTDRV_COUNTERS before = counters();
    TestEvent event(session_);
    EVENTDRV_EVENTDATA data{};
    data.EventData = eventHandleData(event.handle());
    data.Cookie = 0x1234;
    ASSERT_EQ(
        enable(pin, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_HANDLED), &data, sizeof(data)).status,
        STATUS_SUCCESS);
    EVENTDRV_COUNTERS now = counters();
    EXPECT_EQ(now.Adds, before.Adds + 1);
    EXPECT_EQ(now.ExtraNotZero, before.ExtraNotZero);  // ExtraEntryData arrives zeroed

    fire(EVENTDRV_EVENT_HANDLED);
    EXPECT_TRUE(event.wait());
    EXPECT_EQ(counters().Fired, before.Fired + 1);  // the extra data kept the cookie

    EXPECT_EQ(disable(pin, &data, sizeof(data)).status, STATUS_SUCCESS);
    EXPECT_EQ(counters().Removes, before.Removes + 1);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
    EXPECT_EQ(counters().Removes, before.Removes + 1);
}

TEST_F(EventDriver, AFailingAddHandlerFailsTheEnable)
{
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    const intptr_t references = event.references();
    EXPECT_EQ(
        enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_REFUSED), &data, sizeof(data)).status,
        STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(event.references(), references);  // nothing kept
    EXPECT_EQ(disable(filter_, &data, sizeof(data)).status, STATUS_UNSUCCESSFUL);
}

// Closing the handle frees what is still enabled (RemoveHandler called; ASan checks the memory).
TEST_F(EventDriver, ClosingTheHandleFreesItsEntries)
{
    HANDLE pin = createPin(EVENTDRV_PIN_NO_CLOCK);
    const EVENTDRV_COUNTERS before = counters();
    TestEvent event(session_);
    const intptr_t references = event.references();
    EVENTDRV_EVENTDATA handled{};
    handled.EventData = eventHandleData(event.handle());
    handled.Cookie = 7;
    KSEVENTDATA plain = eventHandleData(event.handle());
    ASSERT_EQ(enable(pin, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_HANDLED), &handled, sizeof(handled))
                  .status,
              STATUS_SUCCESS);
    ASSERT_EQ(
        enable(pin, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN), &plain, sizeof(plain)).status,
        STATUS_SUCCESS);
    EXPECT_EQ(event.references(), references + 2);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
    EXPECT_EQ(counters().Removes, before.Removes + 1);
    EXPECT_EQ(event.references(), references);
}

// ---- Bad requests ---------------------------------------------------------------------------

TEST_F(EventDriver, UnsupportedEventsAnswerTheSpecStatuses)
{
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    // ks-spec §12 item 44's rule for events: unknown set -> STATUS_PROPSET_NOT_FOUND, unknown id -> STATUS_NOT_FOUND.
    EXPECT_EQ(
        enable(filter_, eventRequest(KSEVENTSETID_Clock, KSEVENT_CLOCK_POSITION_MARK), &data, sizeof(data)).status,
        STATUS_PROPSET_NOT_FOUND);
    EXPECT_EQ(enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, 99), &data, sizeof(data)).status,
              STATUS_NOT_FOUND);
    EXPECT_EQ(
        enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN, KSEVENT_TYPE_ENABLEBUFFERED),
               &data, sizeof(data))
            .status,
        STATUS_NOT_SUPPORTED);
    EXPECT_EQ(
        enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN, 0x40), &data, sizeof(data))
            .status,
        STATUS_INVALID_PARAMETER);
}

TEST_F(EventDriver, BadSizesAreRefused)
{
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    KSEVENT request = eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN);
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_ENABLE_EVENT, &request, 16, &data, sizeof(data)).status,
              STATUS_INVALID_BUFFER_SIZE);
    EXPECT_EQ(enable(filter_, request, &data, 16).status, STATUS_BUFFER_TOO_SMALL);
    // EVENTDRV_EVENT_HANDLED needs its 40-byte event data (DataInput).
    EXPECT_EQ(
        enable(filter_, eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_HANDLED), &data, sizeof(data)).status,
        STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(disable(filter_, &data, 12).status, STATUS_INVALID_BUFFER_SIZE);
    EXPECT_EQ(session_.ioctl(filter_, IOCTL_KS_DISABLE_EVENT, nullptr, sizeof(KSEVENTDATA), nullptr, 0).status,
              STATUS_INVALID_PARAMETER);
}

TEST_F(EventDriver, NotificationsAreCheckedForTheRequestor)
{
    const KSEVENT plain = eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN);
    KSEVENTDATA data = eventHandleData(filter_);  // a handle, but to a file
    EXPECT_EQ(enable(filter_, plain, &data, sizeof(data)).status, STATUS_OBJECT_TYPE_MISMATCH);
    data = eventHandleData(reinterpret_cast<HANDLE>(0x7ffc));
    EXPECT_EQ(enable(filter_, plain, &data, sizeof(data)).status, STATUS_INVALID_HANDLE);

    TestEvent event(session_);
    KSEVENTDATA semaphore{};
    semaphore.NotificationType = KSEVENTF_SEMAPHORE_HANDLE;
    semaphore.SemaphoreHandle.Semaphore = event.handle();  // openks has no semaphores
    semaphore.SemaphoreHandle.Adjustment = 1;
    EXPECT_EQ(enable(filter_, plain, &semaphore, sizeof(semaphore)).status, STATUS_OBJECT_TYPE_MISMATCH);

    KSEVENTDATA kernelOnly{};
    kernelOnly.NotificationType = KSEVENTF_EVENT_OBJECT;
    kernelOnly.EventObject.Event = event.kevent();
    EXPECT_EQ(enable(filter_, plain, &kernelOnly, sizeof(kernelOnly)).status, STATUS_INVALID_PARAMETER);
    KSEVENTDATA unknown{};
    unknown.NotificationType = 0x40;
    EXPECT_EQ(enable(filter_, plain, &unknown, sizeof(unknown)).status, STATUS_INVALID_PARAMETER);
}

TEST_F(EventDriver, KernelRequestorsMaySignalAKeventAndAWorkItem)
{
    KsSession kernel(KernelMode);
    HANDLE filter = nullptr;
    ASSERT_EQ(kernel.openFilter(filterPath("openks_eventdrv"), &filter), STATUS_SUCCESS);
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    KSEVENTDATA data{};
    data.NotificationType = KSEVENTF_EVENT_OBJECT;
    data.EventObject.Event = &event;
    KSEVENT request = eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN);
    ASSERT_EQ(kernel.ioctl(filter, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), &data, sizeof(data)).status,
              STATUS_SUCCESS);

    KEVENT ran;
    KeInitializeEvent(&ran, NotificationEvent, FALSE);
    WORK_QUEUE_ITEM item;
    ExInitializeWorkItem(
        &item, [](PVOID context) { KeSetEvent(static_cast<PKEVENT>(context), 0, FALSE); }, &ran);
    KSEVENTDATA work{};
    work.NotificationType = KSEVENTF_WORKITEM;
    work.WorkItem.WorkQueueItem = &item;
    work.WorkItem.WorkQueueType = DelayedWorkQueue;
    ASSERT_EQ(kernel.ioctl(filter, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), &work, sizeof(work)).status,
              STATUS_SUCCESS);

    ULONG id = EVENTDRV_EVENT_PLAIN;
    ASSERT_EQ(
        kernel
            .property(filter, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_FIRE, KSPROPERTY_TYPE_SET, &id, sizeof(id))
            .status,
        STATUS_SUCCESS);
    EXPECT_NE(KeReadStateEvent(&event), 0);
    LARGE_INTEGER timeout = io::relativeTimeout(std::chrono::seconds(10));
    EXPECT_EQ(io::waitForEvent(&ran, &timeout), STATUS_SUCCESS);
    EXPECT_EQ(kernel.close(filter), STATUS_SUCCESS);
}

// Kernel requestors' KSEVENTF_SEMAPHORE_OBJECT (released by Adjustment) and
// KSEVENTF_DPC (queued with SystemArgument1 = the requestor's KSEVENTDATA,
// whose Dpc.ReferenceCount the DPC routine gives back).
TEST_F(EventDriver, KernelRequestorsMaySignalASemaphoreAndADpc)
{
    KsSession kernel(KernelMode);
    HANDLE filter = nullptr;
    ASSERT_EQ(kernel.openFilter(filterPath("openks_eventdrv"), &filter), STATUS_SUCCESS);
    KSEMAPHORE semaphore;
    KeInitializeSemaphore(&semaphore, 0, 10);
    KSEVENTDATA sem{};
    sem.NotificationType = KSEVENTF_SEMAPHORE_OBJECT;
    sem.SemaphoreObject.Semaphore = &semaphore;
    sem.SemaphoreObject.Adjustment = 2;
    KSEVENT request = eventRequest(KSEVENTSETID_OpenksEventTest, EVENTDRV_EVENT_PLAIN);
    ASSERT_EQ(kernel.ioctl(filter, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), &sem, sizeof(sem)).status,
              STATUS_SUCCESS);

    struct DpcState {
        KEVENT ran;
        KSEVENTDATA* argument = nullptr;
    } state;
    KeInitializeEvent(&state.ran, NotificationEvent, FALSE);
    KDPC dpc;
    KeInitializeDpc(
        &dpc,
        [](PKDPC, PVOID context, PVOID argument1, PVOID) {
            auto* st = static_cast<DpcState*>(context);
            st->argument = static_cast<KSEVENTDATA*>(argument1);
            InterlockedDecrement(reinterpret_cast<LONG volatile*>(&st->argument->Dpc.ReferenceCount));
            KeSetEvent(&st->ran, 0, FALSE);
        },
        &state);
    KSEVENTDATA viaDpc{};
    viaDpc.NotificationType = KSEVENTF_DPC;
    viaDpc.Dpc.Dpc = &dpc;
    ASSERT_EQ(kernel.ioctl(filter, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), &viaDpc, sizeof(viaDpc)).status,
              STATUS_SUCCESS);

    ULONG id = EVENTDRV_EVENT_PLAIN;
    ASSERT_EQ(
        kernel
            .property(filter, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_FIRE, KSPROPERTY_TYPE_SET, &id, sizeof(id))
            .status,
        STATUS_SUCCESS);
    EXPECT_EQ(KeReadStateSemaphore(&semaphore), 2);
    LARGE_INTEGER timeout = io::relativeTimeout(std::chrono::seconds(10));
    ASSERT_EQ(io::waitForEvent(&state.ran, &timeout), STATUS_SUCCESS);
    EXPECT_EQ(state.argument, &viaDpc);
    EXPECT_EQ(viaDpc.Dpc.ReferenceCount, 0u);
    EXPECT_EQ(kernel.close(filter), STATUS_SUCCESS);
}

// ---- KSEVENT_CONNECTION_ENDOFSTREAM -------------------------------------------------------------

TEST_F(EventDriver, EndOfStreamEventExistsOnGenerateEosPinsOnly)
{
    HANDLE eos = createPin(EVENTDRV_PIN_CLOCK);
    HANDLE plain = createPin(EVENTDRV_PIN_NO_CLOCK);
    KSEVENT request = eventRequest(KSEVENTSETID_Connection, KSEVENT_CONNECTION_ENDOFSTREAM, KSEVENT_TYPE_BASICSUPPORT);
    EXPECT_EQ(session_.ioctl(eos, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), nullptr, 0).status, STATUS_SUCCESS);
    EXPECT_EQ(session_.ioctl(plain, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), nullptr, 0).status,
              STATUS_PROPSET_NOT_FOUND);
    TestEvent event(session_);
    KSEVENTDATA data = eventHandleData(event.handle());
    EXPECT_EQ(
        enable(eos, eventRequest(KSEVENTSETID_Connection, KSEVENT_CONNECTION_ENDOFSTREAM), &data, sizeof(data)).status,
        STATUS_SUCCESS);
    EXPECT_EQ(session_.close(eos), STATUS_SUCCESS);  // frees the entry
    EXPECT_EQ(session_.close(plain), STATUS_SUCCESS);
}

// ---- Pin clocks --------------------------------------------------------------------------------

// "{KSSTRING_Clock}\" followed by a KSCLOCK_CREATE, as KsCreateClock builds it.
std::vector<uint8_t> clockCreateName(ULONG flags, size_t trim = 0)
{
    std::vector<uint8_t> name(38 * sizeof(char16_t));
    std::memcpy(name.data(), KSSTRING_Clock, name.size());
    const char16_t separator = u'\\';
    const auto* s = reinterpret_cast<const uint8_t*>(&separator);
    name.insert(name.end(), s, s + sizeof(separator));
    KSCLOCK_CREATE create{flags};
    const auto* c = reinterpret_cast<const uint8_t*>(&create);
    name.insert(name.end(), c, c + sizeof(create));
    name.resize(name.size() - trim);
    return name;
}

class PinClock : public EventDriver {
protected:
    NTSTATUS createClock(HANDLE pin, HANDLE* clock, ULONG flags = 0, size_t trim = 0)
    {
        const std::vector<uint8_t> name = clockCreateName(flags, trim);
        return session_.createRaw(pin, name.data(), static_cast<ULONG>(name.size()), clock);
    }

    LONGLONG clockValue(HANDLE clock, ULONG id)
    {
        LONGLONG value = -1;
        IoResult r = session_.property(clock, KSPROPSETID_Clock, id, KSPROPERTY_TYPE_GET, &value, sizeof(value));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_EQ(r.information, sizeof(LONGLONG));
        return value;
    }
    LONGLONG time(HANDLE clock) { return clockValue(clock, KSPROPERTY_CLOCK_TIME); }
    LONGLONG physical(HANDLE clock) { return clockValue(clock, KSPROPERTY_CLOCK_PHYSICALTIME); }

    // Polls (no sleeping) until the clock's time passes `than`; false after ~10 s.
    bool advancesPast(HANDLE clock, LONGLONG than)
    {
        const ULONGLONG deadline = KeQueryInterruptTime() + 10 * kSecond;
        while (KeQueryInterruptTime() < deadline) {
            if (time(clock) > than) return true;
        }
        return false;
    }

    void setPinClockTime(HANDLE pin, LONGLONG value)
    {
        ASSERT_EQ(session_
                      .property(pin, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_CLOCK_TIME, KSPROPERTY_TYPE_SET,
                                &value, sizeof(value))
                      .status,
                  STATUS_SUCCESS);
    }
};

TEST_F(PinClock, TimeFollowsThePinStateAndPhysicalTimeNeverGoesBack)
{
    HANDLE pin = createPin(EVENTDRV_PIN_CLOCK);
    HANDLE clock = nullptr;
    ASSERT_EQ(createClock(pin, &clock), STATUS_SUCCESS);

    KSSTATE state = KSSTATE_RUN;
    ASSERT_EQ(
        session_.property(clock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_STATE, KSPROPERTY_TYPE_GET, &state, sizeof(state))
            .status,
        STATUS_SUCCESS);
    EXPECT_EQ(state, KSSTATE_STOP);
    const LONGLONG stopped = time(clock);
    EXPECT_EQ(time(clock), stopped);  // STOP: the clock stands still

    ASSERT_EQ(session_.setState(pin, KSSTATE_RUN).status, STATUS_SUCCESS);
    ASSERT_EQ(
        session_.property(clock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_STATE, KSPROPERTY_TYPE_GET, &state, sizeof(state))
            .status,
        STATUS_SUCCESS);
    EXPECT_EQ(state, KSSTATE_RUN);
    EXPECT_TRUE(advancesPast(clock, stopped));
    LONGLONG p1 = physical(clock);
    LONGLONG p2 = physical(clock);
    EXPECT_LE(p1, p2);

    ASSERT_EQ(session_.setState(pin, KSSTATE_PAUSE).status, STATUS_SUCCESS);
    const LONGLONG paused = time(clock);
    EXPECT_EQ(time(clock), paused);  // PAUSE keeps the time

    // KsPinSetPinClockTime moves the presentation time, never the physical time.
    const LONGLONG physicalBefore = physical(clock);
    setPinClockTime(pin, 0);
    EXPECT_EQ(time(clock), 0);
    EXPECT_GE(physical(clock), physicalBefore);

    ASSERT_EQ(session_.setState(pin, KSSTATE_RUN).status, STATUS_SUCCESS);
    EXPECT_TRUE(advancesPast(clock, 0));

    KSCORRELATED_TIME correlated{};
    ASSERT_EQ(session_
                  .property(clock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_CORRELATEDTIME, KSPROPERTY_TYPE_GET, &correlated,
                            sizeof(correlated))
                  .status,
              STATUS_SUCCESS);
    EXPECT_GT(correlated.Time, 0);
    EXPECT_GT(correlated.SystemTime, 0);
    KSRESOLUTION resolution{};
    ASSERT_EQ(session_
                  .property(clock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_RESOLUTION, KSPROPERTY_TYPE_GET, &resolution,
                            sizeof(resolution))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(resolution.Granularity, 1);

    ASSERT_EQ(session_.setState(pin, KSSTATE_STOP).status, STATUS_SUCCESS);
    EXPECT_EQ(session_.close(clock), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
}

TEST_F(PinClock, CreateStatuses)
{
    HANDLE noClock = createPin(EVENTDRV_PIN_NO_CLOCK);
    HANDLE withClock = createPin(EVENTDRV_PIN_CLOCK);
    HANDLE clock = nullptr;
    // A pin without a clock has no clock create item.
    EXPECT_EQ(createClock(noClock, &clock), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(createClock(withClock, &clock, 1), STATUS_INVALID_PARAMETER);       // CreateFlags must be 0
    EXPECT_EQ(createClock(withClock, &clock, 0, 2), STATUS_INVALID_BUFFER_SIZE);  // half a KSCLOCK_CREATE
    EXPECT_EQ(session_.close(noClock), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(withClock), STATUS_SUCCESS);
}

// The kernel-mode KsCreateClock (a minidriver's): the same create, through
// the system handle table, returning an NTSTATUS.
TEST_F(PinClock, KernelKsCreateClockOpensTheClockOfAPin)
{
    HANDLE filter = nullptr;
    ASSERT_EQ(io::createFile(io::systemRequestor(), filterPath("openks_eventdrv"), GENERIC_READ | GENERIC_WRITE,
                             io::kOpenOverlapped, &filter),
              STATUS_SUCCESS);
    struct {
        KSPIN_CONNECT connect;
        KSDATAFORMAT format;
    } request{standardConnect(EVENTDRV_PIN_CLOCK), {}};
    request.format.FormatSize = sizeof(KSDATAFORMAT);
    request.format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    request.format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    request.format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    HANDLE pin = nullptr;
    ASSERT_EQ(KsCreatePin(filter, &request.connect, GENERIC_READ, &pin), STATUS_SUCCESS);
    KSCLOCK_CREATE create{};
    HANDLE clock = nullptr;
    ASSERT_EQ(KsCreateClock(pin, &create, &clock), STATUS_SUCCESS);
    ASSERT_NE(clock, nullptr);
    io::ObjectRef<FILE_OBJECT> file;
    ASSERT_EQ(io::referenceFile(io::systemRequestor(), clock, 0, &file), STATUS_SUCCESS);
    KSPROPERTY property{KSPROPSETID_Clock, KSPROPERTY_CLOCK_TIME, KSPROPERTY_TYPE_GET};
    LONGLONG value = -1;
    ULONG returned = 0;
    EXPECT_EQ(KsSynchronousIoControlDevice(file.get(), KernelMode, IOCTL_KS_PROPERTY, &property, sizeof(property),
                                           &value, sizeof(value), &returned),
              STATUS_SUCCESS);
    EXPECT_EQ(returned, sizeof(LONGLONG));
    EXPECT_EQ(value, 0);  // a stopped pin's clock has not moved
    file.reset();
    create.CreateFlags = 1;
    HANDLE refused = nullptr;
    EXPECT_EQ(KsCreateClock(pin, &create, &refused), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(KsCreateClock(pin, nullptr, &refused), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(io::closeHandle(io::systemRequestor(), clock), STATUS_SUCCESS);
    EXPECT_EQ(io::closeHandle(io::systemRequestor(), pin), STATUS_SUCCESS);
    EXPECT_EQ(io::closeHandle(io::systemRequestor(), filter), STATUS_SUCCESS);
}

TEST_F(PinClock, TheMinidriversClockDispatchIsCalled)
{
    HANDLE pin = createPin(EVENTDRV_PIN_DRIVER_CLOCK);
    HANDLE clock = nullptr;
    ASSERT_EQ(createClock(pin, &clock), STATUS_SUCCESS);
    LONGLONG value = 4242;
    ASSERT_EQ(session_
                  .property(filter_, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_DRIVER_TIME, KSPROPERTY_TYPE_SET,
                            &value, sizeof(value))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(time(clock), 4242);
    KSRESOLUTION resolution{};
    ASSERT_EQ(session_
                  .property(clock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_RESOLUTION, KSPROPERTY_TYPE_GET, &resolution,
                            sizeof(resolution))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(resolution.Granularity, 5);
    EXPECT_EQ(resolution.Error, 7);
    EXPECT_EQ(session_.close(clock), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
}

TEST_F(PinClock, FunctionTableIsForKernelRequestorsOnly)
{
    HANDLE pin = createPin(EVENTDRV_PIN_CLOCK);
    HANDLE clock = nullptr;
    ASSERT_EQ(createClock(pin, &clock), STATUS_SUCCESS);
    KSCLOCK_FUNCTIONTABLE table{};
    EXPECT_EQ(session_
                  .property(clock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_FUNCTIONTABLE, KSPROPERTY_TYPE_GET, &table,
                            sizeof(table))
                  .status,
              STATUS_INVALID_DEVICE_REQUEST);
    setPinClockTime(pin, 777);

    KsSession kernel(KernelMode);
    HANDLE filter = nullptr;
    ASSERT_EQ(kernel.openFilter(filterPath("openks_eventdrv"), &filter), STATUS_SUCCESS);
    HANDLE kernelPin = createPinOn(kernel, filter, EVENTDRV_PIN_CLOCK);
    const std::vector<uint8_t> name = clockCreateName(0);
    HANDLE kernelClock = nullptr;
    ASSERT_EQ(kernel.createRaw(kernelPin, name.data(), static_cast<ULONG>(name.size()), &kernelClock), STATUS_SUCCESS);
    ASSERT_EQ(kernel
                  .property(kernelClock, KSPROPSETID_Clock, KSPROPERTY_CLOCK_FUNCTIONTABLE, KSPROPERTY_TYPE_GET, &table,
                            sizeof(table))
                  .status,
              STATUS_SUCCESS);
    io::ObjectRef<FILE_OBJECT> file = kernel.fileObject(kernelClock);
    ASSERT_NE(table.GetTime, nullptr);
    EXPECT_EQ(table.GetTime(file.get()), 0);  // stopped, never run
    LONGLONG system = 0;
    EXPECT_EQ(table.GetCorrelatedTime(file.get(), &system), 0);
    EXPECT_GT(system, 0);
    file.reset();
    EXPECT_EQ(kernel.close(kernelClock), STATUS_SUCCESS);
    EXPECT_EQ(kernel.close(kernelPin), STATUS_SUCCESS);
    EXPECT_EQ(kernel.close(filter), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(clock), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
}

TEST_F(PinClock, PositionMarkEventFiresWhenTheTimeIsReached)
{
    HANDLE pin = createPin(EVENTDRV_PIN_CLOCK);
    HANDLE clock = nullptr;
    ASSERT_EQ(createClock(pin, &clock), STATUS_SUCCESS);
    TestEvent event(session_);
    KSEVENT_TIME_MARK mark{};
    mark.EventData = eventHandleData(event.handle());
    mark.MarkTime = kSecond / 50;  // 20 ms of running
    ASSERT_EQ(enable(clock, eventRequest(KSEVENTSETID_Clock, KSEVENT_CLOCK_POSITION_MARK), &mark, sizeof(mark)).status,
              STATUS_SUCCESS);
    EXPECT_FALSE(event.signalled());  // stopped: the time never gets there
    ASSERT_EQ(session_.setState(pin, KSSTATE_RUN).status, STATUS_SUCCESS);
    ASSERT_TRUE(event.wait());
    EXPECT_GE(time(clock), mark.MarkTime);

    // An interval mark fires again and again.
    TestEvent ticks(session_);
    KSEVENT_TIME_INTERVAL interval{};
    interval.EventData = eventHandleData(ticks.handle());
    interval.TimeBase = time(clock);
    interval.Interval = kSecond / 100;
    ASSERT_EQ(enable(clock, eventRequest(KSEVENTSETID_Clock, KSEVENT_CLOCK_INTERVAL_MARK), &interval, sizeof(interval))
                  .status,
              STATUS_SUCCESS);
    ASSERT_TRUE(ticks.wait());
    ticks.reset();
    ASSERT_TRUE(ticks.wait());
    EXPECT_EQ(disable(clock, &interval, sizeof(interval)).status, STATUS_SUCCESS);
    interval.Interval = 0;
    EXPECT_EQ(enable(clock, eventRequest(KSEVENTSETID_Clock, KSEVENT_CLOCK_INTERVAL_MARK), &interval, sizeof(interval))
                  .status,
              STATUS_INVALID_PARAMETER);

    // A mark still enabled when the clock closes is freed with it.
    TestEvent late(session_);
    KSEVENT_TIME_MARK far{};
    far.EventData = eventHandleData(late.handle());
    far.MarkTime = 1000 * kSecond;
    ASSERT_EQ(enable(clock, eventRequest(KSEVENTSETID_Clock, KSEVENT_CLOCK_POSITION_MARK), &far, sizeof(far)).status,
              STATUS_SUCCESS);
    const intptr_t references = late.references();
    EXPECT_EQ(session_.close(clock), STATUS_SUCCESS);
    EXPECT_EQ(late.references(), references - 1);
    ASSERT_EQ(session_.setState(pin, KSSTATE_STOP).status, STATUS_SUCCESS);
    EXPECT_EQ(session_.close(pin), STATUS_SUCCESS);
}

TEST_F(PinClock, MasterClockReachesTheMinidriver)
{
    HANDLE clockPin = createPin(EVENTDRV_PIN_CLOCK);
    HANDLE slave = createPin(EVENTDRV_PIN_NO_CLOCK);
    LONGLONG value = 0;
    EXPECT_EQ(session_
                  .property(slave, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_MASTER_TIME, KSPROPERTY_TYPE_GET,
                            &value, sizeof(value))
                  .status,
              STATUS_DEVICE_NOT_READY);  // no master clock yet

    HANDLE clock = nullptr;
    ASSERT_EQ(createClock(clockPin, &clock), STATUS_SUCCESS);
    setPinClockTime(clockPin, 12345);
    HANDLE notAClock = filter_;
    EXPECT_EQ(session_
                  .property(slave, KSPROPSETID_Stream, KSPROPERTY_STREAM_MASTERCLOCK, KSPROPERTY_TYPE_SET, &notAClock,
                            sizeof(notAClock))
                  .status,
              STATUS_INVALID_PARAMETER);
    ASSERT_EQ(session_
                  .property(slave, KSPROPSETID_Stream, KSPROPERTY_STREAM_MASTERCLOCK, KSPROPERTY_TYPE_SET, &clock,
                            sizeof(clock))
                  .status,
              STATUS_SUCCESS);
    // The slave pin holds the clock: closing the handle keeps it alive.
    EXPECT_EQ(session_.close(clock), STATUS_SUCCESS);
    ASSERT_EQ(session_
                  .property(slave, KSPROPSETID_OpenksEventTest, EVENTDRV_PROPERTY_MASTER_TIME, KSPROPERTY_TYPE_GET,
                            &value, sizeof(value))
                  .status,
              STATUS_SUCCESS);
    EXPECT_EQ(value, 12345);
    EXPECT_EQ(session_.close(slave), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(clockPin), STATUS_SUCCESS);
}

}  // namespace
}  // namespace openks::test
