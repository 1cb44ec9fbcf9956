package dev.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesConfigTest {
    private static final KubernetesConfig DEFAULTS = KubernetesConfig.defaults(ApiAccess.inCluster(), "sluice-runs");

    @Test
    void theDefaultsOfferPythonNodeAndBashFromOfficialImages() {
        assertThat(DEFAULTS.runtime("python", null)).hasValueSatisfying(r -> {
            assertThat(r.version()).isEqualTo("3.12");
            assertThat(r.image()).isEqualTo("python:3.12-slim");
        });
        assertThat(DEFAULTS.runtime("node", "22")).hasValueSatisfying(r -> assertThat(r.image()).isEqualTo("node:22-slim"));
        assertThat(DEFAULTS.runtime("bash", null)).hasValueSatisfying(r -> assertThat(r.image()).isEqualTo("bash:5"));
        assertThat(DEFAULTS.runtime("python", "2.7")).isEmpty();
        assertThat(DEFAULTS.runtime("cobol", null)).isEmpty();
        assertThat(DEFAULTS.setup()).isEqualTo(SetupMode.ENSURE);
        assertThat(DEFAULTS.timing()).isEqualTo(Timing.DEFAULTS);
    }

    @Test
    void anImageCanBeReplacedPerLanguage() {
        KubernetesConfig config = DEFAULTS.withImage("python", "registry.example/python:3.12@sha256:abc");
        assertThat(config.runtime("python", null).orElseThrow().image()).isEqualTo("registry.example/python:3.12@sha256:abc");
        assertThat(config.runtime("node", null).orElseThrow().image()).isEqualTo("node:22-slim");
        assertThatThrownBy(() -> DEFAULTS.withImage("cobol", "x"))
                .isInstanceOf(KubernetesConfigException.class).hasMessageContaining("no runtime 'cobol'");
    }

    @Test
    void theDefaultVersionIsTheMarkedOneOrElseTheFirst() {
        RuntimeImage old = new RuntimeImage("python", "3.11", "python:3.11-slim", List.of("python3"), "main.py", Map.of(), false);
        RuntimeImage current = new RuntimeImage("python", "3.13", "python:3.13-slim", List.of("python3"), "main.py", Map.of(), true);
        assertThat(DEFAULTS.withRuntimes(List.of(old, current)).runtime("python", null)).contains(current);
        RuntimeImage unmarked = new RuntimeImage("python", "3.13", "python:3.13-slim", List.of("python3"), "main.py", Map.of(), false);
        assertThat(DEFAULTS.withRuntimes(List.of(old, unmarked)).runtime("python", null)).contains(old);
    }

    @Test
    void everyProblemNamesItsSetting() {
        assertThatThrownBy(() -> KubernetesConfig.defaults(ApiAccess.inCluster(), "Sluice_Runs"))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("namespace");
                    assertThat(e.getMessage()).startsWith("kubernetes namespace: 'Sluice_Runs' is not a namespace name");
                });
        assertThatThrownBy(() -> KubernetesConfig.defaults(null, "ns"))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> assertThat(e.field()).isEqualTo("api"));
        RuntimeImage python = RuntimeImage.DEFAULTS.getFirst();
        assertThatThrownBy(() -> DEFAULTS.withRuntimes(List.of(python, python)))
                .hasMessage("kubernetes runtimes: python 3.12 is listed twice");
        RuntimeImage other = new RuntimeImage("python", "3.13", "python:3.13-slim", List.of("python3"), "main.py", Map.of(), true);
        assertThatThrownBy(() -> DEFAULTS.withRuntimes(List.of(python, other)))
                .hasMessage("kubernetes runtimes: python has more than one default version");
        assertThatThrownBy(() -> DEFAULTS.withRuntimes(List.of())).hasMessageContaining("at least one language");
        assertThatThrownBy(() -> new RuntimeImage("python", "3", "python", List.of("python3"), "stdin", Map.of(), true))
                .isInstanceOfSatisfying(KubernetesConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("runtimes[python 3].fileName"));
        assertThatThrownBy(() -> new RuntimeImage("python", "3", "python 3", List.of("python3"), "m.py", Map.of(), true))
                .isInstanceOfSatisfying(KubernetesConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("runtimes[python 3].image"));
        assertThatThrownBy(() -> new Timing(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOfSatisfying(KubernetesConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("podStartTimeout"));
        assertThatThrownBy(() -> new Placement("GVisor!", Map.of(), List.of()))
                .isInstanceOfSatisfying(KubernetesConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("runtimeClassName"));
        assertThatThrownBy(() -> new Placement(null, Map.of("bad key!", "x"), List.of()))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> assertThat(e.field()).isEqualTo("nodeSelector"));
        assertThatThrownBy(() -> ApiAccess.kubeconfig(null, null))
                .isInstanceOfSatisfying(KubernetesConfigException.class, e -> assertThat(e.field()).isEqualTo("kubeconfig"));
    }

    @Test
    void tolerationsReadTheKubectlTaintNotation() {
        assertThat(Toleration.parse("sluice.dev/untrusted=true:NoSchedule"))
                .isEqualTo(new Toleration("sluice.dev/untrusted", "true", "NoSchedule"));
        assertThat(Toleration.parse("dedicated:noexecute")).isEqualTo(new Toleration("dedicated", null, "NoExecute"));
        assertThat(Toleration.parse("gpu=yes")).isEqualTo(new Toleration("gpu", "yes", null));
        assertThat(Toleration.parse("gpu").operator()).isEqualTo("Exists");
        assertThat(Toleration.parse("gpu=yes").operator()).isEqualTo("Equal");
        assertThatThrownBy(() -> Toleration.parse("gpu=yes:Sometimes"))
                .hasMessageContaining("effect 'Sometimes' is not NoSchedule, PreferNoSchedule or NoExecute");
    }

    @Test
    void nodeSelectorsReadKeyValuePairs() {
        assertThat(Placement.parseNodeSelector("sluice.dev/pool=untrusted, kubernetes.io/arch=amd64"))
                .containsExactly(Map.entry("sluice.dev/pool", "untrusted"), Map.entry("kubernetes.io/arch", "amd64"));
        assertThat(Placement.parseNodeSelector(" ")).isEmpty();
        assertThatThrownBy(() -> Placement.parseNodeSelector("pool")).hasMessageContaining("'pool' is not key=value");
    }

    @Test
    void runIdsReadAsExecutionAndAttempt() {
        assertThat(RunRef.of("exec-42-a1")).isEqualTo(new RunRef("exec-42", 1));
        assertThat(RunRef.of("exec-42-a1").runId()).isEqualTo("exec-42-a1");
        assertThat(RunRef.of("exec-42-a17-a3")).isEqualTo(new RunRef("exec-42-a17", 3));
        assertThat(RunRef.of("probe")).isEqualTo(new RunRef("probe", 0));
        assertThatThrownBy(() -> new RunRef("exec-", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunRef("exec", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKubeconfigAccessKeepsItsFileAndTreatsABlankContextAsCurrent() {
        ApiAccess access = ApiAccess.kubeconfig(Path.of("/home/me/.kube/config"), " ");
        assertThat(access).isEqualTo(new ApiAccess.Kubeconfig(Path.of("/home/me/.kube/config"), null));
    }
}
