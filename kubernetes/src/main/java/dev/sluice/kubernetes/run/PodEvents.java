package dev.sluice.kubernetes.run;

import dev.sluice.kubernetes.ClusterException;
import dev.sluice.kubernetes.cluster.ApiErrors;
import dev.sluice.kubernetes.pod.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch (an informer) on every execution pod of the namespace, shared by all runs of this process: each
 * run registers a {@link PodWaiter} under its pod's name and gets that pod's events. After a broken watch the
 * informer lists again, so a change missed while disconnected (even a deletion) still arrives.
 *
 * <p>It also tells how long the watch has been down, which is how a run notices an API that went away while
 * it waited.
 */
public final class PodEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PodEvents.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, PodWaiter> waiters = new ConcurrentHashMap<>();
    private final Object downLock = new Object();
    private volatile SharedIndexInformer<Pod> informer;
    private long downSince = -1;

    public PodEvents(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Lists and starts watching; throws a {@link ClusterException} when that fails within {@code timeout}. */
    public void start(Duration timeout) {
        SharedIndexInformer<Pod> started = client.pods().inNamespace(namespace)
                .withLabel(Labels.MANAGED_BY, Labels.MANAGER)
                .runnableInformer(0);
        started.exceptionHandler((isStarted, t) -> isStarted);
        started.addEventHandler(new Handler());
        try {
            started.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            started.stop();
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            started.stop();
            throw new ClusterException("could not list and watch pods in " + namespace + " within " + timeout
                    + " at " + client.getMasterUrl(), "check that the Kubernetes API is reachable", e);
        } catch (InterruptedException e) {
            started.stop();
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while starting the pod watch", null, e);
        }
        informer = started;
        log.debug("watching execution pods in {}", namespace);
    }

    private ClusterException failure(Throwable cause) {
        if (cause instanceof KubernetesClientException k) {
            return ApiErrors.translate("list and watch pods in " + namespace, k, client.getMasterUrl());
        }
        return new ClusterException("could not list and watch pods in " + namespace + ": " + cause, null, cause);
    }

    PodWaiter register(String podName, String nonce) {
        PodWaiter waiter = new PodWaiter(podName, nonce);
        PodWaiter previous = waiters.putIfAbsent(podName, waiter);
        if (previous != null) {
            throw new IllegalStateException("run " + podName + " is already running in this process");
        }
        return waiter;
    }

    void forget(PodWaiter waiter) {
        waiters.remove(waiter.podName(), waiter);
    }

    /** Runs of this process waiting on their pods now. */
    int registered() {
        return waiters.size();
    }

    /** How long the watch has been down without interruption; zero while it is up. */
    Duration downFor() {
        SharedIndexInformer<Pod> current = informer;
        synchronized (downLock) {
            if (current != null && current.isWatching()) {
                downSince = -1;
                return Duration.ZERO;
            }
            long now = System.nanoTime();
            if (downSince < 0) {
                downSince = now;
            }
            return Duration.ofNanos(now - downSince);
        }
    }

    boolean started() {
        return informer != null;
    }

    @Override
    public void close() {
        SharedIndexInformer<Pod> current = informer;
        informer = null;
        if (current != null) {
            current.stop();
        }
    }

    private final class Handler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            PodWaiter waiter = waiters.get(pod.getMetadata().getName());
            if (waiter != null) {
                waiter.updated(pod);
            }
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            onAdd(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            PodWaiter waiter = waiters.get(pod.getMetadata().getName());
            if (waiter != null) {
                waiter.deleted(pod);
            }
        }
    }
}
