package dev.sluice.engine;

import java.util.Optional;

/**
 * Whether this process can work a queue right now. A pool whose gate is closed claims nothing — the
 * jobs stay queued for a process that can run them — and the reason is published with the worker's
 * heartbeat, so health and {@code sluice doctor} name it (e.g. the sandbox is missing a piece).
 */
@FunctionalInterface
public interface QueueGate {

    /** Why the queue cannot be worked here now, with the fix; empty when it can. */
    Optional<String> unavailable();

    QueueGate OPEN = Optional::empty;
}
