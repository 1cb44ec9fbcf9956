package dev.sluice.database;

import java.sql.SQLException;

/**
 * The SQLSTATE codes Sluice acts on. Errors are classified by code, never by message text.
 * See https://www.postgresql.org/docs/current/errcodes-appendix.html.
 */
public final class SqlStates {
    public static final String CONNECTION_EXCEPTION = "08000";
    public static final String CONNECTION_UNABLE = "08001";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String QUERY_CANCELED = "57014";
    public static final String ADMIN_SHUTDOWN = "57P01";

    private SqlStates() {}

    /** The statement may succeed if simply run again (a new transaction, maybe a new connection). */
    public static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK_DETECTED)
                || state.equals(ADMIN_SHUTDOWN) || state.startsWith("53");
    }
}
