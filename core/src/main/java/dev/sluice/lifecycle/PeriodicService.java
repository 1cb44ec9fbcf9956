package dev.sluice.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop that does one thing every so often: {@link #runOnce()} on its own named thread
 * every {@code every}, or at once when {@link #wake() woken}. Tests call {@code runOnce()} directly
 * instead of waiting. {@code runOnce} must not throw for expected trouble (a database away); anything
 * it does throw is logged and the loop goes on.
 */
public abstract class PeriodicService implements Service {
    private static final Logger log = LoggerFactory.getLogger(PeriodicService.class);

    private final String name;
    private final Duration every;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean signalled;
    private volatile boolean active;
    private Thread thread;

    protected PeriodicService(String name, Duration every) {
        this.name = name;
        this.every = every;
    }

    @Override
    public String name() {
        return name;
    }

    /** One round of the work. */
    public abstract void runOnce();

    /** Runs on the starting thread before the loop starts; a failure fails the start. */
    protected void beforeLoop() {}

    /** Runs on the stopping thread after the loop has ended. */
    protected void afterLoop() {}

    @Override
    public final synchronized void start() {
        if (active) {
            return;
        }
        beforeLoop();
        active = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    @Override
    public final synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{} did not finish its round within 10 s; interrupting it", name);
            thread.interrupt();
        }
        afterLoop();
    }

    /** Runs the next round now instead of at the interval. */
    public final void wake() {
        lock.lock();
        try {
            signalled = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    protected final boolean isActive() {
        return active;
    }

    private void loop() {
        while (active) {
            try {
                pause();
            } catch (InterruptedException e) {
                return;
            }
            if (!active) {
                return;
            }
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("{}: a round failed: {}", name, e.toString());
            }
        }
    }

    private void pause() throws InterruptedException {
        lock.lock();
        try {
            long nanos = every.toNanos();
            while (!signalled && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }
}
