package dev.sluice.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubernetes.Placement;
import dev.sluice.kubernetes.RuntimeImage;
import dev.sluice.kubernetes.Toleration;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.RunSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodTemplateTest {
    private static final RuntimeImage PYTHON = RuntimeImage.DEFAULTS.getFirst();
    private static final Limits LIMITS = new Limits(Duration.ofMillis(7_500), 256 * Limits.MIB, 64, 0.5, 64 * Limits.KIB,
            10 * Limits.MIB, 16 * Limits.MIB);
    private static final RunSpec SPEC = new RunSpec("exec-42-a3", "python", null, "print(1)", "in",
            List.of("--name", "x; rm -rf / #", "$(id)"), LIMITS);
    private static final PodTemplate TEMPLATE = new PodTemplate("sluice-runs", new Placement("gvisor",
            Map.of("sluice.dev/pool", "untrusted"), List.of(Toleration.parse("sluice.dev/untrusted=true:NoSchedule"))));

    private static Pod pod() {
        return TEMPLATE.pod(SPEC, PYTHON, "nonce-1");
    }

    private static Container container() {
        return pod().getSpec().getContainers().getFirst();
    }

    @Test
    void theExecutionPodPassesEveryRestrictedRule() {
        Pod pod = pod();
        assertThat(RestrictedProfile.violations(pod)).isEmpty();

        // and field by field, as the profile words them
        var podContext = pod.getSpec().getSecurityContext();
        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isEqualTo(65534L);
        assertThat(podContext.getRunAsGroup()).isEqualTo(65534L);
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getHostNetwork()).isFalse();
        assertThat(pod.getSpec().getHostPID()).isFalse();
        assertThat(pod.getSpec().getHostIPC()).isFalse();
        assertThat(pod.getSpec().getInitContainers()).isEmpty();
        assertThat(pod.getSpec().getEphemeralContainers()).isEmpty();
        assertThat(pod.getSpec().getContainers()).hasSize(1);
        var sc = container().getSecurityContext();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(65534L);
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(sc.getProcMount()).isNull();
        assertThat(container().getPorts()).isEmpty();
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getHostPath).containsOnlyNulls();
        assertThat(pod.getSpec().getVolumes()).allSatisfy(v ->
                assertThat(v.getConfigMap() != null || v.getEmptyDir() != null).isTrue());
    }

    static Stream<Arguments> breaches() {
        return Stream.of(
                breach("hostNetwork", p -> p.getSpec().setHostNetwork(true)),
                breach("hostPID", p -> p.getSpec().setHostPID(true)),
                breach("hostIPC", p -> p.getSpec().setHostIPC(true)),
                breach("volume host of type hostPath", p -> p.getSpec().getVolumes().add(new VolumeBuilder()
                        .withName("host").withNewHostPath().withPath("/").endHostPath().build())),
                breach("privileged", p -> first(p).getSecurityContext().setPrivileged(true)),
                breach("allowPrivilegeEscalation not false", p -> first(p).getSecurityContext()
                        .setAllowPrivilegeEscalation(null)),
                breach("capabilities not drop ALL", p -> first(p).getSecurityContext().getCapabilities()
                        .setDrop(List.of("NET_RAW"))),
                breach("capabilities added [SYS_ADMIN]", p -> first(p).getSecurityContext().getCapabilities()
                        .setAdd(List.of("SYS_ADMIN"))),
                breach("runAsNonRoot false", p -> first(p).getSecurityContext().setRunAsNonRoot(false)),
                breach("runAsUser 0", p -> first(p).getSecurityContext().setRunAsUser(0L)),
                breach("seccomp Unconfined", p -> first(p).getSecurityContext().getSeccompProfile().setType("Unconfined")),
                breach("no RuntimeDefault/Localhost seccomp", p -> {
                    p.getSpec().getSecurityContext().setSeccompProfile(null);
                    first(p).getSecurityContext().setSeccompProfile(null);
                }),
                breach("hostPort 80", p -> first(p).setPorts(List.of(new ContainerPortBuilder().withContainerPort(80)
                        .withHostPort(80).build()))),
                breach("procMount Unmasked", p -> first(p).getSecurityContext().setProcMount("Unmasked")));
    }

    private static Arguments breach(String violation, Consumer<Pod> change) {
        return Arguments.of(violation, change);
    }

    private static Container first(Pod p) {
        return p.getSpec().getContainers().getFirst();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaches")
    void theRestrictedCheckCatchesEachBreach(String violation, Consumer<Pod> change) {
        Pod pod = pod();
        change.accept(pod);
        assertThat(RestrictedProfile.violations(pod)).anySatisfy(v -> assertThat(v).endsWith(violation));
    }

    @Test
    void thePodHasNoTokenNoServiceLinksNoHostUsersAndEndsByItself() {
        var spec = pod().getSpec();
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getEnableServiceLinks()).isFalse();
        assertThat(spec.getHostUsers()).isFalse();
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(8L); // 7.5 s rounded up
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(1L);
    }

    @Test
    void requestsEqualLimitsForCpuMemoryAndEphemeralStorage() {
        var resources = container().getResources();
        assertThat(resources.getRequests()).isEqualTo(resources.getLimits());
        assertThat(resources.getLimits()).containsOnlyKeys("cpu", "memory", "ephemeral-storage");
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValueExact())
                .isEqualTo(256 * Limits.MIB);
        assertThat(resources.getLimits().get("cpu")).isEqualTo(new Quantity("500m"));
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("ephemeral-storage")).longValueExact())
                .isGreaterThan(LIMITS.outputBytes());
    }

    @Test
    void tmpIsASizeLimitedMemoryBackedScratchAndTheProgramIsMountedReadOnly() {
        Pod pod = pod();
        Volume tmp = pod.getSpec().getVolumes().stream().filter(v -> v.getEmptyDir() != null).findFirst().orElseThrow();
        assertThat(tmp.getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(Quantity.getAmountInBytes(tmp.getEmptyDir().getSizeLimit()).longValueExact()).isEqualTo(16 * Limits.MIB);
        Volume input = pod.getSpec().getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
        assertThat(input.getConfigMap().getName()).isEqualTo("sluice-exec-42-a3");
        assertThat(container().getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(input.getName());
            assertThat(m.getMountPath()).isEqualTo("/sluice/input");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(container().getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(tmp.getName());
            assertThat(m.getMountPath()).isEqualTo("/tmp");
        });
    }

    @Test
    void argumentsArePositionalParametersNeverPartOfTheScript() {
        List<String> command = container().getCommand();
        assertThat(command).containsExactly("/bin/sh", "-c",
                "ulimit -f 20480 && exec \"$@\" < /sluice/input/stdin", "sluice",
                "python3", "/sluice/input/main.py", "--name", "x; rm -rf / #", "$(id)");
        assertThat(container().getArgs()).isEmpty();
        assertThat(container().getImage()).isEqualTo("python:3.12-slim");
        assertThat(container().getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("HOME", "/tmp"),
                        org.assertj.core.groups.Tuple.tuple("TMPDIR", "/tmp"),
                        org.assertj.core.groups.Tuple.tuple("PYTHONDONTWRITEBYTECODE", "1"));
    }

    @Test
    void placementAndLabelsComeFromTheConfigAndTheRunId() {
        Pod pod = pod();
        assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(pod.getSpec().getNodeSelector()).containsExactlyEntriesOf(Map.of("sluice.dev/pool", "untrusted"));
        assertThat(pod.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("sluice.dev/untrusted");
            assertThat(t.getOperator()).isEqualTo("Equal");
            assertThat(t.getValue()).isEqualTo("true");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getMetadata().getName()).isEqualTo("sluice-exec-42-a3");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("sluice-runs");
        assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "sluice",
                "sluice.dev/run-id", "exec-42-a3",
                "sluice.dev/execution", "exec-42",
                "sluice.dev/attempt", "3",
                "sluice.dev/language", "python"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(Labels.NONCE, "nonce-1");
    }

    @Test
    void withoutPlacementThereIsNoRuntimeClassSelectorOrToleration() {
        Pod pod = new PodTemplate("ns", Placement.ANYWHERE).pod(SPEC, PYTHON, "n");
        assertThat(pod.getSpec().getRuntimeClassName()).isNull();
        assertThat(pod.getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getSpec().getTolerations()).isEmpty();
    }

    @Test
    void theConfigMapHoldsTheProgramAndStdinAndIsImmutable() {
        var cm = TEMPLATE.configMap(SPEC, PYTHON);
        assertThat(cm.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("main.py", "print(1)", "stdin", "in"));
        assertThat(cm.getImmutable()).isTrue();
        assertThat(cm.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sluice");
    }
}
