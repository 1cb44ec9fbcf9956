package dev.sluice.engine.notify;

import dev.sluice.lifecycle.Service;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the engine's notifications after its transactions have committed, many per round trip.
 *
 * <p>Why not from the trigger inside the transaction: PostgreSQL holds one database-wide lock from a
 * notifying transaction's commit until its WAL flush, so with fsync on, every enqueue, claim and finish
 * that notifies waits for the previous one's flush — a few hundred per second in total, however many
 * connections. The engine's own transactions therefore set {@code sluice.notify = 'deferred'} (the
 * trigger then stands down) and hand what happened to this announcer, which sends it from a
 * transaction that does not wait for a flush: the lock is held for microseconds. Losing such a
 * notification in a crash loses a wake-up, never work: workers poll, streams re-read.
 *
 * <p>Channels and payloads are the trigger's: {@value Notifier#JOBS_AVAILABLE} with a queue name,
 * {@value Notifier#JOB_EVENTS} with comma-separated job ids (at most ~7000 characters each).
 */
public final class Announcer implements Service {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final int MAX_PAYLOAD = 7000;
    private static final String SEND = """
            SELECT count(*) FROM (
                SELECT pg_notify(t.channel, t.payload), set_config('synchronous_commit', 'off', true)
                FROM unnest(?::text[], ?::text[]) AS t(channel, payload)
            ) sent
            """;

    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pending = lock.newCondition();
    private final Set<String> queues = new LinkedHashSet<>();
    private final Set<Long> jobs = new LinkedHashSet<>();
    private final List<java.util.function.Consumer<String>> local = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread thread;

    public Announcer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Also tells {@code listener} of this process at once that a queue has jobs (before the NOTIFY,
     * which reaches the other processes, has gone out): a worker in the enqueueing process need not
     * wait for its own notification to come back from the database.
     */
    public void onJobsAvailable(java.util.function.Consumer<String> listener) {
        local.add(listener);
    }

    @Override
    public String name() {
        return "announcer";
    }

    /**
     * True while announcements are sent. A writer defers its notifications only then; otherwise it
     * lets the trigger notify at commit as before.
     */
    public boolean isRunning() {
        return running;
    }

    /** Queues that have jobs to claim now (enqueued). */
    public void jobsAvailable(Collection<String> queueNames) {
        if (queueNames.isEmpty()) {
            return;
        }
        for (String queue : queueNames) {
            for (java.util.function.Consumer<String> listener : local) {
                try {
                    listener.accept(queue);
                } catch (RuntimeException e) {
                    log.warn("a local listener failed on queue {}: {}", queue, e.toString());
                }
            }
        }
        lock.lock();
        try {
            queues.addAll(queueNames);
            pending.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Jobs that have new events (for live streams). */
    public void jobEvents(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            jobs.addAll(ids);
            pending.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("announcer").daemon().start(this::runLoop);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        lock.lock();
        try {
            pending.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLoop() {
        while (true) {
            List<String> channels = new ArrayList<>();
            List<String> payloads = new ArrayList<>();
            lock.lock();
            try {
                while (running && queues.isEmpty() && jobs.isEmpty()) {
                    pending.awaitUninterruptibly();
                }
                if (queues.isEmpty() && jobs.isEmpty()) {
                    return; // stopped with nothing left to send
                }
                for (String q : queues) {
                    channels.add(Notifier.JOBS_AVAILABLE);
                    payloads.add(q);
                }
                StringBuilder ids = new StringBuilder();
                for (Long id : jobs) {
                    if (ids.length() + 21 > MAX_PAYLOAD) {
                        channels.add(Notifier.JOB_EVENTS);
                        payloads.add(ids.toString());
                        ids.setLength(0);
                    }
                    if (!ids.isEmpty()) {
                        ids.append(',');
                    }
                    ids.append(id);
                }
                if (!ids.isEmpty()) {
                    channels.add(Notifier.JOB_EVENTS);
                    payloads.add(ids.toString());
                }
                queues.clear();
                jobs.clear();
            } finally {
                lock.unlock();
            }
            send(channels, payloads);
        }
    }

    private void send(List<String> channels, List<String> payloads) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SEND)) {
            ps.setArray(1, c.createArrayOf("text", channels.toArray()));
            ps.setArray(2, c.createArrayOf("text", payloads.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        } catch (SQLException e) {
            // a lost wake-up: workers find the jobs at their next poll, streams at their next look
            log.warn("could not send {} notification(s): {}; listeners will catch up by polling", channels.size(),
                    e.getMessage());
        }
    }
}
