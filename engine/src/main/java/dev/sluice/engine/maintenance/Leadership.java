package dev.sluice.engine.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership for maintenance across processes: a single row in {@code sluice.leader} with a holder
 * and an expiry. The leader extends it at every tick; anyone may take it once it has expired. A
 * leader that dies or freezes (a long pause, a partition) therefore loses it within one TTL, unlike a
 * session lock that a frozen process would hold as long as its connection stays open. Every
 * maintenance step is a guarded statement, so a frozen leader that wakes up and acts once more before
 * noticing repeats work but never corrupts it.
 */
final class Leadership {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private static final String CLAIM = """
            INSERT INTO sluice.leader (id, holder, elected_at, expires_at)
            VALUES (1, ?, now(), now() + make_interval(secs => ? / 1000.0))
            ON CONFLICT (id) DO UPDATE
                SET holder = excluded.holder,
                    elected_at = CASE WHEN sluice.leader.holder = excluded.holder THEN sluice.leader.elected_at
                                      ELSE now() END,
                    expires_at = excluded.expires_at
                WHERE sluice.leader.holder = excluded.holder OR sluice.leader.expires_at < now()
            RETURNING holder
            """;

    private final DataSource dataSource;
    private final String holder;
    private final Duration ttl;
    private boolean leader;

    Leadership(DataSource dataSource, String holder, Duration ttl) {
        this.dataSource = dataSource;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** Extends leadership, or takes it if it has expired. Returns whether this process leads now. */
    synchronized boolean check() {
        boolean now;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, holder);
            ps.setLong(2, ttl.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                now = rs.next();
            }
        } catch (SQLException e) {
            log.warn("could not renew or seek maintenance leadership: {}", e.getMessage());
            now = false;
        }
        if (now && !leader) {
            log.info("{} now leads maintenance (rescue, periodic jobs, pruning)", holder);
        } else if (!now && leader) {
            log.warn("{} no longer leads maintenance", holder);
        }
        leader = now;
        return now;
    }

    /** Steps down at once, so another process takes over without waiting for the expiry. */
    synchronized void resign() {
        if (!leader) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM sluice.leader WHERE id = 1 AND holder = ?")) {
            ps.setString(1, holder);
            ps.executeUpdate();
        } catch (SQLException e) {
            log.warn("could not resign maintenance leadership (it expires by itself): {}", e.getMessage());
        }
        leader = false;
    }
}
