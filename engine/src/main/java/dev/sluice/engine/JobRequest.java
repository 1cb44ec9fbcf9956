package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * A job to enqueue. Only {@code type} and {@code payload} are required; everything else falls back to
 * the type's defaults. Build with {@link #of} and the {@code with…} methods.
 *
 * @param queue null for the type's queue
 * @param runAt null for now
 * @param maxAttempts null for the type's default
 * @param timeout null for the type's default
 * @param idempotencyKey a second enqueue with the same key in the same queue returns the first job
 * @param concurrencyKey jobs sharing it count against one running limit (e.g. the user)
 * @param owner who submitted it (a user id), for listings and access checks; may be null
 */
public record JobRequest(String type, JsonNode payload, String queue, Integer priority, Instant runAt,
        Integer maxAttempts, Duration timeout, String idempotencyKey, String concurrencyKey, String owner) {

    public static JobRequest of(String type, JsonNode payload) {
        return new JobRequest(type, payload, null, null, null, null, null, null, null, null);
    }

    public JobRequest withQueue(String value) {
        return new JobRequest(type, payload, value, priority, runAt, maxAttempts, timeout, idempotencyKey, concurrencyKey, owner);
    }

    public JobRequest withPriority(int value) {
        return new JobRequest(type, payload, queue, value, runAt, maxAttempts, timeout, idempotencyKey, concurrencyKey, owner);
    }

    public JobRequest withRunAt(Instant value) {
        return new JobRequest(type, payload, queue, priority, value, maxAttempts, timeout, idempotencyKey, concurrencyKey, owner);
    }

    public JobRequest withMaxAttempts(int value) {
        return new JobRequest(type, payload, queue, priority, runAt, value, timeout, idempotencyKey, concurrencyKey, owner);
    }

    public JobRequest withTimeout(Duration value) {
        return new JobRequest(type, payload, queue, priority, runAt, maxAttempts, value, idempotencyKey, concurrencyKey, owner);
    }

    public JobRequest withIdempotencyKey(String value) {
        return new JobRequest(type, payload, queue, priority, runAt, maxAttempts, timeout, value, concurrencyKey, owner);
    }

    public JobRequest withConcurrencyKey(String value) {
        return new JobRequest(type, payload, queue, priority, runAt, maxAttempts, timeout, idempotencyKey, value, owner);
    }

    public JobRequest withOwner(String value) {
        return new JobRequest(type, payload, queue, priority, runAt, maxAttempts, timeout, idempotencyKey, concurrencyKey, value);
    }
}
