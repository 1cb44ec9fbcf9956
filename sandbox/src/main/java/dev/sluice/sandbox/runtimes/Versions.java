package dev.sluice.sandbox.runtimes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picking a version out of what an interpreter printed. */
final class Versions {
    private Versions() {
    }

    static Optional<String> first(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether {@code requested} names {@code version}: equal, or a prefix ending at a dot ("3.11" names "3.11.2"). */
    static boolean matches(String version, String requested) {
        return version.equals(requested)
                || (version.startsWith(requested) && version.charAt(requested.length()) == '.');
    }
}
