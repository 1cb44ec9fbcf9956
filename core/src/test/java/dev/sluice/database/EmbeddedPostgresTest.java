package dev.sluice.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.SluiceException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path dir;

    @Test
    void isDurableListensOnLoopbackAndKeepsDataAcrossRestarts() throws Exception {
        EmbeddedPostgres pg = new EmbeddedPostgres(dir, true);
        pg.start();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            assertThat(setting(c, "fsync")).isEqualTo("on");
            assertThat(setting(c, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(c, "full_page_writes")).isEqualTo("on");
            assertThat(setting(c, "listen_addresses")).isEqualTo("127.0.0.1");
            c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        } finally {
            pg.stop();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("postgres-password")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");

        EmbeddedPostgres again = new EmbeddedPostgres(dir, true);
        again.start();
        try (Connection c = DriverManager.getConnection(again.jdbcUrl(), again.user(), again.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        } finally {
            again.stop();
        }
        assertThat(EmbeddedPostgres.postmasterPid(dir.resolve("postgres"))).isEmpty();
    }

    @Test
    void refusesWrongPassword() throws Exception {
        EmbeddedPostgres pg = new EmbeddedPostgres(dir, false);
        pg.start();
        try {
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "guess"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(SqlStates.INVALID_PASSWORD));
        } finally {
            pg.stop();
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryIsRefusedWithAClearMessage() {
        EmbeddedPostgres first = new EmbeddedPostgres(dir, false);
        first.start();
        try {
            EmbeddedPostgres second = new EmbeddedPostgres(dir, false);
            assertThatThrownBy(second::start)
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("is in use by another Sluice process")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.port()).isPositive();
        } finally {
            first.stop();
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedFailsWithOneLineAndCreatesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        EmbeddedPostgres pg = new EmbeddedPostgres(file.resolve("data"), false);
        assertThatThrownBy(pg::start)
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("cannot be created")
                .satisfies(e -> assertThat(((SluiceException) e).oneLine()).doesNotContain("\n").contains("--data"));
    }

    /**
     * A Sluice killed with SIGKILL leaves its PostgreSQL running. The next start must find it, stop
     * it, and come up on the same data.
     */
    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndTheDataKept() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldPostgres.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // wait for the child to have written its row
            }
            assertThat(line).isEqualTo("READY");
        }
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        OptionalLong leftover = EmbeddedPostgres.postmasterPid(dir.resolve("postgres"));
        assertThat(leftover).isPresent();
        assertThat(EmbeddedPostgres.isRunning(leftover.getAsLong())).isTrue();

        EmbeddedPostgres pg = new EmbeddedPostgres(dir, false);
        pg.start();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT v FROM written_by_child")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survived");
            assertThat(EmbeddedPostgres.isRunning(leftover.getAsLong())).isFalse();
        } finally {
            pg.stop();
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs in a child JVM: starts PostgreSQL, writes a row, then waits to be killed. */
    public static final class HoldPostgres {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres pg = new EmbeddedPostgres(Path.of(args[0]), false);
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                c.createStatement().execute("CREATE TABLE written_by_child (v text); INSERT INTO written_by_child VALUES ('survived')");
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
