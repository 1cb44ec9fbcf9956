package dev.sluice.kubernetes.pod;

import dev.sluice.kubernetes.Placement;
import dev.sluice.kubernetes.RunRef;
import dev.sluice.kubernetes.RuntimeImage;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.RunSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the two objects of a run: an immutable ConfigMap with the program and its stdin, and the pod that
 * runs it. The pod starts {@code /bin/sh -c 'ulimit -f N && exec "$@" < stdin' sluice <interpreter> <file>
 * <args...>}: the shell applies the file-size limit (the one {@link Limits} field a pod spec cannot express)
 * and feeds stdin, then {@code exec} replaces it by the interpreter, so the program is the container's main
 * process. Arguments are passed as positional parameters, never pasted into the script.
 *
 * <p>How {@link Limits} maps: {@code wall} → {@code activeDeadlineSeconds} (rounded up; counted by the
 * kubelet from the pod's start, so an image pull counts against it — pre-pull images); {@code cpus} and
 * {@code memoryBytes} → requests = limits (Guaranteed QoS); {@code tmpBytes} → a memory-backed emptyDir
 * {@code /tmp} of that size (a tmpfs, as in the local sandbox; what is written there counts against the
 * memory limit); {@code fileSizeBytes} → {@code ulimit -f}; {@code outputBytes} → enforced by the runner
 * while reading the log; ephemeral storage → requests = limits sized for the container log. {@code processes}
 * has no per-pod field in Kubernetes: set the kubelet's {@code podPidsLimit} on nodes that run executions.
 */
public final class PodTemplate {
    /** Where the ConfigMap is mounted, read-only. */
    public static final String INPUT_DIR = "/sluice/input";
    /** The unprivileged user and group every execution runs as (nobody). */
    public static final long RUN_AS = 65534;
    /** Code and stdin together must fit in one ConfigMap (1 MiB including its metadata). */
    public static final long MAX_INPUT_BYTES = 900 * Limits.KIB;

    private static final String INPUT_VOLUME = "input";
    private static final String TMP_VOLUME = "tmp";
    private static final long LOG_STORAGE_SLACK = 16 * Limits.MIB;

    private final String namespace;
    private final Placement placement;

    public PodTemplate(String namespace, Placement placement) {
        this.namespace = namespace;
        this.placement = placement;
    }

    /** The UTF-8 size of what goes into the ConfigMap; above {@link #MAX_INPUT_BYTES} the run cannot be stored. */
    public static long inputBytes(RunSpec spec) {
        return (long) spec.code().getBytes(StandardCharsets.UTF_8).length
                + spec.stdin().getBytes(StandardCharsets.UTF_8).length;
    }

    public ConfigMap configMap(RunSpec spec, RuntimeImage runtime) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(Labels.objectName(spec.runId()))
                    .withNamespace(namespace)
                    .withLabels(Labels.forRun(spec.runId(), RunRef.of(spec.runId()), runtime.language()))
                .endMetadata()
                .withImmutable(true)
                .withData(Map.of(runtime.fileName(), spec.code(), RuntimeImage.PROGRAM_STDIN, spec.stdin()))
                .build();
    }

    /**
     * The execution pod.
     *
     * @param nonce unique to this creation; events of an older pod of the same name are told apart by it
     */
    public Pod pod(RunSpec spec, RuntimeImage runtime, String nonce) {
        Limits limits = spec.limits();
        String name = Labels.objectName(spec.runId());
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(Labels.forRun(spec.runId(), RunRef.of(spec.runId()), runtime.language()))
                    .withAnnotations(Map.of(Labels.NONCE, nonce))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withActiveDeadlineSeconds(ceilSeconds(limits))
                    .withTerminationGracePeriodSeconds(1L)
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withHostUsers(false)
                    .withHostNetwork(false)
                    .withHostPID(false)
                    .withHostIPC(false)
                    .withShareProcessNamespace(false)
                    .withRuntimeClassName(placement.runtimeClassName())
                    .withNodeSelector(placement.nodeSelector().isEmpty() ? null : new TreeMap<>(placement.nodeSelector()))
                    .withTolerations(placement.tolerations().stream()
                            .map(t -> new TolerationBuilder().withKey(t.key()).withOperator(t.operator())
                                    .withValue(t.value()).withEffect(t.effect()).build())
                            .toList())
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(RUN_AS)
                        .withRunAsGroup(RUN_AS)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .withContainers(container(spec, runtime, name))
                    .addNewVolume()
                        .withName(INPUT_VOLUME)
                        .withNewConfigMap().withName(name).withDefaultMode(0444).endConfigMap()
                    .endVolume()
                    .addNewVolume()
                        .withName(TMP_VOLUME)
                        .withNewEmptyDir().withMedium("Memory").withSizeLimit(bytes(limits.tmpBytes())).endEmptyDir()
                    .endVolume()
                .endSpec()
                .build();
    }

    private static Container container(RunSpec spec, RuntimeImage runtime, String name) {
        Limits limits = spec.limits();
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity(Math.max(1, Math.round(limits.cpus() * 1000)) + "m"),
                "memory", bytes(limits.memoryBytes()),
                "ephemeral-storage", bytes(4 * limits.outputBytes() + LOG_STORAGE_SLACK));
        return new ContainerBuilder()
                .withName(Labels.CONTAINER)
                .withImage(runtime.image())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command(spec, runtime))
                .withWorkingDir("/tmp")
                .withEnv(env(runtime))
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(RUN_AS)
                    .withRunAsGroup(RUN_AS)
                    .withAllowPrivilegeEscalation(false)
                    .withPrivileged(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount().withName(INPUT_VOLUME).withMountPath(INPUT_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
                .withStdin(false)
                .withTty(false)
                .withTerminationMessagePolicy("File")
                .build();
    }

    /** {@code sh -c SCRIPT $0 $@}: the script refers to the interpreter and arguments only as "$@". */
    static List<String> command(RunSpec spec, RuntimeImage runtime) {
        long blocks = (spec.limits().fileSizeBytes() + 511) / 512; // ulimit -f counts 512-byte blocks in dash and ash
        List<String> command = new ArrayList<>();
        command.add("/bin/sh");
        command.add("-c");
        command.add("ulimit -f " + blocks + " && exec \"$@\" < " + INPUT_DIR + "/" + RuntimeImage.PROGRAM_STDIN);
        command.add("sluice");
        command.addAll(runtime.command());
        command.add(INPUT_DIR + "/" + runtime.fileName());
        command.addAll(spec.args());
        return command;
    }

    private static List<EnvVar> env(RuntimeImage runtime) {
        Map<String, String> env = new TreeMap<>(runtime.env());
        env.put("HOME", "/tmp");
        env.put("TMPDIR", "/tmp");
        return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    }

    private static long ceilSeconds(Limits limits) {
        long millis = limits.wall().toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static Quantity bytes(long bytes) {
        return new Quantity(Long.toString(bytes));
    }

    /** Makes the pod own its ConfigMap, so deleting the pod deletes the ConfigMap too (garbage collection). */
    public static OwnerReference ownerReference(Pod created) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(created.getMetadata().getName())
                .withUid(created.getMetadata().getUid())
                .withBlockOwnerDeletion(false)
                .withController(false)
                .build();
    }
}
