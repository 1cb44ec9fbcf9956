/**
 * The lifecycle contract. Every component that owns a thread, pool, socket or child process is a
 * {@link dev.sluice.lifecycle.Service}; a process builds one {@link dev.sluice.lifecycle.ServiceGroup}
 * and that group alone starts and stops them. Background loops are split into a loop and a
 * {@code runOnce()} so tests can drive them without sleeping.
 */
package dev.sluice.lifecycle;
