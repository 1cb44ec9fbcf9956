package dev.sluice.executions;

import dev.sluice.engine.JobState;
import dev.sluice.sandbox.Outcome;

/** What an execution's status means, and how it follows from its job and its result. */
public enum ExecutionStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, OUT_OF_MEMORY, OUTPUT_LIMITED, CANCELLED, ERROR;

    public String wire() {
        return name().toLowerCase();
    }

    public static ExecutionStatus fromWire(String value) {
        return valueOf(value.toUpperCase());
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    static ExecutionStatus of(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case TIMED_OUT -> TIMED_OUT;
            case OUT_OF_MEMORY -> OUT_OF_MEMORY;
            case OUTPUT_LIMITED -> OUTPUT_LIMITED;
            case CANCELLED -> CANCELLED;
            case ERROR -> ERROR;
        };
    }

    /**
     * The status of an execution from its job: waiting (also between infrastructure retries) is
     * queued; a succeeded job carries the run's own status; a dead one is an error of the runner.
     */
    public static ExecutionStatus of(JobState state, String resultStatus) {
        return switch (state) {
            case QUEUED, FAILED -> QUEUED;
            case RUNNING -> RUNNING;
            case SUCCEEDED -> resultStatus == null ? SUCCEEDED : fromWire(resultStatus);
            case CANCELLED -> CANCELLED;
            case DEAD -> ERROR;
        };
    }
}
