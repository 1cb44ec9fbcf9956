package dev.sluice.testing;

import dev.sluice.database.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One test's own database on the shared test server. */
public record TestDatabase(String name, String jdbcUrl, String user, String password) {

    /** A started pool on this database; the caller stops it. */
    public Database pool(int size) {
        Database db = new Database(new Database.Settings(jdbcUrl, user, password, size));
        db.start();
        return db;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The URL with credentials in it, as a user would pass to --db-url. */
    public String urlWithCredentials() {
        return jdbcUrl + "?user=" + user + "&password=" + password;
    }
}
