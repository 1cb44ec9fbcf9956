package dev.sluice.streams;

import dev.sluice.engine.notify.Notifier;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes live streams when their job has new events. Events themselves are always read from the
 * database; a wake-up only says "look now" (payload: job ids, or {@code *} for everything, also sent
 * after the notification connection was re-established). A stream subscribes before reading the
 * history, so nothing committed between the read and the subscription can be missed.
 */
public final class JobEventHub {
    private final Map<Long, Set<Waiter>> byJob = new ConcurrentHashMap<>();

    public JobEventHub(Notifier notifier) {
        notifier.subscribe(Notifier.JOB_EVENTS, this::onNotification);
        notifier.onReconnect(this::wakeAll);
    }

    /** A stream's wake-up flag for one job; close it when the stream ends. */
    public final class Waiter implements AutoCloseable {
        private final long jobId;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private boolean signalled;

        private Waiter(long jobId) {
            this.jobId = jobId;
        }

        void signal() {
            lock.lock();
            try {
                signalled = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** True when woken by new events, false when the timeout passed first. */
        public boolean await(Duration timeout) throws InterruptedException {
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

        @Override
        public void close() {
            byJob.computeIfPresent(jobId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public Waiter subscribe(long jobId) {
        Waiter waiter = new Waiter(jobId);
        byJob.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    public int subscribers() {
        return byJob.values().stream().mapToInt(Set::size).sum();
    }

    private void onNotification(String payload) {
        if (payload == null || payload.equals("*")) {
            wakeAll();
            return;
        }
        for (String id : payload.split(",")) {
            try {
                Set<Waiter> waiters = byJob.get(Long.parseLong(id.strip()));
                if (waiters != null) {
                    waiters.forEach(Waiter::signal);
                }
            } catch (NumberFormatException ignored) {
                // not a job id; nothing to wake
            }
        }
    }

    private void wakeAll() {
        byJob.values().forEach(set -> set.forEach(Waiter::signal));
    }
}
