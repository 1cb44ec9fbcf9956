package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CPython from the system ({@code /usr/bin/python3}). Runs unbuffered (-u) so output streams live,
 * isolated from the environment and the user site (-I), and without writing bytecode (-B).
 */
final class Python implements Language {
    private static final Pattern VERSION = Pattern.compile("Python (\\d+\\.\\d+\\.\\d+\\S*)");

    @Override
    public String name() {
        return "python";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public List<Path> candidates() {
        return List.of(Path.of("/usr/bin/python3"));
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
        return "main.py";
    }

    @Override
    public List<String> command(Path executable, String sourcePath, Limits limits) {
        return List.of(executable.toString(), "-u", "-I", "-B", sourcePath);
    }

    @Override
    public String helloProgram() {
        return "print(\"ok\")\n";
    }

    @Override
    public String installHint() {
        return "apt-get install python3";
    }
}
