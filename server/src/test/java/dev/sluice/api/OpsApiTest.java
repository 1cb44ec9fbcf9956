package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.app.Main;
import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.config.ApiOptions;
import dev.sluice.testing.HttpProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, metrics and the OpenAPI document, against an API process and worker processes. */
class OpsApiTest {
    static ApiServer server;
    static HttpProbe http;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = new ApiServer(Role.API, ApiOptions.DEFAULTS, List.of());
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Process workerProcess() throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--role", "worker",
                "--port", "0", "--data", tmp.toString(), "--db-url", server.db.jdbcUrl(), "--db-user", server.db.user(),
                "--db-password", server.db.password(), "--heartbeat", "500ms", "--poll-interval", "200ms")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("worker.log").toFile()).start();
    }

    private static JsonNode ready() {
        return http.get("/health/ready").json();
    }

    @Test
    void readinessGoesDegradedWhenTheOnlyWorkerIsKilledAndRecoversWhenOneStarts() throws Exception {
        Process worker = workerProcess();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    http.get("/api/v1/workers", bearer(server.adminToken)).json().path("items").findValues("alive")
                            .stream().anyMatch(JsonNode::asBoolean));
            assertThat(ready().path("status").asText()).isEqualTo("ready");
        } finally {
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
        }
        long id = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", bearer(server.aliceToken)).json().path("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> ready().path("status").asText().equals("degraded"));
        JsonNode degraded = ready().path("degraded").get(0);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        assertThat(degraded.path("name").asText()).isEqualTo("queue_unserved");
        assertThat(degraded.path("queue").asText()).isEqualTo("default");
        assertThat(degraded.path("detail").asText()).contains("queued on 'default'").contains("no live worker serves it");
        assertThat(degraded.path("fix").asText()).contains("./sluice serve --role worker");

        Sluice another = server.startOther(Role.WORKER);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/jobs/" + id, bearer(server.aliceToken))
                    .json().path("state").asText().equals("succeeded"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ready().path("status").asText().equals("ready"));
        } finally {
            server.stopOther(another);
        }
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRoutesThatExist() {
        JsonNode doc = http.get("/api/v1/openapi.json").json();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new HashSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> served = new HashSet<>();
        server.sluice.routes().forEach(r -> served.add(r.method() + " " + r.template()));
        assertThat(documented).isEqualTo(served);
        doc.path("paths").forEach(item -> item.forEach(op -> {
            assertThat(op.path("summary").asText()).isNotBlank();
            op.path("responses").forEach(r -> r.path("content").forEach(c -> {
                String ref = c.path("schema").path("$ref").asText("");
                if (!ref.isEmpty()) {
                    assertThat(doc.at(ref.substring(1))).as(ref).isNotNull();
                    assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
                }
            }));
        }));
    }

    @Test
    void metricsExposeQueuesJobsHttpJvmAndThePool() {
        Sluice worker = server.startOther(Role.WORKER);
        try {
            long id = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", bearer(server.aliceToken)).json().path("id").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/jobs/" + id, bearer(server.aliceToken))
                    .json().path("state").asText().equals("succeeded"));
            String apiMetrics = http.get("/metrics").body();
            assertThat(apiMetrics).contains("sluice_queue_depth{queue=\"default\"}")
                    .contains("sluice_queue_oldest_age_seconds").contains("http_server_requests_seconds_count")
                    .contains("jvm_memory_used_bytes").contains("hikaricp_connections");
            String workerMetrics = new HttpProbe(worker.port()).get("/metrics").body();
            assertThat(workerMetrics).contains("sluice_jobs_claimed_total{queue=\"default\"}")
                    .contains("sluice_jobs_succeeded_total{queue=\"default\"}")
                    .contains("sluice_job_duration_seconds_bucket");
            assertThat(new HttpProbe(worker.port()).get("/api/v1/jobs").status()).as("a worker serves no API").isEqualTo(404);
        } finally {
            server.stopOther(worker);
        }
    }
}
