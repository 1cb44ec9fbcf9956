package dev.sluice.engine.store;

import dev.sluice.database.PgText;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobState;
import dev.sluice.engine.notify.Announcer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Every state change of a job, each one guarded SQL statement (batched where the worker path is
 * hot). A write that names a job also names the attempt and the lease owner it believes it holds;
 * when the database disagrees (the lease expired and the job was rescued, or another attempt runs
 * now) the statement changes nothing and the caller learns it was fenced.
 *
 * <p>Statements that change a job also append its event in the same statement, numbered from
 * {@code jobs.event_seq} under the row lock, so a job's events commit in order and without gaps.
 *
 * <p>Notifications: the {@code job_events} trigger notifies at commit. A store with a running
 * {@link Announcer} marks its claims, finishes, handler events and own-transaction enqueues
 * {@code sluice.notify = 'deferred'} instead and announces them right after they commit (see
 * {@code Announcer} for why).
 */
public final class JobStore {
    /** Marks the statement's transaction: its events are announced by the writer, not by the trigger. */
    private static final String DEFER = "set_config('sluice.notify', 'deferred', true)";

    private final DataSource dataSource;
    private final Announcer announcer;

    public JobStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /** @param announcer sends this store's notifications after commit; null to leave them to the trigger */
    public JobStore(DataSource dataSource, Announcer announcer) {
        this.dataSource = dataSource;
        this.announcer = announcer;
    }

    /** True when notifications are sent by the announcer now (it runs), so writes may defer theirs. */
    public boolean announces() {
        return announcer != null && announcer.isRunning();
    }

