package dev.sluice.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's counters and timers, per queue: claimed, succeeded, failed (retry scheduled), dead,
 * cancelled, rescued, released and fenced jobs, and job durations by outcome. Meters are looked up
 * once per name and tags and kept: the worker path counts every job.
 */
public final class EngineMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void count(String what, String queue, int n) {
        if (n > 0) {
            counters.computeIfAbsent(what + '\u0000' + queue, k -> Counter.builder("sluice.jobs." + what)
                    .description("jobs " + what)
                    .tag("queue", queue)
                    .register(registry)).increment(n);
        }
    }

    public void duration(String queue, String type, String outcome, Duration duration) {
        timers.computeIfAbsent(queue + '\u0000' + type + '\u0000' + outcome, k -> Timer.builder("sluice.job.duration")
                .description("how long handlers ran, by outcome")
                .tag("queue", queue)
                .tag("type", type)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry)).record(duration);
    }
}
