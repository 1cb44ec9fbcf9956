package dev.sluice.engine.worker;

import dev.sluice.engine.JobContext.StopReason;
import dev.sluice.engine.store.JobStore;
import dev.sluice.lifecycle.PeriodicService;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews every lease this process holds, in one statement, every lease/3. A job whose lease is
 * gone (maintenance took it back) is stopped at once; a job whose lease could not be renewed in time
 * (the database unreachable) is stopped before the lease runs out, so that no two attempts of one
 * job ever run at the same time. Renewal also carries cancel requests, as a fallback for a missed
 * notification.
 */
final class LeaseKeeper extends PeriodicService {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final JobStore store;
    private final RunningJobs running;
    private final String worker;
    private final Duration lease;

    LeaseKeeper(JobStore store, RunningJobs running, String worker, Duration lease) {
        super("lease-keeper", lease.dividedBy(3));
        this.store = store;
        this.running = running;
        this.worker = worker;
        this.lease = lease;
    }

    /** Renews every lease now. */
    @Override
    public void runOnce() {
        List<RunningJob> jobs = running.all().stream().filter(j -> !j.finishing).toList();
        if (!jobs.isEmpty()) {
            renew(jobs);
        }
        stopExpiring();
    }

    /** Renews one job's lease now; false when it is no longer held. */
    boolean renewOne(RunningJob job) {
        try {
            long sentAt = System.nanoTime();
            List<JobStore.Renewed> renewed = store.renew(worker, Map.of(job.id(), job.attempt()), lease);
            if (renewed.isEmpty()) {
                return false;
            }
            job.leaseValidUntilNanos = sentAt + lease.toNanos();
            return true;
        } catch (SQLException e) {
            log.warn("job {}: could not renew its lease: {}", job.id(), e.getMessage());
            return false;
        }
    }

    private void renew(List<RunningJob> jobs) {
        Map<Long, Integer> attempts = new HashMap<>();
        jobs.forEach(j -> attempts.put(j.id(), j.attempt()));
        long sentAt = System.nanoTime();
        List<JobStore.Renewed> renewed;
        try {
            renewed = store.renew(worker, attempts, lease);
        } catch (SQLException e) {
            log.warn("could not renew {} lease(s): {}; jobs are stopped if this lasts until their lease runs out",
                    jobs.size(), e.getMessage());
            return;
        }
        Map<Long, JobStore.Renewed> byId = renewed.stream().collect(Collectors.toMap(JobStore.Renewed::id, r -> r));
        Set<Long> held = byId.keySet();
        for (RunningJob job : jobs) {
            if (job.finishing) {
                continue;
            }
            JobStore.Renewed r = byId.get(job.id());
            if (r == null || !held.contains(job.id())) {
                log.warn("job {} attempt {}: the lease is gone (maintenance took the job back); stopping it",
                        job.id(), job.attempt());
                job.stop(StopReason.LEASE_LOST);
                continue;
            }
            job.leaseValidUntilNanos = sentAt + lease.toNanos();
            if (r.cancelRequested()) {
                job.stop(StopReason.CANCELLED);
            }
        }
    }

    private void stopExpiring() {
        long margin = lease.dividedBy(5).toNanos();
        long now = System.nanoTime();
        for (RunningJob job : running.all()) {
            if (!job.finishing && now > job.leaseValidUntilNanos - margin && job.stopReason() == null) {
                log.warn("job {} attempt {}: its lease could not be renewed in time; stopping it so that it never "
                        + "runs twice at once", job.id(), job.attempt());
                job.stop(StopReason.LEASE_LOST);
            }
        }
    }
}
