// SPDX-License-Identifier: MIT
// Clocks: the time base (ClockSource) with its mark-event timer, and the clock file object's properties and events.
#include "avstream/clock.h"

#include <atomic>
#include <chrono>
#include <climits>
#include <new>

#include "avstream/device.h"

namespace openks::avstream {

namespace {

constexpr uint64_t kClockMagic = 0x6b73636c6f636bULL;  // "ksclock"

// A driver time source may run at any rate: re-check marks at least this often (100 ns units, 1 ms).
constexpr LONGLONG kDriverTimePoll = 10000;

// The default resolution: 100 ns steps; events fire within about a millisecond (a thread wake-up).
constexpr KSRESOLUTION kDefaultResolution = {1, 10000};

LONGLONG systemTime100ns()
{
    LARGE_INTEGER frequency;
    const LARGE_INTEGER counter = KeQueryPerformanceCounter(&frequency);
    return static_cast<LONGLONG>(KSCONVERT_PERFORMANCE_TIME(static_cast<ULONGLONG>(frequency.QuadPart), counter));
}

// What a clock mark event keeps after its KSEVENT_ENTRY (ExtraEntryData).
struct MarkData {
    LONGLONG next;      // POSITION_MARK: MarkTime; INTERVAL_MARK: the next due time
    LONGLONG interval;  // INTERVAL_MARK only
    LONG fired;         // POSITION_MARK: fired once already
    LONG reserved;
};

MarkData* markOf(PKSEVENT_ENTRY entry)
{
    return reinterpret_cast<MarkData*>(entry + 1);
}

// The scan the timer makes over the marks (KsGenerateEvents callbacks, run under the event list lock).
struct MarkScan {
    LONGLONG now;
    LONGLONG untilNext = LLONG_MAX;
};

BOOLEAN NTAPI positionDue(PVOID context, PKSEVENT_ENTRY entry)
{
    auto* scan = static_cast<MarkScan*>(context);
    MarkData* mark = markOf(entry);
    if (mark->fired != 0) return FALSE;
    if (scan->now >= mark->next) {
        mark->fired = 1;
        return TRUE;
    }
    scan->untilNext = std::min(scan->untilNext, mark->next - scan->now);
    return FALSE;
}

BOOLEAN NTAPI intervalDue(PVOID context, PKSEVENT_ENTRY entry)
{
    auto* scan = static_cast<MarkScan*>(context);
    MarkData* mark = markOf(entry);
    BOOLEAN due = FALSE;
    if (scan->now >= mark->next) {
        due = TRUE;
        const LONGLONG periods = (scan->now - mark->next) / mark->interval + 1;
        mark->next += periods * mark->interval;
    }
    scan->untilNext = std::min(scan->untilNext, mark->next - scan->now);
    return due;
}

ClockFile* clockOf(PIRP irp)
{
    return ClockFile::fromFileObject(IoGetCurrentIrpStackLocation(irp)->FileObject);
}

// ---- KSPROPSETID_Clock ----------------------------------------------------------

NTSTATUS NTAPI getTime(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    *static_cast<LONGLONG*>(data) = clockOf(irp)->source()->time();
    irp->IoStatus.Information = sizeof(LONGLONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getPhysicalTime(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    *static_cast<LONGLONG*>(data) = clockOf(irp)->source()->physicalTime();
    irp->IoStatus.Information = sizeof(LONGLONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getCorrelatedTime(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    auto* value = static_cast<KSCORRELATED_TIME*>(data);
    value->Time = clockOf(irp)->source()->correlatedTime(&value->SystemTime);
    irp->IoStatus.Information = sizeof(KSCORRELATED_TIME);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getCorrelatedPhysicalTime(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    auto* value = static_cast<KSCORRELATED_TIME*>(data);
    value->Time = clockOf(irp)->source()->correlatedPhysicalTime(&value->SystemTime);
    irp->IoStatus.Information = sizeof(KSCORRELATED_TIME);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getResolution(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    *static_cast<KSRESOLUTION*>(data) = clockOf(irp)->source()->resolution();
    irp->IoStatus.Information = sizeof(KSRESOLUTION);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getState(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    *static_cast<KSSTATE*>(data) = clockOf(irp)->source()->state();
    irp->IoStatus.Information = sizeof(KSSTATE);
    return STATUS_SUCCESS;
}

LONGLONG FASTCALL fastTime(PFILE_OBJECT file)
{
    ClockFile* clock = ClockFile::fromFileObject(file);
    return clock == nullptr ? 0 : clock->source()->time();
}

LONGLONG FASTCALL fastPhysicalTime(PFILE_OBJECT file)
{
    ClockFile* clock = ClockFile::fromFileObject(file);
    return clock == nullptr ? 0 : clock->source()->physicalTime();
}

LONGLONG FASTCALL fastCorrelatedTime(PFILE_OBJECT file, PLONGLONG systemTime)
{
    ClockFile* clock = ClockFile::fromFileObject(file);
    LONGLONG ignored = 0;
    return clock == nullptr ? 0 : clock->source()->correlatedTime(systemTime != nullptr ? systemTime : &ignored);
}

LONGLONG FASTCALL fastCorrelatedPhysicalTime(PFILE_OBJECT file, PLONGLONG systemTime)
{
    ClockFile* clock = ClockFile::fromFileObject(file);
    LONGLONG ignored = 0;
    return clock == nullptr ? 0
                            : clock->source()->correlatedPhysicalTime(systemTime != nullptr ? systemTime : &ignored);
}

NTSTATUS NTAPI getFunctionTable(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    // Function pointers mean nothing to another address space: kernel requestors only.
    if (irp->RequestorMode != KernelMode) return STATUS_INVALID_DEVICE_REQUEST;
    auto* table = static_cast<KSCLOCK_FUNCTIONTABLE*>(data);
    table->GetTime = fastTime;
    table->GetPhysicalTime = fastPhysicalTime;
    table->GetCorrelatedTime = fastCorrelatedTime;
    table->GetCorrelatedPhysicalTime = fastCorrelatedPhysicalTime;
    irp->IoStatus.Information = sizeof(KSCLOCK_FUNCTIONTABLE);
    return STATUS_SUCCESS;
}

// ---- KSEVENTSETID_Clock -------------------------------------------------------------

NTSTATUS NTAPI addMarkEvent(PIRP irp, PKSEVENTDATA data, PKSEVENT_ENTRY entry)
{
    ClockSource* source = clockOf(irp)->source();
    MarkData* mark = markOf(entry);
    if (entry->EventItem->EventId == KSEVENT_CLOCK_POSITION_MARK) {
        mark->next = reinterpret_cast<const KSEVENT_TIME_MARK*>(data)->MarkTime;
    } else {
        const auto* interval = reinterpret_cast<const KSEVENT_TIME_INTERVAL*>(data);
        if (interval->Interval <= 0) return STATUS_INVALID_PARAMETER;
        mark->interval = interval->Interval;
        mark->next = interval->TimeBase;
        const LONGLONG now = source->time();
        if (now > mark->next) mark->next += ((now - mark->next + mark->interval - 1) / mark->interval) * mark->interval;
    }
    source->events().add(entry);
    source->kick();
    return STATUS_SUCCESS;
}

struct ClockTables {
    KSPROPERTY_ITEM properties[7];
    KSEVENT_ITEM events[2];
    KSPROPERTY_SET propertySet;
    KSEVENT_SET eventSet;
    KSAUTOMATION_TABLE table;

    static KSPROPERTY_ITEM item(ULONG id, PFNKSHANDLER get, ULONG size)
    {
        KSPROPERTY_ITEM entry{};
        entry.PropertyId = id;
        entry.GetPropertyHandler = get;
        entry.MinProperty = sizeof(KSPROPERTY);
        entry.MinData = size;
        return entry;
    }

    static KSEVENT_ITEM event(ULONG id, ULONG dataInput)
    {
        KSEVENT_ITEM entry{};
        entry.EventId = id;
        entry.DataInput = dataInput;
        entry.ExtraEntryData = sizeof(MarkData);
        entry.AddHandler = addMarkEvent;
        return entry;
    }

    ClockTables()
        : properties{item(KSPROPERTY_CLOCK_TIME, getTime, sizeof(LONGLONG)),
                     item(KSPROPERTY_CLOCK_PHYSICALTIME, getPhysicalTime, sizeof(LONGLONG)),
                     item(KSPROPERTY_CLOCK_CORRELATEDTIME, getCorrelatedTime, sizeof(KSCORRELATED_TIME)),
                     item(KSPROPERTY_CLOCK_CORRELATEDPHYSICALTIME, getCorrelatedPhysicalTime,
                          sizeof(KSCORRELATED_TIME)),
                     item(KSPROPERTY_CLOCK_RESOLUTION, getResolution, sizeof(KSRESOLUTION)),
                     item(KSPROPERTY_CLOCK_STATE, getState, sizeof(KSSTATE)),
                     item(KSPROPERTY_CLOCK_FUNCTIONTABLE, getFunctionTable, sizeof(KSCLOCK_FUNCTIONTABLE))},
          events{event(KSEVENT_CLOCK_INTERVAL_MARK, sizeof(KSEVENT_TIME_INTERVAL)),
                 event(KSEVENT_CLOCK_POSITION_MARK, sizeof(KSEVENT_TIME_MARK))},
          propertySet{},
          eventSet{},
          table{}
    {
        propertySet.Set = &KSPROPSETID_Clock;
        propertySet.PropertiesCount = 7;
        propertySet.PropertyItem = properties;
        eventSet.Set = &KSEVENTSETID_Clock;
        eventSet.EventsCount = 2;
        eventSet.EventItem = events;
        table.PropertySetsCount = 1;
        table.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
        table.PropertySets = &propertySet;
        table.EventSetsCount = 1;
        table.EventItemSize = sizeof(KSEVENT_ITEM);
        table.EventSets = &eventSet;
    }
};

const KSAUTOMATION_TABLE* clockAutomation()
{
    static const ClockTables* tables = new ClockTables;  // immutable, lives to process exit
    return &tables->table;
}

// The reference clock handed to minidrivers.
class ReferenceClock final : public IKsReferenceClock {
public:
    explicit ReferenceClock(PFILE_OBJECT file) : file_(file) { ObReferenceObject(file_); }
    ~ReferenceClock() { ObDereferenceObject(file_); }
    ReferenceClock(const ReferenceClock&) = delete;
    ReferenceClock& operator=(const ReferenceClock&) = delete;

    NTSTATUS QueryInterface(REFIID, PVOID* object) override
    {
        if (object != nullptr) *object = nullptr;
        return STATUS_NOT_SUPPORTED;
    }
    ULONG AddRef() override { return ++references_; }
    ULONG Release() override
    {
        const ULONG left = --references_;
        if (left == 0) delete this;
        return left;
    }
    LONGLONG GetTime() override { return source()->time(); }
    LONGLONG GetPhysicalTime() override { return source()->physicalTime(); }
    LONGLONG GetCorrelatedTime(PLONGLONG systemTime) override
    {
        LONGLONG ignored = 0;
        return source()->correlatedTime(systemTime != nullptr ? systemTime : &ignored);
    }
    LONGLONG GetCorrelatedPhysicalTime(PLONGLONG systemTime) override
    {
        LONGLONG ignored = 0;
        return source()->correlatedPhysicalTime(systemTime != nullptr ? systemTime : &ignored);
    }
    NTSTATUS GetResolution(PKSRESOLUTION resolution) override
    {
        if (resolution == nullptr) return STATUS_INVALID_PARAMETER;
        *resolution = source()->resolution();
        return STATUS_SUCCESS;
    }
    NTSTATUS GetState(PKSSTATE state) override
    {
        if (state == nullptr) return STATUS_INVALID_PARAMETER;
        *state = source()->state();
        return STATUS_SUCCESS;
    }

private:
    ClockSource* source() const { return ClockFile::fromFileObject(file_)->source(); }

    PFILE_OBJECT file_;
    std::atomic<ULONG> references_{1};
};

}  // namespace

// ---- ClockSource -------------------------------------------------------------------

ClockSource::ClockSource() = default;

ClockSource::~ClockSource()
{
    {
        std::lock_guard lock(timerMutex_);
        stopping_ = true;
    }
    timerWake_.notify_all();
    if (timer_.joinable()) timer_.join();
}

void ClockSource::setDriverTime(PKSPIN pin, const KSCLOCK_DISPATCH* dispatch)
{
    std::lock_guard lock(mutex_);
    pin_ = pin;
    pinDispatch_ = dispatch;
}

void ClockSource::setDriverTime(PVOID context, PFNKSCORRELATEDTIME correlatedTime, const KSRESOLUTION* resolution)
{
    std::lock_guard lock(mutex_);
    exContext_ = context;
    exCorrelated_ = correlatedTime;
    hasExResolution_ = resolution != nullptr;
    if (resolution != nullptr) exResolution_ = *resolution;
}

ClockSource::Sample ClockSource::sample()
{
    PKSPIN pin;
    const KSCLOCK_DISPATCH* dispatch;
    PFNKSCORRELATEDTIME exCorrelated;
    PVOID exContext;
    {
        std::lock_guard lock(mutex_);
        pin = pin_;
        dispatch = pinDispatch_;
        exCorrelated = exCorrelated_;
        exContext = exContext_;
        if ((dispatch == nullptr || dispatch->CorrelatedTime == nullptr) && exCorrelated == nullptr) {
            const LONGLONG system = systemTime100ns();
            LONGLONG physical = physicalBase_;
            if (state_ == KSSTATE_RUN) physical += static_cast<LONGLONG>(KeQueryInterruptTime() - runStart_);
            return {physical, physical + offset_, system};
        }
    }
    // The driver's time (called with no lock held).
    LONGLONG system = 0;
    const LONGLONG time = dispatch != nullptr && dispatch->CorrelatedTime != nullptr
                              ? dispatch->CorrelatedTime(pin, &system)
                              : exCorrelated(exContext, &system);
    return {time, time, system};
}

KSSTATE ClockSource::state()
{
    std::lock_guard lock(mutex_);
    return state_;
}

void ClockSource::setState(KSSTATE state)
{
    {
        std::lock_guard lock(mutex_);
        if (state == state_) return;
        const ULONGLONG now = KeQueryInterruptTime();
        if (state_ == KSSTATE_RUN) physicalBase_ += static_cast<LONGLONG>(now - runStart_);
        runStart_ = now;
        state_ = state;
    }
    kick();
}

LONGLONG ClockSource::time()
{
    return sample().time;
}

void ClockSource::setTime(LONGLONG time)
{
    {
        std::lock_guard lock(mutex_);
        LONGLONG physical = physicalBase_;
        if (state_ == KSSTATE_RUN) physical += static_cast<LONGLONG>(KeQueryInterruptTime() - runStart_);
        offset_ = time - physical;
    }
    kick();
}

LONGLONG ClockSource::physicalTime()
{
    return sample().physical;
}

LONGLONG ClockSource::correlatedTime(LONGLONG* systemTime)
{
    const Sample s = sample();
    *systemTime = s.system;
    return s.time;
}

LONGLONG ClockSource::correlatedPhysicalTime(LONGLONG* systemTime)
{
    const Sample s = sample();
    *systemTime = s.system;
    return s.physical;
}

KSRESOLUTION ClockSource::resolution()
{
    PKSPIN pin;
    const KSCLOCK_DISPATCH* dispatch;
    {
        std::lock_guard lock(mutex_);
        if (hasExResolution_) return exResolution_;
        pin = pin_;
        dispatch = pinDispatch_;
    }
    KSRESOLUTION value = kDefaultResolution;
    if (dispatch != nullptr && dispatch->Resolution != nullptr) dispatch->Resolution(pin, &value);
    return value;
}

void ClockSource::kick()
{
    {
        std::lock_guard lock(timerMutex_);
        if (stopping_) return;
        kicked_ = true;
        // The thread starts with the first mark event (most clocks never have one).
        if (!timer_.joinable() && !events_.empty()) timer_ = std::thread([this] { timerLoop(); });
    }
    timerWake_.notify_all();
}

LONGLONG ClockSource::fireDueMarks()
{
    bool driverTime;
    {
        std::lock_guard lock(mutex_);
        driverTime = (pinDispatch_ != nullptr && pinDispatch_->CorrelatedTime != nullptr) || exCorrelated_ != nullptr;
    }
    MarkScan scan{time()};
    events_.generate(&KSEVENTSETID_Clock, KSEVENT_CLOCK_POSITION_MARK, positionDue, &scan);
    events_.generate(&KSEVENTSETID_Clock, KSEVENT_CLOCK_INTERVAL_MARK, intervalDue, &scan);
    if (state() != KSSTATE_RUN || scan.untilNext == LLONG_MAX) return -1;
    return driverTime ? std::min(scan.untilNext, kDriverTimePoll) : scan.untilNext;
}

void ClockSource::timerLoop()
{
    std::unique_lock lock(timerMutex_);
    while (!stopping_) {
        kicked_ = false;
        lock.unlock();
        const LONGLONG wait = fireDueMarks();
        lock.lock();
        const auto woken = [this] { return stopping_ || kicked_; };
        if (wait < 0) {
            timerWake_.wait(lock, woken);
        } else {
            timerWake_.wait_for(lock, std::chrono::nanoseconds(wait) * 100, woken);
        }
    }
}

// ---- ClockFile ------------------------------------------------------------------------

ClockFile::ClockFile(PFILE_OBJECT file, ClockSource* source) : context_{kClockMagic, this}, file_(file), source_(source)
{
}

NTSTATUS ClockFile::create(PFILE_OBJECT file, ClockSource* source)
{
    if (file == nullptr || source == nullptr) return STATUS_INVALID_PARAMETER;
    auto* clock = new (std::nothrow) ClockFile(file, source);
    if (clock == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    file->FsContext = &clock->context_;
    return STATUS_SUCCESS;
}

ClockFile* ClockFile::fromFileObject(PFILE_OBJECT file)
{
    if (file == nullptr || file->FsContext == nullptr) return nullptr;
    const auto* context = static_cast<const FileContext*>(file->FsContext);
    // Filters and pins keep {magic, object} there too, with their own magic.
    return context->magic == kClockMagic ? context->clock : nullptr;
}

NTSTATUS ClockFile::deviceControl(PIRP irp)
{
    irp->IoStatus.Information = 0;
    const KSAUTOMATION_TABLE* tables[1] = {clockAutomation()};
    const ks::AutomationView view{tables, 1};
    NTSTATUS status;
    switch (IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_KS_PROPERTY:
            status = ks::handleProperty(irp, view);
            break;
        case IOCTL_KS_ENABLE_EVENT:
            status = source_->events().enable(irp, view);
            break;
        case IOCTL_KS_DISABLE_EVENT:
            status = source_->events().disable(irp);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
    }
    return completeIrp(irp, status);
}

NTSTATUS ClockFile::close(PIRP irp)
{
    source_->events().freeFile(file_);
    file_->FsContext = nullptr;
    delete this;
    irp->IoStatus.Information = 0;
    return completeIrp(irp, STATUS_SUCCESS);
}

PIKSREFERENCECLOCK makeReferenceClock(PFILE_OBJECT clockFile)
{
    return new (std::nothrow) ReferenceClock(clockFile);
}

}  // namespace openks::avstream
