package dev.sluice.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The registry of worker processes: who they are, what they serve, when they last said so. */
public final class WorkerStore {
    private final DataSource dataSource;

    public WorkerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A worker process as registered.
     *
     * @param info per-process details, e.g. queues it cannot serve and why
     */
    public record WorkerRow(String id, String host, long pid, String role, List<String> queues, String version,
            JsonNode info, Instant startedAt, Instant heartbeatAt, Instant stoppedAt, boolean alive) {}

    public void register(String id, String host, long pid, String role, List<String> queues, String version,
            JsonNode info) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sluice.workers (id, host, pid, role, queues, version, info)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), stopped_at = NULL, queues = excluded.queues,
                    info = excluded.info
                """)) {
            ps.setString(1, id);
            ps.setString(2, host);
            ps.setLong(3, pid);
            ps.setString(4, role);
            ps.setArray(5, c.createArrayOf("text", queues.toArray(String[]::new)));
            ps.setString(6, version);
            ps.setString(7, Json.write(info));
            ps.executeUpdate();
        }
    }

    /** Returns false when the row is gone (pruned while we were unreachable): the caller re-registers. */
    public boolean heartbeat(String id, JsonNode info) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE sluice.workers SET heartbeat_at = now(), stopped_at = NULL, info = ?::jsonb WHERE id = ?")) {
            ps.setString(1, Json.write(info));
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    public void stopped(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE sluice.workers SET stopped_at = now() WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Every registered worker; alive when it has not stopped and heartbeated within {@code deadAfter}. */
    public List<WorkerRow> list(Duration deadAfter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT *, (stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => ? / 1000.0)) AS alive
                FROM sluice.workers ORDER BY started_at DESC
                """)) {
            ps.setLong(1, deadAfter.toMillis());
            List<WorkerRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] queues = (String[]) rs.getArray("queues").getArray();
                    rows.add(new WorkerRow(rs.getString("id"), rs.getString("host"), rs.getLong("pid"),
                            rs.getString("role"), List.of(queues), rs.getString("version"),
                            Rows.json(rs.getString("info")), Rows.instant(rs, "started_at"),
                            Rows.instant(rs, "heartbeat_at"), Rows.instant(rs, "stopped_at"), rs.getBoolean("alive")));
                }
            }
            return rows;
        }
    }

    /** Forgets workers stopped or silent for longer than {@code olderThan}. */
    public int prune(Duration olderThan) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                DELETE FROM sluice.workers
                WHERE coalesce(stopped_at, heartbeat_at) < now() - make_interval(secs => ? / 1000.0)
                """)) {
            ps.setLong(1, olderThan.toMillis());
            return ps.executeUpdate();
        }
    }
}
