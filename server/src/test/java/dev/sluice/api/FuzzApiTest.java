package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed requests — broken JSON, wrong types, huge numbers, invalid UTF-8, deep
 * nesting, oversized bodies, odd methods and paths, broken HTTP — and not one answer of 500 or more.
 */
class FuzzApiTest {
    static ApiServer server;
    static final Random RANDOM = new Random(20261125);

    @BeforeAll
    static void start() {
        server = new ApiServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final List<String> PATHS = List.of("/api/v1/jobs", "/api/v1/jobs/1", "/api/v1/jobs/abc",
            "/api/v1/jobs/-1", "/api/v1/jobs/99999999999999999999", "/api/v1/jobs/1/cancel", "/api/v1/jobs/1/retry",
            "/api/v1/jobs/1/events", "/api/v1/dead-letters", "/api/v1/dead-letters/redrive", "/api/v1/dead-letters/discard",
            "/api/v1/dead-letters/1", "/api/v1/auth/login", "/api/v1/auth/password", "/api/v1/tokens", "/api/v1/tokens/x",
            "/api/v1/admin/users", "/api/v1/admin/users/1", "/api/v1/admin/users/1/limits", "/api/v1/queues",
            "/api/v1/workers", "/api/v1/diagnosis", "/api/v1/openapi.json", "/health/ready", "/nope", "/api/v1/jobs?limit=abc",
            "/api/v1/jobs?limit=99999999999", "/api/v1/jobs?state=%25ZZ", "/api/v1/jobs?cursor=-5", "/%2e%2e/%2e%2e/etc/passwd",
            "/api/v1/jobs/%00", "/api/v1/jobs/1%2F2");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "FOO");

    private static String body() {
        return switch (RANDOM.nextInt(16)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "[1,2,3]";
            case 3 -> "null";
            case 4 -> "{\"type\":\"noop\",\"payload\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
            case 5 -> "{\"type\":\"noop\",\"payload\":{},\"maxAttempts\":1" + "0".repeat(400) + "}";
            case 6 -> "{\"type\":123,\"payload\":\"x\"}";
            case 7 -> "{\"type\":\"noop\",\"payload\":{},\"runAt\":\"-999999999-01-01T00:00:00Z\"}";
            case 8 -> "{\"ids\":[\"a\",null,-1,1.5e308]}";
            case 9 -> "{\"username\":\"" + "x".repeat(10_000) + "\",\"password\":null}";
            case 10 -> "{\"type\":\"noop\",\"payload\":{},\"priority\":1e400}";
            case 11 -> "{\"submitPerMinute\":\"many\",\"maxRunning\":[]}";
            case 12 -> "{\"type\":\"noop\",\"payload\":{\"sleepMs\":\"NaN\"}}";
            case 13 -> "\u0000\u0001{\"\ud800\":1}";
            case 14 -> "{\"role\":\"god\",\"disabled\":\"yes\"}";
            default -> randomText(RANDOM.nextInt(300));
        };
    }

    private static String randomText(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) RANDOM.nextInt(0x3000));
        }
        return s.toString();
    }

    @Test
    void noMalformedRequestGetsAServerError() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + server.sluice.port();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String path = PATHS.get(RANDOM.nextInt(PATHS.size()));
            String method = METHODS.get(RANDOM.nextInt(METHODS.size()));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
            String token = switch (RANDOM.nextInt(4)) {
                case 0 -> server.adminToken;
                case 1 -> server.aliceToken;
                case 2 -> "slc_" + randomAscii(40);
                default -> null;
            };
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (RANDOM.nextInt(5) == 0) {
                b.header("Idempotency-Key", randomAscii(RANDOM.nextInt(400) + 1));
            }
            if (RANDOM.nextInt(6) == 0) {
                b.header("Last-Event-ID", randomAscii(RANDOM.nextInt(30)));
            }
            if (RANDOM.nextInt(8) == 0) {
                b.header("Cookie", "sluice_session=" + randomAscii(RANDOM.nextInt(300)));
            }
            byte[] payload;
            int kind = RANDOM.nextInt(10);
            if (kind == 0) {
                payload = new byte[RANDOM.nextInt(2000)];
                RANDOM.nextBytes(payload); // invalid UTF-8, binary garbage
            } else if (kind == 1) {
                payload = new byte[(1 << 20) + 1 + RANDOM.nextInt(1000)]; // over the 1 MiB cap
            } else {
                payload = body().getBytes(StandardCharsets.UTF_8);
            }
            b.method(method, method.equals("GET") || method.equals("DELETE") || method.equals("OPTIONS")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload));
            HttpResponse<String> response;
            try {
                response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new AssertionError(method + " " + path + " with " + payload.length + " bytes (kind " + kind + "): " + e, e);
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500) {
                failures.add(method + " " + path + " → " + response.statusCode() + " " + response.body());
            } else if (response.statusCode() >= 400) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(method + " " + path)
                        .isEqualTo("application/problem+json");
                assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
        assertThat(failures).as("statuses seen: " + statuses).isEmpty();
        assertThat(statuses.keySet()).contains(400, 401, 404, 405, 413);
    }

    @Test
    void brokenHttpIsRefusedWithoutAServerError() throws Exception {
        List<String> raw = List.of(
                "GARBAGE\r\n\r\n",
                "GET /api/v1/jobs?state=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/jobs/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET\r\n\r\n",
                "GET /api/v1/jobs HTTP/9.9\r\nHost: x\r\n\r\n",
                "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
                "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET / HTTP/1.1\r\n" + "X-Long: " + "b".repeat(200_000) + "\r\n\r\n");
        for (String request : raw) {
            try (Socket socket = new Socket("127.0.0.1", server.sluice.port())) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                try {
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (java.io.IOException closedEarly) {
                    continue; // the server hung up on it: fine
                }
                InputStream in = socket.getInputStream();
                byte[] head = new byte[12];
                int n;
                try {
                    n = in.readNBytes(head, 0, head.length);
                } catch (java.io.IOException reset) {
                    continue;
                }
                String statusLine = new String(head, 0, n, StandardCharsets.ISO_8859_1);
                assertThat(statusLine).as(request.substring(0, Math.min(40, request.length()))).doesNotStartWith("HTTP/1.1 5");
            }
        }
        assertThat(server.http().get("/health/live").status()).isEqualTo(200);
    }

    private static String randomAscii(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (33 + RANDOM.nextInt(94)));
        }
        return s.toString().replace(",", "").replace(";", "");
    }
}
