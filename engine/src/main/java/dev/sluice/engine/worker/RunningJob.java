package dev.sluice.engine.worker;

import dev.sluice.engine.Job;
import dev.sluice.engine.JobContext.StopReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A job this process holds: its claim, its thread, and why (if at all) it was asked to stop. A held
 * job first waits for one of its pool's handler slots, then its handler runs ({@link #begin()}).
 * {@link #leaseValidUntilNanos} is a conservative local estimate of the lease expiry, measured from
 * before the claim or renewal was sent, so it never runs past the database's own.
 */
final class RunningJob {
    final Job job;
    final WorkerPool pool;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final List<Runnable> stopListeners = new CopyOnWriteArrayList<>();
    volatile Thread thread;
    volatile long leaseValidUntilNanos;
    /** When the handler started (System.nanoTime); 0 while the job still waits for a slot. */
    volatile long startedNanos;
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
     * The job got its slot: marks the handler started, unless the job was asked to stop while it
     * waited (then false, and the handler must not run). Taken under the same lock as {@link #stop},
     * so a stop meant for a waiting job never lands on a handler that has just started.
     */
    synchronized boolean begin() {
        if (stopReason.get() != null) {
            return false;
        }
        startedNanos = System.nanoTime();
        return true;
    }

    boolean started() {
        return startedNanos != 0;
    }

    /**
     * Asks the handler to stop (first reason wins): its thread is interrupted and the listeners run.
     * Once the job is {@link #finish() finishing} nothing is interrupted any more: the interrupt and
     * the switch to finishing are taken under one lock, so a stop can never land in the middle of the
     * worker writing the outcome.
     */
    void stop(StopReason reason) {
        stop(reason, false);
    }

    /** Stops the job only if its handler has not started yet; true when it was stopped. */
    boolean stopIfWaiting(StopReason reason) {
        return stop(reason, true);
    }

    private boolean stop(StopReason reason, boolean onlyIfWaiting) {
        synchronized (this) {
            if (finishing || (onlyIfWaiting && started()) || !stopReason.compareAndSet(null, reason)) {
                return false;
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
        return true;
    }

    /** The handler has returned (or never ran): from now on stop requests are ignored and no interrupt is pending. */
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
