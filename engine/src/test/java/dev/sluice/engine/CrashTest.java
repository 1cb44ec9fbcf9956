package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers in separate JVMs, killed or frozen mid-job. The job is recovered by another worker within
 * one lease plus one rescue interval and completes once; a frozen worker that wakes up late cannot
 * overwrite the newer attempt's result.
 */
class CrashTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RESCUE = Duration.ofMillis(250);
    /** Shorter than the lease: a dead leader is replaced before its own jobs' leases run out. */
    private static final Duration LEADER_TTL = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Process worker(String id, String queue, long handlerMs) throws IOException {
        Path log = tmp.resolve(id + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerProcessMain.class.getName(),
                h.db.jdbcUrl(), h.db.user(), h.db.password(), id, queue, Long.toString(LEASE.toMillis()),
                Long.toString(LEADER_TTL.toMillis()), Long.toString(handlerMs))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("WORKER READY") || !p.isAlive());
        assertThat(p.isAlive()).as("worker %s started; log: %s", id, Files.readString(log)).isTrue();
        return p;
    }

    private Engine rescuer(String queue) {
        JobType<JsonNode> crashy = JobType.named("crashy", JsonNode.class)
                .handler((ctx, p) -> Outcome.succeeded(JsonNodeFactory.instance.objectNode().put("by", "rescuer"))).build();
        return h.start(JobTypes.of(crashy), EngineConfig.defaults(EngineHarness.newWorkerId(), List.of(QueueConfig.of(queue, 2)))
                .withLease(LEASE).withRescueInterval(RESCUE).withLeaderTtl(LEADER_TTL).withPollInterval(Duration.ofMillis(100)));
    }

    private JobTypes types() {
        return JobTypes.of(JobType.named("crashy", JsonNode.class).build());
    }

    @Test
    void aWorkerKilledMidJobIsRecoveredWithinTheLeaseBoundRepeatedly() throws Exception {
        Jobs jobs = new Jobs(h.database.dataSource(), types(), java.time.InstantSource.system());
        for (int round = 1; round <= 3; round++) {
            String id = "victim-" + round;
            String queue = "round-" + round;
            Process victim = worker(id, queue, 600_000);
            long job = jobs.enqueue(JobRequest.of("crashy", TestTypes.empty()).withQueue(queue).withMaxAttempts(5)).id();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    h.count("SELECT count(*) FROM sluice.jobs WHERE id = " + job + " AND state = 'running' AND lease_owner = '" + id + "'") == 1);

            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
            long killedAt = System.nanoTime();
            Engine r = rescuer(queue);
            await().atMost(Duration.ofSeconds(20)).until(() -> r.reads().get(job, null).orElseThrow().state() == JobState.SUCCEEDED);
            Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
            Job done = r.reads().get(job, null).orElseThrow();
            assertThat(done.result().path("by").asText()).isEqualTo("rescuer");
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(r.reads().events(job, List.of("succeeded"))).hasSize(1);
            // the victim may have led maintenance; its leadership lapses before its lease does
            assertThat(recovery).as("recovered within one lease + one rescue interval (+ slack for polling and a JVM start)")
                    .isLessThan(LEASE.plus(RESCUE).plusSeconds(2));
            h.stop(r);
        }
    }

    @Test
    void aFrozenWorkerThatWakesUpLateIsFencedOff() throws Exception {
        Jobs jobs = new Jobs(h.database.dataSource(), types(), java.time.InstantSource.system());
        Process sleeper = worker("sleeper", "default", 4_000);
        long job = jobs.enqueue(JobRequest.of("crashy", TestTypes.empty())).id();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                h.count("SELECT count(*) FROM sluice.jobs WHERE id = " + job + " AND lease_owner = 'sleeper'") == 1);
        signal(sleeper, "STOP"); // frozen: a long GC pause, a network partition
        try {
            Engine r = rescuer("default");
            await().atMost(Duration.ofSeconds(20)).until(() -> r.reads().get(job, null).orElseThrow().state() == JobState.SUCCEEDED);
            signal(sleeper, "CONT");
            // the sleeper's handler finishes its 4 s and tries to write its result: it must be rejected
            Path log = tmp.resolve("sleeper.log");
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                String text = Files.readString(log);
                return text.contains("rejected") || text.contains("lease is gone") || text.contains("could not be renewed in time");
            });
            Job done = r.reads().get(job, null).orElseThrow();
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.result().path("by").asText()).isEqualTo("rescuer");
            assertThat(r.reads().events(job, List.of("succeeded"))).singleElement()
                    .satisfies(e -> assertThat(e.worker()).isNotEqualTo("sleeper"));
        } finally {
            signal(sleeper, "CONT");
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }
}
