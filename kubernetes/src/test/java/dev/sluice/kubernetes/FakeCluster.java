package dev.sluice.kubernetes;

import static org.awaitility.Awaitility.await;

import dev.sluice.kubernetes.cluster.ApiClients;
import dev.sluice.kubernetes.cluster.NetworkPolicies;
import dev.sluice.kubernetes.cluster.PodSecurity;
import dev.sluice.kubernetes.pod.Labels;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.UnaryOperator;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode plus {@link KubeletDispatcher}. The test
 * plays the kubelet: it finds the pod a run created and sets its status and log. The API can be taken down
 * and brought back on the same port with its objects intact.
 */
final class FakeCluster implements AutoCloseable {
    static final String NAMESPACE = "sluice-runs";
    static final Timing FAST = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofMinutes(2));

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    final KubeletDispatcher dispatcher = new KubeletDispatcher(new KubernetesMixedDispatcher(responses));
    private KubernetesMockServer server;
    private final int port;
    final KubernetesClient client;
    /** A second client for the test's own kubelet and assertions, so they never share the runner's. */
    final KubernetesClient kubelet;

    FakeCluster() {
        this(FAST);
    }

    FakeCluster(Timing timing) {
        server = newServer();
        server.init(InetAddress.getLoopbackAddress(), 0);
        port = server.getPort();
        client = client(timing);
        kubelet = client(Timing.DEFAULTS);
    }

    private KubernetesMockServer newServer() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                dispatcher, false);
    }

    private KubernetesClient client(Timing timing) {
        Config config = ApiClients.tune(new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")), NAMESPACE,
                timing).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The execution namespace, labelled restricted, with the default-deny policy: what the manifests apply. */
    FakeCluster withPreparedNamespace() {
        kubelet.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels(PodSecurity.ENFORCE, PodSecurity.RESTRICTED).endMetadata().build()).create();
        kubelet.network().v1().networkPolicies().inNamespace(NAMESPACE)
                .resource(NetworkPolicies.denyAll(NAMESPACE)).create();
        return this;
    }

    FakeCluster withBareNamespace() {
        kubelet.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        return this;
    }

    /** A config for this cluster with fast timeouts (the API access is not used: tests pass the client). */
    static KubernetesConfig config() {
        return KubernetesConfig.defaults(ApiAccess.inCluster(), NAMESPACE).withSetup(SetupMode.VERIFY).withTiming(FAST);
    }

    // --- the kubelet ---------------------------------------------------------------------------------------

    Pod awaitPod(String runId) {
        String name = Labels.objectName(runId);
        await().atMost(Duration.ofSeconds(10)).until(() -> pod(runId) != null);
        return kubelet.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    Pod pod(String runId) {
        return kubelet.pods().inNamespace(NAMESPACE).withName(Labels.objectName(runId)).get();
    }

    void log(String runId, String text) {
        log(runId, text.getBytes(StandardCharsets.UTF_8));
    }

    void log(String runId, byte[] bytes) {
        dispatcher.setLog(Labels.objectName(runId), bytes);
    }

    void running(String runId) {
        dispatcher.containerStarted(Labels.objectName(runId));
        String now = Instant.now().toString();
        status(runId, s -> new PodStatusBuilder(s).withPhase("Running").withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName(Labels.CONTAINER).withReady(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build())
                        .build())
                .build());
    }

    void exited(String runId, int exitCode) {
        terminated(runId, exitCode == 0 ? "Succeeded" : "Failed", exitCode, exitCode == 0 ? "Completed" : "Error", null);
    }

    void oomKilled(String runId) {
        terminated(runId, "Failed", 137, "OOMKilled", null);
    }

    void deadlineExceeded(String runId) {
        terminated(runId, "Failed", 137, "Error", "DeadlineExceeded");
    }

    private void terminated(String runId, String phase, int exitCode, String reason, String podReason) {
        dispatcher.containerStarted(Labels.objectName(runId));
        Instant end = Instant.now();
        String started = end.minusSeconds(2).toString();
        status(runId, s -> new PodStatusBuilder(s).withPhase(phase).withReason(podReason)
                .withContainerStatuses(new ContainerStatusBuilder().withName(Labels.CONTAINER).withReady(false)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                .withReason(reason).withStartedAt(started).withFinishedAt(end.toString())
                                .endTerminated().build())
                        .build())
                .build());
    }

    void waiting(String runId, String reason, String message) {
        status(runId, s -> new PodStatusBuilder(s).withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder().withName(Labels.CONTAINER).withReady(false)
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                                .endWaiting().build())
                        .build())
                .build());
    }

    void unschedulable(String runId) {
        status(runId, s -> new PodStatusBuilder(s).withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient memory.")
                        .build())
                .build());
    }

    private void status(String runId, UnaryOperator<PodStatus> change) {
        kubelet.pods().inNamespace(NAMESPACE).withName(Labels.objectName(runId)).editStatus(p -> new PodBuilder(p)
                .withStatus(change.apply(p.getStatus() == null ? new PodStatus() : p.getStatus())).build());
    }

    List<Pod> pods() {
        return kubelet.pods().inNamespace(NAMESPACE).list().getItems();
    }

    // --- outages -------------------------------------------------------------------------------------------

    /** Every connection drops and new ones are refused, as when the API server goes away. */
    void stopApi() {
        server.destroy();
    }

    /** The API comes back on the same address, with the same objects. */
    void restartApi() {
        server = newServer();
        server.init(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
        client.close();
        kubelet.close();
        server.destroy();
        dispatcher.close();
    }
}
