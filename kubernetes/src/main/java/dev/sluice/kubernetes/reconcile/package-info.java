/**
 * The reconciler: the background service that makes the cluster agree with the job store. Pods and
 * ConfigMaps that no live run owns are deleted; live runs without a pod are reported to the
 * {@link dev.sluice.kubernetes.RunLedger}. Every worker runs one; their work is idempotent (deletes of
 * missing objects are no-ops, the ledger guards reports by execution and attempt).
 */
package dev.sluice.kubernetes.reconcile;
