package dev.sluice.bench.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.auth.TokenStore;
import dev.sluice.auth.User;
import dev.sluice.auth.UserRole;
import dev.sluice.auth.UserStore;
import dev.sluice.bench.BenchPostgres;
import dev.sluice.bench.Load;
import dev.sluice.config.ApiOptions;
import dev.sluice.config.ServeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End to end through the HTTP API: a real Sluice (role all, its local sandbox, the bench PostgreSQL),
 * clients on java.net.http submitting {@code POST /api/v1/executions} with {@code print("hi")} and
 * following the execution's event stream (SSE) until its {@code end} event. Timed per request: from
 * sending the submit to receiving the end. Each client is its own user with its own token.
 */
public final class ApiLatency {
    /** Milliseconds per request, and requests per second over the concurrent phase. */
    public record Result(int clients, List<Double> millis, double perSecond, int failed, double load) {}

    private static final String BODY = "{\"language\":\"python\",\"code\":\"print(\\\"hi\\\")\"}";

    private final BenchPostgres pg;

    public ApiLatency(BenchPostgres pg) {
        this.pg = pg;
    }

    public List<Result> run(List<Integer> clientCounts, int requestsPerClient, int warmUp) throws Exception {
        String database = "api";
        pg.freshDatabase(database);
        Path data = Files.createTempDirectory("sluice-bench-api-");
        ServeConfig config = ServeConfig.defaults(Role.ALL, data).withPort(0)
                .withDatabase(pg.url(database), pg.user(), pg.password())
                .withApi(ApiOptions.DEFAULTS.withSubmitRate(1_000_000, 100_000))
                .withShutdownGrace(Duration.ofSeconds(5));
        Sluice sluice = Sluice.create(config);
        sluice.start();
        try {
            int maxClients = clientCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
            List<String> tokens = new ArrayList<>();
            UserStore users = new UserStore(sluice.database().dataSource());
            TokenStore tokenStore = new TokenStore(sluice.database().dataSource());
            for (int i = 0; i < maxClients; i++) {
                User u = users.create("bench" + i, UserRole.USER, "bench-password-" + i);
                tokens.add(tokenStore.create(u.id(), "bench").token());
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + sluice.port();
            // the sandbox starts in the background; the first runs also warm up every part
            for (int i = 0; i < warmUp; i++) {
                once(http, base, tokens.get(0), Duration.ofSeconds(120));
            }
            List<Result> results = new ArrayList<>();
            for (int clients : clientCounts) {
                List<Double> millis = Collections.synchronizedList(new ArrayList<>());
                List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
                long begin = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                    List<Future<?>> futures = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        String token = tokens.get(c);
                        futures.add(pool.submit(() -> {
                            for (int r = 0; r < requestsPerClient; r++) {
                                try {
                                    millis.add(once(http, base, token, Duration.ofSeconds(60)));
                                } catch (Exception e) {
                                    failures.add(1);
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                results.add(new Result(clients, List.copyOf(millis), millis.size() / seconds, failures.size(), Load.now()));
            }
            return results;
        } finally {
            sluice.stop();
            pg.dropDatabase(database);
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Submits one print("hi") and follows its events to the end; the milliseconds it took. */
    private static double once(HttpClient http, String base, String token, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("submit answered " + submitted.statusCode() + ": " + submitted.body());
        }
        long id = Json.tree(submitted.body()).path("id").asLong();
        HttpResponse<java.io.InputStream> stream = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/executions/" + id + "/events"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                        .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("event: end")) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    JsonNode done = Json.tree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/executions/" + id))
                            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                    if (!done.path("status").asText().equals("succeeded") || !done.path("stdout").asText().equals("hi\n")) {
                        throw new IllegalStateException("execution " + id + " ended " + done);
                    }
                    return ms;
                }
            }
        }
        throw new IllegalStateException("the event stream of execution " + id + " ended without an end event");
    }
}
