package dev.sluice.kubernetes.run;

import dev.sluice.kubernetes.ClusterException;
import dev.sluice.kubernetes.KubernetesConfig;
import dev.sluice.kubernetes.RuntimeImage;
import dev.sluice.kubernetes.pod.PodTemplate;
import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.CodeRunner;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.Preflight;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import dev.sluice.sandbox.RuntimeInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link CodeRunner} on Kubernetes: each run is one pod (see {@link PodTemplate}), watched through the
 * shared {@link PodEvents} until it ends, its log streamed to the sink under the byte cap, and deleted
 * afterwards. Obtained from {@code KubernetesExecutor.runner()}; runs are refused until the executor has
 * started (set up and verified the namespace and started the pod watch).
 *
 * <p>Outputs: Kubernetes keeps one log per container with stdout and stderr interleaved, so everything
 * arrives as {@link OutputSink.Stream#STDOUT}, capped at {@code Limits.outputBytes} in total, and
 * {@code stderrTruncated} is always false. CPU time and peak memory are not reported (zero and -1).
 */
public final class KubernetesRunner implements CodeRunner {
    private final KubernetesClient client;
    private final KubernetesConfig config;
    private final PodEvents events;
    private final PodTemplate template;
    private final Supplier<Preflight> preflight;

    public KubernetesRunner(KubernetesClient client, KubernetesConfig config, PodEvents events,
            Supplier<Preflight> preflight) {
        this.client = client;
        this.config = config;
        this.events = events;
        this.template = new PodTemplate(config.namespace(), config.placement());
        this.preflight = preflight;
    }

    @Override
    public RunResult run(RunSpec spec, OutputSink output, CancelToken cancel) throws InterruptedException {
        if (!events.started()) {
            throw new ClusterException("the Kubernetes executor is not started, so it runs no code",
                    "start the KubernetesExecutor (it verifies the namespace and watches pods) before running", null);
        }
        Optional<RuntimeImage> runtime = config.runtime(spec.language(), spec.version());
        if (runtime.isEmpty()) {
            return refused("no runtime " + spec.language() + (spec.version() == null ? "" : " " + spec.version())
                    + " on Kubernetes; offered: " + runtimes().stream()
                            .map(r -> r.language() + " " + r.version()).toList());
        }
        if (PodTemplate.inputBytes(spec) > PodTemplate.MAX_INPUT_BYTES) {
            return refused("code and stdin are " + PodTemplate.inputBytes(spec) + " bytes; a run on Kubernetes takes at "
                    + "most " + PodTemplate.MAX_INPUT_BYTES + " (they travel in a ConfigMap)");
        }
        if (spec.runId().endsWith("-")) {
            return refused("run id " + spec.runId() + " cannot name a pod (it must end with a letter or digit)");
        }
        if (cancel.isCancelled()) {
            return new RunResult(Outcome.CANCELLED, null, "cancelled before it started", Duration.ZERO, Duration.ZERO,
                    -1, false, false);
        }
        return new PodRun(client, config.namespace(), template, events, config.timing(), spec, runtime.get(), output,
                cancel).execute();
    }

    /** Runs of this process that have not returned yet (each one is a pod being watched). */
    public int runsInFlight() {
        return events.registered();
    }

    @Override
    public List<RuntimeInfo> runtimes() {
        return config.runtimes().stream()
                .map(r -> new RuntimeInfo(r.language(), r.version(),
                        config.runtime(r.language(), null).map(d -> d.equals(r)).orElse(false)))
                .toList();
    }

    @Override
    public Preflight preflight() {
        return preflight.get();
    }

    private static RunResult refused(String detail) {
        return new RunResult(Outcome.ERROR, null, detail, Duration.ZERO, Duration.ZERO, -1, false, false);
    }
}
