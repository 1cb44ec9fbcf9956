package dev.sluice.api;

import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** How jobs and their events look to API clients. */
public final class Views {
    private Views() {}

    public static Map<String, Object> job(Job job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", job.id());
        v.put("type", job.type());
        v.put("queue", job.queue());
        v.put("state", job.state().db());
        v.put("attempt", job.attempt());
        v.put("maxAttempts", job.maxAttempts());
        v.put("priority", job.priority());
        v.put("runAt", job.runAt());
        v.put("timeoutSeconds", job.timeout().toSeconds());
        v.put("payload", job.payload());
        v.put("result", job.result());
        v.put("lastError", job.lastError());
        v.put("owner", job.owner());
        v.put("cancelRequested", job.cancelRequestedAt() != null);
        v.put("createdAt", job.createdAt());
        v.put("startedAt", job.startedAt());
        v.put("finishedAt", job.finishedAt());
        v.put("updatedAt", job.updatedAt());
        return v;
    }

    public static Map<String, Object> event(JobEvent e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seq", e.seq());
        v.put("jobId", e.jobId());
        v.put("kind", e.kind());
        v.put("state", e.state().db());
        v.put("attempt", e.attempt());
        v.put("at", e.at());
        if (e.worker() != null) {
            v.put("worker", e.worker());
        }
        if (e.message() != null) {
            v.put("message", e.message());
        }
        if (e.data() != null) {
            v.put("data", e.data());
        }
        return v;
    }
}
