package dev.sluice.engine.maintenance;

import dev.sluice.engine.Jobs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues periodic jobs when their period comes. Firing is a guarded update of the schedule's row
 * ({@code last_fire_at} moves from the value read to the new period) in the same transaction as the
 * enqueue, so each period is enqueued once however many processes try; the job's idempotency key
 * ({@code periodic:<name>:<epoch>}) is a second guard. Periods missed while no process ran are not
 * replayed: the latest one fires once.
 */
public final class PeriodicScheduler {
    private static final Logger log = LoggerFactory.getLogger(PeriodicScheduler.class);

    private final DataSource dataSource;
    private final Jobs jobs;
    private final List<PeriodicJob> schedules;
    private final InstantSource clock;

    public PeriodicScheduler(DataSource dataSource, Jobs jobs, List<PeriodicJob> schedules, InstantSource clock) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.schedules = List.copyOf(schedules);
        this.clock = clock;
    }

    /** Fires every schedule whose period has come; returns how many jobs were enqueued. */
    public int runOnce() throws SQLException {
        int fired = 0;
        for (PeriodicJob schedule : schedules) {
            if (fire(schedule)) {
                fired++;
            }
        }
        return fired;
    }

    private boolean fire(PeriodicJob schedule) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant last = lastFire(c, schedule, now);
                ZonedDateTime due = schedule.cron().next(last.atZone(schedule.zone()));
                if (due.toInstant().isAfter(now)) {
                    c.commit(); // keeps a first registration
                    return false;
                }
                int skipped = 0;
                for (ZonedDateTime later = schedule.cron().next(due); !later.toInstant().isAfter(now) && skipped < 100_000;
                        later = schedule.cron().next(later)) {
                    due = later;
                    skipped++;
                }
                if (!advance(c, schedule, last, due.toInstant())) {
                    c.rollback();
                    return false; // another process fired this period
                }
                jobs.enqueue(c, schedule.request().withIdempotencyKey(
                        "periodic:" + schedule.name() + ":" + due.toInstant().getEpochSecond()));
                c.commit();
                if (skipped > 0) {
                    log.info("periodic job {}: {} period(s) passed while no process ran it; fired the latest once",
                            schedule.name(), skipped);
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static Instant lastFire(Connection c, PeriodicJob schedule, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO sluice.periodic_schedules (name, cron, last_fire_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO NOTHING
                """)) {
            insert.setString(1, schedule.name());
            insert.setString(2, schedule.cron().toString());
            insert.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_fire_at FROM sluice.periodic_schedules WHERE name = ?")) {
            ps.setString(1, schedule.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    private static boolean advance(Connection c, PeriodicJob schedule, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sluice.periodic_schedules SET last_fire_at = ?, cron = ?
                WHERE name = ? AND last_fire_at = ?
                """)) {
            ps.setObject(1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            ps.setString(2, schedule.cron().toString());
            ps.setString(3, schedule.name());
            ps.setObject(4, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            return ps.executeUpdate() == 1;
        }
    }
}
