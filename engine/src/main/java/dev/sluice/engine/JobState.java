package dev.sluice.engine;

/**
 * Where a job is. The database enforces the allowed transitions (see ARCHITECTURE.md):
 * queued|failed → running|cancelled; running → succeeded|failed|dead|cancelled|queued;
 * failed|dead|cancelled → queued.
 */
public enum JobState {
    /** Waiting for a worker (at or after its run_at). */
    QUEUED,
    /** Claimed by a worker holding a lease. */
    RUNNING,
    /** Finished successfully. */
    SUCCEEDED,
    /** An attempt failed; the next one is due at run_at. */
    FAILED,
    /** Attempts exhausted or a permanent error: a dead letter. */
    DEAD,
    /** Cancelled before or while running. */
    CANCELLED;

    public String db() {
        return name().toLowerCase();
    }

    public static JobState fromDb(String value) {
        return valueOf(value.toUpperCase());
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED;
    }
}
