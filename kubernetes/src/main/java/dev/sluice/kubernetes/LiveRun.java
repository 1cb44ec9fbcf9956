package dev.sluice.kubernetes;

import java.time.Instant;
import java.util.Objects;

/**
 * An execution the job store says is running on Kubernetes right now, at its current attempt.
 *
 * @param run the execution and its current attempt
 * @param since when this attempt was claimed; a run younger than the orphan grace is never reported as
 *     vanished, since its pod may not be created yet
 */
public record LiveRun(RunRef run, Instant since) {
    public LiveRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(since, "since");
    }
}
