package dev.sluice.database;

import dev.sluice.SluiceException;
import dev.sluice.lifecycle.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, with its cluster under
 * {@code <data>/postgres}. Durable by default (fsync and synchronous_commit on); listens on
 * 127.0.0.1 only, with a generated password kept in {@code <data>/postgres-password} (mode 0600).
 *
 * <p>The server is started with {@code pg_ctl}, which detaches it into its own session, so a Ctrl-C
 * on the terminal reaches Sluice (which drains its workers first) and not the database. The price is
 * that a {@code kill -9} of Sluice leaves the server running: {@link #start()} finds such a leftover
 * through {@code postmaster.pid} and stops it before starting afresh.
 *
 * <p>One process owns a data directory at a time, enforced by a lock on {@code <data>/sluice.lock}.
 */
public final class EmbeddedPostgres implements Service {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    static final String SUPERUSER = "sluice";
    static final String DATABASE = "sluice";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final Path clusterDir;
    private final boolean durable;

    private FileChannel lockChannel;
    private FileLock lock;
    private Path binaries;
    private int port;
    private String password;
    private boolean running;

    /**
     * @param dataDir Sluice's data directory; the cluster lives in its {@code postgres} subdirectory
     * @param durable fsync and synchronous_commit on; only throwaway test clusters turn this off
     */
    public EmbeddedPostgres(Path dataDir, boolean durable) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.clusterDir = this.dataDir.resolve("postgres");
        this.durable = durable;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        boolean createdDataDir = !Files.exists(dataDir);
        boolean createdCluster = false;
        try {
            prepareDataDir();
            lockDataDir();
            binaries = PostgresBinaries.unpacked();
            stopLeftoverServer();
            if (!Files.exists(clusterDir.resolve("PG_VERSION"))) {
                createdCluster = true;
                initdb();
            }
            password = Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
            startServer();
            running = true;
            if (createdCluster) {
                createDatabase();
            }
        } catch (RuntimeException | IOException e) {
            stop();
            if (createdCluster) {
                removeHalfCreated(createdDataDir ? dataDir : clusterDir);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new SluiceException("cannot start the embedded PostgreSQL in " + clusterDir + ": " + e.getMessage(),
                    "see " + logFile(), e);
        }
    }

    @Override
    public synchronized void stop() {
        try {
            if (running) {
                stopServer();
                running = false;
            }
        } finally {
            releaseLock();
        }
    }

    /** Where to reach an embedded PostgreSQL that another process runs on this data directory. */
    public record Running(String jdbcUrl, String user, String password, long pid) {}

    /**
     * The embedded PostgreSQL of a Sluice running on {@code dataDir}, if one is up: read from its
     * {@code postmaster.pid} (the port) and the password file. Lets operator commands ({@code doctor},
     * {@code token create}) work next to a running server.
     */
    public static Optional<Running> running(Path dataDir) {
        Path cluster = dataDir.toAbsolutePath().normalize().resolve("postgres");
        List<String> lines = postmasterLines(cluster);
        OptionalLong pid = postmasterPid(cluster);
        if (pid.isEmpty() || lines.size() < 4 || !isRunning(pid.getAsLong())) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(lines.get(3).strip());
            String password = Files.readString(dataDir.toAbsolutePath().normalize().resolve("postgres-password")).strip();
            return Optional.of(new Running("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, SUPERUSER, password,
                    pid.getAsLong()));
        } catch (NumberFormatException | IOException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path clusterDir() {
        return clusterDir;
    }

    /** The server's version as reported by the binaries, e.g. "17.6". */
    public String version() {
        try {
            return Files.readString(clusterDir.resolve("PG_VERSION")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void prepareDataDir() {
        try {
            Files.createDirectories(dataDir);
        } catch (FileSystemException e) {
            throw new SluiceException("data directory " + dataDir + " cannot be created: " + reason(e),
                    "choose another with --data DIR, or fix the path");
        } catch (IOException e) {
            throw new SluiceException("data directory " + dataDir + " cannot be created: " + e.getMessage(),
                    "choose another with --data DIR");
        }
        Path probe = dataDir.resolve(".write-probe");
        try {
            Files.writeString(probe, "ok");
            Files.delete(probe);
        } catch (IOException e) {
            throw new SluiceException("data directory " + dataDir + " is not writable: " + reason(e),
                    "fix its permissions or choose another with --data DIR");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private void lockDataDir() throws IOException {
        Path lockFile = dataDir.resolve("sluice.lock");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            String holder = Files.readString(lockFile).strip();
            lockChannel.close();
            lockChannel = null;
            throw new SluiceException("data directory " + dataDir + " is in use by another Sluice process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")"),
                    "stop that process first, or choose another directory with --data DIR");
        }
        lockChannel.truncate(0);
        lockChannel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        lockChannel.force(false);
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            log.warn("could not release {}: {}", dataDir.resolve("sluice.lock"), e.toString());
        } finally {
            lock = null;
            lockChannel = null;
        }
    }

    /**
     * A server still running on our cluster while we hold the data directory lock was left behind by
     * a Sluice that died without stopping it (kill -9, power to the JVM cut). Stop it cleanly.
     */
    private void stopLeftoverServer() {
        OptionalLong pid = postmasterPid(clusterDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong()).filter(p -> isRunning(p.pid()));
        if (process.isEmpty() || !isPostgresFor(process.get())) {
            return; // a stale pid file; postgres itself ignores it on start
        }
        log.warn("found PostgreSQL (pid {}) left running on {} by a Sluice that did not shut down; stopping it",
                pid.getAsLong(), clusterDir);
        shutDown(process.get());
    }

    private boolean isPostgresFor(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            return cmdline.contains("postgres") && cmdline.contains(clusterDir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** The postmaster's pid from {@code postmaster.pid}, if the file exists and is well formed. */
    static OptionalLong postmasterPid(Path clusterDir) {
        List<String> lines = postmasterLines(clusterDir);
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static List<String> postmasterLines(Path clusterDir) {
        try {
            return Files.readAllLines(clusterDir.resolve("postmaster.pid"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private void initdb() throws IOException {
        long begin = System.nanoTime();
        Files.createDirectories(clusterDir);
        Files.setPosixFilePermissions(clusterDir, PosixFilePermissions.fromString("rwx------"));
        Path passwordFile = passwordFile();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");

        List<String> command = new ArrayList<>(List.of(bin("initdb"), "-D", clusterDir.toString(),
                "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile));
        if (!durable) {
            command.add("--no-sync");
        }
        run(command, Duration.ofSeconds(60), "initdb");
        log.info("created a PostgreSQL cluster in {} in {} ms", clusterDir, (System.nanoTime() - begin) / 1_000_000);
    }

    private void startServer() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            String options = String.join(" ",
                    "-p", Integer.toString(port),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=''",
                    "-c", "fsync=" + onOff(durable),
                    "-c", "synchronous_commit=" + onOff(durable),
                    "-c", "full_page_writes=" + onOff(durable),
                    "-c", "max_connections=200",
                    "-c", "logging_collector=off");
            try {
                run(List.of(bin("pg_ctl"), "-D", clusterDir.toString(), "-l", logFile().toString(),
                        "-o", options, "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"),
                        START_TIMEOUT.plusSeconds(5), "pg_ctl start");
                return;
            } catch (IOException e) {
                last = e;
                if (!tail(logFile()).contains("could not bind")) {
                    break;
                }
            }
        }
        throw new IOException((last == null ? "" : last.getMessage()) + "; last log lines: " + tail(logFile()));
    }

    private void createDatabase() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password)) {
            c.createStatement().execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new SluiceException("cannot create the database in the embedded PostgreSQL: " + e.getMessage(),
                    "see " + logFile(), e);
        }
    }

    private void stopServer() {
        OptionalLong pid = postmasterPid(clusterDir);
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(pid.getAsLong()).filter(p -> isRunning(p.pid())).ifPresent(this::shutDown);
    }

    /** Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL, each with a bounded wait. */
    private void shutDown(ProcessHandle postmaster) {
        long begin = System.nanoTime();
        String[][] steps = {{"INT", "fast shutdown"}, {"QUIT", "immediate shutdown"}, {"KILL", "kill"}};
        for (String[] step : steps) {
            signal(postmaster.pid(), step[0]);
            Duration wait = step[0].equals("INT") ? STOP_TIMEOUT : Duration.ofSeconds(5);
            if (awaitExit(postmaster, wait)) {
                log.info("stopped PostgreSQL (pid {}, {}) in {} ms", postmaster.pid(), step[1],
                        (System.nanoTime() - begin) / 1_000_000);
                return;
            }
            log.warn("PostgreSQL (pid {}) did not stop after {}; escalating", postmaster.pid(), step[1]);
        }
    }

    /**
     * The postmaster is not our child (pg_ctl detached it), so there is no exit event to wait on;
     * poll its liveness with a short, growing interval.
     */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 5;
        while (isRunning(process.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process.pid());
            }
            pauseMs = Math.min(pauseMs * 2, 100);
        }
        return true;
    }

    /**
     * Whether a process exists and has not exited. An exited postmaster stays a zombie until init
     * reaps it, which can take a second or more; a zombie counts as stopped.
     */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("could not signal PostgreSQL (pid {}): {}", pid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a failed first start nothing is left behind: the next start begins from scratch. */
    private void removeHalfCreated(Path root) {
        try {
            OptionalLong pid = postmasterPid(clusterDir);
            if (pid.isEmpty() || !isRunning(pid.getAsLong())) {
                PostgresBinaries.deleteTree(root);
                Files.deleteIfExists(passwordFile());
            }
        } catch (IOException e) {
            log.warn("could not remove the half-created {}: {}", root, e.toString());
        }
    }

    /**
     * Runs a PostgreSQL tool. PostgreSQL refuses to run as root; as root we start it inside a new
     * user namespace ({@code unshare -U}) where it is not root, and the files it writes still belong
     * to the invoking user.
     */
    private void run(List<String> command, Duration timeout, String what) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("unshare", "-U"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("sluice-" + what.replace(' ', '-'), ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output).strip().replace('\n', ' '));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean isRoot() {
        try {
            return "0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private String bin(String tool) {
        return binaries.resolve("bin").resolve(tool).toString();
    }

    private Path passwordFile() {
        return dataDir.resolve("postgres-password");
    }

    private Path logFile() {
        return dataDir.resolve("postgres.log");
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
