package dev.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.Json;
import dev.sluice.http.Problem;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code Idempotency-Key} for POSTs: the first request with a key does its work and stores its
 * response in the same transaction; a retry with the same key and body gets that response again
 * (marked {@code Idempotent-Replayed: true}); the same key with another body is refused with 422.
 * Concurrent duplicates serialise on the key's row: one does the work, the others replay it.
 */
public final class IdempotentRequests {
    private final DataSource dataSource;

    public IdempotentRequests(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The work of a request, done on the transaction's connection; returns status and JSON body. */
    @FunctionalInterface
    public interface Work {
        Response.Json run(Connection connection) throws Exception;
    }

    /** A replay of an earlier response, if this key was used before (checked without locking). */
    public Optional<Response> replay(long userId, String key, byte[] request) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return stored(c, userId, key, hash(request));
        }
    }

    public Response run(long userId, String key, byte[] request, Work work) throws Exception {
        validate(key);
        byte[] hash = hash(request);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean first;
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO sluice.api_idempotency (user_id, key, request_hash) VALUES (?, ?, ?)
                        ON CONFLICT (user_id, key) DO NOTHING RETURNING 1""")) {
                    ps.setLong(1, userId);
                    ps.setString(2, key);
                    ps.setBytes(3, hash);
                    try (ResultSet rs = ps.executeQuery()) {
                        first = rs.next();
                    }
                }
                if (!first) {
                    c.rollback();
                    return stored(c, userId, key, hash).orElseThrow(() -> new ProblemException(Problem.of(409,
                            "Conflict", "a request with this Idempotency-Key is still being processed; retry shortly")));
                }
                Response.Json response = work.run(c);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sluice.api_idempotency SET status = ?, response = ?::jsonb WHERE user_id = ? AND key = ?")) {
                    ps.setInt(1, response.status());
                    ps.setString(2, Json.write(response.body()));
                    ps.setLong(3, userId);
                    ps.setString(4, key);
                    ps.executeUpdate();
                }
                c.commit();
                return response;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static Optional<Response> stored(Connection c, long userId, String key, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_hash, status, response FROM sluice.api_idempotency WHERE user_id = ? AND key = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(2) == null) {
                    return Optional.empty();
                }
                if (!MessageDigest.isEqual(rs.getBytes(1), hash)) {
                    throw new ProblemException(new Problem("https://sluice.dev/problems/idempotency-key-reused",
                            "Idempotency-Key reused", 422,
                            "this Idempotency-Key was used before with a different request body; use a new key",
                            "Idempotency-Key", "same-request", null));
                }
                JsonNode body = Json.tree(rs.getString(3));
                return Optional.of(new Response.Json(rs.getInt(2), body, Map.of("Idempotent-Replayed", "true")));
            }
        }
    }

    private static void validate(String key) {
        if (key.isEmpty() || key.length() > 255) {
            throw ProblemException.badRequest("Idempotency-Key", "length", "Idempotency-Key must be 1-255 characters");
        }
    }

    private static byte[] hash(byte[] request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(request);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
