package dev.sluice.bench.queue;

import dev.sluice.bench.BenchPostgres;
import dev.sluice.database.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * One worker process of the crash cell, for any system:
 * {@code <system> <jdbc-url> <user> <password> <worker-id> <workers> <pool> <lease-ms> <hold-ms> <claim-batch, 0 for the default>}.
 * Every job records a {@code start} row in {@code bench_effects}, holds for hold-ms, then records an
 * {@code end} row, each in its own transaction, so re-executions and doubled effects can be counted.
 * Prints {@code WORKER READY} once its workers run; runs until killed.
 */
public final class CrashWorkerMain {
    private CrashWorkerMain() {}

    public static void main(String[] args) throws Exception {
        String system = args[0];
        String url = args[1];
        String user = args[2];
        String password = args[3];
        String workerId = args[4];
        int workers = Integer.parseInt(args[5]);
        int poolSize = Integer.parseInt(args[6]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[7]));
        long holdMs = Long.parseLong(args[8]);
        Integer claimBatch = args.length > 9 && !args[9].equals("0") ? Integer.valueOf(args[9]) : null;
        Database effects = new Database(new Database.Settings(url, user, password, Math.max(2, workers)));
        effects.start();
        Database pool = BenchPostgres.warm(new Database(new Database.Settings(url, user, password,
                Systems.poolSize(system, poolSize))));
        QueueSystem queue = Systems.open(system, pool, workerId, new QueueSettings(workers, poolSize, lease, claimBatch));
        queue.startWorkers((key, at) -> {
            record(effects, key, workerId, "start");
            Thread.sleep(holdMs);
            record(effects, key, workerId, "end");
        });
        System.out.println("WORKER READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static void record(Database effects, long key, String worker, String phase) throws Exception {
        try (Connection c = effects.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bench_effects (job_key, worker, phase) VALUES (?, ?, ?)")) {
            ps.setLong(1, key);
            ps.setString(2, worker);
            ps.setString(3, phase);
            ps.executeUpdate();
        }
    }
}
