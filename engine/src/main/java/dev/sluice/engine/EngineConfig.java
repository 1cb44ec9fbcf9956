package dev.sluice.engine;

import dev.sluice.engine.maintenance.PeriodicJob;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the engine of one process behaves. Defaults and validation live here; messages name the field.
 *
 * @param workerId names this process in leases and the workers registry (unique per process)
 * @param lease how long a claim is good for without renewal; renewed every lease/3
 * @param pollInterval how often an idle worker looks for due jobs without being woken (a lost
 *     notification delays a job by at most this)
 * @param claimBatch the most jobs one claim takes, and the most claimed jobs a queue's pool holds
 *     beyond its concurrency while they wait for a slot (only when handlers are quick compared with a
 *     claim's round trip; see {@code worker.Pace})
 * @param rescueInterval how often maintenance takes back jobs with expired leases
 * @param leaderTtl how long maintenance leadership lasts unrenewed: a dead or frozen leader is
 *     replaced after at most this
 * @param finishedRetention how long succeeded and cancelled jobs are kept
 * @param deadRetention how long dead letters are kept
 * @param workerHeartbeat how often this process records that it is alive
 * @param shutdownGrace how long running jobs may take to finish when stopping, before they are
 *     interrupted and handed back
 */
public record EngineConfig(String workerId, List<QueueConfig> queues, Duration lease, Duration pollInterval,
        int claimBatch, Duration rescueInterval, Duration leaderTtl, Duration finishedRetention, Duration deadRetention,
        Duration workerHeartbeat, Duration shutdownGrace, List<PeriodicJob> periodic) {

    public EngineConfig {
        if (workerId == null || workerId.isBlank() || workerId.length() > 200) {
            throw new IllegalArgumentException("workerId is required (at most 200 characters)");
        }
        queues = List.copyOf(queues);
        Set<String> names = new HashSet<>();
        for (QueueConfig q : queues) {
            if (!names.add(q.name())) {
                throw new IllegalArgumentException("queue configured twice: " + q.name());
            }
        }
        requireBetween("lease", lease, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofMinutes(5));
        if (claimBatch < 1 || claimBatch > 1000) {
            throw new IllegalArgumentException("claimBatch must be 1-1000, got " + claimBatch);
        }
        requireBetween("rescueInterval", rescueInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
        requireBetween("leaderTtl", leaderTtl, Duration.ofSeconds(1), Duration.ofMinutes(10));
        requireBetween("finishedRetention", finishedRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
        requireBetween("deadRetention", deadRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
        requireBetween("workerHeartbeat", workerHeartbeat, Duration.ofMillis(100), Duration.ofMinutes(5));
        requireBetween("shutdownGrace", shutdownGrace, Duration.ZERO, Duration.ofHours(1));
        periodic = List.copyOf(periodic);
    }

    /** Sensible defaults: 30 s leases, 1 s polling, batches of up to 500, rescue every 5 s, keep 7 days / 30 days. */
    public static EngineConfig defaults(String workerId, List<QueueConfig> queues) {
        return new EngineConfig(workerId, queues, Duration.ofSeconds(30), Duration.ofSeconds(1), 500,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofDays(30), Duration.ofSeconds(5),
                Duration.ofSeconds(30), List.of());
    }

    public EngineConfig withLease(Duration value) {
        return new EngineConfig(workerId, queues, value, pollInterval, claimBatch, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, shutdownGrace, periodic);
    }

    public EngineConfig withPollInterval(Duration value) {
        return new EngineConfig(workerId, queues, lease, value, claimBatch, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, shutdownGrace, periodic);
    }

    public EngineConfig withRescueInterval(Duration value) {
        return new EngineConfig(workerId, queues, lease, pollInterval, claimBatch, value, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, shutdownGrace, periodic);
    }

    public EngineConfig withLeaderTtl(Duration value) {
        return new EngineConfig(workerId, queues, lease, pollInterval, claimBatch, rescueInterval, value,
                finishedRetention, deadRetention, workerHeartbeat, shutdownGrace, periodic);
    }

    public EngineConfig withShutdownGrace(Duration value) {
        return new EngineConfig(workerId, queues, lease, pollInterval, claimBatch, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, value, periodic);
    }

    public EngineConfig withWorkerHeartbeat(Duration value) {
        return new EngineConfig(workerId, queues, lease, pollInterval, claimBatch, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, value, shutdownGrace, periodic);
    }

    public EngineConfig withClaimBatch(int value) {
        return new EngineConfig(workerId, queues, lease, pollInterval, value, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, shutdownGrace, periodic);
    }

    public EngineConfig withRetention(Duration finished, Duration dead) {
        return new EngineConfig(workerId, queues, lease, pollInterval, claimBatch, rescueInterval, leaderTtl, finished, dead,
                workerHeartbeat, shutdownGrace, periodic);
    }

    public EngineConfig withPeriodic(List<PeriodicJob> value) {
        return new EngineConfig(workerId, queues, lease, pollInterval, claimBatch, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, shutdownGrace, value);
    }

    public EngineConfig withQueues(List<QueueConfig> value) {
        return new EngineConfig(workerId, value, lease, pollInterval, claimBatch, rescueInterval, leaderTtl, finishedRetention,
                deadRetention, workerHeartbeat, shutdownGrace, periodic);
    }

    private static void requireBetween(String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
