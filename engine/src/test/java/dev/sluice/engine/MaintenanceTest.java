package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.engine.maintenance.CronExpression;
import dev.sluice.engine.maintenance.Maintainer;
import dev.sluice.engine.maintenance.PeriodicJob;
import dev.sluice.engine.maintenance.PeriodicScheduler;
import dev.sluice.engine.maintenance.Pruner;
import dev.sluice.engine.store.JobStore;
import dev.sluice.engine.store.WorkerStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaintenanceTest {
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
    void eachPeriodIsEnqueuedExactlyOnceAcrossThreeProcesses() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:03Z"));
        InstantSource clock = now::get;
        JobTypes types = JobTypes.of(TestTypes.counted());
        PeriodicJob report = PeriodicJob.of("report", "*/10 * * * * *", JobRequest.of("counted", TestTypes.payload("n", 1)));
        List<PeriodicScheduler> schedulers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            schedulers.add(new PeriodicScheduler(h.database.dataSource(),
                    new Jobs(h.database.dataSource(), types, clock), List.of(report), clock));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        int fired = 0;
        for (int step = 0; step < 6; step++) {
            CyclicBarrier together = new CyclicBarrier(3);
            List<Future<Integer>> runs = new ArrayList<>();
            for (PeriodicScheduler s : schedulers) {
                runs.add(pool.submit(() -> {
                    together.await();
                    return s.runOnce();
                }));
            }
            for (Future<Integer> f : runs) {
                fired += f.get();
            }
            now.set(now.get().plusSeconds(10));
        }
        pool.shutdown();
        // 10:00:03 registers the schedule; 10:00:10, :20, :30, :40, :50 fire
        assertThat(fired).isEqualTo(5);
        assertThat(h.count("SELECT count(*) FROM sluice.jobs")).isEqualTo(5);
        assertThat(h.count("SELECT count(DISTINCT idempotency_key) FROM sluice.jobs")).isEqualTo(5);
    }

    @Test
    void missedPeriodsFireOnceNotOnceEach() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
        PeriodicScheduler scheduler = new PeriodicScheduler(h.database.dataSource(),
                new Jobs(h.database.dataSource(), JobTypes.of(TestTypes.counted()), now::get),
                List.of(PeriodicJob.of("minutely", "* * * * *", JobRequest.of("counted", TestTypes.payload("n", 1)))), now::get);
        scheduler.runOnce();
        now.set(now.get().plus(Duration.ofHours(3)));
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertThat(scheduler.runOnce()).isZero();
    }

    private Maintainer maintainer(String holder, AtomicInteger counter) {
        return new Maintainer(h.database.dataSource(), holder, Duration.ofSeconds(2),
                List.of(new Maintainer.Task("count", Duration.ofMillis(1), counter::incrementAndGet)));
    }

    @Test
    void oneLeaderAtATimeAndLeadershipMovesAtOnceWhenTheLeaderStops() {
        AtomicInteger ranOnFirst = new AtomicInteger();
        AtomicInteger ranOnSecond = new AtomicInteger();
        Maintainer first = maintainer("first", ranOnFirst);
        Maintainer second = maintainer("second", ranOnSecond);
        first.runOnce();
        second.runOnce();
        assertThat(first.isLeader()).isTrue();
        assertThat(second.isLeader()).isFalse();
        assertThat(ranOnFirst.get()).isEqualTo(1);
        assertThat(ranOnSecond.get()).isZero();

        first.start();
        first.stop(); // resigns
        second.runOnce();
        assertThat(second.isLeader()).isTrue();
        assertThat(ranOnSecond.get()).isEqualTo(1);
        second.stop();
    }

    @Test
    void aFrozenLeaderIsReplacedAfterItsTtlAndStepsBackWhenItWakes() {
        AtomicInteger ranOnFrozen = new AtomicInteger();
        AtomicInteger ranOnOther = new AtomicInteger();
        Maintainer frozen = maintainer("frozen", ranOnFrozen);
        Maintainer other = maintainer("other", ranOnOther);
        frozen.runOnce(); // leads, then stops renewing (frozen)
        other.runOnce();
        assertThat(other.isLeader()).isFalse();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            other.runOnce();
            return other.isLeader();
        });
        frozen.runOnce(); // wakes up
        assertThat(frozen.isLeader()).isFalse();
        assertThat(ranOnFrozen.get()).isEqualTo(1);
    }

    @Test
    void pruningDeletesOnlyFinishedJobsPastTheirRetention() throws Exception {
        Jobs jobs = new Jobs(h.database.dataSource(), JobTypes.of(TestTypes.counted()), InstantSource.system());
        JobStore store = new JobStore(h.database.dataSource());
        long old = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 1))).id();
        long recent = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 2))).id();
        long waiting = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 3)).withRunAt(Instant.now().plusSeconds(60))).id();
        for (Job j : store.claim("default", "w", 2, Duration.ofMinutes(1), null)) {
            store.finish("w", List.of(new JobStore.Finish(j.id(), j.attempt(), JobState.SUCCEEDED, "succeeded", null, null, null)));
        }
        h.execute("UPDATE sluice.jobs SET finished_at = now() - interval '8 days' WHERE id = " + old);
        int pruned = new Pruner(store, new WorkerStore(h.database.dataSource()), Duration.ofDays(7), Duration.ofDays(30)).runOnce();
        assertThat(pruned).isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM sluice.jobs WHERE id = " + old)).isZero();
        assertThat(h.count("SELECT count(*) FROM sluice.job_events WHERE job_id = " + old)).isZero();
        assertThat(h.count("SELECT count(*) FROM sluice.jobs WHERE id IN (" + recent + "," + waiting + ")")).isEqualTo(2);
    }

    @Test
    void cronExpressionsFindTheirNextTime() {
        var utc = java.time.ZoneOffset.UTC;
        var t = java.time.ZonedDateTime.of(2026, 1, 30, 23, 59, 30, 0, utc);
        assertThat(CronExpression.parse("* * * * *").next(t)).isEqualTo(t.withSecond(0).plusMinutes(1));
        assertThat(CronExpression.parse("0 9 * * MON-FRI").next(t))
                .isEqualTo(java.time.ZonedDateTime.of(2026, 2, 2, 9, 0, 0, 0, utc)); // Monday
        assertThat(CronExpression.parse("@monthly").next(t)).isEqualTo(java.time.ZonedDateTime.of(2026, 2, 1, 0, 0, 0, 0, utc));
        assertThat(CronExpression.parse("*/15 * * * * *").next(t)).isEqualTo(t.withSecond(45));
        assertThat(CronExpression.parse("0 0 29 2 *").next(t)).isEqualTo(java.time.ZonedDateTime.of(2028, 2, 29, 0, 0, 0, 0, utc));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CronExpression.parse("61 * * * *"))
                .hasMessageContaining("minute 61 is outside 0-59");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CronExpression.parse("* * *"))
                .hasMessageContaining("needs 5 fields");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        java.util.Random random = new java.util.Random(7);
        for (int attempt = 1; attempt <= 10; attempt++) {
            long ceiling = Math.min(60_000, 1000L << (attempt - 1));
            Duration d = backoff.delay(attempt, random);
            assertThat(d.toMillis()).isBetween(ceiling / 2, ceiling);
        }
    }
}
