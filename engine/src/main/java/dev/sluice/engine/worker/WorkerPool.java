package dev.sluice.engine.worker;

import dev.sluice.Json;
import dev.sluice.database.PgText;
import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobContext.StopReason;
import dev.sluice.engine.JobHandler;
import dev.sluice.engine.JobState;
import dev.sluice.engine.JobType;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.Outcome;
import dev.sluice.engine.PermanentJobException;
import dev.sluice.engine.QueueConfig;
import dev.sluice.engine.QueueGate;
import dev.sluice.engine.store.JobStore;
import dev.sluice.lifecycle.Service;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one queue in this process. A fetch loop claims due jobs in batches whenever it is
 * woken — by a NOTIFY at (or right after) an enqueue's commit, by this process's own enqueue, by a slot
 * freeing up — or at the poll interval, so a lost notification delays a job but never strands it. Each job runs on its own virtual thread; its
 * outcome goes to the {@link Completer}.
 *
 * <p>At most {@code concurrency} handlers run at once (the slots). A slot is free again as soon as
 * its handler returns; the outcome is written in the background. When handlers are quick compared
 * with a claim's round trip, the pool also holds a few claimed jobs ready for the next free slot (at
 * most {@code claimBatch}), so that slots never wait for the database; when they are slow it holds
 * none, and jobs stay in the queue for whichever worker is free first. A held job is leased like a
 * running one: renewed, cancellable, and given back at shutdown.
 *
 * <p>Stopping is two-phase: claiming stops first and held jobs that have not started are given back
 * at once; running jobs get the shutdown grace to finish; then they are interrupted and their leases
 * given back without counting the attempt.
 */
public final class WorkerPool implements Service {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    /** UTF-8 bytes of a result's compact JSON; PostgreSQL's text form may be half again as long, within 256 KiB. */
    private static final int RESULT_LIMIT = 160 * 1024;

    /**
     * What a pool needs from its process; one per process, shared by its pools. {@code store} carries
     * the engine's own statements (claims, releases); {@code handlerStore} what handlers write through
     * their context (events, progress), on other connections, so a chatty handler cannot hold up a claim
     * or a lease renewal.
     */
    public record Parts(JobStore store, JobStore handlerStore, JobTypes types, RunningJobs running, Completer completer, LeaseKeeper leases,
            EngineMetrics metrics, String worker, Duration lease, Duration pollInterval, int claimBatch,
            Duration shutdownGrace) {}

    private final QueueGate gate;
    private volatile String closedBecause;

    private final QueueConfig queue;
    private final Parts parts;
    private final Signal wake = new Signal();
    /**
     * Whether due jobs may be waiting: set by a jobs-available wake, by a full claim (there may be
     * more), by a job with a concurrency key ending (its key may now admit another) and by the poll
     * interval; cleared by each claim. A freed slot alone claims only while this is set, so a quiet
     * queue costs one claim per job, not one per enqueue, slot release and written outcome.
     */
    private final AtomicBoolean due = new AtomicBoolean(true);
    private final Signal jobEnded = new Signal();
    /** One permit per handler that may run at once: the queue's concurrency. FIFO, so held jobs start in claim order. */
    private final Semaphore slots;
    /** Jobs claimed by this pool whose outcome is not written yet: waiting for a slot, running, or being written. */
    private final AtomicInteger held = new AtomicInteger();
    /** Held jobs still waiting for a slot. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Pace pace = new Pace();
    private volatile boolean claiming;
    private Thread fetcher;
    private ScheduledExecutorService timer;

    public WorkerPool(QueueConfig queue, Parts parts, QueueGate gate) {
        this.queue = queue;
        this.parts = parts;
        this.gate = gate;
        this.slots = new Semaphore(queue.concurrency(), true);
    }

    @Override
    public String name() {
        return "worker[" + queue.name() + "]";
    }

    public String queue() {
        return queue.name();
    }

    Logger log() {
        return log;
    }

    /** Wakes the fetch loop: jobs may be available now. */
    public void wake() {
        due.set(true);
        wake.signal();
    }

