package dev.sluice.sandbox.local;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.SandboxException;
import dev.sluice.sandbox.runtimes.InstalledRuntime;
import dev.sluice.sandbox.runtimes.Runtimes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last preflight step: each discovered runtime runs its hello program through the real sandbox. */
final class HelloChecks {
    private static final Logger log = LoggerFactory.getLogger(HelloChecks.class);

    /** How a hello program is run: the sandbox's own run path, before it is declared ready. */
    @FunctionalInterface
    interface Runner {
        RunResult run(RunSpec spec, OutputSink output, CancelToken cancel) throws InterruptedException;
    }

    private final LocalSandboxConfig config;
    private final Runner runner;

    HelloChecks(LocalSandboxConfig config, Runner runner) {
        this.config = config;
        this.runner = runner;
    }

    /**
     * Runs each runtime's hello program through the real sandbox. A required runtime that fails makes
     * the sandbox not ready; an optional one is simply not offered.
     */
    Runtimes workingRuntimes(Runtimes discovered, List<Preflight.Check> checks) throws InterruptedException {
        List<InstalledRuntime> working = new ArrayList<>();
        for (InstalledRuntime runtime : discovered.installed()) {
            Preflight.Check hello = hello(runtime);
            if (hello.ok()) {
                working.add(runtime);
                checks.add(hello);
            } else if (runtime.language().required()) {
                checks.add(hello);
            } else {
                log.warn("{} is installed but does not run in the sandbox; not offered: {}", runtime.language().name(), hello.detail());
                checks.add(new Preflight.Check(hello.name(), true, "not offered: " + hello.detail(), null));
            }
        }
        return new Runtimes(working);
    }

    /** Runs the language's hello program through the whole sandbox: the check that this runtime really works there. */
    private Preflight.Check hello(InstalledRuntime runtime) throws InterruptedException {
        String name = "sandbox runs " + runtime.language().name();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSpec spec = new RunSpec("preflight-" + runtime.language().name(), runtime.language().name(), runtime.version(),
                runtime.language().helloProgram(), "", List.of(), helloLimits(config.maxLimits()));
        try {
            RunResult result = runner.run(spec, (stream, chunk) -> out.write(chunk, 0, chunk.length), new CancelToken());
            String printed = out.toString(StandardCharsets.UTF_8);
            boolean ok = result.outcome() == Outcome.SUCCEEDED && printed.equals("ok\n");
            return new Preflight.Check(name, ok, ok ? runtime.version() + " in " + result.wallTime().toMillis() + " ms"
                    : result.outcome() + " " + Objects.toString(result.detail(), "") + ": " + printed.strip(), ok ? null
                    : "check that " + runtime.executable() + " runs with only /usr mounted read-only and no network");
        } catch (SandboxException e) {
            return new Preflight.Check(name, false, e.getMessage(),
                    "check that bwrap works for an unprivileged user: setpriv --reuid=" + config.uidBase()
                            + " --regid=" + config.uidBase() + " --clear-groups bwrap --unshare-all --ro-bind / / true");
        }
    }

    /** Enough for any interpreter's hello (Java compiles it first), within what the sandbox allows. */
    private static Limits helloLimits(Limits max) {
        Duration wall = Duration.ofSeconds(30);
        return new Limits(wall.compareTo(max.wall()) < 0 ? wall : max.wall(), Math.min(256 * Limits.MIB, max.memoryBytes()),
                Math.min(64, max.processes()), Math.min(1.0, max.cpus()), Math.min(4096, max.outputBytes()),
                Math.min(Limits.MIB, max.fileSizeBytes()), Math.min(Limits.MIB, max.tmpBytes()));
    }
}
