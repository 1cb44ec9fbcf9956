package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How to find, ask and start the interpreter of one language. One small class per language. */
public interface Language {

    /** The name clients use: python, node, bash, ... */
    String name();

    /** Whether the sandbox refuses to be ready without it. */
    boolean required();

    /** Where to look, in order; the first one that exists wins. */
    List<Path> candidates();

    /** What to run after the executable to make it print its version. */
    List<String> versionArguments();

    /** The version in what {@link #versionArguments()} printed (stdout and stderr together). */
    Optional<String> parseVersion(String output);

    /** The file the program text is written to, e.g. {@code main.py}. */
    String sourceFileName();

    /**
     * The command that runs the program at {@code sourcePath} (inside the sandbox) under {@code limits};
     * the run's own arguments are appended after it.
     */
    List<String> command(Path executable, String sourcePath, Limits limits);

    /** A program that prints "ok" and a newline: the preflight runs it in the sandbox. */
    String helloProgram();

    /** Variables this language needs besides PATH, HOME and LANG. */
    default Map<String, String> environment() {
        return Map.of();
    }

    /** Host directories outside the system directories the interpreter reads (mounted read-only). */
    default List<Path> readOnlyPaths(Path executable) {
        return List.of();
    }

    /** Why the interpreter found at {@code executable} cannot run programs, if it cannot. */
    default Optional<String> unusable(Path executable) {
        return Optional.empty();
    }

    /** The command that installs it on Debian, for the preflight's fix. */
    String installHint();

    /** The languages Sluice knows; each is offered only when found on the host. */
    static List<Language> known() {
        return List.of(new Python(), new Node(), new Bash(), new Java(), new Ruby());
    }
}
