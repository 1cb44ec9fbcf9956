package dev.sluice.kubernetes;

import dev.sluice.SluiceException;

/** A Kubernetes executor setting is invalid; the message names the setting. */
public final class KubernetesConfigException extends SluiceException {
    private final String field;

    public KubernetesConfigException(String field, String problem) {
        super("kubernetes " + field + ": " + problem);
        this.field = field;
    }

    /** The setting at fault, e.g. {@code namespace} or {@code runtimes[python 3.12].image}. */
    public String field() {
        return field;
    }
}
