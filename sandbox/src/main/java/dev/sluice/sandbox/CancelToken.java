package dev.sluice.sandbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cancellation signal that crosses threads: whoever holds it can stop a run. */
public final class CancelToken {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        listeners.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancellation (at once, if already cancelled). */
    public void onCancel(Runnable action) {
        listeners.add(action);
        if (cancelled) {
            action.run();
        }
    }
}
