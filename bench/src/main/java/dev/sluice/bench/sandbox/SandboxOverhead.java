package dev.sluice.bench.sandbox;

import dev.sluice.bench.Load;
import dev.sluice.bench.Stats;
import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.local.LocalSandbox;
import dev.sluice.sandbox.local.LocalSandboxConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local sandbox against a bare interpreter. Rounds interleave a bare {@code /usr/bin/python3 -c
 * pass} (ProcessBuilder, output discarded) with the same program through {@code LocalSandbox.run}, both
 * timed from the caller; the overhead of a round is sandboxed − bare. Then throughput: as many
 * sandboxed runs as the sandbox has slots, back to back, for a fixed number of runs.
 */
public final class SandboxOverhead {
    /** Wall times in milliseconds. */
    public record Result(List<Double> bare, List<Double> boxed, List<Double> overhead, List<Double> boxedHi,
            int slots, int throughputRuns, double runsPerSecond, double load) {}

    /** Its own cgroup, work root and uid range, away from any Sluice running on this host. */
    static LocalSandboxConfig config() {
        return LocalSandboxConfig.defaults().withCgroupName("sluice-bench").withWorkRoot(Path.of("/run/sluice-bench"))
                .withUidBase(64900);
    }

    public Result run(int rounds, int throughputRuns) throws Exception {
        LocalSandbox sandbox = new LocalSandbox(config());
        sandbox.start();
        try {
            if (!sandbox.preflight().ready()) {
                throw new IllegalStateException("the sandbox is not ready: " + sandbox.preflight().problem().orElse("?"));
            }
            List<Double> bare = new ArrayList<>();
            List<Double> boxed = new ArrayList<>();
            List<Double> overhead = new ArrayList<>();
            List<Double> boxedHi = new ArrayList<>();
            int warmUp = 5;
            for (int i = 0; i < rounds + warmUp; i++) {
                double b = bare();
                double s = boxed(sandbox, "o" + i, "pass");
                double h = boxed(sandbox, "h" + i, "print(\"hi\")");
                if (i >= warmUp) {
                    bare.add(b);
                    boxed.add(s);
                    overhead.add(s - b);
                    boxedHi.add(h);
                }
            }
            int slots = sandbox.config().slots();
            AtomicInteger next = new AtomicInteger();
            long begin = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(slots)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < slots; t++) {
                    futures.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < throughputRuns) {
                            boxed(sandbox, "t" + i, "print(\"hi\")");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            double runsPerSecond = throughputRuns / ((System.nanoTime() - begin) / 1e9);
            return new Result(bare, boxed, overhead, boxedHi, slots, throughputRuns, runsPerSecond, Load.now());
        } finally {
            sandbox.stop();
        }
    }

    private static double bare() throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "pass")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bare python3 failed");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double boxed(LocalSandbox sandbox, String id, String code) throws Exception {
        long t0 = System.nanoTime();
        RunResult r = sandbox.run(new RunSpec("bench-" + id, "python", null, code, "", List.of(), Limits.DEFAULTS),
                OutputSink.DISCARD, new CancelToken());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.outcome() != Outcome.SUCCEEDED) {
            throw new IllegalStateException("sandboxed run failed: " + r);
        }
        return ms;
    }

    public static String summary(Result r) {
        Stats o = Stats.of(r.overhead());
        return String.format(java.util.Locale.ROOT, "overhead median %.1f ms, p90 %.1f ms; %.1f runs/s", o.median(),
                o.percentile(90), r.runsPerSecond());
    }
}
