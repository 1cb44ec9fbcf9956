package dev.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ServeConfig;
import dev.sluice.testing.HttpProbe;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every role boots against a real PostgreSQL, serves, and stops cleanly. */
class RolesBootTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(Role.class)
    void eachRoleBootsServesAndStops(Role role) {
        TestDatabase db = TestPostgres.get().newEmptyDatabase();
        ServeConfig config = ServeConfig.defaults(role, dataDir).withPort(0)
                .withDatabase(db.jdbcUrl(), db.user(), db.password());
        Sluice sluice = Sluice.create(config);
        sluice.start();
        int port = sluice.port();
        try {
            HttpProbe http = new HttpProbe(port);
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            HttpProbe.Reply ready = http.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("ready");
            assertThat(ready.json().path("checks").path("migrations").path("status").asText()).isEqualTo("ok");
            HttpProbe.Reply missing = http.get("/no/such/route");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        } finally {
            sluice.stop();
        }
        assertThat(new HttpProbe(port).answers()).isFalse();
        sluice.stop(); // harmless twice
    }
}
