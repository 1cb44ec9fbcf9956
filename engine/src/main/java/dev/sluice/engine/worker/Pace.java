package dev.sluice.engine.worker;

/**
 * How quick one pool's handlers are compared with its claims, as moving averages, and from that how
 * many claimed jobs the pool should hold beyond its slots. Holding jobs pays only when handlers finish
 * within a claim's round trip (a slot would otherwise wait for the database); for slower handlers it
 * would only keep jobs from other, idle workers, so the answer falls to zero.
 */
final class Pace {
    /** Weight of the newest sample in the moving averages. */
    private static final double WEIGHT = 0.1;
    /** Until this many handlers have run, nothing is held: a pool knows nothing about its jobs yet. */
    private static final int WARM_UP = 8;

    private double runNanos;
    private double claimNanos;
    private long runs;
    private long claims;

    synchronized void ran(long nanos) {
        runNanos = runs == 0 ? nanos : runNanos + WEIGHT * (nanos - runNanos);
        runs++;
    }

    synchronized void claimed(long nanos) {
        claimNanos = claims == 0 ? nanos : claimNanos + WEIGHT * (nanos - claimNanos);
        claims++;
    }

    /**
     * Jobs to hold beyond the slots: enough to keep every slot busy for two round trips (one claim,
     * one outcome write) at the current handler speed, at most {@code claimBatch}.
     */
    synchronized int prefetch(int concurrency, int claimBatch) {
        if (runs < WARM_UP || claims == 0) {
            return 0;
        }
        double perSlot = 2 * claimNanos / Math.max(runNanos, 1_000);
        return (int) Math.min(claimBatch, Math.floor(concurrency * perSlot));
    }
}
