package dev.sluice.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Personal API tokens: shown once at creation, stored as a hash, revocable. */
public final class TokenStore {
    static final String PREFIX = "slc_";

    private final DataSource dataSource;

    public TokenStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A token as listed (never the secret itself). */
    public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    /** A new token: the secret is here and nowhere else. */
    public record Created(TokenInfo info, String token) {}

    public Created create(long userId, String name) throws SQLException {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new UserStore.Rejected("name", "a token name is 1-100 characters");
        }
        String token = Secrets.newSecret(PREFIX);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sluice.api_tokens (user_id, name, token_hash, prefix) VALUES (?, ?, ?, ?)
                RETURNING id, name, prefix, created_at, last_used_at, revoked_at""")) {
            ps.setLong(1, userId);
            ps.setString(2, name.strip());
            ps.setBytes(3, Secrets.hash(token));
            ps.setString(4, token.substring(0, PREFIX.length() + 6));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Created(info(rs), token);
            }
        }
    }

    /** The enabled user a valid, unrevoked token belongs to; records its use. */
    public Optional<User> authenticate(String token) throws SQLException {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH t AS (
                    UPDATE sluice.api_tokens SET last_used_at = now()
                    WHERE token_hash = ? AND revoked_at IS NULL
                    RETURNING user_id
                )
                SELECT u.* FROM sluice.users u JOIN t ON t.user_id = u.id WHERE NOT u.disabled""")) {
            ps.setBytes(1, Secrets.hash(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(UserStore.user(rs)) : Optional.empty();
            }
        }
    }

    public List<TokenInfo> list(long userId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM sluice.api_tokens
                WHERE user_id = ? ORDER BY id DESC""")) {
            ps.setLong(1, userId);
            List<TokenInfo> tokens = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(info(rs));
                }
            }
            return tokens;
        }
    }

    /** Revokes one of the user's tokens; false when there is no such token. */
    public boolean revoke(long userId, long tokenId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE sluice.api_tokens SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, tokenId);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        return new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
