package dev.sluice.httpjob;

import dev.sluice.engine.Backoff;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the {@code http} job type behaves. Build with {@link #defaults} and the {@code with…} methods;
 * every value is checked here and a bad one named.
 *
 * @param version this Sluice's version, sent as {@code User-Agent: sluice/<version>}
 * @param queue the default queue of http jobs
 * @param maxAttempts default attempts per job (an enqueue may set its own)
 * @param jobTimeout the engine's limit for one attempt; longer than {@code maxRequestTimeout}
 * @param backoff the wait between attempts when the receiver gave no Retry-After
 * @param connectTimeout the limit for opening a connection
 * @param requestTimeout the limit for a whole delivery (DNS, connect, send, read the kept body) when
 *     the payload sets no {@code timeoutSeconds}
 * @param maxRequestTimeout the highest {@code timeoutSeconds} a payload may ask for
 * @param bodyLimit the most response body bytes read and kept; the rest is never read
 * @param maxRetryAfter the longest Retry-After honoured (longer ones are cut to this)
 */
public record HttpJobSettings(String version, String queue, int maxAttempts, Duration jobTimeout, Backoff backoff,
        Duration connectTimeout, Duration requestTimeout, Duration maxRequestTimeout, int bodyLimit,
        Duration maxRetryAfter) {
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,49}");
    /** The highest {@link #bodyLimit}: the result must stay well inside the engine's 256 KiB. */
    public static final int MAX_BODY_LIMIT = 128 * 1024;

    public HttpJobSettings {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must match " + VERSION.pattern() + ", got " + version);
        }
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue is required");
        }
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new IllegalArgumentException("maxAttempts must be 1-1000, got " + maxAttempts);
        }
        requireBetween("jobTimeout", jobTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        if (backoff == null) {
            throw new IllegalArgumentException("backoff is required");
        }
        requireBetween("connectTimeout", connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        requireBetween("maxRequestTimeout", maxRequestTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("requestTimeout", requestTimeout, Duration.ofMillis(100), maxRequestTimeout);
        if (jobTimeout.compareTo(maxRequestTimeout) <= 0) {
            throw new IllegalArgumentException("jobTimeout (" + jobTimeout + ") must be longer than maxRequestTimeout ("
                    + maxRequestTimeout + "), so that a slow delivery ends as a timeout before the engine stops it");
        }
        if (bodyLimit < 0 || bodyLimit > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("bodyLimit must be 0-" + MAX_BODY_LIMIT + " bytes, got " + bodyLimit);
        }
        requireBetween("maxRetryAfter", maxRetryAfter, Duration.ZERO, Duration.ofDays(1));
    }

    /**
     * Queue {@code http}, 3 attempts, 30 s per delivery (payloads may ask for up to 60 s), 10 s to connect,
     * 90 s per attempt, backoff from 10 s up to 1 h, 64 KiB of response body kept, Retry-After up to 1 h.
     */
    public static HttpJobSettings defaults(String version) {
        return new HttpJobSettings(version, "http", 3, Duration.ofSeconds(90),
                new Backoff(Duration.ofSeconds(10), Duration.ofHours(1)), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 64 * 1024, Duration.ofHours(1));
    }

    /** The User-Agent header of every delivery. */
    public String userAgent() {
        return "sluice/" + version;
    }

    public HttpJobSettings withQueue(String value) {
        return new HttpJobSettings(version, value, maxAttempts, jobTimeout, backoff, connectTimeout, requestTimeout,
                maxRequestTimeout, bodyLimit, maxRetryAfter);
    }

    public HttpJobSettings withMaxAttempts(int value) {
        return new HttpJobSettings(version, queue, value, jobTimeout, backoff, connectTimeout, requestTimeout,
                maxRequestTimeout, bodyLimit, maxRetryAfter);
    }

    public HttpJobSettings withJobTimeout(Duration value) {
        return new HttpJobSettings(version, queue, maxAttempts, value, backoff, connectTimeout, requestTimeout,
                maxRequestTimeout, bodyLimit, maxRetryAfter);
    }

    public HttpJobSettings withBackoff(Backoff value) {
        return new HttpJobSettings(version, queue, maxAttempts, jobTimeout, value, connectTimeout, requestTimeout,
                maxRequestTimeout, bodyLimit, maxRetryAfter);
    }

    public HttpJobSettings withConnectTimeout(Duration value) {
        return new HttpJobSettings(version, queue, maxAttempts, jobTimeout, backoff, value, requestTimeout,
                maxRequestTimeout, bodyLimit, maxRetryAfter);
    }

    /** The default and the highest per-payload delivery timeout. */
    public HttpJobSettings withRequestTimeouts(Duration requestDefault, Duration requestMax) {
        return new HttpJobSettings(version, queue, maxAttempts, jobTimeout, backoff, connectTimeout, requestDefault,
                requestMax, bodyLimit, maxRetryAfter);
    }

    public HttpJobSettings withBodyLimit(int value) {
        return new HttpJobSettings(version, queue, maxAttempts, jobTimeout, backoff, connectTimeout, requestTimeout,
                maxRequestTimeout, value, maxRetryAfter);
    }

    public HttpJobSettings withMaxRetryAfter(Duration value) {
        return new HttpJobSettings(version, queue, maxAttempts, jobTimeout, backoff, connectTimeout, requestTimeout,
                maxRequestTimeout, bodyLimit, value);
    }

    private static void requireBetween(String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
