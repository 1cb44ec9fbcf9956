package dev.sluice.api;

import dev.sluice.auth.Auth;
import dev.sluice.auth.AuthRoutes;
import dev.sluice.auth.Passwords;
import dev.sluice.auth.SessionStore;
import dev.sluice.auth.User;
import dev.sluice.auth.UserRole;
import dev.sluice.auth.UserStore;
import dev.sluice.http.ProblemException;
import dev.sluice.http.Request;
import dev.sluice.http.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Administration: users (create, role, disable) and their limits. */
public final class AdminRoutes {
    private final UserStore users;
    private final SessionStore sessions;

    public AdminRoutes(UserStore users, SessionStore sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    public void register(Api api) {
        api.route("GET", "/api/v1/admin/users", this::list).tag("admin").summary("List users").response(200, "UserList").add();
        api.route("POST", "/api/v1/admin/users", this::create).tag("admin")
                .summary("Create a user (a password is generated and shown once when none is given)")
                .request("NewUser").response(201, "CreatedUser").add();
        api.route("PATCH", "/api/v1/admin/users/{id}", this::update).tag("admin")
                .summary("Change a user's role or disable them").request("UserChange").response(200, "User").add();
        api.route("GET", "/api/v1/admin/users/{id}/limits", this::limits).tag("admin")
                .summary("A user's limits (null: the server default)").response(200, "Limits").add();
        api.route("PUT", "/api/v1/admin/users/{id}/limits", this::setLimits).tag("admin")
                .summary("Set a user's submission rate, burst and running limit").request("Limits").response(200, "Limits").add();
    }

    record NewUser(String username, String role, String password) {}

    record UserChange(String role, Boolean disabled) {}

    record LimitsBody(Integer submitPerMinute, Integer submitBurst, Integer maxRunning) {}

    Response list(Request request) throws Exception {
        Auth.requireAdmin(request);
        return Response.ok(Map.of("items", users.list().stream().map(AuthRoutes::view).toList()));
    }

    Response create(Request request) throws Exception {
        Auth.requireAdmin(request);
        NewUser body = request.bodyAs(NewUser.class);
        UserRole role = role(body.role() == null ? "user" : body.role());
        boolean generated = body.password() == null;
        String password = generated ? Passwords.randomPassword() : body.password();
        try {
            User user = users.create(body.username(), role, password);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("user", AuthRoutes.view(user));
            if (generated) {
                answer.put("password", password);
                answer.put("note", "the generated password is shown only this once");
            }
            return Response.json(201, answer);
        } catch (UserStore.Rejected e) {
            throw new ProblemException(dev.sluice.http.Problem.invalid(e.field(), "valid", e.getMessage())
                    .withStatus(e.getMessage().contains("taken") ? 409 : 400));
        }
    }

    Response update(Request request) throws Exception {
        Auth.requireAdmin(request);
        long id = request.idParam("id");
        UserChange body = request.bodyAs(UserChange.class);
        UserRole role = body.role() == null ? null : role(body.role());
        if (!users.update(id, role, body.disabled())) {
            throw ProblemException.notFound("no such user: " + id);
        }
        if (Boolean.TRUE.equals(body.disabled())) {
            sessions.closeAll(id);
        }
        return Response.ok(AuthRoutes.view(users.find(id).orElseThrow()));
    }

    Response limits(Request request) throws Exception {
        Auth.requireAdmin(request);
        long id = existing(request);
        return Response.ok(users.limits(id));
    }

    Response setLimits(Request request) throws Exception {
        Auth.requireAdmin(request);
        long id = existing(request);
        LimitsBody body = request.bodyAs(LimitsBody.class);
        positive("submitPerMinute", body.submitPerMinute(), 1);
        positive("submitBurst", body.submitBurst(), 1);
        positive("maxRunning", body.maxRunning(), 0);
        UserStore.Limits limits = new UserStore.Limits(body.submitPerMinute(), body.submitBurst(), body.maxRunning());
        users.setLimits(id, limits);
        return Response.ok(users.limits(id));
    }

    private long existing(Request request) throws Exception {
        long id = request.idParam("id");
        users.find(id).orElseThrow(() -> ProblemException.notFound("no such user: " + id));
        return id;
    }

    private static void positive(String field, Integer value, int min) {
        if (value != null && (value < min || value > 1_000_000)) {
            throw ProblemException.badRequest(field, "range", field + " must be between " + min + " and 1000000, or null for the default");
        }
    }

    private static UserRole role(String value) {
        try {
            return UserRole.fromDb(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("role", "enum", "role must be admin or user");
        }
    }

}
