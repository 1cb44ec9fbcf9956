package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** GNU Bash from the system; the program is a script file, not an interactive shell. */
final class Bash implements Language {
    private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+\\.\\d+)");

    @Override
    public String name() {
        return "bash";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public List<Path> candidates() {
        return List.of(Path.of("/bin/bash"), Path.of("/usr/bin/bash"));
    }

    @Override
    public List<String> versionArguments() {
        return List.of("--version");
    }

    @Override
    public Optional<String> parseVersion(String output) {
        return Versions.first(VERSION, output);
    }

    @Override
    public String sourceFileName() {
        return "main.sh";
    }

    @Override
    public List<String> command(Path executable, String sourcePath, Limits limits) {
        return List.of(executable.toString(), sourcePath);
    }

    @Override
    public String helloProgram() {
        return "echo ok\n";
    }

    @Override
    public String installHint() {
        return "apt-get install bash";
    }
}
