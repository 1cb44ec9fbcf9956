package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.config.ApiOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-job SSE stream: live, resumable with Last-Event-ID, complete for late joiners, across processes. */
class StreamsApiTest {
    static ApiServer server;

    @BeforeAll
    static void start() {
        server = new ApiServer(Role.API, ApiOptions.DEFAULTS, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Event(String id, String name, String data) {}

    /** Reads events until {@code end} or until {@code max} events; the stream's own framing, no library. */
    static List<Event> read(int port, String token, long jobId, String lastEventId, int max) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + jobId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null) {
                        events.add(new Event(id, name, data.toString()));
                        if (name.equals("end") || events.size() >= max) {
                            return events;
                        }
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        }
        return events;
    }

    private long submit(String body) {
        return server.http().post("/api/v1/jobs", body, bearer(server.aliceToken)).json().path("id").asLong();
    }

    @Test
    void aLateJoinerGetsTheWholeHistoryAndAFinalEventEvenFromAWorkerInAnotherProcess() throws Exception {
        Sluice worker = server.startOther(Role.WORKER);
        try {
            long id = submit("{\"type\":\"noop\",\"payload\":{}}");
            await().atMost(Duration.ofSeconds(20)).until(() -> server.http().get("/api/v1/jobs/" + id,
                    bearer(server.aliceToken)).json().path("state").asText().equals("succeeded"));
            List<Event> events = read(server.sluice.port(), server.aliceToken, id, null, 100);
            assertThat(events).extracting(Event::name).containsExactly("enqueued", "started", "succeeded", "end");
            assertThat(events).extracting(Event::id).containsExactly("1", "2", "3", null);
        } finally {
            server.stopOther(worker);
        }
    }

    @Test
    void aLiveStreamFollowsTheJobAndAReconnectGetsExactlyWhatItMissed() throws Exception {
        long id = submit("{\"type\":\"noop\",\"payload\":{}}");
        // no worker yet: the stream sees the enqueue, then waits
        List<Event> first = read(server.sluice.port(), server.aliceToken, id, null, 1);
        assertThat(first).extracting(Event::name).containsExactly("enqueued");

        Sluice worker = server.startOther(Role.WORKER);
        try {
            List<Event> resumed = read(server.sluice.port(), server.aliceToken, id, first.get(0).id(), 100);
            assertThat(resumed).extracting(Event::name).containsExactly("started", "succeeded", "end");
            assertThat(resumed.get(0).id()).isEqualTo("2");
            List<Event> fromTheMiddle = read(server.sluice.port(), server.aliceToken, id, "2", 100);
            assertThat(fromTheMiddle).extracting(Event::name).containsExactly("succeeded", "end");
        } finally {
            server.stopOther(worker);
        }
    }

    @Test
    void eventsAreAlsoReadableAsJsonAndABadLastEventIdIsA400() {
        long id = submit("{\"type\":\"noop\",\"payload\":{}}");
        var reply = server.http().get("/api/v1/jobs/" + id + "/events", bearer(server.aliceToken));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("items").get(0).path("kind").asText()).isEqualTo("enqueued");
        var bad = server.http().get("/api/v1/jobs/" + id + "/events", bearer(server.aliceToken, "Last-Event-ID", "yesterday"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asText()).isEqualTo("Last-Event-ID");
    }
}
