/**
 * Executions on Kubernetes: one hardened pod per run, watched and reconciled.
 *
 * <p>The public surface another module wires in lives in this package: {@link
 * dev.sluice.kubernetes.KubernetesConfig} (validated settings), {@link dev.sluice.kubernetes.KubernetesExecutor}
 * (the factory and the {@code Service} that owns the client, the pod watch and the reconciler; its
 * {@link dev.sluice.kubernetes.KubernetesExecutor#runner() runner()} is the {@code CodeRunner}) and {@link
 * dev.sluice.kubernetes.RunLedger}, the two questions the reconciler asks the job store.
 *
 * <p>Invariants: every object Sluice creates carries {@code app.kubernetes.io/managed-by=sluice} and the
 * run's labels (run id, execution, attempt); a run's result is only ever returned to the {@code run()} call
 * that created its pod (a pod of an older attempt never writes anything); every pod has
 * {@code activeDeadlineSeconds}, so even a pod nobody watches ends by itself, and the reconciler deletes
 * whatever no live run owns.
 */
package dev.sluice.kubernetes;
