/**
 * The execution pod: how it is built from a run ({@link dev.sluice.kubernetes.pod.PodTemplate}), how its objects
 * are labelled ({@link dev.sluice.kubernetes.pod.Labels}), and what its status means for the run
 * ({@link dev.sluice.kubernetes.pod.PodJudge}). Pure functions over the Kubernetes model: no API calls here.
 *
 * <p>Invariant: every pod built here passes Pod Security "restricted" by construction (non-root, read-only
 * root filesystem, no capabilities, no privilege escalation, RuntimeDefault seccomp, only configMap and
 * emptyDir volumes), runs without a service-account token, without host user ids ({@code hostUsers: false}),
 * and ends by itself after its wall limit ({@code activeDeadlineSeconds}).
 */
package dev.sluice.kubernetes.pod;
