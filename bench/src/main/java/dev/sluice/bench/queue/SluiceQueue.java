package dev.sluice.bench.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.database.Database;
import dev.sluice.database.Migrations;
import dev.sluice.engine.Engine;
import dev.sluice.engine.EngineConfig;
import dev.sluice.engine.EngineMetrics;
import dev.sluice.engine.JobRequest;
import dev.sluice.engine.JobType;
import dev.sluice.engine.JobTypes;
import dev.sluice.engine.QueueConfig;
import dev.sluice.lifecycle.ServiceGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Sluice's engine, embedded the way {@code Sluice} wires it, on one queue of one job type. */
public final class SluiceQueue implements QueueSystem {
    static final String QUEUE = "bench";
    static final String TYPE = "bench";
    private static final int INSERT_BATCH = 1000;

    private final Database database;
    private final EngineConfig config;
    private volatile Body body = Body.NOTHING;
    private final Engine engine;
    private ServiceGroup workers;

    /** Of {@code total} connections, those in the engine's own pool (as the server sizes it for a pool of that size). */
    static int enginePoolSize(int total) {
        return Math.max(4, Math.min(8, total / 4));
    }

    /** @param workerId names this process in leases */
    public SluiceQueue(Database database, String workerId, QueueSettings settings) {
        this.database = database;
        new Migrations(database.dataSource()).migrate();
        EngineConfig c = EngineConfig.defaults(workerId, List.of(QueueConfig.of(QUEUE, settings.workers())));
        if (settings.lease() != null) {
            // a short lease for the crash cell; maintenance looks for expired leases every second
            c = c.withLease(settings.lease()).withRescueInterval(Duration.ofSeconds(1))
                    .withLeaderTtl(settings.lease().multipliedBy(3).dividedBy(4));
        }
        if (settings.claimBatch() != null) {
            c = c.withClaimBatch(settings.claimBatch());
        }
        this.config = c;
        JobType<JsonNode> type = JobType.named(TYPE, JsonNode.class).queue(QUEUE).maxAttempts(5)
                .handler((ctx, p) -> {
                    body.run(p.path("k").asLong(), p.path("t").asLong());
                    return null;
                }).build();
        this.engine = new Engine(database.dataSource(), database.engineDataSource(), database::openDirect, JobTypes.of(type),
                config, new EngineMetrics(new SimpleMeterRegistry()), InstantSource.system(), "worker", "bench",
                JsonNodeFactory.instance::objectNode, java.util.Map.of());
    }

    @Override
    public String name() {
        return "Sluice";
    }

    @Override
    public List<String> settings() {
        return List.of(
                "queue concurrency " + config.queues().getFirst().concurrency() + " (jobs on virtual threads)",
                "claim batch up to " + config.claimBatch() + " (bounded by free slots)",
                "poll interval " + config.pollInterval().toMillis() + " ms (fallback; LISTEN/NOTIFY wakes workers at enqueue)",
                "lease " + config.lease().toSeconds() + " s, rescue every " + config.rescueInterval().toMillis()
                        + " ms, leader TTL " + config.leaderTtl().toMillis() + " ms",
                "HikariCP pool " + database.settings().poolSize() + " for enqueues + " + database.enginePoolSize()
                        + " for the engine's own statements (claims, outcomes, renewals) = the same total as the others;"
                        + " + 1 LISTEN connection outside the pools",
                "enqueue: Jobs.enqueue (one transaction each); pre-insert: Jobs.enqueueAll in batches of " + INSERT_BATCH);
    }

    @Override
    public void preInsert(long firstKey, int count) {
        List<JobRequest> batch = new ArrayList<>(INSERT_BATCH);
        for (long k = firstKey; k < firstKey + count; k++) {
            batch.add(request(k, 0));
            if (batch.size() == INSERT_BATCH) {
                engine.jobs().enqueueAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            engine.jobs().enqueueAll(batch);
        }
    }

    private static JobRequest request(long key, long at) {
        return JobRequest.of(TYPE, JsonNodeFactory.instance.objectNode().put("k", key).put("t", at));
    }

    @Override
    public void startWorkers(Body body) {
        this.body = body;
        workers = new ServiceGroup("bench-sluice", engine.services(true));
        workers.start();
    }

    @Override
    public void enqueue(long key, long enqueuedAtNanos) {
        engine.jobs().enqueue(request(key, enqueuedAtNanos));
    }

    @Override
    public long completed() throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sluice.jobs WHERE state = 'succeeded'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.stop();
        }
        database.stop();
    }
}
