package dev.sluice.auth;

import dev.sluice.http.Problem;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import dev.sluice.api.Api;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sign in and out, the current user, changing one's password, and personal API tokens. */
public final class AuthRoutes {
    public static final String LOGIN = "/api/v1/auth/login";

    private final UserStore users;
    private final TokenStore tokens;
    private final SessionStore sessions;
    private final LoginThrottle throttle;

    public AuthRoutes(UserStore users, TokenStore tokens, SessionStore sessions, LoginThrottle throttle) {
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    public void register(Api api) {
        api.route("POST", LOGIN, this::login).tag("auth").isPublic()
                .summary("Sign in: sets an HttpOnly session cookie and returns the CSRF token").request("Login").response(200, "Session").add();
        api.route("POST", "/api/v1/auth/logout", this::logout).tag("auth").summary("Sign out").response(204, null).add();
        api.route("GET", "/api/v1/auth/me", this::me).tag("auth").summary("Who is signed in").response(200, "Session").add();
        api.route("POST", "/api/v1/auth/password", this::changePassword).tag("auth")
                .summary("Change your password (ends your sessions)").request("PasswordChange").response(204, null).add();
        api.route("GET", "/api/v1/tokens", this::listTokens).tag("auth").summary("Your API tokens").response(200, "TokenList").add();
        api.route("POST", "/api/v1/tokens", this::createToken).tag("auth")
                .summary("Create an API token (shown once)").request("NewToken").response(201, "CreatedToken").add();
        api.route("DELETE", "/api/v1/tokens/{id}", this::revokeToken).tag("auth").summary("Revoke a token").response(204, null).add();
    }

    record Login(String username, String password) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record NewToken(String name) {}

    Response login(Request request) throws Exception {
        Login body = request.bodyAs(Login.class);
        if (body.username() == null || body.username().isBlank()) {
            throw ProblemException.badRequest("username", "required", "username is required");
        }
        if (body.password() == null || body.password().isEmpty()) {
            throw ProblemException.badRequest("password", "required", "password is required");
        }
        String account = body.username().strip().toLowerCase();
        String address = request.remoteAddress();
        Duration wait = throttle.waitFor(account, address);
        if (!wait.isZero()) {
            throw ProblemException.tooMany("too many failed sign-ins from this address for this account; wait and try again", wait);
        }
        User user = users.verify(account, body.password()).orElse(null);
        if (user == null) {
            throttle.failed(account, address);
            throw new ProblemException(Problem.of(401, "Unauthorized", "wrong username or password"));
        }
        throttle.succeeded(account, address);
        SessionStore.Opened session = sessions.open(user.id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", view(user));
        answer.put("csrfToken", session.csrfToken());
        return new Response.Json(200, answer, Map.of("Set-Cookie", cookie(request, session.cookie(), sessions.ttl())));
    }

    Response logout(Request request) throws Exception {
        Auth.principal(request);
        Auth.cookie(request, Auth.SESSION_COOKIE).ifPresent(c -> {
            try {
                sessions.close(c);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Response.Empty(204, Map.of("Set-Cookie", cookie(request, "", Duration.ZERO)));
    }

    Response me(Request request) {
        Principal principal = Auth.principal(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", view(principal.user()));
        answer.put("authenticatedBy", principal.method().name().toLowerCase());
        if (principal.csrfToken() != null) {
            answer.put("csrfToken", principal.csrfToken());
        }
        return Response.ok(answer);
    }

    Response changePassword(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        PasswordChange body = request.bodyAs(PasswordChange.class);
        if (body.currentPassword() == null || !users.checkPassword(principal.user().id(), body.currentPassword())) {
            throw ProblemException.badRequest("currentPassword", "matches", "the current password is wrong");
        }
        try {
            users.setPassword(principal.user().id(), body.newPassword());
        } catch (UserStore.Rejected e) {
            throw ProblemException.badRequest(e.field(), "strength", e.getMessage());
        }
        sessions.closeAll(principal.user().id());
        return new Response.Empty(204, Map.of("Set-Cookie", cookie(request, "", Duration.ZERO)));
    }

    Response listTokens(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        List<TokenStore.TokenInfo> list = tokens.list(principal.user().id());
        return Response.ok(Map.of("items", list));
    }

    Response createToken(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        NewToken body = request.bodyAs(NewToken.class);
        try {
            TokenStore.Created created = tokens.create(principal.user().id(), body.name());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", created.token());
            answer.put("info", created.info());
            answer.put("note", "this is the only time the token is shown; store it now");
            return Response.json(201, answer);
        } catch (UserStore.Rejected e) {
            throw ProblemException.badRequest(e.field(), "length", e.getMessage());
        }
    }

    Response revokeToken(Request request) throws Exception {
        Principal principal = Auth.principal(request);
        if (!tokens.revoke(principal.user().id(), request.idParam("id"))) {
            throw ProblemException.notFound("no such token of yours: " + request.pathParam("id"));
        }
        return Response.empty(204);
    }

    /** How a user is shown to clients. */
    public static Map<String, Object> view(User user) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", user.id());
        v.put("username", user.username());
        v.put("role", user.role().db());
        v.put("disabled", user.disabled());
        v.put("createdAt", user.createdAt());
        return v;
    }

    private static String cookie(Request request, String value, Duration maxAge) {
        boolean secure = request.header("X-Forwarded-Proto").map(p -> p.equalsIgnoreCase("https")).orElse(false);
        return Auth.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAge.toSeconds()
                + (secure ? "; Secure" : "");
    }
}
