package dev.sluice.httpjob;

import dev.sluice.engine.Outcome;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;

/**
 * What a response means for the job:
 * <table>
 *   <caption>status to outcome</caption>
 *   <tr><td>2xx</td><td>succeeded; status, content type and the bounded body kept as the result</td></tr>
 *   <tr><td>3xx</td><td>dead: redirects are never followed (the target was not allowlisted), Location in the reason</td></tr>
 *   <tr><td>408</td><td>retried with the type's backoff</td></tr>
 *   <tr><td>429</td><td>retried after Retry-After (seconds or date, capped), else the backoff</td></tr>
 *   <tr><td>other 4xx</td><td>dead at once: the same request will be refused again</td></tr>
 *   <tr><td>5xx</td><td>retried after Retry-After when given, else the backoff</td></tr>
 *   <tr><td>anything else</td><td>dead: not HTTP as Sluice knows it</td></tr>
 * </table>
 */
final class ResponseOutcomes {
    private static final int EXCERPT = 300;

    private ResponseOutcomes() {}

    static Outcome of(int status, HttpHeaders headers, BoundedBody body, Destination destination, Instant now,
            Duration maxRetryAfter) {
        String contentType = headers.firstValue("Content-Type").orElse(null);
        String from = "HTTP " + status + " from " + destination.authority();
        if (status >= 200 && status <= 299) {
            return Outcome.succeeded(DeliveryResult.of(status, contentType, body));
        }
        if (status >= 300 && status <= 399) {
            String location = headers.firstValue("Location").map(l -> Text.line(l, 500)).orElse("none");
            return new Outcome.Permanent(from + ": redirects are not followed (Location: " + location + ")");
        }
        String excerpt = DeliveryResult.excerpt(body, contentType, EXCERPT);
        String detail = excerpt.isEmpty() ? "" : ": " + excerpt;
        if (status == 408) {
            return new Outcome.Retry(from + " (request timeout)" + detail, null);
        }
        if (status == 429 || (status >= 500 && status <= 599)) {
            Duration delay = RetryAfter.parse(headers.firstValue("Retry-After").orElse(null), now, maxRetryAfter);
            String after = delay == null ? "" : " (Retry-After: " + delay.toSeconds() + " s)";
            return new Outcome.Retry(from + after + detail, delay);
        }
        if (status >= 400 && status <= 499) {
            return new Outcome.Permanent(from + detail);
        }
        return new Outcome.Permanent(from + ": not a status Sluice knows how to treat" + detail);
    }
}
