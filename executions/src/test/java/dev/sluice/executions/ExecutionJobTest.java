package dev.sluice.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.Json;
import dev.sluice.database.Database;
import dev.sluice.engine.Engine;
import dev.sluice.engine.EngineConfig;
import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.JobState;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.InvalidJobException;
import dev.sluice.engine.QueueConfig;
import dev.sluice.lifecycle.ServiceGroup;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.local.LocalSandbox;
import dev.sluice.sandbox.local.LocalSandboxConfig;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.assertj.core.api.Assertions;

/** Executions end to end: real PostgreSQL, a real engine, the real local sandbox. */
class ExecutionJobTest {
    static TestDatabase db;
    static Database database;
    static LocalSandbox sandbox;
    static ServiceGroup group;
    static Engine engine;

    @BeforeAll
    static void start() {
        db = TestPostgres.get().newDatabase();
        database = db.pool(8);
        sandbox = new LocalSandbox(LocalSandboxConfig.defaults().withSlots(4).withCgroupName("sluice-test-exec")
                .withUidBase(62000).withWorkRoot(Path.of("/run/sluice-test-exec")).withMaxLimits(ExecutionPolicy.HARD_MAXIMA));
        sandbox.start();
        assertThat(sandbox.preflight().ready()).as(sandbox.preflight().problem().orElse("")).isTrue();
        ExecutionPolicy policy = new ExecutionPolicy(() -> ExecutionPolicy.DEFAULT_MAXIMA);
        engine = new Engine(database.dataSource(), () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()),
                JobTypes.of(ExecutionJob.type(policy, () -> sandbox)),
                EngineConfig.defaults("exec-test-worker", List.of(QueueConfig.of(ExecutionJob.QUEUE, 4)))
                        .withPollInterval(Duration.ofMillis(100)),
                new EngineMetrics(new SimpleMeterRegistry()), InstantSource.system(), "worker", "test",
                () -> JsonNodeFactory.instance.objectNode());
        group = new ServiceGroup("test", engine.services(true));
        group.start();
    }

    @AfterAll
    static void stop() {
        group.stop();
        sandbox.stop();
        database.stop();
    }

    private long submit(String language, String code, String stdin, Map<String, Object> limits) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("language", language);
        payload.put("code", code);
        if (stdin != null) {
            payload.put("stdin", stdin);
        }
        if (limits != null) {
            payload.put("limits", limits);
        }
        return engine.jobs().enqueue(JobRequest.of(ExecutionJob.NAME, Json.MAPPER.valueToTree(payload))).id();
    }

    private Map<String, Object> awaitFinal(long id) {
        await().atMost(Duration.ofSeconds(40)).until(() -> engine.reads().get(id, null).orElseThrow().state().isFinal());
        try {
            return Executions.view(engine.reads().get(id, null).orElseThrow());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String liveOutput(long id) throws java.sql.SQLException {
        StringBuilder text = new StringBuilder();
        for (JobEvent e : engine.reads().events(id, List.of("output"))) {
            text.append(e.data().path("text").asText());
        }
        return text.toString();
    }

    @Test
    void pythonPrintsFortyFive() {
        Map<String, Object> done = awaitFinal(submit("python", "print(sum(range(10)))", null, null));
        assertThat(done.get("status")).isEqualTo("succeeded");
        assertThat(done.get("exitCode")).isEqualTo(0);
        assertThat(done.get("stdout")).isEqualTo("45\n");
        assertThat((Long) done.get("wallMs")).isPositive();
        assertThat((Long) done.get("peakMemoryBytes")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "bash"})
    void everyRequiredRuntimeRunsCodeReadsStdinAndReportsItsExitCode(String language) {
        String code = switch (language) {
            case "python" -> "import sys\nprint(sys.stdin.read().strip() + '!')\nprint('oops', file=sys.stderr)\nsys.exit(3)";
            case "node" -> "let d='';process.stdin.on('data',c=>d+=c);process.stdin.on('end',()=>{console.log(d.trim()+'!');console.error('oops');process.exit(3);});";
            default -> "read -r line; echo \"$line!\"; echo oops >&2; exit 3";
        };
        Map<String, Object> done = awaitFinal(submit(language, code, "héllo\n", null));
        assertThat(done.get("status")).as(done.toString()).isEqualTo("failed");
        assertThat(done.get("exitCode")).isEqualTo(3);
        assertThat(done.get("stdout")).isEqualTo("héllo!\n");
        assertThat(done.get("stderr")).isEqualTo("oops\n");
    }

    @Test
    void aScriptThatExitsOneIsAResultNotAJobFailure() throws Exception {
        long id = submit("bash", "exit 1", null, null);
        Map<String, Object> done = awaitFinal(id);
        assertThat(done.get("status")).isEqualTo("failed");
        Job job = engine.reads().get(id, null).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.attempt()).isEqualTo(1);
    }

    @Test
    void anInfiniteLoopTimesOutKeepingWhatItPrintedAndOutputStreamsWhileItRuns() throws Exception {
        long id = submit("python", "import time\nprint('started', flush=True)\nwhile True:\n    time.sleep(0.1)\n", null,
                Map.of("wallSeconds", 3));
        // the output arrives while the run is still going (a program may write it in more than one piece)
        await().atMost(Duration.ofSeconds(10)).until(() -> liveOutput(id).equals("started\n")
                && engine.reads().get(id, null).orElseThrow().state() == JobState.RUNNING);
        assertThat(engine.reads().events(id, List.of("output"))).allSatisfy(e ->
                assertThat(e.data().path("stream").asText()).isEqualTo("stdout"));
        Map<String, Object> done = awaitFinal(id);
        assertThat(done.get("status")).isEqualTo("timed_out");
        assertThat(done.get("stdout")).isEqualTo("started\n");
    }

    @Test
    void aCancelledRunStopsWithinASecondAndKeepsItsOutput() throws Exception {
        long id = submit("bash", "echo before; sleep 30; echo after", null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine.reads().events(id, List.of("output")).isEmpty());
        long begin = System.nanoTime();
        engine.store().cancel(id, null, "test");
        Map<String, Object> done = awaitFinal(id);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
        assertThat(done.get("status")).isEqualTo("cancelled");
        assertThat(done.get("stdout")).isEqualTo("before\n");
    }

    @Test
    void endlessOutputIsCappedAndMarked() {
        Map<String, Object> done = awaitFinal(submit("python", "while True:\n    print('x' * 1000)\n", null,
                Map.of("outputKb", 16)));
        assertThat(done.get("status")).isEqualTo("output_limited");
        assertThat(done.get("stdoutTruncated")).isEqualTo(true);
        assertThat(((String) done.get("stdout")).length()).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void badRequestsAreRefusedAtEnqueueNamingTheField() {
        record Case(Map<String, Object> payload, String field) {}
        List<Case> cases = List.of(
                new Case(Map.of("code", "print(1)"), "language"),
                new Case(Map.of("language", "py thon; rm -rf /", "code", "x"), "language"),
                new Case(Map.of("language", "python", "version", "../../bin", "code", "x"), "version"),
                new Case(Map.of("language", "python"), "code"),
                new Case(Map.of("language", "python", "code", "x", "limits", Map.of("wallSeconds", 3600)), "limits.wallSeconds"),
                new Case(Map.of("language", "python", "code", "x", "limits", Map.of("memoryMb", 1_000_000)), "limits.memoryMb"),
                new Case(Map.of("language", "python", "code", "x", "args", List.of("a\u0000b")), "args[0]"));
        for (Case c : cases) {
            Assertions.assertThatThrownBy(() -> engine.jobs().enqueue(JobRequest.of(ExecutionJob.NAME,
                            Json.MAPPER.valueToTree(c.payload()))))
                    .isInstanceOf(InvalidJobException.class)
                    .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo(c.field()));
        }
    }

    @Test
    void anUnknownRuntimeOnThisWorkerIsAPermanentError() {
        Map<String, Object> done = awaitFinal(submit("cobol", "DISPLAY 'HI'", null, null));
        assertThat(done.get("status")).isEqualTo("error");
        assertThat((String) done.get("detail")).containsIgnoringCase("cobol");
    }

}
