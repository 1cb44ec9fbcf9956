package dev.sluice.engine;

/**
 * The code of a job type. A handler that throws fails its attempt (retried with backoff, or dead
 * when attempts are exhausted); {@link PermanentJobException} sends it to the dead letters at once.
 * A handler never kills its worker thread. It should return promptly once
 * {@link JobContext#isCancelled()} turns true or its thread is interrupted.
 */
@FunctionalInterface
public interface JobHandler<P> {
    Outcome handle(JobContext context, P payload) throws Exception;
}
