package dev.sluice.auth;

import dev.sluice.SluiceException;
import dev.sluice.database.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Users, their passwords and their limits. */
public final class UserStore {
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{1,62}");

    private final DataSource dataSource;

    public UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An admin-set limit for one user; null fields fall back to the server's defaults. */
    public record Limits(Integer submitPerMinute, Integer submitBurst, Integer maxRunning) {
        public static final Limits NONE = new Limits(null, null, null);
    }

    /** Thrown for a username that is taken or malformed, or a weak password. */
    public static final class Rejected extends SluiceException {
        private final String field;

        Rejected(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public User create(String username, UserRole role, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new Rejected("username", "a username is 2-63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
        }
        try {
            Passwords.checkStrength(password);
        } catch (IllegalArgumentException e) {
            throw new Rejected("password", e.getMessage());
        }
        String hash = Passwords.hash(password);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sluice.users (username, role, password_hash) VALUES (?, ?, ?) RETURNING *")) {
            ps.setString(1, username);
            ps.setString(2, role.db());
            ps.setString(3, hash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return user(rs);
            }
        } catch (SQLException e) {
            if (SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new Rejected("username", "the username '" + username + "' is taken");
            }
            throw new SluiceException("could not create user: " + e.getMessage(), null, e);
        }
    }

    public Optional<User> find(long id) throws SQLException {
        return one("SELECT * FROM sluice.users WHERE id = ?", ps -> ps.setLong(1, id));
    }

    public Optional<User> findByName(String username) throws SQLException {
        return one("SELECT * FROM sluice.users WHERE username = ?", ps -> ps.setString(1, username));
    }

    /**
     * The user when the password matches and the account is enabled. Takes the same time whether or
     * not the user exists, so timing does not reveal which usernames exist.
     */
    public Optional<User> verify(String username, String password) throws SQLException {
        String stored = null;
        User user = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sluice.users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    user = user(rs);
                    stored = rs.getString("password_hash");
                }
            }
        }
        boolean ok = Passwords.verify(password == null ? "" : password, stored == null ? Passwords.decoy() : stored);
        return ok && user != null && !user.disabled() ? Optional.of(user) : Optional.empty();
    }

    public boolean checkPassword(long userId, String password) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT password_hash FROM sluice.users WHERE id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && Passwords.verify(password, rs.getString(1));
            }
        }
    }

    public void setPassword(long userId, String password) throws SQLException {
        try {
            Passwords.checkStrength(password);
        } catch (IllegalArgumentException e) {
            throw new Rejected("newPassword", e.getMessage());
        }
        update("UPDATE sluice.users SET password_hash = ?, updated_at = now() WHERE id = ?", ps -> {
            ps.setString(1, Passwords.hash(password));
            ps.setLong(2, userId);
        });
    }

    public List<User> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM sluice.users ORDER BY id")) {
            List<User> users = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(user(rs));
                }
            }
            return users;
        }
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sluice.users");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Changes role and/or disabled; null leaves a field as it is. Returns false when there is no such user. */
    public boolean update(long userId, UserRole role, Boolean disabled) throws SQLException {
        return update("""
                UPDATE sluice.users SET role = coalesce(?, role), disabled = coalesce(?, disabled), updated_at = now()
                WHERE id = ?""", ps -> {
            ps.setString(1, role == null ? null : role.db());
            if (disabled == null) {
                ps.setNull(2, Types.BOOLEAN);
            } else {
                ps.setBoolean(2, disabled);
            }
            ps.setLong(3, userId);
        }) == 1;
    }

    public Limits limits(long userId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT submit_per_min, submit_burst, max_running FROM sluice.user_limits WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Limits.NONE;
                }
                return new Limits((Integer) rs.getObject(1), (Integer) rs.getObject(2), (Integer) rs.getObject(3));
            }
        }
    }

    /**
     * Sets a user's limits. The running limit is what the engine enforces, through
     * {@code sluice.concurrency_limits} under the user's key; both rows change in one transaction.
     */
    public void setLimits(long userId, Limits limits) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO sluice.user_limits (user_id, submit_per_min, submit_burst, max_running)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET submit_per_min = excluded.submit_per_min,
                            submit_burst = excluded.submit_burst, max_running = excluded.max_running""")) {
                    ps.setLong(1, userId);
                    ps.setObject(2, limits.submitPerMinute(), Types.INTEGER);
                    ps.setObject(3, limits.submitBurst(), Types.INTEGER);
                    ps.setObject(4, limits.maxRunning(), Types.INTEGER);
                    ps.executeUpdate();
                }
                if (limits.maxRunning() == null) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM sluice.concurrency_limits WHERE key = ?")) {
                        ps.setString(1, User.ownerOf(userId));
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO sluice.concurrency_limits (key, max_running) VALUES (?, ?)
                            ON CONFLICT (key) DO UPDATE SET max_running = excluded.max_running""")) {
                        ps.setString(1, User.ownerOf(userId));
                        ps.setInt(2, limits.maxRunning());
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), UserRole.fromDb(rs.getString("role")),
                rs.getBoolean("disabled"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Optional<User> one(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        }
    }

    private int update(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }
}
