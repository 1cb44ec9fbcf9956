package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.testing.HttpProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The executions API as a user with curl would use it. */
class ExecutionsApiTest {
    static ApiServer server;
    static HttpProbe http;

    @BeforeAll
    static void start() {
        server = new ApiServer();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private long run(String token, Map<String, Object> body) {
        HttpProbe.Reply reply = http.post("/api/v1/executions", Json.write(body), bearer(token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().path("status").asText()).isIn("queued", "running");
        return reply.json().path("id").asLong();
    }

    private JsonNode awaitFinal(long id) {
        await().atMost(Duration.ofSeconds(40)).until(() -> !List.of("queued", "running")
                .contains(http.get("/api/v1/executions/" + id, bearer(server.aliceToken)).json().path("status").asText()));
        return http.get("/api/v1/executions/" + id, bearer(server.aliceToken)).json();
    }

    @Test
    void sumOfARangeShows45OnTheStreamAndSucceedsWithResourceUse() throws Exception {
        long id = run(server.aliceToken, Map.of("language", "python", "code", "print(sum(range(10)))"));
        List<StreamsApiTest.Event> events = StreamsApiTest.read(server.sluice.port(), server.aliceToken, id, null, 100);
        String streamed = events.stream().filter(e -> e.name().equals("output"))
                .map(e -> Json.tree(e.data()).path("data").path("text").asText()).reduce("", String::concat);
        assertThat(streamed).isEqualTo("45\n");
        JsonNode done = awaitFinal(id);
        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("exitCode").asInt()).isZero();
        assertThat(done.path("stdout").asText()).isEqualTo("45\n");
        assertThat(done.path("stderr").asText()).isEmpty();
        assertThat(done.path("wallMs").asLong()).isPositive();
        assertThat(done.path("peakMemoryBytes").asLong()).isPositive();
    }

    @Test
    void anInfiniteLoopTimesOutWithItsPartialOutput() {
        long id = run(server.aliceToken, Map.of("language", "python",
                "code", "print('tick', flush=True)\nwhile True:\n    pass\n", "limits", Map.of("wallSeconds", 2)));
        JsonNode done = awaitFinal(id);
        assertThat(done.path("status").asText()).isEqualTo("timed_out");
        assertThat(done.path("stdout").asText()).isEqualTo("tick\n");
    }

    @Test
    void aLongRunIsCancelledWithinASecond() {
        long id = run(server.aliceToken, Map.of("language", "bash", "code", "echo go; sleep 60"));
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/executions/" + id, bearer(server.aliceToken))
                .json().path("status").asText().equals("running"));
        long begin = System.nanoTime();
        assertThat(http.post("/api/v1/executions/" + id + "/cancel", "", bearer(server.aliceToken)).status()).isEqualTo(202);
        JsonNode done = awaitFinal(id);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
        assertThat(done.path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aFailingScriptIsFailedWithItsExitCodeAndCanBeRerun() {
        long id = run(server.aliceToken, Map.of("language", "node", "code", "console.error('no'); process.exit(7)"));
        JsonNode done = awaitFinal(id);
        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("exitCode").asInt()).isEqualTo(7);
        assertThat(done.path("stderr").asText()).isEqualTo("no\n");
        HttpProbe.Reply again = http.post("/api/v1/executions/" + id + "/rerun", "", bearer(server.aliceToken));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("id").asLong()).isNotEqualTo(id);
        assertThat(awaitFinal(again.json().path("id").asLong()).path("exitCode").asInt()).isEqualTo(7);
    }

    @Test
    void historyIsFilteredAndOthersExecutionsAreInvisible() {
        long mine = run(server.aliceToken, Map.of("language", "bash", "code", "echo mine"));
        awaitFinal(mine);
        JsonNode page = http.get("/api/v1/executions?status=succeeded&language=bash", bearer(server.aliceToken)).json();
        assertThat(page.path("items").findValues("id")).extracting(JsonNode::asLong).contains(mine);
        assertThat(http.get("/api/v1/executions?status=succeeded&language=python&from=2000-01-01", bearer(server.aliceToken))
                .json().path("items").findValues("id")).extracting(JsonNode::asLong).doesNotContain(mine);
        assertThat(http.get("/api/v1/executions/" + mine, bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/executions/" + mine + "/events", bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/executions?status=sleepy", bearer(server.aliceToken)).json().path("field").asText())
                .isEqualTo("status");
    }

