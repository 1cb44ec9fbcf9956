package dev.sluice.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Per-user submission rate: a token bucket in PostgreSQL, refilled continuously, shared by every API
 * process. Taking a token is one guarded statement, so concurrent submissions never overdraw it.
 */
public final class SubmitLimiter {
    private static final String TAKE = """
            INSERT INTO sluice.rate_buckets AS b (user_id, tokens, updated_at) VALUES (?, ? - 1, now())
            ON CONFLICT (user_id) DO UPDATE
                SET tokens = least(?, b.tokens + extract(epoch FROM now() - b.updated_at) * ?) - 1,
                    updated_at = now()
                WHERE least(?, b.tokens + extract(epoch FROM now() - b.updated_at) * ?) >= 1
            RETURNING tokens
            """;

    private final DataSource dataSource;

    public SubmitLimiter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes one token; returns how long to wait when there is none (zero when taken). */
    public Duration take(long userId, int perMinute, int burst) throws SQLException {
        double perSecond = perMinute / 60.0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                ps.setLong(1, userId);
                ps.setDouble(2, burst);
                ps.setDouble(3, burst);
                ps.setDouble(4, perSecond);
                ps.setDouble(5, burst);
                ps.setDouble(6, perSecond);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Duration.ZERO;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT least(?, tokens + extract(epoch FROM now() - updated_at) * ?) FROM sluice.rate_buckets
                    WHERE user_id = ?""")) {
                ps.setDouble(1, burst);
                ps.setDouble(2, perSecond);
                ps.setLong(3, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    double tokens = rs.next() ? rs.getDouble(1) : 0;
                    return Duration.ofMillis((long) Math.ceil(Math.max(0, 1 - tokens) / perSecond * 1000));
                }
            }
        }
    }
}
