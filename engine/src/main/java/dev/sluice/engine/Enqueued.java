package dev.sluice.engine;

/**
 * The answer to an enqueue.
 *
 * @param created false when an idempotency key matched a job enqueued before; {@code id} is then that job's
 */
public record Enqueued(long id, boolean created, JobState state) {}
