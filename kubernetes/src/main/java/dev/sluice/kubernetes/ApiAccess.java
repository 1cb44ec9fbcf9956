package dev.sluice.kubernetes;

import java.nio.file.Path;

/**
 * How Sluice reaches the Kubernetes API: with a kubeconfig file (a developer machine, a worker outside the
 * cluster) or as a pod inside it, with its service account.
 */
public sealed interface ApiAccess {

    /** The service account of the pod Sluice runs in: its token, CA and the API service's address. */
    record InCluster() implements ApiAccess {}

    /**
     * @param file a kubeconfig file
     * @param context the context to use from it, or null for its current context
     */
    record Kubeconfig(Path file, String context) implements ApiAccess {
        public Kubeconfig {
            if (file == null) {
                throw new KubernetesConfigException("kubeconfig", "a file is required (or use in-cluster access)");
            }
            if (context != null && context.isBlank()) {
                context = null;
            }
        }
    }

    static ApiAccess inCluster() {
        return new InCluster();
    }

    static ApiAccess kubeconfig(Path file, String context) {
        return new Kubeconfig(file, context);
    }
}
