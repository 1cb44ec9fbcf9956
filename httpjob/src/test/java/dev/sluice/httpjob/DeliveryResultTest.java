package dev.sluice.httpjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The result kept for a delivered job, and that it always fits what the database stores. */
class DeliveryResultTest {
    private static BoundedBody body(String text, boolean truncated) {
        return new BoundedBody(text.getBytes(StandardCharsets.UTF_8), truncated);
    }

    @Test
    void aJsonBodyIsKeptAsJson() {
        ObjectNode r = DeliveryResult.of(200, "application/json; charset=utf-8", body("{\"id\":7}", false));
        assertThat(r.path("status").asInt()).isEqualTo(200);
        assertThat(r.path("contentType").asText()).isEqualTo("application/json; charset=utf-8");
        assertThat(r.path("body").path("id").asInt()).isEqualTo(7);
        assertThat(r.path("bodyTruncated").asBoolean()).isFalse();
        assertThat(DeliveryResult.of(200, "application/problem+json", body("[1]", false)).path("body").isArray()).isTrue();
    }

    @Test
    void anythingElseIsKeptAsText() {
        assertThat(DeliveryResult.of(200, "text/plain", body("{\"id\":7}", false)).path("body").asText()).isEqualTo("{\"id\":7}");
        assertThat(DeliveryResult.of(200, "application/json", body("{not json", false)).path("body").asText()).isEqualTo("{not json");
        assertThat(DeliveryResult.of(200, "application/json", body("{\"a\":1}", true)).path("body").isTextual())
                .as("a cut JSON body is text").isTrue();
        ObjectNode none = DeliveryResult.of(204, null, body("", false));
        assertThat(none.path("contentType").isNull()).isTrue();
        assertThat(none.path("body").asText()).isEmpty();
    }

    @Test
    void aLargeJsonBodyIsKeptAsTextSoItsJsonbFormCannotOutgrowTheColumn() {
        String zeros = "[" + "0,".repeat(DeliveryResult.JSON_LIMIT / 2) + "0]";
        ObjectNode r = DeliveryResult.of(200, "application/json", body(zeros, false));
        assertThat(r.path("body").isTextual()).isTrue();
        assertThat(r.path("body").asText()).isEqualTo(zeros);
        assertThat(r.path("bodyTruncated").asBoolean()).isFalse();
        String small = "[" + "0,".repeat(100) + "0]";
        assertThat(DeliveryResult.of(200, "application/json", body(small, false)).path("body").isArray()).isTrue();
    }

    @Test
    void theCharsetOfTheResponseIsUsedAndBadBytesReplaced() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DeliveryResult.of(200, "text/plain; charset=ISO-8859-1", new BoundedBody(latin1, false))
                .path("body").asText()).isEqualTo("café");
        assertThat(DeliveryResult.of(200, "text/plain", new BoundedBody(latin1, false)).path("body").asText())
                .isEqualTo("caf\uFFFD");
        assertThat(DeliveryResult.of(200, "text/plain; charset=nonsense", body("ok", false)).path("body").asText()).isEqualTo("ok");
    }

    @Test
    void nulCharactersNeverReachTheDatabase() {
        assertThat(DeliveryResult.of(200, "text/plain", body("a\u0000b", false)).path("body").asText()).isEqualTo("a\uFFFDb");
        assertThat(DeliveryResult.of(200, "application/json", body("{\"s\":\"a\\u0000b\"}", false)).path("body").isTextual())
                .as("JSON holding a NUL is kept as text").isTrue();
        String kept = DeliveryResult.of(200, "application/json", body("{\"s\":\"a\\u0000b\"}", false)).path("body").asText();
        assertThat(kept).isEqualTo("{\"s\":\"a\\u0000b\"}").doesNotContain("\u0000");
    }

    @Test
    void aBodyThatEscapesBadlyIsCutToFitTheResultLimit() {
        byte[] controls = new byte[HttpJobSettings.MAX_BODY_LIMIT];
        java.util.Arrays.fill(controls, (byte) 1); // each becomes \u0001: six times as long in JSON
        ObjectNode r = DeliveryResult.of(200, "application/octet-stream", new BoundedBody(controls, false));
        assertThat(r.path("bodyTruncated").asBoolean()).isTrue();
        assertThat(Json.write(r).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(DeliveryResult.BODY_BUDGET + 200);
        assertThat(r.path("body").asText()).isNotEmpty();
    }
}
