package dev.sluice.database;

import dev.sluice.SluiceException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Turns a failure to connect into one line a person can act on, classified by SQLSTATE. */
final class ConnectionFailure {
    private ConnectionFailure() {}

    static SluiceException describe(String url, Throwable failure) {
        String state = failure instanceof SQLException sql ? sql.getSQLState() : null;
        String detail = firstLine(failure.getMessage());
        if (state == null) {
            return new SluiceException("cannot connect to PostgreSQL at " + url + ": " + detail,
                    "check --db-url", failure);
        }
        return switch (state) {
            case SqlStates.INVALID_PASSWORD -> new SluiceException(
                    "PostgreSQL at " + url + " rejected the password: " + detail,
                    "set the right one in SLUICE_DB_PASSWORD or in the URL", failure);
            case SqlStates.INVALID_AUTHORIZATION -> new SluiceException(
                    "PostgreSQL at " + url + " refused the login: " + detail,
                    "check the user (SLUICE_DB_USER) and the server's pg_hba.conf", failure);
            case SqlStates.INVALID_CATALOG_NAME -> new SluiceException(
                    "PostgreSQL at " + url + " has no such database: " + detail,
                    "create it (createdb) or fix the database name in --db-url", failure);
            case SqlStates.CONNECTION_UNABLE, SqlStates.CONNECTION_FAILURE, SqlStates.CONNECTION_EXCEPTION -> {
                Throwable root = rootCause(failure);
                String why = root instanceof ConnectException ? "connection refused"
                        : root instanceof UnknownHostException ? "unknown host " + root.getMessage()
                        : detail;
                yield new SluiceException("cannot reach PostgreSQL at " + url + " (" + why + ")",
                        "is it running and is --db-url right?", failure);
            }
            default -> new SluiceException("cannot connect to PostgreSQL at " + url + ": " + detail
                    + " (SQLSTATE " + state + ")", "check --db-url", failure);
        };
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
