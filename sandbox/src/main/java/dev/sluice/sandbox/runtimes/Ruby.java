package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ruby from the system ({@code /usr/bin/ruby}), offered when installed. Output is flushed as written
 * (stdout to a pipe is otherwise block-buffered), and RubyGems is skipped: it looks for a home and
 * writable directories a sandboxed run does not have, and costs start-up time.
 */
final class Ruby implements Language {
    private static final Pattern VERSION = Pattern.compile("ruby (\\d+\\.\\d+\\.\\d+)");

    @Override
    public String name() {
        return "ruby";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public List<Path> candidates() {
        return List.of(Path.of("/usr/bin/ruby"));
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
        return "main.rb";
    }

    @Override
    public List<String> command(Path executable, String sourcePath, Limits limits) {
        return List.of(executable.toString(), "--disable-gems", "-e", "$stdout.sync = true; $stderr.sync = true; load ARGV.shift",
                sourcePath);
    }

    @Override
    public String helloProgram() {
        return "puts \"ok\"\n";
    }

    @Override
    public String installHint() {
        return "apt-get install ruby";
    }
}
