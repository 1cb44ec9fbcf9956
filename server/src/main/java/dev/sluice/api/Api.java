package dev.sluice.api;

import dev.sluice.http.Route;
import dev.sluice.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers API routes and documents them in the same call, so the OpenAPI document lists exactly
 * the routes that exist. {@code OpenApiTest} checks both directions anyway.
 */
public final class Api {

    /** One documented operation. */
    public record Operation(String method, String path, String tag, String summary, String requestSchema,
            String responseSchema, int successStatus, boolean streams, boolean isPublic) {}

    private final Router router;
    private final List<Operation> operations = new ArrayList<>();

    public Api(Router router) {
        this.router = router;
    }

    public Router router() {
        return router;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public Builder route(String method, String path, Route route) {
        return new Builder(method, path, route);
    }

    /** Describes a route, then {@link #add()} registers it. */
    public final class Builder {
        private final String method;
        private final String path;
        private final Route route;
        private String tag = "jobs";
        private String summary = "";
        private String requestSchema;
        private String responseSchema;
        private int successStatus = 200;
        private boolean streams;
        private boolean isPublic;

        private Builder(String method, String path, Route route) {
            this.method = method;
            this.path = path;
            this.route = route;
        }

        public Builder tag(String value) {
            tag = value;
            return this;
        }

        public Builder summary(String value) {
            summary = value;
            return this;
        }

        public Builder request(String schema) {
            requestSchema = schema;
            return this;
        }

        public Builder response(int status, String schema) {
            successStatus = status;
            responseSchema = schema;
            return this;
        }

        public Builder streams() {
            streams = true;
            return this;
        }

        public Builder isPublic() {
            isPublic = true;
            return this;
        }

        public void add() {
            router.add(method, path, route);
            operations.add(new Operation(method, path, tag, summary, requestSchema, responseSchema, successStatus,
                    streams, isPublic));
        }
    }

    /** Groups operations by path, in registration order. */
    Map<String, List<Operation>> byPath() {
        Map<String, List<Operation>> map = new LinkedHashMap<>();
        for (Operation op : operations) {
            map.computeIfAbsent(op.path(), p -> new ArrayList<>()).add(op);
        }
        return map;
    }
}
