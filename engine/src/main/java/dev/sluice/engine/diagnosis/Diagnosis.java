package dev.sluice.engine.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.diagnosis.Finding.Severity;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.WorkerStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Why work might be stuck, read from the rows: the one reading behind {@code /health/ready},
 * {@code sluice doctor} and the dashboard banner, so all three say the same words.
 *
 * <p>It finds: queues with due jobs and no live worker serving them (or only workers that cannot run
 * them, with their reason); jobs waiting longer than a threshold; running jobs with expired leases not
 * yet rescued, and whether any process leads maintenance; jobs past their timeout; dead letters
 * growing; retry storms on one error; workers that stopped heartbeating without stopping.
 */
public final class Diagnosis {
    private final DataSource dataSource;
    private final JobReads reads;
    private final WorkerStore workers;
    private final Thresholds thresholds;
    private final InstantSource clock;

    /**
     * @param queuedTooLong a due job waiting longer than this is reported
     * @param workerDeadAfter a worker silent for longer than this is dead
     * @param stormFailures failures with one error in the window that make a retry storm
     */
    public record Thresholds(Duration queuedTooLong, Duration workerDeadAfter, int stormFailures, Duration window) {
        public static final Thresholds DEFAULTS = new Thresholds(Duration.ofMinutes(5), Duration.ofSeconds(16), 10,
                Duration.ofMinutes(10));
    }

    /** Everything the diagnosis read, and what it found. */
    public record Report(Instant at, List<JobReads.QueueStats> queues, List<WorkerStore.WorkerRow> workers,
            Leader leader, List<Finding> findings) {

        public boolean healthy() {
            return findings.stream().noneMatch(f -> f.severity() != Severity.INFO);
        }

        public Optional<Finding> worst() {
            return findings.stream().min(Comparator.comparing(Finding::severity));
        }
    }

    /** Who leads maintenance, if anyone. */
    public record Leader(String holder, boolean live, Instant expiresAt) {}

    public Diagnosis(DataSource dataSource, JobReads reads, WorkerStore workers, Thresholds thresholds, InstantSource clock) {
        this.dataSource = dataSource;
        this.reads = reads;
        this.workers = workers;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    public Report run() throws SQLException {
        List<JobReads.QueueStats> queues = reads.queueStats();
        List<WorkerStore.WorkerRow> rows = workers.list(thresholds.workerDeadAfter());
        Leader leader = leader();
        List<Finding> findings = new ArrayList<>();
        List<WorkerStore.WorkerRow> alive = rows.stream().filter(WorkerStore.WorkerRow::alive).toList();

        for (JobReads.QueueStats q : queues) {
            unserved(q, alive).ifPresent(findings::add);
            if (q.due() > 0 && q.oldestDueAge().compareTo(thresholds.queuedTooLong()) > 0
                    && findings.stream().noneMatch(f -> q.queue().equals(f.queue()) && f.code().startsWith("queue_unserved"))) {
                findings.add(new Finding(Severity.WARNING, "queued_too_long", q.queue(),
                        q.due() + " job" + plural(q.due()) + " on '" + q.queue() + "' waiting, the oldest for "
                                + human(q.oldestDueAge()) + " although " + servedBy(q.queue(), alive) + " serve it",
                        "workers are saturated: add workers (./sluice serve --role worker) or raise --queues concurrency"));
            }
            if (q.expiredLeases() > 0) {
                boolean noLeader = !leader.live();
                findings.add(new Finding(noLeader ? Severity.CRITICAL : Severity.WARNING, "lease_expired", q.queue(),
                        q.expiredLeases() + " running job" + plural(q.expiredLeases()) + " on '" + q.queue()
                                + "' hold expired leases (their worker stopped renewing) and are not yet rescued"
                                + (noLeader ? "; no process leads maintenance" : ""),
                        noLeader ? "start a worker (./sluice serve --role worker): any worker process leads maintenance"
                                : "maintenance takes them back within its rescue interval; if this persists, check the leader's log"));
            }
        }
        overTimeout().forEach(findings::add);
        deadGrowing().forEach(findings::add);
        storms().forEach(findings::add);
        for (WorkerStore.WorkerRow w : rows) {
            if (!w.alive() && w.stoppedAt() == null
                    && w.heartbeatAt().isAfter(clock.instant().minus(Duration.ofHours(1)))) {
                findings.add(new Finding(Severity.INFO, "worker_dead", null,
                        "worker " + w.id() + " on " + w.host() + " (pid " + w.pid() + ") stopped heartbeating "
                                + human(Duration.between(w.heartbeatAt(), clock.instant())) + " ago without stopping cleanly",
                        "if it crashed, its jobs are rescued when their leases expire; check that host's log"));
            }
        }
        findings.sort(Comparator.comparing(Finding::severity));
        return new Report(clock.instant(), queues, rows, leader, List.copyOf(findings));
    }

    private Optional<Finding> unserved(JobReads.QueueStats q, List<WorkerStore.WorkerRow> alive) {
        if (q.due() == 0) {
            return Optional.empty();
        }
        List<WorkerStore.WorkerRow> listing = alive.stream().filter(w -> w.queues().contains(q.queue())).toList();
        List<WorkerStore.WorkerRow> able = listing.stream().filter(w -> unservedReason(w, q.queue()) == null).toList();
        if (!able.isEmpty()) {
            return Optional.empty();
        }
        String waiting = q.due() + " job" + plural(q.due()) + " queued on '" + q.queue() + "' for " + human(q.oldestDueAge());
        if (listing.isEmpty()) {
            return Optional.of(new Finding(Severity.CRITICAL, "queue_unserved", q.queue(),
                    waiting + ", no live worker serves it",
                    "start one: ./sluice serve --role worker" + (alive.isEmpty() ? "" : " (or add '" + q.queue() + "' to a worker's --queues)")));
        }
        WorkerStore.WorkerRow first = listing.get(0);
        return Optional.of(new Finding(Severity.CRITICAL, "queue_unserved_unready", q.queue(),
                waiting + "; the worker" + (listing.size() > 1 ? "s" : "") + " serving it cannot run it: "
                        + unservedReason(first, q.queue()),
                "fix that on " + first.host() + " and restart its worker"));
    }

    /** Why a live worker that lists a queue cannot run it (e.g. the sandbox is missing), or null. */
    static String unservedReason(WorkerStore.WorkerRow worker, String queue) {
        JsonNode reason = worker.info() == null ? null : worker.info().path("unserved").get(queue);
        return reason == null || reason.isNull() ? null : reason.asText();
    }

    private Leader leader() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT holder, expires_at > now(), expires_at FROM sluice.leader WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new Leader(null, false, null);
            }
            return new Leader(rs.getString(1), rs.getBoolean(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
        }
    }

