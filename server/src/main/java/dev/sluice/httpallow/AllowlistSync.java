package dev.sluice.httpallow;

import dev.sluice.lifecycle.Service;
import dev.sluice.httpjob.MutableAllowlist;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's copy of the admin-managed allowlist in step with the database, so the API
 * (checking at enqueue) and every worker (checking again at delivery) agree within seconds of a
 * change. Loaded once at start, then every few seconds.
 */
public final class AllowlistSync implements Service {
    private static final Logger log = LoggerFactory.getLogger(AllowlistSync.class);

    private final AllowlistStore store;
    private final MutableAllowlist managed;
    private final Duration every;
    private volatile boolean active;
    private Thread thread;

    public AllowlistSync(AllowlistStore store, MutableAllowlist managed, Duration every) {
        this.store = store;
        this.managed = managed;
        this.every = every;
    }

    @Override
    public String name() {
        return "http-allowlist";
    }

    @Override
    public synchronized void start() {
        if (active) {
            return;
        }
        runOnce();
        active = true;
        thread = Thread.ofPlatform().name("http-allowlist").daemon().start(this::runLoop);
    }

    @Override
    public synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads the entries now. */
    public void runOnce() {
        try {
            managed.replaceAll(store.list());
        } catch (SQLException e) {
            log.warn("could not load the http allowlist; keeping the last one: {}", e.getMessage());
        }
    }

    private void runLoop() {
        while (active) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            runOnce();
        }
    }
}
