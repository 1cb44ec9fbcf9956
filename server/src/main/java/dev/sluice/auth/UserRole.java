package dev.sluice.auth;

/** What a user may do: admins see and control everything; users their own jobs. */
public enum UserRole {
    ADMIN,
    USER;

    public String db() {
        return name().toLowerCase();
    }

    public static UserRole fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
