package dev.sluice.sandbox.local;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.runtimes.InstalledRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bubblewrap command line for one run: every namespace new (network included, so only a
 * loopback nobody listens on), no way to make more user namespaces, dies with its parent, a new
 * session (no terminal to inject into), no capabilities; read-only system directories, a passwd of
 * one user, the run's code read-only at /code, a size-limited tmpfs /tmp and /dev/shm of its own,
 * a private /proc and a minimal /dev; an emptied environment; the seccomp program on fd 3 and the
 * status on fd 4 (both opened by the launcher); the root and /dev remounted read-only, so /tmp and
 * /dev/shm are the only places a program can write.
 */
final class BwrapArguments {
    static final int SECCOMP_FD = 3;
    static final int STATUS_FD = 4;
    /** Where the start marker goes: the shim writes one byte to it, closes it, then execs the program. */
    static final int STARTED_FD = 5;
    /**
     * The first thing run inside the sandbox, before the program: it proves that bwrap finished setting
     * up (bwrap's own failures exit 1 just like a program could), and closes the marker so the program
     * only ever has fds 0-2.
     */
    static final String SHIM = "printf x >&" + STARTED_FD + " && exec " + STARTED_FD + ">&- && exec \"$@\"";
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "HOME", "/tmp",
            "LANG", "C.UTF-8");
    private static final List<Path> HOST_ETC_FILES = List.of(Path.of("/etc/ld.so.cache"));

    private BwrapArguments() {
    }

    static List<String> build(Path bwrap, Path shell, SystemDirectories system, WorkRoot work, InstalledRuntime runtime,
            RunDirectory run, Limits limits, List<String> programArgs) {
        List<String> a = new ArrayList<>();
        a.add(bwrap.toString());
        a.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL", "--uid", String.valueOf(WorkRoot.INNER_ID), "--gid", String.valueOf(WorkRoot.INNER_ID),
                "--hostname", "sandbox"));
        for (Path dir : system.directories()) {
            a.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
        for (SystemDirectories.Link link : system.links()) {
            a.addAll(List.of("--symlink", link.target().toString(), link.path().toString()));
        }
        for (Path extra : runtime.readOnlyPaths()) {
            a.addAll(List.of("--ro-bind", extra.toString(), extra.toString()));
        }
        a.addAll(List.of("--ro-bind", work.passwd().toString(), "/etc/passwd",
                "--ro-bind", work.group().toString(), "/etc/group"));
        for (Path file : HOST_ETC_FILES) {
            if (Files.isRegularFile(file)) {
                a.addAll(List.of("--ro-bind", file.toString(), file.toString()));
            }
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", String.valueOf(limits.tmpBytes()), "--tmpfs", "/tmp",
                "--size", String.valueOf(limits.tmpBytes()), "--tmpfs", "/dev/shm",
                "--ro-bind", run.codeDirectory().toString(), RunDirectory.MOUNT_POINT,
                "--chdir", "/tmp",
                "--clearenv"));
        Map<String, String> env = new TreeMap<>(ENVIRONMENT);
        env.putAll(runtime.environment());
        env.forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
        a.addAll(List.of("--seccomp", String.valueOf(SECCOMP_FD), "--json-status-fd", String.valueOf(STATUS_FD),
                "--remount-ro", "/dev", "--remount-ro", "/", "--"));
        a.addAll(List.of(shell.toString(), "-c", SHIM, "sluice-run"));
        a.addAll(runtime.command(run.sourcePathInside(), limits));
        a.addAll(programArgs);
        return a;
    }
}
