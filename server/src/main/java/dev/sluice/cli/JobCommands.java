package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.Json;
import dev.sluice.SluiceException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The client verbs for jobs: submit and follow, list, show, cancel, retry, redrive. All over the HTTP API. */
final class JobCommands {
    private JobCommands() {}

    static String line(JsonNode job) {
        return String.format("%-8s %-10s %-12s %-10s attempt %d/%d%s", job.path("id").asText(), job.path("state").asText(),
                job.path("type").asText(), job.path("queue").asText(), job.path("attempt").asInt(),
                job.path("maxAttempts").asInt(), job.path("lastError").isTextual() ? "  " + job.path("lastError").asText() : "");
    }

    /** Prints a job's events as they come; returns the final state. */
    static String follow(ApiClient client, long id, PrintWriter out) {
        String[] state = {"unknown"};
        client.follow("/api/v1/jobs/" + id + "/events", event -> {
            String name = event.path("event").asText();
            JsonNode data = event.path("data");
            if (name.equals("end")) {
                state[0] = data.path("state").asText("unknown");
                return;
            }
            out.println(data.path("at").asText() + "  " + name + (data.has("attempt") ? " (attempt " + data.path("attempt").asInt() + ")" : "")
                    + (data.hasNonNull("message") ? ": " + data.path("message").asText() : ""));
            out.flush();
        });
        return state[0];
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a job; --follow prints its events until it ends.")
    static final class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions api;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The job type, e.g. http or noop.")
        String type;

        @Option(names = "--payload", paramLabel = "JSON", defaultValue = "{}", description = "The payload as JSON.")
        String payload;

        @Option(names = "--queue", paramLabel = "QUEUE", description = "Another queue than the type's.")
        String queue;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before it is dead.")
        Integer maxAttempts;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Submitting again with this key returns the first job.")
        String idempotencyKey;

        @Option(names = "--follow", description = "Follow the job's events until it ends; exit code 0 only when it succeeded.")
        boolean follow;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ObjectNode body = Json.MAPPER.createObjectNode().put("type", type);
            try {
                body.set("payload", Json.tree(payload));
            } catch (IllegalArgumentException e) {
                throw new SluiceException("--payload is not JSON: " + e.getMessage(), "quote it, e.g. --payload '{\"url\":\"http://...\"}'");
            }
            if (queue != null) {
                body.put("queue", queue);
            }
            if (maxAttempts != null) {
                body.put("maxAttempts", maxAttempts);
            }
            ApiClient client = api.client();
            JsonNode job = idempotencyKey == null ? client.post("/api/v1/jobs", body)
                    : client.post("/api/v1/jobs", body, "Idempotency-Key", idempotencyKey);
            out.println(line(job));
            out.flush();
            if (!follow) {
                return 0;
            }
            String state = follow(client, job.path("id").asLong(), out);
            out.println("finished: " + state);
            return state.equals("succeeded") ? 0 : 1;
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "List your jobs (all jobs for admins), newest first.")
    static final class ListJobs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions api;

        @Option(names = "--state", paramLabel = "STATE", description = "queued, running, succeeded, failed, dead or cancelled.")
        String state;

        @Option(names = "--queue", paramLabel = "QUEUE")
        String queue;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            StringBuilder query = new StringBuilder("?limit=" + limit);
            if (state != null) {
                query.append("&state=").append(state);
            }
            if (queue != null) {
                query.append("&queue=").append(queue);
            }
            PrintWriter out = spec.commandLine().getOut();
            JsonNode page = api.client().get("/api/v1/jobs" + query);
            page.path("items").forEach(j -> out.println(line(j)));
            if (page.path("items").isEmpty()) {
                out.println("no jobs");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a job as JSON; --follow prints its events until it ends.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions api;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--follow")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ApiClient client = api.client();
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(client.get("/api/v1/jobs/" + id)));
            out.flush();
            if (follow) {
                out.println("finished: " + JobCommands.follow(client, id, out));
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel jobs: waiting ones at once, running ones are stopped.")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions api;

        @Parameters(paramLabel = "ID", arity = "1..*")
        List<Long> ids;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ApiClient client = api.client();
            for (long id : ids) {
                JsonNode answer = client.post("/api/v1/jobs/" + id + "/cancel", null);
                out.println(id + ": " + answer.path("result").asText());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true, description = "Queue dead letters again, attempts reset.")
    static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions api;

        @Parameters(paramLabel = "ID", arity = "1..*")
        List<Long> ids;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode answer = api.client().post("/api/v1/dead-letters/redrive", Json.MAPPER.createObjectNode()
                    .set("ids", Json.MAPPER.valueToTree(ids)));
            out.println("redriven: " + answer.path("ids"));
            out.flush();
            return answer.path("ids").size() == ids.size() ? 0 : 1;
        }
    }
}
