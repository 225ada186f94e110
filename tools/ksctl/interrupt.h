// SPDX-License-Identifier: MIT
// Ctrl-C for streaming commands: SIGINT/SIGTERM set a KS event the stream loop waits on, so it can stop cleanly.

// A streaming loop waits with WaitForMultipleObjects on its request events
// and on an abort event, as PortAudio does.  installInterruptHandling(),
// called first thing in main() before any thread exists, blocks SIGINT and
// SIGTERM in every thread and starts one watcher thread that sigwait()s
// for them:
//  - while a stream has registered its abort event (AbortScope), the first
//    signal sets that event: the loop stops submitting, sets PAUSE and
//    STOP (which flushes what is pending), closes, and ksctl exits 130;
//  - otherwise, or on a second signal, ksctl exits at once with 130.
//
//   AbortScope abort;                       // registers a fresh event
//   HANDLE waits[] = {abort.event(), ...};
//   if (abort.requested()) ...
//
// Threads: installInterruptHandling() once from main(); AbortScope on the streaming thread.
#pragma once

#include <openks/client.h>

namespace ksctl {

void installInterruptHandling();

class AbortScope {
public:
    AbortScope();
    ~AbortScope();
    AbortScope(const AbortScope&) = delete;
    AbortScope& operator=(const AbortScope&) = delete;

    HANDLE event() const { return event_; }
    bool requested() const;

private:
    HANDLE event_ = nullptr;
};

}  // namespace ksctl