    private List<Finding> overTimeout() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT queue, count(*), max(extract(epoch FROM now() - started_at))::bigint
                FROM sluice.jobs
                WHERE state = 'running' AND started_at + make_interval(secs => timeout_ms / 1000.0) < now() - interval '1 minute'
                GROUP BY queue""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long n = rs.getLong(2);
                findings.add(new Finding(Severity.WARNING, "over_timeout", rs.getString(1),
                        n + " job" + plural(n) + " on '" + rs.getString(1) + "' running past their timeout (longest "
                                + human(Duration.ofSeconds(rs.getLong(3))) + ")",
                        "their handler ignores interruption; cancel them, and fix the handler to stop when asked"));
            }
        }
        return findings;
    }

    private List<Finding> deadGrowing() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT queue, count(*), (array_agg(left(last_error, 160) ORDER BY finished_at DESC))[1]
                FROM sluice.jobs
                WHERE state = 'dead' AND finished_at > now() - make_interval(secs => ? / 1000.0)
                GROUP BY queue""")) {
            ps.setLong(1, thresholds.window().toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(2);
                    findings.add(new Finding(Severity.WARNING, "dead_letters_growing", rs.getString(1),
                            n + " job" + plural(n) + " on '" + rs.getString(1) + "' went to the dead letters in the last "
                                    + human(thresholds.window()) + "; latest error: " + rs.getString(3),
                            "inspect them (GET /api/v1/dead-letters), fix the cause, then redrive"));
                }
            }
        }
        return findings;
    }

    private List<Finding> storms() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (JobReads.ErrorCount e : reads.topErrors(clock.instant().minus(thresholds.window()), 5)) {
            if (e.jobs() >= thresholds.stormFailures()) {
                findings.add(new Finding(Severity.WARNING, "retry_storm", e.queue(),
                        e.jobs() + " jobs on '" + e.queue() + "' failing with the same error in the last "
                                + human(thresholds.window()) + ": " + e.error(),
                        "one cause fails them all: fix it (a dependency down?) rather than waiting for the retries"));
            }
        }
        return findings;
    }

    private static String servedBy(String queue, List<WorkerStore.WorkerRow> alive) {
        long n = alive.stream().filter(w -> w.queues().contains(queue)).count();
        return n + " worker" + plural(n);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /** 45s, 4m, 2h 5m, 3d. */
    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600 >= 60 ? " " + (s % 3600) / 60 + "m" : "");
        }
        return s / 86_400 + "d";
    }
}
