package dev.sluice.kubernetes.run;

import dev.sluice.kubernetes.ClusterException;
import dev.sluice.kubernetes.RuntimeImage;
import dev.sluice.kubernetes.Timing;
import dev.sluice.kubernetes.cluster.ApiErrors;
import dev.sluice.kubernetes.pod.Labels;
import dev.sluice.kubernetes.pod.PodJudge;
import dev.sluice.kubernetes.pod.PodTemplate;
import dev.sluice.kubernetes.pod.PodVerdict;
import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run as one pod, from creation to deletion. The loop re-reads the pod's latest state on every change
 * (or every 200 ms) and leaves through exactly one of: the pod finished; it is gone; it cannot start; it did
 * not start in time; it ran past its wall limit although Kubernetes should have stopped it; it was
 * cancelled; it wrote too much; the API has been away too long. Every exit but the last deletes the pod and
 * waits for it to go; the last throws, having asked for the deletion in the background.
 */
final class PodRun {
    private static final Logger log = LoggerFactory.getLogger(PodRun.class);
    static final Duration TICK = Duration.ofMillis(200);
    /** How long past its wall limit a running pod may go before Sluice deletes it itself. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
    /** How long a deleted pod may take to be gone (its grace period is 1 s). */
    private static final Duration DELETE_WAIT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;
    private final PodTemplate template;
    private final PodEvents events;
    private final Timing timing;
    private final RunSpec spec;
    private final RuntimeImage runtime;
    private final OutputSink sink;
    private final CancelToken cancel;
    private final String name;
    private final String nonce = UUID.randomUUID().toString();
    private final long createdAt = System.nanoTime();
    private PodWaiter waiter;
    private LogPump pump;
    private long runningSince = -1;

    PodRun(KubernetesClient client, String namespace, PodTemplate template, PodEvents events, Timing timing,
            RunSpec spec, RuntimeImage runtime, OutputSink sink, CancelToken cancel) {
        this.client = client;
        this.namespace = namespace;
        this.template = template;
        this.events = events;
        this.timing = timing;
        this.spec = spec;
        this.runtime = runtime;
        this.sink = sink;
        this.cancel = cancel;
        this.name = Labels.objectName(spec.runId());
    }

    RunResult execute() throws InterruptedException {
        waiter = events.register(name, nonce);
        try {
            create();
            cancel.onCancel(waiter::poke);
            return loop();
        } catch (InterruptedException e) {
            log.info("run {} interrupted: deleting its pod", spec.runId());
            deletePod();
            deleteConfigMap();
            throw e;
        } catch (ClusterException e) {
            deleteInBackground(e.getMessage());
            throw e;
        } finally {
            if (pump != null) {
                pump.close();
            }
            events.forget(waiter);
        }
    }

