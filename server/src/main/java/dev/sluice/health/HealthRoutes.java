package dev.sluice.health;

import dev.sluice.app.Version;
import dev.sluice.database.Database;
import dev.sluice.database.Migrations;
import dev.sluice.database.SchemaMigration;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.http.Router;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /health/live}: the process is up. {@code /health/ready}: the database answers and its schema
 * is the one this build expects; 503 otherwise, with the reason by name.
 */
public final class HealthRoutes {
    private final Database database;
    private final SchemaMigration schema;

    public HealthRoutes(Database database, SchemaMigration schema) {
        this.database = database;
        this.schema = schema;
    }

    public void register(Router router) {
        router.get("/health/live", this::live);
        router.get("/health/ready", this::ready);
    }

    Response live(Request request) {
        return Response.ok(Map.of("status", "up", "version", Version.current()));
    }

    Response ready(Request request) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ok = true;
        String expected = schema.expectedVersion();
        try (Connection c = database.dataSource().getConnection()) {
            c.setNetworkTimeout(Runnable::run, 2_000);
            checks.put("database", Map.of("status", "ok"));
            Optional<String> applied = Migrations.appliedVersion(c);
            boolean current = expected != null && applied.isPresent() && applied.get().equals(expected);
            checks.put("migrations", Map.of("status", current ? "ok" : "failing",
                    "applied", applied.orElse("none"), "expected", expected == null ? "unknown" : expected));
            ok = current;
        } catch (SQLException | IllegalStateException e) {
            checks.put("database", Map.of("status", "failing", "detail", "database unreachable: " + e.getMessage()));
            ok = false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ready" : "unavailable");
        body.put("checks", checks);
        body.put("degraded", List.of());
        return Response.json(ok ? 200 : 503, body);
    }
}
