package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's own connections: callers that hold every connection of the pool (a flood of API
 * requests) must not starve the workers — no claims, no outcomes, and worst, no lease renewals, so
 * running jobs would lose their leases and be run again.
 */
class EnginePoolTest {
    private static final Duration LEASE = Duration.ofSeconds(2);

    @Test
    void workersKeepClaimingFinishingAndRenewingWhileCallersHoldEveryPooledConnection() throws Exception {
        TestDatabase db = TestPostgres.get().newDatabase();
        Database database = db.pool(3).enginePoolSize(3);
        JobType<JsonNode> slow = JobType.named("slow", JsonNode.class)
                .handler((ctx, p) -> {
                    Thread.sleep(p.path("ms").asLong()); // longer than the lease: only renewals keep it
                    return null;
                }).build();
        EngineConfig config = EngineConfig.defaults("pool-test-worker", List.of(QueueConfig.of("default", 4)))
                .withLease(LEASE).withRescueInterval(Duration.ofMillis(250)).withPollInterval(Duration.ofMillis(100));
        Engine engine = new Engine(database.dataSource(), database.engineDataSource(),
                () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()), JobTypes.of(slow), config,
                new EngineMetrics(new SimpleMeterRegistry()), InstantSource.system(), "worker", "test",
                JsonNodeFactory.instance::objectNode, Map.of());
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(JobRequest.of("slow", JsonNodeFactory.instance.objectNode().put("ms", i < 2 ? 3_500 : 10)));
        }
        engine.jobs().enqueueAll(requests);

        List<Connection> held = new ArrayList<>();
        ServiceGroup group = new ServiceGroup("engine", engine.services(true));
        try {
            for (int i = 0; i < database.settings().poolSize(); i++) {
                held.add(database.dataSource().getConnection()); // every connection callers can have
            }
            group.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> count(db, "SELECT count(*) FROM sluice.jobs WHERE state = 'succeeded'") == 8);
            assertThat(count(db, "SELECT max(attempt) FROM sluice.jobs"))
                    .as("the two jobs that outlived the lease kept it: each ran once")
                    .isEqualTo(1);
        } finally {
            for (Connection c : held) {
                c.close();
            }
            group.stop();
            database.stop();
        }
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
