package dev.sluice.config;

/** @param url null for the embedded PostgreSQL in the data directory */
public record DatabaseOptions(String url, String user, String password, int poolSize) {
    public static final DatabaseOptions EMBEDDED = new DatabaseOptions(null, null, null, 10);

    public DatabaseOptions {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("--db-url", "must look like jdbc:postgresql://host:5432/database, got '" + url + "'");
        }
        if (poolSize < 2 || poolSize > 500) {
            throw new ConfigException("--db-pool-size", poolSize + " is outside 2-500");
        }
    }
}
