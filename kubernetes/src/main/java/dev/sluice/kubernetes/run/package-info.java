/**
 * Running one program as one pod: {@link dev.sluice.kubernetes.run.KubernetesRunner} (the {@code CodeRunner}),
 * the shared pod watch that feeds every run ({@link dev.sluice.kubernetes.run.PodEvents}), and the log reader
 * that streams output under the byte cap ({@link dev.sluice.kubernetes.run.LogPump}).
 *
 * <p>Fencing: a run only ever looks at the pod it created (same name <em>and</em> the nonce annotation it put
 * there), and only returns its result to its own {@code run()} caller; a pod of an older attempt has another
 * name and is never read. Bounded: every wait has a deadline (pod start timeout, wall limit plus a grace, API
 * outage limit), and every way out deletes the pod or leaves it to {@code activeDeadlineSeconds} and the
 * reconciler when the API is gone.
 */
package dev.sluice.kubernetes.run;
