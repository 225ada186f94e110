// SPDX-License-Identifier: MIT
// The pin queue's lock: a futex mutex whose uncontended lock and unlock are one inline atomic instruction each.
#pragma once

/*
 * A pin queue takes its lock several times per stream request (dispatch,
 * each stream-pointer call of the minidriver's Process, completion), always
 * briefly and almost never contended.  std::mutex costs a call into
 * pthread_mutex_lock/unlock per round trip; this lock is inline: one
 * compare-exchange to lock, one exchange to unlock, and the futex only when
 * another thread really waits.  The algorithm is "mutex 3" of Drepper's
 * "Futexes Are Tricky": 0 free, 1 locked, 2 locked and perhaps waited for.
 *
 *   QueueLock lock;
 *   {
 *       std::lock_guard guard(lock);   // BasicLockable, so lock_guard,
 *       ...                            // unique_lock and
 *   }                                  // condition_variable_any work
 *
 * Not recursive.  Under ThreadSanitizer it announces itself as a mutex, so
 * races and lock-order inversions through it are still reported.
 */

#include <atomic>
#include <cstdint>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define OPENKS_TSAN_MUTEX(call) call
#else
#define OPENKS_TSAN_MUTEX(call) ((void)0)
#endif

namespace openks::avstream {

class QueueLock {
public:
    QueueLock() { OPENKS_TSAN_MUTEX(__tsan_mutex_create(this, 0)); }
    ~QueueLock() { OPENKS_TSAN_MUTEX(__tsan_mutex_destroy(this, 0)); }
    QueueLock(const QueueLock&) = delete;
    QueueLock& operator=(const QueueLock&) = delete;

    void lock()
    {
        OPENKS_TSAN_MUTEX(__tsan_mutex_pre_lock(this, 0));
        std::uint32_t expected = 0;
        if (!state_.compare_exchange_strong(expected, 1, std::memory_order_acquire, std::memory_order_relaxed)) {
            lockContended();
        }
        OPENKS_TSAN_MUTEX(__tsan_mutex_post_lock(this, 0, 0));
    }

    bool try_lock()
    {
        OPENKS_TSAN_MUTEX(__tsan_mutex_pre_lock(this, __tsan_mutex_try_lock));
        std::uint32_t expected = 0;
        const bool locked =
            state_.compare_exchange_strong(expected, 1, std::memory_order_acquire, std::memory_order_relaxed);
        OPENKS_TSAN_MUTEX(
            __tsan_mutex_post_lock(this, locked ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed, 0));
        return locked;
    }

    void unlock()
    {
        OPENKS_TSAN_MUTEX(__tsan_mutex_pre_unlock(this, 0));
        if (state_.exchange(0, std::memory_order_release) == 2) {
            wakeOne();
        }
        OPENKS_TSAN_MUTEX(__tsan_mutex_post_unlock(this, 0));
    }

private:
    void lockContended();  // spins briefly, then sleeps on the futex
    void wakeOne();

    std::atomic<std::uint32_t> state_{0};
};

}  // namespace openks::avstream

#undef OPENKS_TSAN_MUTEX
