package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of a job's audit trail. {@code seq} numbers a job's events 1, 2, 3… without gaps, in
 * commit order, so a reader that has seen seq n and asks for what follows can never miss one.
 *
 * @param kind enqueued, started, succeeded, failed, dead, cancelled, cancel_requested, rescued,
 *     released, redriven, retried, progress, or a handler-defined kind such as output
 */
public record JobEvent(long id, long jobId, int seq, Instant at, String queue, String kind, JobState state,
        int attempt, String worker, String message, JsonNode data) {}
