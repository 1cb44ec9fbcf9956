package dev.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.auth.Auth;
import dev.sluice.auth.Principal;
import dev.sluice.engine.Enqueued;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.Jobs;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.JobStore;
import dev.sluice.engine.store.WorkerStore;
import dev.sluice.executions.ExecutionJob;
import dev.sluice.executions.ExecutionPolicy;
import dev.sluice.executions.ExecutionRequest;
import dev.sluice.executions.ExecutionSettings;
import dev.sluice.executions.ExecutionStatus;
import dev.sluice.executions.Executions;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.sandbox.Limits;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Executions over HTTP: run code, read the result, follow the output live, list one's history,
 * cancel, re-run; the runtimes the workers offer; and the admin's limits.
 */
public final class ExecutionRoutes {
    private final Jobs jobs;
    private final JobStore store;
    private final JobReads reads;
    private final Executions executions;
    private final ExecutionPolicy policy;
    private final ExecutionSettings settings;
    private final WorkerStore workers;
    private final Duration workerDeadAfter;
    private final JobRoutes jobRoutes;
    private final IdempotentRequests idempotency;

    public ExecutionRoutes(Jobs jobs, JobStore store, JobReads reads, Executions executions, ExecutionPolicy policy,
            ExecutionSettings settings, WorkerStore workers, Duration workerDeadAfter, JobRoutes jobRoutes,
            IdempotentRequests idempotency) {
        this.jobs = jobs;
        this.store = store;
        this.reads = reads;
        this.executions = executions;
        this.policy = policy;
        this.settings = settings;
        this.workers = workers;
        this.workerDeadAfter = workerDeadAfter;
        this.jobRoutes = jobRoutes;
        this.idempotency = idempotency;
    }

    public void register(Api api) {
        api.route("POST", "/api/v1/executions", this::submit).tag("executions")
                .summary("Run code: {language, version?, code, stdin?, args?, limits?} (honours Idempotency-Key)")
                .request("NewExecution").response(202, "Execution").add();
        api.route("GET", "/api/v1/executions", this::list).tag("executions")
                .summary("Your executions, newest first: ?status=&language=&from=&to=&cursor=&limit=").response(200, "ExecutionPage").add();
        api.route("GET", "/api/v1/executions/{id}", this::get).tag("executions")
                .summary("An execution: status, exit code, output, resource use").response(200, "Execution").add();
        api.route("POST", "/api/v1/executions/{id}/cancel", this::cancel).tag("executions")
                .summary("Stop an execution").response(202, "Execution").add();
        api.route("POST", "/api/v1/executions/{id}/rerun", this::rerun).tag("executions")
                .summary("Run the same code again").response(202, "Execution").add();
        api.route("GET", "/api/v1/executions/{id}/events", this::events).tag("executions")
                .summary("The execution's live events and output (SSE, resumable with Last-Event-ID)").response(200, "EventList")
                .streams().add();
        api.route("GET", "/api/v1/runtimes", this::runtimes).tag("executions")
                .summary("Languages and versions the workers run, and the default and maximum limits").response(200, "Runtimes").add();
        api.route("GET", "/api/v1/admin/execution-limits", this::getMaxima).tag("admin")
                .summary("The maximum limits an execution may ask for").response(200, "Limits").add();
        api.route("PUT", "/api/v1/admin/execution-limits", this::setMaxima).tag("admin")
                .summary("Set the maximum limits an execution may ask for").request("ExecutionLimits").response(200, "Limits").add();
    }

    Response submit(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        byte[] raw = request.body();
        ExecutionRequest body = request.bodyAs(ExecutionRequest.class);
        JobRequest job = jobRequest(body, principal);
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isPresent()) {
            Optional<Response> replay = idempotency.replay(principal.user().id(), key.get(), raw);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        jobRoutes.takeToken(principal);
        if (key.isPresent()) {
            return idempotency.run(principal.user().id(), key.get(), raw, c -> enqueue(c, job));
        }
        try (Connection c = jobs.dataSource().getConnection()) {
            return enqueue(c, job);
        }
    }

