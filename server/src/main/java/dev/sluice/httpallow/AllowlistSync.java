package dev.sluice.httpallow;

import dev.sluice.httpjob.MutableAllowlist;
import dev.sluice.lifecycle.PeriodicService;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's copy of the admin-managed allowlist in step with the database, so the API
 * (checking at enqueue) and every worker (checking again at delivery) agree within seconds of a
 * change. Loaded once at start, then every few seconds.
 */
public final class AllowlistSync extends PeriodicService {
    private static final Logger log = LoggerFactory.getLogger(AllowlistSync.class);

    private final AllowlistStore store;
    private final MutableAllowlist managed;

    public AllowlistSync(AllowlistStore store, MutableAllowlist managed, Duration every) {
        super("http-allowlist", every);
        this.store = store;
        this.managed = managed;
    }

    @Override
    protected void beforeLoop() {
        runOnce();
    }

    /** Loads the entries now. */
    @Override
    public void runOnce() {
        try {
            managed.replaceAll(store.list());
        } catch (SQLException e) {
            log.warn("could not load the http allowlist; keeping the last one: {}", e.getMessage());
        }
    }
}
