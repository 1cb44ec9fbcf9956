package dev.sluice.engine.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.engine.store.WorkerStore;
import dev.sluice.lifecycle.PeriodicService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records this process in {@code sluice.workers} (host, pid, role, queues, version) and heartbeats
 * it; on a clean stop it marks itself stopped. A process that dies simply stops heartbeating and is
 * seen as dead by everyone else.
 */
public final class WorkerRegistry extends PeriodicService {
    private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);

    private final WorkerStore store;
    private final String id;
    private final String role;
    private final List<String> queues;
    private final String version;
    private final Supplier<JsonNode> info;

    /** @param info details refreshed at every heartbeat, e.g. queues this process cannot serve and why */
    public WorkerRegistry(WorkerStore store, String id, String role, List<String> queues, String version,
            Duration interval, Supplier<JsonNode> info) {
        super("worker-heartbeat", interval);
        this.store = store;
        this.id = id;
        this.role = role;
        this.queues = List.copyOf(queues);
        this.version = version;
        this.info = info;
    }

    public String id() {
        return id;
    }

    @Override
    protected void beforeLoop() {
        try {
            register();
        } catch (SQLException e) {
            throw new dev.sluice.SluiceException("cannot register this worker: " + e.getMessage(), "check the database", e);
        }
    }

    @Override
    protected void afterLoop() {
        try {
            store.stopped(id);
        } catch (SQLException e) {
            log.warn("could not mark worker {} stopped: {}", id, e.getMessage());
        }
    }

    private void register() throws SQLException {
        store.register(id, hostname(), ProcessHandle.current().pid(), role, queues, version, info.get());
    }

    /** One heartbeat; re-registers when the row was pruned meanwhile. */
    @Override
    public void runOnce() {
        try {
            if (!store.heartbeat(id, info.get())) {
                register();
            }
        } catch (SQLException e) {
            log.warn("worker heartbeat failed: {}", e.getMessage());
        }
    }

    /** This machine's name, without a DNS lookup (which can take seconds where DNS is unreachable). */
    public static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            String kernel = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (java.io.IOException | SecurityException ignored) {
            // not Linux: fall back to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
