package dev.sluice.httpjob;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@code http} job delivers: {@code {"url": "https://…", "body": {…}, "headers": {…},
 * "timeoutSeconds": 10}}. Only {@code url} is required. The checks that name a field
 * ({@code payload.url}, …) run in the job type's validator, at enqueue and again before delivery.
 *
 * @param url an absolute http or https URL on the allowlist; no user info, no fragment
 * @param body any JSON, sent as {@code application/json}; absent or JSON null sends an empty body
 *     (Content-Length 0, no Content-Type)
 * @param headers extra request headers; never null (an absent map is empty)
 * @param timeoutSeconds the limit for this delivery, or null for the type's default
 */
public record HttpJobPayload(String url, JsonNode body, Map<String, String> headers, Integer timeoutSeconds) {
    public HttpJobPayload {
        if (body != null && body.isNull()) {
            body = null;
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static HttpJobPayload of(String url, JsonNode body) {
        return new HttpJobPayload(url, body, null, null);
    }
}
