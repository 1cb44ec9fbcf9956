package dev.sluice.httpjob;

import static dev.sluice.httpjob.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.engine.Backoff;
import dev.sluice.engine.Engine;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.JobState;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.store.JobStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http job type on a real engine and real PostgreSQL, delivering to a real local HTTP server. */
class HttpJobEndToEndTest {
    private TestServer server;
    private EngineFixture fx;
    private MutableAllowlist allowlist;
    private JobTypes types;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestServer();
        fx = new EngineFixture();
        allowlist = new MutableAllowlist(List.of(AllowEntry.parse("127.0.0.1:" + server.port())));
        HttpJobSettings settings = HttpJobSettings.defaults("test")
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)));
        HostResolver resolver = host -> host.equals("rebind.test")
                ? List.of(InetAddress.getByName("127.0.0.1"))
                : HostResolver.SYSTEM.resolve(host);
        types = JobTypes.of(HttpJobType.create(allowlist, settings, resolver, InstantSource.system()));
    }

    @AfterEach
    void tearDown() {
        fx.close();
        server.close();
    }

    private static long enqueue(Engine engine, String payload, int maxAttempts) {
        return engine.jobs().enqueue(JobRequest.of("http", Json.tree(payload)).withMaxAttempts(maxAttempts)).id();
    }

    private String payload(String path) {
        return "{\"url\":\"" + server.url(path) + "\",\"body\":{\"order\":42}}";
    }

    @Test
    void a200SucceedsKeepingStatusAndBodyAndTheRequestCarriesThePayload() {
        server.on("/hook", status(200, "application/json", "{\"received\":true}"));
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"" + server.url("/hook")
                + "\",\"body\":{\"order\":42},\"headers\":{\"Authorization\":\"Bearer t0k\"}}", 3);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.result().path("status").asInt()).isEqualTo(200);
        assertThat(job.result().path("contentType").asText()).isEqualTo("application/json");
        assertThat(job.result().path("body").path("received").asBoolean()).isTrue();
        assertThat(job.result().path("bodyTruncated").asBoolean()).isFalse();
        TestServer.Received request = server.received("/hook").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(Json.tree(request.body()).path("order").asInt()).isEqualTo(42);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("sluice/test");
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0k");
        assertThat(request.header("Sluice-Job-Id")).isEqualTo(Long.toString(id));
        assertThat(request.header("Sluice-Attempt")).isEqualTo("1");
    }

    @Test
    void withoutABodyAnEmptyPostIsSent() {
        server.on("/empty", status(204, null, ""));
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"" + server.url("/empty") + "\"}", 1);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);
        assertThat(job.result().path("status").asInt()).isEqualTo(204);
        TestServer.Received request = server.received("/empty").get(0);
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Content-Type")).isNull();
    }

    @Test
    void aHugeBodyIsCutAtTheLimit() {
        server.on("/big", status(201, "text/plain", "x".repeat(1 << 20)));
        Engine engine = fx.start(types);
        long id = enqueue(engine, payload("/big"), 3);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);
        assertThat(job.result().path("status").asInt()).isEqualTo(201);
        assertThat(job.result().path("bodyTruncated").asBoolean()).isTrue();
        assertThat(job.result().path("body").asText()).hasSize(64 * 1024).matches("x+");
    }

    @Test
    void theLargestBodyThatCanBeKeptStillFitsTheDatabase() {
        byte[] invalidUtf8 = new byte[1 << 20];
        java.util.Arrays.fill(invalidUtf8, (byte) 0xff); // each byte decodes to U+FFFD, three bytes in UTF-8
        server.on("/binary", exchange -> {
            exchange.sendResponseHeaders(200, invalidUtf8.length);
            try (var out = exchange.getResponseBody()) {
                out.write(invalidUtf8);
            }
        });
        HttpJobSettings widest = HttpJobSettings.defaults("test").withBodyLimit(HttpJobSettings.MAX_BODY_LIMIT);
        Engine engine = fx.start(JobTypes.of(HttpJobType.create(allowlist, widest)));
        long id = enqueue(engine, payload("/binary"), 1);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);
        assertThat(job.result().path("bodyTruncated").asBoolean()).isTrue();
        assertThat(job.result().path("body").asText()).isNotEmpty().matches("\uFFFD+");
    }

    @Test
    void notFoundAndBadRequestAreDeadAfterExactlyOneAttempt() {
        server.on("/gone", status(404, "text/plain", "no such hook"));
        server.on("/bad", status(400, "application/json", "{\"error\":\"order is missing\"}"));
        Engine engine = fx.start(types);
        long gone = enqueue(engine, payload("/gone"), 3);
        long bad = enqueue(engine, payload("/bad"), 3);
        Job goneJob = fx.awaitState(engine, gone, JobState.DEAD);
        Job badJob = fx.awaitState(engine, bad, JobState.DEAD);

        assertThat(goneJob.attempt()).isEqualTo(1);
        assertThat(goneJob.lastError()).contains("HTTP 404 from 127.0.0.1:" + server.port()).contains("no such hook");
        assertThat(badJob.attempt()).isEqualTo(1);
        assertThat(badJob.lastError()).contains("HTTP 400").contains("order is missing");
        assertThat(server.received("/gone")).hasSize(1);
        assertThat(server.received("/bad")).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedAndTheSecondAttemptSucceeds() {
        server.on("/flaky", status(500, "text/plain", "database down"), status(200, "text/plain", "ok"));
        Engine engine = fx.start(types);
        long id = enqueue(engine, payload("/flaky"), 3);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);

        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.result().path("body").asText()).isEqualTo("ok");
        assertThat(fx.events(engine, id, "failed")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("HTTP 500").contains("database down"));
        assertThat(server.received("/flaky")).extracting(r -> r.header("Sluice-Attempt")).containsExactly("1", "2");
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheRetryAfterDelay() {
        server.on("/busy", status(429, "text/plain", "slow down", "Retry-After", "2"), status(200, null, ""));
        Engine engine = fx.start(types);
        long id = enqueue(engine, payload("/busy"), 3);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);

        assertThat(job.attempt()).isEqualTo(2);
        assertThat(fx.events(engine, id, "failed")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("HTTP 429").contains("Retry-After: 2 s"));
        List<TestServer.Received> requests = server.received("/busy");
        assertThat(Duration.ofNanos(requests.get(1).atNanos() - requests.get(0).atNanos()))
                .as("the type's backoff is 100 ms at most; only Retry-After explains a longer wait")
                .isGreaterThan(Duration.ofMillis(1500));
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRetried() {
        server.on("/silent", server.hang());
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"" + server.url("/silent") + "\",\"timeoutSeconds\":1}", 2);
        Job job = fx.awaitState(engine, id, JobState.DEAD);

        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.lastError()).contains("within 1 s").contains("no attempts left");
        assertThat(fx.events(engine, id, "failed")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("within 1 s"));
        assertThat(server.received("/silent")).hasSize(2);
    }

    @Test
    void aRefusedConnectionIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        allowlist.add(AllowEntry.parse("127.0.0.1:" + closedPort));
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"http://127.0.0.1:" + closedPort + "/x\"}", 2);
        Job job = fx.awaitState(engine, id, JobState.DEAD);
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.lastError()).contains("could not connect to 127.0.0.1:" + closedPort);
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.on("/moved", status(302, null, "", "Location", server.url("/elsewhere")));
        server.on("/elsewhere", status(200, null, ""));
        Engine engine = fx.start(types);
        long id = enqueue(engine, payload("/moved"), 3);
        Job job = fx.awaitState(engine, id, JobState.DEAD);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.lastError()).contains("HTTP 302").contains("not followed")
                .contains("Location: " + server.url("/elsewhere"));
        assertThat(server.received("/elsewhere")).isEmpty();
    }

    @Test
    void cancellingWhileTheServerIsSlowStopsTheDeliveryPromptly() throws Exception {
        server.on("/slow", server.hang());
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"" + server.url("/slow") + "\",\"timeoutSeconds\":60}", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.received("/slow").size() == 1);

        assertThat(engine.store().cancel(id, null, "user asked")).isEqualTo(JobStore.CancelResult.REQUESTED);
        // the delivery would otherwise wait 60 s (its timeout) for the server
        Job job = fx.awaitState(engine, id, JobState.CANCELLED, Duration.ofSeconds(10));
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(server.received("/slow")).hasSize(1);
    }

    @Test
    void theEnginesAttemptTimeoutStopsADeliveryAndCountsAsATimeout() {
        server.on("/slow", server.hang());
        Engine engine = fx.start(types);
        long id = engine.jobs().enqueue(JobRequest.of("http", Json.tree(payload("/slow"))).withMaxAttempts(1)
                .withTimeout(Duration.ofSeconds(1))).id();
        Job job = fx.awaitState(engine, id, JobState.DEAD);
        assertThat(job.lastError()).contains("timed out after 1 s");
        assertThat(server.received("/slow")).hasSize(1);
    }

    @Test
    void aShutdownDuringADeliveryHandsTheJobBackWithoutSpendingTheAttempt() {
        server.on("/slow", server.hang());
        Engine engine = fx.start(types);
        long id = enqueue(engine, payload("/slow"), 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.received("/slow").size() == 1);

        fx.stopEngines();
        Job job = fx.job(engine, id);
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.attempt()).isZero();
        assertThat(fx.events(engine, id, "released")).hasSize(1);
    }

    @Test
    void aNameEntryThatResolvesToLoopbackIsRefusedWithoutConnecting() {
        allowlist.add(AllowEntry.parse("rebind.test"));
        server.on("/hook", status(200, null, ""));
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"http://rebind.test:" + server.port() + "/hook\"}", 3);
        Job job = fx.awaitState(engine, id, JobState.DEAD);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.lastError()).contains("refused").contains("rebind.test resolves to 127.0.0.1")
                .contains("loopback");
        assertThat(server.received("/hook")).isEmpty();
    }

    @Test
    void localhostAsAnEntryMayReachLoopback() {
        allowlist.add(AllowEntry.parse("localhost:" + server.port()));
        server.on("/local", status(200, "text/plain", "hi"));
        Engine engine = fx.start(types);
        long id = enqueue(engine, "{\"url\":\"http://localhost:" + server.port() + "/local\"}", 1);
        Job job = fx.awaitState(engine, id, JobState.SUCCEEDED);
        assertThat(job.result().path("body").asText()).isEqualTo("hi");
    }

    @Test
    void badUrlsAndHostsOffTheAllowlistAreRejectedAtEnqueueAndNothingIsStored() {
        Engine api = fx.startApiSide(types);
        assertRejected(api, "{\"url\":\"http://example.invalid/\"}", "payload.url", "allowlist");
        assertRejected(api, "{\"url\":\"http://127.0.0.1:" + (server.port() + 1) + "/\"}", "payload.url", "allowlist");
        assertRejected(api, "{\"url\":\"http://169.254.169.254/latest/meta-data\"}", "payload.url", "allowlist");
        assertRejected(api, "{\"url\":\"gopher://127.0.0.1:" + server.port() + "/\"}", "payload.url", "valid");
        assertRejected(api, "{\"url\":\"http://127.0.0.1:" + server.port() + "/#x\"}", "payload.url", "valid");
        assertRejected(api, "{\"url\":\"http://u:p@127.0.0.1:" + server.port() + "/\"}", "payload.url", "valid");
        assertRejected(api, "{\"body\":{}}", "payload.url", "required");
        assertRejected(api, "{\"url\":\"" + server.url("/x") + "\",\"headers\":{\"Host\":\"evil\"}}", "payload.headers.Host",
                "forbidden");
        JsonNode good = Json.tree(payload("/ok"));
        JsonNode bad = Json.tree("{\"url\":\"http://example.invalid/\"}");
        assertThatThrownBy(() -> api.jobs().enqueueAll(List.of(JobRequest.of("http", good), JobRequest.of("http", bad))))
                .isInstanceOf(InvalidJobException.class);
        assertThat(fx.count("SELECT count(*) FROM sluice.jobs")).isZero();
        assertThat(api.jobs().enqueue(JobRequest.of("http", good)).created()).isTrue();
        assertThat(fx.count("SELECT count(*) FROM sluice.jobs")).isOne();
    }

    private static void assertRejected(Engine api, String payload, String field, String rule) {
        assertThatThrownBy(() -> api.jobs().enqueue(JobRequest.of("http", Json.tree(payload))))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.rule()).isEqualTo(rule);
                });
    }

    @Test
    void aHostRemovedFromTheAllowlistAfterEnqueueIsNotDeliveredTo() {
        server.on("/hook", status(200, null, ""));
        Engine api = fx.startApiSide(types);
        long id = enqueue(api, payload("/hook"), 3);
        allowlist.remove(AllowEntry.parse("127.0.0.1:" + server.port()));
        Engine worker = fx.start(types);
        Job job = fx.awaitState(worker, id, JobState.DEAD);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.lastError()).contains("not on the http allowlist");
        assertThat(server.received("/hook")).isEmpty();
        assertThat(fx.events(worker, id, "dead")).extracting(JobEvent::attempt).containsExactly(1);
    }
}
