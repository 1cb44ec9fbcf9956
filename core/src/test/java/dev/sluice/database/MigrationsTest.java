package dev.sluice.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.SluiceException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    static Path dir;

    static EmbeddedPostgres server;
    Database db;

    @BeforeAll
    static void startServer() {
        server = new EmbeddedPostgres(dir, false);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        String name = "m" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        db = new Database(new Database.Settings(server.jdbcUrl(name), server.user(), server.password(), 2));
        db.start();
    }

    @AfterEach
    void closePool() {
        db.stop();
    }

    @Test
    void migratesAnEmptyDatabaseAndIsIdempotent() {
        Migrations migrations = new Migrations(db.dataSource());
        String version = migrations.migrate();
        assertThat(version).isEqualTo(migrations.latestLocalVersion());
        assertThat(migrations.migrate()).isEqualTo(version);
    }

    @Test
    void anEditedMigrationStopsTheBootNamingIt() throws Exception {
        new Migrations(db.dataSource()).migrate();
        execute("UPDATE sluice.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        assertThatThrownBy(() -> new Migrations(db.dataSource()).migrate())
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("V1__jobs.sql was edited after it was applied");
    }

    @Test
    void aDatabaseNewerThanTheCodeStopsTheBoot() throws Exception {
        new Migrations(db.dataSource()).migrate();
        execute("""
                INSERT INTO sluice.flyway_schema_history
                  (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 1, 'test', 1, true)""");
        assertThatThrownBy(() -> new Migrations(db.dataSource()).migrate())
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("schema is at version 999")
                .hasMessageContaining("newer than this Sluice")
                .satisfies(e -> assertThat(((SluiceException) e).fix()).contains("upgrade Sluice, or point it at another database"));
    }

    @Test
    void aMigrationMissingFromTheBuildStopsTheBoot() throws Exception {
        new Migrations(db.dataSource()).migrate();
        execute("""
                INSERT INTO sluice.flyway_schema_history
                  (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                VALUES (998, '0.5', 'gone', 'SQL', 'V0.5__gone.sql', 1, 'test', 1, true)""");
        assertThatThrownBy(() -> new Migrations(db.dataSource()).migrate())
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("V0.5__gone was applied to the database but is missing from this build");
    }

    @Test
    void theReadinessCheckReadsTheAppliedVersion() throws Exception {
        Migrations migrations = new Migrations(db.dataSource());
        migrations.migrate();
        String latest = migrations.latestLocalVersion();
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Migrations.appliedVersion(c)).contains(latest);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
