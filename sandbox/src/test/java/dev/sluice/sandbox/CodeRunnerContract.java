package dev.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link CodeRunner} promises, run against each runtime the runner offers. A runner's test
 * extends this and says how to make and dispose of the runner; every language it offers must have
 * {@link Programs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CodeRunnerContract {
    private static final AtomicInteger IDS = new AtomicInteger();

    protected CodeRunner runner;

    /** A started runner, ready to run code. */
    protected abstract CodeRunner createRunner();

    protected abstract void disposeRunner(CodeRunner runner);

    @BeforeAll
    void startRunner() {
        runner = createRunner();
        assertThat(runner.preflight().problem()).isEmpty();
    }

    @AfterAll
    void stopRunner() {
        if (runner != null) {
            disposeRunner(runner);
        }
    }

    Stream<RuntimeInfo> runtimes() {
        return runner.runtimes().stream();
    }

    protected static String newRunId() {
        return "contract-" + IDS.incrementAndGet();
    }

    protected static RunSpec spec(RuntimeInfo runtime, String code, String stdin, List<String> args, Limits limits) {
        return new RunSpec(newRunId(), runtime.language(), runtime.version(), code, stdin, args, limits);
    }

    protected static Limits limits(Duration wall) {
        return new Limits(wall, Limits.DEFAULTS.memoryBytes(), Limits.DEFAULTS.processes(), Limits.DEFAULTS.cpus(),
                Limits.DEFAULTS.outputBytes(), Limits.DEFAULTS.fileSizeBytes(), Limits.DEFAULTS.tmpBytes());
    }

    /** Java compiles the source first: its runs get a longer wall than the others. */
    protected static Duration generousWall(RuntimeInfo runtime) {
        return runtime.language().equals("java") ? Duration.ofSeconds(20) : Duration.ofSeconds(10);
    }

    protected RunResult run(RuntimeInfo runtime, String code, Capture out) throws InterruptedException {
        return runner.run(spec(runtime, code, "", List.of(), limits(generousWall(runtime))), out, new CancelToken());
    }

    @Test
    void offersPythonNodeAndBash() {
        assertThat(runner.runtimes()).extracting(RuntimeInfo::language).contains("python", "node", "bash");
        assertThat(runner.runtimes()).allSatisfy(r -> assertThat(r.version()).matches("\\d+(\\.\\d+)*\\S*"));
        assertThat(runner.runtimes()).allSatisfy(r -> Programs.of(r.language()));
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void helloWorld(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        RunResult result = run(runtime, Programs.of(runtime.language()).hello(), out);
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(out.stdout()).isEqualTo("hello, world\n");
        assertThat(out.stderr()).isEmpty();
        assertThat(result.wallTime()).isPositive();
        assertThat(result.cpuTime()).isPositive();
        assertThat(result.peakMemoryBytes()).isPositive();
        assertThat(result.stdoutTruncated()).isFalse();
        assertThat(result.stderrTruncated()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void stdinIsEchoed(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        String input = "line one\nline two ✓\n";
        RunResult result = runner.run(spec(runtime, Programs.of(runtime.language()).echoStdin(), input, List.of(),
                limits(generousWall(runtime))), out, new CancelToken());
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdout()).isEqualTo(input);
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void argumentsArrivePreciselyAndAreNeverInterpreted(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        List<String> args = List.of("plain", "two words", "--flag", "ünïcødé", "$(touch /tmp/x)", "'quoted'", "a;b|c&d", "*");
        RunResult result = runner.run(spec(runtime, Programs.of(runtime.language()).printArgs(), "", args,
                limits(generousWall(runtime))), out, new CancelToken());
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdout()).isEqualTo(String.join("\n", args) + "\n");
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void nonZeroExitIsAFailedOutcomeNotAnError(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        RunResult result = run(runtime, Programs.of(runtime.language()).exitWith(3), out);
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.detail()).contains("3");
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void unicodeOutputIsUtf8(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        RunResult result = run(runtime, Programs.of(runtime.language()).printUnicode(), out);
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdoutBytes()).isEqualTo((Programs.UNICODE + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void stdoutAndStderrAreSeparate(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        RunResult result = run(runtime, Programs.of(runtime.language()).stdoutAndStderr(), out);
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdout()).isEqualTo("out\n");
        assertThat(out.stderr()).isEqualTo("err\n");
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void outputStreamsWhileTheRunGoesOn(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> runQuietly(runtime,
                Programs.of(runtime.language()).printSleepPrint(), out));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.stdout().equals("first\n") || result.isDone());
        assertThat(result).as("the run was still going when its first line arrived").isNotDone();
        RunResult done = result.get(30, TimeUnit.SECONDS);
        assertThat(done.outcome()).as(done.detail() + " / " + out.stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdout()).isEqualTo("first\nsecond\n");
    }

    private RunResult runQuietly(RuntimeInfo runtime, String code, Capture out) {
        try {
            return run(runtime, code, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void wallLimitTimesOutAndKeepsEarlierOutput(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        Duration wall = runtime.language().equals("java") ? Duration.ofSeconds(6) : Duration.ofMillis(1500);
        RunResult result = runner.run(spec(runtime, Programs.of(runtime.language()).busyLoop(), "", List.of(), limits(wall)),
                out, new CancelToken());
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.exitCode()).isNull();
        assertThat(result.wallTime()).isGreaterThanOrEqualTo(wall);
        assertThat(out.stdout()).isEqualTo("started\n");
        assertThat(result.detail()).contains("wall");
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void outputPastTheLimitStopsTheRun(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        Limits small = new Limits(generousWall(runtime), Limits.DEFAULTS.memoryBytes(), Limits.DEFAULTS.processes(), 1.0,
                1000, Limits.DEFAULTS.fileSizeBytes(), Limits.DEFAULTS.tmpBytes());
        RunResult result = runner.run(spec(runtime, Programs.of(runtime.language()).endlessOutput(), "", List.of(), small),
                out, new CancelToken());
        assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.OUTPUT_LIMITED);
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stderrTruncated()).isFalse();
        assertThat(out.stdoutSize()).isEqualTo(1000);
        assertThat(out.stdout()).matches("(y\n)*y?");
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void memoryPastTheLimitIsContained(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        Limits small = new Limits(generousWall(runtime), 192 * Limits.MIB, Limits.DEFAULTS.processes(), 1.0,
                Limits.DEFAULTS.outputBytes(), Limits.DEFAULTS.fileSizeBytes(), Limits.DEFAULTS.tmpBytes());
        Programs programs = Programs.of(runtime.language());
        RunResult result = runner.run(spec(runtime, programs.allocateGiB(), "", List.of(), small), out, new CancelToken());
        assertThat(out.stdout()).startsWith("allocating\n").doesNotContain("1073741824");
        if (programs.heapLimitedBeforeCgroup()) {
            assertThat(result.outcome()).as(result.detail()).isIn(Outcome.OUT_OF_MEMORY, Outcome.FAILED);
            if (result.outcome() == Outcome.FAILED) {
                assertThat(out.stderr()).contains("OutOfMemoryError");
            }
        } else {
            assertThat(result.outcome()).as(result.detail() + " / " + out.stderr()).isEqualTo(Outcome.OUT_OF_MEMORY);
            assertThat(result.detail()).contains("192 MiB");
        }
        if (result.peakMemoryBytes() >= 0) {
            assertThat(result.peakMemoryBytes()).isLessThanOrEqualTo(192 * Limits.MIB);
        }
    }

    @ParameterizedTest
    @MethodSource("runtimes")
    void cancelStopsTheRunWithinASecond(RuntimeInfo runtime) throws Exception {
        Capture out = new Capture();
        CancelToken cancel = new CancelToken();
        CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(spec(runtime, Programs.of(runtime.language()).busyLoop(), "", List.of(),
                        limits(Duration.ofSeconds(60))), out, cancel);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        assertThat(out.firstStdout().await(30, TimeUnit.SECONDS)).isTrue();
        long cancelledAt = System.nanoTime();
        cancel.cancel();
        RunResult done = result.get(10, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt);
        assertThat(done.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(done.exitCode()).isNull();
        assertThat(tookMs).as("ms from cancel to result").isLessThan(1000);
    }

    @Test
    void alreadyCancelledRunDoesNotStart() throws Exception {
        RuntimeInfo any = runner.runtimes().getFirst();
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        Capture out = new Capture();
        RunResult result = runner.run(spec(any, Programs.of(any.language()).hello(), "", List.of(), limits(Duration.ofSeconds(10))),
                out, cancel);
        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(out.chunks()).isZero();
    }

    @Test
    void unknownLanguageOrVersionIsRefused() {
        RuntimeInfo any = runner.runtimes().getFirst();
        assertThatThrownBy(() -> runner.run(new RunSpec(newRunId(), "../../bin/sh", null, "echo", "", List.of(),
                Limits.DEFAULTS), OutputSink.DISCARD, new CancelToken())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no runtime");
        assertThatThrownBy(() -> runner.run(new RunSpec(newRunId(), any.language(), "0.0.0-nonexistent", "x", "", List.of(),
                Limits.DEFAULTS), OutputSink.DISCARD, new CancelToken())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run(new RunSpec(newRunId(), any.language(), "; rm -rf /", "x", "", List.of(),
                Limits.DEFAULTS), OutputSink.DISCARD, new CancelToken())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionPrefixSelectsTheRuntime() throws Exception {
        RuntimeInfo python = runner.runtimes().stream().filter(r -> r.language().equals("python")).findFirst().orElseThrow();
        String major = python.version().split("\\.")[0];
        Capture out = new Capture();
        RunResult result = runner.run(new RunSpec(newRunId(), "python", major, "import sys; print(sys.version_info[0])", "",
                List.of(), limits(Duration.ofSeconds(10))), out, new CancelToken());
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdout()).isEqualTo(major + "\n");
    }

    @Test
    void runIdIsRestrictedSoItCannotNameAPath() {
        assertThatThrownBy(() -> new RunSpec("../../etc", "python", null, "", "", List.of(), Limits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunSpec("a/b", "python", null, "", "", List.of(), Limits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunksAreAtMost64KiB() throws Exception {
        Capture out = new Capture();
        RuntimeInfo python = runner.runtimes().stream().filter(r -> r.language().equals("python")).findFirst().orElseThrow();
        Limits big = new Limits(Duration.ofSeconds(10), Limits.DEFAULTS.memoryBytes(), 64, 1.0, 1024 * 1024, Limits.MIB, Limits.MIB);
        RunResult result = runner.run(spec(python, "import sys\nsys.stdout.write('x' * 1000000)\n", "", List.of(), big), out,
                new CancelToken());
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdoutSize()).isEqualTo(1_000_000);
        assertThat(out.largestChunk()).isLessThanOrEqualTo(64 * 1024);
        assertThat(out.chunks()).isGreaterThan(1);
    }
}
