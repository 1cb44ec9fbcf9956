package dev.sluice.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A run's directory on the host: {@code code/} with the program file (bound read-only into the
 * sandbox at {@link #MOUNT_POINT}) and beside it the bwrap status and the start marker, which the sandbox cannot see (they are written through descriptors the
 * launcher opened).
 */
final class RunDirectory implements AutoCloseable {
    /** Where the code directory appears inside the sandbox. */
    static final String MOUNT_POINT = "/code";
    private static final int MAX_STATUS = 4096;

    private final Path dir;
    private final String sourceFileName;

    private RunDirectory(Path dir, String sourceFileName) {
        this.dir = dir;
        this.sourceFileName = sourceFileName;
    }

    /**
     * Creates the directory (replacing a leftover of the same name) and writes the program into it,
     * readable by {@code ownerUid} (the run's slot uid) and root only: other host users cannot read
     * someone's code, and the program cannot change it (its mount is read-only).
     */
    static RunDirectory create(Path runs, String name, String sourceFileName, String code, int ownerUid) throws IOException {
        Path dir = runs.resolve(name);
        WorkRoot.delete(dir);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path codeDir = dir.resolve("code");
        Files.createDirectory(codeDir);
        Path source = codeDir.resolve(sourceFileName);
        WorkRoot.writeFile(source, code.getBytes(StandardCharsets.UTF_8), "r--------");
        Files.setAttribute(source, "unix:uid", ownerUid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(codeDir, "unix:uid", ownerUid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(codeDir, PosixFilePermissions.fromString("r-x------"));
        return new RunDirectory(dir, sourceFileName);
    }

    Path codeDirectory() {
        return dir.resolve("code");
    }

    /** The program's path as the sandbox sees it. */
    String sourcePathInside() {
        return MOUNT_POINT + "/" + sourceFileName;
    }

    Path statusFile() {
        return dir.resolve("status.json");
    }

    /** The start marker: one byte written inside the sandbox just before the program runs. */
    Path startedFile() {
        return dir.resolve("started");
    }

    /** Whether the sandbox got as far as running the program. */
    boolean programStarted() throws IOException {
        return Files.isRegularFile(startedFile(), LinkOption.NOFOLLOW_LINKS) && Files.size(startedFile()) > 0;
    }

    /** What bwrap wrote to its status descriptor, at most 4 KiB; empty when it wrote nothing. */
    String readStatus() throws IOException {
        if (!Files.exists(statusFile(), LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(statusFile(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(MAX_STATUS), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        WorkRoot.delete(dir);
    }
}
