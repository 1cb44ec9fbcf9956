package dev.sluice.bench.queue;

import dev.sluice.database.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr 8.7.0 (open source) on PostgreSQL: {@code PostgresStorageProvider} (which creates its own
 * tables), the Jackson JSON mapper, jobs as {@code JobRequest}s with a {@code JobRequestHandler}, a
 * {@code BackgroundJobServer} with the poll interval at JobRunr's minimum for SQL storage (5 s).
 */
public final class JobRunrQueue implements QueueSystem {
    /** JobRunr refuses a shorter poll interval for SQL storage ("the smallest supported pollInterval is 5 seconds"). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final int INSERT_BATCH = 1000;

    /** JobRunr instantiates the handler itself (by its no-argument constructor), so the body is static. */
    static volatile Body body = Body.NOTHING;

    private final Database database;
    private final JsonMapper json = new JacksonJsonMapper();
    private final StorageProvider storage;
    private final JobRequestScheduler scheduler;
    private final BackgroundJobServerConfiguration serverConfig;
    private final int serverTimeoutMultiplicand;
    private final int workers;
    private BackgroundJobServer server;

    public JobRunrQueue(Database database, String workerId, QueueSettings settings) {
        this.database = database;
        this.workers = settings.workers();
        this.storage = new PostgresStorageProvider(database.dataSource());
        storage.setJobMapper(new JobMapper(json));
        this.scheduler = new JobRequestScheduler(storage);
        // the server timeout (after which a silent server's jobs are orphaned) is poll interval × this, at least 4
        this.serverTimeoutMultiplicand = settings.lease() == null ? 4
                : (int) Math.max(4, settings.lease().toMillis() / POLL_INTERVAL.toMillis());
        this.serverConfig = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andName(workerId)
                .andWorkerCount(settings.workers())
                .andPollInterval(POLL_INTERVAL)
                .andServerTimeoutPollIntervalMultiplicand(serverTimeoutMultiplicand);
    }

    /** The job: its key and when its enqueue was scheduled. Public fields, a no-argument constructor, for JSON. */
    public static final class Run implements JobRequest {
        public long k;
        public long t;

        public Run() {}

        Run(long k, long t) {
            this.k = k;
            this.t = t;
        }

        @Override
        public Class<Handler> getJobRequestHandler() {
            return Handler.class;
        }
    }

    public static final class Handler implements JobRequestHandler<Run> {
        @Override
        public void run(Run run) throws Exception {
            body.run(run.k, run.t);
        }
    }

    @Override
    public String name() {
        return "JobRunr";
    }

    @Override
    public List<String> settings() {
        return List.of(
                "BackgroundJobServer workerCount " + workers,
                "poll interval " + POLL_INTERVAL.toSeconds() + " s (the minimum JobRunr accepts for SQL storage)",
                "server timeout = poll interval × " + serverTimeoutMultiplicand + " = "
                        + POLL_INTERVAL.multipliedBy(serverTimeoutMultiplicand).toSeconds() + " s (multiplicand minimum 4)",
                "PostgresStorageProvider (tables created by JobRunr's own migrations), JacksonJsonMapper",
                "jobs as JobRequest + JobRequestHandler (no lambda analysis at enqueue)",
                "HikariCP pool " + database.settings().poolSize(),
                "enqueue: JobRequestScheduler.enqueue(request); pre-insert: JobRequestScheduler.enqueue(Stream), in batches of "
                        + INSERT_BATCH);
    }

    @Override
    public void preInsert(long firstKey, int count) {
        for (long from = firstKey; from < firstKey + count; from += INSERT_BATCH) {
            long to = Math.min(firstKey + count, from + INSERT_BATCH);
            List<Run> batch = new ArrayList<>();
            LongStream.range(from, to).forEach(k -> batch.add(new Run(k, 0)));
            scheduler.enqueue(batch.stream());
        }
    }

    @Override
    public void startWorkers(Body body) {
        JobRunrQueue.body = body;
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                try {
                    return type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        server = new BackgroundJobServer(storage, json, activator, serverConfig);
        server.start();
    }

    @Override
    public void enqueue(long key, long enqueuedAtNanos) {
        scheduler.enqueue(new Run(key, enqueuedAtNanos));
    }

    @Override
    public long completed() throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        storage.close();
        database.stop();
    }
}
