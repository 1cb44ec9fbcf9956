package dev.sluice.ui;

import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.auth.TokenStore;
import dev.sluice.auth.User;
import dev.sluice.auth.UserRole;
import dev.sluice.auth.UserStore;
import dev.sluice.config.ServeConfig;
import dev.sluice.config.WorkerOptions;
import dev.sluice.testing.HttpProbe;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the UI tests run against: an API process (role api, serving the UI) and, separately, one worker
 * process, both in this JVM on a fresh database, with short timings so a stopped worker is seen dead
 * in seconds. The first admin's password is read from the data directory, as a person would; alice is
 * a plain user with a known password.
 */
final class UiServer implements AutoCloseable {
    static final String ALICE_PASSWORD = "alice-password-1";

    final TestDatabase db;
    final Path dataDir;
    final Sluice api;
    final String adminPassword;
    final String adminToken;
    final String aliceToken;
    final User alice;
    private Sluice worker;

    /** With the worker running. */
    UiServer() {
        this(true);
    }

    UiServer(boolean withWorker) {
        db = TestPostgres.get().newDatabase();
        try {
            dataDir = Files.createTempDirectory("sluice-ui-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api = Sluice.create(config(Role.API));
        api.start();
        try {
            adminPassword = Files.readString(dataDir.resolve("admin-password")).strip();
            UserStore users = new UserStore(api.database().dataSource());
            TokenStore tokens = new TokenStore(api.database().dataSource());
            adminToken = tokens.create(users.findByName("admin").orElseThrow().id(), "ui-test").token();
            alice = users.create("alice", UserRole.USER, ALICE_PASSWORD);
            aliceToken = tokens.create(alice.id(), "ui-test").token();
        } catch (IOException e) {
            api.stop();
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            api.stop();
            throw new IllegalStateException(e);
        }
        if (withWorker) {
            startWorker();
        }
    }

    private ServeConfig config(Role role) {
        return ServeConfig.defaults(role, dataDir).withPort(0)
                .withDatabase(db.jdbcUrl(), db.user(), db.password())
                .withWorkers(WorkerOptions.DEFAULTS.withTiming(Duration.ofSeconds(3), Duration.ofMillis(200),
                        Duration.ofMillis(200), Duration.ofMillis(500)))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    /** Starts the worker process (the only one); it runs code in the local sandbox. */
    void startWorker() {
        if (worker == null) {
            Sluice w = Sluice.create(config(Role.WORKER));
            w.start();
            worker = w;
        }
    }

    /** Stops the only worker: nothing serves any queue until {@link #startWorker()}. */
    void stopWorker() {
        if (worker != null) {
            worker.stop();
            worker = null;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    HttpProbe http() {
        return new HttpProbe(api.port());
    }

    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    @Override
    public void close() {
        stopWorker();
        api.stop();
    }
}
