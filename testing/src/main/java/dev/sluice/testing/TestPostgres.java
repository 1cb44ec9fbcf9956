package dev.sluice.testing;

import dev.sluice.database.Database;
import dev.sluice.database.EmbeddedPostgres;
import dev.sluice.database.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (not durable: fsync off, it is thrown away), holding a
 * migrated template; every test gets its own fresh database cloned from it in ~100 ms, so tests never
 * see one another's rows and never need cleanup.
 */
public final class TestPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile TestPostgres instance;

    private final EmbeddedPostgres server;
    private final Path dataDir;

    private TestPostgres() throws IOException {
        dataDir = Files.createTempDirectory("sluice-test-pg-");
        server = new EmbeddedPostgres(dataDir, false);
        server.start();
        try (Connection c = admin()) {
            c.createStatement().execute("CREATE DATABASE sluice_template");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Database template = new Database(new Database.Settings(server.jdbcUrl("sluice_template"),
                server.user(), server.password(), 2));
        template.start();
        try {
            new Migrations(template.dataSource()).migrate();
        } finally {
            template.stop();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "test-postgres-stop"));
    }

    /** The shared server, started on first use. */
    public static TestPostgres get() {
        TestPostgres current = instance;
        if (current == null) {
            synchronized (TestPostgres.class) {
                current = instance;
                if (current == null) {
                    try {
                        current = new TestPostgres();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    instance = current;
                }
            }
        }
        return current;
    }

    /** A new database with the current schema applied. */
    public TestDatabase newDatabase() {
        String name = "t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE sluice_template");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestDatabase(name, server.jdbcUrl(name), server.user(), server.password());
    }

    /** A new database with nothing in it (no schema), for migration tests. */
    public TestDatabase newEmptyDatabase() {
        String name = "e_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestDatabase(name, server.jdbcUrl(name), server.user(), server.password());
    }

    public EmbeddedPostgres server() {
        return server;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
    }

    private void shutdown() {
        server.stop();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it eventually
        }
    }
}
