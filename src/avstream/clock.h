// SPDX-License-Identifier: MIT
// Clocks: the time base shared by the KS default clock and pin clocks, and the clock file object (KSPROPSETID_Clock).
#pragma once

/*
 * A ClockSource keeps a presentation time in 100 ns units that advances only
 * in KSSTATE_RUN (STOP and ACQUIRE hold it, PAUSE holds it) and a physical
 * time that is the total time spent running (it never goes back;
 * KsSetDefaultClockTime / KsPinSetPinClockTime move the presentation time
 * only).  A driver may supply its own correlated time and resolution (the
 * pin's KSCLOCK_DISPATCH, KsAllocateDefaultClockEx): then both times are the
 * driver's.  The KSCLOCK_DISPATCH SetTimer/CancelTimer callbacks are not
 * called: openks has no KTIMER/KDPC, and mark events run on the source's own
 * timer thread instead.
 *
 * A clock file object (ClockFile) is created relative to a pin
 * ("{KSSTRING_Clock}\" + KSCLOCK_CREATE, KsCreateClock) or by
 * KsCreateDefaultClock, and answers KSPROPSETID_Clock (TIME, PHYSICALTIME,
 * CORRELATEDTIME, CORRELATEDPHYSICALTIME, RESOLUTION, STATE; FUNCTIONTABLE
 * for KernelMode requestors only, STATUS_INVALID_DEVICE_REQUEST otherwise)
 * and KSEVENTSETID_Clock (POSITION_MARK: once, when the time reaches
 * MarkTime; INTERVAL_MARK: at TimeBase + n * Interval, Interval > 0 else
 * STATUS_INVALID_PARAMETER).
 *
 * Threads: every member may be called from any thread.  ClockSource::mutex_
 * is a leaf; the timer thread signals events with no clock lock held.
 */

#include <openks/driver.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "avstream/events.h"

namespace openks::avstream {

class ClockSource {
public:
    ClockSource();
    // Stops the timer thread.  No clock file object may still use it.
    ~ClockSource();
    ClockSource(const ClockSource&) = delete;
    ClockSource& operator=(const ClockSource&) = delete;

    // A driver time source: its correlated time (and resolution), with the
    // argument it expects first.  Set once, before the clock is shared.
    void setDriverTime(PKSPIN pin, const KSCLOCK_DISPATCH* dispatch);
    void setDriverTime(PVOID context, PFNKSCORRELATEDTIME correlatedTime, const KSRESOLUTION* resolution);

    KSSTATE state();
    void setState(KSSTATE state);
    LONGLONG time();
    void setTime(LONGLONG time);
    LONGLONG physicalTime();
    // The times with the system time (KeQueryPerformanceCounter, 100 ns) of the same instant.
    LONGLONG correlatedTime(LONGLONG* systemTime);
    LONGLONG correlatedPhysicalTime(LONGLONG* systemTime);
    KSRESOLUTION resolution();

    ObjectEvents& events() { return events_; }
    // A mark event was filed: (re)compute when the next one is due.
    void kick();

private:
    struct Sample {
        LONGLONG physical;
        LONGLONG time;
        LONGLONG system;
    };
    Sample sample();
    void timerLoop();
    // Fires the due marks; the time until the next one (100 ns), or -1 for none/not running.
    LONGLONG fireDueMarks();

    std::mutex mutex_;  // leaf: the fields below
    KSSTATE state_ = KSSTATE_STOP;
    LONGLONG physicalBase_ = 0;  // physical time accumulated before runStart_
    ULONGLONG runStart_ = 0;     // KeQueryInterruptTime when RUN was entered
    LONGLONG offset_ = 0;        // presentation time - physical time
    // Driver time source (either form).
    PKSPIN pin_ = nullptr;
    const KSCLOCK_DISPATCH* pinDispatch_ = nullptr;
    PVOID exContext_ = nullptr;
    PFNKSCORRELATEDTIME exCorrelated_ = nullptr;
    bool hasExResolution_ = false;
    KSRESOLUTION exResolution_{};

    ObjectEvents events_;

    std::mutex timerMutex_;  // leaf: the timer thread's fields
    std::condition_variable timerWake_;
    std::thread timer_;
    bool stopping_ = false;
    bool kicked_ = false;
};

// The object behind a clock file object.  Owned by its file object: freed
// by IRP_MJ_CLOSE.  The source outlives it (a pin's clock belongs to the
// pin, whose file object the clock's RelatedFileObject keeps open).
class ClockFile {
public:
    // Makes `file` a clock on `source`.  STATUS_INSUFFICIENT_RESOURCES.
    static NTSTATUS create(PFILE_OBJECT file, ClockSource* source);
    // The clock a file object stands for, or nullptr.
    static ClockFile* fromFileObject(PFILE_OBJECT file);

    ClockSource* source() const { return source_; }
    // IRP routing (these complete the IRP).
    NTSTATUS deviceControl(PIRP irp);
    NTSTATUS close(PIRP irp);

private:
    ClockFile(PFILE_OBJECT file, ClockSource* source);

    struct FileContext {
        uint64_t magic;
        ClockFile* clock;
    };
    FileContext context_;
    PFILE_OBJECT file_;
    ClockSource* source_;
};

// The IKsReferenceClock of a clock file object (KsPinGetReferenceClockInterface):
// holds a reference on the file object until released.  nullptr when out of memory.
PIKSREFERENCECLOCK makeReferenceClock(PFILE_OBJECT clockFile);

}  // namespace openks::avstream
