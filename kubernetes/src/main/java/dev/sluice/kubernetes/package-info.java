/**
 * Executions on Kubernetes: one hardened pod per run, watched and reconciled.
 */
package dev.sluice.kubernetes;
