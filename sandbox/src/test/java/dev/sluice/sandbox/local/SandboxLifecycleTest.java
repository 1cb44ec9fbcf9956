package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Capture;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.SandboxException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Starting, stopping, crashing and refusing: the sandbox as a service. */
class SandboxLifecycleTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    private static RunSpec python(String code, long wallMillis) {
        return new RunSpec("life-" + IDS.incrementAndGet(), "python", null, code, "", List.of(), TestSandboxes.limits(wallMillis));
    }

    private static List<String> leftoverProcesses(LocalSandboxConfig c) throws Exception {
        return HostProcesses.liveWithUidIn(c.uidBase(), c.uidBase() + c.slots());
    }

    @Test
    void preflightNamesEveryIsolationPiece() {
        LocalSandbox sandbox = TestSandboxes.started(TestSandboxes.config(1));
        try {
            assertThat(sandbox.preflight().checks()).extracting(Preflight.Check::name).contains("platform", "root", "bubblewrap",
                    "bubblewrap version", "setpriv", "prlimit", "seccomp", "user namespaces", "slot uids", "cgroups",
                    "cgroup memory controller", "cgroup pids controller", "cgroup cpu controller", "runtime python",
                    "runtime node", "runtime bash", "work root", "sandbox runs python", "sandbox runs node", "sandbox runs bash");
            assertThat(sandbox.preflight().checks()).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void aSandboxThatIsNotReadyRefusesToRunAndSaysWhy() throws Exception {
        // the slot uid cannot reach a work root under /root (0700): bwrap cannot mount the code, so nothing may run
        LocalSandboxConfig config = TestSandboxes.config(1).withWorkRoot(Path.of("/root/sluice-sandbox-unreachable-" + IDS.incrementAndGet()));
        LocalSandbox sandbox = new LocalSandbox(config);
        sandbox.start();
        try {
            assertThat(sandbox.preflight().ready()).isFalse();
            assertThat(sandbox.preflight().problem()).hasValueSatisfying(p -> assertThat(p)
                    .startsWith("sandbox runs ").contains("could not be set up").contains("setpriv --reuid="));
            assertThatThrownBy(() -> sandbox.run(python("print(1)", 5000), OutputSink.DISCARD, new CancelToken()))
                    .isInstanceOf(SandboxException.class).hasMessageContaining("refuses to run code");
        } finally {
            sandbox.stop();
        }
        assertThat(config.workRoot()).doesNotExist();
    }

    @Test
    void runBeforeStartAndStopBeforeStartAreHarmless() {
        LocalSandbox sandbox = new LocalSandbox(TestSandboxes.config(1));
        sandbox.stop();
        assertThat(sandbox.preflight().ready()).isFalse();
        assertThat(sandbox.runtimes()).isEmpty();
        assertThatThrownBy(() -> sandbox.run(python("print(1)", 5000), OutputSink.DISCARD, new CancelToken()))
                .isInstanceOf(SandboxException.class).hasMessageContaining("not running");
    }

    @Test
    void startRunStopTwiceOnTheSameInstance() throws Exception {
        LocalSandboxConfig config = TestSandboxes.config(2);
        LocalSandbox sandbox = new LocalSandbox(config);
        for (int cycle = 0; cycle < 2; cycle++) {
            sandbox.start();
            sandbox.start();
            assertThat(sandbox.preflight().ready()).isTrue();
            Capture out = new Capture();
            assertThat(sandbox.run(python("print('cycle')", 10_000), out, new CancelToken()).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(out.stdout()).isEqualTo("cycle\n");
            sandbox.stop();
            sandbox.stop();
            assertThat(config.workRoot()).doesNotExist();
            assertThat(CgroupMounts.ofThisProcess().driver(config.cgroupName()).orElseThrow().leftovers()).isEmpty();
        }
    }

    @Test
    void stopKillsRunsInProgressAndRefusesNewOnes() throws Exception {
        LocalSandboxConfig config = TestSandboxes.config(2);
        LocalSandbox sandbox = TestSandboxes.started(config);
        Capture out = new Capture();
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return sandbox.run(python("print('up', flush=True)\nwhile True:\n    pass\n", 60_000), out, new CancelToken());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        assertThat(out.firstStdout().await(30, TimeUnit.SECONDS)).isTrue();
        sandbox.stop();
        assertThat(running).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SandboxException.class).withMessageContaining("stopped during run");
        assertThatThrownBy(() -> sandbox.run(python("print(1)", 5000), OutputSink.DISCARD, new CancelToken()))
                .isInstanceOf(SandboxException.class);
        assertThat(leftoverProcesses(config)).isEmpty();
        assertThat(config.workRoot()).doesNotExist();
    }

    @Test
    void interruptingTheCallerKillsTheRun() throws Exception {
        LocalSandboxConfig config = TestSandboxes.config(1);
        LocalSandbox sandbox = TestSandboxes.started(config);
        try {
            Capture out = new Capture();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().name("interrupted-caller").start(() -> {
                try {
                    sandbox.run(python("print('up', flush=True)\nwhile True:\n    pass\n", 60_000), out, new CancelToken());
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            assertThat(out.firstStdout().await(30, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(leftoverProcesses(config)).isEmpty();
            Capture after = new Capture();
            assertThat(sandbox.run(python("print('next')", 10_000), after, new CancelToken()).outcome()).isEqualTo(Outcome.SUCCEEDED);
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void aFailingSinkStopsTheRunAsAnError() throws Exception {
        LocalSandboxConfig config = TestSandboxes.config(1);
        LocalSandbox sandbox = TestSandboxes.started(config);
        try {
            RunResult result = sandbox.run(python("while True:\n    print('y')\n", 30_000), (stream, chunk) -> {
                throw new IllegalStateException("client went away");
            }, new CancelToken());
            assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(result.detail()).contains("client went away");
            assertThat(leftoverProcesses(config)).isEmpty();
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void limitsAboveTheMaximaAndUnpassableArgumentsAreRefused() {
        LocalSandboxConfig config = TestSandboxes.config(1).withMaxLimits(Limits.DEFAULTS);
        LocalSandbox sandbox = TestSandboxes.started(config);
        try {
            Limits tooLong = new Limits(Duration.ofSeconds(11), Limits.DEFAULTS.memoryBytes(), 64, 1.0, Limits.DEFAULTS.outputBytes(),
                    Limits.DEFAULTS.fileSizeBytes(), Limits.DEFAULTS.tmpBytes());
            assertThatThrownBy(() -> sandbox.run(new RunSpec("life-max", "python", null, "", "", List.of(), tooLong),
                    OutputSink.DISCARD, new CancelToken())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed");
            assertThatThrownBy(() -> sandbox.run(new RunSpec("life-nul", "python", null, "", "", List.of("a\0b"), Limits.DEFAULTS),
                    OutputSink.DISCARD, new CancelToken())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
            List<String> huge = java.util.Collections.nCopies(200, "x".repeat(1000));
            assertThatThrownBy(() -> sandbox.run(new RunSpec("life-e2big", "python", null, "", "", huge, Limits.DEFAULTS),
                    OutputSink.DISCARD, new CancelToken())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void leftoverCgroupsAndTheirProcessesAreKilledAndRemovedAtStart() throws Exception {
        LocalSandboxConfig config = TestSandboxes.config(1);
        CgroupDriver driver = CgroupMounts.ofThisProcess().driver(config.cgroupName()).orElseThrow();
        assertThat(driver.prepare()).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
        RunCgroup orphan = driver.create("s0-orphan", Limits.DEFAULTS);
        Process sleeper = new ProcessBuilder("/bin/sleep", "120").start();
        try {
            for (Path procs : orphan.procsFiles()) {
                CgroupFiles.write(procs, String.valueOf(sleeper.pid()));
            }
            assertThat(driver.leftovers()).extracting(RunCgroup::name).containsExactly("s0-orphan");
            LocalSandbox sandbox = TestSandboxes.started(config);
            try {
                assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("the orphan's process was killed").isTrue();
                assertThat(driver.leftovers()).isEmpty();
            } finally {
                sandbox.stop();
            }
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void nothingSurvivesTheJvmBeingKilledAndTheNextStartCleansUp() throws Exception {
        LocalSandboxConfig config = TestSandboxes.config(2);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashHarness.class.getName(),
                String.valueOf(config.slots()), String.valueOf(config.uidBase()), config.cgroupName(), config.workRoot().toString())
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    StringBuilder seen = new StringBuilder();
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.equals("RUNNING")) {
                            return line;
                        }
                        seen.append(line).append('\n');
                    }
                    return "child ended without RUNNING:\n" + seen;
                } catch (java.io.IOException e) {
                    return "cannot read the child: " + e;
                }
            });
            assertThat(running.get(90, TimeUnit.SECONDS)).isEqualTo("RUNNING");
            assertThat(leftoverProcesses(config)).as("the run and its daemon are up").hasSizeGreaterThanOrEqualTo(2);

            child.destroyForcibly(); // SIGKILL: no shutdown hook, no stop()
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(leftoverProcesses(config)).isEmpty());

            CgroupDriver driver = CgroupMounts.ofThisProcess().driver(config.cgroupName()).orElseThrow();
            assertThat(driver.leftovers()).as("the dead JVM's run cgroup is still there").isNotEmpty();
            LocalSandbox next = TestSandboxes.started(config);
            try {
                assertThat(driver.leftovers()).isEmpty();
                Capture out = new Capture();
                assertThat(next.run(python("print('after the crash')", 10_000), out, new CancelToken()).outcome())
                        .isEqualTo(Outcome.SUCCEEDED);
            } finally {
                next.stop();
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
