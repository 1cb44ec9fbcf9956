package dev.sluice.sandbox.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host programs the launcher chains, each at a fixed absolute path (never looked up on PATH).
 *
 * @param shell joins the cgroup and opens the seccomp and status files, then execs the rest
 * @param prlimit sets the rlimits (explicit units, unlike a shell's ulimit)
 * @param setpriv drops to the slot's uid and gid, clears groups, sets no_new_privs
 * @param bwrap builds the namespaces, mounts and seccomp filter, and runs the program
 */
record HostTools(Path shell, Path prlimit, Path setpriv, Path bwrap) {

    static Optional<Path> find(String name) {
        return List.of(Path.of("/usr/bin", name), Path.of("/bin", name), Path.of("/usr/local/bin", name)).stream()
                .filter(Files::isExecutable).findFirst();
    }
}
