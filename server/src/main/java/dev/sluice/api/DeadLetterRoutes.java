package dev.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.auth.Auth;
import dev.sluice.auth.Principal;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobState;
import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.JobStore;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dead letters: list, inspect with every attempt's error, redrive (one or many), discard. */
public final class DeadLetterRoutes {
    private static final List<String> ATTEMPT_KINDS = List.of("failed", "dead", "rescued", "cancelled", "redriven", "released");

    private final JobStore store;
    private final JobReads reads;

    public DeadLetterRoutes(JobStore store, JobReads reads) {
        this.store = store;
        this.reads = reads;
    }

    public void register(Api api) {
        api.route("GET", "/api/v1/dead-letters", this::list).tag("dead-letters")
                .summary("List dead letters, most recent first").response(200, "JobPage").add();
        api.route("GET", "/api/v1/dead-letters/{id}", this::inspect).tag("dead-letters")
                .summary("A dead letter with its payload and every attempt's error").response(200, "DeadLetter").add();
        api.route("POST", "/api/v1/dead-letters/{id}/redrive", this::redriveOne).tag("dead-letters")
                .summary("Queue a dead letter again, attempts reset").response(200, "Job").add();
        api.route("POST", "/api/v1/dead-letters/redrive", this::redriveMany).tag("dead-letters")
                .summary("Redrive many: {\"ids\": [...]}").request("Ids").response(200, "Ids").add();
        api.route("DELETE", "/api/v1/dead-letters/{id}", this::discardOne).tag("dead-letters")
                .summary("Discard a dead letter").response(204, null).add();
        api.route("POST", "/api/v1/dead-letters/discard", this::discardMany).tag("dead-letters")
                .summary("Discard many: {\"ids\": [...]}").request("Ids").response(200, "Ids").add();
    }

    Response list(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        int limit = request.query("limit").map(v -> Problems.intParam("limit", v, 1, 500)).orElse(50);
        Long cursor = request.query("cursor").map(v -> (long) Problems.intParam("cursor", v, 1, Integer.MAX_VALUE)).orElse(null);
        List<Job> page = reads.deadLetters(principal.ownerScope(), request.query("queue").orElse(null), cursor, limit);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(Views::job).toList());
        answer.put("nextCursor", page.size() == limit ? String.valueOf(page.get(page.size() - 1).id()) : null);
        return Response.ok(answer);
    }

    Response inspect(Request request) throws Exception {
        Job job = dead(request);
        Map<String, Object> answer = Views.job(job);
        answer.put("attempts", reads.events(job.id(), ATTEMPT_KINDS).stream().map(Views::event).toList());
        return Response.ok(answer);
    }

    Response redriveOne(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        Job job = dead(request);
        store.redrive(List.of(job.id()), principal.ownerScope(), principal.user().username());
        return Response.ok(Views.job(reads.get(job.id(), null).orElseThrow()));
    }

    Response redriveMany(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        List<Long> moved = store.redrive(ids(request), principal.ownerScope(), principal.user().username());
        return Response.ok(Map.of("ids", moved));
    }

    Response discardOne(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        Job job = dead(request);
        store.discard(List.of(job.id()), principal.ownerScope());
        return Response.empty(204);
    }

    Response discardMany(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        return Response.ok(Map.of("ids", store.discard(ids(request), principal.ownerScope())));
    }

    private Job dead(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        long id = request.idParam("id");
        Job job = reads.get(id, principal.ownerScope()).orElseThrow(() -> ProblemException.notFound("no such job: " + id));
        if (job.state() != JobState.DEAD) {
            throw ProblemException.notFound("job " + id + " is not a dead letter (it is " + job.state().db() + ")");
        }
        return job;
    }

    private static List<Long> ids(Request request) throws Exception {
        JsonNode body = request.bodyJson();
        JsonNode ids = body.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 1000) {
            throw ProblemException.badRequest("ids", "array", "ids must be an array of 1-1000 job ids");
        }
        List<Long> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.canConvertToLong() || id.asLong() < 1) {
                throw ProblemException.badRequest("ids", "integer", "every id must be a positive integer");
            }
            list.add(id.asLong());
        }
        return list;
    }
}
