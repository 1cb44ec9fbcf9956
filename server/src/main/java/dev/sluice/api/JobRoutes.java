package dev.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.auth.Auth;
import dev.sluice.auth.Principal;
import dev.sluice.auth.UserStore;
import dev.sluice.config.ApiOptions;
import dev.sluice.engine.Enqueued;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.JobState;
import dev.sluice.engine.Jobs;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.JobStore;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.streams.JobEventHub;
import dev.sluice.streams.SseWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Jobs over HTTP: submit (rate-limited per user, {@code Idempotency-Key} aware), read, list, cancel,
 * retry, and the job's live event stream. A user sees and controls only their own jobs (others' are
 * 404, not 403: their existence is not revealed); admins see all.
 */
public final class JobRoutes {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Jobs jobs;
    private final JobStore store;
    private final JobReads reads;
    private final JobEventHub hub;
    private final UserStore users;
    private final SubmitLimiter limiter;
    private final IdempotentRequests idempotency;
    private final ApiOptions options;

    public JobRoutes(Jobs jobs, JobStore store, JobReads reads, JobEventHub hub, UserStore users, SubmitLimiter limiter,
            IdempotentRequests idempotency, ApiOptions options) {
        this.jobs = jobs;
        this.store = store;
        this.reads = reads;
        this.hub = hub;
        this.users = users;
        this.limiter = limiter;
        this.idempotency = idempotency;
        this.options = options;
    }

    public void register(Api api) {
        api.route("POST", "/api/v1/jobs", this::submit).summary("Submit a job (honours Idempotency-Key)")
                .request("SubmitJob").response(201, "Job").add();
        api.route("GET", "/api/v1/jobs", this::list).summary("List jobs, newest first, with filters and a cursor")
                .response(200, "JobPage").add();
        api.route("GET", "/api/v1/jobs/{id}", this::get).summary("Read a job").response(200, "Job").add();
        api.route("POST", "/api/v1/jobs/{id}/cancel", this::cancel).summary("Cancel a job, waiting or running")
                .response(202, "CancelResult").add();
        api.route("POST", "/api/v1/jobs/{id}/retry", this::retry)
                .summary("Run a failed, dead or cancelled job again now").response(200, "Job").add();
        api.route("GET", "/api/v1/jobs/{id}/events", this::events)
                .summary("The job's events: a live SSE stream (Accept: text/event-stream, resumes from Last-Event-ID) or JSON")
                .response(200, "EventList").streams().add();
    }

    /** The body of a submission. */
    record SubmitJob(String type, JsonNode payload, String queue, Integer priority, Instant runAt, Integer maxAttempts,
            Long timeoutSeconds) {}

    // --- submit ------------------------------------------------------------------------------

    Response submit(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        byte[] raw = request.body();
        SubmitJob body = request.bodyAs(SubmitJob.class);
        JobRequest job = toJobRequest(body, principal); // validated: a bad job costs no token
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isPresent()) {
            Optional<Response> replay = idempotency.replay(principal.user().id(), key.get(), raw);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        takeToken(principal);
        if (key.isPresent()) {
            return idempotency.run(principal.user().id(), key.get(), raw, c -> enqueue(c, job));
        }
        try (Connection c = jobs.dataSource().getConnection()) {
            return enqueue(c, job);
        }
    }

