package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;

/** What a running handler knows and can do. Every write it makes is fenced by its lease. */
public interface JobContext {

    long jobId();

    /** 1 for the first attempt. */
    int attempt();

    int maxAttempts();

    String queue();

    String type();

    /** Who submitted the job, or null. */
    String owner();

    /** True once the job was cancelled, its lease lost, its timeout reached, or the worker is stopping. */
    boolean isCancelled();

    /** Runs {@code action} when the job is cancelled (at once if already); for handlers that wait on something else. */
    void onCancel(Runnable action);

    /** Why {@link #isCancelled()} turned true, or null. */
    StopReason stopReason();

    /**
     * Appends an event to the job's trail (e.g. {@code output} chunks, {@code progress}); live streams
     * see it at once. Returns false, writing nothing, when this attempt no longer holds the job.
     */
    boolean event(String kind, String message, JsonNode data);

    /** Shorthand for a {@code progress} event. */
    default boolean progress(JsonNode data) {
        return event("progress", null, data);
    }

    /** Renews this job's lease now (the worker also renews every lease on its own every lease/3). */
    boolean heartbeat();

    /** A logger whose lines name the job and attempt. */
    Logger log();

    /** Why a running job was asked to stop. */
    enum StopReason { CANCELLED, TIMED_OUT, LEASE_LOST, SHUTDOWN }
}
