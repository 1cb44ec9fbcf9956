package dev.sluice.bench;

import dev.sluice.bench.queue.Crash;
import dev.sluice.bench.queue.Describe;
import dev.sluice.bench.queue.Drain;
import dev.sluice.bench.queue.QueueSettings;
import dev.sluice.bench.queue.Steady;
import dev.sluice.bench.queue.Systems;
import dev.sluice.bench.sandbox.ApiLatency;
import dev.sluice.bench.sandbox.SandboxOverhead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of {@code ./sluice bench}: Sluice against JobRunr and db-scheduler on one local
 * PostgreSQL (drain, steady, crash), and the local sandbox and the API end to end. Prints the results
 * as Markdown tables and, with {@code --write FILE}, writes them into FILE. Never part of the tests.
 */
public final class Main {
    /** The crash cell's recovery setting for every system: Sluice's lease and its peers' equivalents. */
    static final Duration CRASH_LEASE = Duration.ofSeconds(5);

    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.Usage u) {
            if (u.getMessage() != null) {
                System.err.println("sluice bench: " + u.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(u.getMessage() == null ? 0 : 2);
            return;
        }
        int status;
        try {
            status = run(options);
        } catch (Exception e) {
            System.err.println("sluice bench: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static int run(Options o) throws Exception {
        Results results = new Results(o, Machine.current());
        QueueSettings settings = new QueueSettings(o.workers(), o.poolSize(), null, o.claimBatch());
        say("machine: " + results.machine.describe() + ", load " + Load.now());
        boolean queues = o.scenarios().contains("drain") || o.scenarios().contains("steady") || o.scenarios().contains("crash");
        try (BenchPostgres pg = BenchPostgres.start()) {
            results.postgres = pg.settings();
            say("PostgreSQL " + results.postgres);
            if (queues) {
                results.settings = Describe.settings(pg, o.systems(), settings);
            }
            if (o.scenarios().contains("drain")) {
                drain(o, pg, settings, results);
            }
            if (o.scenarios().contains("steady")) {
                steady(o, pg, settings, results);
            }
            if (o.scenarios().contains("crash")) {
                crash(o, pg, settings, results);
            }
            if (o.scenarios().contains("api")) {
                api(o, pg, results);
            }
        }
        if (o.scenarios().contains("sandbox")) {
            sandbox(o, results);
        }
        results.finished = Instant.now();
        Report report = new Report(results);
        System.out.println();
        System.out.println(report.render());
        if (o.write() != null) {
            report.write(o.write());
            say("wrote the results into " + o.write().toAbsolutePath());
        }
        return results.problems.isEmpty() ? 0 : 1;
    }

    private static void drain(Options o, BenchPostgres pg, QueueSettings settings, Results results) {
        Drain drain = new Drain(pg, settings, o.jobs(), Duration.ofMinutes(15));
        for (String system : o.systems()) {
            try {
                drain.warmUp(system);
                say("drain " + system + ": warmed up");
            } catch (Exception e) {
                results.problems.add("drain " + system + " warm-up failed: " + e.getMessage());
                say("drain " + system + " warm-up FAILED: " + e);
            }
        }
        for (int rep = 1; rep <= o.repetitions(); rep++) {
            // a different order each repetition, so no system always runs first (or last) on a warm machine
            List<String> order = rotate(o.systems(), rep - 1);
            for (String system : order) {
                try {
                    Drain.Run run = drain.run(system, rep);
                    results.drain.add(run);
                    say(String.format(Locale.ROOT, "drain %-12s rep %d: %,d jobs in %.1f s = %,.0f jobs/s (CPU µs/job JVM %.0f + PG %.0f, load %.1f)",
                            system, rep, run.jobs(), run.seconds(), run.jobsPerSecond(), run.cpu().jvmNanos() / 1e3 / run.jobs(),
                            run.cpu().postgresNanos() / 1e3 / run.jobs(), run.load()));
                    if (run.executions() != run.jobs()) {
                        results.problems.add("drain " + system + " rep " + rep + ": " + run.executions() + " handler runs for "
                                + run.jobs() + " jobs");
                    }
                } catch (Exception e) {
                    results.problems.add("drain " + system + " rep " + rep + " failed: " + e.getMessage());
                    say("drain " + system + " rep " + rep + " FAILED: " + e);
                }
            }
        }
    }

    private static void steady(Options o, BenchPostgres pg, QueueSettings settings, Results results) {
        Steady steady = new Steady(pg, settings, Duration.ofSeconds(o.seconds()),
                Duration.ofSeconds(Report.warmUpSeconds(o)), Duration.ofSeconds(o.quick() ? 10 : 20));
        for (int rate : o.rates()) {
            for (String system : o.systems()) {
                try {
                    Steady.Run run = steady.run(system, rate);
                    results.steady.add(run);
                    say(String.format(Locale.ROOT, "steady %-12s %5d/s: achieved %.0f/s, latency p50 %.1f p99 %.1f ms, pickup p50 %.1f ms, enqueue p50 %.1f p99 %.1f ms (load %.1f)",
                            system, rate, run.throughput(), run.latency().getValueAtPercentile(50) / 1e3,
                            run.latency().getValueAtPercentile(99) / 1e3, run.pickup().getValueAtPercentile(50) / 1e3,
                            run.enqueue().getValueAtPercentile(50) / 1e3, run.enqueue().getValueAtPercentile(99) / 1e3, run.load()));
                } catch (Exception e) {
                    results.problems.add("steady " + system + " at " + rate + "/s failed: " + e.getMessage());
                    say("steady " + system + " " + rate + " FAILED: " + e);
                }
            }
        }
    }

    private static void crash(Options o, BenchPostgres pg, QueueSettings settings, Results results) throws Exception {
        QueueSettings leased = settings.withLease(CRASH_LEASE);
        results.crashSettings = Describe.settings(pg, o.systems(), leased).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue().stream()
                        .filter(l -> l.contains("lease") || l.contains("timeout") || l.contains("heartbeat") || l.contains("poll"))
                        .toList(), (a, b) -> a, java.util.LinkedHashMap::new));
        Path logs = Files.createTempDirectory("sluice-bench-crash-");
        Crash crash = new Crash(pg, leased, Duration.ofMinutes(3), logs);
        for (int rep = 1; rep <= o.crashRepetitions(); rep++) {
            for (String system : rotate(o.systems(), rep - 1)) {
                try {
                    Crash.Run run = crash.run(system, rep);
                    results.crash.add(run);
                    say(String.format(Locale.ROOT, "crash %-12s rep %d: %d held by the victim, recovered in %.1f s, re-executed %d, "
                                    + "completed twice %d, never completed %d (load %.1f)", system, rep, run.heldByVictim(),
                            run.recoverySeconds(), run.reExecuted(), run.completedTwice(), run.neverCompleted(), run.load()));
                } catch (Exception e) {
                    results.problems.add("crash " + system + " rep " + rep + " failed: " + e.getMessage() + " (logs in " + logs + ")");
                    say("crash " + system + " rep " + rep + " FAILED: " + e);
                }
            }
        }
    }

    private static void sandbox(Options o, Results results) {
        try {
            results.sandbox = new SandboxOverhead().run(o.sandboxRounds(), o.quick() ? 20 : 200);
            say("sandbox: " + SandboxOverhead.summary(results.sandbox));
        } catch (Exception e) {
            results.problems.add("sandbox failed: " + e.getMessage());
            say("sandbox FAILED: " + e);
        }
    }

    private static void api(Options o, BenchPostgres pg, Results results) {
        try {
            results.api = new ApiLatency(pg).run(List.of(1, 8), o.apiRequests(), o.quick() ? 3 : 10);
            for (ApiLatency.Result a : results.api) {
                Stats st = a.millis().isEmpty() ? null : Stats.of(a.millis());
                say(String.format(Locale.ROOT, "api %d client(s): %d requests, p50 %s ms, p99 %s ms, %.1f/s, %d failed", a.clients(),
                        a.millis().size(), st == null ? "-" : Stats.fmt("%.0f", st.median()),
                        st == null ? "-" : Stats.fmt("%.0f", st.percentile(99)), a.perSecond(), a.failed()));
            }
        } catch (Exception e) {
            results.problems.add("api failed: " + e.getMessage());
            say("api FAILED: " + e);
        }
    }

    private static List<String> rotate(List<String> list, int by) {
        List<String> out = new ArrayList<>(list);
        java.util.Collections.rotate(out, -(by % Math.max(1, list.size())));
        return out;
    }

    static void say(String s) {
        System.out.println("[bench] " + s);
        System.out.flush();
    }

    static String label(String system) {
        return Systems.label(system);
    }
}
