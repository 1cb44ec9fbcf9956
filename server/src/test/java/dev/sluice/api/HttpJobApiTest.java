package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.app.Role;
import dev.sluice.config.ApiOptions;
import dev.sluice.testing.HttpProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sluice as a durable job queue for any language: POST /api/v1/jobs with the http type. */
class HttpJobApiTest {
    static HttpServer receiver;
    static final List<String> received = new CopyOnWriteArrayList<>();
    static ApiServer server;
    static HttpProbe http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"thanks\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        receiver.start();
        port = receiver.getAddress().getPort();
        server = new ApiServer(Role.ALL, ApiOptions.DEFAULTS.withHttpAllow(List.of("127.0.0.1:" + port)), List.of());
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.stop(0);
    }

    private JsonNode awaitFinal(long id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("succeeded", "dead")
                .contains(http.get("/api/v1/jobs/" + id, bearer(server.aliceToken)).json().path("state").asText()));
        return http.get("/api/v1/jobs/" + id, bearer(server.aliceToken)).json();
    }

    @Test
    void anHttpJobDeliversItsBodyAndKeepsTheResponse() {
        HttpProbe.Reply created = http.post("/api/v1/jobs",
                "{\"type\":\"http\",\"payload\":{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"body\":{\"order\":42}},\"maxAttempts\":3}",
                bearer(server.aliceToken));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("state").asText()).isNotBlank();
        JsonNode done = awaitFinal(created.json().path("id").asLong());
        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
        assertThat(done.path("result").path("status").asInt()).isEqualTo(200);
        assertThat(received).anySatisfy(body -> assertThat(body).contains("\"order\":42"));
    }

    @Test
    void aClientErrorIsDeadAtOnce() {
        long id = http.post("/api/v1/jobs",
                "{\"type\":\"http\",\"payload\":{\"url\":\"http://127.0.0.1:" + port + "/missing\",\"body\":{}},\"maxAttempts\":3}",
                bearer(server.aliceToken)).json().path("id").asLong();
        JsonNode done = awaitFinal(id);
        assertThat(done.path("state").asText()).isEqualTo("dead");
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aHostNotOnTheAllowlistIsRefusedUntilAnAdminAllowsIt() {
        String body = "{\"type\":\"http\",\"payload\":{\"url\":\"http://localhost:" + port + "/hook\",\"body\":{}}}";
        HttpProbe.Reply refused = http.post("/api/v1/jobs", body, bearer(server.aliceToken));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("field").asText()).isEqualTo("payload.url");

        assertThat(http.post("/api/v1/admin/http-allowlist", "{\"entry\":\"localhost:" + port + "\"}", bearer(server.aliceToken))
                .status()).isEqualTo(403);
        HttpProbe.Reply added = http.post("/api/v1/admin/http-allowlist", "{\"entry\":\"localhost:" + port + "\"}",
                bearer(server.adminToken));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().path("managed").toString()).contains("localhost:" + port);
        assertThat(added.json().path("fromFlags").toString()).contains("127.0.0.1:" + port);
        assertThat(http.post("/api/v1/admin/http-allowlist", "{\"entry\":\"not a host!\"}", bearer(server.adminToken))
                .json().path("field").asText()).isEqualTo("entry");

        HttpProbe.Reply accepted = http.post("/api/v1/jobs", body, bearer(server.aliceToken));
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(awaitFinal(accepted.json().path("id").asLong()).path("state").asText()).isEqualTo("succeeded");

        assertThat(http.method("DELETE", "/api/v1/admin/http-allowlist?entry=localhost:" + port, null, bearer(server.adminToken))
                .status()).isEqualTo(200);
        assertThat(http.post("/api/v1/jobs", body, bearer(server.aliceToken)).status()).isEqualTo(400);
    }
}
