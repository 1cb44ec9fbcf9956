package dev.sluice.bench.queue;

import dev.sluice.bench.BenchPostgres;
import dev.sluice.bench.Cpu;
import dev.sluice.bench.Load;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Steady: jobs enqueued one per transaction at a fixed offered rate by an open-loop generator (each
 * enqueue scheduled by its timestamp and sent on its own virtual thread, so a slow enqueue never
 * delays the next one: no coordinated omission). Latency is measured from the moment the enqueue was
 * scheduled to the start of the handler, so it includes the enqueue's own commit; the pickup latency
 * (from the enqueue call returning to the handler start) is reported next to it.
 */
public final class Steady {
    /** One system at one rate. Latencies in microseconds. */
    public record Run(String system, int rate, double seconds, long offered, long started, long failedEnqueues,
            Histogram latency, Histogram pickup, Histogram enqueue, double load, Cpu cpu) {
        public double throughput() {
            return started / seconds;
        }
    }

    private final BenchPostgres pg;
    private final QueueSettings settings;
    private final Duration window;
    private final Duration warmUp;
    private final Duration grace;

    public Steady(BenchPostgres pg, QueueSettings settings, Duration window, Duration warmUp, Duration grace) {
        this.pg = pg;
        this.settings = settings;
        this.window = window;
        this.warmUp = warmUp;
        this.grace = grace;
    }

    public Run run(String system, int rate) throws Exception {
        String database = "steady_" + system + "_" + rate;
        long measuredFrom = (long) (rate * warmUp.toNanos() / 1e9);
        long total = measuredFrom + (long) (rate * window.toNanos() / 1e9);
        Recorder latency = new Recorder(3);
        Recorder enqueueTime = new Recorder(3);
        Map<Long, Long> startedAt = new ConcurrentHashMap<>();
        Map<Long, Long> returnedAt = new ConcurrentHashMap<>();
        AtomicLong started = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        try (QueueSystem queue = Systems.create(system, pg, database, settings, "bench-steady-" + rate)) {
            queue.startWorkers((key, at) -> {
                long now = System.nanoTime();
                if (key >= measuredFrom) {
                    latency.recordValue(Math.max(0, (now - at) / 1_000));
                    startedAt.put(key, now);
                    started.incrementAndGet();
                }
            });
            Thread.sleep(2_000); // let every system finish starting its workers
            long interval = 1_000_000_000L / rate;
            long begin = System.nanoTime() + 50_000_000L;
            Cpu cpu0 = null;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long key = 0; key < total; key++) {
                    long at = begin + key * interval;
                    if (key == measuredFrom) {
                        cpu0 = Cpu.now(pg.pid());
                    }
                    long wait;
                    while ((wait = at - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long k = key;
                    senders.submit(() -> {
                        try {
                            long sent = System.nanoTime();
                            queue.enqueue(k, at);
                            long returned = System.nanoTime();
                            returnedAt.put(k, returned);
                            if (k >= measuredFrom) {
                                enqueueTime.recordValue((returned - sent) / 1_000);
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    });
                }
                long windowEnd = begin + total * interval;
                long deadline = windowEnd + grace.toNanos();
                while (started.get() < total - measuredFrom - failures.get() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Cpu cpu = Cpu.now(pg.pid()).since(cpu0);
                double seconds = (windowEnd - (begin + measuredFrom * interval)) / 1e9;
                Histogram pickup = new Histogram(3);
                startedAt.forEach((k, s) -> {
                    Long r = returnedAt.get(k);
                    if (r != null) {
                        pickup.recordValue(Math.max(0, (s - r) / 1_000));
                    }
                });
                // achieved throughput: jobs that started within the offered window (later starts are backlog)
                long inWindow = startedAt.values().stream().filter(s -> s <= windowEnd).count();
                return new Run(system, rate, seconds, total - measuredFrom, inWindow, failures.get(),
                        latency.getIntervalHistogram(), pickup, enqueueTime.getIntervalHistogram(), Load.now(), cpu);
            }
        } finally {
            pg.dropDatabase(database);
        }
    }

    public static List<String> describe(Duration window, Duration warmUp) {
        return List.of("open-loop generator: enqueue i is scheduled at t0 + i/rate and sent on its own virtual thread",
                "each enqueue is one transaction through the system's normal enqueue API",
                "warm-up " + warmUp.toSeconds() + " s (not recorded), then " + window.toSeconds() + " s measured",
                "latency = handler start − scheduled enqueue time (includes the enqueue's own commit)",
                "pickup = handler start − enqueue call returned (the job was committed)",
                "throughput = measured jobs whose handler started within the offered window, per second");
    }
}
