package dev.sluice.api;

import dev.sluice.app.Version;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document of every route registered through {@link Api}, served at /api/v1/openapi.json. */
public final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private final Api api;

    public OpenApi(Api api) {
        this.api = api;
    }

    public void register() {
        api.route("GET", "/api/v1/openapi.json", this::serve).tag("meta").summary("This document").isPublic()
                .response(200, null).add();
    }

    Response serve(Request request) {
        return Response.ok(document());
    }

    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Sluice", "version", Version.current(),
                "description", "A durable execution pipeline. Errors are RFC 9457 problem+json."));
        doc.put("security", List.of(Map.of("bearer", List.of()), Map.of("session", List.of())));
        Map<String, Object> paths = new LinkedHashMap<>();
        api.byPath().forEach((path, ops) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            for (Api.Operation op : ops) {
                item.put(op.method().toLowerCase(), operation(op));
            }
            paths.put(path, item);
        });
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("securitySchemes", Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer", "description", "a personal API token (slc_…)"),
                "session", Map.of("type", "apiKey", "in", "cookie", "name", "sluice_session",
                        "description", "browser session; state changes also need the X-CSRF-Token header")));
        components.put("schemas", Schemas.all(referencedSchemas()));
        doc.put("components", components);
        return doc;
    }

    private List<String> referencedSchemas() {
        List<String> names = new ArrayList<>();
        for (Api.Operation op : api.operations()) {
            if (op.requestSchema() != null && !names.contains(op.requestSchema())) {
                names.add(op.requestSchema());
            }
            if (op.responseSchema() != null && !names.contains(op.responseSchema())) {
                names.add(op.responseSchema());
            }
        }
        return names;
    }

    private static Map<String, Object> operation(Api.Operation op) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("operationId", op.method().toLowerCase() + op.path().replaceAll("[^A-Za-z0-9]+", "_"));
        o.put("tags", List.of(op.tag()));
        o.put("summary", op.summary());
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher m = PARAM.matcher(op.path());
        while (m.find()) {
            parameters.add(Map.of("name", m.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "integer", "minimum", 1)));
        }
        if (op.method().equals("POST") && op.path().equals("/api/v1/jobs")) {
            parameters.add(Map.of("name", "Idempotency-Key", "in", "header", "required", false,
                    "schema", Map.of("type", "string", "maxLength", 255),
                    "description", "same key and body: the same response; same key, another body: 422"));
        }
        if (op.streams()) {
            parameters.add(Map.of("name", "Last-Event-ID", "in", "header", "required", false,
                    "schema", Map.of("type", "string"), "description", "resume after this event id"));
        }
        if (!parameters.isEmpty()) {
            o.put("parameters", parameters);
        }
        if (op.requestSchema() != null) {
            o.put("requestBody", Map.of("required", true, "content",
                    Map.of("application/json", Map.of("schema", ref(op.requestSchema())))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("description", op.summary());
        Map<String, Object> content = new LinkedHashMap<>();
        if (op.responseSchema() != null) {
            content.put("application/json", Map.of("schema", ref(op.responseSchema())));
        }
        if (op.streams()) {
            content.put("text/event-stream", Map.of("schema", Map.of("type", "string")));
        }
        if (!content.isEmpty()) {
            success.put("content", content);
        }
        responses.put(Integer.toString(op.successStatus()), success);
        responses.put("default", Map.of("description", "a problem",
                "content", Map.of("application/problem+json", Map.of("schema", ref("Problem")))));
        o.put("responses", responses);
        if (op.isPublic()) {
            o.put("security", List.of());
        }
        return o;
    }

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }
}
