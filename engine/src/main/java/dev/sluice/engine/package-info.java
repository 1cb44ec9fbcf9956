/**
 * The durable job engine on PostgreSQL.
 *
 * <p>Invariants: a job row is the truth; every state change is one guarded statement
 * ({@link dev.sluice.engine.store.JobStore}); a running job always holds a lease naming its worker
 * and attempt, and any write for it is conditional on both (fencing); limits are counted from rows,
 * never from counters; wake-ups (NOTIFY) only shorten waits, polling guarantees progress.
 */
package dev.sluice.engine;
