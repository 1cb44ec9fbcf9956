package dev.sluice.auth;

/**
 * Who made a request and how.
 *
 * @param csrfToken the session's CSRF token when authenticated by cookie; null for bearer tokens
 */
public record Principal(User user, Method method, String csrfToken) {

    public enum Method { TOKEN, SESSION }

    /** The owner filter for queries: null for admins (everything), the user's owner string otherwise. */
    public String ownerScope() {
        return user.isAdmin() ? null : user.owner();
    }
}
