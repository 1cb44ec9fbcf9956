package dev.sluice.sandbox.local;

import dev.sluice.sandbox.CancelToken;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The run slots: at most one run per slot at a time, so a slot's uid and cgroup name are never shared
 * by two live runs. A caller waits for a free slot, giving up when its run is cancelled or the pool
 * is closed.
 */
final class SlotPool {
    private static final long POLL_MILLIS = 100;

    private final BlockingQueue<Integer> free;
    private volatile boolean closed;

    SlotPool(int slots) {
        free = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) {
            free.add(i);
        }
    }

    /** A free slot, or empty when {@code cancel} fired or the pool closed while waiting. */
    OptionalInt acquire(CancelToken cancel) throws InterruptedException {
        while (!cancel.isCancelled() && !closed) {
            Integer slot = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (slot != null) {
                return OptionalInt.of(slot);
            }
        }
        return OptionalInt.empty();
    }

    void release(int slot) {
        free.add(slot);
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
