package dev.sluice.kubernetes;

import java.util.Collection;

/**
 * What the {@link dev.sluice.kubernetes.reconcile.Reconciler reconciler} needs to know from the job store, and the one thing it
 * tells it. Implemented by the engine against PostgreSQL; this module never reads the database itself.
 *
 * <p>Consistency: the reconciler lists pods <em>first</em> and asks {@link #liveRuns()} <em>after</em>, so an
 * implementation must read committed state at the time of the call (a primary, not a lagging replica).
 * Then a pod it sees always belongs to a claim that is already visible, and a fresh pod is never taken for
 * an orphan.
 */
public interface RunLedger {

    /**
     * Every execution running on the Kubernetes executor now, each with its current attempt. Pods of any
     * execution not in this list (finished, cancelled, unknown) and pods of an older attempt are deleted.
     */
    Collection<LiveRun> liveRuns();

    /**
     * A live run has had no pod for a whole reconcile interval (and is older than the orphan grace): its
     * pod was deleted, evicted or never created, and nobody will report a result for it. The engine fails
     * or retries the attempt, guarded by execution id <em>and</em> attempt so a report that crosses a
     * completion is a no-op. May be called more than once for the same run (every worker reconciles).
     *
     * @param detail a human explanation, e.g. "no pod for 90 s: deleted or evicted outside Sluice"
     */
    void podVanished(LiveRun run, String detail);
}
