package dev.sluice.engine.notify;

import dev.sluice.lifecycle.Service;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL channels over one dedicated connection and hands each notification to the
 * subscribers of its channel. Notifications are wake-ups, never the only path: when the connection
 * drops, it reconnects with backoff and tells every {@linkplain #onReconnect reconnect listener} that
 * notifications may have been missed, so they look for themselves.
 */
public final class Notifier implements Service {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    /** Opens a connection outside the pool; the notifier owns and closes it. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    public static final String JOBS_AVAILABLE = "sluice_jobs_available";
    public static final String JOB_EVENTS = "sluice_job_events";
    public static final String CANCEL = "sluice_cancel";

    private final ConnectionFactory connections;
    private final List<String> channels;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile Connection connection;
    private Thread thread;

    public Notifier(ConnectionFactory connections, List<String> channels) {
        this.connections = connections;
        this.channels = List.copyOf(channels);
    }

    public static Notifier allChannels(ConnectionFactory connections) {
        return new Notifier(connections, List.of(JOBS_AVAILABLE, JOB_EVENTS, CANCEL));
    }

    @Override
    public String name() {
        return "notifier";
    }

    /** Calls {@code handler} with each payload sent on {@code channel}, on the notifier's thread: keep it quick. */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!channels.contains(channel)) {
            throw new IllegalArgumentException("not listening on " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    public void unsubscribe(String channel, Consumer<String> handler) {
        List<Consumer<String>> list = subscribers.get(channel);
        if (list != null) {
            list.remove(handler);
        }
    }

    /** Called after every (re)connection: notifications may have been missed while disconnected. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    public boolean isConnected() {
        return connected;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("notifier").daemon().start(this::runLoop);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLoop() {
        long backoffMs = 250;
        while (running) {
            try {
                PGConnection pg = listen().unwrap(PGConnection.class);
                backoffMs = 250;
                reconnectListeners.forEach(Notifier::runSafely);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            dispatch(n.getName(), n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                connected = false;
                closeQuietly();
                if (!running) {
                    return;
                }
                log.warn("lost the notification connection ({}); reconnecting in {} ms — workers keep polling meanwhile",
                        e.getMessage(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    private Connection listen() throws SQLException {
        Connection c = connections.open();
        connection = c;
        try (Statement s = c.createStatement()) {
            for (String channel : channels) {
                s.execute("LISTEN " + channel);
            }
        }
        connected = true;
        return c;
    }

    private void dispatch(String channel, String payload) {
        List<Consumer<String>> list = subscribers.get(channel);
        if (list == null) {
            return;
        }
        for (Consumer<String> handler : list) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                log.warn("a subscriber of {} failed on '{}': {}", channel, payload, e.toString());
            }
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("a reconnect listener failed: {}", e.toString());
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing the notification connection: {}", e.toString());
            }
        }
    }
}
