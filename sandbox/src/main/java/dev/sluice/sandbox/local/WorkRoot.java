package dev.sluice.sandbox.local;

import dev.sluice.sandbox.seccomp.SandboxSeccomp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The sandbox's own directory on the host, owned by root: the seccomp program, a minimal passwd and
 * group for inside the sandbox, and a directory per run. Sandboxed code never sees this directory
 * itself, only the run's code directory, bound read-only; the host only reads files here that it
 * wrote (or that bwrap wrote through a descriptor the launcher opened), never through a link.
 */
final class WorkRoot {
    /** The uid and gid a program sees for itself inside the sandbox, whatever its slot's host uid. */
    static final int INNER_ID = 1000;

    private final Path root;

    WorkRoot(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path seccompProgram() {
        return root.resolve("seccomp.bpf");
    }

    Path passwd() {
        return root.resolve("etc/passwd");
    }

    Path group() {
        return root.resolve("etc/group");
    }

    Path runs() {
        return root.resolve("runs");
    }

    /**
     * Creates the directory and its files afresh, removing what a crashed predecessor left. Only the
     * entries this class makes are ever deleted, so a work root pointed at a wrong place loses nothing
     * else.
     */
    void prepare() throws IOException {
        if (Files.isSymbolicLink(root)) {
            throw new IOException(root + " is a symbolic link; the work root must be a real directory");
        }
        clear();
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Files.createDirectory(runs(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        Files.createDirectory(root.resolve("etc"));
        Files.setPosixFilePermissions(root.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        writeFile(seccompProgram(), SandboxSeccomp.bytes(), "rw-------");
        writeFile(passwd(), ("sandbox:x:" + INNER_ID + ":" + INNER_ID + ":sandbox:/tmp:/usr/sbin/nologin\n")
                .getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
        writeFile(group(), ("sandbox:x:" + INNER_ID + ":\n").getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
    }

    /** Removes what {@link #prepare()} made, and the work root itself when that leaves it empty. */
    void clear() throws IOException {
        delete(runs());
        delete(root.resolve("etc"));
        Files.deleteIfExists(seccompProgram());
        try (var left = Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? Files.list(root) : java.util.stream.Stream.<Path>empty()) {
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && left.findAny().isEmpty()) {
                Files.delete(root);
            }
        }
    }

    static void writeFile(Path file, byte[] content, String permissions) throws IOException {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    /** Removes {@code path} and everything below it, never following a link. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
