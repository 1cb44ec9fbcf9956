package dev.sluice.engine.maintenance;

import dev.sluice.engine.store.JobStore;
import dev.sluice.engine.store.WorkerStore;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished jobs past their retention (with their trails) and long-gone workers. */
public final class Pruner {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    private static final int BATCH = 5000;

    private final JobStore jobs;
    private final WorkerStore workers;
    private final Duration finishedRetention;
    private final Duration deadRetention;

    public Pruner(JobStore jobs, WorkerStore workers, Duration finishedRetention, Duration deadRetention) {
        this.jobs = jobs;
        this.workers = workers;
        this.finishedRetention = finishedRetention;
        this.deadRetention = deadRetention;
    }

    public int runOnce() throws SQLException {
        int total = 0;
        for (int round = 0; round < 20; round++) {
            int deleted = jobs.prune(finishedRetention, deadRetention, BATCH);
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        int goneWorkers = workers.prune(Duration.ofDays(1));
        if (total > 0 || goneWorkers > 0) {
            log.info("pruned {} finished job(s) and {} old worker record(s)", total, goneWorkers);
        }
        return total;
    }
}
