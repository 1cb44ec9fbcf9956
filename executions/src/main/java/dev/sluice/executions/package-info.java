/**
 * Executions: user code run as an {@code execution} job through a {@link dev.sluice.sandbox.CodeRunner}.
 * An execution is its job (same id): the payload holds what to run, the result what happened, the
 * job's trail the live output. A program's own failure (exit code, timeout, memory, output) is a
 * result; only the runner's failures are retried.
 */
package dev.sluice.executions;
