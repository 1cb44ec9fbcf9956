package dev.sluice.config;

import dev.sluice.app.Role;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code sluice serve} needs, one record per part, each validated in its constructor with
 * messages naming the option. Built from flags, environment and config file by the CLI, or directly
 * in tests from {@link #defaults}.
 */
public record ServeConfig(Role role, Path dataDir, HttpOptions http, DatabaseOptions database, WorkerOptions workers,
        ApiOptions api, ExecutionOptions executions, Duration shutdownGrace) {

    public ServeConfig {
        if (role == null) {
            throw new ConfigException("--role", "is required (all, api or worker)");
        }
        if (dataDir == null) {
            throw new ConfigException("--data", "is required");
        }
        if (executions == null) {
            executions = ExecutionOptions.DEFAULTS;
        }
        if (shutdownGrace == null || shutdownGrace.isNegative() || shutdownGrace.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("--shutdown-grace", "must be between 0s and 1h");
        }
    }

    /** Defaults for everything; tests adjust what they need with the {@code with…} methods. */
    public static ServeConfig defaults(Role role, Path dataDir) {
        return new ServeConfig(role, dataDir, HttpOptions.DEFAULTS, DatabaseOptions.EMBEDDED, WorkerOptions.DEFAULTS,
                ApiOptions.DEFAULTS, ExecutionOptions.DEFAULTS, Duration.ofSeconds(30));
    }

    public boolean embeddedDatabase() {
        return database.url() == null;
    }

    public ServeConfig withPort(int port) {
        return new ServeConfig(role, dataDir, new HttpOptions(http.bind(), port, http.maxBodyBytes()), database, workers,
                api, executions, shutdownGrace);
    }

    public ServeConfig withDatabase(String url, String user, String password) {
        return new ServeConfig(role, dataDir, http, new DatabaseOptions(url, user, password, database.poolSize()),
                workers, api, executions, shutdownGrace);
    }

    public ServeConfig withWorkers(WorkerOptions value) {
        return new ServeConfig(role, dataDir, http, database, value, api, executions, shutdownGrace);
    }

    public ServeConfig withApi(ApiOptions value) {
        return new ServeConfig(role, dataDir, http, database, workers, value, executions, shutdownGrace);
    }

    public ServeConfig withShutdownGrace(Duration value) {
        return new ServeConfig(role, dataDir, http, database, workers, api, executions, value);
    }

    public ServeConfig withExecutions(ExecutionOptions value) {
        return new ServeConfig(role, dataDir, http, database, workers, api, value, shutdownGrace);
    }
}