    @Override
    public synchronized void start() {
        if (claiming) {
            return;
        }
        claiming = true;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("worker-" + queue.name() + "-timer").daemon().factory());
        t.setRemoveOnCancelPolicy(true); // a finished job's timeout leaves the queue at once, not after its delay
        timer = t;
        fetcher = Thread.ofPlatform().name("worker-" + queue.name() + "-fetch").start(this::runLoop);
    }

    @Override
    public synchronized void stop() {
        if (fetcher == null) {
            return;
        }
        claiming = false;
        wake.signal();
        join(fetcher, Duration.ofSeconds(10));
        fetcher = null;

        // held jobs that never started go back to the queue now, not after the grace
        runningHere().forEach(j -> j.stopIfWaiting(StopReason.SHUTDOWN));
        long deadline = System.nanoTime() + parts.shutdownGrace().toNanos();
        while (held.get() > 0 && System.nanoTime() < deadline) {
            awaitJobEnd(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        List<RunningJob> left = runningHere();
        if (!left.isEmpty()) {
            log.info("{}: {} job(s) still running after the {} s grace; interrupting them and handing them back",
                    name(), left.size(), parts.shutdownGrace().toSeconds());
            left.forEach(j -> j.stop(StopReason.SHUTDOWN));
            long more = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (held.get() > 0 && System.nanoTime() < more) {
                awaitJobEnd(Duration.ofMillis(100));
            }
            List<RunningJob> stuck = runningHere();
            if (!stuck.isEmpty()) {
                log.warn("{}: {} handler(s) ignored the interrupt; giving their jobs back anyway", name(), stuck.size());
                release(stuck);
                stuck.forEach(parts.running()::remove);
                held.addAndGet(-stuck.size());
            }
        }
        timer.shutdownNow();
    }

    private List<RunningJob> runningHere() {
        return parts.running().all().stream().filter(j -> j.pool == this).toList();
    }

    private void awaitJobEnd(Duration timeout) {
        try {
            jobEnded.await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- claiming ------------------------------------------------------------------------------

    private void runLoop() {
        long backoffMs = 100;
        while (claiming) {
            int prefetch = pace.prefetch(queue.concurrency(), parts.claimBatch());
            int want = Math.min(queue.concurrency() + prefetch - held.get(), parts.claimBatch());
            // claim in batches: a single freed slot is not worth a round trip while others wait in hand
            boolean worthIt = want > 0 && (waiting.get() == 0 || want >= Math.max(1, prefetch / 2));
            boolean maybeMore = false;
            if (worthIt && gateOpen() && due.getAndSet(false)) {
                try {
                    long sentAt = System.nanoTime();
                    List<Job> jobs = parts.store().claim(queue.name(), parts.worker(), want, parts.lease(), queue.keyLimit());
                    pace.claimed(System.nanoTime() - sentAt);
                    backoffMs = 100;
                    parts.metrics().count("claimed", queue.name(), jobs.size());
                    held.addAndGet(jobs.size());
                    for (Job job : jobs) {
                        launch(job, sentAt);
                    }
                    maybeMore = jobs.size() == want;
                    if (maybeMore) {
                        due.set(true);
                    }
                } catch (SQLException e) {
                    due.set(true);
                    log.warn("{}: claiming failed, retrying in {} ms: {}", name(), backoffMs, e.getMessage());
                    sleepQuietly(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 5_000);
                    continue;
                }
            }
            if (maybeMore) {
                continue;
            }
            try {
                if (!wake.await(parts.pollInterval())) {
                    due.set(true); // the poll: a lost notification or a job that became due by its run_at
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Claims only while the gate is open; says so once when it closes and once when it opens again. */
    private boolean gateOpen() {
        String reason;
        try {
            reason = gate.unavailable().orElse(null);
        } catch (RuntimeException e) {
            reason = "its readiness check failed: " + e;
        }
        if (reason != null && !reason.equals(closedBecause)) {
            log.info("{}: not claiming — {}", name(), reason);
        } else if (reason == null && closedBecause != null) {
            log.info("{}: claiming again", name());
        }
        closedBecause = reason;
        return reason == null;
    }

    private void launch(Job job, long claimSentAt) {
        RunningJob running = new RunningJob(job, this, claimSentAt + parts.lease().toNanos());
        parts.running().add(running);
        waiting.incrementAndGet();
        Thread thread = Thread.ofVirtual().name("job-" + job.id() + "-" + job.attempt()).unstarted(() -> execute(running));
        running.thread = thread;
        thread.start();
    }

    // --- running one job -----------------------------------------------------------------------

    private void execute(RunningJob running) {
        boolean slot = false;
        try {
            slots.acquire(); // a stop while waiting (cancel, lease lost, shutdown) interrupts this
            slot = true;
        } catch (InterruptedException e) {
            // stopped before it started: the reason decides what to write
        } finally {
            waiting.decrementAndGet();
        }
        Outcome outcome;
        if (slot && running.begin()) {
            Job job = running.job;
            ScheduledFuture<?> timeout = timer.schedule(() -> running.stop(StopReason.TIMED_OUT),
                    job.timeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                outcome = runHandler(running);
            } finally {
                timeout.cancel(false);
            }
            pace.ran(System.nanoTime() - running.startedNanos);
        } else {
            outcome = stopped(running, "before it started");
        }
        running.finish(); // a late stop request must not break the write below
        if (slot) {
            slots.release(); // the slot is free once the handler returned; the outcome is written meanwhile
            wake.signal();
        }
        try {
            conclude(running, outcome);
        } catch (RuntimeException | Error e) {
            ended(running);
            throw e;
        }
    }

    /** The job's outcome is written (or given up on): it is no longer held. */
    private void ended(RunningJob running) {
        if (running.job.concurrencyKey() != null) {
            due.set(true); // another job of its key may be admitted now
        }
        parts.running().remove(running);
        held.decrementAndGet();
        jobEnded.signal();
        wake.signal();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome runHandler(RunningJob running) {
        Job job = running.job;
        JobType type = parts.types().find(job.type()).orElse(null);
        if (type == null || type.handler() == null) {
            return new Outcome.Retry("no handler for job type '" + job.type() + "' in worker " + parts.worker(),
                    Duration.ofSeconds(30));
        }
        Object payload;
        try {
            payload = type.payload(job.payload());
        } catch (InvalidJobException e) {
            return new Outcome.Permanent("payload no longer fits type " + job.type() + ": " + e.getMessage());
        }
        RunningContext context = new RunningContext(running, parts.handlerStore(), parts.leases(), parts.worker());
        try {
            Outcome outcome = ((JobHandler) type.handler()).handle(context, payload);
            return outcome == null ? Outcome.succeeded() : outcome;
        } catch (PermanentJobException e) {
            return new Outcome.Permanent(e.getMessage());
        } catch (InterruptedException e) {
            return stopped(running, "interrupted");
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            if (running.stopReason() != null) {
                return stopped(running, e.toString());
            }
            return new Outcome.Retry(describe(e), null);
        }
    }

    /** The handler ended because it was asked to stop: the outcome follows the reason. */
    private Outcome stopped(RunningJob running, String how) {
        StopReason reason = running.stopReason();
        if (reason == null) {
            return new Outcome.Retry("handler interrupted (" + how + ")", null);
        }
        return switch (reason) {
            case CANCELLED -> new Outcome.Cancelled(running.started() ? "cancelled while running" : "cancelled before it started");
            case TIMED_OUT -> new Outcome.Retry("timed out after " + running.job.timeout().toSeconds() + " s", null);
            case LEASE_LOST, SHUTDOWN -> null; // nothing to write: handed back or already taken back
        };
    }

    /**
     * Writes how the attempt ended. An outcome goes to the completer and this returns at once: the
     * job's thread ends, and the rest (metrics, logs, {@link #ended}) happens when the write is done.
     */
    private void conclude(RunningJob running, Outcome outcome) {
        Job job = running.job;
        Duration took = running.started() ? Duration.ofNanos(System.nanoTime() - running.startedNanos) : Duration.ZERO;
        if (outcome == null) {
            try {
                if (running.stopReason() == StopReason.SHUTDOWN) {
                    release(List.of(running));
                }
                parts.metrics().duration(job.queue(), job.type(), "stopped", took);
            } finally {
                ended(running);
            }
            return;
        }
        JobStore.Finish finish = toFinish(job, outcome);
        parts.completer().submit(finish).whenComplete((written, error) -> {
            try {
                written(job, finish, took, written, error);
            } finally {
                ended(running);
            }
        });
    }

    private void written(Job job, JobStore.Finish finish, Duration took, Boolean written, Throwable error) {
        if (error != null) {
            log.warn("job {} attempt {}: the outcome ({}) could not be written: {}; maintenance will take the job back",
                    job.id(), job.attempt(), finish.kind(), error.getMessage());
            return;
        }
        parts.metrics().duration(job.queue(), job.type(), finish.kind(), took);
        if (!written) {
            parts.metrics().count("fenced", job.queue(), 1);
            log.warn("job {} attempt {}: outcome {} rejected — this worker no longer holds the job (its lease expired "
                    + "and maintenance took it back); the newer attempt's result stands", job.id(), job.attempt(),
                    finish.kind());
            return;
        }
        parts.metrics().count(finish.kind(), job.queue(), 1);
        if (finish.state() == JobState.DEAD) {
            log.warn("job {} ({}) is dead after attempt {}: {}", job.id(), job.type(), job.attempt(), finish.error());
        }
    }

    private JobStore.Finish toFinish(Job job, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Succeeded s -> {
                String result = s.result() == null ? null : Json.write(PgText.clean(s.result()));
                if (result != null && result.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > RESULT_LIMIT) {
                    yield new JobStore.Finish(job.id(), job.attempt(), JobState.DEAD, "dead", null,
                            "the result is larger than " + RESULT_LIMIT + " bytes", null);
                }
                yield new JobStore.Finish(job.id(), job.attempt(), JobState.SUCCEEDED, "succeeded", result, null, null);
            }
            case Outcome.Retry r -> {
                if (job.attempt() >= job.maxAttempts()) {
                    yield new JobStore.Finish(job.id(), job.attempt(), JobState.DEAD, "dead", null,
                            r.reason() + " (attempt " + job.attempt() + " of " + job.maxAttempts() + ", no attempts left)", null);
                }
                Duration delay = r.delay() != null ? r.delay() : backoffOf(job).delay(job.attempt(), ThreadLocalRandom.current());
                yield new JobStore.Finish(job.id(), job.attempt(), JobState.FAILED, "failed", null,
                        r.reason() + " (attempt " + job.attempt() + " of " + job.maxAttempts() + ")", delay);
            }
            case Outcome.Permanent p -> new JobStore.Finish(job.id(), job.attempt(), JobState.DEAD, "dead", null,
                    "permanent failure: " + p.reason(), null);
            case Outcome.Cancelled c -> new JobStore.Finish(job.id(), job.attempt(), JobState.CANCELLED, "cancelled",
                    c.result() == null ? null : Json.write(PgText.clean(c.result())), c.reason(), null);
        };
    }

    private dev.sluice.engine.Backoff backoffOf(Job job) {
        return parts.types().find(job.type()).map(JobType::backoff).orElse(dev.sluice.engine.Backoff.DEFAULT);
    }

    private void release(List<RunningJob> jobs) {
        Map<Long, Integer> attempts = new HashMap<>();
        jobs.forEach(j -> attempts.put(j.id(), j.attempt()));
        try {
            List<Long> released = parts.store().release(parts.worker(), attempts);
            parts.metrics().count("released", queue.name(), released.size());
        } catch (SQLException e) {
            log.warn("{}: could not give back {} job(s): {}; maintenance will take them back when their leases expire",
                    name(), jobs.size(), e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 4000 ? text.substring(0, 4000) + "…" : text;
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
