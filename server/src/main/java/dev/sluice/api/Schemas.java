package dev.sluice.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON schemas of the API's bodies, for the OpenAPI document. */
final class Schemas {
    private Schemas() {}

    static Map<String, Object> all(List<String> referenced) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Problem", object(Map.of(
                "type", str(), "title", str(), "status", integer(), "detail", str(),
                "field", str("the request field that is wrong"), "rule", str("the rule it broke")), List.of("title", "status")));
        s.put("SubmitJob", object(Map.of(
                "type", str("a job type, e.g. http"), "payload", Map.of("description", "the type's payload (JSON)"),
                "queue", str(), "priority", Map.of("type", "integer", "minimum", -100, "maximum", 100),
                "runAt", Map.of("type", "string", "format", "date-time"),
                "maxAttempts", Map.of("type", "integer", "minimum", 1, "maximum", 1000),
                "timeoutSeconds", Map.of("type", "integer", "minimum", 1, "maximum", 86400)), List.of("type", "payload")));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", integer());
        job.put("type", str());
        job.put("queue", str());
        job.put("state", Map.of("type", "string", "enum", List.of("queued", "running", "succeeded", "failed", "dead", "cancelled")));
        job.put("attempt", integer());
        job.put("maxAttempts", integer());
        job.put("priority", integer());
        job.put("runAt", dateTime());
        job.put("timeoutSeconds", integer());
        job.put("payload", Map.of());
        job.put("result", Map.of());
        job.put("lastError", nullable("string"));
        job.put("owner", nullable("string"));
        job.put("cancelRequested", Map.of("type", "boolean"));
        job.put("createdAt", dateTime());
        job.put("startedAt", nullableDateTime());
        job.put("finishedAt", nullableDateTime());
        s.put("Job", object(job, List.of("id", "type", "queue", "state", "attempt")));
        s.put("JobPage", object(Map.of("items", array("Job"), "nextCursor", nullable("string")), List.of("items")));
        s.put("Event", object(Map.of("seq", integer(), "jobId", integer(), "kind", str(), "state", str(),
                "attempt", integer(), "at", dateTime(), "message", str(), "data", Map.of()), List.of("seq", "kind")));
        s.put("EventList", object(Map.of("items", array("Event")), List.of("items")));
        s.put("CancelResult", object(Map.of("result", Map.of("type", "string", "enum", List.of("cancelled", "requested", "already_final")),
                "job", Map.of("$ref", "#/components/schemas/Job")), List.of("result")));
        s.put("Ids", object(Map.of("ids", Map.of("type", "array", "items", integer())), List.of("ids")));
        s.put("DeadLetter", Map.of("allOf", List.of(Map.of("$ref", "#/components/schemas/Job"),
                object(Map.of("attempts", array("Event")), List.of()))));
        s.put("User", object(Map.of("id", integer(), "username", str(), "role", Map.of("type", "string", "enum", List.of("admin", "user")),
                "disabled", Map.of("type", "boolean"), "createdAt", dateTime()), List.of("id", "username", "role")));
        s.put("UserList", object(Map.of("items", array("User")), List.of("items")));
        s.put("NewUser", object(Map.of("username", str(), "role", str(), "password", str("at least 10 characters; omit to generate one")),
                List.of("username")));
        s.put("CreatedUser", object(Map.of("user", Map.of("$ref", "#/components/schemas/User"), "password", str()), List.of("user")));
        s.put("UserChange", object(Map.of("role", str(), "disabled", Map.of("type", "boolean")), List.of()));
        s.put("Limits", object(Map.of("submitPerMinute", nullable("integer"), "submitBurst", nullable("integer"),
                "maxRunning", nullable("integer")), List.of()));
        s.put("Login", object(Map.of("username", str(), "password", str()), List.of("username", "password")));
        s.put("Session", object(Map.of("user", Map.of("$ref", "#/components/schemas/User"), "csrfToken", str()), List.of("user")));
        s.put("PasswordChange", object(Map.of("currentPassword", str(), "newPassword", str()), List.of("currentPassword", "newPassword")));
        s.put("NewToken", object(Map.of("name", str()), List.of("name")));
        s.put("CreatedToken", object(Map.of("token", str("shown only once"), "info", Map.of()), List.of("token")));
        s.put("TokenList", object(Map.of("items", Map.of("type", "array", "items", Map.of())), List.of("items")));
        s.put("Health", object(Map.of("status", str(), "checks", Map.of(), "degraded", Map.of("type", "array")), List.of("status")));
        s.put("QueueList", object(Map.of("items", Map.of("type", "array", "items", Map.of())), List.of("items")));
        s.put("WorkerList", object(Map.of("items", Map.of("type", "array", "items", Map.of())), List.of("items")));
        s.put("Diagnosis", object(Map.of("healthy", Map.of("type", "boolean"), "findings", Map.of("type", "array"),
                "queues", Map.of("type", "array"), "workers", Map.of("type", "array")), List.of("healthy", "findings")));
        s.put("Allowlist", object(Map.of("fromFlags", Map.of("type", "array", "items", str()),
                "managed", Map.of("type", "array", "items", str())), List.of("fromFlags", "managed")));
        s.put("AllowEntry", object(Map.of("entry", str("host, host:port, *.domain or an IP literal")), List.of("entry")));
        s.put("NewExecution", object(Map.of("language", str("python, node, bash, ..."), "version", nullable("string"),
                "code", str(), "stdin", nullable("string"), "args", Map.of("type", "array", "items", str()),
                "limits", Map.of("$ref", "#/components/schemas/ExecutionLimits")), List.of("language", "code")));
        s.put("ExecutionLimits", object(Map.of("wallSeconds", integer(), "memoryMb", integer(), "processes", integer(),
                "cpus", Map.of("type", "number"), "outputKb", integer(), "fileSizeMb", integer(), "tmpMb", integer()), List.of()));
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("id", integer());
        execution.put("status", Map.of("type", "string", "enum", List.of("queued", "running", "succeeded", "failed",
                "timed_out", "out_of_memory", "output_limited", "cancelled", "error")));
        execution.put("language", str());
        execution.put("exitCode", nullable("integer"));
        execution.put("stdout", str());
        execution.put("stderr", str());
        execution.put("stdoutTruncated", Map.of("type", "boolean"));
        execution.put("stderrTruncated", Map.of("type", "boolean"));
        execution.put("wallMs", nullable("integer"));
        execution.put("cpuMs", nullable("integer"));
        execution.put("peakMemoryBytes", nullable("integer"));
        execution.put("attempt", integer());
        execution.put("createdAt", dateTime());
        execution.put("startedAt", nullableDateTime());
        execution.put("finishedAt", nullableDateTime());
        s.put("Execution", object(execution, List.of("id", "status")));
        s.put("ExecutionPage", object(Map.of("items", array("Execution"), "nextCursor", nullable("string")), List.of("items")));
        s.put("Runtimes", object(Map.of("runtimes", Map.of("type", "array"), "limits", Map.of()), List.of("runtimes")));
        s.put("Script", object(Map.of("id", integer(), "name", str(), "language", str(), "code", str(), "stdin", nullable("string")),
                List.of("name", "language", "code")));
        s.put("ScriptList", object(Map.of("items", array("Script")), List.of("items")));
        for (String name : referenced) {
            s.putIfAbsent(name, Map.of("type", "object"));
        }
        return s;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "object");
        o.put("properties", properties);
        if (!required.isEmpty()) {
            o.put("required", required);
        }
        return o;
    }

    private static Map<String, Object> str() {
        return Map.of("type", "string");
    }

    private static Map<String, Object> str(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static Map<String, Object> integer() {
        return Map.of("type", "integer");
    }

    private static Map<String, Object> dateTime() {
        return Map.of("type", "string", "format", "date-time");
    }

    private static Map<String, Object> nullableDateTime() {
        return Map.of("type", List.of("string", "null"), "format", "date-time");
    }

    private static Map<String, Object> nullable(String type) {
        return Map.of("type", List.of(type, "null"));
    }

    private static Map<String, Object> array(String schema) {
        return Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/" + schema));
    }
}
