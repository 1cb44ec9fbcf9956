package dev.sluice.httpjob;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.database.Database;
import dev.sluice.engine.Engine;
import dev.sluice.engine.EngineConfig;
import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.Job;
import dev.sluice.engine.JobEvent;
import dev.sluice.engine.JobState;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.QueueConfig;
import dev.sluice.lifecycle.ServiceGroup;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database and real engines on it, serving the {@code http} queue; closing stops them all. */
final class EngineFixture implements AutoCloseable {
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final TestDatabase db;
    private final Database database;
    private final List<ServiceGroup> started = new ArrayList<>();

    EngineFixture() {
        db = TestPostgres.get().newDatabase();
        database = db.pool(10);
    }

    private static EngineConfig config() {
        return EngineConfig.defaults("httpjob-test-" + WORKERS.incrementAndGet(), List.of(QueueConfig.of("http", 4)))
                .withPollInterval(Duration.ofMillis(200))
                .withRescueInterval(Duration.ofMillis(200))
                .withShutdownGrace(Duration.ofSeconds(1));
    }

    /** An engine with workers and maintenance. */
    Engine start(JobTypes types) {
        return start(types, true);
    }

    /** An engine that only enqueues (an API process). */
    Engine startApiSide(JobTypes types) {
        return start(types, false);
    }

    private Engine start(JobTypes types, boolean workers) {
        Engine engine = new Engine(database.dataSource(), this::direct, types, config(),
                new EngineMetrics(new SimpleMeterRegistry()), InstantSource.system(), workers ? "worker" : "api", "test",
                () -> JsonNodeFactory.instance.objectNode());
        ServiceGroup group = new ServiceGroup("engine", engine.services(workers));
        group.start();
        started.add(group);
        return engine;
    }

    private Connection direct() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    Job job(Engine engine, long id) {
        try {
            return engine.reads().get(id, null).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Job awaitState(Engine engine, long id, JobState state, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> job(engine, id).state() == state);
        return job(engine, id);
    }

    Job awaitState(Engine engine, long id, JobState state) {
        return awaitState(engine, id, state, Duration.ofSeconds(15));
    }

    List<JobEvent> events(Engine engine, long id, String kind) {
        try {
            return engine.reads().events(id, List.of(kind));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops every engine (as at SIGTERM: claiming stops, running jobs get the grace, then are handed back). */
    void stopEngines() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
        started.clear();
    }

    @Override
    public void close() {
        stopEngines();
        database.stop();
    }
}
