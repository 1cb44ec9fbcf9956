package dev.sluice.cli;

import dev.sluice.SluiceException;
import dev.sluice.database.Database;
import dev.sluice.database.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How operator commands reach the database: {@code --db-url} for an external PostgreSQL, or
 * {@code --data} for the embedded one — joining the running server's when it is up, or starting it
 * for the length of the command when it is not.
 */
final class DatabaseAccess {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Sluice's data directory (the embedded PostgreSQL).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "An external PostgreSQL instead of --data.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "User for --db-url, when not in the URL.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Password for --db-url; prefer SLUICE_DB_PASSWORD.")
    String dbPassword;

    /** An open connection pool and whatever it took to open it; close to release both. */
    static final class Opened implements AutoCloseable {
        final Database database;
        final String description;
        private final EmbeddedPostgres started;

        Opened(Database database, String description, EmbeddedPostgres started) {
            this.database = database;
            this.description = description;
            this.started = started;
        }

        @Override
        public void close() {
            database.stop();
            if (started != null) {
                started.stop();
            }
        }
    }

    Opened open() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            Database db = new Database(new Database.Settings(dbUrl, dbUser, dbPassword, 2));
            db.start();
            return new Opened(db, db.settings().redactedUrl(), null);
        }
        if (!Files.isDirectory(dataDir.resolve("postgres"))) {
            throw new SluiceException("no Sluice data in " + dataDir.toAbsolutePath().normalize(),
                    "pass --data DIR (where ./sluice serve keeps its data) or --db-url");
        }
        Optional<EmbeddedPostgres.Running> running = EmbeddedPostgres.running(dataDir);
        if (running.isPresent()) {
            EmbeddedPostgres.Running r = running.get();
            Database db = new Database(new Database.Settings(r.jdbcUrl(), r.user(), r.password(), 2));
            db.start();
            return new Opened(db, "the embedded PostgreSQL of the running Sluice (" + dataDir + ")", null);
        }
        EmbeddedPostgres pg = new EmbeddedPostgres(dataDir, true);
        pg.start();
        try {
            Database db = new Database(new Database.Settings(pg.jdbcUrl(), pg.user(), pg.password(), 2));
            db.start();
            return new Opened(db, "the embedded PostgreSQL in " + dataDir + " (started for this command)", pg);
        } catch (RuntimeException e) {
            pg.stop();
            throw e;
        }
    }
}
