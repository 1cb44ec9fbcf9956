package dev.sluice.sandbox.runtimes;

import dev.sluice.sandbox.RuntimeInfo;
import java.util.List;
import java.util.stream.Collectors;

/** The runtimes discovered on this host, and the only way a request's language and version pick one. */
public final class Runtimes {
    private final List<InstalledRuntime> installed;

    public Runtimes(List<InstalledRuntime> installed) {
        this.installed = List.copyOf(installed);
    }

    public static Runtimes none() {
        return new Runtimes(List.of());
    }

    public List<InstalledRuntime> installed() {
        return installed;
    }

    public List<RuntimeInfo> infos() {
        return installed.stream().map(InstalledRuntime::info).toList();
    }

    /**
     * The runtime for {@code language} and {@code version} (null: the default; else exact, or a prefix
     * ending at a dot: "3.11" selects 3.11.2).
     *
     * @throws IllegalArgumentException when none was discovered; the message lists what there is
     */
    public InstalledRuntime select(String language, String version) {
        return installed.stream()
                .filter(r -> r.language().name().equals(language))
                .filter(r -> version == null ? r.isDefault() : Versions.matches(r.version(), version))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no runtime " + describe(language, version)
                        + " on this host; there are: " + installed.stream()
                                .map(r -> r.language().name() + " " + r.version()).collect(Collectors.joining(", "))));
    }

    private static String describe(String language, String version) {
        String shown = language.length() > 40 ? language.substring(0, 40) + "…" : language;
        return "'" + shown + "'" + (version == null ? "" : " version '" + version + "'");
    }
}
