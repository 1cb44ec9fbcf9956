package dev.sluice.bench.queue;

import dev.sluice.bench.BenchPostgres;
import dev.sluice.bench.Cpu;
import dev.sluice.bench.Load;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drain: N jobs are stored first (not timed), then the workers start; the time is from starting the
 * workers until the database says every job succeeded. Every repetition runs on a fresh database
 * that was vacuumed, analysed and checkpointed after the insert, so each system starts alike.
 */
public final class Drain {
    /** One repetition of one system. */
    public record Run(String system, int repetition, int jobs, double seconds, long executions, double load, Cpu cpu) {
        public double jobsPerSecond() {
            return jobs / seconds;
        }
    }

    private final BenchPostgres pg;
    private final QueueSettings settings;
    private final int jobs;
    private final Duration timeout;

    public Drain(BenchPostgres pg, QueueSettings settings, int jobs, Duration timeout) {
        this.pg = pg;
        this.settings = settings;
        this.jobs = jobs;
        this.timeout = timeout;
    }

    public Run run(String system, int repetition) throws Exception {
        return run(system, repetition, jobs);
    }

    /** A warm-up drain: the same, smaller, not recorded (class loading and JIT out of the measured runs). */
    public void warmUp(String system) throws Exception {
        run(system, 0, Math.max(2_000, Math.min(20_000, jobs / 5)));
    }

    private Run run(String system, int repetition, int jobs) throws Exception {
        String database = "drain_" + system + "_" + repetition;
        try (QueueSystem queue = Systems.create(system, pg, database, settings, "bench-drain-" + repetition)) {
            queue.preInsert(0, jobs);
            prepare(database);
            LongAdder executions = new LongAdder();
            Cpu cpu0 = Cpu.now(pg.pid());
            long begin = System.nanoTime();
            queue.startWorkers((key, at) -> executions.increment());
            long deadline = begin + timeout.toNanos();
            // cheap wait on the in-process count, then confirm with the database (commits trail the handlers)
            while (executions.sum() < jobs && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            while (queue.completed() < jobs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(system + ": drain of " + jobs + " jobs did not finish within " + timeout
                            + " (" + queue.completed() + " done)");
                }
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            return new Run(system, repetition, jobs, seconds, executions.sum(), Load.now(), Cpu.now(pg.pid()).since(cpu0));
        } finally {
            pg.dropDatabase(database);
        }
    }

    private void prepare(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(database), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
    }

    public static List<String> describe(int jobs) {
        return List.of("jobs pre-inserted before the workers start: " + jobs,
                "before the measured repetitions, each system drains a fifth as many jobs (at least 2,000, at most 20,000), unrecorded: class loading and JIT are not measured",
                "timed: from starting the workers until the database counts every job succeeded",
                "fresh database per repetition, VACUUM ANALYZE + CHECKPOINT after the insert");
    }
}
