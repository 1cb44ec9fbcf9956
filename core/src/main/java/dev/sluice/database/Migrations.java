package dev.sluice.database;

import dev.sluice.SluiceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, versioned by Flyway migrations under {@code db/migration}, all in the {@code sluice}
 * schema. Applied at boot after validation: an applied migration that was edited, one that is missing
 * from this build, a failed one, or a database newer than this build stops the boot with one line that
 * names the migration. Nothing is ever repaired silently.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    public static final String SCHEMA = "sluice";

    private final Flyway flyway;

    public Migrations(DataSource dataSource) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .ignoreMigrationPatterns("*:pending")
                .loggers("slf4j")
                .load();
    }

    /** Validates what is applied, then applies what is pending. Returns the resulting version. */
    public String migrate() {
        check();
        try {
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("applied {} migration(s); schema now at version {}", result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            throw new SluiceException("applying the schema migrations failed: " + firstLine(e.getMessage()),
                    "see the log; the database was left at its last good version", e);
        }
        return currentVersion();
    }

    /** Throws with a one-line diagnosis when what is applied does not match this build. */
    public void check() {
        MigrationInfo[] all = flyway.info().all();
        String latestLocal = latestLocalVersion();
        for (MigrationInfo m : all) {
            String name = "V" + m.getVersion() + "__" + m.getDescription().replace(' ', '_');
            switch (m.getState()) {
                case FUTURE_SUCCESS, FUTURE_FAILED -> throw new SluiceException(
                        "the database schema is at version " + m.getVersion() + " (" + name
                                + "), newer than this Sluice, which knows up to version " + latestLocal,
                        "upgrade Sluice, or point it at another database");
                case MISSING_SUCCESS, MISSING_FAILED -> throw new SluiceException(
                        "migration " + name + " was applied to the database but is missing from this build",
                        "restore " + name + ".sql under db/migration; never delete an applied migration");
                case FAILED -> throw new SluiceException(
                        "migration " + name + " failed when it was last applied",
                        "fix the database by hand, then delete its row from " + SCHEMA + ".flyway_schema_history");
                default -> { }
            }
        }
        ValidateResult result = flyway.validateWithResult();
        if (!result.validationSuccessful) {
            ValidateOutput first = result.invalidMigrations.stream()
                    .min(Comparator.comparing(o -> o.version == null ? "" : o.version))
                    .orElse(null);
            if (first == null) {
                throw new SluiceException("the schema does not validate: " + firstLine(result.getAllErrorMessages()),
                        "see the log");
            }
            String what = first.filepath != null && !first.filepath.isBlank()
                    ? first.filepath.replaceAll(".*/", "")
                    : "V" + first.version + "__" + first.description;
            String code = first.errorDetails == null ? "" : String.valueOf(first.errorDetails.errorCode);
            if (code.contains("CHECKSUM")) {
                throw new SluiceException("migration " + what + " was edited after it was applied (checksum differs)",
                        "restore its original content and add a new migration for the change");
            }
            throw new SluiceException("migration " + what + " does not validate: "
                    + (first.errorDetails == null ? code : firstLine(first.errorDetails.errorMessage)),
                    "restore the migrations this database was built with");
        }
    }

    /** The highest version in this build. */
    public String latestLocalVersion() {
        return Arrays.stream(flyway.info().all())
                .map(MigrationInfo::getVersion)
                .filter(v -> v != null)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("0");
    }

    /** The version the database is at, read from the history table. */
    public String currentVersion() {
        return Optional.ofNullable(flyway.info().current())
                .map(MigrationInfo::getVersion)
                .map(MigrationVersion::getVersion)
                .orElse("0");
    }

    /**
     * A cheap check for readiness probes: the highest successfully applied version, straight from
     * the history table (no classpath scan).
     */
    public static Optional<String> appliedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + SCHEMA + ".flyway_schema_history"
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl);
    }
}