    private void create() throws InterruptedException {
        ConfigMap configMap = template.configMap(spec, runtime);
        try {
            createConfigMap(configMap);
            Pod created = createPod(template.pod(spec, runtime, nonce));
            waiter.created(created);
            own(created);
            log.debug("created pod {} ({} {})", name, runtime.language(), runtime.version());
        } catch (KubernetesClientException e) {
            deleteConfigMap();
            if (ApiErrors.forbidden(e)) {
                throw new ClusterException("the API refused to create pod " + name + " in " + namespace + ": "
                        + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()),
                        "its message says whether RBAC (" + ApiErrors.RBAC_FIX + "), a quota or an admission policy "
                                + "refused it", e);
            }
            throw ApiErrors.translate("create pod " + name + " in " + namespace, e, client.getMasterUrl());
        }
    }

    private void createConfigMap(ConfigMap configMap) {
        try {
            client.configMaps().inNamespace(namespace).resource(configMap).create();
        } catch (KubernetesClientException e) {
            if (!ApiErrors.conflict(e)) {
                throw e;
            }
            // A leftover of an earlier try of the same run id: ConfigMaps are immutable, so replace it.
            deleteConfigMap();
            client.configMaps().inNamespace(namespace).resource(configMap).create();
        }
    }

    private Pod createPod(Pod pod) throws InterruptedException {
        try {
            return client.pods().inNamespace(namespace).resource(pod).create();
        } catch (KubernetesClientException e) {
            if (!ApiErrors.conflict(e)) {
                throw e;
            }
        }
        Pod existing = client.pods().inNamespace(namespace).withName(name).get();
        if (existing != null && existing.getMetadata().getAnnotations() != null
                && nonce.equals(existing.getMetadata().getAnnotations().get(Labels.NONCE))) {
            return existing; // our own create succeeded, its answer was lost and the client retried it
        }
        // The same run id ran before (an attempt handed back at shutdown and claimed again): that pod is stale.
        log.info("pod {} exists from an earlier try of the same run; deleting it first", name);
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(1).delete();
        try {
            client.pods().inNamespace(namespace).withName(name)
                    .waitUntilCondition(Objects::isNull, DELETE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new ClusterException("pod " + name + " from an earlier try of this run did not go away within "
                    + DELETE_WAIT.toSeconds() + " s", "kubectl -n " + namespace + " describe pod " + name
                    + " (a finalizer or an unreachable node may hold it)", e);
        }
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /** Makes the pod own its ConfigMap; if this fails the run still deletes the ConfigMap itself at the end. */
    private void own(Pod created) {
        try {
            client.configMaps().inNamespace(namespace).withName(name).edit(c -> new ConfigMapBuilder(c)
                    .editMetadata().withOwnerReferences(PodTemplate.ownerReference(created)).endMetadata().build());
        } catch (KubernetesClientException e) {
            log.warn("could not make pod {} own its ConfigMap (it is deleted with the run anyway): {}", name,
                    e.getMessage());
        }
    }

    private RunResult loop() throws InterruptedException {
        while (true) {
            if (cancel.isCancelled()) {
                return kill(Outcome.CANCELLED, "cancelled");
            }
            if (pump != null && pump.overLimit()) {
                return kill(Outcome.OUTPUT_LIMITED, "stopped after writing more than " + spec.limits().outputBytes()
                        + " bytes of output");
            }
            PodVerdict verdict = PodJudge.judge(waiter.latest(), waiter.isDeleted());
            switch (verdict) {
                case PodVerdict.Finished finished -> {
                    return finish(finished);
                }
                case PodVerdict.Gone gone -> {
                    deleteConfigMap();
                    return result(Outcome.ERROR, null, gone.detail(), measured());
                }
                case PodVerdict.Pending pending -> {
                    if (pending.hopeless()) {
                        return kill(Outcome.ERROR, "the pod cannot start: " + pending.problem());
                    }
                    if (elapsed(createdAt).compareTo(timing.podStart()) > 0) {
                        return kill(Outcome.ERROR, "the pod did not start within " + timing.podStart()
                                + (pending.problem() == null ? " (still Pending)" : ": " + pending.problem()));
                    }
                }
                case PodVerdict.Running running -> {
                    if (runningSince < 0) {
                        runningSince = System.nanoTime();
                        startPump();
                    }
                    if (elapsed(runningSince).compareTo(spec.limits().wall().plus(KILL_GRACE)) > 0) {
                        return kill(Outcome.TIMED_OUT, "still running " + KILL_GRACE.toSeconds() + " s after its "
                                + spec.limits().wall() + " wall limit; deleted by Sluice (activeDeadlineSeconds did not fire)");
                    }
                }
            }
            Duration down = events.downFor();
            if (down.compareTo(timing.api()) > 0) {
                throw new ClusterException("lost the Kubernetes API at " + client.getMasterUrl() + " for "
                        + down.toSeconds() + " s while running " + spec.runId() + "; its pod ends by its wall limit "
                        + "and the reconciler removes it", "check that the Kubernetes API is reachable; the run may "
                        + "be retried", null);
            }
            waiter.await(TICK);
        }
    }

    private RunResult finish(PodVerdict.Finished finished) throws InterruptedException {
        if (pump == null) {
            startPump(); // it ended before we saw it run: the log is still there to read
        }
        pump.podEnded();
        String detail = finished.detail();
        if (!pump.awaitEnd(LOG_DRAIN)) {
            detail = join(detail, "output may be incomplete: the log did not end within " + LOG_DRAIN.toSeconds() + " s");
        }
        pump.close();
        detail = join(detail, pump.problem());
        Outcome outcome = finished.outcome();
        if (pump.overLimit()) {
            outcome = Outcome.OUTPUT_LIMITED;
            detail = join("wrote more than " + spec.limits().outputBytes() + " bytes of output", detail);
        }
        deletePod();
        deleteConfigMap();
        Duration wall = finished.wallTime() != null ? finished.wallTime() : measured();
        return result(outcome, finished.exitCode(), detail, wall);
    }

    /** Deletes the pod, waits until the API confirms it is gone (its processes too), then its ConfigMap. */
    private RunResult kill(Outcome outcome, String detail) throws InterruptedException {
        Duration wall = measured();
        String note = deletePod();
        if (note == null) {
            long deadline = System.nanoTime() + DELETE_WAIT.toNanos();
            while (!waiter.isDeleted() && System.nanoTime() < deadline && events.downFor().compareTo(timing.api()) <= 0) {
                waiter.await(TICK);
            }
            if (!waiter.isDeleted()) {
                note = "the pod's deletion was not confirmed in time; the reconciler removes it";
            }
        }
        if (pump != null) {
            pump.close();
        }
        deleteConfigMap();
        log.debug("run {} ended as {}: {}", spec.runId(), outcome, detail);
        return result(outcome, null, join(detail, note), wall);
    }

    private void startPump() {
        pump = new LogPump(client, namespace, name, spec.limits().outputBytes(), sink, waiter::poke, timing.api());
        pump.start();
    }

    /** Null when the delete was accepted, else why not (the pod then ends by activeDeadlineSeconds). */
    private String deletePod() {
        try {
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(1)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return null;
        } catch (KubernetesClientException e) {
            log.warn("could not delete pod {}: {}", name, e.getMessage());
            return "the pod could not be deleted (" + ApiErrors.translate("delete pod " + name, e,
                    client.getMasterUrl()).getMessage() + "); it ends by its wall limit and the reconciler removes it";
        }
    }

    private void deleteConfigMap() {
        try {
            client.configMaps().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            log.warn("could not delete ConfigMap {} (the reconciler removes it): {}", name, e.getMessage());
        }
    }

    private void deleteInBackground(String why) {
        Thread.ofVirtual().name("sluice-k8s-delete-" + name).start(() -> {
            log.info("deleting pod {} because {}", name, why);
            deletePod();
            deleteConfigMap();
        });
    }

    private RunResult result(Outcome outcome, Integer exitCode, String detail, Duration wall) {
        boolean truncated = pump != null && pump.overLimit();
        return new RunResult(outcome, exitCode, detail, wall, Duration.ZERO, -1, truncated, false);
    }

    private Duration measured() {
        return runningSince < 0 ? Duration.ZERO : elapsed(runningSince);
    }

    private static Duration elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + "; " + b;
    }
}
