package dev.sluice.sandbox.local;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child JVM for {@link SandboxLifecycleTest}: starts a sandbox, runs a program that leaves a daemon
 * behind and sleeps, and prints RUNNING on its stdout once the program's output arrives. The test
 * then kills this JVM with SIGKILL.
 */
public final class CrashHarness {
    private CrashHarness() {
    }

    public static void main(String[] args) throws Exception {
        LocalSandboxConfig config = new LocalSandboxConfig(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2],
                Path.of(args[3]), LocalSandboxConfig.DEFAULT_MAX_LIMITS);
        LocalSandbox sandbox = new LocalSandbox(config);
        sandbox.start();
        if (!sandbox.preflight().ready()) {
            System.out.println("NOT READY " + sandbox.preflight().problem().orElse(""));
            System.exit(2);
        }
        AtomicBoolean told = new AtomicBoolean();
        String code = """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(120)
                    os._exit(0)
                print('up', flush=True)
                time.sleep(120)
                """;
        Limits limits = new Limits(Duration.ofSeconds(120), Limits.DEFAULTS.memoryBytes(), 64, 1.0, 4096, Limits.MIB, Limits.MIB);
        sandbox.run(new RunSpec("crash-1", "python", null, code, "", List.of(), limits), (stream, chunk) -> {
            if (told.compareAndSet(false, true)) {
                System.out.println("RUNNING");
                System.out.flush();
            }
        }, new CancelToken());
        System.out.println("FINISHED (the test should have killed this JVM)");
    }
}
