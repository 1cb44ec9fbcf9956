package dev.sluice.engine.worker;

import dev.sluice.engine.Job;
import dev.sluice.engine.JobContext.StopReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A job this process is running: its claim, its thread, and why (if at all) it was asked to stop.
 * {@link #leaseValidUntilNanos} is a conservative local estimate of the lease expiry, measured from
 * before the claim or renewal was sent, so it never runs past the database's own.
 */
final class RunningJob {
    final Job job;
    final WorkerPool pool;
    final long startedNanos = System.nanoTime();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final List<Runnable> stopListeners = new CopyOnWriteArrayList<>();
    volatile Thread thread;
    volatile long leaseValidUntilNanos;
    /** Set once the handler has returned and its outcome is being written: stop requests no longer apply. */
    volatile boolean finishing;

    RunningJob(Job job, WorkerPool pool, long leaseValidUntilNanos) {
        this.job = job;
        this.pool = pool;
        this.leaseValidUntilNanos = leaseValidUntilNanos;
    }

    long id() {
        return job.id();
    }

    int attempt() {
        return job.attempt();
    }

    StopReason stopReason() {
        return stopReason.get();
    }

    /**
     * Asks the handler to stop (first reason wins): its thread is interrupted and the listeners run.
     * Once the job is {@link #finish() finishing} nothing is interrupted any more: the interrupt and
     * the switch to finishing are taken under one lock, so a stop can never land in the middle of the
     * worker writing the outcome.
     */
    void stop(StopReason reason) {
        synchronized (this) {
            if (finishing || !stopReason.compareAndSet(null, reason)) {
                return;
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
        for (Runnable listener : stopListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                pool.log().warn("job {}: a stop listener failed: {}", job.id(), e.toString());
            }
        }
    }

    /** The handler has returned: from now on stop requests are ignored and no interrupt is pending. */
    void finish() {
        synchronized (this) {
            finishing = true;
            Thread.interrupted();
        }
    }

    void onStop(Runnable action) {
        stopListeners.add(action);
        if (stopReason.get() != null) {
            action.run();
        }
    }
}
