package dev.sluice.database;

import dev.sluice.lifecycle.Service;

/** Validates and applies the schema at boot, before anything reads or writes a table. */
public final class SchemaMigration implements Service {
    private final Database database;
    private volatile String expectedVersion;

    public SchemaMigration(Database database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "schema";
    }

    @Override
    public void start() {
        Migrations migrations = new Migrations(database.dataSource());
        migrations.migrate();
        expectedVersion = migrations.latestLocalVersion();
    }

    @Override
    public void stop() {
        // nothing runs in the background
    }

    /** The version this build expects the database to be at; null before start. */
    public String expectedVersion() {
        return expectedVersion;
    }
}
