package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.RuntimeInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A language found on this host.
 *
 * @param executable the interpreter's real path (no symlinks), inside the system directories
 * @param readOnlyPaths host directories outside the system directories it needs, mounted read-only
 */
public record InstalledRuntime(Language language, String version, Path executable, List<Path> readOnlyPaths,
        boolean isDefault) {

    public InstalledRuntime {
        readOnlyPaths = List.copyOf(readOnlyPaths);
    }

    public RuntimeInfo info() {
        return new RuntimeInfo(language.name(), version, isDefault);
    }

    public String sourceFileName() {
        return language.sourceFileName();
    }

    public List<String> command(String sourcePath, Limits limits) {
        return language.command(executable, sourcePath, limits);
    }

    public Map<String, String> environment() {
        return language.environment();
    }
}
