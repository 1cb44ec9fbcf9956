package dev.sluice.health;

import dev.sluice.api.Api;
import dev.sluice.app.Version;
import dev.sluice.database.Database;
import dev.sluice.database.Migrations;
import dev.sluice.database.SchemaMigration;
import dev.sluice.engine.diagnosis.Diagnosis;
import dev.sluice.engine.diagnosis.Finding;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /health/live}: the process is up. {@code /health/ready}: the database answers and its schema
 * is the one this build expects (503 otherwise, with the reason by name); when ready, the body also
 * names every degraded state the diagnosis finds — a queue nobody serves, jobs waiting too long,
 * expired leases not rescued, dead letters growing — with status {@code degraded} (still 200: the
 * process itself can serve).
 */
public final class HealthRoutes {
    private final Database database;
    private final SchemaMigration schema;
    private final Diagnosis diagnosis;

    public HealthRoutes(Database database, SchemaMigration schema, Diagnosis diagnosis) {
        this.database = database;
        this.schema = schema;
        this.diagnosis = diagnosis;
    }

    public void register(Api api) {
        api.route("GET", "/health/live", this::live).tag("health").summary("The process is up").isPublic()
                .response(200, "Health").add();
        api.route("GET", "/health/ready", this::ready).tag("health")
                .summary("Ready to serve (database and schema), and what is degraded").isPublic().response(200, "Health").add();
    }

    Response live(Request request) {
        return Response.ok(Map.of("status", "up", "version", Version.current()));
    }

    Response ready(Request request) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ok;
        String expected = schema.expectedVersion();
        try (Connection c = database.dataSource().getConnection()) {
            c.setNetworkTimeout(Runnable::run, 2_000);
            checks.put("database", Map.of("status", "ok"));
            Optional<String> applied = Migrations.appliedVersion(c);
            boolean current = expected != null && applied.isPresent() && applied.get().equals(expected);
            checks.put("migrations", Map.of("status", current ? "ok" : "failing",
                    "applied", applied.orElse("none"), "expected", expected == null ? "unknown" : expected));
            ok = current;
        } catch (SQLException e) {
            checks.put("database", Map.of("status", "failing", "detail", "database unreachable: " + e.getMessage()));
            ok = false;
        }
        List<Map<String, Object>> degraded = new ArrayList<>();
        if (ok) {
            try {
                for (Finding f : diagnosis.run().findings()) {
                    if (f.severity() != Finding.Severity.INFO) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("name", f.code());
                        d.put("severity", f.severity().name().toLowerCase());
                        d.put("queue", f.queue());
                        d.put("detail", f.message());
                        d.put("fix", f.fix());
                        degraded.add(d);
                    }
                }
            } catch (SQLException e) {
                checks.put("diagnosis", Map.of("status", "failing", "detail", e.getMessage()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !ok ? "unavailable" : degraded.isEmpty() ? "ready" : "degraded");
        body.put("checks", checks);
        body.put("degraded", degraded);
        return Response.json(ok ? 200 : 503, body);
    }
}
