package dev.sluice.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** Browser sessions: a random cookie (stored hashed) with a CSRF token, sliding expiry. */
public final class SessionStore {
    private final DataSource dataSource;
    private final Duration ttl;

    public SessionStore(DataSource dataSource, Duration ttl) {
        this.dataSource = dataSource;
        this.ttl = ttl;
    }

    /** A new session: the cookie value and the CSRF token the page must echo in X-CSRF-Token. */
    public record Opened(String cookie, String csrfToken) {}

    /** A live session. */
    public record Session(User user, String csrfToken) {}

    public Duration ttl() {
        return ttl;
    }

    public Opened open(long userId) throws SQLException {
        String cookie = Secrets.newSecret("");
        String csrf = Secrets.newSecret("");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sluice.sessions (user_id, session_hash, csrf_token, expires_at)
                VALUES (?, ?, ?, now() + make_interval(secs => ? / 1000.0))""")) {
            ps.setLong(1, userId);
            ps.setBytes(2, Secrets.hash(cookie));
            ps.setString(3, csrf);
            ps.setLong(4, ttl.toMillis());
            ps.executeUpdate();
        }
        return new Opened(cookie, csrf);
    }

    /** The session for a cookie, if live; extends it. */
    public Optional<Session> find(String cookie) throws SQLException {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 200) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH s AS (
                    UPDATE sluice.sessions SET last_seen_at = now(),
                        expires_at = now() + make_interval(secs => ? / 1000.0)
                    WHERE session_hash = ? AND expires_at > now()
                    RETURNING user_id, csrf_token
                )
                SELECT u.*, s.csrf_token FROM sluice.users u JOIN s ON s.user_id = u.id WHERE NOT u.disabled""")) {
            ps.setLong(1, ttl.toMillis());
            ps.setBytes(2, Secrets.hash(cookie));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Session(UserStore.user(rs), rs.getString("csrf_token"))) : Optional.empty();
            }
        }
    }

    public void close(String cookie) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM sluice.sessions WHERE session_hash = ?")) {
            ps.setBytes(1, Secrets.hash(cookie));
            ps.executeUpdate();
        }
    }

    /** Ends every session of a user (after a password change or when disabled). */
    public void closeAll(long userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM sluice.sessions WHERE user_id = ?")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    public int pruneExpired() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM sluice.sessions WHERE expires_at < now()")) {
            return ps.executeUpdate();
        }
    }
}
