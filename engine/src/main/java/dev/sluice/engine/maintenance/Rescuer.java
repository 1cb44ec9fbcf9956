package dev.sluice.engine.maintenance;

import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.JobState;
import dev.sluice.engine.store.JobStore;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back running jobs whose lease expired — their worker died or lost the database — so that a
 * crashed worker's job runs again within one lease plus one rescue interval. The attempt counts; a
 * job on its last attempt goes to the dead letters; a job with a cancel pending is cancelled.
 */
public final class Rescuer {
    private static final Logger log = LoggerFactory.getLogger(Rescuer.class);
    private static final int BATCH = 1000;

    private final JobStore store;
    private final EngineMetrics metrics;

    public Rescuer(JobStore store, EngineMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Rescues every expired lease now; returns how many jobs were taken back. */
    public int runOnce() throws SQLException {
        int total = 0;
        while (true) {
            List<JobStore.Rescued> rescued = store.rescueExpired(BATCH);
            for (JobStore.Rescued r : rescued) {
                log.warn("job {} ({}) attempt {}: worker {} stopped renewing its lease; {}", r.id(), r.queue(),
                        r.attempt(), r.worker(), switch (r.state()) {
                            case QUEUED -> "queued again";
                            case DEAD -> "that was its last attempt: dead";
                            case CANCELLED -> "a cancel was pending: cancelled";
                            default -> r.state().db();
                        });
                metrics.count("rescued", r.queue(), 1);
                if (r.state() == JobState.DEAD) {
                    metrics.count("dead", r.queue(), 1);
                }
            }
            total += rescued.size();
            if (rescued.size() < BATCH) {
                return total;
            }
        }
    }
}
