package dev.sluice.kubernetes.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;
import java.util.Optional;

/** The namespace label that makes the API server reject any pod that is not Pod Security "restricted". */
public final class PodSecurity {
    public static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    public static final String RESTRICTED = "restricted";

    private PodSecurity() {}

    /** What is wrong with the namespace's label, or empty when it enforces restricted. */
    public static Optional<String> problem(Namespace namespace) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        String level = labels == null ? null : labels.get(ENFORCE);
        if (RESTRICTED.equals(level)) {
            return Optional.empty();
        }
        return Optional.of("namespace " + namespace.getMetadata().getName() + " does not enforce Pod Security "
                + RESTRICTED + " (" + ENFORCE + (level == null ? " is not set)" : "=" + level + ")"));
    }

    public static String labelFix(String namespace) {
        return "kubectl label namespace " + namespace + " " + ENFORCE + "=" + RESTRICTED + " --overwrite";
    }
}
