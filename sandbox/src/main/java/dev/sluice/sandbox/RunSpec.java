package dev.sluice.sandbox;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One program to run.
 *
 * @param runId unique per attempt (e.g. {@code exec-42-a1}); names cgroups, pods and logs, so it is
 *     restricted to {@code [a-z0-9-]}
 * @param language a language name from {@link CodeRunner#runtimes()}, e.g. {@code python}
 * @param version a version of that language, or null for its default
 * @param code the program text
 * @param stdin what the program reads on standard input (empty when null)
 * @param args command-line arguments passed to the program
 */
public record RunSpec(String runId, String language, String version, String code, String stdin, List<String> args,
        Limits limits) {
    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public RunSpec {
        Objects.requireNonNull(runId, "runId");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId must match " + RUN_ID.pattern() + ": " + runId);
        }
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(code, "code");
        stdin = stdin == null ? "" : stdin;
        args = args == null ? List.of() : List.copyOf(args);
        Objects.requireNonNull(limits, "limits");
    }
}
