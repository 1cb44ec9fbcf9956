package dev.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.HttpProbe;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router's promises: problems for every error, no stack traces, 503 for a missing database. */
class RouterTest {
    HttpService server;
    HttpProbe http;

    @BeforeEach
    void start() {
        Router router = new Router().maxBodyBytes(1024)
                .get("/items/{id}", r -> Response.ok(Map.of("id", r.idParam("id"))))
                .post("/echo", r -> Response.ok(r.bodyJson()))
                .get("/bug", r -> {
                    throw new IllegalStateException("secret internals");
                })
                .get("/db", r -> {
                    throw new SQLException("Connection refused", "08001");
                })
                .get("/problem", r -> {
                    throw ProblemException.tooMany("slow down", Duration.ofMillis(1500));
                });
        server = new HttpService("127.0.0.1", 0, router, Duration.ofSeconds(1));
        server.start();
        http = new HttpProbe(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void routesMatchTemplatesAndUnknownOnesAre404And405AsProblems() {
        assertThat(http.get("/items/42").json().path("id").asLong()).isEqualTo(42);
        HttpProbe.Reply notANumber = http.get("/items/forty-two");
        assertThat(notANumber.status()).isEqualTo(404);
        assertThat(notANumber.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(http.get("/nowhere").json().path("status").asInt()).isEqualTo(404);
        HttpProbe.Reply wrongMethod = http.method("DELETE", "/items/1", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
    }

    @Test
    void aBugIsA500WithAnIncidentIdAndNoInternals() {
        HttpProbe.Reply bug = http.get("/bug");
        assertThat(bug.status()).isEqualTo(500);
        assertThat(bug.json().path("incident").asText()).hasSize(8);
        assertThat(bug.body()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfter() {
        HttpProbe.Reply down = http.get("/db");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("Retry-After")).isEqualTo("5");
        assertThat(down.body()).doesNotContain("Connection refused");
    }

    @Test
    void problemsCarryTheirHeadersAndBodiesAreCapped() {
        HttpProbe.Reply slow = http.get("/problem");
        assertThat(slow.status()).isEqualTo(429);
        assertThat(slow.header("Retry-After")).isEqualTo("2");
        assertThat(http.post("/echo", "{\"a\":1}").json().path("a").asInt()).isEqualTo(1);
        assertThat(http.post("/echo", "{\"a\":\"" + "x".repeat(2000) + "\"}").status()).isEqualTo(413);
        assertThat(http.post("/echo", "{\"a\":").json().path("rule").asText()).isEqualTo("json");
        assertThat(http.get("/items/1").header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void untilReadyOnlyHealthAnswers() {
        server.router().ready(false);
        assertThat(http.get("/items/1").status()).isEqualTo(503);
        server.router().ready(true);
        assertThat(http.get("/items/1").status()).isEqualTo(200);
    }
}
