package dev.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.kubernetes.cluster.ClusterSetup;
import dev.sluice.kubernetes.cluster.NetworkPolicies;
import dev.sluice.kubernetes.cluster.PodSecurity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterSetupTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private NetworkPolicy policy() {
        return cluster.kubelet.network().v1().networkPolicies().inNamespace(FakeCluster.NAMESPACE)
                .withName(NetworkPolicies.NAME).get();
    }

    private String enforce() {
        return cluster.kubelet.namespaces().withName(FakeCluster.NAMESPACE).get().getMetadata().getLabels()
                .get(PodSecurity.ENFORCE);
    }

    @Test
    void ensureLabelsTheNamespaceAndCreatesTheDefaultDenyPolicy() {
        cluster.withBareNamespace();
        new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.ENSURE).apply();

        assertThat(enforce()).isEqualTo("restricted");
        NetworkPolicy policy = policy();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsExactlyEntriesOf(java.util.Map.of("app.kubernetes.io/managed-by", "sluice"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).isEmpty();
        assertThat(policy.getSpec().getEgress()).isEmpty();
    }

    @Test
    void ensureRepairsAPolicyThatLetsTrafficThrough() {
        cluster.withPreparedNamespace();
        NetworkPolicy leaky = new NetworkPolicyBuilder(policy()).editSpec().addNewEgress().endEgress().endSpec().build();
        cluster.kubelet.network().v1().networkPolicies().inNamespace(FakeCluster.NAMESPACE).resource(leaky).update();
        assertThat(NetworkPolicies.problem(policy())).isPresent();

        new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.ENSURE).apply();

        assertThat(NetworkPolicies.problem(policy())).isEmpty();
    }

    @Test
    void verifyPassesOnAPreparedNamespaceAndChangesNothing() {
        cluster.withPreparedNamespace();
        String version = policy().getMetadata().getResourceVersion();
        new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.VERIFY).apply();
        assertThat(policy().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void verifyRefusesAnUnlabelledNamespaceWithTheKubectlFix() {
        cluster.withBareNamespace();
        assertThatThrownBy(() -> new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.VERIFY).apply())
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.getMessage()).contains("does not enforce Pod Security restricted");
                    assertThat(e.fix().orElseThrow()).contains("kubectl label namespace sluice-runs "
                            + "pod-security.kubernetes.io/enforce=restricted --overwrite");
                });
        assertThat(enforce()).isNull();
    }

    @Test
    void verifyRefusesAMissingPolicyWithTheApplyFix() {
        cluster.withBareNamespace();
        new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.ENSURE).apply();
        cluster.kubelet.network().v1().networkPolicies().inNamespace(FakeCluster.NAMESPACE).withName(NetworkPolicies.NAME)
                .delete();
        assertThatThrownBy(() -> new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.VERIFY).apply())
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.getMessage()).contains("sluice-runs-deny-all does not exist");
                    assertThat(e.fix().orElseThrow()).contains("deploy/kubernetes/networkpolicy.yaml");
                });
    }

    @Test
    void aMissingNamespaceIsNeverCreated() {
        assertThatThrownBy(() -> new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.ENSURE).apply())
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("namespace sluice-runs does not exist");
                    assertThat(e.fix().orElseThrow()).contains("kubectl create namespace sluice-runs");
                });
        assertThat(cluster.kubelet.namespaces().withName(FakeCluster.NAMESPACE).get()).isNull();
    }

    @Test
    void whenRbacForbidsLabellingTheErrorSaysSoAndHowToLabelByHand() {
        cluster.withBareNamespace();
        cluster.dispatcher.forbid("PATCH /api/v1/namespaces/sluice-runs.*");
        assertThatThrownBy(() -> new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.ENSURE).apply())
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.getMessage()).contains("Sluice may not label it");
                    assertThat(e.oneLine()).contains("kubectl label namespace sluice-runs")
                            .contains("grant patch on namespaces");
                });
    }

    @Test
    void whenRbacForbidsCreatingThePolicyTheErrorSaysSo() {
        cluster.withBareNamespace();
        cluster.dispatcher.forbid("POST /apis/networking.k8s.io/v1/namespaces/sluice-runs/networkpolicies.*");
        assertThatThrownBy(() -> new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.ENSURE).apply())
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.getMessage()).contains("Sluice may not create it");
                    assertThat(e.fix().orElseThrow()).contains("kubectl apply -n sluice-runs -f deploy/kubernetes/networkpolicy.yaml");
                });
    }

    @Test
    void whenReadingTheNamespaceIsForbiddenTheFixPointsAtRbac() {
        cluster.withPreparedNamespace();
        cluster.dispatcher.forbid("GET /api/v1/namespaces/sluice-runs");
        assertThatThrownBy(() -> new ClusterSetup(cluster.client, FakeCluster.NAMESPACE, SetupMode.VERIFY).apply())
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.getMessage()).startsWith("not allowed to read namespace sluice-runs");
                    assertThat(e.fix().orElseThrow()).contains("deploy/kubernetes/rbac.yaml");
                });
    }
}
