package dev.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.database.Database;
import dev.sluice.lifecycle.ServiceGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * A worker in its own JVM, for the crash tests:
 * {@code <jdbc-url> <user> <password> <worker-id> <queue> <lease-ms> <leader-ttl-ms> <handler-ms>}.
 * Its "crashy" handler takes handler-ms and returns {"by": worker-id}.
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String workerId = args[3];
        String queue = args[4];
        Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
        Duration leaderTtl = Duration.ofMillis(Long.parseLong(args[6]));
        long handlerMs = Long.parseLong(args[7]);
        Database database = new Database(new Database.Settings(url, user, password, 4));
        database.start();
        JobType<JsonNode> crashy = JobType.named("crashy", JsonNode.class).handler((ctx, p) -> {
            Thread.sleep(handlerMs);
            return Outcome.succeeded(JsonNodeFactory.instance.objectNode().put("by", workerId));
        }).build();
        EngineConfig config = EngineConfig.defaults(workerId, List.of(QueueConfig.of(queue, 2)))
                .withLease(lease).withLeaderTtl(leaderTtl).withPollInterval(Duration.ofMillis(100)).withWorkerHeartbeat(Duration.ofMillis(500));
        Engine engine = new Engine(database.dataSource(), () -> DriverManager.getConnection(url, user, password),
                JobTypes.of(crashy), config, new EngineMetrics(new SimpleMeterRegistry()), InstantSource.system(),
                "worker", "test", () -> JsonNodeFactory.instance.objectNode());
        ServiceGroup group = new ServiceGroup("child", engine.services(true));
        group.start();
        System.out.println("WORKER READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
