package dev.sluice.api;

import dev.sluice.auth.Auth;
import dev.sluice.engine.Job;
import dev.sluice.engine.diagnosis.Diagnosis;
import dev.sluice.engine.diagnosis.Finding;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.WorkerStore;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.streams.SseWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For operators (admins): queues, workers, the diagnosis, and the dashboard's live stream. */
public final class OpsRoutes {
    private static final Duration DASHBOARD_EVERY = Duration.ofSeconds(2);

    private final JobReads reads;
    private final Diagnosis diagnosis;

    public OpsRoutes(JobReads reads, Diagnosis diagnosis) {
        this.reads = reads;
        this.diagnosis = diagnosis;
    }

    public void register(Api api) {
        api.route("GET", "/api/v1/queues", this::queues).tag("operations")
                .summary("Every queue: due depth, running, oldest due age, dead, served by").response(200, "QueueList").add();
        api.route("GET", "/api/v1/workers", this::workers).tag("operations")
                .summary("Worker processes: alive or dead, last heartbeat, what each is running").response(200, "WorkerList").add();
        api.route("GET", "/api/v1/diagnosis", this::diagnosis).tag("operations")
                .summary("What is stuck or failing and what to do, the same words as sluice doctor").response(200, "Diagnosis").add();
        api.route("GET", "/api/v1/streams/dashboard", this::dashboard).tag("operations")
                .summary("Live operations dashboard (SSE): a snapshot every 2 s").response(200, "Diagnosis").streams().add();
    }

    Response queues(Request request) throws Exception {
        Auth.requireAdmin(request);
        return Response.ok(Map.of("items", snapshot().get("queues")));
    }

    Response workers(Request request) throws Exception {
        Auth.requireAdmin(request);
        return Response.ok(Map.of("items", snapshot().get("workers")));
    }

    Response diagnosis(Request request) throws Exception {
        Auth.requireAdmin(request);
        return Response.ok(snapshot());
    }

    Response dashboard(Request request) {
        Auth.requireAdmin(request);
        return new Response.Stream(200, "text/event-stream; charset=utf-8",
                Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no"), this::follow);
    }

    private void follow(OutputStream out) throws IOException {
        SseWriter sse = new SseWriter(out);
        sse.retry(2000);
        long n = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sse.event(Long.toString(++n), "snapshot", snapshot());
                } catch (SQLException e) {
                    sse.event(Long.toString(++n), "unavailable", Map.of("detail", "the database is unreachable: " + e.getMessage()));
                }
                Thread.sleep(DASHBOARD_EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The diagnosis as the API, the dashboard and the UI show it. */
    public Map<String, Object> snapshot() throws SQLException {
        Diagnosis.Report report = diagnosis.run();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("at", report.at());
        answer.put("healthy", report.healthy());
        answer.put("findings", report.findings().stream().map(OpsRoutes::finding).toList());
        List<Map<String, Object>> queues = new ArrayList<>();
        for (JobReads.QueueStats q : report.queues()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("queue", q.queue());
            v.put("due", q.due());
            v.put("scheduled", q.scheduled());
            v.put("running", q.running());
            v.put("retrying", q.retrying());
            v.put("dead", q.dead());
            v.put("oldestDueAgeSeconds", q.oldestDueAge().toSeconds());
            v.put("expiredLeases", q.expiredLeases());
            v.put("succeededLastMinute", q.succeededLastMinute());
            v.put("servedBy", report.workers().stream().filter(w -> w.alive() && w.queues().contains(q.queue()))
                    .map(WorkerStore.WorkerRow::id).toList());
            queues.add(v);
        }
        answer.put("queues", queues);
        List<Map<String, Object>> workers = new ArrayList<>();
        for (WorkerStore.WorkerRow w : report.workers()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", w.id());
            v.put("host", w.host());
            v.put("pid", w.pid());
            v.put("role", w.role());
            v.put("queues", w.queues());
            v.put("version", w.version());
            v.put("alive", w.alive());
            v.put("startedAt", w.startedAt());
            v.put("heartbeatAt", w.heartbeatAt());
            v.put("stoppedAt", w.stoppedAt());
            v.put("info", w.info());
            v.put("running", w.alive() ? reads.runningOn(w.id()).stream().map(OpsRoutes::brief).toList() : List.of());
            workers.add(v);
        }
        answer.put("workers", workers);
        Map<String, Object> leader = new LinkedHashMap<>();
        leader.put("holder", report.leader().holder());
        leader.put("live", report.leader().live());
        answer.put("maintenanceLeader", leader);
        return answer;
    }

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("severity", f.severity().name().toLowerCase());
        v.put("code", f.code());
        v.put("queue", f.queue());
        v.put("message", f.message());
        v.put("fix", f.fix());
        v.put("line", f.line());
        return v;
    }

    private static Map<String, Object> brief(Job job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", job.id());
        v.put("type", job.type());
        v.put("queue", job.queue());
        v.put("attempt", job.attempt());
        v.put("startedAt", job.startedAt());
        return v;
    }
}
