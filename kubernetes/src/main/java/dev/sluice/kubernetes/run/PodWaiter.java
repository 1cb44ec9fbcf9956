package dev.sluice.kubernetes.run;

import dev.sluice.kubernetes.pod.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest state of one run's pod, as told by the shared watch, plus a wake-up for anything else the run
 * loop must react to (cancel, output over the cap). Only events of the pod carrying this run's nonce count.
 */
final class PodWaiter {
    private final String podName;
    private final String nonce;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Pod latest;
    private boolean deleted;
    private boolean signalled;

    PodWaiter(String podName, String nonce) {
        this.podName = podName;
        this.nonce = nonce;
    }

    String podName() {
        return podName;
    }

    /** The pod as the create call returned it; watch events replace it. */
    void created(Pod pod) {
        lock.lock();
        try {
            if (latest == null) {
                latest = pod;
            }
        } finally {
            lock.unlock();
        }
    }

    void updated(Pod pod) {
        if (!ours(pod)) {
            return;
        }
        lock.lock();
        try {
            if (!deleted) {
                latest = pod;
            }
            wake();
        } finally {
            lock.unlock();
        }
    }

    void deleted(Pod lastState) {
        if (!ours(lastState)) {
            return;
        }
        lock.lock();
        try {
            latest = lastState;
            deleted = true;
            wake();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the run loop without a pod change. */
    void poke() {
        lock.lock();
        try {
            wake();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something changed or {@code max} passed. */
    void await(Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while (!signalled && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    Pod latest() {
        lock.lock();
        try {
            return latest;
        } finally {
            lock.unlock();
        }
    }

    boolean isDeleted() {
        lock.lock();
        try {
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        signalled = true;
        changed.signalAll();
    }

    private boolean ours(Pod pod) {
        Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return annotations != null && nonce.equals(annotations.get(Labels.NONCE));
    }
}
