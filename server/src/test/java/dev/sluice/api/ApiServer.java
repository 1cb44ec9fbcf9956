package dev.sluice.api;

import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.auth.TokenStore;
import dev.sluice.auth.User;
import dev.sluice.auth.UserRole;
import dev.sluice.auth.UserStore;
import dev.sluice.config.ApiOptions;
import dev.sluice.config.ServeConfig;
import dev.sluice.config.WorkerOptions;
import dev.sluice.engine.JobType;
import dev.sluice.testing.HttpProbe;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running Sluice on a fresh database, with short timings, and three users with tokens: admin,
 * alice and bob. Extra processes (api-only, worker-only) can be started on the same database.
 */
final class ApiServer implements AutoCloseable {
    final TestDatabase db;
    final Path dataDir;
    final Sluice sluice;
    final String adminToken;
    final String aliceToken;
    final String bobToken;
    final User alice;
    final User bob;
    private final List<Sluice> others = new ArrayList<>();

    ApiServer() {
        this(Role.ALL, ApiOptions.DEFAULTS, List.of());
    }

    ApiServer(Role role, ApiOptions api, List<JobType<?>> types) {
        db = TestPostgres.get().newDatabase();
        try {
            dataDir = Files.createTempDirectory("sluice-api-test-");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        sluice = Sluice.create(config(role).withApi(api), types);
        sluice.start();
        try {
            UserStore users = new UserStore(sluice.database().dataSource());
            TokenStore tokens = new TokenStore(sluice.database().dataSource());
            User admin = users.findByName("admin").orElseThrow();
            adminToken = tokens.create(admin.id(), "test").token();
            alice = users.create("alice", UserRole.USER, "alice-password-1");
            bob = users.create("bob", UserRole.USER, "bob-password-22");
            aliceToken = tokens.create(alice.id(), "test").token();
            bobToken = tokens.create(bob.id(), "test").token();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    ServeConfig config(Role role) {
        return ServeConfig.defaults(role, dataDir).withPort(0)
                .withDatabase(db.jdbcUrl(), db.user(), db.password())
                .withWorkers(WorkerOptions.DEFAULTS.withTiming(Duration.ofSeconds(3), Duration.ofMillis(200),
                        Duration.ofMillis(200), Duration.ofMillis(500)))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    /** Another process on the same database. */
    Sluice startOther(Role role) {
        Sluice other = Sluice.create(config(role));
        other.start();
        others.add(other);
        return other;
    }

    void stopOther(Sluice other) {
        other.stop();
        others.remove(other);
    }

    HttpProbe http() {
        return new HttpProbe(sluice.port());
    }

    static String[] bearer(String token, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    @Override
    public void close() {
        for (int i = others.size() - 1; i >= 0; i--) {
            others.get(i).stop();
        }
        sluice.stop();
    }
}
