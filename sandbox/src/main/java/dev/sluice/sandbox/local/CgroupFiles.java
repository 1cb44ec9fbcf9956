package dev.sluice.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Reading and writing cgroup control files: small, bounded, never following a link. */
final class CgroupFiles {
    private static final int MAX_READ = 64 * 1024;

    private CgroupFiles() {
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(MAX_READ), StandardCharsets.US_ASCII);
        }
    }

    /** A file holding one number, or empty when it does not exist or says "max". */
    static OptionalLong readLong(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return OptionalLong.empty();
        }
        String text = read(file).strip();
        return text.isEmpty() || text.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    }

    /** The value of {@code key} in a "key value" per line file (memory.events, cpu.stat, memory.oom_control). */
    static OptionalLong readKeyed(Path file, String key) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return OptionalLong.empty();
        }
        for (String line : read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return OptionalLong.of(Long.parseLong(parts[1]));
            }
        }
        return OptionalLong.empty();
    }

    /** The pids listed in a cgroup.procs file; empty when the group is gone. */
    static List<Long> pids(Path procs) throws IOException {
        List<Long> pids = new ArrayList<>();
        if (!Files.exists(procs, LinkOption.NOFOLLOW_LINKS)) {
            return pids;
        }
        for (String line : read(procs).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }
}
