package dev.sluice.engine.maintenance;

import dev.sluice.lifecycle.Service;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance loop: when this process leads (one leader across every process, see
 * {@link Leadership}), it runs each task at its interval — rescue of expired leases, periodic jobs,
 * pruning. Each task is also callable once ({@code runOnce}) so tests drive it without waiting.
 */
public final class Maintainer implements Service {
    private static final Logger log = LoggerFactory.getLogger(Maintainer.class);

    /** One maintenance task and how often it runs. */
    public record Task(String name, Duration every, Step step) {}

    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final Leadership leadership;
    private final List<Task> tasks;
    private final long[] lastRun;
    private final Duration tick;
    private final Object wake = new Object();
    private volatile boolean active;
    private volatile boolean leading;
    private Thread thread;

    /**
     * @param holder names this process as leader (its worker id)
     * @param leaderTtl how long leadership lasts without renewal; a dead or frozen leader is replaced after it
     */
    public Maintainer(DataSource dataSource, String holder, Duration leaderTtl, List<Task> tasks) {
        this.leadership = new Leadership(dataSource, holder, leaderTtl);
        this.tasks = List.copyOf(tasks);
        this.lastRun = new long[tasks.size()];
        Duration shortest = Duration.ofSeconds(1);
        for (Task t : tasks) {
            if (t.every().compareTo(shortest) < 0) {
                shortest = t.every();
            }
        }
        this.tick = shortest;
    }

    @Override
    public String name() {
        return "maintenance";
    }

    /** Whether this process led maintenance at its last tick. */
    public boolean isLeader() {
        return leading;
    }

    @Override
    public synchronized void start() {
        if (active) {
            return;
        }
        active = true;
        thread = Thread.ofPlatform().name("maintenance").daemon().start(this::runLoop);
    }

    @Override
    public synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leadership.resign();
        leading = false;
    }

    private void runLoop() {
        while (active) {
            runOnce();
            synchronized (wake) {
                try {
                    wake.wait(Math.max(1, tick.toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One tick: when leading, run every task that is due. */
    public void runOnce() {
        leading = leadership.check();
        if (!leading) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            if (lastRun[i] != 0 && now - lastRun[i] < task.every().toNanos()) {
                continue;
            }
            lastRun[i] = now;
            try {
                task.step().run();
            } catch (Exception e) {
                log.warn("maintenance task {} failed: {}", task.name(), e.toString());
            }
        }
    }
}
