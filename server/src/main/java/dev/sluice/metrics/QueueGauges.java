package dev.sluice.metrics;

import dev.sluice.engine.store.JobReads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-queue gauges (due depth, oldest due age, running, scheduled, retrying, dead, expired leases),
 * read from the rows at scrape time at most every two seconds.
 */
public final class QueueGauges {
    private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);
    private static final long STALE_NANOS = Duration.ofSeconds(2).toNanos();

    private final JobReads reads;
    private final MeterRegistry registry;
    private final Map<String, JobReads.QueueStats> latest = new ConcurrentHashMap<>();
    private volatile long refreshedAt;

    /** @param known queues shown even when empty (every queue of the known job types) */
    public QueueGauges(JobReads reads, MeterRegistry registry, List<String> known) {
        this.reads = reads;
        this.registry = registry;
        this.known = List.copyOf(known);
    }

    private final List<String> known;

    public synchronized void refreshIfStale() {
        if (refreshedAt != 0 && System.nanoTime() - refreshedAt < STALE_NANOS) {
            return;
        }
        List<JobReads.QueueStats> stats;
        try {
            stats = reads.queueStats();
        } catch (SQLException e) {
            log.warn("could not read queue stats for /metrics: {}", e.getMessage());
            return;
        }
        refreshedAt = System.nanoTime();
        Map<String, JobReads.QueueStats> fresh = new java.util.LinkedHashMap<>();
        for (String queue : known) {
            fresh.put(queue, JobReads.QueueStats.empty(queue));
        }
        stats.forEach(s -> fresh.put(s.queue(), s));
        for (Map.Entry<String, JobReads.QueueStats> e : fresh.entrySet()) {
            if (latest.put(e.getKey(), e.getValue()) == null) {
                register(e.getKey());
            }
        }
        latest.replaceAll((queue, old) -> fresh.getOrDefault(queue,
                JobReads.QueueStats.empty(queue)));
    }

    private void register(String queue) {
        gauge("sluice.queue.depth", "jobs due and waiting for a worker", queue, s -> s.due());
        gauge("sluice.queue.oldest.age.seconds", "how long the oldest due job has waited", queue,
                s -> s.oldestDueAge().toMillis() / 1000.0);
        gauge("sluice.queue.running", "jobs running", queue, s -> s.running());
        gauge("sluice.queue.scheduled", "jobs due later", queue, s -> s.scheduled());
        gauge("sluice.queue.retrying", "jobs waiting for a retry", queue, s -> s.retrying());
        gauge("sluice.queue.dead", "dead letters", queue, s -> s.dead());
        gauge("sluice.queue.expired.leases", "running jobs whose lease expired, not yet rescued", queue,
                s -> s.expiredLeases());
    }

    private void gauge(String name, String description, String queue, ToDoubleFunction<JobReads.QueueStats> value) {
        Gauge.builder(name, latest, m -> {
            JobReads.QueueStats s = m.get(queue);
            return s == null ? 0 : value.applyAsDouble(s);
        }).description(description).tag("queue", queue).register(registry);
    }
}
