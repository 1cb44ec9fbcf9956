package dev.sluice.auth;

import java.time.Instant;

/** A person who uses Sluice. Jobs they submit carry {@link #owner()} as their owner. */
public record User(long id, String username, UserRole role, boolean disabled, Instant createdAt) {

    public boolean isAdmin() {
        return role == UserRole.ADMIN;
    }

    /** The owner string jobs and concurrency keys carry: {@code user:<id>}. */
    public String owner() {
        return ownerOf(id);
    }

    public static String ownerOf(long userId) {
        return "user:" + userId;
    }
}
