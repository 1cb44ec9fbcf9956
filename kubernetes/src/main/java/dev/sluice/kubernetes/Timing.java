package dev.sluice.kubernetes;

import java.time.Duration;

/**
 * How long the executor waits for the cluster, and how often it cleans up.
 *
 * @param podStart how long a pod may take from creation until its container starts (scheduling, image
 *     pull); a pod still pending after it, e.g. unschedulable or failing to pull its image, ends the run as
 *     an ERROR naming the last reason seen. An invalid image name ends it at once.
 * @param api how long the API may be unreachable (a call failing, the pod watch down) before a run gives up
 *     with a retryable {@code SandboxException}; also the timeout of each API request
 * @param reconcileEvery how often the reconciler compares pods with live runs
 * @param orphanGrace a live run younger than this is never reported as having lost its pod
 */
public record Timing(Duration podStart, Duration api, Duration reconcileEvery, Duration orphanGrace) {

    /** 2 min to start, 30 s of API trouble, reconcile every 30 s, 2 min grace. */
    public static final Timing DEFAULTS = new Timing(Duration.ofMinutes(2), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofMinutes(2));

    public Timing {
        check("podStartTimeout", podStart, Duration.ofMillis(100), Duration.ofHours(1));
        check("apiTimeout", api, Duration.ofMillis(100), Duration.ofMinutes(10));
        check("reconcileInterval", reconcileEvery, Duration.ofMillis(100), Duration.ofHours(1));
        check("orphanGrace", orphanGrace, Duration.ZERO, Duration.ofHours(24));
    }

    private static void check(String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new KubernetesConfigException(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }
}
