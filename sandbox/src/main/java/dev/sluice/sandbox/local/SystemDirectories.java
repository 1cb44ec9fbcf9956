package dev.sluice.sandbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's system directories as the sandbox shows them: real directories bound read-only, and the
 * merged-/usr links (/bin → usr/bin on Debian 12) recreated as the same links.
 */
record SystemDirectories(List<Path> directories, List<Link> links) {
    static final List<Path> CANDIDATES = List.of(Path.of("/usr"), Path.of("/bin"), Path.of("/sbin"), Path.of("/lib"),
            Path.of("/lib32"), Path.of("/lib64"), Path.of("/libx32"));

    record Link(Path path, Path target) {}

    SystemDirectories {
        directories = List.copyOf(directories);
        links = List.copyOf(links);
    }

    static SystemDirectories ofHost() {
        List<Path> directories = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (Path candidate : CANDIDATES) {
            try {
                if (Files.isSymbolicLink(candidate)) {
                    links.add(new Link(candidate, Files.readSymbolicLink(candidate)));
                } else if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    directories.add(candidate);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + candidate, e);
            }
        }
        return new SystemDirectories(directories, links);
    }
}
