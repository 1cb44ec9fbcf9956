package dev.sluice.cli;

import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.config.DurationConverter;
import dev.sluice.config.ServeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Run Sluice: the HTTP API, the workers and maintenance (or one role of them).",
        footer = {"",
            "Every option can also come from the environment, named SLUICE_ and the option in capitals "
                    + "(--db-url is SLUICE_DB_URL), or from a properties file given with --config (db-url=...). "
                    + "Flags win over the environment, the environment over the file, the file over defaults.",
            "",
            "Roles: all runs everything in one process. To scale out, run one --role api and any number of "
                    + "--role worker processes against one PostgreSQL given with --db-url."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--role", paramLabel = "all|api|worker", defaultValue = "all",
            description = "What this process runs: all, api (HTTP only) or worker (workers and maintenance).")
    Role role;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface.")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port (a worker serves /health and /metrics on it).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Data directory: the embedded PostgreSQL and Sluice's files.")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "An external PostgreSQL, e.g. jdbc:postgresql://db:5432/sluice (user and password may be in it). "
                    + "Without it Sluice runs an embedded PostgreSQL in the data directory.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "User for --db-url, when not in the URL.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Password for --db-url; prefer SLUICE_DB_PASSWORD, flags show in ps.")
    String dbPassword;

    @Option(names = "--db-pool-size", paramLabel = "N", defaultValue = "10",
            description = "Database connections this process may hold.")
    int dbPoolSize;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "On SIGTERM, how long running jobs may take to finish before they are stopped and handed back.")
    Duration shutdownGrace;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with option values (also SLUICE_CONFIG).")
    Path config;

    ServeConfig toConfig() {
        return new ServeConfig(role, bind, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, shutdownGrace);
    }

    @Override
    public Integer call() {
        Sluice sluice = Sluice.create(toConfig());
        Foreground.run(sluice, shutdownGrace);
        return 0;
    }
}
