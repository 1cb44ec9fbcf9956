package dev.sluice.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The engine's counters and timers, per queue: claimed, succeeded, failed (retry scheduled), dead,
 * cancelled, rescued, released and fenced jobs, and job durations by outcome.
 */
public final class EngineMetrics {
    private final MeterRegistry registry;

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void count(String what, String queue, int n) {
        if (n > 0) {
            Counter.builder("sluice.jobs." + what)
                    .description("jobs " + what)
                    .tag("queue", queue)
                    .register(registry)
                    .increment(n);
        }
    }

    public void duration(String queue, String type, String outcome, Duration duration) {
        Timer.builder("sluice.job.duration")
                .description("how long handlers ran, by outcome")
                .tag("queue", queue)
                .tag("type", type)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry)
                .record(duration);
    }
}
