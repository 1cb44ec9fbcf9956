package dev.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.kubernetes.pod.Labels;
import dev.sluice.kubernetes.reconcile.Reconciler;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Timing TIMING = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(2),
            Duration.ofMillis(200), Duration.ofMinutes(2));

    private FakeCluster cluster;
    private final FakeLedger ledger = new FakeLedger();
    private volatile Instant now = T0;
    private final InstantSource clock = () -> now;
    private Reconciler reconciler;

    @BeforeEach
    void start() {
        cluster = new FakeCluster(TIMING).withPreparedNamespace();
        reconciler = new Reconciler(cluster.client, FakeCluster.NAMESPACE, ledger, TIMING, clock);
    }

    @AfterEach
    void stop() {
        reconciler.stop();
        cluster.close();
    }

    private void pod(String name, Map<String, String> labels) {
        cluster.kubelet.pods().inNamespace(FakeCluster.NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(name).withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("run")
                .withImage("python").endContainer().endSpec().build()).create();
    }

    private void runPod(String runId) {
        pod(Labels.objectName(runId), Labels.forRun(runId, RunRef.of(runId), "python"));
    }

    private void runConfigMap(String runId) {
        cluster.kubelet.configMaps().inNamespace(FakeCluster.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(Labels.objectName(runId)).withLabels(Labels.forRun(runId, RunRef.of(runId), "python"))
                .endMetadata().addToData("main.py", "print(1)").build()).create();
    }

    private List<String> podNames() {
        return cluster.pods().stream().map(HasMetadata::getMetadata).map(m -> m.getName()).sorted().toList();
    }

    @Test
    void deletesPodsOfFinishedUnknownAndOlderAttemptsAndKeepsCurrentOnes() {
        ledger.running("exec-1-a1", T0).running("exec-2-a2", T0).running("exec-4-a2", T0);
        runPod("exec-1-a1");   // live, current attempt: kept
        runPod("exec-2-a1");   // an older attempt of a live execution: deleted
        runPod("exec-2-a2");   // its current attempt: kept
        runPod("exec-3-a1");   // finished, cancelled or unknown: deleted
        runPod("exec-4-a3");   // newer than the ledger says (a claim racing the read): kept
        Map<String, String> unlabelled = new HashMap<>(Map.of(Labels.MANAGED_BY, Labels.MANAGER));
        pod("sluice-mystery", unlabelled); // ours, but names no run: deleted
        pod("someone-elses", Map.of("app", "web")); // not ours: never touched

        Reconciler.Report report = reconciler.runOnce();

        assertThat(report.deletedPods()).containsExactlyInAnyOrder("sluice-exec-2-a1", "sluice-exec-3-a1", "sluice-mystery");
        assertThat(podNames()).containsExactly("sluice-exec-1-a1", "sluice-exec-2-a2", "sluice-exec-4-a3", "someone-elses");
        assertThat(report.vanished()).isEmpty();
    }

    @Test
    void deletesConfigMapsNoLiveRunOwns() {
        ledger.running("exec-1-a2", T0);
        runConfigMap("exec-1-a1");
        runConfigMap("exec-1-a2");
        runConfigMap("exec-9-a1");

        Reconciler.Report report = reconciler.runOnce();

        assertThat(report.deletedConfigMaps()).containsExactlyInAnyOrder("sluice-exec-1-a1", "sluice-exec-9-a1");
        assertThat(cluster.kubelet.configMaps().inNamespace(FakeCluster.NAMESPACE).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("sluice-exec-1-a2");
    }

    @Test
    void aLiveRunWithoutAPodIsReportedAfterTwoPassesOnceOlderThanTheGrace() {
        ledger.running("exec-5-a1", T0.minus(Duration.ofMinutes(10)));

        assertThat(reconciler.runOnce().vanished()).isEmpty(); // it may have just ended: wait one pass
        now = T0.plusSeconds(30);
        assertThat(reconciler.runOnce().vanished()).containsExactly(new RunRef("exec-5", 1));

        assertThat(ledger.vanished).extracting(LiveRun::run).containsExactly(new RunRef("exec-5", 1));
        assertThat(ledger.details.getFirst()).contains("no pod for run exec-5-a1").contains("since " + T0);
    }

    @Test
    void aYoungLiveRunIsNeverReported() {
        ledger.running("exec-6-a1", T0.minusSeconds(30)); // its pod may not be created yet

        reconciler.runOnce();
        now = T0.plusSeconds(30);
        reconciler.runOnce();

        assertThat(ledger.vanished).isEmpty();
    }

    @Test
    void aRunThatEndsOrGetsItsPodBetweenPassesIsNotReported() {
        ledger.running("exec-7-a1", T0.minus(Duration.ofMinutes(10)))
                .running("exec-8-a1", T0.minus(Duration.ofMinutes(10)));
        reconciler.runOnce();

        ledger.live.removeIf(r -> r.run().execution().equals("exec-7")); // the engine recorded its end
        runPod("exec-8-a1");                                            // its pod showed up
        now = T0.plusSeconds(30);
        reconciler.runOnce();

        assertThat(ledger.vanished).isEmpty();
    }

    @Test
    void aPassFailsWithAClearErrorWhileTheApiIsDown() {
        cluster.stopApi();
        assertThatThrownBy(reconciler::runOnce).isInstanceOf(ClusterException.class)
                .hasMessageContaining("Kubernetes API unreachable");
    }

    @Test
    void theLoopCleansUpAtStartAndKeepsGoingThroughAnOutage() {
        runPod("exec-10-a1");
        reconciler.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.pod("exec-10-a1") == null);

        cluster.stopApi();
        int asked = ledger.asked.get();
        cluster.restartApi();
        runPod("exec-11-a1");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pod("exec-11-a1") == null);
        assertThat(ledger.asked.get()).isGreaterThan(asked);
    }

    @Test
    void stopIsHarmlessBeforeStartAndTwiceAndStartStopRepeats() {
        reconciler.stop();
        for (int i = 0; i < 20; i++) {
            reconciler.start();
            reconciler.start();
            reconciler.stop();
        }
        reconciler.stop();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("sluice-k8s-reconciler"));
    }
}