    @Test
    void badRequestsNameTheFieldAndInjectionThroughFieldsIsRefused() {
        record Case(String body, String field) {}
        for (Case c : List.of(
                new Case("{\"code\":\"print(1)\"}", "language"),
                new Case("{\"language\":\"../../bin/sh\",\"code\":\"x\"}", "language"),
                new Case("{\"language\":\"python\",\"version\":\"3;rm -rf /\",\"code\":\"x\"}", "version"),
                new Case("{\"language\":\"python\",\"code\":\"x\",\"limits\":{\"wallSeconds\":99999}}", "limits.wallSeconds"),
                new Case("{\"language\":\"python\",\"code\":\"x\",\"limits\":{\"memoryMb\":\"lots\"}}", "limits.memoryMb"),
                new Case("{\"language\":\"python\",\"code\":\"x\",\"args\":[\"a\",1]}", "args[1]"))) {
            HttpProbe.Reply reply = http.post("/api/v1/executions", c.body(), bearer(server.aliceToken));
            assertThat(reply.status()).as(c.body()).isEqualTo(400);
            assertThat(reply.json().path("field").asText()).as(c.body()).isEqualTo(c.field());
        }
    }

    @Test
    void runtimesListTheWorkersLanguagesWithVersionsAndLimits() {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/runtimes", bearer(server.aliceToken)).json()
                .path("runtimes").size() >= 3);
        JsonNode answer = http.get("/api/v1/runtimes", bearer(server.aliceToken)).json();
        assertThat(answer.path("runtimes").findValues("language")).extracting(JsonNode::asText).contains("python", "node", "bash");
        assertThat(answer.path("runtimes").get(0).path("versions").get(0).asText()).matches("[0-9].*");
        assertThat(answer.path("limits").path("defaults").path("wallSeconds").asInt()).isEqualTo(10);
        assertThat(answer.path("limits").path("maxima").path("wallSeconds").asInt()).isEqualTo(60);
        assertThat(answer.path("executors").toString()).contains("local");
    }

    @Test
    void scriptsAreSavedRenamedLoadedAndDeletedPerUser() {
        HttpProbe.Reply saved = http.post("/api/v1/scripts", "{\"name\":\"hello\",\"language\":\"python\",\"code\":\"print('hi')\"}",
                bearer(server.aliceToken));
        assertThat(saved.status()).isEqualTo(201);
        long id = saved.json().path("id").asLong();
        assertThat(http.post("/api/v1/scripts", "{\"name\":\"hello\",\"language\":\"python\",\"code\":\"x\"}",
                bearer(server.aliceToken)).status()).isEqualTo(409);
        assertThat(http.method("PUT", "/api/v1/scripts/" + id, "{\"name\":\"greeting\"}", bearer(server.aliceToken))
                .json().path("name").asText()).isEqualTo("greeting");
        assertThat(http.get("/api/v1/scripts/" + id, bearer(server.aliceToken)).json().path("code").asText()).isEqualTo("print('hi')");
        assertThat(http.get("/api/v1/scripts/" + id, bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/examples", bearer(server.bobToken)).json().path("items").size()).isGreaterThanOrEqualTo(9);
        assertThat(http.method("DELETE", "/api/v1/scripts/" + id, null, bearer(server.aliceToken)).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/scripts", bearer(server.aliceToken)).json().path("items")).isEmpty();
    }

    @Test
    void anAdminRaisesTheMaximaAndRequestsAboveThemAreRefused() {
        assertThat(http.method("PUT", "/api/v1/admin/execution-limits", "{\"wallSeconds\":5}", bearer(server.aliceToken)).status())
                .isEqualTo(403);
        assertThat(http.method("PUT", "/api/v1/admin/execution-limits", "{\"wallSeconds\":5}", bearer(server.adminToken))
                .json().path("wallSeconds").asInt()).isEqualTo(5);
        HttpProbe.Reply tooLong = http.post("/api/v1/executions", "{\"language\":\"bash\",\"code\":\"true\",\"limits\":{\"wallSeconds\":6}}",
                bearer(server.aliceToken));
        assertThat(tooLong.json().path("detail").asText()).contains("between 1 and 5");
        assertThat(http.method("PUT", "/api/v1/admin/execution-limits", "{\"wallSeconds\":60}", bearer(server.adminToken)).status())
                .isEqualTo(200);
        assertThat(http.method("PUT", "/api/v1/admin/execution-limits", "{\"wallSeconds\":99999}", bearer(server.adminToken))
                .json().path("field").asText()).isEqualTo("wallSeconds");
    }
}
