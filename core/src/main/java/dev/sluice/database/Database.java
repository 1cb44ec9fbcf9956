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
    private HikariDataSource pool;

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
        HikariConfig config = new HikariConfig();
        config.setPoolName("sluice-db");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null && !settings.user().isBlank()) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "sluice");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (metrics != null) {
            config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(metrics));
        }
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw ConnectionFailure.describe(settings.redactedUrl(), e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public synchronized void stop() {
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

    private final DataSource lazy = new LazyDataSource();

    private final class LazyDataSource implements DataSource {
        private HikariDataSource current() throws SQLException {
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
