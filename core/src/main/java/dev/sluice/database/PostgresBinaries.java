package dev.sluice.database;

import dev.sluice.SluiceException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries shipped on the classpath (one platform only), unpacked once into a
 * cache directory named after their content hash. Unpacking goes to a temporary directory that is
 * renamed into place, under a file lock, so concurrent processes and a crash mid-way never leave a
 * half-unpacked tree behind.
 */
final class PostgresBinaries {
    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String RESOURCE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {}

    /** The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacked if needed. */
    static Path unpacked() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")
                || !System.getProperty("os.arch", "").matches("amd64|x86_64")) {
            throw new SluiceException(
                    "the embedded PostgreSQL ships for Linux x86_64 only, this is "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    "use an external PostgreSQL with --db-url jdbc:postgresql://host/db");
        }
        String hash = contentHash();
        Path cacheRoot = cacheRoot();
        Path target = cacheRoot.resolve("postgres-" + hash);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Files.createDirectories(cacheRoot);
            try (FileChannel lockChannel = FileChannel.open(cacheRoot.resolve("postgres-" + hash + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var ignored = lockChannel.lock()) {
                if (Files.isExecutable(target.resolve("bin/postgres"))) {
                    return target;
                }
                long begin = System.nanoTime();
                Path staging = Files.createTempDirectory(cacheRoot, "postgres-unpacking-");
                unpackInto(staging);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    deleteTree(staging);
                    throw e;
                }
                log.info("unpacked PostgreSQL binaries into {} in {} ms", target, (System.nanoTime() - begin) / 1_000_000);
                return target;
            }
        } catch (IOException e) {
            throw new SluiceException("cannot unpack the PostgreSQL binaries into " + cacheRoot + ": " + e.getMessage(),
                    "make it writable or set XDG_CACHE_HOME to a writable directory", e);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "sluice");
        }
        Path home = Path.of(System.getProperty("user.home", "/tmp"));
        if (Files.isWritable(home)) {
            return home.resolve(".cache/sluice");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "sluice-cache");
    }

    private static InputStream open() {
        InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new SluiceException("the PostgreSQL binaries (" + RESOURCE + ") are not on the classpath",
                    "rebuild Sluice with ./sluice build, or use --db-url");
        }
        return new BufferedInputStream(in, 1 << 16);
    }

    /**
     * A key for the archive without reading its 15 MB: where it comes from (the jar names the
     * PostgreSQL version) and its size. A changed archive gets a new directory.
     */
    private static String contentHash() {
        java.net.URL url = PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            open(); // throws the explanation
        }
        try {
            long size = url.openConnection().getContentLengthLong();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String source = url.toExternalForm();
            int bang = source.indexOf("!/");
            String jarName = (bang < 0 ? source : source.substring(0, bang)).replaceAll(".*/", "");
            digest.update((jarName + "#" + size).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unpackInto(Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(open()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
