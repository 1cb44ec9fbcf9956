package dev.sluice.api;

import static dev.sluice.api.ApiServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.app.Main;
import dev.sluice.app.Role;
import dev.sluice.app.Sluice;
import dev.sluice.config.ApiOptions;
import dev.sluice.testing.HttpProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker JVM killed with SIGKILL in the middle of an execution: no sandbox process survives it,
 * and the execution is run again by another worker — never left running.
 */
class ExecutionCrashTest {
    static ApiServer server;
    static HttpProbe http;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = new ApiServer(Role.API, ApiOptions.DEFAULTS, List.of());
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Process worker(int port) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--role", "worker",
                "--port", Integer.toString(port), "--data", tmp.toString(), "--db-url", server.db.jdbcUrl(),
                "--db-user", server.db.user(), "--db-password", server.db.password(), "--lease", "3s",
                "--heartbeat", "500ms", "--poll-interval", "200ms", "--rescue-interval", "200ms")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("worker.log").toFile()).start();
    }

    @Test
    void aKilledWorkerLeavesNoSandboxProcessAndItsExecutionRunsAgainElsewhere() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process victim = worker(port);
        String marker = "crash-marker-" + ProcessHandle.current().pid() + "-" + port;
        long id;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/v1/runtimes", bearer(server.aliceToken)).json()
                    .path("runtimes").size() > 0);
            id = http.post("/api/v1/executions", "{\"language\":\"bash\",\"code\":\"echo started; exec -a " + marker
                    + " sleep 30\",\"limits\":{\"wallSeconds\":4}}", bearer(server.aliceToken)).json().path("id").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/executions/" + id, bearer(server.aliceToken))
                    .json().path("status").asText().equals("running") && sandboxed(marker));
        } finally {
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, mid-run
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !sandboxed(marker));

        Sluice rescuer = server.startOther(Role.WORKER);
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> !List.of("queued", "running").contains(
                    http.get("/api/v1/executions/" + id, bearer(server.aliceToken)).json().path("status").asText()));
            JsonNode done = http.get("/api/v1/executions/" + id, bearer(server.aliceToken)).json();
            assertThat(done.path("attempt").asInt()).isEqualTo(2);
            assertThat(done.path("status").asText()).isEqualTo("timed_out");
            assertThat(done.path("stdout").asText()).isEqualTo("started\n");
        } finally {
            server.stopOther(rescuer);
        }
    }

    /** Whether any process on the host carries the marker in its command line. */
    private static boolean sandboxed(String marker) {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    return cmdline.startsWith(marker);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }
}
