package dev.sluice.bench.queue;

/**
 * What a benchmark job does when it runs, the same for every system: it is called first thing in the
 * handler with the job's key and the moment (System.nanoTime) its enqueue was scheduled.
 */
@FunctionalInterface
public interface Body {
    void run(long key, long enqueuedAtNanos) throws Exception;

    Body NOTHING = (key, at) -> { };
}
