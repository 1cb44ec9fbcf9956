package dev.sluice.bench.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.sluice.database.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * db-scheduler 16.12.0 on PostgreSQL: its documented {@code scheduled_tasks} table and indexes, one
 * {@code OneTimeTask}, the lock-and-fetch polling strategy ({@code SELECT … FOR UPDATE SKIP LOCKED},
 * documented as the choice for high throughput on PostgreSQL) and immediate execution on.
 */
public final class DbSchedulerQueue implements QueueSystem {
    static final String TASK = "bench";
    private static final int INSERT_BATCH = 1000;
    /** Lock-and-fetch limits as fractions of the threads: fetch when ≤ 1 × threads are queued, up to 4 × threads. */
    static final double LOWER = 1.0;
    static final double UPPER = 4.0;
    static final Duration POLLING_INTERVAL = Duration.ofSeconds(1);
    static final int MISSED_HEARTBEATS = 4;

    /** The table and indexes from db-scheduler's PostgreSQL table definition (postgresql_tables.sql). */
    private static final String DDL = """
            CREATE TABLE scheduled_tasks (
              task_name text NOT NULL,
              task_instance text NOT NULL,
              task_data bytea,
              execution_time timestamp with time zone NOT NULL,
              picked BOOLEAN NOT NULL,
              picked_by text,
              last_success timestamp with time zone,
              last_failure timestamp with time zone,
              consecutive_failures INT,
              last_heartbeat timestamp with time zone,
              version BIGINT NOT NULL,
              priority SMALLINT,
              PRIMARY KEY (task_name, task_instance)
            );
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            """;

    private volatile Body body = Body.NOTHING;
    private final Database database;
    private final OneTimeTask<Void> task;
    private final Scheduler scheduler;
    private final int threads;
    private final Duration heartbeat;
    private final AtomicLong inserted = new AtomicLong();

    public DbSchedulerQueue(Database database, String workerId, QueueSettings settings) throws SQLException {
        this.database = database;
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1 FROM pg_tables WHERE tablename = 'scheduled_tasks'");
            try (ResultSet rs = s.getResultSet()) {
                if (!rs.next()) {
                    s.execute(DDL);
                }
            }
        }
        this.threads = settings.workers();
        this.task = Tasks.oneTime(TASK).execute((instance, context) -> {
            String id = instance.getId();
            int dash = id.indexOf('-');
            try {
                body.run(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // dead after heartbeat × missed heartbeats (the minimum limit is 4): the lease's equivalent
        this.heartbeat = settings.lease() == null ? Duration.ofMinutes(5) : settings.lease().dividedBy(MISSED_HEARTBEATS);
        this.scheduler = Scheduler.create(database.dataSource(), task)
                .schedulerName(new SchedulerName.Fixed(workerId))
                .threads(threads)
                .pollUsingLockAndFetch(LOWER, UPPER)
                .enableImmediateExecution()
                .pollingInterval(POLLING_INTERVAL)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .build();
    }

    @Override
    public String name() {
        return "db-scheduler";
    }

    @Override
    public List<String> settings() {
        return List.of(
                "threads " + threads,
                "pollUsingLockAndFetch(" + LOWER + ", " + UPPER + "): SELECT … FOR UPDATE SKIP LOCKED, up to "
                        + (int) (UPPER * threads) + " executions per fetch, refetch at " + (int) (LOWER * threads) + " left",
                "enableImmediateExecution() (a schedule() due now wakes the poller)",
                "polling interval " + POLLING_INTERVAL.toMillis() + " ms (default 10 s; set to Sluice's fallback poll)",
                "heartbeat " + heartbeat.toMillis() + " ms × missedHeartbeatsLimit " + MISSED_HEARTBEATS
                        + " = dead after " + heartbeat.multipliedBy(MISSED_HEARTBEATS).toMillis() + " ms",
                "documented PostgreSQL table with its three indexes; no task data (key and time in the instance id)",
                "HikariCP pool " + database.settings().poolSize(),
                "enqueue: scheduler.schedule(instance, now); pre-insert: scheduleBatch in batches of " + INSERT_BATCH);
    }

    private TaskInstance<?> instance(long key, long at) {
        return task.instance(key + "-" + at);
    }

    @Override
    public void preInsert(long firstKey, int count) {
        Instant now = Instant.now();
        List<TaskInstance<?>> batch = new ArrayList<>(INSERT_BATCH);
        for (long k = firstKey; k < firstKey + count; k++) {
            batch.add(instance(k, 0));
            if (batch.size() == INSERT_BATCH) {
                scheduler.scheduleBatch(batch, now);
                inserted.addAndGet(batch.size());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            scheduler.scheduleBatch(batch, now);
            inserted.addAndGet(batch.size());
        }
    }

    @Override
    public void startWorkers(Body body) {
        this.body = body;
        scheduler.start();
    }

    @Override
    public void enqueue(long key, long enqueuedAtNanos) {
        scheduler.schedule(instance(key, enqueuedAtNanos), Instant.now());
        inserted.incrementAndGet();
    }

    /** One-time executions are deleted when they complete: done = inserted − still in the table. */
    @Override
    public long completed() throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
            rs.next();
            return inserted.get() - rs.getLong(1);
        }
    }

    @Override
    public void close() {
        scheduler.stop();
        database.stop();
    }
}
