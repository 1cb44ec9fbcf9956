package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Json;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.engine.JobType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payload binding and the checks that name a field, as the engine runs them at enqueue. */
class PayloadRulesTest {
    private final MutableAllowlist allowlist = new MutableAllowlist(AllowEntry.parseList("hooks.example,127.0.0.1:8181"));
    private final JobType<HttpJobPayload> type = HttpJobType.create(allowlist, HttpJobSettings.defaults("test"));

    private HttpJobPayload bind(String json) {
        return type.payload(Json.tree(json));
    }

    private static void rejected(ThrowingCallable call, String field, String rule, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidJobException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.getMessage()).startsWith(field).contains(message);
        });
    }

    @Test
    void aFullPayloadBinds() {
        HttpJobPayload p = bind("""
                {"url":"https://hooks.example/in","body":{"a":[1,2]},"headers":{"Authorization":"Bearer x","X-N":"1"},
                 "timeoutSeconds":10}""");
        assertThat(p.url()).isEqualTo("https://hooks.example/in");
        assertThat(p.body().path("a").size()).isEqualTo(2);
        assertThat(p.headers()).containsEntry("Authorization", "Bearer x").containsEntry("X-N", "1");
        assertThat(p.timeoutSeconds()).isEqualTo(10);
    }

    @Test
    void bodyAndHeadersAreOptionalAndJsonNullMeansNoBody() {
        HttpJobPayload p = bind("{\"url\":\"http://127.0.0.1:8181/x\",\"body\":null}");
        assertThat(p.body()).isNull();
        assertThat(p.headers()).isEmpty();
        assertThat(bind("{\"url\":\"http://127.0.0.1:8181/x\"}").body()).isNull();
        assertThat(bind("{\"url\":\"http://127.0.0.1:8181/x\",\"body\":\"text\"}").body().asText()).isEqualTo("text");
    }

    @Test
    void theUrlIsRequiredAndMustBeDeliverable() {
        rejected(() -> bind("{\"body\":{}}"), "payload.url", "required", "payload.url is required");
        rejected(() -> bind("{\"url\":\"ftp://hooks.example/\"}"), "payload.url", "valid", "http:// or https://");
        rejected(() -> bind("{\"url\":\"https://u:p@hooks.example/\"}"), "payload.url", "valid", "user info");
        rejected(() -> bind("{\"url\":\"not a url\"}"), "payload.url", "valid", "payload.url");
    }

    @Test
    void aHostOffTheAllowlistIsRejectedAndTheListIsReadLive() {
        rejected(() -> bind("{\"url\":\"https://other.example/\"}"), "payload.url", "allowlist",
                "other.example:443 is not on the http allowlist");
        rejected(() -> bind("{\"url\":\"http://127.0.0.1:8182/\"}"), "payload.url", "allowlist", "127.0.0.1:8182");
        rejected(() -> bind("{\"url\":\"http://localhost:8181/\"}"), "payload.url", "allowlist", "localhost:8181");
        allowlist.add(AllowEntry.parse("other.example"));
        assertThat(bind("{\"url\":\"https://other.example/\"}").url()).isEqualTo("https://other.example/");
        allowlist.remove(AllowEntry.parse("hooks.example"));
        rejected(() -> bind("{\"url\":\"https://hooks.example/\"}"), "payload.url", "allowlist", "hooks.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Trailer",
            "Upgrade", "Proxy-Authorization", "Expect", "Content-Type", "User-Agent", "Sluice-Job-Id", "sluice-anything"})
    void headersSluiceOrTheClientOwnAreForbidden(String name) {
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"headers\":{\"" + name + "\":\"x\"}}"),
                "payload.headers." + name, "forbidden", "may not be set");
    }

    @Test
    void headerNamesAndValuesMustBeClean() {
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"headers\":{\"Bad Name\":\"x\"}}"),
                "payload.headers", "valid", "invalid name 'Bad Name'");
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"headers\":{\"X-A\":\"1\\r\\nX-B: 2\"}}"),
                "payload.headers.X-A", "valid", "no line breaks");
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"headers\":{\"X-A\":null}}"),
                "payload.headers.X-A", "required", "needs a string value");
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\"}}"),
                "payload.headers.x-a", "duplicate", "given twice");
        StringBuilder many = new StringBuilder("{\"url\":\"https://hooks.example/\",\"headers\":{");
        for (int i = 0; i <= PayloadRules.MAX_HEADERS; i++) {
            many.append(i == 0 ? "" : ",").append("\"X-").append(i).append("\":\"v\"");
        }
        rejected(() -> bind(many.append("}}").toString()), "payload.headers", "size", "more than 32");
    }

    @Test
    void theTimeoutIsBounded() {
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"timeoutSeconds\":0}"), "payload.timeoutSeconds",
                "range", "between 1 and 60, got 0");
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"timeoutSeconds\":61}"), "payload.timeoutSeconds",
                "range", "got 61");
        assertThat(bind("{\"url\":\"https://hooks.example/\",\"timeoutSeconds\":60}").timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void unknownFieldsAndWrongShapesDoNotFitTheType() {
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"method\":\"GET\"}"), "payload", "type", "method");
        rejected(() -> bind("{\"url\":\"https://hooks.example/\",\"headers\":[\"x\"]}"), "payload", "type", "fit type http");
    }

    @Test
    void theTypeCarriesItsDefaults() {
        HttpJobSettings settings = HttpJobSettings.defaults("1.2.3");
        JobType<HttpJobPayload> http = HttpJobType.create(allowlist, settings);
        assertThat(http.name()).isEqualTo("http");
        assertThat(http.queue()).isEqualTo("http");
        assertThat(http.maxAttempts()).isEqualTo(3);
        assertThat(http.timeout()).isEqualTo(settings.jobTimeout());
        assertThat(http.backoff()).isEqualTo(settings.backoff());
        assertThat(http.handler()).isNotNull();
        assertThat(settings.userAgent()).isEqualTo("sluice/1.2.3");
    }

    @Test
    void settingsNameTheBadField() {
        HttpJobSettings d = HttpJobSettings.defaults("1.0");
        assertThatThrownBy(() -> HttpJobSettings.defaults("1 0")).hasMessageContaining("version must match");
        assertThatThrownBy(() -> d.withBodyLimit(HttpJobSettings.MAX_BODY_LIMIT + 1)).hasMessageContaining("bodyLimit");
        assertThatThrownBy(() -> d.withRequestTimeouts(java.time.Duration.ofSeconds(90), java.time.Duration.ofSeconds(60)))
                .hasMessageContaining("requestTimeout must be between");
        assertThatThrownBy(() -> d.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> d.withJobTimeout(java.time.Duration.ofSeconds(60)))
                .hasMessageContaining("jobTimeout (PT1M) must be longer than maxRequestTimeout (PT1M)");
        assertThat(d.withJobTimeout(java.time.Duration.ofMinutes(5))
                .withRequestTimeouts(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(4)).requestTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(10));
        assertThatThrownBy(() -> d.withConnectTimeout(java.time.Duration.ZERO)).hasMessageContaining("connectTimeout");
    }
}
