package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many workers, one database: nothing lost, nothing run twice, limits that hold. */
class ConcurrencyTest {
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void eightWorkersTenThousandJobsEachEffectExactlyOnce() {
        h.execute("CREATE TABLE public.effects (job_id bigint NOT NULL)");
        JobType<JsonNode> record = JobType.named("record", JsonNode.class).handler((ctx, p) -> {
            try (Connection c = h.database.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO public.effects (job_id) VALUES (?)")) {
                ps.setLong(1, ctx.jobId());
                ps.executeUpdate();
            }
            return Outcome.succeeded();
        }).build();
        JobTypes types = JobTypes.of(record);
        List<Engine> engines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            engines.add(h.start(types, EngineConfig.defaults(EngineHarness.newWorkerId(), List.of(QueueConfig.of("default", 4)))
                    .withPollInterval(Duration.ofMillis(100))));
        }
        int total = 10_000;
        for (int batch = 0; batch < total / 1000; batch++) {
            List<JobRequest> requests = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                requests.add(JobRequest.of("record", TestTypes.payload("i", batch * 1000 + i)));
            }
            engines.get(batch % engines.size()).jobs().enqueueAll(requests);
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> h.count("SELECT count(*) FROM sluice.jobs WHERE state = 'succeeded'") == total);
        assertThat(h.count("SELECT count(*) FROM public.effects")).isEqualTo(total);
        assertThat(h.count("SELECT count(DISTINCT job_id) FROM public.effects")).isEqualTo(total);
        assertThat(h.count("SELECT count(*) FROM sluice.jobs WHERE attempt <> 1")).isZero();
        assertThat(h.count("SELECT count(DISTINCT worker) FROM sluice.job_events WHERE kind = 'started'"))
                .as("work was spread over the workers").isGreaterThan(1);
    }

    @Test
    void oneIdempotencyKeyRacedFromManyThreadsMakesOneJob() throws Exception {
        Jobs jobs = new Jobs(h.database.dataSource(), JobTypes.of(TestTypes.counted()), java.time.InstantSource.system());
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Enqueued>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 1)).withIdempotencyKey("order-77"));
            }));
        }
        List<Enqueued> answers = new ArrayList<>();
        for (Future<Enqueued> f : results) {
            answers.add(f.get());
        }
        pool.shutdown();
        assertThat(answers).extracting(Enqueued::id).containsOnly(answers.get(0).id());
        assertThat(answers).filteredOn(Enqueued::created).hasSize(1);
        assertThat(h.count("SELECT count(*) FROM sluice.jobs")).isEqualTo(1);
    }

    /**
     * At most 2 jobs of one key run at once across three processes; a dead worker's job keeps its
     * slot until maintenance takes it back (the limit is counted from rows, so it cannot leak or be
     * forgotten); a busy key does not hold back another key.
     */
    @Test
    void aPerKeyLimitHoldsAcrossProcessesAndSurvivesADeadWorker() throws Exception {
        Map<String, AtomicInteger> now = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
        JobType<JsonNode> limited = JobType.named("limited", JsonNode.class).handler((ctx, p) -> {
            String key = p.path("key").asText();
            int current = now.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            peak.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(current, Math::max);
            Thread.sleep(50);
            now.get(key).decrementAndGet();
            return Outcome.succeeded();
        }).build();
        JobTypes types = JobTypes.of(limited);
        Jobs jobs = new Jobs(h.database.dataSource(), types, java.time.InstantSource.system());

        // a worker that claimed one of alice's jobs and then died: it never renews, never finishes
        long ghostJob = jobs.enqueue(JobRequest.of("limited", TestTypes.payload("key", "alice"))
                .withConcurrencyKey("alice")).id();
        assertThat(new dev.sluice.engine.store.JobStore(h.database.dataSource())
                .claim("default", "dead-worker", 1, Duration.ofMinutes(10), 2)).hasSize(1);

        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            requests.add(JobRequest.of("limited", TestTypes.payload("key", "alice")).withConcurrencyKey("alice"));
        }
        for (int i = 0; i < 10; i++) {
            requests.add(JobRequest.of("limited", TestTypes.payload("key", "bob")).withConcurrencyKey("bob"));
        }
        jobs.enqueueAll(requests);
        for (int i = 0; i < 3; i++) {
            h.start(types, EngineConfig.defaults(EngineHarness.newWorkerId(), List.of(new QueueConfig("default", 4, 2)))
                    .withPollInterval(Duration.ofMillis(50)).withRescueInterval(Duration.ofMillis(100)));
        }
        await().atMost(Duration.ofMinutes(1))
                .until(() -> h.count("SELECT count(*) FROM sluice.jobs WHERE state = 'succeeded'") == 40);
        assertThat(peak.get("alice").get()).as("alice's dead job holds one of her two slots").isEqualTo(1);
        assertThat(peak.get("bob").get()).isEqualTo(2);

        // the dead worker's lease runs out: maintenance takes the job back and it runs
        h.execute("UPDATE sluice.jobs SET lease_expires_at = now() - interval '1 second' WHERE id = " + ghostJob);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> h.count("SELECT count(*) FROM sluice.jobs WHERE state = 'succeeded'") == 41);
        assertThat(h.count("SELECT attempt FROM sluice.jobs WHERE id = " + ghostJob)).isEqualTo(2);
    }

    @Test
    void anAdminSetLimitForOneKeyOverridesTheQueueDefault() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        JobType<JsonNode> limited = JobType.named("limited", JsonNode.class).handler((ctx, p) -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.sleep(30);
            now.decrementAndGet();
            return Outcome.succeeded();
        }).build();
        h.execute("INSERT INTO sluice.concurrency_limits (key, max_running) VALUES ('carol', 1)");
        Engine engine = h.start(JobTypes.of(limited), EngineConfig.defaults(EngineHarness.newWorkerId(),
                List.of(new QueueConfig("default", 8, 4))).withPollInterval(Duration.ofMillis(50)));
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(JobRequest.of("limited", TestTypes.empty()).withConcurrencyKey("carol"));
        }
        engine.jobs().enqueueAll(requests);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.count("SELECT count(*) FROM sluice.jobs WHERE state = 'succeeded'") == 12);
        assertThat(peak.get()).isEqualTo(1);
    }
}
