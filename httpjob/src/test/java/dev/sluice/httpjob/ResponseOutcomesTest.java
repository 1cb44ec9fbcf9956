package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.Outcome;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The status-to-outcome table, Retry-After, and the kept result. */
class ResponseOutcomesTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Destination TO = Destination.parse("https://hooks.example/in");

    private static Outcome outcome(int status, Map<String, List<String>> headers, String body) {
        return ResponseOutcomes.of(status, HttpHeaders.of(headers, (a, b) -> true),
                new BoundedBody(body.getBytes(StandardCharsets.UTF_8), false), TO, NOW, Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsSucceedKeepingTheStatus(int status) {
        assertThat(outcome(status, Map.of(), "")).isInstanceOfSatisfying(Outcome.Succeeded.class,
                s -> assertThat(s.result().path("status").asInt()).isEqualTo(status));
    }

    @Test
    void aRedirectIsNotFollowedAndIsPermanent() {
        assertThat(outcome(302, Map.of("Location", List.of("http://169.254.169.254/latest")), ""))
                .isInstanceOfSatisfying(Outcome.Permanent.class, p -> assertThat(p.reason())
                        .contains("HTTP 302 from hooks.example:443").contains("not followed")
                        .contains("Location: http://169.254.169.254/latest"));
        assertThat(outcome(301, Map.of(), "")).isInstanceOf(Outcome.Permanent.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 422, 499})
    void clientErrorsAreDeadAtOnceWithAnExcerpt(int status) {
        assertThat(outcome(status, Map.of(), "{\"error\":\"missing\nfield\"}"))
                .isInstanceOfSatisfying(Outcome.Permanent.class, p -> assertThat(p.reason())
                        .isEqualTo("HTTP " + status + " from hooks.example:443: {\"error\":\"missing field\"}"));
    }

    @Test
    void requestTimeoutAndTooManyRequestsAreRetried() {
        assertThat(outcome(408, Map.of(), "")).isEqualTo(new Outcome.Retry("HTTP 408 from hooks.example:443 (request timeout)", null));
        assertThat(outcome(429, Map.of("Retry-After", List.of("7")), "slow down"))
                .isEqualTo(new Outcome.Retry("HTTP 429 from hooks.example:443 (Retry-After: 7 s): slow down", Duration.ofSeconds(7)));
        assertThat(outcome(429, Map.of(), "")).isEqualTo(new Outcome.Retry("HTTP 429 from hooks.example:443", null));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 599})
    void serverErrorsAreRetried(int status) {
        assertThat(outcome(status, Map.of(), "boom")).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
            assertThat(r.reason()).isEqualTo("HTTP " + status + " from hooks.example:443: boom");
            assertThat(r.delay()).isNull();
        });
    }

    @Test
    void aServiceUnavailableWithRetryAfterWaitsThatLong() {
        assertThat(outcome(503, Map.of("Retry-After", List.of("Sat, 01 Mar 2025 12:02:00 GMT")), ""))
                .isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.delay()).isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void oddStatusesAreNotDeliveries() {
        assertThat(outcome(600, Map.of(), "")).isInstanceOf(Outcome.Permanent.class);
        assertThat(outcome(101, Map.of(), "")).isInstanceOf(Outcome.Permanent.class);
    }

    @Test
    void retryAfterReadsSecondsAndDatesAndIsCapped() {
        Duration max = Duration.ofMinutes(10);
        assertThat(RetryAfter.parse("120", NOW, max)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW, max)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("86400", NOW, max)).isEqualTo(max);
        assertThat(RetryAfter.parse("99999999999999999999", NOW, max)).isEqualTo(max);
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:30 GMT", NOW, max)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", NOW, max)).as("in the past").isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 02 Mar 2025 12:00:00 GMT", NOW, max)).isEqualTo(max);
        assertThat(RetryAfter.parse("-5", NOW, max)).isNull();
        assertThat(RetryAfter.parse("soon", NOW, max)).isNull();
        assertThat(RetryAfter.parse(null, NOW, max)).isNull();
    }
}
