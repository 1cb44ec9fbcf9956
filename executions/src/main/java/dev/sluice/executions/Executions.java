package dev.sluice.executions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.engine.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Executions as clients see them, read from their jobs. */
public final class Executions {
    private final DataSource dataSource;

    public Executions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An execution's view of its job. */
    public static Map<String, Object> view(Job job) {
        JsonNode payload = job.payload();
        JsonNode result = job.result();
        String resultStatus = result == null ? null : result.path("status").asText(null);
        ExecutionStatus status = ExecutionStatus.of(job.state(), resultStatus);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", job.id());
        v.put("status", status.wire());
        v.put("language", payload.path("language").asText());
        v.put("version", payload.path("version").isTextual() ? payload.path("version").asText() : null);
        v.put("code", payload.path("code").asText());
        v.put("stdin", payload.path("stdin").isTextual() ? payload.path("stdin").asText() : null);
        v.put("args", payload.path("args").isArray() ? payload.path("args") : Json.MAPPER.createArrayNode());
        v.put("limits", payload.path("limits").isObject() ? payload.path("limits") : null);
        v.put("exitCode", result != null && result.path("exitCode").isInt() ? result.path("exitCode").asInt() : null);
        v.put("stdout", result == null ? "" : result.path("stdout").asText(""));
        v.put("stderr", result == null ? "" : result.path("stderr").asText(""));
        v.put("stdoutTruncated", result != null && result.path("stdoutTruncated").asBoolean());
        v.put("stderrTruncated", result != null && result.path("stderrTruncated").asBoolean());
        v.put("wallMs", result == null ? null : result.path("wallMs").asLong());
        v.put("cpuMs", result == null ? null : result.path("cpuMs").asLong());
        v.put("peakMemoryBytes", result == null ? null : result.path("peakMemoryBytes").asLong());
        v.put("detail", result != null && result.hasNonNull("detail") ? result.path("detail").asText()
                : status == ExecutionStatus.ERROR ? job.lastError() : null);
        v.put("attempt", job.attempt());
        v.put("cancelRequested", job.cancelRequestedAt() != null);
        v.put("createdAt", job.createdAt());
        v.put("startedAt", job.startedAt());
        v.put("finishedAt", job.finishedAt());
        return v;
    }

    /** A page of executions, newest first. Null filters do not filter. */
    public record Filter(String owner, ExecutionStatus status, String language, Instant from, Instant to, Long beforeId,
            int limit) {}

    public List<Job> list(Filter f, dev.sluice.engine.store.JobReads reads) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id FROM sluice.jobs
                WHERE type = 'execution'
                  AND (?::text IS NULL OR owner = ?)
                  AND (?::text IS NULL OR payload->>'language' = ?)
                  AND (?::timestamptz IS NULL OR created_at >= ?)
                  AND (?::timestamptz IS NULL OR created_at < ?)
                  AND (?::bigint IS NULL OR id < ?)
                  AND (?::text IS NULL OR (CASE
                        WHEN state IN ('queued', 'failed') THEN 'queued'
                        WHEN state = 'running' THEN 'running'
                        WHEN state = 'cancelled' THEN 'cancelled'
                        WHEN state = 'dead' THEN 'error'
                        ELSE coalesce(result->>'status', 'succeeded') END) = ?)
                ORDER BY id DESC LIMIT ?""")) {
            int p = 1;
            ps.setString(p++, f.owner());
            ps.setString(p++, f.owner());
            ps.setString(p++, f.language());
            ps.setString(p++, f.language());
            ps.setObject(p++, time(f.from()));
            ps.setObject(p++, time(f.from()));
            ps.setObject(p++, time(f.to()));
            ps.setObject(p++, time(f.to()));
            ps.setObject(p++, f.beforeId());
            ps.setObject(p++, f.beforeId());
            String status = f.status() == null ? null : f.status().wire();
            ps.setString(p++, status);
            ps.setString(p++, status);
            ps.setInt(p, f.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        List<Job> jobs = new ArrayList<>();
        for (long id : ids) {
            reads.get(id, null).ifPresent(jobs::add);
        }
        return jobs;
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** True when the job is an execution. */
    public static boolean isExecution(Job job) {
        return ExecutionJob.NAME.equals(job.type());
    }

}
