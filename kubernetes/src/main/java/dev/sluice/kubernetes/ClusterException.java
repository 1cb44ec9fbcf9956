package dev.sluice.kubernetes;

import dev.sluice.sandbox.SandboxException;
import java.util.Optional;

/**
 * The cluster could not do what a run or the executor's start needed: the API is unreachable, a permission
 * is missing, the namespace is not set up. A {@link SandboxException}, so the caller may retry a run; the
 * message names the problem and {@link #fix()} what to do.
 */
public final class ClusterException extends SandboxException {
    private final String fixText;

    public ClusterException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fixText = fix;
    }

    @Override
    public Optional<String> fix() {
        return Optional.ofNullable(fixText);
    }

    @Override
    public String oneLine() {
        return fixText == null ? getMessage() : getMessage() + " — " + fixText;
    }
}