    private JobRequest jobRequest(ExecutionRequest body, Principal principal) {
        Limits limits;
        try {
            policy.validate(body);
            limits = policy.limits(body.limits());
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
        ExecutionRequest resolved = new ExecutionRequest(body.language(), body.version(), body.code(), body.stdin(),
                body.args(), new ExecutionRequest.LimitsRequest((int) limits.wall().toSeconds(),
                        (int) (limits.memoryBytes() / Limits.MIB), limits.processes(), limits.cpus(),
                        (int) (limits.outputBytes() / Limits.KIB), (int) (limits.fileSizeBytes() / Limits.MIB),
                        (int) (limits.tmpBytes() / Limits.MIB)));
        return JobRequest.of(ExecutionJob.NAME, Json.MAPPER.valueToTree(resolved))
                .withOwner(principal.user().owner())
                .withConcurrencyKey(principal.user().owner())
                .withTimeout(limits.wall().plusMinutes(2));
    }

    private Response.Json enqueue(Connection c, JobRequest job) throws SQLException {
        Enqueued enqueued;
        try {
            enqueued = jobs.enqueue(c, job);
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
        return new Response.Json(202, Executions.view(reads.get(c, enqueued.id())),
                Map.of("Location", "/api/v1/executions/" + enqueued.id()));
    }

    Response get(Request request) throws Exception {
        return Response.ok(Executions.view(find(request)));
    }

    private Job find(Request request) throws SQLException {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        return reads.get(id, principal.ownerScope()).filter(Executions::isExecution)
                .orElseThrow(() -> ProblemException.notFound("no such execution: " + id));
    }

    Response list(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        ExecutionStatus status = request.query("status").map(ExecutionRoutes::status).orElse(null);
        int limit = request.query("limit").map(v -> Problems.intParam("limit", v, 1, 200)).orElse(30);
        Long cursor = request.query("cursor").map(v -> (long) Problems.intParam("cursor", v, 1, Integer.MAX_VALUE)).orElse(null);
        Instant from = request.query("from").map(v -> instant("from", v)).orElse(null);
        Instant to = request.query("to").map(v -> instant("to", v)).orElse(null);
        List<Job> page = executions.list(new Executions.Filter(principal.user().owner(), status,
                request.query("language").orElse(null), from, to, cursor, limit), reads);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(Executions::view).toList());
        answer.put("nextCursor", page.size() == limit ? String.valueOf(page.get(page.size() - 1).id()) : null);
        return Response.ok(answer);
    }

    Response cancel(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        Job job = find(request);
        JobStore.CancelResult result = store.cancel(job.id(), principal.ownerScope(), "cancelled by " + principal.user().username());
        Map<String, Object> answer = Executions.view(reads.get(job.id(), null).orElseThrow());
        answer.put("cancel", result.name().toLowerCase());
        return Response.json(result == JobStore.CancelResult.ALREADY_FINAL ? 409 : 202, answer);
    }

    Response rerun(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        Job job = find(request);
        ExecutionRequest original = Json.MAPPER.treeToValue(job.payload(), ExecutionRequest.class);
        JobRequest again = jobRequest(original, principal);
        jobRoutes.takeToken(principal);
        try (Connection c = jobs.dataSource().getConnection()) {
            return enqueue(c, again);
        }
    }

    Response events(Request request) throws Exception {
        find(request);
        return jobRoutes.events(request);
    }

    Response runtimes(Request request) throws Exception {
        Auth.principal(request);
        Map<String, TreeMap<String, Boolean>> byLanguage = new TreeMap<>();
        List<String> executors = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (WorkerStore.WorkerRow w : workers.list(workerDeadAfter)) {
            if (!w.alive() || !w.queues().contains(ExecutionJob.QUEUE)) {
                continue;
            }
            JsonNode info = w.info();
            if (info.path("executor").isTextual() && !executors.contains(info.path("executor").asText())) {
                executors.add(info.path("executor").asText());
            }
            JsonNode unserved = info.path("unserved").path(ExecutionJob.QUEUE);
            if (unserved.isTextual()) {
                problems.add(w.host() + ": " + unserved.asText());
                continue;
            }
            for (JsonNode r : info.path("runtimes")) {
                byLanguage.computeIfAbsent(r.path("language").asText(), l -> new TreeMap<>())
                        .merge(r.path("version").asText(), r.path("default").asBoolean(), Boolean::logicalOr);
            }
        }
        List<Map<String, Object>> runtimes = new ArrayList<>();
        byLanguage.forEach((language, versions) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("language", language);
            v.put("versions", new ArrayList<>(versions.keySet()));
            v.put("default", versions.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                    .findFirst().orElse(versions.lastKey()));
            runtimes.add(v);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runtimes", runtimes);
        answer.put("executors", executors);
        answer.put("limits", Map.of("defaults", ExecutionPolicy.view(policy.defaults()), "maxima", ExecutionPolicy.view(policy.maxima())));
        answer.put("unavailable", problems);
        if (runtimes.isEmpty()) {
            answer.put("note", problems.isEmpty() ? "no live worker serves the executions queue: start one (./sluice serve --role worker)"
                    : "the workers serving executions cannot run code now: " + String.join("; ", problems));
        }
        return Response.ok(answer);
    }

    Response getMaxima(Request request) {
        Auth.requireAdmin(request);
        return Response.ok(ExecutionPolicy.view(settings.maxima()));
    }

    Response setMaxima(Request request) throws Exception {
        Auth.requireAdmin(request);
        ExecutionRequest.LimitsRequest body = request.bodyAs(ExecutionRequest.LimitsRequest.class);
        Limits maxima;
        try {
            maxima = ExecutionPolicy.maximaOf(body);
        } catch (InvalidJobException e) {
            throw Problems.invalid(e);
        }
        settings.setMaxima(maxima);
        return Response.ok(ExecutionPolicy.view(maxima));
    }

    static ExecutionStatus status(String value) {
        try {
            return ExecutionStatus.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "enum", "status must be one of " + Arrays.stream(ExecutionStatus.values())
                    .map(ExecutionStatus::wire).collect(Collectors.joining(", ")));
        }
    }

    static Instant instant(String field, String value) {
        try {
            return value.length() == 10 ? Instant.parse(value + "T00:00:00Z") : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "date", field + " must be a date (2026-11-25) or an instant (2026-11-25T10:00:00Z)");
        }
    }

}
