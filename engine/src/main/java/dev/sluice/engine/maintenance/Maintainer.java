package dev.sluice.engine.maintenance;

import dev.sluice.lifecycle.PeriodicService;
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
public final class Maintainer extends PeriodicService {
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
    private volatile boolean leading;

    /**
     * @param holder names this process as leader (its worker id)
     * @param leaderTtl how long leadership lasts without renewal; a dead or frozen leader is replaced after it
     */
    public Maintainer(DataSource dataSource, String holder, Duration leaderTtl, List<Task> tasks) {
        super("maintenance", tick(tasks));
        this.leadership = new Leadership(dataSource, holder, leaderTtl);
        this.tasks = List.copyOf(tasks);
        this.lastRun = new long[tasks.size()];
    }

    /** Ticks as often as the most frequent task needs, at least every second (leadership is renewed on each). */
    private static Duration tick(List<Task> tasks) {
        Duration shortest = Duration.ofSeconds(1);
        for (Task t : tasks) {
            if (t.every().compareTo(shortest) < 0) {
                shortest = t.every();
            }
        }
        return shortest;
    }

    /** Whether this process led maintenance at its last tick. */
    public boolean isLeader() {
        return leading;
    }

    @Override
    protected void afterLoop() {
        leadership.resign();
        leading = false;
    }

    /** One tick: when leading, run every task that is due. */
    @Override
    public synchronized void runOnce() {
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
