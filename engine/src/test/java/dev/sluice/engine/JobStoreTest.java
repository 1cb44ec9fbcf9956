package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.engine.store.JobReads;
import dev.sluice.engine.store.JobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's contract: each transition, its guard, and what the database refuses outright. */
class JobStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    EngineHarness h;
    JobStore store;
    JobReads reads;
    Jobs jobs;

    @BeforeEach
    void setUp() {
        h = new EngineHarness();
        store = new JobStore(h.database.dataSource());
        reads = new JobReads(h.database.dataSource());
        jobs = new Jobs(h.database.dataSource(), JobTypes.of(TestTypes.counted()), InstantSource.system());
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private long enqueue(int n) {
        return jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", n))).id();
    }

    @Test
    void enqueueStoresAQueuedJobWithItsTypesDefaultsAndAnEvent() throws Exception {
        long id = enqueue(1);
        Job job = reads.get(id, null).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.queue()).isEqualTo("default");
        assertThat(job.attempt()).isZero();
        assertThat(job.maxAttempts()).isEqualTo(3);
        assertThat(job.payload().path("n").asInt()).isEqualTo(1);
        assertThat(reads.events(id, 0, 10)).extracting(JobEvent::kind, JobEvent::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple("enqueued", 1));
    }

    @Test
    void batchEnqueueKeepsInputOrderAndIdempotencyKeysReturnTheExistingJob() {
        List<Enqueued> first = jobs.enqueueAll(List.of(
                JobRequest.of("counted", TestTypes.payload("n", 1)).withIdempotencyKey("k1"),
                JobRequest.of("counted", TestTypes.payload("n", 2)),
                JobRequest.of("counted", TestTypes.payload("n", 3)).withIdempotencyKey("k1")));
        assertThat(first.get(0).created()).isTrue();
        assertThat(first.get(1).created()).isTrue();
        assertThat(first.get(2).created()).isFalse();
        assertThat(first.get(2).id()).isEqualTo(first.get(0).id());
        assertThat(first.get(1).id()).isGreaterThan(first.get(0).id());

        Enqueued again = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 9)).withIdempotencyKey("k1"));
        assertThat(again.created()).isFalse();
        assertThat(again.id()).isEqualTo(first.get(0).id());
        // the same key in another queue is another job
        Enqueued elsewhere = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 9)).withIdempotencyKey("k1")
                .withQueue("other"));
        assertThat(elsewhere.created()).isTrue();
        assertThat(h.count("SELECT count(*) FROM sluice.jobs")).isEqualTo(3);
    }

    @Test
    void claimTakesDueJobsByPriorityThenRunAtAndGrantsALease() throws Exception {
        long low = enqueue(1);
        long high = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 2)).withPriority(10)).id();
        long later = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 3))
                .withRunAt(Instant.now().plusSeconds(3600))).id();
        List<Job> claimed = store.claim("default", "w1", 10, LEASE, null);
        assertThat(claimed).extracting(Job::id).containsExactly(high, low);
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.RUNNING);
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.leaseOwner()).isEqualTo("w1");
            assertThat(j.leaseExpiresAt()).isAfter(Instant.now().plusSeconds(20));
        });
        assertThat(reads.get(later, null).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(store.claim("default", "w2", 10, LEASE, null)).isEmpty();
    }

    @Test
    void finishIsFencedByAttemptAndOwner() throws Exception {
        long id = enqueue(1);
        Job job = store.claim("default", "w1", 1, LEASE, null).get(0);
        var stale = new JobStore.Finish(id, job.attempt() + 1, JobState.SUCCEEDED, "succeeded", "{}", null, null);
        assertThat(store.finish("w1", List.of(stale))).isEmpty();
        var wrongOwner = new JobStore.Finish(id, job.attempt(), JobState.SUCCEEDED, "succeeded", "{}", null, null);
        assertThat(store.finish("w2", List.of(wrongOwner))).isEmpty();
        assertThat(reads.get(id, null).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        var right = new JobStore.Finish(id, job.attempt(), JobState.SUCCEEDED, "succeeded", "{\"ok\":true}", null, null);
        assertThat(store.finish("w1", List.of(right))).containsExactly(id);
        Job done = reads.get(id, null).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.result().path("ok").asBoolean()).isTrue();
        assertThat(done.leaseOwner()).isNull();
        assertThat(done.finishedAt()).isNotNull();
        // a second write of the same outcome is fenced too: the job is no longer running
        assertThat(store.finish("w1", List.of(right))).isEmpty();
    }

    @Test
    void aFailedAttemptIsScheduledForRetryAndClaimedAgainWhenDue() throws Exception {
        long id = enqueue(1);
        Job job = store.claim("default", "w1", 1, LEASE, null).get(0);
        store.finish("w1", List.of(new JobStore.Finish(id, job.attempt(), JobState.FAILED, "failed", null, "boom",
                Duration.ofMillis(200))));
        Job failed = reads.get(id, null).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).isEqualTo("boom");
        assertThat(store.claim("default", "w1", 1, LEASE, null)).isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !store.claim("default", "w1", 1, LEASE, null).isEmpty());
        assertThat(reads.get(id, null).orElseThrow().attempt()).isEqualTo(2);
    }

    @Test
    void renewalReturnsOnlyLeasesStillHeldAndCarriesCancelRequests() throws Exception {
        long a = enqueue(1);
        long b = enqueue(2);
        List<Job> claimed = store.claim("default", "w1", 2, LEASE, null);
        assertThat(claimed).hasSize(2);
        store.cancel(b, null, "test");
        List<JobStore.Renewed> renewed = store.renew("w1", Map.of(a, 1, b, 1, 999L, 1), LEASE);
        assertThat(renewed).extracting(JobStore.Renewed::id).containsExactlyInAnyOrder(a, b);
        assertThat(renewed).filteredOn(r -> r.id() == b).singleElement()
                .satisfies(r -> assertThat(r.cancelRequested()).isTrue());
        assertThat(store.renew("w2", Map.of(a, 1), LEASE)).isEmpty();
    }

    @Test
    void rescueTakesBackExpiredLeasesCountingTheAttempt() throws Exception {
        long id = enqueue(1);
        store.claim("default", "ghost", 1, Duration.ofMillis(1), null);
        h.execute("UPDATE sluice.jobs SET lease_expires_at = now() - interval '1 second'");
        List<JobStore.Rescued> rescued = store.rescueExpired(100);
        assertThat(rescued).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.state()).isEqualTo(JobState.QUEUED);
            assertThat(r.worker()).isEqualTo("ghost");
        });
        Job job = reads.get(id, null).orElseThrow();
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.lastError()).contains("lease expired").contains("ghost");
        // the ghost's late completion is fenced
        assertThat(store.finish("ghost", List.of(new JobStore.Finish(id, 1, JobState.SUCCEEDED, "succeeded", null,
                null, null)))).isEmpty();
        assertThat(reads.events(id, 0, 10)).extracting(JobEvent::kind).containsExactly("enqueued", "started", "rescued");
    }

    @Test
    void rescueOfTheLastAttemptIsDeadAndOfACancelledJobIsCancelled() throws Exception {
        long last = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 1)).withMaxAttempts(1)).id();
        long cancelled = enqueue(2);
        store.claim("default", "ghost", 2, LEASE, null);
        store.cancel(cancelled, null, "test");
        h.execute("UPDATE sluice.jobs SET lease_expires_at = now() - interval '1 second'");
        store.rescueExpired(100);
        assertThat(reads.get(last, null).orElseThrow().state()).isEqualTo(JobState.DEAD);
        assertThat(reads.get(cancelled, null).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void cancelOfAWaitingJobIsImmediateAndOfARunningOneIsARequest() throws Exception {
        long waiting = enqueue(1);
        assertThat(store.cancel(waiting, null, "no longer needed")).isEqualTo(JobStore.CancelResult.CANCELLED);
        assertThat(reads.get(waiting, null).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.cancel(waiting, null, "again")).isEqualTo(JobStore.CancelResult.ALREADY_FINAL);

        long running = enqueue(2);
        store.claim("default", "w1", 1, LEASE, null);
        assertThat(store.cancel(running, null, "stop it")).isEqualTo(JobStore.CancelResult.REQUESTED);
        Job job = reads.get(running, null).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.cancelRequestedAt()).isNotNull();
        assertThat(store.cancel(123456, null, "x")).isEqualTo(JobStore.CancelResult.NOT_FOUND);
    }

    @Test
    void ownerScopedCommandsDoNotTouchOtherUsersJobs() throws Exception {
        long mine = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 1)).withOwner("alice")).id();
        assertThat(store.cancel(mine, "bob", "not yours")).isEqualTo(JobStore.CancelResult.NOT_FOUND);
        assertThat(reads.get(mine, "bob")).isEmpty();
        assertThat(reads.get(mine, "alice")).isPresent();
        assertThat(store.cancel(mine, "alice", "mine")).isEqualTo(JobStore.CancelResult.CANCELLED);
    }

    @Test
    void redriveAndDiscardTouchOnlyDeadLetters() throws Exception {
        long dead = jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 1)).withMaxAttempts(1)).id();
        long alive = enqueue(2);
        Job job = store.claim("default", "w1", 1, LEASE, null).get(0);
        assertThat(job.id()).isEqualTo(dead);
        store.finish("w1", List.of(new JobStore.Finish(dead, 1, JobState.DEAD, "dead", null, "poison", null)));

        assertThat(reads.deadLetters(null, null, null, 10)).extracting(Job::id).containsExactly(dead);
        assertThat(reads.events(dead, List.of("dead"))).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("poison"));
        assertThat(store.redrive(List.of(dead, alive), null, "test")).containsExactly(dead);
        Job redriven = reads.get(dead, null).orElseThrow();
        assertThat(redriven.state()).isEqualTo(JobState.QUEUED);
        assertThat(redriven.attempt()).isZero();
        assertThat(redriven.finishedAt()).isNull();

        List<Job> both = store.claim("default", "w1", 2, LEASE, null);
        assertThat(both).extracting(Job::id).containsExactlyInAnyOrder(dead, alive);
        store.finish("w1", List.of(new JobStore.Finish(dead, 1, JobState.DEAD, "dead", null, "poison", null),
                new JobStore.Finish(alive, 1, JobState.SUCCEEDED, "succeeded", null, null, null)));
        assertThat(store.discard(List.of(dead, alive), null)).containsExactly(dead);
        assertThat(reads.get(dead, null)).isEmpty();
        assertThat(reads.get(alive, null)).isPresent();
    }

    @Test
    void releaseGivesTheJobBackWithoutCountingTheAttempt() throws Exception {
        long id = enqueue(1);
        store.claim("default", "w1", 1, LEASE, null);
        assertThat(store.release("w1", Map.of(id, 1))).containsExactly(id);
        Job job = reads.get(id, null).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.attempt()).isZero();
    }

    @Test
    void handlerEventsAreFencedAndNumberedWithoutGaps() throws Exception {
        long id = enqueue(1);
        store.claim("default", "w1", 1, LEASE, null);
        assertThat(store.append("w1", id, 1, "output", "hello", null)).isTrue();
        assertThat(store.append("w1", id, 2, "output", "stale attempt", null)).isFalse();
        assertThat(store.append("w2", id, 1, "output", "not the owner", null)).isFalse();
        assertThat(reads.events(id, 0, 10)).extracting(JobEvent::seq).containsExactly(1, 2, 3);
        assertThat(reads.events(id, 2, 10)).extracting(JobEvent::message).containsExactly("hello");
    }

    @Test
    void theDatabaseRefusesIllegalTransitionsAndStates() {
        long id = enqueue(1);
        assertThatThrownBy(() -> h.execute("UPDATE sluice.jobs SET state = 'succeeded', finished_at = now() WHERE id = " + id))
                .hasRootCauseInstanceOf(SQLException.class)
                .rootCause().hasMessageContaining("illegal job transition queued -> succeeded");
        assertThatThrownBy(() -> h.execute("UPDATE sluice.jobs SET state = 'running' WHERE id = " + id))
                .rootCause().hasMessageContaining("jobs_lease_iff_running");
        assertThatThrownBy(() -> h.execute("UPDATE sluice.jobs SET finished_at = now() WHERE id = " + id))
                .rootCause().hasMessageContaining("jobs_finished_iff_final");
    }

    @Test
    void anEnqueueInsideTheCallersTransactionRollsBackWithIt() throws Exception {
        try (Connection c = h.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("CREATE TABLE public.orders (id int)");
            c.createStatement().execute("INSERT INTO public.orders VALUES (1)");
            jobs.enqueue(c, JobRequest.of("counted", TestTypes.payload("n", 1)));
            c.rollback();
        }
        assertThat(h.count("SELECT count(*) FROM sluice.jobs")).isZero();
        try (Connection c = h.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("CREATE TABLE public.orders (id int)");
            jobs.enqueue(c, JobRequest.of("counted", TestTypes.payload("n", 1)));
            c.commit();
        }
        assertThat(h.count("SELECT count(*) FROM sluice.jobs")).isEqualTo(1);
    }

    @Test
    void badRequestsAreRejectedNamingTheFieldAndStoreNothing() {
        record Case(JobRequest request, String field) {}
        List<Case> cases = List.of(
                new Case(JobRequest.of("nope", TestTypes.payload("n", 1)), "type"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", -1)), "payload"),
                new Case(JobRequest.of("counted", null), "payload"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", 1)).withMaxAttempts(0), "maxAttempts"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", 1)).withMaxAttempts(-3), "maxAttempts"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", 1)).withRunAt(Instant.parse("9999-01-01T00:00:00Z")), "runAt"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", 1)).withQueue("Bad Queue!"), "queue"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", 1)).withPriority(1000), "priority"),
                new Case(JobRequest.of("counted", TestTypes.payload("n", 1)).withIdempotencyKey(""), "idempotencyKey"));
        for (Case c : cases) {
            assertThatThrownBy(() -> jobs.enqueue(c.request()))
                    .isInstanceOf(InvalidJobException.class)
                    .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo(c.field()));
        }
        // a bad job in a batch stores none of the batch
        assertThatThrownBy(() -> jobs.enqueueAll(List.of(JobRequest.of("counted", TestTypes.payload("n", 1)),
                JobRequest.of("counted", TestTypes.payload("n", 1)).withMaxAttempts(0))))
                .isInstanceOf(InvalidJobException.class);
        assertThat(h.count("SELECT count(*) FROM sluice.jobs")).isZero();
    }

    @Test
    void queueStatsAreDerivedFromTheRows() throws Exception {
        enqueue(1);
        enqueue(2);
        jobs.enqueue(JobRequest.of("counted", TestTypes.payload("n", 3)).withRunAt(Instant.now().plusSeconds(600)));
        store.claim("default", "w1", 1, LEASE, null);
        JobReads.QueueStats stats = reads.queueStats().get(0);
        assertThat(stats.queue()).isEqualTo("default");
        assertThat(stats.due()).isEqualTo(1);
        assertThat(stats.scheduled()).isEqualTo(1);
        assertThat(stats.running()).isEqualTo(1);
        assertThat(stats.expiredLeases()).isZero();
    }
}
