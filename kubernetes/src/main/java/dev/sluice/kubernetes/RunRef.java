package dev.sluice.kubernetes;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which execution and which attempt of it a run is. The engine names runs {@code <execution>-a<attempt>}
 * (e.g. {@code exec-42-a1} is attempt 1 of {@code exec-42}); {@link #of(String)} reads that back, and
 * {@link #runId()} writes it. Pods carry both parts as labels, which is how the reconciler fences off older
 * attempts.
 *
 * @param execution the execution id as it appears in run ids, e.g. {@code exec-42}
 * @param attempt the attempt number, 0 when the run id names no attempt
 */
public record RunRef(String execution, int attempt) {
    private static final Pattern WITH_ATTEMPT = Pattern.compile("([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-a([0-9]{1,9})");
    private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public RunRef {
        Objects.requireNonNull(execution, "execution");
        if (!LABEL_VALUE.matcher(execution).matches()) {
            throw new IllegalArgumentException("execution must be a label value of [a-z0-9-], at most 63 characters, "
                    + "starting and ending with a letter or digit: '" + execution + "'");
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
    }

    /**
     * Reads a run id: {@code exec-42-a3} is attempt 3 of {@code exec-42}; an id without an {@code -a<n>}
     * suffix is attempt 0 of an execution of that name.
     *
     * @throws IllegalArgumentException when the id cannot name Kubernetes objects (e.g. it ends with '-')
     */
    public static RunRef of(String runId) {
        Matcher m = WITH_ATTEMPT.matcher(runId);
        if (m.matches()) {
            return new RunRef(m.group(1), Integer.parseInt(m.group(2)));
        }
        return new RunRef(runId, 0);
    }

    /** The engine's run id for this attempt: {@code of(id).runId()} is {@code id} for every id of that form. */
    public String runId() {
        return execution + "-a" + attempt;
    }
}
