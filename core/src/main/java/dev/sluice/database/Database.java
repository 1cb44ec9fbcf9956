package dev.sluice.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.sluice.SluiceException;
import dev.sluice.lifecycle.Service;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The connection pool. Connection failures at start become one line that names the cause by its
 * SQLSTATE (wrong password, unknown database, unreachable host), never a stack trace.
 */
public final class Database implements Service {

    /** Where to connect. The password may be null when it is in the URL or not needed. */
    public record Settings(String jdbcUrl, String user, String password, int poolSize) {
        public Settings {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new SluiceException("database URL must start with jdbc:postgresql:, got " + jdbcUrl,
                        "pass --db-url jdbc:postgresql://host:5432/db");
            }
            if (poolSize < 2 || poolSize > 500) {
                throw new SluiceException("database pool size must be between 2 and 500, got " + poolSize,
                        "set --db-pool-size");
            }
        }

        /** The URL without credentials, safe for logs and banners. */
        public String redactedUrl() {
            return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        }
    }

    private final java.util.function.Supplier<Settings> settingsSource;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private Settings settings;
    private volatile HikariDataSource pool;
    private volatile HikariDataSource enginePool;
    private int enginePoolSize;

    public Database(Settings settings) {
        this(() -> settings);
    }

    /** Settings known only once something else has started (the embedded server's port). */
    public Database(java.util.function.Supplier<Settings> settings) {
        this(settings, null);
    }

    /** With pool metrics (connections active, idle, pending, wait times) in {@code metrics}. */
    public Database(java.util.function.Supplier<Settings> settings, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.settingsSource = settings;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public synchronized void start() {
        if (pool != null) {
            return;
        }
        settings = settingsSource.get();
        try {
            pool = new HikariDataSource(config("sluice-db", settings.poolSize(), Math.min(2, settings.poolSize())));
        } catch (HikariPool.PoolInitializationException e) {
            throw ConnectionFailure.describe(settings.redactedUrl(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private HikariConfig config(String name, int size, int minimumIdle) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null && !settings.user().isBlank()) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "sluice");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (metrics != null) {
            config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(metrics));
        }
        return config;
    }

    /**
     * The size of {@link #engineDataSource()}: by default a quarter of the pool size, at least 4 and
     * at most 8, in addition to the pool. Set before the engine's first connection.
     */
    public synchronized Database enginePoolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("engine pool size " + size);
        }
        enginePoolSize = size;
        return this;
    }

    public synchronized int enginePoolSize() {
        return enginePoolSize > 0 ? enginePoolSize : Math.max(4, Math.min(8, settings().poolSize() / 4));
    }

    @Override
    public synchronized void stop() {
        if (enginePool != null) {
            enginePool.close();
            enginePool = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /**
     * The pool. The same object before and after start, so parts can be wired with it at
     * construction time; borrowing a connection before start (or after stop) fails with a clear error.
     */
    public DataSource dataSource() {
        return lazy;
    }

    /**
     * A second, small pool for the job engine's own statements — claims, outcomes, lease renewals,
     * heartbeats, maintenance, notifications — so that a flood of API requests holding every connection
     * of {@link #dataSource()} cannot starve the workers of the connections that keep their leases
     * and move jobs on. Opened on first use, closed with the pool; same lifecycle as {@link #dataSource()}.
     */
    public DataSource engineDataSource() {
        return lazyEngine;
    }

    private final DataSource lazy = new LazyDataSource(false);
    private final DataSource lazyEngine = new LazyDataSource(true);

    private synchronized HikariDataSource engine() throws SQLException {
        if (pool == null) {
            throw new SQLException("the database pool is not running", SqlStates.CONNECTION_FAILURE);
        }
        if (enginePool == null) {
            try {
                enginePool = new HikariDataSource(config("sluice-db-engine", enginePoolSize(), 1));
            } catch (HikariPool.PoolInitializationException e) {
                throw new SQLException("cannot open the engine's connections: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), SqlStates.CONNECTION_FAILURE, e);
            }
        }
        return enginePool;
    }

    private final class LazyDataSource implements DataSource {
        private final boolean engine;

        LazyDataSource(boolean engine) {
            this.engine = engine;
        }

        private HikariDataSource current() throws SQLException {
            if (engine) {
                HikariDataSource e = enginePool;
                return e != null && pool != null ? e : engine();
            }
            HikariDataSource p = pool;
            if (p == null) {
                throw new SQLException("the database pool is not running", SqlStates.CONNECTION_FAILURE);
            }
            return p;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return current().getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return current().getConnection(username, password);
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the pool has its own timeouts
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            throw new java.sql.SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            return current().unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || current().isWrapperFor(iface);
        }
    }

    public Settings settings() {
        return settings != null ? settings : settingsSource.get();
    }

    /**
     * A connection outside the pool, for a component that holds one for its whole life (LISTEN,
     * leadership locks). The caller closes it.
     */
    public Connection openDirect() throws SQLException {
        Settings s = settings();
        java.util.Properties props = new java.util.Properties();
        if (s.user() != null && !s.user().isBlank()) {
            props.setProperty("user", s.user());
        }
        if (s.password() != null) {
            props.setProperty("password", s.password());
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "sluice");
        return java.sql.DriverManager.getConnection(s.jdbcUrl(), props);
    }

    /** True when a connection can be borrowed and answers within the timeout. */
    public boolean isReachable(Duration timeout) {
        HikariDataSource current = pool;
        if (current == null) {
            return false;
        }
        try (Connection c = current.getConnection()) {
            return c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }
}
