package dev.sluice.executions;

import dev.sluice.database.SqlStates;
import dev.sluice.engine.InvalidJobException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Scripts a user saved, per user: create, read, rename or edit, delete. */
public final class SavedScripts {
    private final DataSource dataSource;

    public SavedScripts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Script(long id, String owner, String name, String language, String code, String stdin,
            Instant createdAt, Instant updatedAt) {}

    /** Thrown for a name already used by this owner. */
    public static final class NameTaken extends InvalidJobException {
        NameTaken(String name) {
            super("name", "unique", "you already have a script named '" + name + "'");
        }
    }

    public Script create(String owner, String name, String language, String code, String stdin) throws SQLException {
        check(name, language, code, stdin);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sluice.scripts (owner, name, language, code, stdin) VALUES (?, ?, ?, ?, ?) RETURNING *""")) {
            ps.setString(1, owner);
            ps.setString(2, name.strip());
            ps.setString(3, language);
            ps.setString(4, code);
            ps.setString(5, stdin);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return script(rs);
            }
        } catch (SQLException e) {
            if (SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new NameTaken(name.strip());
            }
            throw e;
        }
    }

    public List<Script> list(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sluice.scripts WHERE owner = ? ORDER BY lower(name)")) {
            ps.setString(1, owner);
            List<Script> scripts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scripts.add(script(rs));
                }
            }
            return scripts;
        }
    }

    public Optional<Script> get(String owner, long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sluice.scripts WHERE owner = ? AND id = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(script(rs)) : Optional.empty();
            }
        }
    }

    /** Changes the fields given (null keeps one). Empty when there is no such script of this owner. */
    public Optional<Script> update(String owner, long id, String name, String language, String code, String stdin)
            throws SQLException {
        Script current = get(owner, id).orElse(null);
        if (current == null) {
            return Optional.empty();
        }
        String n = name == null ? current.name() : name;
        String l = language == null ? current.language() : language;
        String k = code == null ? current.code() : code;
        String s = stdin == null ? current.stdin() : stdin;
        check(n, l, k, s);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE sluice.scripts SET name = ?, language = ?, code = ?, stdin = ?, updated_at = now()
                WHERE owner = ? AND id = ? RETURNING *""")) {
            ps.setString(1, n.strip());
            ps.setString(2, l);
            ps.setString(3, k);
            ps.setString(4, s);
            ps.setString(5, owner);
            ps.setLong(6, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(script(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new NameTaken(n.strip());
            }
            throw e;
        }
    }

    public boolean delete(String owner, long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM sluice.scripts WHERE owner = ? AND id = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static void check(String name, String language, String code, String stdin) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new InvalidJobException("name", "length", "a script name is 1-100 characters");
        }
        new ExecutionPolicy(() -> ExecutionPolicy.DEFAULT_MAXIMA)
                .validate(new ExecutionRequest(language, null, code, stdin, null, null));
    }

    private static Script script(ResultSet rs) throws SQLException {
        return new Script(rs.getLong("id"), rs.getString("owner"), rs.getString("name"), rs.getString("language"),
                rs.getString("code"), rs.getString("stdin"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
