package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** One row of {@code sluice.jobs}, as read. */
public record Job(
        long id,
        String queue,
        String type,
        JsonNode payload,
        JobState state,
        int attempt,
        int maxAttempts,
        int priority,
        Instant runAt,
        Duration timeout,
        String idempotencyKey,
        String concurrencyKey,
        String owner,
        String leaseOwner,
        Instant leaseExpiresAt,
        Instant cancelRequestedAt,
        int eventSeq,
        String lastError,
        JsonNode result,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {}
