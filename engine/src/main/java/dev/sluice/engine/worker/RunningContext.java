package dev.sluice.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.engine.JobContext;
import dev.sluice.engine.store.JobStore;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link JobContext} of one attempt; its writes are fenced by (job, attempt, worker). */
final class RunningContext implements JobContext {
    private final RunningJob running;
    private final JobStore store;
    private final LeaseKeeper leases;
    private final String worker;
    private final Logger log;

    RunningContext(RunningJob running, JobStore store, LeaseKeeper leases, String worker) {
        this.running = running;
        this.store = store;
        this.leases = leases;
        this.worker = worker;
        this.log = LoggerFactory.getLogger("job." + running.job.type());
    }

    @Override
    public long jobId() {
        return running.job.id();
    }

    @Override
    public int attempt() {
        return running.job.attempt();
    }

    @Override
    public int maxAttempts() {
        return running.job.maxAttempts();
    }

    @Override
    public String queue() {
        return running.job.queue();
    }

    @Override
    public String type() {
        return running.job.type();
    }

    @Override
    public String owner() {
        return running.job.owner();
    }

    @Override
    public boolean isCancelled() {
        return running.stopReason() != null;
    }

    @Override
    public void onCancel(Runnable action) {
        running.onStop(action);
    }

    @Override
    public StopReason stopReason() {
        return running.stopReason();
    }

    @Override
    public boolean event(String kind, String message, JsonNode data) {
        try {
            return store.append(worker, jobId(), attempt(), kind, message,
                    data == null ? null : Json.write(dev.sluice.database.PgText.clean(data)));
        } catch (SQLException e) {
            log.warn("job {}: could not record a {} event: {}", jobId(), kind, e.getMessage());
            return false;
        }
    }

    @Override
    public boolean heartbeat() {
        return leases.renewOne(running);
    }

    @Override
    public Logger log() {
        return log;
    }
}
