package dev.sluice.kubernetes.pod;

import dev.sluice.kubernetes.RunRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels on everything Sluice creates for a run, and how to read a run back from them. The reconciler
 * and the default-deny NetworkPolicy find execution pods by {@link #MANAGED_BY}; fencing uses
 * {@link #EXECUTION} and {@link #ATTEMPT}.
 */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "sluice";
    public static final String RUN_ID = "sluice.dev/run-id";
    public static final String EXECUTION = "sluice.dev/execution";
    public static final String ATTEMPT = "sluice.dev/attempt";
    public static final String LANGUAGE = "sluice.dev/language";
    /** An annotation unique to one creation of a pod, so events of an earlier pod of the same name are ignored. */
    public static final String NONCE = "sluice.dev/nonce";

    /** The one container of an execution pod. */
    public static final String CONTAINER = "run";

    private Labels() {}

    /** Pods and their ConfigMaps are named after the run. */
    public static String objectName(String runId) {
        return "sluice-" + runId;
    }

    public static Map<String, String> forRun(String runId, RunRef ref, String language) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(RUN_ID, runId);
        labels.put(EXECUTION, ref.execution());
        labels.put(ATTEMPT, Integer.toString(ref.attempt()));
        labels.put(LANGUAGE, language);
        return labels;
    }

    /** The run an object belongs to, or empty when its labels do not say (such an object is an orphan). */
    public static Optional<RunRef> runOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(EXECUTION) || !labels.containsKey(ATTEMPT)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunRef(labels.get(EXECUTION), Integer.parseInt(labels.get(ATTEMPT))));
        } catch (IllegalArgumentException badLabel) {
            return Optional.empty();
        }
    }
}
