package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.config.ApiOptions;
import dev.sluice.testing.HttpProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of /api/v1/jobs and /api/v1/dead-letters against a running server. */
class JobsApiTest {
    /** Far enough ahead that nothing runs it during the test, near enough to be accepted. */
    static final String LATER = java.time.Instant.now().plus(Duration.ofDays(200)).toString();
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

    private JsonNode awaitState(String token, long id, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                http.get("/api/v1/jobs/" + id, bearer(token)).json().path("state").asText().equals(state));
        return http.get("/api/v1/jobs/" + id, bearer(token)).json();
    }

    @Test
    void aSubmittedJobRunsAndItsStateAndResultCanBeRead() {
        HttpProbe.Reply created = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{\"hello\":\"world\"}}",
                bearer(server.aliceToken));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("state").asText()).isIn("queued", "running", "succeeded");
        long id = created.json().path("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/v1/jobs/" + id);
        JsonNode done = awaitState(server.aliceToken, id, "succeeded");
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
        assertThat(done.path("result").path("echo").path("hello").asText()).isEqualTo("world");
        assertThat(done.path("owner").asText()).isEqualTo(server.alice.owner());
    }

    @Test
    void badSubmissionsAreProblemsThatNameTheField() {
        record Case(String body, String field) {}
        List<Case> cases = List.of(
                new Case("{\"type\":\"nope\",\"payload\":{}}", "type"),
                new Case("{\"payload\":{}}", "type"),
                new Case("{\"type\":\"noop\"}", "payload"),
                new Case("{\"type\":\"noop\",\"payload\":{\"sleepMs\":-5}}", "payload.sleepMs"),
                new Case("{\"type\":\"noop\",\"payload\":{},\"maxAttempts\":0}", "maxAttempts"),
                new Case("{\"type\":\"noop\",\"payload\":{},\"maxAttempts\":\"three\"}", "maxAttempts"),
                new Case("{\"type\":\"noop\",\"payload\":{},\"runAt\":\"9999-01-01T00:00:00Z\"}", "runAt"),
                new Case("{\"type\":\"noop\",\"payload\":{},\"runAt\":\"tomorrow\"}", "runAt"),
                new Case("{\"type\":\"noop\",\"payload\":{},\"colour\":\"red\"}", "colour"),
                new Case("{\"type\":\"noop\",\"payload\":{},\"priority\":99999999999999999999}", "priority"));
        for (Case c : cases) {
            HttpProbe.Reply reply = http.post("/api/v1/jobs", c.body(), bearer(server.aliceToken));
            assertThat(reply.status()).as(c.body()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(reply.json().path("field").asText()).as(c.body()).isEqualTo(c.field());
            assertThat(reply.json().path("detail").asText()).isNotBlank();
        }
    }

    @Test
    void listingIsFilteredAndPagedAndShowsOnlyTheCallersJobs() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{},\"runAt\":\"" + LATER + "\"}",
                    bearer(server.bobToken)).status()).isEqualTo(201);
        }
        HttpProbe.Reply first = http.get("/api/v1/jobs?state=queued&limit=3", bearer(server.bobToken));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("items")).hasSize(3);
        String cursor = first.json().path("nextCursor").asText();
        HttpProbe.Reply second = http.get("/api/v1/jobs?state=queued&limit=3&cursor=" + cursor, bearer(server.bobToken));
        assertThat(second.json().path("items").size()).isGreaterThanOrEqualTo(2);
        Set<Long> ids = new HashSet<>();
        first.json().path("items").forEach(j -> ids.add(j.path("id").asLong()));
        second.json().path("items").forEach(j -> assertThat(ids.add(j.path("id").asLong())).isTrue());
        http.get("/api/v1/jobs?limit=500", bearer(server.aliceToken)).json().path("items")
                .forEach(j -> assertThat(j.path("owner").asText()).isEqualTo(server.alice.owner()));
        assertThat(http.get("/api/v1/jobs?state=sleeping", bearer(server.bobToken)).json().path("field").asText())
                .isEqualTo("state");
    }

    @Test
    void oneUserCannotSeeCancelOrStreamAnothersJob() {
        long id = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{},\"runAt\":\"" + LATER + "\"}",
                bearer(server.aliceToken)).json().path("id").asLong();
        assertThat(http.get("/api/v1/jobs/" + id, bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.post("/api/v1/jobs/" + id + "/cancel", "", bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.post("/api/v1/jobs/" + id + "/retry", "", bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/" + id + "/events", bearer(server.bobToken, "Accept", "text/event-stream")).status())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/" + id, bearer(server.adminToken)).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/jobs/" + id, bearer(server.aliceToken)).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/jobs/" + id + "/cancel", "", bearer(server.aliceToken)).json().path("result").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void aRunningJobIsCancelledAndAFinishedOneCannotBe() {
        long id = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{\"sleepMs\":60000}}",
                bearer(server.aliceToken)).json().path("id").asLong();
        awaitState(server.aliceToken, id, "running");
        HttpProbe.Reply cancel = http.post("/api/v1/jobs/" + id + "/cancel", "", bearer(server.aliceToken));
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().path("result").asText()).isEqualTo("requested");
        awaitState(server.aliceToken, id, "cancelled");
        HttpProbe.Reply again = http.post("/api/v1/jobs/" + id + "/cancel", "", bearer(server.aliceToken));
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void deadLettersCanBeInspectedRedrivenAndDiscarded() {
        long id = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{\"fail\":\"retry\"},\"maxAttempts\":2}",
                bearer(server.aliceToken)).json().path("id").asLong();
        awaitState(server.aliceToken, id, "dead");
        HttpProbe.Reply list = http.get("/api/v1/dead-letters", bearer(server.aliceToken));
        assertThat(list.json().path("items").findValues("id")).extracting(JsonNode::asLong).contains(id);
        JsonNode inspected = http.get("/api/v1/dead-letters/" + id, bearer(server.aliceToken)).json();
        assertThat(inspected.path("attempts").findValues("message")).extracting(JsonNode::asText)
                .anySatisfy(m -> assertThat(m).contains("asked to fail (attempt 1)"))
                .anySatisfy(m -> assertThat(m).contains("asked to fail (attempt 2)"));
        JsonNode redriven = http.post("/api/v1/dead-letters/" + id + "/redrive", "", bearer(server.aliceToken)).json();
        assertThat(redriven.path("state").asText()).isIn("queued", "running"); // a worker may take it at once
        assertThat(redriven.path("attempt").asInt()).isLessThanOrEqualTo(1);
        awaitState(server.aliceToken, id, "dead");
        assertThat(http.method("DELETE", "/api/v1/dead-letters/" + id, null, bearer(server.bobToken)).status()).isEqualTo(404);
        assertThat(http.method("DELETE", "/api/v1/dead-letters/" + id, null, bearer(server.aliceToken)).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/jobs/" + id, bearer(server.aliceToken)).status()).isEqualTo(404);
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameResponseAndAnotherBodyIs422() {
        String body = "{\"type\":\"noop\",\"payload\":{\"order\":17},\"runAt\":\"" + LATER + "\"}";
        HttpProbe.Reply first = http.post("/api/v1/jobs", body, bearer(server.aliceToken, "Idempotency-Key", "order-17"));
        assertThat(first.status()).isEqualTo(201);
        HttpProbe.Reply again = http.post("/api/v1/jobs", body, bearer(server.aliceToken, "Idempotency-Key", "order-17"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("id").asLong()).isEqualTo(first.json().path("id").asLong());
        HttpProbe.Reply other = http.post("/api/v1/jobs", body.replace("17", "18"),
                bearer(server.aliceToken, "Idempotency-Key", "order-17"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().path("field").asText()).isEqualTo("Idempotency-Key");
        // the key is per user: bob's order-17 is his own
        assertThat(http.post("/api/v1/jobs", body, bearer(server.bobToken, "Idempotency-Key", "order-17")).json()
                .path("id").asLong()).isNotEqualTo(first.json().path("id").asLong());
    }

    @Test
    void concurrentDuplicatesWithOneKeyMakeOneJob() throws Exception {
        String body = "{\"type\":\"noop\",\"payload\":{\"race\":true},\"runAt\":\"" + LATER + "\"}";
        int n = 12;
        CyclicBarrier together = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<HttpProbe.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(pool.submit(() -> {
                together.await();
                return http.post("/api/v1/jobs", body, bearer(server.bobToken, "Idempotency-Key", "race-1"));
            }));
        }
        Set<Long> ids = new HashSet<>();
        for (Future<HttpProbe.Reply> f : replies) {
            HttpProbe.Reply r = f.get();
            assertThat(r.status()).isIn(200, 201, 409);
            if (r.status() != 409) {
                ids.add(r.json().path("id").asLong());
            }
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        long count = http.get("/api/v1/jobs?limit=500", bearer(server.bobToken)).json().path("items").findValues("payload")
                .stream().filter(p -> p.path("race").asBoolean()).count();
        assertThat(count).isEqualTo(1);
    }

    @Test
    void submittingFasterThanTheUsersRateIsRefusedWith429AndRetryAfter() {
        try (ApiServer limited = new ApiServer(dev.sluice.app.Role.API, ApiOptions.DEFAULTS.withSubmitRate(6, 3), List.of())) {
            HttpProbe probe = limited.http();
            List<Integer> statuses = new ArrayList<>();
            HttpProbe.Reply refused = null;
            for (int i = 0; i < 5; i++) {
                HttpProbe.Reply r = probe.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", bearer(limited.aliceToken));
                statuses.add(r.status());
                if (r.status() == 429) {
                    refused = r;
                }
            }
            assertThat(statuses.subList(0, 3)).containsOnly(201);
            assertThat(statuses.subList(3, 5)).containsOnly(429);
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 11);
            // another user's bucket is their own
            assertThat(probe.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", bearer(limited.bobToken)).status())
                    .isEqualTo(201);
        }
    }
}
