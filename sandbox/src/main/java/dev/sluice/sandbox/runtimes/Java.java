package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host's default JDK ({@code /usr/bin/java}, resolved through the alternatives link), running the
 * program in source-file mode ({@code java Main.java}). Only a JDK qualifies: source-file mode needs
 * the compiler. Inside the sandbox the JVM cannot see its cgroup, so its heap, thread count and
 * processor count are set from the limits rather than guessed from the host.
 */
final class Java implements Language {
    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");
    private static final long MIB = 1024 * 1024;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public List<Path> candidates() {
        return List.of(Path.of("/usr/bin/java"));
    }

    @Override
    public List<String> versionArguments() {
        return List.of("-version");
    }

    @Override
    public Optional<String> parseVersion(String output) {
        return Versions.first(VERSION, output);
    }

    @Override
    public String sourceFileName() {
        return "Main.java";
    }

    @Override
    public List<String> command(Path executable, String sourcePath, Limits limits) {
        long heapMib = Math.max(8, limits.memoryBytes() / 2 / MIB);
        int processors = (int) Math.max(1, Math.ceil(limits.cpus()));
        return List.of(executable.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Xshare:auto", "-Xmx" + heapMib + "m", "-XX:ActiveProcessorCount=" + processors, sourcePath);
    }

    /** Debian's JDKs link their configuration to /etc/java-N-openjdk; that directory is mounted too. */
    @Override
    public List<Path> readOnlyPaths(Path executable) {
        Path home = executable.getParent().getParent();
        TreeSet<Path> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(home, 3)) {
            files.filter(Files::isSymbolicLink).forEach(link -> {
                try {
                    Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                    if (target.getNameCount() >= 2 && target.startsWith("/etc")
                            && target.getName(1).toString().startsWith("java")) {
                        found.add(Path.of("/etc").resolve(target.getName(1)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JDK at " + home, e);
        }
        return List.copyOf(found);
    }

    @Override
    public Optional<String> unusable(Path executable) {
        Path javac = executable.resolveSibling("javac");
        return Files.isExecutable(javac) ? Optional.empty()
                : Optional.of("no javac beside " + executable + ": a JRE cannot run a source file");
    }

    @Override
    public String helloProgram() {
        return "class Main { public static void main(String[] args) { System.out.println(\"ok\"); } }\n";
    }

    @Override
    public String installHint() {
        return "apt-get install default-jdk-headless";
    }
}
