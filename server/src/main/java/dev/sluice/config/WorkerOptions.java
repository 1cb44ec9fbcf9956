package dev.sluice.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How this process works jobs.
 *
 * @param queues queue name to concurrency (0: the queue's default); empty means every queue of the known
 *     job types at its default
 */
public record WorkerOptions(Map<String, Integer> queues, Duration lease, Duration pollInterval,
        Duration rescueInterval, Duration heartbeat, Duration retention, Duration deadRetention) {
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public static final WorkerOptions DEFAULTS = new WorkerOptions(Map.of(), Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofDays(30));

    public WorkerOptions {
        queues = Map.copyOf(queues);
        queues.forEach((name, concurrency) -> {
            if (!QUEUE.matcher(name).matches()) {
                throw new ConfigException("--queues", "'" + name + "' is not a queue name ([a-z0-9_.-])");
            }
            if (concurrency < 0 || concurrency > 10_000) {
                throw new ConfigException("--queues", "concurrency of " + name + " must be 1-10000 (0: its default)");
            }
        });
        between("--lease", lease, Duration.ofSeconds(1), Duration.ofHours(1));
        between("--poll-interval", pollInterval, Duration.ofMillis(10), Duration.ofMinutes(5));
        between("--rescue-interval", rescueInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
        between("--heartbeat", heartbeat, Duration.ofMillis(100), Duration.ofMinutes(5));
        between("--retention", retention, Duration.ofMinutes(1), Duration.ofDays(3650));
        between("--dead-retention", deadRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
    }

    /** Parses {@code http=8,executions=2} (a bare name takes the queue's default concurrency, 0 here). */
    public static Map<String, Integer> parseQueues(String spec) {
        Map<String, Integer> queues = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return queues;
        }
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq).strip();
            int concurrency;
            try {
                concurrency = eq < 0 ? 0 : Integer.parseInt(p.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("--queues", "'" + p + "' is not name=concurrency");
            }
            if (eq >= 0 && concurrency < 1) {
                throw new ConfigException("--queues", "concurrency of " + name + " must be at least 1");
            }
            queues.put(name, concurrency);
        }
        return queues;
    }

    public WorkerOptions withQueues(Map<String, Integer> value) {
        return new WorkerOptions(value, lease, pollInterval, rescueInterval, heartbeat, retention, deadRetention);
    }

    /** Short timings for tests and demos: leases, polling, rescue and heartbeats. */
    public WorkerOptions withTiming(Duration newLease, Duration newPoll, Duration newRescue, Duration newHeartbeat) {
        return new WorkerOptions(queues, newLease, newPoll, newRescue, newHeartbeat, retention, deadRetention);
    }

    private static void between(String option, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(option, "must be between " + DurationConverter.format(min) + " and "
                    + DurationConverter.format(max));
        }
    }
}
