package dev.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RuntimeInfo;
import dev.sluice.sandbox.SandboxException;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesExecutorTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private KubernetesExecutor executor(KubernetesConfig config) {
        return KubernetesExecutor.using(cluster.client, config, new FakeLedger(), InstantSource.system());
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void anUnreachableApiAtStartIsAClearRetryableErrorAndLeavesNothingRunning() {
        cluster.withPreparedNamespace();
        cluster.stopApi();
        KubernetesExecutor executor = executor(FakeCluster.config());

        long started = System.nanoTime();
        assertThatThrownBy(executor::start).isInstanceOfSatisfying(SandboxException.class, e -> {
            assertThat(e.getMessage()).startsWith("Kubernetes API unreachable at http://localhost:")
                    .contains("read namespace sluice-runs");
            assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("check the API address"));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(threadAlive("sluice-k8s-reconciler")).isFalse();
        assertThatThrownBy(() -> executor.runner().run(Runs.python("exec-1-a1"), OutputSink.DISCARD, new CancelToken()))
                .isInstanceOf(SandboxException.class).hasMessageContaining("not started");
        executor.stop();
    }

    @Test
    void aNamespaceThatIsNotSetUpStopsTheStartInVerifyMode() {
        cluster.withBareNamespace();
        KubernetesExecutor executor = executor(FakeCluster.config());
        assertThatThrownBy(executor::start).isInstanceOf(ClusterException.class)
                .hasMessageContaining("does not enforce Pod Security restricted");
        assertThat(threadAlive("sluice-k8s-reconciler")).isFalse();
    }

    @Test
    void ensureModeSetsTheNamespaceUpAndStarts() {
        cluster.withBareNamespace();
        KubernetesExecutor executor = executor(FakeCluster.config().withSetup(SetupMode.ENSURE));
        executor.start();
        try {
            assertThat(executor.preflight().ready()).isTrue();
            assertThat(threadAlive("sluice-k8s-reconciler")).isTrue();
        } finally {
            executor.stop();
        }
        assertThat(threadAlive("sluice-k8s-reconciler")).isFalse();
    }

    @Test
    void startAndStopAreHarmlessTwiceAndStopBeforeStart() {
        cluster.withPreparedNamespace();
        KubernetesExecutor never = executor(FakeCluster.config());
        never.stop();
        never.stop();

        KubernetesExecutor executor = executor(FakeCluster.config());
        executor.start();
        executor.start();
        executor.stop();
        executor.stop();
        assertThatThrownBy(executor::start).isInstanceOf(IllegalStateException.class);
        assertThat(executor.name()).isEqualTo("kubernetes");
    }

    @Test
    void runtimesComeFromTheConfigWithOneDefaultPerLanguage() {
        KubernetesExecutor executor = executor(FakeCluster.config());
        assertThat(executor.runner().runtimes()).containsExactly(
                new RuntimeInfo("python", "3.12", true),
                new RuntimeInfo("node", "22", true),
                new RuntimeInfo("bash", "5", true));
    }
}
