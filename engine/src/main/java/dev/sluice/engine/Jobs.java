package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.SluiceException;
import dev.sluice.database.SqlStates;
import dev.sluice.engine.notify.Announcer;
import dev.sluice.engine.store.JobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Enqueueing: the way work enters Sluice. Every request is validated against its job type before
 * anything is stored; a bad one is rejected with an {@link InvalidJobException} naming the field.
 *
 * <p>The {@code Connection} variants enqueue inside the caller's own transaction (the outbox pattern):
 * the job commits or rolls back together with the caller's rows, and workers are woken at commit by
 * a NOTIFY, so no poller ever has to find it. The other variants commit on their own; with a running
 * {@link Announcer} they wake the workers right after their commit instead (see there for why).
 */
public final class Jobs {
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    static final Duration MAX_DELAY = Duration.ofDays(366);
    static final int MAX_PAYLOAD_BYTES = 1 << 20;

    private final DataSource dataSource;
    private final JobStore store;
    private final JobTypes types;
    private final InstantSource clock;

    public Jobs(DataSource dataSource, JobTypes types, InstantSource clock) {
        this(dataSource, types, clock, null);
    }

    /** @param announcer wakes workers after enqueues that commit on their own; null to leave it to the trigger */
    public Jobs(DataSource dataSource, JobTypes types, InstantSource clock, Announcer announcer) {
        this.dataSource = dataSource;
        this.store = new JobStore(dataSource, announcer);
        this.types = types;
        this.clock = clock;
    }

    public JobTypes types() {
        return types;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Enqueues one job in its own transaction. */
    public Enqueued enqueue(JobRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    /** Enqueues jobs in one transaction and one statement; all or none are stored. */
    public List<Enqueued> enqueueAll(List<JobRequest> requests) {
        List<JobStore.NewJob> prepared = prepare(requests);
        // without idempotency keys nothing is looked up afterwards: the one statement is the transaction
        boolean lookups = prepared.stream().anyMatch(j -> j.idempotencyKey() != null);
        for (int attempt = 1; ; attempt++) {
            boolean defer = store.announces();
            try (Connection c = dataSource.getConnection()) {
                List<JobStore.Inserted> inserted;
                if (!lookups) {
                    inserted = store.insert(c, prepared, defer);
                } else {
                    c.setAutoCommit(false);
                    try {
                        inserted = store.insert(c, prepared, defer);
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
                if (defer) {
                    store.announceInserted(prepared, inserted);
                }
                return inserted.stream().map(i -> new Enqueued(i.id(), i.created(), i.state())).toList();
            } catch (SQLException e) {
                if (attempt < 3 && SqlStates.isTransient(e)) {
                    continue;
                }
                throw new SluiceException("enqueue failed: " + e.getMessage(), "check the database", e);
            }
        }
    }

    /** Enqueues one job on the caller's connection, inside the caller's transaction. */
    public Enqueued enqueue(Connection connection, JobRequest request) throws SQLException {
        return enqueueAll(connection, List.of(request)).get(0);
    }

    /**
     * Enqueues jobs on the caller's connection, inside the caller's transaction. A connection in
     * auto-commit has no transaction to wait for: the statement commits by itself, and the workers
     * are woken right after it as for {@link #enqueueAll(List)}.
     */
    public List<Enqueued> enqueueAll(Connection connection, List<JobRequest> requests) throws SQLException {
        List<JobStore.NewJob> prepared = prepare(requests);
        if (connection.getAutoCommit() && prepared.stream().allMatch(j -> j.idempotencyKey() == null) && store.announces()) {
            List<JobStore.Inserted> inserted = store.insert(connection, prepared, true);
            store.announceInserted(prepared, inserted);
            return inserted.stream().map(i -> new Enqueued(i.id(), i.created(), i.state())).toList();
        }
        return insert(connection, prepared);
    }

    private List<Enqueued> insert(Connection c, List<JobStore.NewJob> prepared) throws SQLException {
        return store.insert(c, prepared).stream()
                .map(i -> new Enqueued(i.id(), i.created(), i.state()))
                .toList();
    }

    /** Validates requests and applies their types' defaults. Throws {@link InvalidJobException}. */
    public List<JobStore.NewJob> prepare(List<JobRequest> requests) {
        if (requests.isEmpty()) {
            throw new InvalidJobException("jobs", "required", "nothing to enqueue");
        }
        List<JobStore.NewJob> prepared = new ArrayList<>(requests.size());
        for (JobRequest r : requests) {
            prepared.add(prepare(r));
        }
        return prepared;
    }

    private JobStore.NewJob prepare(JobRequest r) {
        JobType<?> type = types.require(r.type());
        JsonNode payload = r.payload();
        type.payload(payload); // binds and validates, or throws naming the problem
        String payloadJson = Json.write(payload);
        if (payloadJson.length() > MAX_PAYLOAD_BYTES) {
            throw new InvalidJobException("payload", "size", "payload is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        String queue = r.queue() == null ? type.queue() : r.queue();
        if (!QUEUE.matcher(queue).matches()) {
            throw new InvalidJobException("queue", "pattern", "queue must match " + QUEUE.pattern());
        }
        int priority = r.priority() == null ? 0 : r.priority();
        if (priority < -100 || priority > 100) {
            throw new InvalidJobException("priority", "range", "priority must be between -100 and 100 (higher runs first)");
        }
        int maxAttempts = r.maxAttempts() == null ? type.maxAttempts() : r.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new InvalidJobException("maxAttempts", "range", "maxAttempts must be between 1 and 1000, got " + maxAttempts);
        }
        Duration timeout = r.timeout() == null ? type.timeout() : r.timeout();
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidJobException("timeout", "range", "timeout must be between 1 s and 24 h");
        }
        Instant now = clock.instant();
        if (r.runAt() != null && r.runAt().isAfter(now.plus(MAX_DELAY))) {
            throw new InvalidJobException("runAt", "range", "runAt is more than " + MAX_DELAY.toDays()
                    + " days ahead; schedule it closer or use a periodic job");
        }
        if (r.runAt() != null && r.runAt().isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            throw new InvalidJobException("runAt", "range", "runAt is before the year 2000");
        }
        checkKey("idempotencyKey", r.idempotencyKey());
        checkKey("concurrencyKey", r.concurrencyKey());
        if (r.owner() != null && r.owner().length() > 255) {
            throw new InvalidJobException("owner", "length", "owner is longer than 255 characters");
        }
        return new JobStore.NewJob(queue, type.name(), payloadJson, priority, r.runAt(), maxAttempts, timeout,
                r.idempotencyKey(), r.concurrencyKey(), r.owner());
    }

    private static void checkKey(String field, String key) {
        if (key != null && (key.isEmpty() || key.length() > 255)) {
            throw new InvalidJobException(field, "length", field + " must be 1-255 characters");
        }
    }
}
