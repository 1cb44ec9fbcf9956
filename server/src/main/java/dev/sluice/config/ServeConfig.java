package dev.sluice.config;

import dev.sluice.SluiceException;
import dev.sluice.app.Role;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code sluice serve} needs, validated once in the constructor: each message names the
 * option it is about. Built from flags, environment and config file by the CLI, or directly in tests.
 *
 * @param dbUrl null means the embedded PostgreSQL in {@code dataDir}
 */
public record ServeConfig(
        Role role,
        String bind,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Duration shutdownGrace) {

    public ServeConfig {
        if (role == null) {
            throw invalid("--role", "is required (all, api or worker)");
        }
        if (bind == null || bind.isBlank()) {
            throw invalid("--bind", "must be an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (port < 0 || port > 65535) {
            throw invalid("--port", port + " is not a port number (0-65535)");
        }
        if (dataDir == null) {
            throw invalid("--data", "is required");
        }
        if (dbUrl != null && dbUrl.isBlank()) {
            dbUrl = null;
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            throw invalid("--db-url", "must look like jdbc:postgresql://host:5432/database, got '" + dbUrl + "'");
        }
        if (dbPoolSize < 2 || dbPoolSize > 500) {
            throw invalid("--db-pool-size", dbPoolSize + " is outside 2-500");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative() || shutdownGrace.compareTo(Duration.ofHours(1)) > 0) {
            throw invalid("--shutdown-grace", "must be between 0s and 1h");
        }
    }

    /** Defaults for everything but what a test wants to set. */
    public static ServeConfig defaults(Role role, Path dataDir) {
        return new ServeConfig(role, "127.0.0.1", 8080, dataDir, null, null, null, 10, Duration.ofSeconds(30));
    }

    public boolean embeddedDatabase() {
        return dbUrl == null;
    }

    public ServeConfig withPort(int newPort) {
        return new ServeConfig(role, bind, newPort, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, shutdownGrace);
    }

    public ServeConfig withDatabase(String url, String user, String password) {
        return new ServeConfig(role, bind, port, dataDir, url, user, password, dbPoolSize, shutdownGrace);
    }

    private static SluiceException invalid(String option, String problem) {
        return new ConfigException(option, problem);
    }
}
