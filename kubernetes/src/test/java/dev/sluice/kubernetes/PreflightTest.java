package dev.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.Preflight.Check;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreflightTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private Preflight preflight() {
        return KubernetesExecutor.using(cluster.client, FakeCluster.config(), new FakeLedger(), InstantSource.system())
                .runner().preflight();
    }

    private static Check check(Preflight preflight, String name) {
        return preflight.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPreparedNamespaceIsReady() {
        cluster.withPreparedNamespace();
        Preflight preflight = preflight();

        assertThat(preflight.ready()).as(preflight.problem().orElse("")).isTrue();
        assertThat(preflight.checks()).extracting(Check::name)
                .containsExactly("kubernetes API", "namespace", "pod security", "network policy", "permissions");
        assertThat(check(preflight, "kubernetes API").detail()).contains("reachable at http://localhost:");
        assertThat(preflight.checks()).allSatisfy(c -> assertThat(c.fix()).isNull());
        assertThat(cluster.dispatcher.reviews).contains("create pods", "get pods/log", "watch pods",
                "get namespaces sluice-runs"); // the Role may limit namespaces to its own by name
    }

    @Test
    void aMissingNamespaceIsNamedWithItsFix() {
        Preflight preflight = preflight();
        assertThat(preflight.ready()).isFalse();
        Check namespace = check(preflight, "namespace");
        assertThat(namespace.ok()).isFalse();
        assertThat(namespace.fix()).contains("kubectl create namespace sluice-runs");
        assertThat(check(preflight, "pod security").ok()).isFalse();
    }

    @Test
    void anUnlabelledNamespaceAndAMissingPolicyAreNamedWithTheirFixes() {
        cluster.withBareNamespace();
        Preflight preflight = preflight();

        assertThat(check(preflight, "namespace").ok()).isTrue();
        Check podSecurity = check(preflight, "pod security");
        assertThat(podSecurity.ok()).isFalse();
        assertThat(podSecurity.fix()).isEqualTo("kubectl label namespace sluice-runs "
                + "pod-security.kubernetes.io/enforce=restricted --overwrite");
        Check policy = check(preflight, "network policy");
        assertThat(policy.ok()).isFalse();
        assertThat(policy.detail()).contains("does not exist");
        assertThat(policy.fix()).contains("deploy/kubernetes/networkpolicy.yaml");
        assertThat(preflight.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("pod security: "));
    }

    @Test
    void missingPermissionsAreListedOneByOne() {
        cluster.withPreparedNamespace();
        cluster.dispatcher.denyAccess("create pods");
        cluster.dispatcher.denyAccess("get pods/log");

        Check permissions = check(preflight(), "permissions");
        assertThat(permissions.ok()).isFalse();
        assertThat(permissions.detail()).isEqualTo("may not create pods, get pods/log in namespace sluice-runs");
        assertThat(permissions.fix()).contains("deploy/kubernetes/rbac.yaml");
    }

    @Test
    void anUnreachableApiFailsTheFirstCheckWithTheReasonAndSkipsTheRest() {
        cluster.withPreparedNamespace();
        cluster.stopApi();
        Preflight preflight = preflight();

        assertThat(preflight.ready()).isFalse();
        Check api = check(preflight, "kubernetes API");
        assertThat(api.ok()).isFalse();
        assertThat(api.detail()).contains("Kubernetes API unreachable at http://localhost:");
        assertThat(api.fix()).contains("check the API address");
        assertThat(preflight.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("kubernetes API: "));
        assertThat(preflight.checks()).filteredOn(c -> !c.name().equals("kubernetes API"))
                .allSatisfy(c -> assertThat(c.detail()).startsWith("not checked"));
    }
}
