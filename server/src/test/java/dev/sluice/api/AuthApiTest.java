package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testing.HttpProbe;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what: tokens, browser sessions with CSRF, roles, throttled sign-in. */
class AuthApiTest {
    static ApiServer server;
    static HttpProbe http;

    @BeforeAll
    static void start() {
        server = new ApiServer();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theFirstAdminsPasswordIsInAFileOnlyItsOwnerCanRead() throws Exception {
        var file = server.dataDir.resolve("admin-password");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        HttpProbe.Reply login = http.post("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("user").path("role").asText()).isEqualTo("admin");
    }

    @Test
    void withoutCredentialsOrWithABadTokenTheApiAnswers401() {
        HttpProbe.Reply none = http.get("/api/v1/jobs");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(http.get("/api/v1/jobs", "Authorization", "Bearer slc_not-a-token").status()).isEqualTo(401);
        assertThat(http.get("/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void aBrowserSessionUsesAnHttpOnlyCookieAndStateChangesNeedTheCsrfToken() {
        HttpProbe.Reply login = http.post("/api/v1/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password-1\"}");
        assertThat(login.status()).isEqualTo(200);
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = login.json().path("csrfToken").asText();
        assertThat(csrf).isNotBlank();

        assertThat(http.get("/api/v1/auth/me", "Cookie", cookie).json().path("user").path("username").asText()).isEqualTo("alice");
        HttpProbe.Reply withoutCsrf = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", "Cookie", cookie);
        assertThat(withoutCsrf.status()).isEqualTo(403);
        HttpProbe.Reply wrongCsrf = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", "Cookie", cookie,
                "X-CSRF-Token", "guess");
        assertThat(wrongCsrf.status()).isEqualTo(403);
        HttpProbe.Reply withCsrf = http.post("/api/v1/jobs", "{\"type\":\"noop\",\"payload\":{}}", "Cookie", cookie,
                "X-CSRF-Token", csrf);
        assertThat(withCsrf.status()).isEqualTo(201);

        assertThat(http.post("/api/v1/auth/logout", "", "Cookie", cookie, "X-CSRF-Token", csrf).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/auth/me", "Cookie", cookie).status()).isEqualTo(401);
    }

    @Test
    void tokensAreShownOnceListedWithoutTheSecretAndRevocable() {
        HttpProbe.Reply created = http.post("/api/v1/tokens", "{\"name\":\"ci\"}", bearer(server.bobToken));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().path("token").asText();
        assertThat(token).startsWith("slc_");
        long tokenId = created.json().path("info").path("id").asLong();
        assertThat(http.get("/api/v1/auth/me", bearer(token)).status()).isEqualTo(200);
        String listing = http.get("/api/v1/tokens", bearer(server.bobToken)).body();
        assertThat(listing).contains("\"ci\"").doesNotContain(token);
        assertThat(http.method("DELETE", "/api/v1/tokens/" + tokenId, null, bearer(server.aliceToken)).status()).isEqualTo(404);
        assertThat(http.method("DELETE", "/api/v1/tokens/" + tokenId, null, bearer(server.bobToken)).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/auth/me", bearer(token)).status()).isEqualTo(401);
    }

    @Test
    void onlyAdminsSeeOperationsAndManageUsers() {
        assertThat(http.get("/api/v1/queues", bearer(server.aliceToken)).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/workers", bearer(server.aliceToken)).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/admin/users", bearer(server.aliceToken)).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/queues", bearer(server.adminToken)).status()).isEqualTo(200);
        JsonNode workers = http.get("/api/v1/workers", bearer(server.adminToken)).json();
        assertThat(workers.path("items").get(0).path("alive").asBoolean()).isTrue();

        HttpProbe.Reply created = http.post("/api/v1/admin/users", "{\"username\":\"carol\"}", bearer(server.adminToken));
        assertThat(created.status()).isEqualTo(201);
        String password = created.json().path("password").asText();
        long carol = created.json().path("user").path("id").asLong();
        assertThat(http.post("/api/v1/auth/login", "{\"username\":\"carol\",\"password\":\"" + password + "\"}").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/admin/users", "{\"username\":\"carol\"}", bearer(server.adminToken)).status()).isEqualTo(409);

        assertThat(http.method("PATCH", "/api/v1/admin/users/" + carol, "{\"disabled\":true}", bearer(server.adminToken))
                .json().path("disabled").asBoolean()).isTrue();
        assertThat(http.post("/api/v1/auth/login", "{\"username\":\"carol\",\"password\":\"" + password + "\"}").status()).isEqualTo(401);

        HttpProbe.Reply limits = http.method("PUT", "/api/v1/admin/users/" + carol + "/limits",
                "{\"submitPerMinute\":30,\"submitBurst\":5,\"maxRunning\":1}", bearer(server.adminToken));
        assertThat(limits.status()).isEqualTo(200);
        assertThat(limits.json().path("maxRunning").asInt()).isEqualTo(1);
        assertThat(http.method("PUT", "/api/v1/admin/users/" + carol + "/limits", "{\"maxRunning\":-1}",
                bearer(server.adminToken)).json().path("field").asText()).isEqualTo("maxRunning");
    }

    @Test
    void changingOnesPasswordChecksTheCurrentOneAndTheNewOnesStrength() {
        assertThat(http.post("/api/v1/auth/password", "{\"currentPassword\":\"wrong\",\"newPassword\":\"a-new-password\"}",
                bearer(server.bobToken)).json().path("field").asText()).isEqualTo("currentPassword");
        assertThat(http.post("/api/v1/auth/password", "{\"currentPassword\":\"bob-password-22\",\"newPassword\":\"short\"}",
                bearer(server.bobToken)).json().path("field").asText()).isEqualTo("newPassword");
        assertThat(http.post("/api/v1/auth/password", "{\"currentPassword\":\"bob-password-22\",\"newPassword\":\"bob-password-33\"}",
                bearer(server.bobToken)).status()).isEqualTo(204);
        assertThat(http.post("/api/v1/auth/login", "{\"username\":\"bob\",\"password\":\"bob-password-33\"}").status()).isEqualTo(200);
    }

    @Test
    void guessingIsThrottledForTheGuesserButNotForTheOwnerElsewhere() throws Exception {
        dev.sluice.auth.LoginThrottle throttle = new dev.sluice.auth.LoginThrottle(java.time.InstantSource.system());
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitFor("alice", "10.0.0.66")).isZero();
            throttle.failed("alice", "10.0.0.66");
        }
        assertThat(throttle.waitFor("alice", "10.0.0.66")).isPositive();
        assertThat(throttle.waitFor("alice", "192.168.1.7")).as("the owner at home").isZero();

        // over HTTP, every request comes from 127.0.0.1: the sixth wrong guess is refused with 429
        int refused = 0;
        for (int i = 0; i < 7; i++) {
            HttpProbe.Reply r = http.post("/api/v1/auth/login", "{\"username\":\"dave\",\"password\":\"nope-nope-nope\"}");
            if (r.status() == 429) {
                refused++;
                assertThat(r.header("Retry-After")).isNotNull();
            } else {
                assertThat(r.status()).isEqualTo(401);
            }
        }
        assertThat(refused).isPositive();
    }
}
