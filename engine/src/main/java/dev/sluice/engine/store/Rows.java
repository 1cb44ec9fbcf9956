package dev.sluice.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import dev.sluice.engine.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Maps rows of {@code sluice.jobs} and {@code sluice.job_events} to records. */
final class Rows {
    private Rows() {}

    static Job job(ResultSet rs) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getString("queue"),
                rs.getString("type"),
                json(rs.getString("payload")),
                JobState.fromDb(rs.getString("state")),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                rs.getInt("priority"),
                instant(rs, "run_at"),
                Duration.ofMillis(rs.getLong("timeout_ms")),
                rs.getString("idempotency_key"),
                rs.getString("concurrency_key"),
                rs.getString("owner"),
                rs.getString("lease_owner"),
                instant(rs, "lease_expires_at"),
                instant(rs, "cancel_requested_at"),
                rs.getInt("event_seq"),
                rs.getString("last_error"),
                json(rs.getString("result")),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "updated_at"));
    }

    static JobEvent event(ResultSet rs) throws SQLException {
        return new JobEvent(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getInt("seq"),
                instant(rs, "at"),
                rs.getString("queue"),
                rs.getString("kind"),
                JobState.fromDb(rs.getString("state")),
                rs.getInt("attempt"),
                rs.getString("worker"),
                rs.getString("message"),
                json(rs.getString("data")));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static JsonNode json(String text) {
        return text == null ? null : Json.tree(text);
    }

    static String text(JsonNode node) {
        return node == null ? null : Json.write(node);
    }
}
