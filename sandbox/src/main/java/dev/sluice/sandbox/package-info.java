/**
 * Running untrusted code: the {@link dev.sluice.sandbox.CodeRunner} contract shared by the local
 * sandbox and the Kubernetes runner, and the value types around it. The contract's promise: the code's
 * behaviour is an outcome, never an exception; nothing a run starts outlives it; no runner ever runs
 * code without its isolation in place.
 */
package dev.sluice.sandbox;
