package dev.sluice.auth;

import dev.sluice.http.Filter;
import dev.sluice.http.Problem;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.http.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication for {@code /api/v1}: a bearer token ({@code Authorization: Bearer slc_…}) or a
 * session cookie. A state-changing request authenticated by cookie must echo the session's CSRF token
 * in {@code X-CSRF-Token} (the cookie alone proves nothing: a browser sends it on any site's behalf).
 */
public final class Auth implements Filter {
    public static final String SESSION_COOKIE = "sluice_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PRINCIPAL = "principal";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final TokenStore tokens;
    private final SessionStore sessions;
    private final Set<String> publicRoutes;

    /** @param publicRoutes route templates under /api/v1 that need no authentication */
    public Auth(TokenStore tokens, SessionStore sessions, Set<String> publicRoutes) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.publicRoutes = Set.copyOf(publicRoutes);
    }

    @Override
    public Response apply(Request request, Route next) throws Exception {
        String route = request.<String>attribute("route").orElse("");
        if (!route.startsWith("/api/") || publicRoutes.contains(route)) {
            return next.handle(request);
        }
        Optional<String> bearer = request.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip());
        if (bearer.isPresent()) {
            User user = tokens.authenticate(bearer.get()).orElseThrow(() -> unauthorized("the token is unknown, revoked, or its user disabled"));
            request.attribute(PRINCIPAL, new Principal(user, Principal.Method.TOKEN, null));
            return next.handle(request);
        }
        Optional<String> cookie = cookie(request, SESSION_COOKIE);
        if (cookie.isPresent()) {
            SessionStore.Session session = sessions.find(cookie.get())
                    .orElseThrow(() -> unauthorized("the session has expired; sign in again"));
            if (!SAFE_METHODS.contains(request.method().toUpperCase())) {
                String sent = request.header(CSRF_HEADER).orElse("");
                if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                    throw new ProblemException(Problem.of(403, "CSRF check failed",
                            "a request signed in by cookie must send the session's CSRF token in " + CSRF_HEADER));
                }
            }
            request.attribute(PRINCIPAL, new Principal(session.user(), Principal.Method.SESSION, session.csrfToken()));
            return next.handle(request);
        }
        throw unauthorized("send Authorization: Bearer <token>, or sign in");
    }

    /** The authenticated principal; routes behind this filter always have one. */
    public static Principal principal(Request request) {
        return request.<Principal>attribute(PRINCIPAL).orElseThrow(() -> unauthorized("not signed in"));
    }

    public static Optional<Principal> maybePrincipal(Request request) {
        return request.attribute(PRINCIPAL);
    }

    public static Principal requireAdmin(Request request) {
        Principal principal = principal(request);
        if (!principal.user().isAdmin()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "this needs an admin"));
        }
        return principal;
    }

    static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail),
                Map.of("WWW-Authenticate", "Bearer realm=\"sluice\""));
    }

    public static Optional<String> cookie(Request request, String name) {
        for (String header : request.headers("Cookie")) {
            for (String part : header.split(";")) {
                String p = part.strip();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).equals(name)) {
                    return Optional.of(p.substring(eq + 1));
                }
            }
        }
        return Optional.empty();
    }
}
