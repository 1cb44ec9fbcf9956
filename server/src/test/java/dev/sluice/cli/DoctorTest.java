package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.Json;
import dev.sluice.auth.TokenStore;
import dev.sluice.auth.UserRole;
import dev.sluice.auth.UserStore;
import dev.sluice.database.Database;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.JobState;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.Jobs;
import dev.sluice.engine.NoopJob;
import dev.sluice.engine.store.JobStore;
import dev.sluice.engine.store.WorkerStore;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sluice doctor's verdict for each way work gets stuck, and operator tokens from the command line. */
class DoctorTest {
    TestDatabase db;
    Database database;
    Jobs jobs;
    JobStore store;

    @BeforeEach
    void setUp() {
        db = TestPostgres.get().newDatabase();
        database = db.pool(4);
        jobs = new Jobs(database.dataSource(), JobTypes.of(NoopJob.type()), InstantSource.system());
        store = new JobStore(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        database.stop();
    }

    record Run(int code, String out, String err) {
        String verdict() {
            return out.lines().filter(l -> l.startsWith("verdict:")).findFirst().orElse("(no verdict) " + out + err);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 7];
        System.arraycopy(args, 0, full, 0, args.length);
        String[] db = {"--db-url", this.db.jdbcUrl(), "--db-user", this.db.user(), "--db-password", this.db.password(),
                "--worker-dead-after=2s"};
        System.arraycopy(db, 0, full, args.length, db.length);
        if (args[0].equals("token")) {
            full = java.util.Arrays.copyOf(full, full.length - 1);
        }
        int code = Cli.run(full, Map.of(), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private void execute(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    private void liveWorker(String id, List<String> queues, Map<String, String> unserved) throws Exception {
        var info = JsonNodeFactory.instance.objectNode();
        info.set("unserved", Json.MAPPER.valueToTree(unserved));
        new WorkerStore(database.dataSource()).register(id, "host-a", 4242, "worker", queues, "test", info);
    }

    @Test
    void aHealthySystemIsOk() throws Exception {
        liveWorker("w1", List.of("default"), Map.of());
        Run run = run("doctor");
        assertThat(run.code()).isZero();
        assertThat(run.verdict()).startsWith("verdict: OK");
        assertThat(run.out()).contains("schema: version").contains("(current)").contains("workers: 1 alive");
    }

    @Test
    void queuedJobsWithNoLiveWorkerAreStuckAndTheFixIsNamed() throws Exception {
        for (int i = 0; i < 12; i++) {
            jobs.enqueue(JobRequest.of("noop", JsonNodeFactory.instance.objectNode()).withQueue("executions"));
        }
        execute("UPDATE sluice.jobs SET run_at = now() - interval '4 minutes'");
        Run run = run("doctor");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.verdict()).isEqualTo("verdict: STUCK — 12 jobs queued on 'executions' for 4m, no live worker serves it"
                + " — start one: ./sluice serve --role worker");
    }

    @Test
    void aWorkerThatCannotRunAQueueIsNamedWithItsReason() throws Exception {
        liveWorker("w1", List.of("executions"), Map.of("executions", "bubblewrap not installed: apt-get install bubblewrap"));
        jobs.enqueue(JobRequest.of("noop", JsonNodeFactory.instance.objectNode()).withQueue("executions"));
        Run run = run("doctor");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.verdict()).contains("cannot run it: bubblewrap not installed: apt-get install bubblewrap");
        assertThat(run.out()).contains("cannot run 'executions': bubblewrap not installed");
    }

    @Test
    void expiredLeasesWithNoMaintenanceLeaderAreStuck() throws Exception {
        jobs.enqueue(JobRequest.of("noop", JsonNodeFactory.instance.objectNode()));
        store.claim("default", "crashed-worker", 1, Duration.ofSeconds(30), null);
        execute("UPDATE sluice.jobs SET lease_expires_at = now() - interval '1 minute'");
        Run run = run("doctor");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.verdict()).contains("STUCK").contains("expired leases").contains("no process leads maintenance");
        assertThat(run.out()).contains("maintenance leader: none");
    }

    @Test
    void deadLettersGrowingAndRetryStormsAreDegraded() throws Exception {
        liveWorker("w1", List.of("default"), Map.of());
        for (int i = 0; i < 11; i++) {
            jobs.enqueue(JobRequest.of("noop", JsonNodeFactory.instance.objectNode()));
        }
        List<Job> claimed = store.claim("default", "w1", 11, Duration.ofSeconds(30), null);
        for (Job j : claimed) {
            boolean dies = j.id() == claimed.get(0).id();
            store.finish("w1", List.of(new JobStore.Finish(j.id(), j.attempt(), dies ? JobState.DEAD : JobState.FAILED,
                    dies ? "dead" : "failed", null, "connection refused: payments.internal:443", Duration.ofHours(1))));
        }
        Run run = run("doctor");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.verdict()).startsWith("verdict: DEGRADED");
        assertThat(run.out()).contains("went to the dead letters").contains("11 jobs on 'default' failing with the same error")
                .contains("connection refused: payments.internal:443");
    }

    @Test
    void aJobRunningPastItsTimeoutIsReported() throws Exception {
        liveWorker("w1", List.of("default"), Map.of());
        jobs.enqueue(JobRequest.of("noop", JsonNodeFactory.instance.objectNode()).withTimeout(Duration.ofSeconds(5)));
        store.claim("default", "w1", 1, Duration.ofMinutes(30), null);
        execute("UPDATE sluice.jobs SET started_at = now() - interval '10 minutes'");
        Run run = run("doctor");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("running past their timeout");
    }

    @Test
    void anOperatorMintsATokenFromTheCommandLine() throws Exception {
        UserStore users = new UserStore(database.dataSource());
        users.create("admin", UserRole.ADMIN, "a-long-admin-password");
        Run run = run("token", "create", "--user", "admin");
        assertThat(run.code()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        String token = lines[lines.length - 1];
        assertThat(token).startsWith("slc_");
        assertThat(new TokenStore(database.dataSource()).authenticate(token)).get()
                .satisfies(u -> assertThat(u.username()).isEqualTo("admin"));

        Run unknown = run("token", "create", "--user", "nobody");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).startsWith("sluice: no user 'nobody'").doesNotContain("\n");
    }
}
