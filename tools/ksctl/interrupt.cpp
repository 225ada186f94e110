// SPDX-License-Identifier: MIT
// The signal watcher thread and the abort event a streaming loop registers.
#include "ksctl/interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "ksctl/failure.h"

namespace ksctl {

namespace {

std::atomic<HANDLE> gAbortEvent{nullptr};
std::atomic<bool> gInterrupted{false};

void watch(sigset_t signals)
{
    for (;;) {
        int signal = 0;
        if (sigwait(&signals, &signal) != 0) continue;
        HANDLE event = gAbortEvent.load();
        if (event != nullptr && !gInterrupted.exchange(true)) {
            static const char kMessage[] = "\nksctl: interrupted; stopping the stream (Ctrl-C again to quit at once)\n";
            (void)write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
            SetEvent(event);
            continue;
        }
        static const char kMessage[] = "\nksctl: interrupted\n";
        (void)write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
        _exit(static_cast<int>(Exit::Interrupted));
    }
}

}  // namespace

void installInterruptHandling()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    // Blocked here, before any other thread exists, so every thread inherits the mask and only the
    // watcher receives these signals.
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread(watch, signals).detach();
}

AbortScope::AbortScope()
{
    event_ = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    gInterrupted.store(false);
    gAbortEvent.store(event_);
}

AbortScope::~AbortScope()
{
    gAbortEvent.store(nullptr);
    if (event_ != nullptr) CloseHandle(event_);
}

bool AbortScope::requested() const
{
    return event_ != nullptr && WaitForSingleObject(event_, 0) == WAIT_OBJECT_0;
}

}  // namespace ksctl
