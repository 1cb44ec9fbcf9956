package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Preflight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds each known language on the host: the first candidate path that exists, resolved to its real
 * file, asked for its version. Every language yields one preflight check; a missing optional one is
 * fine, a missing required one names the package to install.
 */
public final class RuntimeDiscovery {
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    /** What was found, and a check per language. */
    public record Result(Runtimes runtimes, List<Preflight.Check> checks) {
        public Result {
            checks = List.copyOf(checks);
        }
    }

    private final List<Language> languages;
    private final List<Path> systemDirectories;

    /**
     * @param systemDirectories where an interpreter's real file may live: the directories the sandbox
     *     mounts read-only (an interpreter elsewhere would not exist inside it)
     */
    public RuntimeDiscovery(List<Language> languages, List<Path> systemDirectories) {
        this.languages = List.copyOf(languages);
        this.systemDirectories = List.copyOf(systemDirectories);
    }

    public Result discover() throws InterruptedException {
        List<InstalledRuntime> found = new ArrayList<>();
        List<Preflight.Check> checks = new ArrayList<>();
        for (Language language : languages) {
            String name = "runtime " + language.name();
            try {
                Optional<InstalledRuntime> runtime = probe(language, checks, name);
                runtime.ifPresent(found::add);
            } catch (IOException | UncheckedIOException e) {
                checks.add(failed(language, name, "could not be asked for its version: " + e.getMessage()));
            }
        }
        return new Result(new Runtimes(found), checks);
    }

    private Optional<InstalledRuntime> probe(Language language, List<Preflight.Check> checks, String name)
            throws IOException, InterruptedException {
        Optional<Path> candidate = language.candidates().stream().filter(Files::isExecutable).findFirst();
        if (candidate.isEmpty()) {
            checks.add(language.required()
                    ? failed(language, name, "not installed (looked for " + language.candidates() + ")")
                    : new Preflight.Check(name, true, "not installed; optional", null));
            return Optional.empty();
        }
        Path executable = candidate.get().toRealPath();
        if (systemDirectories.stream().noneMatch(executable::startsWith)) {
            checks.add(failed(language, name, candidate.get() + " is " + executable
                    + ", outside the directories the sandbox mounts " + systemDirectories));
            return Optional.empty();
        }
        Optional<String> unusable = language.unusable(executable);
        if (unusable.isPresent()) {
            checks.add(failed(language, name, unusable.get()));
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(language.versionArguments());
        HostCommand.Result answer = HostCommand.run(command, VERSION_TIMEOUT);
        Optional<String> version = answer.ok() ? language.parseVersion(answer.output()) : Optional.empty();
        if (version.isEmpty()) {
            checks.add(failed(language, name, executable + " " + String.join(" ", language.versionArguments())
                    + " answered " + answer.exitCode() + ": " + answer.output().strip()));
            return Optional.empty();
        }
        checks.add(new Preflight.Check(name, true, version.get() + " at " + executable, null));
        return Optional.of(new InstalledRuntime(language, version.get(), executable,
                language.readOnlyPaths(executable), true));
    }

    private static Preflight.Check failed(Language language, String name, String detail) {
        return new Preflight.Check(name, !language.required(), detail, language.required() ? language.installHint() : null);
    }
}
