package dev.sluice.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail: what every error response of Sluice looks like. {@code field} and
 * {@code rule} name what was wrong with the request when the problem is about its input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String rule,
        Map<String, Object> extensions) {

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }

    /** A problem with one input field: which field, which rule it broke, and how. */
    public static Problem invalid(String field, String rule, String detail) {
        return new Problem("https://sluice.dev/problems/invalid-request", "Invalid request", 400, detail, field, rule, null);
    }

    public Problem withStatus(int newStatus) {
        return new Problem(type, title, newStatus, detail, field, rule, extensions);
    }

    public Problem with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(key, value);
        return new Problem(type, title, status, detail, field, rule, more);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }

    @JsonAnyGetter
    Map<String, Object> extensionFields() {
        return extensions;
    }
}
