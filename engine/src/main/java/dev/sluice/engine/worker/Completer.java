package dev.sluice.engine.worker;

import dev.sluice.database.SqlStates;
import dev.sluice.engine.JobState;
import dev.sluice.engine.store.JobStore;
import dev.sluice.lifecycle.Service;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes how attempts ended, many per statement: every handler that finishes while a write is in
 * flight joins the next one. Each write is fenced by (job, attempt, this worker); the future of each
 * finish says whether it was applied (true) or rejected because the lease was lost (false).
 * A failing database is retried with backoff; meanwhile the leases run out and maintenance takes
 * the jobs back, after which the pending writes are fenced — correct either way.
 */
final class Completer implements Service {
    private static final Logger log = LoggerFactory.getLogger(Completer.class);
    private static final int MAX_BATCH = 500;

    private record Pending(JobStore.Finish finish, CompletableFuture<Boolean> done) {}

    private final JobStore store;
    private final String worker;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    Completer(JobStore store, String worker) {
        this.store = store;
        this.worker = worker;
    }

    @Override
    public String name() {
        return "completer";
    }

    CompletableFuture<Boolean> submit(JobStore.Finish finish) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("completer stopped"));
            return done;
        }
        queue.add(new Pending(finish, done));
        return done;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("completer").start(this::runLoop);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("completer stopped before writing")));
    }

    private void runLoop() {
        List<Pending> batch = new ArrayList<>();
        long backoffMs = 50;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                write(batch);
                batch.clear();
                backoffMs = 50;
            } catch (InterruptedException e) {
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            } catch (SQLException e) {
                if (!SqlStates.isTransient(e)) {
                    // one row the database refuses must not block the others forever
                    writeOneByOne(batch, e);
                    batch.clear();
                    continue;
                }
                if (!running) {
                    log.warn("could not write {} finished attempt(s) before stopping: {}; their leases will expire "
                            + "and maintenance will run them again", batch.size(), e.getMessage());
                    batch.forEach(p -> p.done().completeExceptionally(e));
                    batch.clear();
                    continue;
                }
                log.warn("could not write {} finished attempt(s), retrying in {} ms: {}", batch.size(), backoffMs,
                        e.getMessage());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    batch.forEach(p -> p.done().completeExceptionally(ie));
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    /**
     * Writes each outcome of a refused batch alone; one the database still refuses is written as
     * dead with the reason instead (its result dropped), so the job does not wait for a rescue that
     * would only run it again.
     */
    private void writeOneByOne(List<Pending> batch, SQLException cause) {
        log.warn("the database refused a batch of {} outcome(s) ({}); writing them one by one", batch.size(), cause.getMessage());
        for (Pending p : batch) {
            try {
                write(List.of(p));
            } catch (SQLException single) {
                JobStore.Finish f = p.finish();
                JobStore.Finish dead = new JobStore.Finish(f.id(), f.attempt(), JobState.DEAD, "dead", null,
                        "the outcome could not be stored: " + single.getMessage(), null);
                try {
                    write(List.of(new Pending(dead, p.done())));
                } catch (SQLException again) {
                    p.done().completeExceptionally(again);
                }
            }
        }
    }

    private void write(List<Pending> batch) throws SQLException {
        List<JobStore.Finish> finishes = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            finishes.add(p.finish());
        }
        Set<Long> written = new HashSet<>(store.finish(worker, finishes));
        for (Pending p : batch) {
            p.done().complete(written.contains(p.finish().id()));
        }
    }
}
