package dev.sluice.kubernetes.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.kubernetes.ApiAccess;
import dev.sluice.kubernetes.KubernetesConfigException;
import dev.sluice.kubernetes.Timing;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiClientsTest {
    @TempDir
    Path dir;

    @Test
    void aKubeconfigFileReachesItsServerWithItsCredentialsAndTheNamespace() throws IOException {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try {
            Path kubeconfig = dir.resolve("config");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: test
                      cluster: {server: "%s"}
                    users:
                    - name: sluice
                      user: {token: s3cret}
                    contexts:
                    - name: other
                      context: {cluster: test, user: sluice, namespace: default}
                    - name: sluice
                      context: {cluster: test, user: sluice}
                    current-context: other
                    """.formatted(server.url("/")));
            server.expect().get().withPath("/api/v1/namespaces/sluice-runs")
                    .andReturn(200, new NamespaceBuilder().withNewMetadata().withName("sluice-runs").endMetadata().build())
                    .once();

            try (KubernetesClient client = ApiClients.build(ApiAccess.kubeconfig(kubeconfig, "sluice"), "sluice-runs",
                    Timing.DEFAULTS)) {
                assertThat(client.getNamespace()).isEqualTo("sluice-runs");
                assertThat(client.getConfiguration().getRequestTimeout()).isEqualTo(30_000);
                assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isEqualTo(2);
                assertThat(client.namespaces().withName("sluice-runs").get().getMetadata().getName()).isEqualTo("sluice-runs");
                assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer s3cret");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            server.destroy();
        }
    }

    @Test
    void aMissingKubeconfigIsAConfigErrorNamingTheFile() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ApiClients.build(ApiAccess.kubeconfig(missing, null), "ns", Timing.DEFAULTS))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("kubeconfig");
                    assertThat(e.getMessage()).contains(missing + " is not a readable file");
                });
    }

    @Test
    void anUnknownContextIsAConfigError() throws IOException {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://k8s.example:6443"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: a, context: {cluster: c, user: u}}]
                current-context: a
                """);
        assertThatThrownBy(() -> ApiClients.build(ApiAccess.kubeconfig(kubeconfig, "missing"), "ns", Timing.DEFAULTS))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("kubeconfig");
                    assertThat(e.getMessage()).contains("it has no context missing");
                });
    }

    @Test
    void inClusterAccessOutsideAPodSaysToUseAKubeconfig() {
        assertThatThrownBy(() -> ApiClients.inCluster(Map.of(), dir))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("api");
                    assertThat(e.getMessage()).contains("outside a cluster give a kubeconfig file");
                });
    }

    @Test
    void inClusterAccessUsesTheServiceAndRereadsTheRotatingToken() throws IOException {
        Files.writeString(dir.resolve("token"), "first\n");
        Files.writeString(dir.resolve("ca.crt"), "not a real certificate");
        Config config = ApiClients.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "6443"),
                dir).build();

        assertThat(config.getMasterUrl()).isEqualTo("https://[fd00::1]:6443/");
        assertThat(config.getCaCertFile()).isEqualTo(dir.resolve("ca.crt").toString());
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("first");
        Files.writeString(dir.resolve("token"), "rotated");
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("rotated");
    }
}
