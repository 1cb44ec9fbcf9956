package dev.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.SluiceException;
import dev.sluice.config.ServeConfig;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad start gives one line naming the problem and the fix, and leaves nothing behind. */
class BadInputTest {

    @TempDir
    Path tmp;

    @Test
    void portTakenFailsBeforeAnythingIsCreated() throws Exception {
        Path data = tmp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Sluice sluice = Sluice.create(ServeConfig.defaults(Role.ALL, data).withPort(taken.getLocalPort()));
            assertThatThrownBy(sluice::start)
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .satisfies(e -> assertThat(((SluiceException) e).oneLine()).contains("--port").doesNotContain("\n"));
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void unreachableDatabaseIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ServeConfig config = ServeConfig.defaults(Role.API, tmp).withPort(0)
                .withDatabase("jdbc:postgresql://127.0.0.1:" + closedPort + "/sluice", "sluice", "x");
        assertThatThrownBy(() -> Sluice.create(config).start())
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageContaining("connection refused");
    }

    @Test
    void wrongPasswordIsNamedAndNotPrinted() {
        TestDatabase db = TestPostgres.get().newEmptyDatabase();
        ServeConfig config = ServeConfig.defaults(Role.API, tmp).withPort(0)
                .withDatabase(db.jdbcUrl(), db.user(), "not-the-password");
        assertThatThrownBy(() -> Sluice.create(config).start())
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("rejected the password")
                .hasMessageNotContaining("not-the-password")
                .satisfies(e -> assertThat(((SluiceException) e).fix()).contains("set the right one in SLUICE_DB_PASSWORD or in the URL"));
    }

    @Test
    void aDatabaseNewerThanTheCodeIsRefused() throws Exception {
        TestDatabase db = TestPostgres.get().newDatabase();
        try (Connection c = db.connect()) {
            c.createStatement().execute("""
                    INSERT INTO sluice.flyway_schema_history
                      (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                    VALUES (999, '999', 'later', 'SQL', 'V999__later.sql', 1, 'test', 1, true)""");
        }
        ServeConfig config = ServeConfig.defaults(Role.WORKER, tmp).withPort(0)
                .withDatabase(db.jdbcUrl(), db.user(), db.password());
        assertThatThrownBy(() -> Sluice.create(config).start())
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("newer than this Sluice");
    }

    @Test
    void anUnwritableDataDirectoryIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Sluice sluice = Sluice.create(ServeConfig.defaults(Role.ALL, file.resolve("data")).withPort(0));
        assertThatThrownBy(sluice::start)
                .isInstanceOf(SluiceException.class)
                .hasMessageContaining("data directory " + file.resolve("data") + " cannot be created");
    }
}
