package dev.sluice.bench.queue;

import java.time.Duration;

/**
 * What every system gets alike.
 *
 * @param workers jobs run at once per process (Sluice: the queue's concurrency; JobRunr: workerCount;
 *     db-scheduler: threads)
 * @param poolSize HikariCP connections per process
 * @param lease how long until a crashed worker's jobs are given to another (Sluice: the lease;
 *     JobRunr: its server timeout; db-scheduler: heartbeat interval × missed heartbeats); null for
 *     each system's default
 * @param claimBatch Sluice's claim batch, or null for the engine's default (the peers have their own
 *     fetch sizes, stated with their settings)
 */
public record QueueSettings(int workers, int poolSize, Duration lease, Integer claimBatch) {
    public QueueSettings withLease(Duration value) {
        return new QueueSettings(workers, poolSize, value, claimBatch);
    }
}
