package dev.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.lifecycle.ServiceGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A closed gate keeps a queue's jobs queued for someone who can run them, and says why. */
class QueueGateTest {
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aClosedGateClaimsNothingUntilItOpens() throws Exception {
        AtomicReference<String> closed = new AtomicReference<>("the sandbox is missing bubblewrap: apt-get install bubblewrap");
        JobType<JsonNode> echo = JobType.named("echo", JsonNode.class).queue("gated").handler((ctx, p) -> Outcome.succeeded()).build();
        EngineConfig config = EngineConfig.defaults(EngineHarness.newWorkerId(), List.of(QueueConfig.of("gated", 2)))
                .withPollInterval(Duration.ofMillis(50));
        Engine engine = new Engine(h.database.dataSource(), h::direct, JobTypes.of(echo), config,
                new EngineMetrics(new SimpleMeterRegistry()), InstantSource.system(), "worker", "test",
                () -> {
                    var info = JsonNodeFactory.instance.objectNode();
                    var unserved = info.putObject("unserved");
                    Optional.ofNullable(closed.get()).ifPresent(r -> unserved.put("gated", r));
                    return info;
                },
                Map.of("gated", () -> Optional.ofNullable(closed.get())));
        ServiceGroup group = new ServiceGroup("gated", engine.services(true));
        group.start();
        try {
            long id = engine.jobs().enqueue(JobRequest.of("echo", TestTypes.empty())).id();
            // stays queued through many poll intervals
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
                    .until(() -> engine.reads().get(id, null).orElseThrow().state() == JobState.QUEUED);
            assertThat(engine.workers().list(engine.workerDeadAfter()).get(0).info().path("unserved").path("gated").asText())
                    .contains("apt-get install bubblewrap");

            closed.set(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.reads().get(id, null).orElseThrow().state() == JobState.SUCCEEDED);
        } finally {
            group.stop();
        }
    }
}
