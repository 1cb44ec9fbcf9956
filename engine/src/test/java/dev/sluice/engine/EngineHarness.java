package dev.sluice.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.database.Database;
import dev.sluice.lifecycle.ServiceGroup;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database and engines on it; closing stops every engine and the pool. */
final class EngineHarness implements AutoCloseable {
    private static final AtomicInteger WORKERS = new AtomicInteger();

    final TestDatabase db;
    final Database database;
    private final List<ServiceGroup> started = new ArrayList<>();

    EngineHarness() {
        db = TestPostgres.get().newDatabase();
        database = db.pool(20);
    }

    Engine engine(JobTypes types, EngineConfig config) {
        return new Engine(database.dataSource(), this::direct, types, config, new EngineMetrics(new SimpleMeterRegistry()),
                InstantSource.system(), "worker", "test", () -> JsonNodeFactory.instance.objectNode());
    }

    static String newWorkerId() {
        return "test-worker-" + WORKERS.incrementAndGet();
    }

    /** Builds and starts an engine (workers and maintenance included). */
    Engine start(JobTypes types, EngineConfig config) {
        Engine engine = engine(types, config);
        ServiceGroup group = new ServiceGroup("engine", engine.services(true));
        group.start();
        started.add(group);
        return engine;
    }

    /** Starts only the notifier and enqueue side (an API process). */
    Engine startApiSide(JobTypes types, EngineConfig config) {
        Engine engine = engine(types, config);
        ServiceGroup group = new ServiceGroup("engine", engine.services(false));
        group.start();
        started.add(group);
        return engine;
    }

    void stop(Engine engine) {
        // stop the group owning this engine's services
        for (ServiceGroup group : List.copyOf(started)) {
            if (group.services().contains(engine.notifier())) {
                group.stop();
                started.remove(group);
            }
        }
    }

    Connection direct() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
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

    void execute(String sql) {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
        started.clear();
        database.stop();
    }

}
