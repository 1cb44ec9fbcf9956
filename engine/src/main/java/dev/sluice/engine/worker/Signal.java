package dev.sluice.engine.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A wake-up flag: {@link #await} returns at once if signalled since the last await, else at the timeout. */
final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean signalled;

    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns true when woken by a signal, false on timeout. */
    boolean await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!signalled && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            boolean woken = signalled;
            signalled = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

}
