package dev.sluice.bench.queue;

import dev.sluice.bench.BenchPostgres;
import dev.sluice.database.Database;
import java.util.List;
import java.util.Locale;

/** The systems under test, each built on a fresh database of the bench PostgreSQL. */
public final class Systems {
    public static final List<String> ALL = List.of("sluice", "jobrunr", "dbscheduler");

    private Systems() {}

    /** Creates {@code system} on a new database named {@code database}, its schema installed. */
    public static QueueSystem create(String system, BenchPostgres pg, String database, QueueSettings settings,
            String workerId) throws Exception {
        pg.freshDatabase(database);
        Database pool = pg.pool(database, poolSize(system, settings.poolSize()));
        return open(system, pool, workerId, settings);
    }

    /**
     * The connections of {@code system}'s main pool, so that every system has {@code total} in all:
     * Sluice keeps a part of them in a pool of the engine's own ({@link Database#engineDataSource()}).
     */
    public static int poolSize(String system, int total) {
        return system.equals("sluice") ? total - SluiceQueue.enginePoolSize(total) : total;
    }

    /** {@code system} on an existing database, through {@code pool} (closed with the system); installs its schema if missing. */
    public static QueueSystem open(String system, Database pool, String workerId, QueueSettings settings) throws Exception {
        try {
            return switch (system) {
                case "sluice" -> new SluiceQueue(pool.enginePoolSize(SluiceQueue.enginePoolSize(settings.poolSize())), workerId,
                        settings);
                case "jobrunr" -> new JobRunrQueue(pool, workerId, settings);
                case "dbscheduler" -> new DbSchedulerQueue(pool, workerId, settings);
                default -> throw new IllegalArgumentException("unknown system " + system + "; known: " + ALL);
            };
        } catch (Exception | Error e) {
            pool.stop();
            throw e;
        }
    }

    public static String label(String system) {
        return switch (system.toLowerCase(Locale.ROOT)) {
            case "sluice" -> "Sluice";
            case "jobrunr" -> "JobRunr 8.7.0";
            case "dbscheduler" -> "db-scheduler 16.12.0";
            default -> system;
        };
    }
}
