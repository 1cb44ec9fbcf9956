package dev.sluice.kubernetes.reconcile;

import dev.sluice.kubernetes.ClusterException;
import dev.sluice.kubernetes.LiveRun;
import dev.sluice.kubernetes.RunLedger;
import dev.sluice.kubernetes.RunRef;
import dev.sluice.kubernetes.Timing;
import dev.sluice.kubernetes.cluster.ApiErrors;
import dev.sluice.kubernetes.pod.Labels;
import dev.sluice.lifecycle.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares execution pods with the live runs, at start and then every {@link Timing#reconcileEvery()}:
 *
 * <ul>
 * <li>a pod (or ConfigMap) whose execution is not live — finished, cancelled, unknown — or whose attempt is
 *     older than the live one, is deleted;
 * <li>a live run older than {@link Timing#orphanGrace()} that has no pod in two passes in a row is reported
 *     with {@link RunLedger#podVanished}. Two passes, because a run that just ended deletes its pod a moment
 *     before the engine records the end; by the next pass the run is no longer live.
 * </ul>
 *
 * Pods are listed before the ledger is asked, so a pod seen here was created after its claim was committed
 * and cannot be mistaken for an orphan.
 */
public final class Reconciler implements Service {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    /** What one pass did. */
    public record Report(List<String> deletedPods, List<String> deletedConfigMaps, List<RunRef> vanished) {}

    private final KubernetesClient client;
    private final String namespace;
    private final RunLedger ledger;
    private final Timing timing;
    private final InstantSource clock;
    private final Map<RunRef, Instant> missingSince = new HashMap<>();
    private final Object lifecycle = new Object();
    private Thread thread;
    private CountDownLatch stopSignal;

    public Reconciler(KubernetesClient client, String namespace, RunLedger ledger, Timing timing, InstantSource clock) {
        this.client = client;
        this.namespace = namespace;
        this.ledger = ledger;
        this.timing = timing;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "kubernetes-reconciler";
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (thread != null) {
                return;
            }
            CountDownLatch signal = new CountDownLatch(1);
            stopSignal = signal;
            thread = Thread.ofPlatform().name("sluice-k8s-reconciler").daemon(true).start(() -> runLoop(signal));
        }
    }

    @Override
    public void stop() {
        Thread running;
        synchronized (lifecycle) {
            running = thread;
            if (running == null) {
                return;
            }
            stopSignal.countDown();
            thread = null;
        }
        try {
            if (!running.join(timing.api().plusSeconds(5))) {
                log.warn("the reconciler did not stop within {}; leaving it to end by itself", timing.api().plusSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLoop(CountDownLatch stop) {
        try {
            do {
                try {
                    Report report = runOnce();
                    if (!report.deletedPods().isEmpty() || !report.vanished().isEmpty()) {
                        log.info("reconciled {}: deleted pods {}, vanished runs {}", namespace, report.deletedPods(),
                                report.vanished());
                    }
                } catch (RuntimeException e) {
                    log.warn("reconciling {} failed, trying again in {}: {}", namespace, timing.reconcileEvery(),
                            e instanceof ClusterException c ? c.oneLine() : e.toString());
                }
            } while (!stop.await(timing.reconcileEvery().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pass; throws a {@link ClusterException} when the API fails (the loop logs it and tries again). */
    public synchronized Report runOnce() {
        List<Pod> pods;
        List<ConfigMap> configMaps;
        try {
            pods = client.pods().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGER).list().getItems();
            configMaps = client.configMaps().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGER)
                    .list().getItems();
        } catch (KubernetesClientException e) {
            throw ApiErrors.translate("list execution pods in " + namespace, e, client.getMasterUrl());
        }
        Map<String, LiveRun> live = new HashMap<>();
        for (LiveRun run : ledger.liveRuns()) { // after listing: see the class comment
            live.merge(run.run().execution(), run, (a, b) -> a.run().attempt() >= b.run().attempt() ? a : b);
        }

        List<String> deletedPods = new ArrayList<>();
        Set<RunRef> withPod = new HashSet<>();
        for (Pod pod : pods) {
            Optional<RunRef> ref = Labels.runOf(pod);
            ref.ifPresent(withPod::add);
            orphaned(ref, live).ifPresent(why -> {
                if (delete(pod, why)) {
                    deletedPods.add(pod.getMetadata().getName());
                }
            });
        }
        List<String> deletedConfigMaps = new ArrayList<>();
        for (ConfigMap configMap : configMaps) {
            orphaned(Labels.runOf(configMap), live).ifPresent(why -> {
                if (delete(configMap, why)) {
                    deletedConfigMaps.add(configMap.getMetadata().getName());
                }
            });
        }
        return new Report(deletedPods, deletedConfigMaps, vanished(live.values(), withPod));
    }

    private static Optional<String> orphaned(Optional<RunRef> ref, Map<String, LiveRun> live) {
        if (ref.isEmpty()) {
            return Optional.of("it names no execution and attempt");
        }
        LiveRun current = live.get(ref.get().execution());
        if (current == null) {
            return Optional.of("execution " + ref.get().execution() + " is not running (finished, cancelled or unknown)");
        }
        if (ref.get().attempt() < current.run().attempt()) {
            return Optional.of("attempt " + ref.get().attempt() + " is older than the current attempt "
                    + current.run().attempt());
        }
        return Optional.empty();
    }

    private List<RunRef> vanished(Collection<LiveRun> live, Set<RunRef> withPod) {
        Instant now = clock.instant();
        Set<RunRef> missingNow = new HashSet<>();
        List<RunRef> reported = new ArrayList<>();
        for (LiveRun run : live) {
            if (withPod.contains(run.run()) || Duration.between(run.since(), now).compareTo(timing.orphanGrace()) < 0) {
                continue;
            }
            missingNow.add(run.run());
            Instant firstMissed = missingSince.get(run.run());
            if (firstMissed == null) {
                missingSince.put(run.run(), now);
                continue;
            }
            String detail = "no pod for run " + run.run().runId() + " in namespace " + namespace + " since "
                    + firstMissed + ": it was deleted, evicted or never created, and no worker reports on it";
            ledger.podVanished(run, detail);
            reported.add(run.run());
        }
        missingSince.keySet().retainAll(missingNow);
        reported.forEach(missingSince::remove);
        return reported;
    }

    private boolean delete(HasMetadata object, String why) {
        String kind = object.getKind() == null ? object.getClass().getSimpleName() : object.getKind();
        String name = object.getMetadata().getName();
        try {
            if (object instanceof Pod) {
                client.pods().inNamespace(namespace).withName(name).withGracePeriod(1)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            } else {
                client.configMaps().inNamespace(namespace).withName(name).delete();
            }
            log.info("deleted {} {}: {}", kind, name, why);
            return true;
        } catch (KubernetesClientException e) {
            log.warn("could not delete {} {} ({}): {}", kind, name, why, e.getMessage());
            return false;
        }
    }
}
