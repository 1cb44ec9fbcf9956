package dev.sluice.kubernetes;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Starts runs on their own threads, as workers do, so the test thread can play the kubelet. */
final class Runs {
    private Runs() {}

    /** A running call of {@code run()}: its thread (to interrupt) and its result. */
    record Call(Thread thread, CompletableFuture<RunResult> result) {}

    static RunSpec python(String runId) {
        return python(runId, Limits.DEFAULTS);
    }

    static RunSpec python(String runId, Limits limits) {
        return new RunSpec(runId, "python", null, "import sys\nprint(sys.stdin.read())\n", "hello", List.of("--flag"),
                limits);
    }

    static Limits outputCap(long bytes) {
        Limits d = Limits.DEFAULTS;
        return new Limits(d.wall(), d.memoryBytes(), d.processes(), d.cpus(), bytes, d.fileSizeBytes(), d.tmpBytes());
    }

    static Limits wall(Duration wall) {
        Limits d = Limits.DEFAULTS;
        return new Limits(wall, d.memoryBytes(), d.processes(), d.cpus(), d.outputBytes(), d.fileSizeBytes(), d.tmpBytes());
    }

    static Call start(CodeRunner runner, RunSpec spec, OutputSink sink, CancelToken cancel) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("caller-" + spec.runId()).start(() -> {
            try {
                result.complete(runner.run(spec, sink, cancel));
            } catch (InterruptedException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return new Call(thread, result);
    }
}
