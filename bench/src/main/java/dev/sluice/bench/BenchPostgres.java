package dev.sluice.bench;

import dev.sluice.database.Database;
import dev.sluice.database.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one PostgreSQL every system is measured on: Sluice's embedded PostgreSQL, durable (fsync,
 * synchronous_commit and full_page_writes on), on a private port, in a throwaway data directory.
 * Each measurement gets a fresh database created here, so no system sees another's tables or bloat.
 */
public final class BenchPostgres implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    /** Settings worth stating next to the results. */
    private static final List<String> REPORTED = List.of("server_version", "fsync", "synchronous_commit",
            "full_page_writes", "wal_level", "shared_buffers", "max_connections", "checkpoint_timeout", "max_wal_size");

    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private BenchPostgres(Path dir) {
        this.dir = dir;
        this.postgres = new EmbeddedPostgres(dir, true);
    }

    /**
     * Starts the server. It is stopped and its directory removed by {@link #close}, or when the bench
     * is interrupted (Ctrl-C, SIGTERM) by a shutdown hook, so an interrupted run leaves nothing running.
     */
    public static BenchPostgres start() throws IOException {
        BenchPostgres pg = new BenchPostgres(Files.createTempDirectory("sluice-bench-"));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("bench-postgres-stop").unstarted(pg::close));
        pg.postgres.start();
        return pg;
    }

    public String user() {
        return postgres.user();
    }

    public String password() {
        return postgres.password();
    }

    public int port() {
        return postgres.port();
    }

    /** The postmaster's process id, for CPU accounting. */
    public long pid() {
        return EmbeddedPostgres.running(dir).orElseThrow().pid();
    }

    public String url(String database) {
        return postgres.jdbcUrl(database);
    }

    /** Drops and creates {@code name}; returns its JDBC URL. */
    public String freshDatabase(String name) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), user(), password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), user(), password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("bench: could not drop database " + name + ": " + e.getMessage());
        }
    }

    /**
     * A pool on {@code database}, the same kind (HikariCP, same settings) for every system, with all
     * its connections opened now: opening one (SCRAM authentication) costs milliseconds of CPU on both
     * sides, which must not land in a measurement.
     */
    public Database pool(String database, int size) {
        return warm(new Database(new Database.Settings(url(database), user(), password(), size)));
    }

    /** Starts {@code db} and opens every connection of its pool at once. */
    public static Database warm(Database db) {
        db.start();
        java.util.List<Connection> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < db.settings().poolSize(); i++) {
                open.add(db.dataSource().getConnection());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not open the pool's connections: " + e.getMessage(), e);
        } finally {
            for (Connection c : open) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // returned to the pool or already gone
                }
            }
        }
        return db;
    }

    public Map<String, String> settings() throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), user(), password());
                Statement s = c.createStatement()) {
            for (String name : REPORTED) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    values.put(name, rs.getString(1));
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        postgres.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
