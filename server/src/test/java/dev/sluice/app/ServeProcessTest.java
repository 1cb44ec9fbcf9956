package dev.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testing.HttpProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} as a real process on its embedded PostgreSQL: killed with SIGKILL it leaves
 * its database running, and the next start stops that leftover and comes up on the same data;
 * SIGTERM stops everything, the database included.
 */
class ServeProcessTest {

    @TempDir
    Path tmp;

    @Test
    void survivesKillDashNineAndStopsCleanlyOnSigterm() throws Exception {
        Path data = tmp.resolve("data");
        int port = freePort();
        HttpProbe http = new HttpProbe(port);

        Process first = serve(data, port, tmp.resolve("first.log"));
        awaitReady(http, first, Duration.ofSeconds(60));
        try (Connection c = connect(data)) {
            c.createStatement().execute("CREATE TABLE public.kept (v text); INSERT INTO public.kept VALUES ('before the crash')");
        }
        long leftoverPid = postmasterPid(data);

        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(isRunning(leftoverPid)).as("the embedded PostgreSQL outlives a SIGKILLed Sluice").isTrue();

        Process second = serve(data, port, tmp.resolve("second.log"));
        long begin = System.nanoTime();
        awaitReady(http, second, Duration.ofSeconds(15));
        long restartMs = (System.nanoTime() - begin) / 1_000_000;
        assertThat(isRunning(leftoverPid)).as("the leftover PostgreSQL was stopped").isFalse();
        assertThat(Files.readString(tmp.resolve("second.log"))).contains("left running").contains("stopping it");
        try (Connection c = connect(data); ResultSet rs = c.createStatement().executeQuery("SELECT v FROM public.kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("before the crash");
        }
        assertThat(restartMs).as("restart after a crash").isLessThan(15_000);

        // an operator next to the running server mints a token from its data directory
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.sluice.cli.Cli.run(new String[] {"token", "create", "--user", "admin", "--data", data.toString()},
                java.util.Map.of(), new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        String token = lines[lines.length - 1];
        assertThat(http.get("/api/v1/auth/me", "Authorization", "Bearer " + token).json().path("user").path("username")
                .asText()).isEqualTo("admin");

        long postmaster = postmasterPid(data);
        second.destroy(); // SIGTERM
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("second.log"));
        assertThat(log).contains("shutting down").contains("stopped PostgreSQL").contains("stopped in");
        assertThat(isRunning(postmaster)).isFalse();
        assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(http.answers()).isFalse();
    }

    private static Process serve(Path data, int port, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--data", data.toString(), "--port", Integer.toString(port));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(HttpProbe http, Process process, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(process.isAlive()).as("sluice serve exited early").isTrue();
            try {
                return http.get("/health/ready").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static Connection connect(Path data) throws Exception {
        List<String> pid = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
        String password = Files.readString(data.resolve("postgres-password")).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/sluice", "sluice", password);
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
    }

    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
