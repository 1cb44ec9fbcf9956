package dev.sluice.bench.queue;

import dev.sluice.bench.BenchPostgres;
import dev.sluice.bench.Load;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The crash cell. Worker A (a child JVM) takes every job and holds it (its handler records a start,
 * then sleeps for minutes); worker B (another child JVM) starts and idles, finding nothing to claim;
 * then A gets {@code kill -9}. Timed: from the kill until B has finished every job A held. Counted:
 * jobs whose handler started more than once (re-executions, expected: A's attempts never finished),
 * jobs whose handler completed more than once (doubled effects, should be none) and jobs never
 * completed.
 */
public final class Crash {
    /** One crash of one system. */
    public record Run(String system, int jobs, double recoverySeconds, long reExecuted, long completedTwice,
            long neverCompleted, long heldByVictim, double load, String note) {}

    private static final long VICTIM_HOLD_MS = 600_000;
    private static final long SURVIVOR_HOLD_MS = 50;

    private final BenchPostgres pg;
    private final QueueSettings settings;
    private final Duration timeout;
    private final Path logs;

    public Crash(BenchPostgres pg, QueueSettings settings, Duration timeout, Path logs) {
        this.pg = pg;
        this.settings = settings;
        this.timeout = timeout;
        this.logs = logs;
    }

    public Run run(String system, int repetition) throws Exception {
        String database = "crash_" + system + "_" + repetition;
        int jobs = settings.workers(); // exactly what one worker runs at once: A takes them all
        List<Process> children = new ArrayList<>();
        try (QueueSystem setup = Systems.create(system, pg, database, settings, "bench-crash-setup")) {
            execute(database, "CREATE TABLE bench_effects (job_key bigint NOT NULL, worker text NOT NULL, "
                    + "phase text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
            Process victim = worker(system, database, "victim-" + repetition, VICTIM_HOLD_MS);
            children.add(victim);
            setup.preInsert(0, jobs);
            await(() -> count(database, "SELECT count(DISTINCT job_key) FROM bench_effects WHERE phase = 'start'") == jobs,
                    Duration.ofSeconds(60), "the victim to start all " + jobs + " jobs");
            Process survivor = worker(system, database, "survivor-" + repetition, SURVIVOR_HOLD_MS);
            children.add(survivor);
            Thread.sleep(1_000); // the survivor polls and finds nothing: every job is held by the victim
            long held = count(database, "SELECT count(DISTINCT job_key) FROM bench_effects WHERE worker LIKE 'victim%'");

            victim.destroyForcibly(); // SIGKILL
            long killedAt = System.nanoTime();
            victim.waitFor(10, TimeUnit.SECONDS);
            long deadline = killedAt + timeout.toNanos();
            long done;
            while ((done = count(database, "SELECT count(DISTINCT job_key) FROM bench_effects WHERE phase = 'end'")) < jobs
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double recovery = done < jobs ? Double.NaN : (System.nanoTime() - killedAt) / 1e9;
            // every job done as the system itself sees it, too
            long systemDone = 0;
            long until = System.nanoTime() + Duration.ofSeconds(done < jobs ? 1 : 30).toNanos();
            while ((systemDone = setup.completed()) < jobs && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Thread.sleep(2_000); // anything that would run twice has time to show
            long reExecuted = count(database, "SELECT count(*) FROM (SELECT job_key FROM bench_effects WHERE phase = 'start' "
                    + "GROUP BY job_key HAVING count(*) > 1) d");
            long completedTwice = count(database, "SELECT count(*) FROM (SELECT job_key FROM bench_effects WHERE phase = 'end' "
                    + "GROUP BY job_key HAVING count(*) > 1) d");
            long never = jobs - count(database, "SELECT count(DISTINCT job_key) FROM bench_effects WHERE phase = 'end'");
            String note = systemDone < jobs ? "the system reports " + systemDone + " of " + jobs + " done" : "";
            return new Run(system, jobs, recovery, reExecuted, completedTwice, never, held, Load.now(), note);
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            pg.dropDatabase(database);
        }
    }

    private Process worker(String system, String database, String id, long holdMs) throws IOException {
        Path log = logs.resolve(system + "-" + id + ".log");
        Files.createDirectories(logs);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
                CrashWorkerMain.class.getName(), system, pg.url(database), pg.user(), pg.password(), id,
                Integer.toString(settings.workers()), Integer.toString(settings.poolSize()),
                Long.toString(settings.lease().toMillis()), Long.toString(holdMs),
                settings.claimBatch() == null ? "0" : settings.claimBatch().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(log).contains("WORKER READY")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("crash worker " + id + " did not start; see " + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return p;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url(database), pg.user(), pg.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url(database), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static List<String> describe(QueueSettings settings) {
        return List.of("jobs: " + settings.workers() + " (one worker's worth), each recording start/end rows in its own table",
                "victim and survivor are separate JVMs (java -cp <bench classpath>), started as in production",
                "the victim starts every job and holds it; the survivor idles; then the victim gets SIGKILL",
                "timed: from SIGKILL until the survivor has completed every job the victim held",
                "re-executed: jobs whose handler started twice (expected: the victim's attempts never finished)",
                "completed twice: jobs whose handler ran to its end twice (doubled effects)");
    }
}
