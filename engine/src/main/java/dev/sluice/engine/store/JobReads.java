package dev.sluice.engine.store;

import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import dev.sluice.engine.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads of jobs, their trails and the queues' shape. Nothing here changes a row. */
public final class JobReads {
    private final DataSource dataSource;

    public JobReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param owner when not null, only a job of this owner is found */
    public Optional<Job> get(long id, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sluice.jobs WHERE id = ? AND (?::text IS NULL OR owner = ?)")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            ps.setString(3, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.job(rs)) : Optional.empty();
            }
        }
    }

    /** A job read on the caller's connection (e.g. inside the transaction that enqueued it). */
    public Job get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sluice.jobs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("job " + id + " not found");
                }
                return Rows.job(rs);
            }
        }
    }

    /**
     * A filter for listings. Null fields do not filter. Pages go from newest to oldest:
     * {@code beforeId} is the cursor (the last id of the previous page).
     */
    public record Filter(String owner, String queue, String type, JobState state, Long beforeId, int limit) {
        public Filter {
            if (limit < 1 || limit > 500) {
                throw new IllegalArgumentException("limit must be 1-500");
            }
        }
    }

    public List<Job> list(Filter f) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT * FROM sluice.jobs
                WHERE (?::text IS NULL OR owner = ?) AND (?::text IS NULL OR queue = ?)
                  AND (?::text IS NULL OR type = ?) AND (?::sluice.job_state IS NULL OR state = ?::sluice.job_state)
                  AND (?::bigint IS NULL OR id < ?)
                ORDER BY id DESC
                LIMIT ?
                """)) {
            int p = 1;
            p = pair(ps, p, f.owner());
            p = pair(ps, p, f.queue());
            p = pair(ps, p, f.type());
            p = pair(ps, p, f.state() == null ? null : f.state().db());
            ps.setObject(p++, f.beforeId());
            ps.setObject(p++, f.beforeId());
            ps.setInt(p, f.limit());
            return jobs(ps);
        }
    }

    /** Dead letters, most recent first. */
    public List<Job> deadLetters(String owner, String queue, Long beforeId, int limit) throws SQLException {
        return list(new Filter(owner, queue, null, JobState.DEAD, beforeId, limit));
    }

    /** A job's events after {@code afterSeq}, in order. */
    public List<JobEvent> events(long jobId, int afterSeq, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT * FROM sluice.job_events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?
                """)) {
            ps.setLong(1, jobId);
            ps.setInt(2, afterSeq);
            ps.setInt(3, limit);
            List<JobEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(Rows.event(rs));
                }
            }
            return events;
        }
    }

    /** Events of one kind set, for a job (e.g. every attempt's error). */
    public List<JobEvent> events(long jobId, List<String> kinds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT * FROM sluice.job_events WHERE job_id = ? AND kind = ANY (?) ORDER BY seq
                """)) {
            ps.setLong(1, jobId);
            ps.setArray(2, c.createArrayOf("text", kinds.toArray(String[]::new)));
            List<JobEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(Rows.event(rs));
                }
            }
            return events;
        }
    }

    /**
     * The shape of one queue, derived from the rows.
     *
     * @param due queued or failed jobs whose run_at has come: waiting for a worker now
     * @param scheduled queued or failed jobs due later
     * @param oldestDueAge how long the longest-waiting due job has waited (zero when none)
     * @param expiredLeases running jobs whose lease has expired and that are not yet rescued
     * @param succeededLastMinute jobs that succeeded in the last minute: the queue's throughput
     */
    public record QueueStats(String queue, long due, long scheduled, long running, long retrying, long dead,
            Duration oldestDueAge, long expiredLeases, long succeededLastMinute) {

        public static QueueStats empty(String queue) {
            return new QueueStats(queue, 0, 0, 0, 0, 0, Duration.ZERO, 0, 0);
        }
    }

    public List<QueueStats> queueStats() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT queue,
                       count(*) FILTER (WHERE state IN ('queued', 'failed') AND run_at <= now()) AS due,
                       count(*) FILTER (WHERE state IN ('queued', 'failed') AND run_at > now()) AS scheduled,
                       count(*) FILTER (WHERE state = 'running') AS running,
                       count(*) FILTER (WHERE state = 'failed') AS retrying,
                       count(*) FILTER (WHERE state = 'dead') AS dead,
                       coalesce(extract(epoch FROM now() - min(run_at) FILTER (
                           WHERE state IN ('queued', 'failed') AND run_at <= now())) * 1000, 0)::bigint AS oldest_ms,
                       count(*) FILTER (WHERE state = 'running' AND lease_expires_at < now()) AS expired,
                       count(*) FILTER (WHERE state = 'succeeded') AS succeeded_last_minute
                FROM sluice.jobs
                WHERE state IN ('queued', 'failed', 'running', 'dead')
                   OR (finished_at > now() - interval '1 minute' AND state = 'succeeded')
                GROUP BY queue ORDER BY queue
                """)) {
            List<QueueStats> stats = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stats.add(new QueueStats(rs.getString("queue"), rs.getLong("due"), rs.getLong("scheduled"),
                            rs.getLong("running"), rs.getLong("retrying"), rs.getLong("dead"),
                            Duration.ofMillis(rs.getLong("oldest_ms")), rs.getLong("expired"),
                            rs.getLong("succeeded_last_minute")));
                }
            }
            return stats;
        }
    }

    /** Jobs running under a worker's leases. */
    public List<Job> runningOn(String worker) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sluice.jobs WHERE state = 'running' AND lease_owner = ? ORDER BY id")) {
            ps.setString(1, worker);
            return jobs(ps);
        }
    }

    /** The most frequent last errors among jobs failing or dead since {@code since}, per queue. */
    public record ErrorCount(String queue, String error, long jobs) {}

    public List<ErrorCount> topErrors(Instant since, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT queue, left(last_error, 200) AS error, count(*) AS jobs
                FROM sluice.jobs
                WHERE state IN ('failed', 'dead') AND last_error IS NOT NULL AND updated_at >= ?
                GROUP BY queue, left(last_error, 200)
                ORDER BY jobs DESC
                LIMIT ?
                """)) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
            ps.setInt(2, limit);
            List<ErrorCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new ErrorCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return counts;
        }
    }

    private static int pair(PreparedStatement ps, int p, String value) throws SQLException {
        ps.setString(p, value);
        ps.setString(p + 1, value);
        return p + 2;
    }

    private static List<Job> jobs(PreparedStatement ps) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(Rows.job(rs));
            }
        }
        return jobs;
    }
}
