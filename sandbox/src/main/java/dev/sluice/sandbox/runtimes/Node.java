package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Node.js from the system ({@code /usr/bin/node}); the program is a CommonJS script. */
final class Node implements Language {
    private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d+\\.\\d+\\S*)");

    @Override
    public String name() {
        return "node";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public List<Path> candidates() {
        return List.of(Path.of("/usr/bin/node"), Path.of("/usr/bin/nodejs"));
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
        return "main.js";
    }

    @Override
    public List<String> command(Path executable, String sourcePath, Limits limits) {
        return List.of(executable.toString(), sourcePath);
    }

    @Override
    public String helloProgram() {
        return "console.log(\"ok\")\n";
    }

    @Override
    public String installHint() {
        return "apt-get install nodejs";
    }
}