    private Response.Json enqueue(Connection c, JobRequest job) throws SQLException {
        Enqueued enqueued;
        try {
            enqueued = jobs.enqueue(c, job);
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
        Job stored = reads.get(c, enqueued.id());
        return new Response.Json(enqueued.created() ? 201 : 200, Views.job(stored),
                Map.of("Location", "/api/v1/jobs/" + enqueued.id()));
    }

    private JobRequest toJobRequest(SubmitJob body, Principal principal) {
        if (body.type() == null || body.type().isBlank()) {
            throw ProblemException.badRequest("type", "required", "type is required");
        }
        if (body.payload() == null || body.payload().isNull()) {
            throw ProblemException.badRequest("payload", "required", "payload is required");
        }
        JobRequest job = JobRequest.of(body.type(), body.payload())
                .withOwner(principal.user().owner())
                .withConcurrencyKey(principal.user().owner());
        if (body.queue() != null) {
            job = job.withQueue(body.queue());
        }
        if (body.priority() != null) {
            job = job.withPriority(body.priority());
        }
        if (body.runAt() != null) {
            job = job.withRunAt(body.runAt());
        }
        if (body.maxAttempts() != null) {
            job = job.withMaxAttempts(body.maxAttempts());
        }
        if (body.timeoutSeconds() != null) {
            if (body.timeoutSeconds() < 1 || body.timeoutSeconds() > 86_400) {
                throw ProblemException.badRequest("timeoutSeconds", "range", "timeoutSeconds must be between 1 and 86400");
            }
            job = job.withTimeout(Duration.ofSeconds(body.timeoutSeconds()));
        }
        try {
            jobs.prepare(List.of(job));
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
        return job;
    }

    /** Takes a submission token for the user, or answers 429 with Retry-After. */
    public void takeToken(Principal principal) throws SQLException {
        UserStore.Limits limits = users.limits(principal.user().id());
        int perMinute = limits.submitPerMinute() != null ? limits.submitPerMinute() : options.submitPerMinute();
        int burst = limits.submitBurst() != null ? limits.submitBurst() : options.submitBurst();
        Duration wait = limiter.take(principal.user().id(), perMinute, burst);
        if (!wait.isZero()) {
            throw ProblemException.tooMany("you are submitting faster than " + perMinute + " per minute (burst " + burst + ")", wait);
        }
    }

    // --- read --------------------------------------------------------------------------------

    Response get(Request request) throws Exception {
        return Response.ok(Views.job(find(request)));
    }

    /** The job named in the path, if the principal may see it; 404 otherwise. */
    Job find(Request request) throws SQLException {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        return reads.get(id, principal.ownerScope())
                .orElseThrow(() -> ProblemException.notFound("no such job: " + id));
    }

    Response list(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        JobState state = request.query("state").map(JobRoutes::state).orElse(null);
        int limit = request.query("limit").map(v -> Problems.intParam("limit", v, 1, 500)).orElse(50);
        Long cursor = request.query("cursor").map(v -> (long) Problems.intParam("cursor", v, 1, Integer.MAX_VALUE)).orElse(null);
        List<Job> page = reads.list(new JobReads.Filter(principal.ownerScope(), request.query("queue").orElse(null),
                request.query("type").orElse(null), state, cursor, limit));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(Views::job).toList());
        answer.put("nextCursor", page.size() == limit ? String.valueOf(page.get(page.size() - 1).id()) : null);
        return Response.ok(answer);
    }

    static JobState state(String value) {
        try {
            return JobState.fromDb(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("state", "enum", "state must be one of "
                    + Arrays.stream(JobState.values()).map(JobState::db).collect(Collectors.joining(", ")));
        }
    }

    // --- commands ----------------------------------------------------------------------------

    Response cancel(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        JobStore.CancelResult result = store.cancel(id, principal.ownerScope(), "cancelled by " + principal.user().username());
        if (result == JobStore.CancelResult.NOT_FOUND) {
            throw ProblemException.notFound("no such job: " + id);
        }
        Job job = reads.get(id, null).orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", result.name().toLowerCase());
        answer.put("job", Views.job(job));
        return Response.json(result == JobStore.CancelResult.ALREADY_FINAL ? 409 : 202, answer);
    }

    Response retry(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        Job job = find(request);
        List<Long> moved = store.retry(List.of(job.id()), principal.ownerScope(), principal.user().username());
        if (moved.isEmpty()) {
            throw new ProblemException(dev.sluice.http.Problem.of(409, "Conflict",
                    "job " + job.id() + " is " + job.state().db() + "; only failed, dead or cancelled jobs can be retried"));
        }
        return Response.ok(Views.job(reads.get(job.id(), null).orElseThrow()));
    }

    // --- events ------------------------------------------------------------------------------

    public Response events(Request request) throws Exception {
        Job job = find(request);
        int after = lastEventId(request);
        boolean sse = request.header("Accept").map(a -> a.contains("text/event-stream")).orElse(false);
        if (!sse) {
            List<JobEvent> events = reads.events(job.id(), after, 1000);
            return Response.ok(Map.of("items", events.stream().map(Views::event).toList()));
        }
        return new Response.Stream(200, "text/event-stream; charset=utf-8",
                Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no"), out -> stream(job.id(), after, out));
    }

    static int lastEventId(Request request) {
        Optional<String> raw = request.header("Last-Event-ID").or(() -> request.query("lastEventId"));
        return raw.map(v -> Problems.intParam("Last-Event-ID", v.strip(), 0, Integer.MAX_VALUE)).orElse(0);
    }

    /**
     * Subscribes first, then sends everything after {@code after}, then follows. The state is read
     * before the events: once it is final, the events just read include the final one, and the stream
     * ends with an {@code end} event.
     */
    private void stream(long jobId, int after, OutputStream out) throws IOException {
        SseWriter sse = new SseWriter(out);
        try (JobEventHub.Waiter waiter = hub.subscribe(jobId)) {
            sse.retry(2000);
            int last = after;
            while (true) {
                Optional<Job> job = reads.get(jobId, null);
                if (job.isEmpty()) {
                    sse.event(null, "end", Map.of("reason", "the job no longer exists"));
                    return;
                }
                List<JobEvent> events = reads.events(jobId, last, 500);
                for (JobEvent e : events) {
                    sse.event(Integer.toString(e.seq()), e.kind(), Views.event(e));
                    last = e.seq();
                }
                if (events.size() == 500) {
                    continue;
                }
                if (job.get().state().isFinal()) {
                    sse.event(null, "end", Map.of("state", job.get().state().db(), "lastEventId", last));
                    return;
                }
                if (!waiter.await(HEARTBEAT)) {
                    sse.comment("keepalive");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            sse.event(null, "error", Map.of("detail", "the database is unreachable; reconnect to resume"));
        }
    }
}
