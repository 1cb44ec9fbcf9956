package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.engine.store.JobReads;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workers end to end on a real database: outcomes, retries, timeouts, cancellation, shutdown. */
class WorkerTest {
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static EngineConfig config(String... queues) {
        List<QueueConfig> q = java.util.Arrays.stream(queues.length == 0 ? new String[] {"default"} : queues)
                .map(name -> QueueConfig.of(name, 4)).toList();
        return EngineConfig.defaults(EngineHarness.newWorkerId(), q)
                .withPollInterval(Duration.ofMillis(200))
                .withRescueInterval(Duration.ofMillis(200))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    private Job awaitState(Engine engine, long id, JobState state) {
        JobReads reads = engine.reads();
        await().atMost(Duration.ofSeconds(15)).until(() -> reads.get(id, null).orElseThrow().state() == state);
        try {
            return reads.get(id, null).orElseThrow();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHandlerRunsAndItsResultIsKept() {
        JobType<JsonNode> echo = JobType.named("echo", JsonNode.class)
                .handler((ctx, p) -> Outcome.succeeded(p)).build();
        Engine engine = h.start(JobTypes.of(echo), config());
        long id = engine.jobs().enqueue(JobRequest.of("echo", TestTypes.payload("x", 42))).id();
        Job job = awaitState(engine, id, JobState.SUCCEEDED);
        assertThat(job.result().path("x").asInt()).isEqualTo(42);
        assertThat(job.attempt()).isEqualTo(1);
    }

    @Test
    void aNotificationWakesAnIdleWorkerLongBeforeThePollInterval() {
        JobType<JsonNode> echo = JobType.named("echo", JsonNode.class).handler((ctx, p) -> Outcome.succeeded()).build();
        Engine engine = h.start(JobTypes.of(echo), config().withPollInterval(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.notifier().isConnected());
        long begin = System.nanoTime();
        long id = engine.jobs().enqueue(JobRequest.of("echo", TestTypes.empty())).id();
        awaitState(engine, id, JobState.SUCCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aThrowingHandlerIsRetriedWithBackoffThenDeadWithEveryAttemptsError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        JobType<JsonNode> flaky = JobType.named("flaky", JsonNode.class)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                .handler((ctx, p) -> {
                    throw new IllegalStateException("failure " + calls.incrementAndGet());
                }).build();
        Engine engine = h.start(JobTypes.of(flaky), config());
        long id = engine.jobs().enqueue(JobRequest.of("flaky", TestTypes.empty()).withMaxAttempts(3)).id();
        Job job = awaitState(engine, id, JobState.DEAD);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(job.attempt()).isEqualTo(3);
        assertThat(job.lastError()).contains("failure 3").contains("no attempts left");
        assertThat(engine.reads().events(id, List.of("failed", "dead"))).extracting(JobEvent::message)
                .anySatisfy(m -> assertThat(m).contains("failure 1"))
                .anySatisfy(m -> assertThat(m).contains("failure 2"))
                .anySatisfy(m -> assertThat(m).contains("failure 3"));
    }

    @Test
    void aPermanentErrorIsDeadAtOnceWithoutBurningAttempts() {
        AtomicInteger calls = new AtomicInteger();
        JobType<JsonNode> poison = JobType.named("poison", JsonNode.class).handler((ctx, p) -> {
            calls.incrementAndGet();
            throw new PermanentJobException("this input can never work");
        }).build();
        Engine engine = h.start(JobTypes.of(poison), config());
        long id = engine.jobs().enqueue(JobRequest.of("poison", TestTypes.empty()).withMaxAttempts(5)).id();
        Job job = awaitState(engine, id, JobState.DEAD);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(job.lastError()).contains("this input can never work");
    }

    @Test
    void aTimeoutFailsTheAttempt() {
        JobType<JsonNode> slow = JobType.named("slow", JsonNode.class).handler((ctx, p) -> {
            Thread.sleep(60_000);
            return Outcome.succeeded();
        }).build();
        Engine engine = h.start(JobTypes.of(slow), config());
        long id = engine.jobs().enqueue(JobRequest.of("slow", TestTypes.empty()).withMaxAttempts(1)
                .withTimeout(Duration.ofSeconds(1))).id();
        Job job = awaitState(engine, id, JobState.DEAD);
        assertThat(job.lastError()).contains("timed out after 1 s");
    }

    @Test
    void aRunningJobIsCancelledFromAnotherProcessWithinASecond() {
        CountDownLatch started = new CountDownLatch(1);
        JobType<JsonNode> waits = JobType.named("waits", JsonNode.class).handler((ctx, p) -> {
            started.countDown();
            Thread.sleep(60_000);
            return Outcome.succeeded();
        }).build();
        Engine worker = h.start(JobTypes.of(waits), config());
        Engine api = h.startApiSide(JobTypes.of(waits), config());
        long id = api.jobs().enqueue(JobRequest.of("waits", TestTypes.empty())).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
        long begin = System.nanoTime();
        try {
            assertThat(api.store().cancel(id, null, "user asked")).isEqualTo(dev.sluice.engine.store.JobStore.CancelResult.REQUESTED);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Job job = awaitState(worker, id, JobState.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
        assertThat(job.attempt()).isEqualTo(1);
    }

    @Test
    void stoppingGivesRunningJobsTheGraceThenHandsThemBackWithoutCountingTheAttempt() {
        CountDownLatch started = new CountDownLatch(2);
        JobType<JsonNode> quick = JobType.named("quick", JsonNode.class).handler((ctx, p) -> {
            started.countDown();
            Thread.sleep(300);
            return Outcome.succeeded();
        }).build();
        JobType<JsonNode> endless = JobType.named("endless", JsonNode.class).handler((ctx, p) -> {
            started.countDown();
            Thread.sleep(600_000);
            return Outcome.succeeded();
        }).build();
        Engine engine = h.start(JobTypes.of(quick, endless), config().withShutdownGrace(Duration.ofSeconds(1)));
        long q = engine.jobs().enqueue(JobRequest.of("quick", TestTypes.empty())).id();
        long e = engine.jobs().enqueue(JobRequest.of("endless", TestTypes.empty())).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
        long begin = System.nanoTime();
        h.stop(engine);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(8));
        JobReads reads = new JobReads(h.database.dataSource());
        try {
            assertThat(reads.get(q, null).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            Job handedBack = reads.get(e, null).orElseThrow();
            assertThat(handedBack.state()).isEqualTo(JobState.QUEUED);
            assertThat(handedBack.attempt()).isZero();
            assertThat(reads.events(e, List.of("released"))).hasSize(1);
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void handlerEventsReachTheTrailWhileItRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JobType<JsonNode> talks = JobType.named("talks", JsonNode.class).handler((ctx, p) -> {
            ctx.event("output", "line 1", null);
            ctx.progress(Json.tree("{\"percent\":50}"));
            release.await(10, TimeUnit.SECONDS);
            return Outcome.succeeded();
        }).build();
        Engine engine = h.start(JobTypes.of(talks), config());
        long id = engine.jobs().enqueue(JobRequest.of("talks", TestTypes.empty())).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.reads().events(id, 0, 10).size() >= 4);
        assertThat(engine.reads().events(id, 0, 10)).extracting(JobEvent::kind)
                .containsExactly("enqueued", "started", "output", "progress");
        release.countDown();
        awaitState(engine, id, JobState.SUCCEEDED);
    }

    @Test
    void theOutboxEnqueueWakesWorkersOnlyAtCommit() throws Exception {
        JobType<JsonNode> echo = JobType.named("echo", JsonNode.class).handler((ctx, p) -> Outcome.succeeded()).build();
        Engine engine = h.start(JobTypes.of(echo), config());
        long id;
        try (Connection c = h.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            id = engine.jobs().enqueue(c, JobRequest.of("echo", TestTypes.empty())).id();
            // not visible, so not run, before the caller commits
            assertThat(engine.reads().get(id, null)).isEmpty();
            c.commit();
        }
        awaitState(engine, id, JobState.SUCCEEDED);
    }

    @Test
    void theWorkerRegistryShowsThisProcessAliveAndThenStopped() throws Exception {
        JobType<JsonNode> echo = JobType.named("echo", JsonNode.class).handler((ctx, p) -> Outcome.succeeded()).build();
        EngineConfig config = config("alpha", "beta");
        Engine engine = h.start(JobTypes.of(echo), config);
        var rows = engine.workers().list(engine.workerDeadAfter());
        assertThat(rows).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(config.workerId());
            assertThat(w.queues()).containsExactly("alpha", "beta");
            assertThat(w.alive()).isTrue();
            assertThat(w.pid()).isEqualTo(ProcessHandle.current().pid());
        });
        h.stop(engine);
        assertThat(engine.workers().list(engine.workerDeadAfter())).singleElement()
                .satisfies(w -> assertThat(w.alive()).isFalse());
    }

    @Test
    void resultsAndErrorsWithNulCharactersAreStoredAndAnOversizedResultIsRefusedPlainly() {
        JobType<JsonNode> odd = JobType.named("odd", JsonNode.class).handler((ctx, p) -> {
            if (p.path("big").asBoolean()) {
                return Outcome.succeeded(Json.MAPPER.valueToTree(java.util.Collections.nCopies(100_000, 1)));
            }
            if (p.path("fail").asBoolean()) {
                throw new IllegalStateException("bad\u0000byte");
            }
            return Outcome.succeeded(Json.MAPPER.valueToTree(java.util.Map.of("k\u0000", "v\u0000")));
        }).build();
        Engine engine = h.start(JobTypes.of(odd), config());
        long nul = engine.jobs().enqueue(JobRequest.of("odd", TestTypes.empty())).id();
        assertThat(awaitState(engine, nul, JobState.SUCCEEDED).result().path("k\uFFFD").asText()).isEqualTo("v\uFFFD");
        long failing = engine.jobs().enqueue(JobRequest.of("odd", TestTypes.payload("fail", true)).withMaxAttempts(1)).id();
        assertThat(awaitState(engine, failing, JobState.DEAD).lastError()).contains("bad\uFFFDbyte");
        long big = engine.jobs().enqueue(JobRequest.of("odd", TestTypes.payload("big", true))).id();
        assertThat(awaitState(engine, big, JobState.DEAD).lastError()).contains("result is larger than");
    }

    @Test
    void aHandlerThatReturnsFromItsCancelListenerEndsCancelledEveryTime() throws Exception {
        JobType<JsonNode> listens = JobType.named("listens", JsonNode.class).handler((ctx, p) -> {
            CountDownLatch stop = new CountDownLatch(1);
            ctx.onCancel(stop::countDown);
            while (!stop.await(10, TimeUnit.MILLISECONDS)) {
                Thread.onSpinWait();
            }
            return new Outcome.Cancelled("stopped by its listener");
        }).build();
        Engine engine = h.start(JobTypes.of(listens), config());
        for (int i = 0; i < 5; i++) {
            long id = engine.jobs().enqueue(JobRequest.of("listens", TestTypes.empty())).id();
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.reads().get(id, null).orElseThrow().state() == JobState.RUNNING);
            engine.store().cancel(id, null, "test");
            assertThat(awaitState(engine, id, JobState.CANCELLED).attempt()).isEqualTo(1);
        }
    }
}
