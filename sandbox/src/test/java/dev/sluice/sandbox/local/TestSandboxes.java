package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configurations for test sandboxes: each gets its own cgroup name, work root and uid range, so test
 * sandboxes never see (or clean up) each other's runs.
 */
final class TestSandboxes {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();

    private TestSandboxes() {
    }

    static LocalSandboxConfig config(int slots) {
        int n = NEXT.incrementAndGet();
        return new LocalSandboxConfig(slots, 62000 + 100 * (n % 30), "sluice-test-" + PID + "-" + n,
                Path.of("/tmp/sluice-test-" + PID + "-" + n), LocalSandboxConfig.DEFAULT_MAX_LIMITS);
    }

    /** A started sandbox that must be ready: a test that needs the sandbox fails (never skips) without it. */
    static LocalSandbox started(LocalSandboxConfig config) {
        LocalSandbox sandbox = new LocalSandbox(config);
        sandbox.start();
        if (!sandbox.preflight().ready()) {
            sandbox.stop();
            throw new AssertionError("the local sandbox is not ready here: " + sandbox.preflight().problem().orElse("?"));
        }
        return sandbox;
    }

    static Limits limits(long wallMillis) {
        return new Limits(java.time.Duration.ofMillis(wallMillis), Limits.DEFAULTS.memoryBytes(), Limits.DEFAULTS.processes(),
                Limits.DEFAULTS.cpus(), Limits.DEFAULTS.outputBytes(), Limits.DEFAULTS.fileSizeBytes(), Limits.DEFAULTS.tmpBytes());
    }
}