    public Announcer announcer() {
        return announcer;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    // --- enqueue -----------------------------------------------------------------------------

    /** A job to insert, with every default already applied and validated. */
    public record NewJob(String queue, String type, String payloadJson, int priority, Instant runAt, int maxAttempts,
            Duration timeout, String idempotencyKey, String concurrencyKey, String owner) {}

    /** One inserted (or, by idempotency key, found) job per input row, in input order. */
    public record Inserted(long id, boolean created, JobState state) {}

    private static final String INSERT = """
            WITH input AS (
                SELECT nextval('sluice.jobs_id_seq') AS id, t.* %s
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::bigint[],
                            ?::text[], ?::text[], ?::text[])
                     WITH ORDINALITY AS t(queue, type, payload, priority, run_at, max_attempts, timeout_ms,
                                          idempotency_key, concurrency_key, owner, ord)
            ), inserted AS (
                INSERT INTO sluice.jobs (id, queue, type, payload, priority, run_at, max_attempts, timeout_ms,
                                         idempotency_key, concurrency_key, owner, event_seq)
                SELECT id, queue, type, payload::jsonb, priority, coalesce(run_at::timestamptz, now()), max_attempts,
                       timeout_ms, idempotency_key, concurrency_key, owner, 1
                FROM input ORDER BY ord
                ON CONFLICT (queue, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id, queue, state
            ), logged AS (
                INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt)
                SELECT id, 1, queue, 'enqueued', state, 0 FROM inserted
            )
            SELECT i.ord, i.queue, i.idempotency_key, n.id, n.state
            FROM input i LEFT JOIN inserted n ON n.id = i.id
            ORDER BY i.ord
            """;

    private static final String FIND_BY_KEY = """
            SELECT id, state FROM sluice.jobs WHERE queue = ? AND idempotency_key = ?
            """;

    /**
     * Inserts jobs on the caller's connection, inside whatever transaction it has open: the jobs
     * commit or roll back with the caller's own rows, and workers are notified at that commit. A job
     * whose idempotency key already exists in its queue is not inserted; the existing job is returned
     * instead (decided by the unique index, so concurrent enqueues of one key yield one job).
     */
    public List<Inserted> insert(Connection c, List<NewJob> jobs) throws SQLException {
        return insert(c, jobs, false);
    }

    /**
     * As {@link #insert(Connection, List)}; with {@code deferNotify} the trigger does not notify and
     * the caller must {@linkplain #announceInserted announce} the jobs once its transaction committed.
     */
    public List<Inserted> insert(Connection c, List<NewJob> jobs, boolean deferNotify) throws SQLException {
        if (jobs.isEmpty()) {
            return List.of();
        }
        int n = jobs.size();
        String[] queue = new String[n];
        String[] type = new String[n];
        String[] payload = new String[n];
        Integer[] priority = new Integer[n];
        String[] runAt = new String[n];
        Integer[] maxAttempts = new Integer[n];
        Long[] timeout = new Long[n];
        String[] idem = new String[n];
        String[] ckey = new String[n];
        String[] owner = new String[n];
        for (int i = 0; i < n; i++) {
            NewJob j = jobs.get(i);
            queue[i] = j.queue();
            type[i] = j.type();
            payload[i] = j.payloadJson();
            priority[i] = j.priority();
            runAt[i] = j.runAt() == null ? null : j.runAt().toString();
            maxAttempts[i] = j.maxAttempts();
            timeout[i] = j.timeout().toMillis();
            idem[i] = j.idempotencyKey();
            ckey[i] = j.concurrencyKey();
            owner[i] = j.owner();
        }
        Inserted[] result = new Inserted[n];
        List<Integer> conflicts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT.formatted(deferNotify ? ", " + DEFER + " AS deferred" : ""))) {
            int p = 1;
            ps.setArray(p++, c.createArrayOf("text", queue));
            ps.setArray(p++, c.createArrayOf("text", type));
            ps.setArray(p++, c.createArrayOf("text", payload));
            ps.setArray(p++, c.createArrayOf("int4", priority));
            ps.setArray(p++, c.createArrayOf("text", runAt));
            ps.setArray(p++, c.createArrayOf("int4", maxAttempts));
            ps.setArray(p++, c.createArrayOf("int8", timeout));
            ps.setArray(p++, c.createArrayOf("text", idem));
            ps.setArray(p++, c.createArrayOf("text", ckey));
            ps.setArray(p, c.createArrayOf("text", owner));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int index = (int) rs.getLong("ord") - 1;
                    long id = rs.getLong("id");
                    if (rs.wasNull()) {
                        conflicts.add(index);
                    } else {
                        result[index] = new Inserted(id, true, JobState.fromDb(rs.getString("state")));
                    }
                }
            }
        }
        for (int index : conflicts) {
            NewJob j = jobs.get(index);
            try (PreparedStatement ps = c.prepareStatement(FIND_BY_KEY)) {
                ps.setString(1, j.queue());
                ps.setString(2, j.idempotencyKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // the job holding the key was deleted between the insert and this read
                        throw new SQLException("idempotency key conflict could not be resolved; retry", "40001");
                    }
                    result[index] = new Inserted(rs.getLong(1), false, JobState.fromDb(rs.getString(2)));
                }
            }
        }
        return List.of(result);
    }

    /** After the commit of a deferred {@link #insert}: wakes the workers of the queues and the streams of the jobs. */
    public void announceInserted(List<NewJob> jobs, List<Inserted> inserted) {
        if (announcer == null) {
            return;
        }
        announcer.jobsAvailable(jobs.stream().map(NewJob::queue).collect(java.util.stream.Collectors.toCollection(
                java.util.LinkedHashSet::new)));
        announcer.jobEvents(inserted.stream().filter(Inserted::created).map(Inserted::id).toList());
    }

    // --- claim -------------------------------------------------------------------------------

    /** Claims up to {@code limit} due jobs of a queue, granting a lease to {@code worker}. */
    public List<Job> claim(String queue, String worker, int limit, Duration lease, Integer defaultKeyLimit)
            throws SQLException {
        boolean defer = announces();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM sluice.claim_jobs(?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, queue);
            ps.setString(2, worker);
            ps.setInt(3, limit);
            ps.setLong(4, lease.toMillis());
            if (defaultKeyLimit == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setInt(5, defaultKeyLimit);
            }
            ps.setBoolean(6, !defer);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(Rows.job(rs));
                }
            }
            if (defer) {
                announcer.jobEvents(jobs.stream().map(Job::id).toList());
            }
            return jobs;
        }
    }

    // --- finish ------------------------------------------------------------------------------

    /** How one attempt ended, to be written by {@link #finish}. */
    public record Finish(long id, int attempt, JobState state, String kind, String resultJson, String error,
            Duration retryDelay) {
        public Finish {
            if (state != JobState.SUCCEEDED && state != JobState.FAILED && state != JobState.DEAD
                    && state != JobState.CANCELLED) {
                throw new IllegalArgumentException("an attempt cannot finish as " + state);
            }
        }
    }

    private static final String FINISH = """
            WITH input AS MATERIALIZED (
                SELECT t.* %s FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                    AS t(id, attempt, state, kind, result, error, delay_ms)
            ), done AS (
                UPDATE sluice.jobs j
                SET state = i.state::sluice.job_state,
                    result = coalesce(i.result::jsonb, j.result),
                    last_error = coalesce(left(i.error, 8000), j.last_error),
                    finished_at = CASE WHEN i.state IN ('succeeded', 'dead', 'cancelled') THEN now() END,
                    run_at = CASE WHEN i.state = 'failed'
                                  THEN now() + make_interval(secs => coalesce(i.delay_ms, 0) / 1000.0)
                                  ELSE j.run_at END,
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = now(),
                    event_seq = j.event_seq + 1
                FROM input i
                WHERE j.id = i.id AND j.attempt = i.attempt AND j.lease_owner = ? AND j.state = 'running'
                RETURNING j.id, j.queue, j.state, j.attempt, j.event_seq, i.kind, i.error, j.run_at
            ), logged AS (
                INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, worker, message, data)
                SELECT id, event_seq, queue, kind, state, attempt, ?, left(error, 8000),
                       CASE WHEN state = 'failed' THEN jsonb_build_object('retryAt', run_at) END
                FROM done
            )
            SELECT id FROM done
            """;

    /**
     * Writes how attempts ended, for jobs this worker still holds. Returns the ids written; the
     * others were fenced (their lease was lost) and nothing was changed for them.
     */
    public List<Long> finish(String worker, List<Finish> finishes) throws SQLException {
        if (finishes.isEmpty()) {
            return List.of();
        }
        boolean defer = announces();
        int n = finishes.size();
        Long[] id = new Long[n];
        Integer[] attempt = new Integer[n];
        String[] state = new String[n];
        String[] kind = new String[n];
        String[] result = new String[n];
        String[] error = new String[n];
        Long[] delay = new Long[n];
        for (int i = 0; i < n; i++) {
            Finish f = finishes.get(i);
            id[i] = f.id();
            attempt[i] = f.attempt();
            state[i] = f.state().db();
            kind[i] = f.kind();
            result[i] = f.resultJson();
            error[i] = PgText.clean(f.error());
            delay[i] = f.retryDelay() == null ? null : f.retryDelay().toMillis();
        }
        // the deferral is a column of every input row (materialized), so it is set before any event is written
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(FINISH.formatted(defer ? ", " + DEFER + " AS deferred" : ""))) {
            // Planned afresh for each batch: a cached generic plan cannot see the batch size, and with
            // few running rows in the statistics it re-scans the unnest once per running row (O(n²)).
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            int p = 1;
            ps.setArray(p++, c.createArrayOf("int8", id));
            ps.setArray(p++, c.createArrayOf("int4", attempt));
            ps.setArray(p++, c.createArrayOf("text", state));
            ps.setArray(p++, c.createArrayOf("text", kind));
            ps.setArray(p++, c.createArrayOf("text", result));
            ps.setArray(p++, c.createArrayOf("text", error));
            ps.setArray(p++, c.createArrayOf("int8", delay));
            ps.setString(p++, worker);
            ps.setString(p, worker);
            List<Long> written = ids(ps);
            if (defer) {
                announcer.jobEvents(written);
            }
            return written;
        }
    }

    // --- leases ------------------------------------------------------------------------------

    /** A lease this worker still holds after renewal, and whether its job was asked to cancel. */
    public record Renewed(long id, int attempt, boolean cancelRequested) {}

    private static final String RENEW = """
            UPDATE sluice.jobs j SET lease_expires_at = now() + make_interval(secs => ? / 1000.0)
            FROM unnest(?::bigint[], ?::int[]) AS t(id, attempt)
            WHERE j.id = t.id AND j.attempt = t.attempt AND j.lease_owner = ? AND j.state = 'running'
            RETURNING j.id, j.attempt, j.cancel_requested_at IS NOT NULL AS cancel_requested
            """;

    /** Renews, in one statement, every lease this worker holds; returns those still held. */
    public List<Renewed> renew(String worker, Map<Long, Integer> attempts, Duration lease) throws SQLException {
        if (attempts.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RENEW)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0); // see finish
            ps.setLong(1, lease.toMillis());
            ps.setArray(2, c.createArrayOf("int8", attempts.keySet().toArray(Long[]::new)));
            ps.setArray(3, c.createArrayOf("int4", attempts.keySet().stream().map(attempts::get).toArray(Integer[]::new)));
            ps.setString(4, worker);
            List<Renewed> renewed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    renewed.add(new Renewed(rs.getLong(1), rs.getInt(2), rs.getBoolean(3)));
                }
            }
            return renewed;
        }
    }

    private static final String RELEASE = """
            WITH released AS (
                UPDATE sluice.jobs j
                SET state = 'queued', attempt = j.attempt - 1, run_at = now(), lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = now(), event_seq = j.event_seq + 1
                FROM unnest(?::bigint[], ?::int[]) AS t(id, attempt)
                WHERE j.id = t.id AND j.attempt = t.attempt AND j.lease_owner = ? AND j.state = 'running'
                RETURNING j.id, j.queue, j.state, j.attempt, j.event_seq
            ), logged AS (
                INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, worker, message)
                SELECT id, event_seq, queue, 'released', state, attempt, ?, 'worker stopping; the attempt is given back'
                FROM released
            )
            SELECT id FROM released
            """;

    /**
     * Gives jobs back to the queue without counting the attempt (graceful shutdown): they run again
     * elsewhere as if this attempt never started.
     */
    public List<Long> release(String worker, Map<Long, Integer> attempts) throws SQLException {
        if (attempts.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0); // see finish
            ps.setArray(1, c.createArrayOf("int8", attempts.keySet().toArray(Long[]::new)));
            ps.setArray(2, c.createArrayOf("int4", attempts.keySet().stream().map(attempts::get).toArray(Integer[]::new)));
            ps.setString(3, worker);
            ps.setString(4, worker);
            return ids(ps);
        }
    }

    // --- events from handlers -----------------------------------------------------------------

    private static final String APPEND = """
            WITH j AS (
                UPDATE sluice.jobs SET event_seq = event_seq + 1
                WHERE id = ? AND attempt = ? AND lease_owner = ? AND state = 'running'
                RETURNING id, queue, state, attempt, event_seq %s
            )
            INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, worker, message, data)
            SELECT id, event_seq, queue, ?, state, attempt, ?, left(?, 8000), ?::jsonb FROM j
            RETURNING seq
            """;

    /** Appends a handler's event (output, progress) if this attempt still holds the job. */
    public boolean append(String worker, long id, int attempt, String kind, String message, String dataJson)
            throws SQLException {
        boolean defer = announces();
        // deferred: the setting is part of the updated row, so it is set before the event is written
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(APPEND.formatted(defer ? ", " + DEFER + " AS deferred" : ""))) {
            ps.setLong(1, id);
            ps.setInt(2, attempt);
            ps.setString(3, worker);
            ps.setString(4, kind);
            ps.setString(5, worker);
            ps.setString(6, PgText.clean(message));
            ps.setString(7, dataJson);
            boolean appended;
            try (ResultSet rs = ps.executeQuery()) {
                appended = rs.next();
            }
            if (appended && defer) {
                announcer.jobEvents(List.of(id));
            }
            return appended;
        }
    }

    // --- rescue ------------------------------------------------------------------------------

    /** A job taken back from a worker whose lease expired. */
    public record Rescued(long id, String queue, JobState state, int attempt, String worker) {}

    private static final String RESCUE = """
            WITH expired AS (
                SELECT id, lease_owner FROM sluice.jobs
                WHERE state = 'running' AND lease_expires_at < now()
                ORDER BY lease_expires_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            ), rescued AS (
                UPDATE sluice.jobs j
                SET state = CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'cancelled'
                                 WHEN j.attempt >= j.max_attempts THEN 'dead'
                                 ELSE 'queued' END::sluice.job_state,
                    finished_at = CASE WHEN j.cancel_requested_at IS NOT NULL OR j.attempt >= j.max_attempts
                                       THEN now() END,
                    last_error = 'lease expired: worker ' || e.lease_owner || ' stopped renewing it (attempt '
                                 || j.attempt || ')',
                    run_at = now(),
                    lease_owner = NULL,
                    lease_expires_at = NULL,
                    updated_at = now(),
                    event_seq = j.event_seq + 1
                FROM expired e
                WHERE j.id = e.id
                RETURNING j.id, j.queue, j.state, j.attempt, j.event_seq, j.last_error, e.lease_owner
            ), logged AS (
                INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, worker, message)
                SELECT id, event_seq, queue, CASE state WHEN 'queued' THEN 'rescued' ELSE state::text END,
                       state, attempt, lease_owner, last_error
                FROM rescued
            )
            SELECT id, queue, state, attempt, lease_owner FROM rescued
            """;

    /**
     * Takes back running jobs whose lease expired: queued again (the attempt counts), dead when it
     * was the last attempt, cancelled when a cancel was pending.
     */
    public List<Rescued> rescueExpired(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RESCUE)) {
            ps.setInt(1, limit);
            List<Rescued> rescued = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rescued.add(new Rescued(rs.getLong(1), rs.getString(2), JobState.fromDb(rs.getString(3)),
                            rs.getInt(4), rs.getString(5)));
                }
            }
            return rescued;
        }
    }

    // --- operator and API commands ---------------------------------------------------------

    /** What a cancel did. */
    public enum CancelResult { CANCELLED, REQUESTED, ALREADY_FINAL, NOT_FOUND }

    private static final String CANCEL_WAITING = """
            WITH c AS (
                UPDATE sluice.jobs SET state = 'cancelled', finished_at = now(), updated_at = now(),
                       event_seq = event_seq + 1, cancel_requested_at = coalesce(cancel_requested_at, now())
                WHERE id = ? AND state IN ('queued', 'failed') AND (?::text IS NULL OR owner = ?)
                RETURNING id, queue, state, attempt, event_seq
            )
            INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, message)
            SELECT id, event_seq, queue, 'cancelled', state, attempt, ? FROM c
            RETURNING job_id
            """;

    private static final String CANCEL_RUNNING = """
            WITH c AS (
                UPDATE sluice.jobs SET cancel_requested_at = now(), updated_at = now(), event_seq = event_seq + 1
                WHERE id = ? AND state = 'running' AND cancel_requested_at IS NULL AND (?::text IS NULL OR owner = ?)
                RETURNING id, queue, state, attempt, event_seq, lease_owner
            )
            INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, worker, message)
            SELECT id, event_seq, queue, 'cancel_requested', state, attempt, lease_owner, ? FROM c
            RETURNING job_id
            """;

    /**
     * Cancels a job: a waiting one at once; a running one by asking its worker (notified across
     * processes at commit) to stop it, after which the worker writes {@code cancelled}.
     *
     * @param owner when not null, only a job of this owner is touched
     */
    public CancelResult cancel(long id, String owner, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (executeGuarded(c, CANCEL_WAITING, id, owner, reason)) {
                return CancelResult.CANCELLED;
            }
            if (executeGuarded(c, CANCEL_RUNNING, id, owner, reason)) {
                return CancelResult.REQUESTED;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, cancel_requested_at IS NOT NULL FROM sluice.jobs WHERE id = ? AND (?::text IS NULL OR owner = ?)")) {
                ps.setLong(1, id);
                ps.setString(2, owner);
                ps.setString(3, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return CancelResult.NOT_FOUND;
                    }
                    return rs.getString(1).equals("running") ? CancelResult.REQUESTED : CancelResult.ALREADY_FINAL;
                }
            }
        }
    }

    private static boolean executeGuarded(Connection c, String sql, long id, String owner, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            ps.setString(3, owner);
            ps.setString(4, reason);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static final String RETRY = """
            WITH r AS (
                UPDATE sluice.jobs
                SET attempt = CASE WHEN state = 'failed' THEN attempt ELSE 0 END,
                    state = 'queued', run_at = now(), finished_at = NULL, cancel_requested_at = NULL,
                    result = NULL, updated_at = now(), event_seq = event_seq + 1
                WHERE id = ANY (?) AND state = ANY (?::sluice.job_state[]) AND (?::text IS NULL OR owner = ?)
                RETURNING id, queue, state, attempt, event_seq
            )
            INSERT INTO sluice.job_events (job_id, seq, queue, kind, state, attempt, message)
            SELECT id, event_seq, queue, ?, state, attempt, ? FROM r
            RETURNING job_id
            """;

    /**
     * Redrives dead letters: back to {@code queued} with their attempts reset. Returns the ids moved;
     * ids that were not dead are left alone.
     */
    public List<Long> redrive(List<Long> ids, String owner, String by) throws SQLException {
        return retryStates(ids, owner, new String[] {"dead"}, "redriven", "redriven by " + by);
    }

    /**
     * Runs again now: a job waiting for its retry runs at once (attempts kept); a dead or cancelled
     * one starts over (attempts reset).
     */
    public List<Long> retry(List<Long> ids, String owner, String by) throws SQLException {
        return retryStates(ids, owner, new String[] {"failed", "dead", "cancelled"}, "redriven", "retried by " + by);
    }

    private List<Long> retryStates(List<Long> ids, String owner, String[] states, String kind, String message)
            throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RETRY)) {
            ps.setArray(1, c.createArrayOf("int8", ids.toArray(Long[]::new)));
            ps.setArray(2, c.createArrayOf("text", states));
            ps.setString(3, owner);
            ps.setString(4, owner);
            ps.setString(5, kind);
            ps.setString(6, message);
            return ids(ps);
        }
    }

    /** Deletes dead letters (and their trail). Returns the ids deleted; ids that were not dead are left alone. */
    public List<Long> discard(List<Long> ids, String owner) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM sluice.jobs WHERE id = ANY (?) AND state = 'dead' AND (?::text IS NULL OR owner = ?) RETURNING id")) {
            ps.setArray(1, c.createArrayOf("int8", ids.toArray(Long[]::new)));
            ps.setString(2, owner);
            ps.setString(3, owner);
            return ids(ps);
        }
    }

    // --- pruning -----------------------------------------------------------------------------

    /** Deletes finished jobs older than the retentions, at most {@code limit} per call. */
    public int prune(Duration finishedRetention, Duration deadRetention, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                DELETE FROM sluice.jobs WHERE id IN (
                    SELECT id FROM sluice.jobs
                    WHERE finished_at IS NOT NULL
                      AND ((state IN ('succeeded', 'cancelled') AND finished_at < now() - make_interval(secs => ? / 1000.0))
                        OR (state = 'dead' AND finished_at < now() - make_interval(secs => ? / 1000.0)))
                    LIMIT ?)
                """)) {
            ps.setLong(1, finishedRetention.toMillis());
            ps.setLong(2, deadRetention.toMillis());
            ps.setInt(3, limit);
            return ps.executeUpdate();
        }
    }

    private static List<Long> ids(PreparedStatement ps) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
